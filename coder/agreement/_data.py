"""Turning units x coders input into integer codes once, so every statistic after it is numpy.

Agreement data arrives as a units x coders table of arbitrary Python values (strings, numbers,
frozensets, None for "not coded"). Hashing each value once into an integer code is the only
per-value Python work; everything downstream (alpha, kappa, bootstrap) works on the code matrix.
For levels with an order (ordinal, interval, ratio) the codes are assigned in ascending value order,
so code order is rank order and prefix sums over code counts are cumulative frequencies.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

AlphaLevel = Literal["nominal", "ordinal", "interval", "ratio", "set"]
ALPHA_LEVELS: tuple[AlphaLevel, ...] = ("nominal", "ordinal", "interval", "ratio", "set")
SetDistance = Literal["masi", "jaccard"]


@dataclass(frozen=True)
class Coded:
    """The data as integer codes: `codes[u, j]` is the code of coder j's value for unit u, -1 if
    missing; `values[code]` is the original value; `numeric[code]` its float (interval/ratio and
    numeric ordinal data)."""

    codes: IntArray
    values: list[Any]
    numeric: FloatArray | None

    @property
    def n_values(self) -> int:
        return len(self.values)


def is_missing(value: Any) -> bool:
    """None and float NaN (the numpy convention for a missing rating) both mean "not coded"."""
    if value is None:
        return True
    return isinstance(value, float | np.floating) and math.isnan(value)


def check_level(level: str) -> AlphaLevel:
    if level not in ALPHA_LEVELS:
        raise ValueError(
            f"unknown level of measurement {level!r}: use one of {', '.join(ALPHA_LEVELS)}"
        )
    return level


def code_data(data: Any, level: str = "nominal", *, order: Sequence[Any] | None = None) -> Coded:
    """Encode `data` (units x coders: a sequence of equal-length sequences or a 2-D array).

    Raises ValueError for input that has no meaning at `level` (a word at interval level, a negative
    value at ratio level, a ragged table), naming the unit and coder.
    """
    lvl = check_level(level)
    if (
        isinstance(data, np.ndarray)
        and data.dtype.kind in "biuf"
        and lvl != "set"
        and not (lvl == "ordinal" and order is not None)
    ):
        return _code_numeric_array(data, lvl)
    rows = [row for row in data]
    width = len(rows[0]) if rows else 0
    for u, row in enumerate(rows):
        if isinstance(row, str | bytes) or len(row) != width:
            raise ValueError(
                f"unit {u}: expected a row of {width} coders' values, got {row!r} "
                "(data must be units x coders, None for a missing value)"
            )
    try:
        codes, raw = _hash_codes(rows, width)
    except TypeError:  # an unhashable value (a list for a multi field): the careful way
        codes, raw = _careful_codes(rows, width, lvl)
    codes, values = _canonical(codes, raw, lvl)
    if lvl in ("ordinal", "interval", "ratio"):
        codes, values = _sort_codes(codes, values, lvl, order)
    numeric = _numeric(values, lvl) if lvl in ("interval", "ratio") else None
    return Coded(codes, values, numeric)


def _hash_codes(rows: list[Any], width: int) -> tuple[IntArray, list[Any]]:
    """Codes by plain hashing, the fast path: one dict lookup per value, no per-value Python
    function call. None takes code -1; `_canonical` then sorts out NaN and set-like values."""
    table: dict[Any, int] = {None: -1}
    setdefault = table.setdefault
    flat = [setdefault(v, len(table) - 1) for row in rows for v in row]
    codes = np.asarray(flat, dtype=np.int64).reshape(len(rows), width)
    return codes, list(table)[1:]


def _careful_codes(rows: list[Any], width: int, level: AlphaLevel) -> tuple[IntArray, list[Any]]:
    table: dict[Any, int] = {}
    flat: list[int] = []
    for u, row in enumerate(rows):
        for j, value in enumerate(row):
            if is_missing(value):
                flat.append(-1)
                continue
            key = _key(value, level, u, j)
            code = table.get(key)
            if code is None:
                code = table[key] = len(table)
            flat.append(code)
    return np.asarray(flat, dtype=np.int64).reshape(len(rows), width), list(table)


def _canonical(codes: IntArray, raw: list[Any], level: AlphaLevel) -> tuple[IntArray, list[Any]]:
    """Merge distinct raw values that are the same value (tuple vs frozenset) and drop NaN."""
    table: dict[Any, int] = {}
    mapping = np.empty(len(raw) + 1, dtype=np.int64)
    mapping[-1] = -1  # code -1 (missing) indexes the last slot
    for code, value in enumerate(raw):
        if is_missing(value):
            mapping[code] = -1
            continue
        try:
            key = _key(value, level, -1, -1)
        except ValueError:  # find where the bad value is only to say so
            unit, coder = np.argwhere(codes == code)[0]
            key = _key(value, level, int(unit), int(coder))
        mapping[code] = table.setdefault(key, len(table))
    return mapping[codes], list(table)


def _key(value: Any, level: AlphaLevel, unit: int, coder: int) -> Any:
    """The hashable identity of one value; a multi-valued (list/set) value becomes a frozenset."""
    if isinstance(value, frozenset):
        return value
    if isinstance(value, list | set | tuple) or (level == "set" and _is_collection(value)):
        return frozenset(value)
    if level == "set":
        raise ValueError(
            f"unit {unit}, coder {coder}: {value!r} is not a set of labels "
            "(level 'set' needs frozensets, sets or lists)"
        )
    try:
        hash(value)
    except TypeError:
        raise ValueError(f"unit {unit}, coder {coder}: {value!r} cannot be compared") from None
    return value


def _is_collection(value: Any) -> bool:
    return isinstance(value, Iterable) and not isinstance(value, str | bytes)


def _sort_codes(
    codes: IntArray, values: list[Any], level: AlphaLevel, order: Sequence[Any] | None
) -> tuple[IntArray, list[Any]]:
    """Renumber codes so that code order is value order (or the caller's `order`)."""
    if order is not None and level == "ordinal":
        rank = {v: i for i, v in enumerate(order)}
        unknown = [v for v in values if v not in rank]
        if unknown:
            raise ValueError(f"ordinal values {unknown!r} are not in the given order {order!r}")
        new_values = list(order)
        mapping = np.asarray([rank[v] for v in values], dtype=np.int64)
    else:
        try:
            perm = sorted(range(len(values)), key=lambda i: values[i])
        except TypeError:
            raise ValueError(
                f"{level} values must be mutually comparable (got {values[:5]!r}); "
                "pass order=[...] for ordinal labels"
            ) from None
        new_values = [values[i] for i in perm]
        mapping = np.empty(len(values), dtype=np.int64)
        mapping[np.asarray(perm, dtype=np.int64)] = np.arange(len(values), dtype=np.int64)
    if len(mapping) == 0:
        return codes, new_values
    new_codes = np.where(codes >= 0, mapping[np.maximum(codes, 0)], -1).astype(np.int64)
    return new_codes, new_values


def _numeric(values: list[Any], level: AlphaLevel) -> FloatArray:
    bad = [v for v in values if not isinstance(v, numbers.Real)]
    if bad:
        raise ValueError(f"level {level!r} needs numbers, got {bad[0]!r}")
    x = np.asarray([float(v) for v in values], dtype=np.float64)
    _check_numeric(x, level)
    return x


def _check_numeric(x: FloatArray, level: AlphaLevel) -> None:
    if not np.all(np.isfinite(x)):
        raise ValueError(f"level {level!r} needs finite numbers (got infinity)")
    if level == "ratio" and x.size and float(x.min()) < 0:
        raise ValueError(f"level 'ratio' needs values >= 0 (got {float(x.min())!r})")


def _code_numeric_array(data: npt.NDArray[Any], level: AlphaLevel) -> Coded:
    """Fast path for a numeric numpy array (NaN = missing): one np.unique, no Python loop."""
    if data.ndim != 2:
        raise ValueError(f"data must be 2-D (units x coders), got shape {data.shape}")
    x = data.astype(np.float64)
    present = ~np.isnan(x)
    uniq, inverse = np.unique(x[present], return_inverse=True)
    codes = np.full(x.shape, -1, dtype=np.int64)
    codes[present] = inverse
    values: list[Any] = (
        uniq.astype(data.dtype).tolist() if data.dtype.kind in "biu" else uniq.tolist()
    )
    numeric = None
    if level in ("interval", "ratio"):
        _check_numeric(uniq, level)
        numeric = uniq.astype(np.float64)
    return Coded(codes, values, numeric)
