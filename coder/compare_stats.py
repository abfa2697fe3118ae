"""Per-field statistics from coder.agreement, shaped for the comparison report.

All arithmetic is coder.agreement's (alpha, bootstrap, kappa, percent agreement, thresholds); this
module only decides what is computed on which slice of a field's matrix and keeps undefined
figures as None with a reason, never NaN.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np

from coder.agreement import (
    ACCEPTABLE,
    TENTATIVE,
    Verdict,
    bootstrap_alpha_ci,
    classify,
    cohen_kappa,
    krippendorff_alpha,
    percent_agreement,
)
from coder.compare_data import FieldData

__all__ = ["ACCEPTABLE", "TENTATIVE", "FieldStats", "field_stats", "pair_alpha"]


@dataclass(frozen=True)
class FieldStats:
    alpha: float | None
    alpha_note: str
    units: int
    pairable_values: int
    observed: float | None
    expected: float | None
    ci95: tuple[float, float] | None
    ci_note: str
    percent_agreement: float | None
    kappa: dict[str, float | None]
    """Cohen's kappa per coder pair "a|b" (values as nominal categories), on units both coded."""
    threshold: Verdict


def field_stats(fd: FieldData, coders: Sequence[str], *, bootstrap: int, seed: int) -> FieldStats:
    data = fd.agreement_data()
    try:
        res = krippendorff_alpha(data, fd.level)
    except ValueError as e:  # data with no meaning at the level, e.g. negative ratio values
        return _undefined(fd, coders, f"undefined: {e}")
    ci: tuple[float, float] | None = None
    ci_note = "not computed (--bootstrap 0)"
    if bootstrap > 0 and res.alpha is not None:
        boot = bootstrap_alpha_ci(data, fd.level, fd.groups.tolist(), n_boot=bootstrap, seed=seed)
        ci, ci_note = boot.interval, boot.note
    elif res.alpha is None:
        ci_note = "no interval: alpha is undefined"
    return FieldStats(
        alpha=res.alpha,
        alpha_note=res.note,
        units=res.units,
        pairable_values=res.pairable_values,
        observed=res.observed,
        expected=res.expected,
        ci95=ci,
        ci_note=ci_note,
        percent_agreement=percent_agreement(fd.matrix),
        kappa=_kappas(fd, coders),
        threshold=classify(res.alpha),
    )


def _undefined(fd: FieldData, coders: Sequence[str], note: str) -> FieldStats:
    return FieldStats(None, note, 0, 0, None, None, None, "no interval", None, {}, "undefined")


def _kappas(fd: FieldData, coders: Sequence[str]) -> dict[str, float | None]:
    out: dict[str, float | None] = {}
    m = fd.matrix
    for i, j in combinations(range(len(coders)), 2):
        both = ~np.isnan(m[:, i]) & ~np.isnan(m[:, j])
        a, b = m[both, i], m[both, j]
        out[f"{coders[i]}|{coders[j]}"] = cohen_kappa(a, b) if a.size else None
    return out


def pair_alpha(fd: FieldData, i: int, j: int) -> tuple[float | None, float | None]:
    """Alpha and percent agreement of coders i and j alone, on the units both coded."""
    m = fd.matrix[:, [i, j]]
    both = ~np.isnan(m).any(axis=1)
    if not both.any():
        return None, None
    sub = FieldData(
        fd.name, fd.label, fd.scope, fd.type, fd.level, m[both], [], fd.groups[both], fd.field,
        fd.sets,
    )  # fmt: skip
    try:
        alpha = krippendorff_alpha(sub.agreement_data(), fd.level).alpha
    except ValueError:
        alpha = None
    return alpha, percent_agreement(sub.matrix)
