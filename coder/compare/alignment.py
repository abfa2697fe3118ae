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
from functools import lru_cache
from typing import Any, Protocol

import numpy as np

from coder.codebook.model import Codebook, Field
from coder.codebook.values import date_interval, is_empty
from coder.compare.lsap import linear_sum_assignment

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
        """Feature matrix (NaN = empty) plus the multi-field values as frozensets (None empty).

        Field by field over all the incidents: each distinct text value's cell is looked up
        once per field and the column is filled by `map`, instead of a lookup per incident and
        field (5 coders x 10k articles: 530k values, 125k incidents)."""
        n = len(incidents)
        feats = np.full((n, self.width), np.nan)
        sets: list[list[Any]] = [[None] * n for _ in self._set_fields]
        if not n or not self._plan:
            return feats, sets
        names = [name for name, _, _, _ in self._plan]
        columns = zip(*[tuple(map(inc.values.get, names)) for inc in incidents], strict=True)
        nan = np.nan
        for (_, kind, col, by_text), column in zip(self._plan, columns, strict=True):
            cells = self._cells_of(kind, by_text, column)
            if kind == "set":
                sets[col] = cells
            elif kind == "place":
                places: dict[Any, list[float]] = {None: [nan, nan, nan]}
                for v, cell in zip(column, cells, strict=True):
                    if cell is not None and v not in places:
                        places[v] = self._place_cell(col, v)
                feats[:, col : col + 3] = [
                    places[v if c is not None else None] for v, c in zip(column, cells, strict=True)
                ]
            elif kind == "date":
                feats[:, col] = [nan if c is None else c[0] for c in cells]
                feats[:, col + 1] = [nan if c is None else c[1] for c in cells]
            else:
                feats[:, col] = [nan if c is None else c[0] for c in cells]
        return feats, sets

    def _cells_of(self, kind: str, by_text: dict[str, Any], column: Sequence[Any]) -> list[Any]:
        """The cell of every value of a column (None: empty or unusable): through `by_text`,
        each distinct text once, when every value is text or missing; else value by value."""
        try:
            distinct = dict.fromkeys(column)
        except TypeError:  # a list (multi field)
            distinct = None
        if distinct is None or any(v.__class__ is not str for v in distinct if v is not None):
            return [self._value_cell(kind, by_text, v) for v in column]
        lookup = {v: self._value_cell(kind, by_text, v) for v in distinct}
        return list(map(lookup.__getitem__, column))

    def _value_cell(self, kind: str, by_text: dict[str, Any], v: Any) -> Any:
        """The cell of one value (None: empty or unusable); a text's cell is kept in `by_text`."""
        if v is None:
            return None
        if v.__class__ is str:  # most values: one lookup (the cell of "" is _EMPTY)
            cell = by_text.get(v, _MISS)
            if cell is _MISS:
                cell = by_text[v] = _EMPTY if is_empty(v) else self._cell(kind, v)
            return None if cell is _EMPTY else cell
        return None if is_empty(v) else self._cell(kind, v)

    def similarity(self, feats: np.ndarray, sets: list[list[Any]]) -> np.ndarray:
        """n x n similarity of the incidents in `feats` (see the module docstring)."""
        n = feats.shape[0]
        i, j = np.divmod(np.arange(n * n), n)
        return self.pair_similarity(feats, sets, i, j).reshape(n, n)

    def pair_similarity(
        self, feats: np.ndarray, sets: list[list[Any]], i: np.ndarray, j: np.ndarray
    ) -> np.ndarray:
        """Similarity of incident i[k] and incident j[k] for every k, as one flat array.

        The pairs of many articles are scored in one pass (`align` concatenates every article's
        n x n pairs): a few dozen numpy operations over all of them instead of a few dozen per
        article. Each element goes through the same operations, in the same order, as before."""
        num = np.zeros(i.shape[0])
        den = np.zeros(i.shape[0])
        for kind, col in self._columns:
            if kind == "set":
                column = sets[col]
                has = np.asarray([v is not None for v in column], dtype=np.bool_)
                has_i, has_j = has[i], has[j]
                den += has_i | has_j
                num += np.where(has_i & has_j, _pair_jaccard(column, i, j, has_i & has_j), 0.0)
                continue
            if kind == "place":
                sim, filled_i, filled_j = self._place_similarity(feats, col, i, j)
                den += filled_i | filled_j
                num += np.where(filled_i & filled_j, sim, 0.0)
                continue
            a = feats[:, col]
            a_i, a_j = a[i], a[j]
            filled_i, filled_j = ~np.isnan(a_i), ~np.isnan(a_j)
            both = filled_i & filled_j
            den += filled_i | filled_j
            with np.errstate(invalid="ignore", divide="ignore"):
                if kind == "date":
                    lo, hi = feats[:, col], feats[:, col + 1]
                    gap = np.maximum(np.maximum(lo[j] - hi[i], lo[i] - hi[j]), 0.0)
                    sim = DATE_DECAY**gap
                elif kind == "number":
                    diff = np.abs(a_i - a_j)
                    scale = np.abs(a_i) + np.abs(a_j)
                    sim = np.where(scale > 0, 1.0 - diff / scale, 1.0)
                else:
                    sim = (a_i == a_j).astype(float)
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
    def _place_similarity(
        feats: np.ndarray, col: int, i: np.ndarray, j: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Same place 1, same district PLACE_DISTRICT, same province PLACE_PROVINCE, else 0; and
        whether each side has a place."""
        ids, d2, d1 = feats[:, col], feats[:, col + 1], feats[:, col + 2]
        ids_i, ids_j = ids[i], ids[j]
        same = ids_i == ids_j
        same2 = d2[i] == d2[j]  # NaN never equals NaN
        same1 = d1[i] == d1[j]
        partial = np.where(same2, PLACE_DISTRICT, np.where(same1, PLACE_PROVINCE, 0.0))
        sim = np.where(same, 1.0, partial)
        return sim, ~np.isnan(ids_i), ~np.isnan(ids_j)


def _pair_jaccard(
    sets: Sequence[frozenset[Any] | None], i: np.ndarray, j: np.ndarray, both: np.ndarray
) -> np.ndarray:
    """Jaccard similarity of sets[i[k]] and sets[j[k]] (1 for two empty sets; 0 where `both` is
    false, i.e. one side has no set). Counts are integers, so the ratio is exact as before."""
    inter = np.zeros(i.shape[0])
    union = np.zeros(i.shape[0])
    for k in np.flatnonzero(both).tolist():
        a, b = sets[int(i[k])], sets[int(j[k])]
        assert a is not None and b is not None
        common = len(a & b)
        inter[k] = common
        union[k] = len(a) + len(b) - common
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(union > 0, inter / union, 1.0)


def _hashable(value: Any) -> Any:
    return (type(value).__name__, value) if isinstance(value, bool) else value


def _canonical(incidents: Sequence[IncidentLike]) -> list[IncidentLike]:
    """Content order, so that the order a coder saved incidents in never changes the units:
    by `_content_key`, which `_ContentOrder` compares without building it."""
    if len(incidents) < 2:
        return list(incidents)
    return sorted(incidents, key=_ContentOrder)


def _content_key(incident: IncidentLike) -> tuple[list[str], str]:
    """The canonical order's key: the reprs of the value items, sorted, then the id."""
    return sorted(map(repr, incident.values.items())), incident.id


_SAME_REPR = frozenset({str, int, bool, type(None)})
"""Types whose equal values (of the same type) have equal reprs (not float: 0.0 == -0.0)."""


@lru_cache(maxsize=256)
def _key_order(keys: tuple[Any, ...]) -> tuple[str, ...] | None:
    """The keys in the order of their items' reprs, or None when a key is not text.

    For two different text keys, repr((k1, v1)) and repr((k2, v2)) differ first inside the
    keys' reprs (a string's repr is never a proper prefix of another's: its closing quote would
    be unescaped inside the other), so sorting the items' reprs sorts them by repr(key)."""
    if not all(k.__class__ is str for k in keys):
        return None
    return tuple(sorted(keys, key=repr))


class _ContentOrder:
    """Sort key that compares exactly as `_content_key` does, making reprs only as far as the
    first difference: incidents usually differ in their first field, so most of the 20-odd
    reprs per incident were never needed (1.5 s of 5 coders x 10k articles)."""

    __slots__ = ("incident", "keys")

    def __init__(self, incident: IncidentLike) -> None:
        self.incident = incident
        self.keys = _key_order(tuple(incident.values))

    def __lt__(self, other: _ContentOrder) -> bool:
        a, b = self.incident, other.incident
        keys_a, keys_b = self.keys, other.keys
        if keys_a is None or keys_b is None:
            return _content_key(a) < _content_key(b)
        values_a, values_b = a.values, b.values
        for ka, kb in zip(keys_a, keys_b, strict=False):
            va, vb = values_a[ka], values_b[kb]
            kind = va.__class__
            if ka == kb and kind is vb.__class__ and kind in _SAME_REPR and va == vb:
                continue  # the same item repr
            ra, rb = repr((ka, va)), repr((kb, vb))
            if ra != rb:
                return ra < rb
        if len(keys_a) != len(keys_b):
            return len(keys_a) < len(keys_b)
        return a.id < b.id


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
    ordered = [_canonical(incidents_by_coder[c]) for c in coders]
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
            groups[k] = _greedy_units(plans[k].counts, sim, min_similarity)
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


def align_article(
    article: str,
    incidents_by_coder: Mapping[str, Sequence[IncidentLike]],
    matcher: Matcher,
    min_similarity: float = MIN_SIMILARITY,
) -> AlignedArticle:
    """Align one article's incidents; `incidents_by_coder` holds every coder who coded it."""
    return _align_batch([_plan(article, incidents_by_coder)], matcher, min_similarity)[0]


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


def _greedy_units(counts: Sequence[int], sim: np.ndarray, min_similarity: float) -> list[list[int]]:
    """Rule 2: coder by coder (counts[c] incidents each, in that order in `sim`), max-weight
    assignment of incidents to the units built so far."""
    units: list[list[int]] = []
    start = 0
    sims: list[list[float]] | None = None
    for count in counts:
        rows = list(range(start, start + count))
        start += count
        if not rows:
            continue
        new: list[int] = rows
        if units:
            if sims is None:
                # A NaN (an overflowing number similarity) spreads through the product's
                # zeros to every unit: such an article keeps the product throughout.
                sims = sim.tolist() if np.isfinite(sim).all() else []
            small = _small_unit_weights(sims, rows, units) if sims else None
            weight = _unit_weights(sim, rows, units) if small is None else None
            weights = small if weight is None else weight.tolist()
            assert weights is not None
            if len(weights) == 1 and len(weights[0]) == 1:
                r_idx, c_idx = [0], [0]  # what linear_sum_assignment answers for one pair
            else:
                matrix = np.asarray(weights) if weight is None else weight
                found_r, found_c = linear_sum_assignment(matrix, maximize=True)
                r_idx, c_idx = found_r.tolist(), found_c.tolist()
            placed: set[int] = set()
            for r, c in zip(r_idx, c_idx, strict=True):
                if weights[r][c] >= min_similarity:
                    units[c].append(rows[r])
                    placed.add(rows[r])
            new = [r for r in rows if r not in placed]
        units.extend([r] for r in new)
    return units


def _unit_weights(sim: np.ndarray, rows: Sequence[int], units: Sequence[list[int]]) -> np.ndarray:
    """Mean similarity of each incident in `rows` to each unit (rows x units), as a product
    with a matrix of 1/len(unit) weights (the rule's definition of the mean)."""
    member = np.zeros((len(units), sim.shape[0]))
    member[[k for k, u in enumerate(units) for _ in u], [i for u in units for i in u]] = [
        1.0 / len(u) for u in units for _ in u
    ]
    return sim[rows] @ member.T


def _small_unit_weights(
    sims: list[list[float]], rows: Sequence[int], units: Sequence[list[int]]
) -> list[list[float]] | None:
    """`_unit_weights` in plain floats while every unit has one or two members (None: a larger
    one), i.e. for the second and third coder of most articles, without four numpy calls.

    Exactly the product's values, whatever order the product adds its terms in: a unit of one
    is s * 1.0 plus zeros (s itself; similarities are finite and not negative), a unit of two
    s_a * 0.5 + s_b * 0.5 plus zeros, two exact halves and one rounded addition (the caller
    keeps a matrix holding a NaN, which the product's zeros would carry, to the product)."""
    if any(len(u) > 2 for u in units):
        return None
    return [
        [row[u[0]] if len(u) == 1 else row[u[0]] * 0.5 + row[u[1]] * 0.5 for u in units]
        for row in (sims[r] for r in rows)
    ]


def align(
    codebook: Codebook,
    incidents: Mapping[str, Mapping[str, Sequence[IncidentLike]]],
    min_similarity: float = MIN_SIMILARITY,
) -> list[AlignedArticle]:
    """Align every article: `incidents[article][coder]` lists that coder's incidents."""
    matcher = Matcher(match_fields(codebook))
    plans = [_plan(a, incidents[a]) for a in sorted(incidents)]
    return _align_plans(plans, matcher, min_similarity)
