"""How alike two incidents are, for alignment: their features and every pair's similarity.

Similarity of two incidents is the mean over the codebook's `match` fields that at least one of
them filled (a field only one filled scores 0): dates score 1 when their (partial-date) intervals
overlap and halve with each day between them; choices, booleans and text (case and whitespace
insensitive) score 1 when equal; place fields score 1 for the same gazetteer id, PLACE_DISTRICT
(0.5) for two places in one district, PLACE_PROVINCE (0.25) in one province; numbers score
1 - |a-b| / (|a|+|b|); multi fields score their Jaccard similarity. With no `match` fields,
every non-free-text incident field is used. coder.compare.alignment pairs incidents on these
scores (coder.compare.assignment).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

import numpy as np

from coder.codebook.model import Codebook, Field
from coder.codebook.values import date_interval, is_empty

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
            from coder.places import GazetteerError, gazetteer_for

            f = self._places[col]
            try:
                gaz = gazetteer_for(f.gazetteer) if f.gazetteer is not None else None
            except GazetteerError:  # no districts known: same id or not (compare warns)
                gaz = None
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
