"""Incident alignment: which incidents recorded by different coders are the same event.

Coders may record a different number of incidents for one article, in any order, so incident
fields cannot be compared position by position. This module pairs incidents into *units* (one
incident per coder at most) before any field is compared. The rule, documented for users in
docs/compare.md:

1. Each coder's incidents in an article are put in a canonical order (by content, then id), so
   the result never depends on the order records were saved in.
2. Coders are taken in sorted order. The first coder's incidents each open a unit. Each next
   coder's incidents are assigned to existing units by maximum-weight assignment
   (scipy.optimize.linear_sum_assignment) on their mean similarity to the unit's members; a
   pairing below MIN_SIMILARITY is refused and the incident opens a new unit. The threshold
   holds everywhere: two coders who recorded one incident each are one unit only when those
   incidents are similar enough (an earlier rule paired them whatever their values, which made
   a Kirkuk abduction and a Mosul car bomb one unit with ten spurious disagreements).

Each unit keeps its `similarity`: the mean pairwise similarity of its members (None for a unit of
one), so a lead can see which pairings were borderline (below BORDERLINE).

How alike two incidents are is coder.compare.similarity's; rule 1's order is
coder.compare.incident_order's, rule 2's assignment coder.compare.assignment's. This module
builds the units, article batch by article batch.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from coder.codebook.model import Codebook
from coder.compare.assignment import greedy_units
from coder.compare.incident_order import canonical
from coder.compare.similarity import IncidentLike, Matcher, match_fields

MIN_SIMILARITY = 0.5
"""Two incidents with a lower similarity are never the same unit."""
BORDERLINE = 0.75
"""A unit whose members' mean similarity is below this was a close call: flagged in reports."""


@dataclass(frozen=True, slots=True)
class Member:
    """One coder's incident inside a unit."""

    coder: str
    incident_id: str
    values: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Unit:
    """One event as recorded by the coders who recorded it (at most one incident each).

    `index` is the unit's position in its article (stable for the same input); `key` is stable
    across runs and across coders added later only as long as the member incidents are the same,
    which is what a review screen or a gold database needs to find a unit again.
    """

    article: str
    index: int
    members: Mapping[str, Member]
    similarity: float | None = None
    """Mean pairwise similarity of the members over the match fields (None: one member)."""
    key: str = field(init=False, default="", repr=False, compare=False)
    """`article:id+id+...`, the member incidents' ids sorted. Made once from the members (also
    by `dataclasses.replace`), not a property: the field data and the JSON rows each read it
    for every unit."""

    def __post_init__(self) -> None:
        ids = sorted([m.incident_id for m in self.members.values()])
        object.__setattr__(self, "key", f"{self.article}:" + "+".join(ids))

    @property
    def borderline(self) -> bool:
        """Paired, but with a similarity close to the threshold: worth a look."""
        return self.similarity is not None and self.similarity < BORDERLINE

    def value(self, coder: str, field: str) -> Any:
        m = self.members.get(coder)
        return None if m is None else m.values.get(field)


@dataclass(frozen=True)
class AlignedArticle:
    """An article coded by several coders: who coded it and its aligned incident units."""

    article: str
    coders: tuple[str, ...]
    units: tuple[Unit, ...]


@dataclass(frozen=True)
class _Plan:
    """One article before pairing: its coders, every incident in coder then canonical order
    (`flat`), how many each coder recorded, and whether any pairing is needed."""

    article: str
    coders: tuple[str, ...]
    flat: list[tuple[str, IncidentLike]]
    counts: tuple[int, ...]
    paired: bool


def _plan(article: str, incidents_by_coder: Mapping[str, Sequence[IncidentLike]]) -> _Plan:
    coders = tuple(sorted(incidents_by_coder))
    ordered = [canonical(incidents_by_coder[c]) for c in coders]
    flat = [(c, inc) for c, incs in zip(coders, ordered, strict=True) for inc in incs]
    counts = tuple(len(incs) for incs in ordered)
    # Pairing needs incidents from two coders at least; one coder's incidents are units alone.
    paired = sum(1 for n in counts if n) > 1
    return _Plan(article, coders, flat, counts, paired)


_PAIRS_PER_BATCH = 400_000
"""Incident pairs scored in one numpy pass: bounds the temporary arrays (~10 of this many
floats) while keeping the per-pass overhead negligible."""


def _align_plans(
    plans: Sequence[_Plan], matcher: Matcher, min_similarity: float
) -> list[AlignedArticle]:
    """Align articles in batches: one feature matrix and one similarity pass per batch."""
    out: list[AlignedArticle] = []
    start = 0
    while start < len(plans):
        stop, pairs = start, 0
        while stop < len(plans) and (pairs == 0 or pairs < _PAIRS_PER_BATCH):
            if plans[stop].paired:
                pairs += len(plans[stop].flat) ** 2
            stop += 1
        out.extend(_align_batch(plans[start:stop], matcher, min_similarity))
        start = stop
    return out


def _align_batch(
    plans: Sequence[_Plan], matcher: Matcher, min_similarity: float
) -> list[AlignedArticle]:
    """Align `plans`: the similarities of every paired article's n x n incident pairs in one
    flat array (article after article, row-major), then rule 2 per article on its block."""
    groups: list[list[list[int]]] = [[[i] for i in range(len(p.flat))] for p in plans]
    scores: list[list[float | None]] = [[None] * len(g) for g in groups]
    paired = [k for k, p in enumerate(plans) if p.paired]
    if paired:
        sizes = np.asarray([len(plans[k].flat) for k in paired], dtype=np.int64)
        feats, sets = matcher.features([inc for k in paired for _, inc in plans[k].flat])
        first = np.concatenate([[0], np.cumsum(sizes)[:-1]])  # first incident of each article
        squares = sizes * sizes
        pair_first = np.concatenate([[0], np.cumsum(squares)])
        n_rep = np.repeat(sizes, squares)
        local = np.arange(int(pair_first[-1]), dtype=np.int64) - np.repeat(pair_first[:-1], squares)
        base = np.repeat(first, squares)
        flat_sim = matcher.pair_similarity(feats, sets, base + local // n_rep, base + local % n_rep)
        where = list(zip(paired, pair_first[:-1].tolist(), sizes.tolist(), strict=True))
        for k, lo, n in where:
            sim = flat_sim[lo : lo + n * n].reshape(n, n)
            groups[k] = greedy_units(plans[k].counts, sim, min_similarity)
            scores[k] = [None] * len(groups[k])
        _mean_similarities(flat_sim, [(groups[k], lo, n, scores[k]) for k, lo, n in where])
    return [_units_of(p, g, s) for p, g, s in zip(plans, groups, scores, strict=True)]


def _units_of(plan: _Plan, groups: list[list[int]], scores: list[float | None]) -> AlignedArticle:
    """The article's units: each group of positions in `plan.flat`, with its mean similarity."""
    flat = plan.flat
    units = tuple(
        Unit(
            article=plan.article,
            index=k,
            members={flat[i][0]: Member(flat[i][0], flat[i][1].id, flat[i][1].values) for i in g},
            similarity=score,
        )
        for k, (g, score) in enumerate(zip(groups, scores, strict=True))
    )
    return AlignedArticle(article=plan.article, coders=plan.coders, units=units)


def _mean_similarities(
    flat_sim: np.ndarray,
    articles: Sequence[tuple[list[list[int]], int, int, list[float | None]]],
) -> None:
    """Each unit's mean pairwise similarity (None for a unit of one), into its article's scores.

    `articles` holds, per paired article, its units, where its n x n similarities start in
    `flat_sim`, n, and where the scores go. Units of the same size are done together: their
    blocks are stacked and each block is summed as one row, the same additions in the same
    order as the sum of that block alone (block.sum() - trace) / (g (g - 1))."""
    by_size: dict[int, tuple[list[list[int]], list[tuple[list[float | None], int, int]]]] = {}
    for units, lo, n, scores in articles:
        for u, group in enumerate(units):
            g = len(group)
            if g < 2:
                continue
            flat_idx, where = by_size.setdefault(g, ([], []))
            flat_idx.append([lo + a * n + b for a in group for b in group])
            where.append((scores, u, g))
    for g, (flat_idx, where) in by_size.items():
        blocks = flat_sim[np.asarray(flat_idx, dtype=np.int64)]  # units x g*g, rows contiguous
        total = blocks.sum(axis=1)
        trace = blocks[:, :: g + 1].sum(axis=1)
        means = ((total - trace) / (g * (g - 1))).tolist()
        for (scores, u, _), mean in zip(where, means, strict=True):
            scores[u] = mean


def align(
    codebook: Codebook,
    incidents: Mapping[str, Mapping[str, Sequence[IncidentLike]]],
    min_similarity: float = MIN_SIMILARITY,
) -> list[AlignedArticle]:
    """Align every article: `incidents[article][coder]` lists that coder's incidents."""
    matcher = Matcher(match_fields(codebook))
    plans = [_plan(a, incidents[a]) for a in sorted(incidents)]
    return _align_plans(plans, matcher, min_similarity)
