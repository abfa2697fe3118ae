"""What alignment decided, as files a lead can read: the units CSV and the detection rows.

Pairings used to be visible only in the JSON, with no similarity, so a lead could not see that a
Kirkuk abduction and a Mosul car bomb had become one unit. `render_units_csv` writes one row per
unit with each coder's incident and the unit's similarity, flagging borderline pairings;
`detection_disagreements` yields one row per unit that only some of the article's coders
recorded, for the disagreements CSV. Units are numbered from 1 in every file a person reads,
as the review screen says "incident 2".
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import TextIO

from coder.compare.alignment import BORDERLINE, Unit
from coder.compare.results import ComparisonReport, Disagreement

DETECTION_FIELD = "(incident recorded)"
"""The `field` of a disagreements row saying who recorded a unit's incident at all."""


def unit_number(unit: Unit) -> int:
    """The unit's number as people read it (1-based), in the CSVs and the review."""
    return unit.index + 1


def borderline_units(report: ComparisonReport) -> list[Unit]:
    """Units paired with a similarity below BORDERLINE, worst first."""
    found = [u for a in report.aligned for u in a.units if u.borderline]
    return sorted(found, key=lambda u: (u.similarity or 0.0, u.article, u.index))


def render_units_csv(report: ComparisonReport, out: TextIO) -> None:
    """One row per incident unit: who recorded it (incident ids), similarity, borderline."""
    from coder.exchange.export import neutralise

    w = csv.writer(out, lineterminator="\n")
    w.writerow(
        ["article", "unit", "unit_key", "coders", "n_coders_article", "similarity", "borderline"]
        + [f"incident {c}" for c in report.coders]
    )
    for art in report.aligned:
        for u in art.units:
            w.writerow(
                [
                    neutralise(art.article),
                    unit_number(u),
                    neutralise(u.key),
                    len(u.members),
                    len(art.coders),
                    "" if u.similarity is None else f"{u.similarity:.4f}",
                    "TRUE" if u.borderline else "FALSE",
                ]
                + [
                    neutralise(u.members[c].incident_id) if c in u.members else ""
                    for c in report.coders
                ]
            )


def detection_disagreements(report: ComparisonReport) -> Iterator[Disagreement]:
    """A unit some of the article's coders did not record: each coder's `recorded`/`not
    recorded` (None for a coder who did not code the article)."""
    for art in report.aligned:
        for u in art.units:
            if len(u.members) == len(art.coders):
                continue
            yield Disagreement(
                article=art.article,
                scope="incident",
                unit=u.index,
                unit_key=u.key,
                field=DETECTION_FIELD,
                values={
                    c: ("recorded" if c in u.members else "not recorded")
                    if c in art.coders
                    else None
                    for c in report.coders
                },
            )


def borderline_note(report: ComparisonReport, limit: int = 5) -> str:
    """One sentence for the table and the Markdown, naming the closest calls."""
    units = borderline_units(report)
    if not units:
        return ""
    shown = ", ".join(
        f"{u.article} unit {unit_number(u)} ({u.similarity:.2f})" for u in units[:limit]
    )
    more = f" and {len(units) - limit} more" if len(units) > limit else ""
    return (
        f"{len(units)} incident unit{'s' if len(units) != 1 else ''} paired with a similarity "
        f"below {BORDERLINE:g} (borderline; check them with --units FILE): {shown}{more}."
    )


__all__ = [
    "DETECTION_FIELD",
    "borderline_note",
    "borderline_units",
    "detection_disagreements",
    "render_units_csv",
    "unit_number",
]
