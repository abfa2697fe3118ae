"""Reliability data per field: the units x coders matrices that coder.agreement works on.

Every field becomes one float matrix (units x coders, NaN = missing) at its level of measurement,
so alpha, kappa, percent agreement, the bootstrap and the disagreement list are all numpy:
- nominal: an integer code per distinct value (text compared case- and whitespace-insensitively,
  booleans never equal to numeric codes);
- ordinal: the choice's position in the codebook for an ordered choice, else the number itself
  (a date: its day number);
- interval / ratio: the number; a date is its day number, the midpoint of a partial date's
  interval ("2023-05" is 16 May 2023);
- set (multi fields, MASI distance): an integer code per distinct set, with the sets kept aside.
Fields at level `none` are excluded. Article-level units are articles; incident-level units are
the aligned units of `alignment`; `groups` gives the article of each unit for the bootstrap.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from coder.agreement import Prepared, prepare, prepare_sets
from coder.codebook.model import Codebook, Field
from coder.codebook.values import date_interval, format_value, is_empty
from coder.compare.alignment import AlignedArticle
from coder.compare.results import Disagreement, RowFactory, T
from coder.compare.similarity import normalize_text

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

ANY_INCIDENT = "derived:any_incident"
N_INCIDENTS = "derived:n_incidents"


def derived_fields() -> tuple[str, str]:
    return (ANY_INCIDENT, N_INCIDENTS)


def is_derived(name: str) -> bool:
    """Derived variables (incident counts, a place field's district) are reported, never
    adjudicated: their sources are."""
    return name.startswith("derived:")


class _Record(Protocol):
    @property
    def values(self) -> Mapping[str, Any]: ...

    @property
    def incidents(self) -> Sequence[Any]: ...


@dataclass(frozen=True, slots=True)
class Row:
    """One reliability unit: an article (unit None) or an aligned incident unit."""

    article: str
    unit: int | None
    key: str
    cells: tuple[Mapping[str, Any] | None, ...]
    """Per coder, the value dict the field values come from (None: coder has no value here)."""


@dataclass
class FieldData:
    name: str
    label: str
    scope: str
    type: str
    level: str
    matrix: FloatArray
    rows: Sequence[Row]
    groups: IntArray
    field: Field | None
    sets: list[frozenset[Any]] | None = None
    _shown: dict[Any, str] = dataclass_field(default_factory=dict, repr=False, compare=False)
    _shown_of_code: dict[float, str] = dataclass_field(
        default_factory=dict, repr=False, compare=False
    )
    """format_value cache: the same raw values recur across thousands of disagreements."""
    raw_of_code: dict[float, Any] = dataclass_field(default_factory=dict, repr=False)
    """The stored value behind each matrix code that only one stored value has (`_column`):
    a disagreement shows such a cell without reading the coder's value dict again."""

    def agreement_data(self, cols: Sequence[int] | None = None) -> Any:
        """What coder.agreement takes: the float matrix, or rows of frozensets at level set."""
        m = self.matrix if cols is None else self.matrix[:, list(cols)]
        if self.sets is None:
            return m
        sets = self.sets
        return [[None if np.isnan(x) else sets[int(x)] for x in row] for row in m.tolist()]

    def prepared(self) -> Prepared:
        """The matrix encoded for coder.agreement once (set fields straight from their codes,
        with the distance table over the distinct sets); raises ValueError like alpha would."""
        if self.sets is None:
            return prepare(self.matrix, self.level)
        codes = np.where(np.isnan(self.matrix), -1, self.matrix).astype(np.int64)
        return prepare_sets(codes, self.sets)

    def disagreeing(self) -> IntArray:
        """The rows where two or more coders gave values and not all the same (at this level)."""
        m = self.matrix
        present = ~np.isnan(m)
        lo = np.where(present, m, np.inf).min(axis=1)
        hi = np.where(present, m, -np.inf).max(axis=1)
        return np.flatnonzero((present.sum(axis=1) >= 2) & (lo != hi))

    def disagreements(self, coders: Sequence[str]) -> Iterator[Disagreement]:
        """The `disagreeing` rows, each coder's value shown as a person reads it."""
        return self.disagreement_rows(coders, Disagreement)

    def disagreement_rows(self, coders: Sequence[str], make: RowFactory[T]) -> Iterator[T]:
        """`disagreements`, each row made by `make` from a Disagreement's fields in order (the
        JSON report makes its dict rows straight away, without a Disagreement in between)."""
        m = self.matrix
        found = self.disagreeing()
        # The matrix rows as Python floats once: indexing numpy per cell was most of the cost.
        # `_shown_value` inlined for the common cells (a value dict holding a hashable value):
        # 5 coders x 10k articles make ~700k of them.
        # A code one stored value has is shown by the code (`by_code`, filled as codes come
        # up): ~700k cells at 5 coders x 10k articles, each a read of a value dict scattered
        # over the heap otherwise.
        rows, scope, name, field, shown = self.rows, self.scope, self.name, self.field, self._shown
        raw_of, by_code = self.raw_of_code, self._shown_of_code
        named = list(enumerate(coders))
        for r, codes in zip(found.tolist(), m[found].tolist(), strict=True):
            row = rows[r]
            cells = row.cells
            values: dict[str, str | None] = {}
            for j, c in named:
                v = codes[j]
                if v != v:  # NaN: no value
                    values[c] = None
                    continue
                known = by_code.get(v)
                if known is not None:
                    values[c] = known
                    continue
                if field is not None and v in raw_of:
                    values[c] = by_code[v] = format_value(field, raw_of[v])
                    continue
                cell = cells[j]
                if field is None or cell is None:
                    values[c] = self._shown_value(row, j, v)
                    continue
                raw = cell.get(name)
                key = (
                    raw
                    if raw.__class__ is str
                    else (list, tuple(raw))
                    if raw.__class__ is list
                    else (raw.__class__, raw)
                )
                try:
                    values[c] = shown[key]
                except (KeyError, TypeError):
                    values[c] = self._shown_value(row, j, v)
            yield make(row.article, scope, row.unit, row.key, name, values)

    def display(self, r: int, j: int) -> str | None:
        return self._shown_value(self.rows[r], j, float(self.matrix[r, j]))

    def _shown_value(self, row: Row, j: int, v: float) -> str | None:
        """What a disagreement shows for coder `j` of `row`, whose matrix code is `v`."""
        if v != v:  # NaN: no value
            return None
        cell = row.cells[j]
        if self.field is None or cell is None:
            return str(int(v)) if v.is_integer() else str(v)
        raw = cell.get(self.name)
        key = (
            raw
            if raw.__class__ is str  # a text is its own key: no tuple per cell
            else (type(raw), tuple(raw))
            if isinstance(raw, list)
            else (type(raw), raw)
        )
        try:
            return self._shown[key]
        except KeyError:
            shown = self._shown[key] = format_value(self.field, raw)
            return shown
        except TypeError:  # an unhashable value: format it every time
            return format_value(self.field, raw)


@dataclass
class CompareData:
    fields: list[FieldData]
    excluded: list[str]


class _Encoder:
    """Value -> float at a field's level, with a per-field code table for nominal and set."""

    def __init__(self, f: Field, level: str) -> None:
        self.f = f
        self.level = level
        self.codes: dict[Any, int] = {}
        self.sets: list[frozenset[Any]] = []
        self.index = {_key(c.value): float(i) for i, c in enumerate(f.choices)}
        self.dates: dict[str, float] = {}

    def __call__(self, value: Any) -> float:
        if is_empty(value):
            return np.nan
        f, level = self.f, self.level
        if level == "set":
            s = frozenset(_key(v) for v in value)
            code = self.codes.get(s)
            if code is None:
                code = self.codes[s] = len(self.sets)
                self.sets.append(s)
            return float(code)
        if level == "nominal":
            key = normalize_text(value) if f.type in ("text", "longtext", "quote") else _key(value)
            if f.type == "multi":
                key = frozenset(_key(v) for v in value)
            code = self.codes.get(key)
            if code is None:
                code = self.codes[key] = len(self.codes)
            return float(code)
        if f.type == "date":
            day = self.dates.get(value)
            if day is None:
                try:
                    lo, hi = date_interval(str(value))
                except ValueError:
                    return np.nan
                day = self.dates[value] = (lo.toordinal() + hi.toordinal()) / 2
            return day
        if f.type == "choice":
            return self.index.get(_key(value), np.nan) if level == "ordinal" else float(value)
        if isinstance(value, bool) or not isinstance(value, int | float):
            return np.nan
        return float(value)


_NO_VALUES: Mapping[str, Any] = {}
"""The cell of a coder without a value dict in a row: every field is missing (never mutated)."""
_NUMBERS = frozenset({int, float, bool})


def _field_values(rows: Sequence[Row], names: Sequence[str]) -> dict[str, Sequence[Any]]:
    """Per field name, its value in every cell, row by row (None: missing).

    One pass over the cells that takes every field from each value dict while it is in cache:
    taking one field at a time from 150k dicts scattered over a 500 MB heap cost ~0.4 us a
    lookup, mostly cache misses (1.4 s of the 2.6 s build at 5 coders x 10k articles)."""
    if not names:
        return {}
    table = [tuple(map((_NO_VALUES if c is None else c).get, names)) for r in rows for c in r.cells]
    if not table:
        return {n: () for n in names}
    return dict(zip(names, zip(*table, strict=True), strict=True))  # the columns as tuples


def _column(enc: _Encoder, values: Sequence[Any]) -> tuple[list[float], dict[float, Any]]:
    """`enc` of every value of a column (None: missing), each distinct value encoded once, and
    the stored value of each code that exactly one distinct value has (empty when the column
    took `_column_by_type`).

    Values repeat across thousands of units (a handful of choices, dates, places), so each
    distinct value is encoded once, in order of first appearance as before (nominal codes are
    numbered by first appearance), and the column is a lookup per cell done by `map`. True, 1
    and 1.0 are equal dict keys that the encoder keeps apart, so a column mixing number types
    (or holding lists) takes `_column_by_type`, whose keys carry the type."""
    try:
        distinct = dict.fromkeys(values)
    except TypeError:  # a list (multi field) or another unhashable value
        return _column_by_type(enc, values), {}
    kinds = {v.__class__ for v in distinct}
    kinds.discard(str)
    kinds.discard(type(None))
    if len(kinds) > 1 or not kinds <= _NUMBERS:
        return _column_by_type(enc, values), {}
    nan = np.nan
    table = {v: nan if v is None else enc(v) for v in distinct}
    return list(map(table.__getitem__, values)), _one_value_codes(table)


def _one_value_codes(table: Mapping[Any, float]) -> dict[float, Any]:
    """code -> stored value, for the codes of `table` (value -> code) that one value has: not
    the texts one normalised form joins, nor the dates one day number (a partial date's
    midpoint) joins; 0 and -0.0 are one key, so they count as two values of one code."""
    raw_of: dict[float, Any] = {}
    joined: set[float] = set()
    for raw, code in table.items():
        if code != code:  # NaN: missing or empty, never shown
            continue
        if code in raw_of:
            joined.add(code)
        else:
            raw_of[code] = raw
    for code in joined:
        del raw_of[code]
    return raw_of


def _column_by_type(enc: _Encoder, values: Sequence[Any]) -> list[float]:
    """`_column` keyed by (type, value), for columns whose values may be equal across types."""
    nan = np.nan
    out: list[float] = []
    append = out.append
    cache: dict[Any, float] = {}
    try:
        for v in values:
            if v is None:
                append(nan)
                continue
            k = (list, tuple(v)) if v.__class__ is list else (v.__class__, v)
            x = cache.get(k)
            if x is None:
                x = cache[k] = enc(v)
            append(x)
    except TypeError:  # an unhashable value (not a stored shape): encode every cell
        return [nan if v is None else enc(v) for v in values]
    return out


def _key(value: Any) -> Any:
    return ("bool", value) if isinstance(value, bool) else value


def build_field_data(
    codebook: Codebook,
    coders: Sequence[str],
    articles: Sequence[str],
    records: Mapping[str, Mapping[str, _Record]],
    aligned: Sequence[AlignedArticle],
) -> CompareData:
    """The reliability matrices of every compared field, article fields first."""
    art_rows = [
        Row(a, None, a, tuple(_values(records[a].get(c)) for c in coders)) for a in articles
    ]
    art_groups = np.arange(len(articles), dtype=np.int64)
    pos = {a: i for i, a in enumerate(articles)}
    inc_rows: list[Row] = []
    inc_groups: list[int] = []
    for art in aligned:
        for u in art.units:
            cells = tuple(u.members[c].values if c in u.members else None for c in coders)
            inc_rows.append(Row(art.article, u.index, u.key, cells))
            inc_groups.append(pos[art.article])
    out: list[FieldData] = []
    excluded: list[str] = []
    for scope, rows, groups in (
        ("article", art_rows, art_groups),
        ("incident", inc_rows, np.asarray(inc_groups, dtype=np.int64)),
    ):
        fields = [f for f in codebook.fields(scope) if f.level != "none"]  # type: ignore[arg-type]
        values = _field_values(rows, [f.name for f in fields])
        for f in codebook.fields(scope):  # type: ignore[arg-type]
            if f.level == "none":
                excluded.append(f"{scope}.{f.name}")
                continue
            enc = _Encoder(f, f.level)
            name = f.name
            column, raw_of = _column(enc, values[name])
            matrix = np.asarray(column, dtype=np.float64).reshape(len(rows), len(coders))
            del column
            out.append(
                FieldData(
                    name=name,
                    label=f.label,
                    scope=scope,
                    type=f.type,
                    level=f.level,
                    matrix=matrix,
                    rows=rows,
                    groups=groups,
                    field=f,
                    sets=enc.sets if f.level == "set" else None,
                    raw_of_code=raw_of,
                )
            )
            if f.type == "place":
                out.append(_admin2(f, rows, values[name], len(coders), groups))
        if scope == "article":
            out.extend(_derived(coders, articles, records, art_rows, art_groups))
    return CompareData(out, excluded)


def _admin2(
    f: Field, rows: Sequence[Row], values: Sequence[Any], n_coders: int, groups: IntArray
) -> FieldData:
    """A place field again at district level (coder.compare.place_level); `values` is the
    field's value in every cell, row by row."""
    from coder.compare.place_level import admin2_cells, admin2_label_field

    shown = admin2_label_field(f)
    matrix, cells = admin2_cells(f, values, n_coders)
    new_rows = [Row(r.article, r.unit, r.key, c) for r, c in zip(rows, cells, strict=True)]
    return FieldData(
        shown.name, shown.label, f.scope, "place", "nominal", matrix, new_rows, groups, shown
    )


def _values(record: _Record | None) -> Mapping[str, Any] | None:
    return None if record is None else record.values


def _derived(
    coders: Sequence[str],
    articles: Sequence[str],
    records: Mapping[str, Mapping[str, _Record]],
    rows: Sequence[Row],
    groups: IntArray,
) -> list[FieldData]:
    """Whether an article reports any incident (nominal) and how many (interval), per coder."""
    n = np.full((len(articles), len(coders)), np.nan)
    for i, a in enumerate(articles):
        for j, c in enumerate(coders):
            r = records[a].get(c)
            if r is not None:
                n[i, j] = len(r.incidents)
    anyinc = np.where(np.isnan(n), np.nan, (n > 0).astype(np.float64))
    return [
        FieldData(ANY_INCIDENT, "Reports an incident", "article", "boolean", "nominal",
                  anyinc, rows, groups, None),
        FieldData(N_INCIDENTS, "Number of incidents", "article", "integer", "interval",
                  n, rows, groups, None),
    ]  # fmt: skip
