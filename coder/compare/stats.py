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
    krippendorff_alpha,
    pair_statistics,
    percent_agreement,
)
from coder.compare.data import FieldData, IntArray
from coder.compare.results import FieldStats

__all__ = ["ACCEPTABLE", "TENTATIVE", "FieldStats", "all_field_stats", "field_stats", "pair_alphas"]


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
            kappa=kappas_of_codes(prep.coded.codes, coders),
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


def kappas_of_codes(codes: IntArray, coders: Sequence[str]) -> dict[str, float | None]:
    """Cohen's kappa of each pair of coders (`cohen_kappa` of their values on the units both
    coded) from the field's prepared codes (units x coders, -1 missing, one code per
    distinct value, in value order, as `FieldData.prepared` makes them), without encoding each
    pair of coders' values again (`cohen_kappa` ran np.unique 10 times per field).

    Exactly `cohen_kappa`'s figures: the values a pair used are the codes either coder has, in
    code order, which is their value order, so the two coders' shares are the same arrays, of
    the same length in the same order, as `cohen_kappa` builds from its own codes, and the same
    operations follow (tests/test_compare_kappas.py compares them value for value)."""
    out: dict[str, float | None] = {}
    size = int(codes.max()) + 1 if codes.size else 0
    present = codes >= 0
    for i, j in combinations(range(len(coders)), 2):
        both = present[:, i] & present[:, j]
        a, b = codes[both, i], codes[both, j]
        n = a.size
        if not n:
            out[f"{coders[i]}|{coders[j]}"] = None
            continue
        count_a = np.bincount(a, minlength=size)
        count_b = np.bincount(b, minlength=size)
        used = (count_a + count_b) > 0
        p_o = float(np.mean(a == b))
        p_e = float((count_a[used] / n) @ (count_b[used] / n))
        out[f"{coders[i]}|{coders[j]}"] = None if p_e >= 1.0 else (p_o - p_e) / (1.0 - p_e)
    return out


def pair_alphas(
    fd: FieldData, coders: int, prepared: Prepared | None
) -> dict[tuple[int, int], tuple[float | None, float | None]]:
    """Alpha and percent agreement of each pair of coders i < j alone, on the units both coded.

    `prepared` is the field's encoded data (FieldData.prepared()), None when encoding it failed
    (data with no meaning at the level): then alpha is None and percent agreement is taken from
    the matrix. A pair with no unit both coded has (None, None)."""
    if prepared is not None:
        return pair_statistics(prepared)
    out: dict[tuple[int, int], tuple[float | None, float | None]] = {}
    for i, j in combinations(range(coders), 2):
        m = fd.matrix[:, [i, j]]
        both = ~np.isnan(m).any(axis=1)
        out[(i, j)] = (None, percent_agreement(m[both]) if both.any() else None)
    return out
