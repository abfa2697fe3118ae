"""Data encoded once and reused by every statistic: alpha, its bootstrap, the pairwise matrix.

Encoding (hashing each value into an integer code) and building the level's metric (for set data
the V x V distance table over the distinct sets) cost more than the statistics themselves on large
data. A `Prepared` holds both; `krippendorff_alpha`, `bootstrap_alpha_ci`, `percent_agreement` and
`pairwise_matrix` accept one in place of raw data, and `subset` selects units and coders without
encoding again (the codes keep their meaning, so the metric is shared).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt

from coder.agreement._core import Metric, Pairable, pairable
from coder.agreement._data import (
    AlphaLevel,
    Coded,
    IntArray,
    SetDistance,
    check_level,
    code_data,
)


@dataclass(frozen=True)
class Prepared:
    """Coded data (units x coders) with the metric of its level; build with `prepare`."""

    coded: Coded
    metric: Metric

    @cached_property
    def pairable(self) -> Pairable:
        """The pairable units, worked out once: alpha, percent agreement and the bootstrap of
        the same data each needed them (a sort of every unit's codes, 4 times per field)."""
        return pairable(self.coded)

    def forget_pairable(self) -> None:
        """Free the cached pairable units (~2 MB per field at 30k units, 5 coders): the
        bootstrap, the last statistic to need them, calls this once it has what it keeps."""
        self.__dict__.pop("pairable", None)

    @property
    def level(self) -> AlphaLevel:
        return self.metric.level

    @property
    def shape(self) -> tuple[int, int]:
        units, coders = self.coded.codes.shape
        return int(units), int(coders)

    def subset(
        self, units: npt.NDArray[Any] | None = None, coders: Sequence[int] | None = None
    ) -> Prepared:
        """The same data restricted to some units (index or boolean mask) and/or coders."""
        codes = self.coded.codes
        if units is not None:
            codes = codes[units]
        if coders is not None:
            codes = codes[:, list(coders)]
        return Prepared(Coded(codes, self.coded.values, self.coded.numeric), self.metric)


def prepare(
    data: Any,
    level: str = "nominal",
    *,
    set_distance: SetDistance = "masi",
    order: Sequence[Any] | None = None,
) -> Prepared:
    """Encode `data` (units x coders, None/NaN missing) once for all later statistics.

    Raises ValueError like krippendorff_alpha for data with no meaning at `level`.
    """
    lvl = check_level(level)
    _check_distance(set_distance)
    if isinstance(data, Prepared):
        return data
    coded = code_data(data, lvl, order=order)
    return Prepared(coded, Metric(coded, lvl, set_distance))


def prepare_sets(
    codes: IntArray, sets: Sequence[frozenset[Any]], *, set_distance: SetDistance = "masi"
) -> Prepared:
    """Set-level data that is already integer-coded: codes[u, j] indexes `sets` (-1 missing).

    The caller guarantees the sets are distinct (one code per distinct set), which is what makes
    "same code" mean "same set" for percent agreement and the coincidence counts.
    """
    _check_distance(set_distance)
    codes = np.asarray(codes, dtype=np.int64)
    if codes.ndim != 2:
        raise ValueError(f"codes must be 2-D (units x coders), got shape {codes.shape}")
    if codes.size and (int(codes.max()) >= len(sets) or int(codes.min()) < -1):
        raise ValueError(f"codes must lie in -1..{len(sets) - 1} (an index into sets)")
    values = [frozenset(s) for s in sets]
    if len(set(values)) != len(values):
        raise ValueError("prepare_sets needs distinct sets (one code per distinct set)")
    coded = Coded(codes, values, None)
    return Prepared(coded, Metric(coded, "set", set_distance))


def _check_distance(set_distance: str) -> None:
    if set_distance not in ("masi", "jaccard"):
        raise ValueError(f"unknown set distance {set_distance!r}: use 'masi' or 'jaccard'")
