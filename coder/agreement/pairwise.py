"""Simpler agreement figures people ask for next to alpha: percent agreement, Cohen's and Fleiss'
kappa, a coder x coder matrix and each coder's agreement with the others.

Every function returns None, never NaN, when the figure is undefined (nothing to compare, or no
variation for a chance-corrected coefficient).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations
from typing import Any, Literal

import numpy as np

from coder.agreement._core import Pairable, pairable, same_value_squares
from coder.agreement._data import SetDistance, code_data
from coder.agreement.alpha import alpha_of_pairable, krippendorff_alpha
from coder.agreement.prepared import Prepared

Statistic = Literal["alpha", "percent"]


def percent_agreement(data: Any) -> float | None:
    """Pairwise percent agreement over pairable units, as a proportion in [0, 1].

    For each unit with two or more values: the share of coder pairs that chose the same value
    (exact equality; sets compare as sets); then the mean over those units, each unit counting once.
    With two coders this is the share of units both coded on which they agree. None if no unit is
    pairable. `data` may be a `Prepared` (its codes are one per distinct value at every level).
    """
    if isinstance(data, Prepared):
        return percent_of_pairable(data.pairable)
    return percent_of_pairable(pairable(code_data(data, "nominal")))


def percent_of_pairable(p: Pairable) -> float | None:
    """`percent_agreement` of data whose pairable part is `p` (from codes one per value)."""
    if len(p.index) == 0:
        return None
    agreeing = same_value_squares(p) - p.m  # ordered pairs i != j with equal values
    return float(np.mean(agreeing / (p.m * (p.m - 1))))


def cohen_kappa(a: Sequence[Any], b: Sequence[Any]) -> float | None:
    """Cohen's (1960) kappa for two coders, on the units both coded (None/NaN = not coded).

    kappa = (p_o - p_e) / (1 - p_e), p_e from each coder's own marginal distribution. None when no
    unit was coded by both or when p_e = 1 (both coders used one and the same value throughout).
    """
    if len(a) != len(b):
        raise ValueError(f"the two coders' sequences differ in length ({len(a)} vs {len(b)})")
    if isinstance(a, np.ndarray) and isinstance(b, np.ndarray):  # numeric codes: no Python loop
        coded = code_data(np.column_stack([a, b]), "nominal")
    else:
        coded = code_data(list(zip(a, b, strict=True)), "nominal")
    both = coded.codes[(coded.codes >= 0).all(axis=1)]
    if len(both) == 0:
        return None
    v = coded.n_values
    p_o = float(np.mean(both[:, 0] == both[:, 1]))
    pa = np.bincount(both[:, 0], minlength=v) / len(both)
    pb = np.bincount(both[:, 1], minlength=v) / len(both)
    p_e = float(pa @ pb)
    if p_e >= 1.0:
        return None
    return (p_o - p_e) / (1.0 - p_e)


def fleiss_kappa(counts: Sequence[Sequence[int]] | np.ndarray[Any, Any]) -> float | None:
    """Fleiss' (1971) kappa from a subjects x categories table of how many raters chose each one.

    Every subject must have the same number of raters (at least 2). None when P_e = 1.
    """
    table = np.asarray(counts, dtype=np.float64)
    if table.ndim != 2 or table.size == 0:
        raise ValueError("fleiss_kappa needs a subjects x categories table of counts")
    if (table < 0).any() or (table != np.round(table)).any():
        raise ValueError("fleiss_kappa counts must be non-negative whole numbers")
    raters = table.sum(axis=1)
    if not np.all(raters == raters[0]) or raters[0] < 2:
        raise ValueError(
            "fleiss_kappa needs the same number (2 or more) of raters for every subject; "
            "use krippendorff_alpha for unequal numbers"
        )
    r = raters[0]
    p_i = ((table**2).sum(axis=1) - r) / (r * (r - 1))
    p_j = table.sum(axis=0) / table.sum()
    p_bar, p_e = float(p_i.mean()), float((p_j**2).sum())
    if p_e >= 1.0:
        return None
    return (p_bar - p_e) / (1.0 - p_e)


def pairwise_matrix(
    data: Any,
    level: str = "nominal",
    *,
    statistic: Statistic = "alpha",
    set_distance: SetDistance = "masi",
    order: Sequence[Any] | None = None,
) -> list[list[float | None]]:
    """Coder x coder matrix of alpha (at `level`) or percent agreement for each pair of coders,
    computed on the units both coded. The diagonal and undefined pairs are None."""
    if statistic not in ("alpha", "percent"):
        raise ValueError(f"unknown statistic {statistic!r}: use 'alpha' or 'percent'")
    if isinstance(data, Prepared):
        return _prepared_matrix(data, statistic)
    rows = [list(r) for r in data]
    coders = len(rows[0]) if rows else 0
    matrix: list[list[float | None]] = [[None] * coders for _ in range(coders)]
    for i in range(coders):
        for j in range(i + 1, coders):
            sub = [[r[i], r[j]] for r in rows]
            if statistic == "percent":
                value = percent_agreement(sub)
            else:
                value = krippendorff_alpha(sub, level, set_distance=set_distance, order=order).alpha
            matrix[i][j] = matrix[j][i] = value
    return matrix


def _prepared_matrix(data: Prepared, statistic: Statistic) -> list[list[float | None]]:
    """pairwise_matrix on encoded data: each pair from the codes, nothing re-encoded."""
    coders = data.shape[1]
    matrix: list[list[float | None]] = [[None] * coders for _ in range(coders)]
    for (i, j), (alpha, percent) in pair_statistics(data).items():
        matrix[i][j] = matrix[j][i] = percent if statistic == "percent" else alpha
    return matrix


def pair_statistics(data: Prepared) -> dict[tuple[int, int], tuple[float | None, float | None]]:
    """Alpha and percent agreement of each pair of coders (i < j) on the units both coded:
    `krippendorff_alpha(data.subset(coders=(i, j))).alpha` and `percent_agreement` of it.

    The same floats, made without the subset's work: which values are present is found once for
    all pairs, and a pair's pairable units are just the units both coded (with two coders every
    pairable unit holds both values), so each pair's `Pairable` is made from two columns of codes
    instead of derived again from a copy of the matrix (tests/test_agreement_prepared.py holds
    the two to each other on random data at every level)."""
    codes = data.coded.codes
    present = codes >= 0
    size = data.coded.n_values
    out: dict[tuple[int, int], tuple[float | None, float | None]] = {}
    for i, j in combinations(range(codes.shape[1]), 2):
        index = np.flatnonzero(present[:, i] & present[:, j])
        pair = np.stack((codes[index, i], codes[index, j]), axis=1)
        counts = np.bincount(pair.ravel(), minlength=size).astype(np.float64)
        both = np.ones(pair.shape, dtype=bool)
        p = Pairable(pair, both, np.full(len(index), 2.0), counts, index, size)
        out[(i, j)] = (alpha_of_pairable(p, data.metric).alpha, percent_of_pairable(p))
    return out


def agreement_with_others(
    data: Any,
    level: str = "nominal",
    *,
    statistic: Statistic = "alpha",
    set_distance: SetDistance = "masi",
    order: Sequence[Any] | None = None,
) -> list[float | None]:
    """Each coder's mean pairwise agreement with every other coder.

    Defined as the unweighted mean of that coder's row of `pairwise_matrix` over the pairs where
    the figure is defined (None if none is). A mean of pairwise figures, not the alpha of "this
    coder against the pooled rest": it reads the same way for 2 coders or 10 and points at the
    coder who disagrees with everybody.
    """
    matrix = pairwise_matrix(
        data, level, statistic=statistic, set_distance=set_distance, order=order
    )
    out: list[float | None] = []
    for row in matrix:
        defined = [v for v in row if v is not None]
        out.append(float(np.mean(defined)) if defined else None)
    return out
