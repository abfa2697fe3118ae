"""The JSON form of a ComparisonReport (`coder compare --format json`); keys documented in
docs/compare.md. Kept apart from coder.compare so the computation and its wire format can change
independently; every float is rounded to 4 decimals and every undefined figure is null."""

from __future__ import annotations

from typing import Any

from coder.agreement import ACCEPTABLE, TENTATIVE
from coder.compare.dates_report import dates_json
from coder.compare.results import ComparisonReport, FieldResult
from coder.gc_pause import gc_paused


def _r(x: float | None) -> float | None:
    return None if x is None else round(float(x), 4)


def field_json(f: FieldResult) -> dict[str, Any]:
    s = f.stats
    return {
        "field": f.field,
        "label": f.label,
        "scope": f.scope,
        "type": f.type,
        "level": f.level,
        "alpha": _r(s.alpha),
        "alpha_note": s.alpha_note,
        "ci95": None if s.ci95 is None else [_r(s.ci95[0]), _r(s.ci95[1])],
        "ci_note": s.ci_note,
        "ci_articles": s.ci_articles,
        "ci_resamples": s.ci_resamples,
        "ci_dropped": s.ci_dropped,
        "percent_agreement": _r(s.percent_agreement),
        "units": s.units,
        "pairable_values": s.pairable_values,
        "observed_disagreement": _r(s.observed),
        "expected_disagreement": _r(s.expected),
        "kappa": {k: _r(v) for k, v in s.kappa.items()},
        "threshold": s.threshold,
        "matching_field": f.matching_field,
        "derived": f.derived,
    }


def report_json(report: ComparisonReport, *, units: bool = True) -> dict[str, Any]:
    """The whole report as JSON-ready data (hundreds of thousands of small dicts, no cycles: the
    collector is paused while they are made, see `gc_paused`)."""
    with gc_paused():
        return _report_json(report, units)


def _report_json(report: ComparisonReport, units: bool) -> dict[str, Any]:
    det = report.detection
    out: dict[str, Any] = {
        "software": {"name": "coder", "version": report.version},
        "coders": list(report.coders),
        "articles": len(report.articles),
        "settings": {
            "bootstrap": report.bootstrap,
            "seed": report.seed,
            "confidence": 0.95,
            "min_similarity": report.min_similarity,
            "match_fields": list(report.match_fields),
            "thresholds": {"acceptable": ACCEPTABLE, "tentative": TENTATIVE},
        },
        "fields": [field_json(f) for f in report.fields],
        "excluded_fields": report.excluded,
        "incidents": {
            "units": det.units,
            "units_all_coders": det.units_all_coders,
            "units_one_coder": det.units_one_coder,
            "matched": det.matched,
            "f1": _r(det.f1),
            "pairs": [
                {
                    "coders": list(p.coders),
                    "articles": p.articles,
                    "incidents": {p.coders[0]: p.incidents[0], p.coders[1]: p.incidents[1]},
                    "matched": p.matched,
                    "f1": _r(p.f1),
                }
                for p in det.pairs
            ],
        },
        "coder_matrix": {
            "statistic": "mean over fields of the pairwise Krippendorff's alpha (each field at "
            "its level, on the units both coders coded); percent_agreement likewise",
            "pairs": [
                {
                    "coders": list(p.coders),
                    "mean_alpha": _r(p.mean_alpha),
                    "fields": p.fields,
                    "percent_agreement": _r(p.percent_agreement),
                }
                for p in report.pairs
            ],
            "per_coder": {c: _r(v) for c, v in report.coder_agreement().items()},
        },
        "disagreements": [
            {
                "article": d.article,
                "scope": d.scope,
                "unit": d.unit,
                "unit_key": d.unit_key,
                "field": d.field,
                "values": dict(d.values),
            }
            for d in report.disagreements
        ],
    }
    out["dates"] = dates_json(report)
    out["codebook_drift"] = {
        "warnings": list(report.drift),
        "excluded_values": [
            {
                "coder": d.coder,
                "article": d.article,
                "scope": d.scope,
                "incident": d.incident,
                "field": d.field,
                "value": d.value,
            }
            for d in report.drift_values
        ],
    }
    if units:
        out["units"] = [
            {
                "article": a.article,
                "coders": list(a.coders),
                "unit": u.index,
                "unit_key": u.key,
                "similarity": _r(u.similarity),
                "borderline": u.borderline,
                "members": {
                    c: {"incident": m.incident_id, "values": dict(m.values)}
                    for c, m in sorted(u.members.items())
                },
            }
            for a in report.aligned
            for u in a.units
        ]
    return out
