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

Similarity of two incidents is the mean over the codebook's `match` fields that at least one of
them filled (a field only one filled scores 0): dates score 1 when their (partial-date) intervals
overlap and halve with each day between them; choices, booleans and text (case and whitespace
insensitive) score 1 when equal; place fields score 1 for the same gazetteer id, PLACE_DISTRICT
(0.5) for two places in one district, PLACE_PROVINCE (0.25) in one province; numbers score
1 - |a-b| / (|a|+|b|); multi fields score their Jaccard similarity. With no `match` fields,
every non-free-text incident field is used.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
from scipy.optimize import linear_sum_assignment

from coder.codebook.model import Codebook, Field
from coder.codebook.values import date_interval, is_empty

MIN_SIMILARITY = 0.5
"""Two incidents with a lower similarity are never the same unit."""
BORDERLINE = 0.75
"""A unit whose members' mean similarity is below this was a close call: flagged in reports."""
DATE_DECAY = 0.5
"""Date similarity is DATE_DECAY ** (days between the two date intervals)."""

PLACE_DISTRICT = 0.5
"""Similarity of two different places in the same district (a village and its district town)."""
PLACE_PROVINCE = 0.25
"""Similarity of two different places in the same province but not the same district."""

_MISS = object()
_EMPTY = object()
_SPACE_RE = re.compile(r"\s+")
_FREE_TEXT = ("text", "longtext", "quote")


class IncidentLike(Protocol):
    """What alignment needs of a stored incident (coder.store.coder_store.Incident satisfies it)."""

    @property
    def id(self) -> str: ...

    @property
    def values(self) -> Mapping[str, Any]: ...


@dataclass(frozen=True)
class Member:
    """One coder's incident inside a unit."""

    coder: str
    incident_id: str
    values: Mapping[str, Any]


@dataclass(frozen=True)
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

    @property
    def borderline(self) -> bool:
        """Paired, but with a similarity close to the threshold: worth a look."""
        return self.similarity is not None and self.similarity < BORDERLINE

    @property
    def key(self) -> str:
        return f"{self.article}:" + "+".join(sorted(m.incident_id for m in self.members.values()))

    def value(self, coder: str, field: str) -> Any:
        m = self.members.get(coder)
        return None if m is None else m.values.get(field)


@dataclass(frozen=True)
class AlignedArticle:
    """An article coded by several coders: who coded it and its aligned incident units."""

    article: str
    coders: tuple[str, ...]
    units: tuple[Unit, ...]


def normalize_text(value: Any) -> str:
    """Case- and whitespace-insensitive form of a text value for matching and comparison."""
    return _SPACE_RE.sub(" ", str(value)).strip().casefold()


def match_fields(codebook: Codebook) -> tuple[Field, ...]:
    """The incident fields used for alignment: the codebook's `match`, else every non-text one."""
    if codebook.match:
        found = [codebook.field("incident", n) for n in codebook.match]
        return tuple(f for f in found if f is not None)
    return tuple(f for f in codebook.incident_fields if f.type not in _FREE_TEXT)


class Matcher:
    """Turns incidents into numeric features and scores every pair of them at once (numpy).

    Categories (choices, booleans, normalised text) get integer codes shared across the whole
    comparison, so equality is a vectorised comparison; dates become day-number intervals.
    """

    def __init__(self, fields: Sequence[Field]) -> None:
        self.fields = tuple(fields)
        self._codes: dict[Any, int] = {}
        self._cells: dict[Any, Any] = {}
        self._columns: list[tuple[str, int]] = []  # (kind, first column)
        col = 0
        self._set_fields: list[Field] = []
        self._places: dict[int, Field] = {}
        for f in self.fields:
            if f.type == "date":
                self._columns.append(("date", col))
                col += 2
            elif f.type in ("integer", "number"):
                self._columns.append(("number", col))
                col += 1
            elif f.type == "multi":
                self._columns.append(("set", len(self._set_fields)))
                self._set_fields.append(f)
            elif f.type == "place":
                self._columns.append(("place", col))
                self._places[col] = f
                col += 3
            else:
                self._columns.append(("cat", col))
                col += 1
        self.width = col
        self._plan: list[tuple[str, str, int, dict[str, Any]]] = [
            (f.name, kind, c, {}) for f, (kind, c) in zip(self.fields, self._columns, strict=True)
        ]
        """Per field: name, kind, column and the cells of its text values seen so far."""

    def _code(self, value: Any) -> float:
        key: Any = normalize_text(value) if isinstance(value, str) else (type(value), value)
        code = self._codes.get(key)
        if code is None:
            code = self._codes[key] = len(self._codes)
        return float(code)

    def _cell(self, kind: str, value: Any) -> tuple[float, float] | frozenset[Any] | None:
        """The feature of one non-empty value (None: unusable), cached by (kind, type, value)
        because the same dates and choices recur across thousands of incidents."""
        hashable = not isinstance(value, list | dict | set)
        key = (kind, type(value), value) if hashable else None
        if key is not None:
            hit = self._cells.get(key, _MISS)
            if hit is not _MISS:
                return hit  # type: ignore[no-any-return]
        out: tuple[float, float] | frozenset[Any] | None = None
        if kind == "date":
            try:
                lo, hi = date_interval(str(value))
                out = (float(lo.toordinal()), float(hi.toordinal()))
            except ValueError:
                out = None
        elif kind == "number":
            if isinstance(value, int | float) and not isinstance(value, bool):
                out = (float(value), np.nan)
        elif kind == "set":
            out = frozenset(_hashable(x) for x in (value or ()))
        else:
            out = (self._code(value), np.nan)
        if key is not None:
            self._cells[key] = out
        return out

    def features(self, incidents: Sequence[IncidentLike]) -> tuple[np.ndarray, list[list[Any]]]:
        """Feature matrix (NaN = empty) plus the multi-field values as frozensets (None empty)."""
        feats = np.full((len(incidents), self.width), np.nan)
        sets: list[list[Any]] = [[None] * len(incidents) for _ in self._set_fields]
        plan = self._plan
        rows: list[list[float]] = []
        for i, inc in enumerate(incidents):
            row = [np.nan] * self.width
            values = inc.values
            for name, kind, col, by_text in plan:
                v = values.get(name)
                if v is None:
                    continue
                if v.__class__ is str:  # most values: one lookup (the cell of "" is _EMPTY)
                    cell = by_text.get(v, _MISS)
                    if cell is _MISS:
                        cell = by_text[v] = _EMPTY if is_empty(v) else self._cell(kind, v)
                    if cell is _EMPTY:
                        continue
                elif is_empty(v):
                    continue
                else:
                    cell = self._cell(kind, v)
                if cell is None:
                    continue
                if kind == "set":
                    sets[col][i] = cell
                elif kind == "place":
                    row[col : col + 3] = self._place_cell(col, v)
                elif kind == "date":
                    row[col], row[col + 1] = cell
                else:
                    row[col] = cell[0]
            rows.append(row)
        if rows and self.width:
            feats[:] = rows
        return feats, sets

    def similarity(self, feats: np.ndarray, sets: list[list[Any]]) -> np.ndarray:
        """n x n similarity of the incidents in `feats` (see the module docstring)."""
        n = feats.shape[0]
        num = np.zeros((n, n))
        den = np.zeros((n, n))
        for kind, col in self._columns:
            if kind == "set":
                has = np.asarray([v is not None for v in sets[col]], dtype=np.bool_)
                den += has[:, None] | has[None, :]
                num += np.where(has[:, None] & has[None, :], _jaccard(sets[col]), 0.0)
                continue
            if kind == "place":
                sim, filled = self._place_similarity(feats, col)
                den += filled[:, None] | filled[None, :]
                num += np.where(filled[:, None] & filled[None, :], sim, 0.0)
                continue
            a = feats[:, col]
            filled = ~np.isnan(a)
            both = filled[:, None] & filled[None, :]
            den += filled[:, None] | filled[None, :]
            with np.errstate(invalid="ignore", divide="ignore"):
                if kind == "date":
                    lo, hi = feats[:, col], feats[:, col + 1]
                    gap = np.maximum(
                        np.maximum(lo[None, :] - hi[:, None], lo[:, None] - hi[None, :]), 0.0
                    )
                    sim = DATE_DECAY**gap
                elif kind == "number":
                    diff = np.abs(a[:, None] - a[None, :])
                    scale = np.abs(a[:, None]) + np.abs(a[None, :])
                    sim = np.where(scale > 0, 1.0 - diff / scale, 1.0)
                else:
                    sim = (a[:, None] == a[None, :]).astype(float)
            num += np.where(both, sim, 0.0)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(den > 0, num / den, 0.0)

    def _place_cell(self, col: int, value: Any) -> list[float]:
        """Codes of the place id, its district and its province (NaN where it has none)."""
        key = ("place", col, value)
        hit = self._cells.get(key)
        if hit is None:
            from coder.places import gazetteer_for

            f = self._places[col]
            gaz = gazetteer_for(f.gazetteer) if f.gazetteer is not None else None
            d2 = gaz.admin(str(value), "admin2") if gaz is not None else None
            d1 = gaz.admin(str(value), "admin1") if gaz is not None else None
            hit = self._cells[key] = [
                self._code(("place", value)),
                self._code(("place", d2.id)) if d2 is not None else np.nan,
                self._code(("place", d1.id)) if d1 is not None else np.nan,
            ]
        return hit

    @staticmethod
    def _place_similarity(feats: np.ndarray, col: int) -> tuple[np.ndarray, np.ndarray]:
        """Same place 1, same district PLACE_DISTRICT, same province PLACE_PROVINCE, else 0."""
        ids, d2, d1 = feats[:, col], feats[:, col + 1], feats[:, col + 2]
        same = ids[:, None] == ids[None, :]
        same2 = d2[:, None] == d2[None, :]  # NaN never equals NaN
        same1 = d1[:, None] == d1[None, :]
        partial = np.where(same2, PLACE_DISTRICT, np.where(same1, PLACE_PROVINCE, 0.0))
        sim = np.where(same, 1.0, partial)
        return sim, ~np.isnan(ids)


def _jaccard(sets: Sequence[frozenset[Any] | None]) -> np.ndarray:
    """n x n Jaccard similarity of the sets (1 for two empty sets; rows of None are ignored)."""
    labels: dict[Any, int] = {}
    for s in sets:
        for x in s or ():
            labels.setdefault(x, len(labels))
    ind = np.zeros((len(sets), max(len(labels), 1)))
    for i, s in enumerate(sets):
        for x in s or ():
            ind[i, labels[x]] = 1.0
    inter = ind @ ind.T
    size = ind.sum(axis=1)
    union = size[:, None] + size[None, :] - inter
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(union > 0, inter / union, 1.0)


def _hashable(value: Any) -> Any:
    return (type(value).__name__, value) if isinstance(value, bool) else value


def _canonical(incidents: Sequence[IncidentLike]) -> list[IncidentLike]:
    """Content order, so that the order a coder saved incidents in never changes the units."""
    if len(incidents) < 2:
        return list(incidents)
    return sorted(incidents, key=lambda i: (sorted(map(repr, i.values.items())), i.id))


def align_article(
    article: str,
    incidents_by_coder: Mapping[str, Sequence[IncidentLike]],
    matcher: Matcher,
    min_similarity: float = MIN_SIMILARITY,
) -> AlignedArticle:
    """Align one article's incidents; `incidents_by_coder` holds every coder who coded it."""
    coders = tuple(sorted(incidents_by_coder))
    ordered = {c: _canonical(incidents_by_coder[c]) for c in coders}
    flat: list[tuple[str, IncidentLike]] = [(c, inc) for c in coders for inc in ordered[c]]
    counts = [len(ordered[c]) for c in coders if ordered[c]]
    groups: list[list[int]]
    sim: np.ndarray | None = None
    if not flat:
        groups = []
    elif len(counts) == 1:
        # A single coder recorded incidents: nothing to pair.
        groups = [[i] for i in range(len(flat))]
    else:
        feats, sets = matcher.features([inc for _, inc in flat])
        sim = matcher.similarity(feats, sets)
        groups = _greedy_units(coders, [c for c, _ in flat], sim, min_similarity)
    units = tuple(
        Unit(
            article=article,
            index=k,
            members={flat[i][0]: Member(flat[i][0], flat[i][1].id, flat[i][1].values) for i in g},
            similarity=_mean_similarity(sim, g),
        )
        for k, g in enumerate(groups)
    )
    return AlignedArticle(article=article, coders=coders, units=units)


def _mean_similarity(sim: np.ndarray | None, group: Sequence[int]) -> float | None:
    """Mean over the pairs of a unit's members (None for a unit of one)."""
    if sim is None or len(group) < 2:
        return None
    idx = np.asarray(group)
    block = sim[idx][:, idx]  # the same block as sim[np.ix_(idx, idx)], without ix_'s checks
    n = len(group)
    return float((block.sum() - np.trace(block)) / (n * (n - 1)))


def _greedy_units(
    coders: Sequence[str], owner: Sequence[str], sim: np.ndarray, min_similarity: float
) -> list[list[int]]:
    """Rule 2: coder by coder, max-weight assignment of incidents to the units built so far."""
    units: list[list[int]] = []
    for coder in coders:
        rows = [i for i, c in enumerate(owner) if c == coder]
        if not rows:
            continue
        new: list[int] = rows
        if units:
            member = np.zeros((len(units), sim.shape[0]))
            for k, u in enumerate(units):
                member[k, u] = 1.0 / len(u)
            weight = sim[rows] @ member.T  # mean similarity of each incident to each unit
            r_idx, c_idx = linear_sum_assignment(weight, maximize=True)
            placed: set[int] = set()
            for r, c in zip(r_idx.tolist(), c_idx.tolist(), strict=True):
                if weight[r, c] >= min_similarity:
                    units[c].append(rows[r])
                    placed.add(rows[r])
            new = [r for r in rows if r not in placed]
        units.extend([r] for r in new)
    return units


def align(
    codebook: Codebook,
    incidents: Mapping[str, Mapping[str, Sequence[IncidentLike]]],
    min_similarity: float = MIN_SIMILARITY,
) -> list[AlignedArticle]:
    """Align every article: `incidents[article][coder]` lists that coder's incidents."""
    matcher = Matcher(match_fields(codebook))
    return [align_article(a, incidents[a], matcher, min_similarity) for a in sorted(incidents)]
