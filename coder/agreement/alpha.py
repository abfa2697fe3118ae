"""Krippendorff's alpha for units x coders data with missing values.

Definitions follow Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", Annenberg
School for Communication Departmental Papers: only pairable values count (a unit coded by one coder
says nothing about agreement), and alpha is undefined, not 1 or 0, when the pairable values show no
variation at all. The arithmetic is in `coder.agreement._core`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from coder.agreement._core import Metric, Pairable, pairable
from coder.agreement._data import Coded, SetDistance, check_level
from coder.agreement.prepared import Prepared, prepare

NO_VARIATION = "undefined: all pairable values are identical (no variation)"
SET_NOTES = {
    "masi": "set distance: 1 - MASI (Passonneau 2006)",
    "jaccard": "set distance: 1 - Jaccard",
}


@dataclass(frozen=True)
class AlphaResult:
    """alpha is None when undefined, and `note` then says why.

    units: pairable units (two or more values); pairable_values: n, the values in those units;
    observed/expected: the disagreements D_o and D_e (None when there is nothing to compare).
    """

    alpha: float | None
    note: str
    units: int
    pairable_values: int
    observed: float | None
    expected: float | None


def krippendorff_alpha(
    data: Any,
    level: str = "nominal",
    *,
    set_distance: SetDistance = "masi",
    order: Sequence[Any] | None = None,
) -> AlphaResult:
    """Krippendorff's alpha of `data`, units x coders (None or NaN = missing).

    level: nominal, ordinal, interval, ratio or set (values are sets of labels; distance
    1 - MASI by default, `set_distance="jaccard"` for 1 - Jaccard). `order` lists ordinal values
    from low to high when they are not naturally sortable (e.g. "low", "mid", "high").
    Raises ValueError for data that has no meaning at the level (text at interval level).
    `data` may be a `Prepared` (coder.agreement.prepare): encoded once, its own level and set
    distance apply and `level`, `set_distance` and `order` are ignored.
    """
    if isinstance(data, Prepared):
        return alpha_of_coded(data.coded, data.metric, data.pairable)
    check_level(level)
    if set_distance not in SET_NOTES:
        raise ValueError(f"unknown set distance {set_distance!r}: use 'masi' or 'jaccard'")
    p = prepare(data, level, set_distance=set_distance, order=order)
    return alpha_of_coded(p.coded, p.metric)


def alpha_of_coded(coded: Coded, metric: Metric, p: Pairable | None = None) -> AlphaResult:
    """Alpha of coded data; `p` is `pairable(coded)` when the caller has it already (percent
    agreement and the bootstrap need it too)."""
    if p is None:
        p = pairable(coded)
    return alpha_of_pairable(p, metric, _notes(coded, p, metric))


def alpha_of_pairable(p: Pairable, metric: Metric, notes: Sequence[str] = ()) -> AlphaResult:
    """Alpha from the pairable units alone; `notes` are added to the result's note (the
    coder x coder alphas need only the figure, and the notes look at every unit)."""
    units, n = len(p.index), int(p.counts.sum())
    if units < 2:
        why = "no unit has" if units == 0 else "only 1 unit has"
        reason = f"undefined: {why} two or more values (need 2 or more such units)"
        return AlphaResult(None, "; ".join([reason, *notes]), units, n, None, None)
    observed_sum = float((metric.unit_sums(p) / (p.m - 1)).sum())
    d_o = observed_sum / n
    if np.count_nonzero(p.counts) < 2:
        return AlphaResult(None, "; ".join([NO_VARIATION, *notes]), units, n, d_o, 0.0)
    expected_sum = float(metric.expected_sum(p.counts)[0])
    d_e = expected_sum / (n * (n - 1))
    if expected_sum <= 0:
        return AlphaResult(None, "; ".join([NO_VARIATION, *notes]), units, n, d_o, d_e)
    alpha = 1.0 - (n - 1) * observed_sum / expected_sum
    return AlphaResult(alpha, "; ".join(notes), units, n, d_o, d_e)


def _notes(coded: Coded, p: Pairable, metric: Metric) -> list[str]:
    notes = []
    if metric.level == "set":
        notes.append(SET_NOTES[metric.set_distance])
    coded_units = int(((coded.codes >= 0).sum(axis=1) > 0).sum())
    lone = coded_units - len(p.index)
    if lone:
        s = "" if lone == 1 else "s"
        notes.append(f"{lone} unit{s} with a single value left out (not pairable)")
    return notes
