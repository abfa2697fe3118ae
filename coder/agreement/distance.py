"""Distances between set-valued codings (multi-select fields): MASI and Jaccard.

MASI (Passonneau 2006, "Measuring agreement on set-valued items (MASI) for semantic and pragmatic
annotation", LREC) is Jaccard similarity times a monotonicity weight M that rewards one coder's set
containing the other's: M = 1 if identical, 2/3 if one is a subset of the other, 1/3 if the sets
overlap without either containing the other, 0 if disjoint. The distance is 1 - MASI. Two empty
sets are identical (distance 0); an empty and a non-empty set are disjoint (distance 1).

The scalar functions are for people; `set_distance_block` and `set_distance_pairs` compute the
same numbers for many code pairs at once from a label-indicator matrix, which is what alpha uses.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from coder.agreement._data import BoolArray, FloatArray, IntArray, SetDistance


def jaccard_distance(a: Iterable[Any], b: Iterable[Any]) -> float:
    """1 - |a & b| / |a | b|; 0 for two empty sets."""
    sa, sb = frozenset(a), frozenset(b)
    union = len(sa | sb)
    return 0.0 if union == 0 else 1.0 - len(sa & sb) / union


def masi_distance(a: Iterable[Any], b: Iterable[Any]) -> float:
    """1 - Jaccard x monotonicity (Passonneau 2006)."""
    sa, sb = frozenset(a), frozenset(b)
    if sa == sb:
        return 0.0
    inter = len(sa & sb)
    if inter == 0:
        return 1.0
    m = 2 / 3 if inter == min(len(sa), len(sb)) else 1 / 3
    return 1.0 - m * inter / len(sa | sb)


def indicator_matrix(sets: list[Any]) -> tuple[BoolArray, FloatArray]:
    """One row per distinct set, one column per label: the input of the vectorised distances."""
    labels: dict[Any, int] = {}
    for s in sets:
        for label in s:
            labels.setdefault(label, len(labels))
    x = np.zeros((len(sets), max(len(labels), 1)), dtype=np.bool_)
    for i, s in enumerate(sets):
        for label in s:
            x[i, labels[label]] = True
    return x, x.sum(axis=1).astype(np.float64)


def _distance(inter: FloatArray, sa: FloatArray, sb: FloatArray, kind: SetDistance) -> FloatArray:
    union = sa + sb - inter
    jac = np.divide(inter, union, out=np.ones_like(inter), where=union > 0)
    if kind == "jaccard":
        return 1.0 - jac
    identical = (inter == sa) & (inter == sb)
    subset = inter == np.minimum(sa, sb)
    mono = np.where(identical, 1.0, np.where(subset, 2 / 3, np.where(inter > 0, 1 / 3, 0.0)))
    result: FloatArray = 1.0 - mono * jac
    return result


def set_distance_block(
    x: BoolArray, sizes: FloatArray, rows: slice, kind: SetDistance
) -> FloatArray:
    """Distances from the sets in `rows` to every set: shape (len(rows), n_sets)."""
    xf = x.astype(np.float64)
    inter = xf[rows] @ xf.T
    return _distance(inter, sizes[rows][:, None], sizes[None, :], kind)


def set_distance_pairs(
    x: BoolArray, sizes: FloatArray, a: IntArray, b: IntArray, kind: SetDistance
) -> FloatArray:
    """Distance for each code pair (a[i], b[i]); computed once per distinct pair."""
    n = x.shape[0]
    uniq, inverse = np.unique(a * n + b, return_inverse=True)
    ua, ub = uniq // n, uniq % n
    inter = np.empty(len(uniq), dtype=np.float64)
    step = max(1, 2_000_000 // x.shape[1])
    for start in range(0, len(uniq), step):
        sl = slice(start, start + step)
        inter[sl] = (x[ua[sl]] & x[ub[sl]]).sum(axis=1)
    d = _distance(inter, sizes[ua], sizes[ub], kind)
    result: FloatArray = d[inverse]
    return result
