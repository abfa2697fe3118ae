"""The numeric core of Krippendorff's alpha, written so that no V x V matrix is ever needed for
nominal, ordinal or interval data (V = number of distinct values).

With o_ck the coincidence matrix, n_c its marginals and n = sum n_c (Krippendorff 2011):

    alpha = 1 - D_o / D_e,   D_o = sum_ck o_ck delta_ck / n,
    D_e = sum_ck n_c n_k delta_ck / (n (n - 1))

so alpha = 1 - (n - 1) * O / E with O = sum_ck o_ck delta_ck and E = sum_ck n_c n_k delta_ck.

O is summed unit by unit: O = sum_u 1/(m_u - 1) * sum over ordered coder pairs (i != j) in u of
delta(v_ui, v_uj), where m_u is the number of values in u (units with m_u < 2 are not pairable).
  nominal:  ordered pairs that differ = m_u^2 - sum_c n_uc^2 (counted by sorting each row)
  interval: sum_{i,j} (x_i - x_j)^2 = 2 m_u sum_i (x_i - mean_u)^2
  ordinal:  Krippendorff's delta_ck = (sum_{g=c..k} n_g - (n_c + n_k)/2)^2 equals (t_c - t_k)^2 for
            the mid-rank t_c = (number of values below c) + n_c / 2, so ordinal is interval on t
  ratio, set: a loop over coder pairs (coders are few), vectorised over units; at level set the
            V x V distance table over the distinct sets is computed once (V is small for multi
            fields: the sets coders actually used), so a pair's distance is a table lookup.
E comes from the value frequencies alone:
  nominal:  n^2 - sum_c n_c^2
  interval: 2 (n sum n_c x_c^2 - (sum n_c x_c)^2), with x centred first so nothing cancels
  ordinal:  the same on t (prefix sums over the sorted codes)
  ratio, set: sum_c n_c (Delta n)_c over row blocks of Delta, memory O(block x V).
Every function taking `counts` accepts one vector (V,) or a batch (b, V), which the bootstrap uses.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from coder.agreement._data import (
    AlphaLevel,
    BoolArray,
    Coded,
    FloatArray,
    IntArray,
    SetDistance,
)
from coder.agreement.distance import indicator_matrix, set_distance_block, set_distance_pairs

_BLOCK = 2_000_000  # elements per temporary block
_MAX_TABLE = 3_000  # distinct sets up to which the V x V set-distance table is kept (72 MB)


@dataclass(frozen=True)
class Pairable:
    """The pairable part of the data: units with two or more values."""

    codes: IntArray  # (units, coders), -1 missing
    present: BoolArray
    m: FloatArray  # values per unit
    counts: FloatArray  # n_c: pairable values per code
    index: IntArray  # row of each pairable unit in the original data
    n_values: int


def pairable(coded: Coded) -> Pairable:
    present_all = coded.codes >= 0
    m_all = present_all.sum(axis=1)
    index = np.flatnonzero(m_all >= 2).astype(np.int64)
    codes = coded.codes[index]
    present = present_all[index]
    counts = np.bincount(codes[present], minlength=coded.n_values).astype(np.float64)
    return Pairable(codes, present, m_all[index].astype(np.float64), counts, index, coded.n_values)


class Metric:
    """Level-specific disagreement for one coded data set."""

    def __init__(self, coded: Coded, level: AlphaLevel, set_distance: SetDistance = "masi"):
        self.level = level
        self.set_distance = set_distance
        self.x: FloatArray | None = None
        self.sets: tuple[BoolArray, FloatArray] | None = None
        self.table: FloatArray | None = None
        if level in ("interval", "ratio"):
            assert coded.numeric is not None
            self.x = coded.numeric
        if level == "set":
            self.sets = indicator_matrix(coded.values)
            v = len(coded.values)
            if v <= _MAX_TABLE:
                self.table = set_distance_block(*self.sets, slice(0, v), set_distance)

    # ---- observed -------------------------------------------------------------------------
    def unit_sums(self, p: Pairable, counts: FloatArray | None = None) -> FloatArray:
        """Sum over ordered coder pairs of delta, per pairable unit (ordinal uses `counts`)."""
        if self.level == "nominal":
            return p.m**2 - same_value_squares(p)
        if self.level in ("interval", "ordinal"):
            pos = self._positions(p.counts if counts is None else counts)
            return _spread(pos[np.maximum(p.codes, 0)], p.present, p.m)
        return _pair_loop(p, self.delta_pairs)

    def delta_pairs(self, a: IntArray, b: IntArray) -> FloatArray:
        if self.level == "ratio":
            assert self.x is not None
            return _ratio(self.x[a], self.x[b])
        if self.level == "set":
            if self.table is not None:
                looked_up: FloatArray = self.table[a, b]
                return looked_up
            assert self.sets is not None
            return set_distance_pairs(*self.sets, a, b, self.set_distance)
        if self.level == "nominal":
            differ: FloatArray = (a != b).astype(np.float64)
            return differ
        raise AssertionError(self.level)

    def _positions(self, counts: FloatArray) -> FloatArray:
        if self.level == "interval":
            assert self.x is not None
            total = counts.sum()
            mean = float(counts @ self.x / total) if total else 0.0
            return self.x - mean
        return mid_ranks(counts)

    # ---- expected -------------------------------------------------------------------------
    def expected_sum(self, counts: FloatArray) -> FloatArray:
        """E = sum_ck n_c n_k delta_ck for each row of `counts` ((V,) or (b, V))."""
        n = np.atleast_2d(counts)
        total = n.sum(axis=1)
        if self.level == "nominal":
            out = total**2 - (n**2).sum(axis=1)
        elif self.level in ("interval", "ordinal"):
            if self.level == "interval":
                assert self.x is not None
                pooled = n.sum(axis=0)
                centre = float(pooled @ self.x / pooled.sum()) if pooled.sum() else 0.0
                pos = np.broadcast_to(self.x - centre, n.shape)
            else:
                pos = mid_ranks(n) - total[:, None] / 2
            s1 = (n * pos).sum(axis=1)
            s2 = (n * pos**2).sum(axis=1)
            out = 2 * (total * s2 - s1**2)
            out[out <= 1e-12 * 2 * total * s2] = 0.0  # rounding residue of a constant
        else:
            out = self._quad_form(n)
        result: FloatArray = np.maximum(out, 0.0)
        return result

    def _quad_form(self, n: FloatArray) -> FloatArray:
        v = n.shape[1]
        out = np.zeros(n.shape[0], dtype=np.float64)
        step = max(1, _BLOCK // max(v, 1))
        for start in range(0, v, step):
            rows = slice(start, min(start + step, v))
            block = self._delta_block(rows)
            out += ((n @ block.T) * n[:, rows]).sum(axis=1)
        return out

    def _delta_block(self, rows: slice) -> FloatArray:
        if self.level == "ratio":
            assert self.x is not None
            return _ratio(self.x[rows][:, None], self.x[None, :])
        if self.table is not None:
            return self.table[rows]
        assert self.sets is not None
        return set_distance_block(*self.sets, rows, self.set_distance)


def mid_ranks(counts: FloatArray) -> FloatArray:
    """t_c = (values below c) + n_c / 2, per row; the ordinal metric is (t_c - t_k)^2."""
    result: FloatArray = np.cumsum(counts, axis=-1) - counts / 2
    return result


def _ratio(a: FloatArray, b: FloatArray) -> FloatArray:
    s = a + b
    d = np.divide(a - b, s, out=np.zeros(np.broadcast(a, b).shape), where=s != 0)
    result: FloatArray = d**2
    return result


def _spread(pos: FloatArray, present: BoolArray, m: FloatArray) -> FloatArray:
    """sum_{i,j} (p_i - p_j)^2 = 2 m sum_i (p_i - mean)^2, per unit, centred for accuracy."""
    p = np.where(present, pos, 0.0)
    mean = p.sum(axis=1) / m
    dev = np.where(present, pos - mean[:, None], 0.0)
    result: FloatArray = 2 * m * (dev**2).sum(axis=1)
    return result


def same_value_squares(p: Pairable) -> FloatArray:
    """sum_c n_uc^2 per unit: ordered pairs (i, j), i == j included, that carry the same value."""
    units, width = p.codes.shape
    if width == 2:  # every pairable unit of two coders has both values: 2^2 if equal, else 1 + 1
        two: FloatArray = np.where(p.codes[:, 0] == p.codes[:, 1], 4.0, 2.0)
        return two
    s = np.sort(p.codes, axis=1)
    keys = (np.arange(units, dtype=np.int64)[:, None] * (p.n_values + 1) + s)[s >= 0]
    if keys.size == 0:
        return np.zeros(units)
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    lengths = np.diff(np.r_[starts, keys.size]).astype(np.float64)
    unit_of_run = keys[starts] // (p.n_values + 1)
    result: FloatArray = np.bincount(unit_of_run, weights=lengths**2, minlength=units).astype(
        np.float64
    )
    return result


def _pair_loop(p: Pairable, delta: Callable[[IntArray, IntArray], FloatArray]) -> FloatArray:
    out = np.zeros(p.codes.shape[0], dtype=np.float64)
    coders = p.codes.shape[1]
    for i in range(coders):
        for j in range(i + 1, coders):
            both = p.present[:, i] & p.present[:, j]
            if both.any():
                out[both] += 2 * delta(p.codes[both, i], p.codes[both, j])
    return out
