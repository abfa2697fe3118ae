"""Codebook drift in adjudication: coder values and gold decisions the codebook no longer accepts.

A choice removed from the codebook after coding (`relevant: unclear`, `source_type: social_media`)
is excluded by compare (coder.compare.drift). The adjudication must do the same, or the walk
offers the removed value to take, the gold export writes it and `coder import` then refuses the
file. Here: which incident values compare excluded (so the walk can show them as excluded and the
review refuses to take them), and which gold decisions hold a value the current codebook refuses
(they count as unsettled everywhere: review, export, `compare --against gold`; `coder check`
names them).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from coder.codebook.model import Codebook, Field
from coder.codebook.values import check_value
from coder.compare.results import ComparisonReport
from coder.gold.store import INCIDENT, Decision
from coder.store.coder_store import ArticleRecord


def dropped_incident_values(
    report: ComparisonReport, finished: Mapping[str, Mapping[str, ArticleRecord]]
) -> dict[tuple[str, str], dict[str, Any]]:
    """(coder, incident id) -> {field: stored value} of the incident values compare excluded
    (`report.drift_values` numbers incidents within the coder's record)."""
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for d in report.drift_values:
        record = finished.get(d.coder, {}).get(d.article)
        if d.scope != "incident" or d.incident is None or record is None:
            continue
        if 0 < d.incident <= len(record.incidents):
            key = (d.coder, record.incidents[d.incident - 1].id)
            out.setdefault(key, {})[d.field] = d.value
    return out


def decision_field(codebook: Codebook, unit: str, name: str) -> Field | None:
    """The field a decision is about: incident units' keys are `article:ids`, article units' the
    article id."""
    scope = "incident" if ":" in unit else "article"
    return codebook.field(scope, name)  # type: ignore[arg-type]


def decision_problem(codebook: Codebook, d: Decision) -> str | None:
    """What the current codebook refuses in decision `d` (None: it is valid)."""
    if d.field == INCIDENT:
        return None if isinstance(d.value, bool) else "incident decision is not yes/no"
    f = decision_field(codebook, d.unit, d.field)
    if f is None:
        return f"decision on '{d.field}', which the codebook no longer has (renamed or removed?)"
    problem = check_value(f, d.value)
    return None if problem is None else f"{d.field}: gold value {problem}"


def valid_decisions(
    codebook: Codebook, decisions: Mapping[tuple[str, str], Decision]
) -> dict[tuple[str, str], Decision]:
    """The decisions whose value the current codebook accepts."""
    return {k: d for k, d in decisions.items() if decision_problem(codebook, d) is None}


def invalid_decisions_warning(
    codebook: Codebook, decisions: Mapping[tuple[str, str], Decision]
) -> str:
    """One sentence for the export and the review when some decisions are refused ("" if none)."""
    bad = [d for d in decisions.values() if decision_problem(codebook, d) is not None]
    if not bad:
        return ""
    shown = ", ".join(f"{d.field}: {d.value!r}" for d in bad[:3])
    more = f" and {len(bad) - 3} more" if len(bad) > 3 else ""
    return (
        f"{len(bad)} gold decision(s) hold a value the codebook no longer accepts ({shown}{more}) "
        "and count as unsettled: decide them again in `coder review` (`coder check` lists them)"
    )
