"""Per-field statistics from coder.agreement, shaped for the comparison report.

All arithmetic is coder.agreement's (alpha, bootstrap, kappa, percent agreement, thresholds); this
module only decides what is computed on which slice of a field's matrix and keeps undefined
figures as None with a reason, never NaN.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from itertools import combinations

import numpy as np

from coder.agreement import (
    ACCEPTABLE,
    TENTATIVE,
    Prepared,
    bootstrap_alpha_cis,
    classify,
    cohen_kappa,
    krippendorff_alpha,
    percent_agreement,
)
from coder.compare.data import FieldData, IntArray
from coder.compare.results import FieldStats

__all__ = ["ACCEPTABLE", "TENTATIVE", "FieldStats", "all_field_stats", "field_stats", "pair_alpha"]


def field_stats(fd: FieldData, coders: Sequence[str], *, bootstrap: int, seed: int) -> FieldStats:
    """Every statistic of one field (for many fields, `all_field_stats` shares the work)."""
    return all_field_stats([fd], coders, bootstrap=bootstrap, seed=seed)[0][0]


def all_field_stats(
    fields: Sequence[FieldData],
    coders: Sequence[str],
    *,
    bootstrap: int,
    seed: int,
    progress: Callable[[int, int], None] | None = None,
) -> list[tuple[FieldStats, Prepared | None]]:
    """field_stats for each field, with each field's prepared (encoded) data for later use.

    Each field is encoded once (coder.agreement.prepare) and the bootstraps of all fields run
    together (bootstrap_alpha_cis draws the article weights once for the fields that resample
    the same articles); the intervals are the ones each field would get alone with `seed`.
    `progress(done, total)` is called as fields are finished.
    """
    total = len(fields)
    partial: list[tuple[FieldStats, Prepared | None]] = []
    boot_items: list[tuple[Prepared, IntArray]] = []
    boot_of: list[int] = []
    for k, fd in enumerate(fields):
        try:
            prep = fd.prepared()
            res = krippendorff_alpha(prep)
        except ValueError as e:  # data with no meaning at the level, e.g. negative ratio values
            partial.append((_undefined(fd, coders, f"undefined: {e}"), None))
            continue
        ci_note = "not computed (--bootstrap 0)"
        if bootstrap > 0 and res.alpha is not None:
            boot_items.append((prep, fd.groups))
            boot_of.append(k)
        elif res.alpha is None:
            ci_note = "no interval: alpha is undefined"
        stats = FieldStats(
            alpha=res.alpha,
            alpha_note=res.note,
            units=res.units,
            pairable_values=res.pairable_values,
            observed=res.observed,
            expected=res.expected,
            ci95=None,
            ci_note=ci_note,
            percent_agreement=percent_agreement(prep),
            kappa=_kappas(fd, coders),
            threshold=classify(res.alpha),
        )
        partial.append((stats, prep))
    if progress is not None:
        progress(total - len(boot_of), total)
    if boot_items:
        cis = bootstrap_alpha_cis(boot_items, n_boot=bootstrap, seed=seed)
        for k, boot in zip(boot_of, cis, strict=True):
            done, kept = partial[k]
            partial[k] = (
                replace(
                    done,
                    ci95=boot.interval,
                    ci_note=boot.note,
                    ci_articles=boot.articles,
                    ci_dropped=boot.n_boot - boot.n_valid if boot.interval else 0,
                    ci_resamples=boot.n_boot,
                ),
                kept,
            )
        if progress is not None:
            progress(total, total)
    return partial


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


def pair_alpha(
    fd: FieldData, i: int, j: int, prepared: Prepared | None = None
) -> tuple[float | None, float | None]:
    """Alpha and percent agreement of coders i and j alone, on the units both coded.

    `prepared` is the field's encoded data (FieldData.prepared()), passed to avoid encoding the
    field again for every pair of coders."""
    m = fd.matrix[:, [i, j]]
    both = ~np.isnan(m).any(axis=1)
    if not both.any():
        return None, None
    if prepared is None:
        try:
            prepared = fd.prepared()
        except ValueError:
            return None, percent_agreement(m[both])
    sub = prepared.subset(np.flatnonzero(both), (i, j))
    try:
        alpha = krippendorff_alpha(sub).alpha
    except ValueError:
        alpha = None
    return alpha, percent_agreement(sub)
