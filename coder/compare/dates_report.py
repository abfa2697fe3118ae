"""How the date agreement (coder.compare.dates) is shown: a table, Markdown, JSON.

Kept next to, not inside, coder.compare.report so the date figures can be read and changed on
their own; report.py calls these three functions.
"""

from __future__ import annotations

from typing import Any

from rich import box
from rich.table import Table
from rich.text import Text

from coder.compare.dates import TOLERANCES
from coder.compare.results import ComparisonReport

METHOD = (
    "Dates: interval alpha on day numbers hides a day's difference when events span years, so "
    "each date variable is also reported with Krippendorff's alpha under the difference function "
    "delta = 0 when the two dates are at most k days apart (k = 0, 1, 7) and 1 otherwise "
    "(alpha admits any difference function: Krippendorff 2004, ch. 11), with the matching percent "
    "agreement. At k = 0 this is nominal agreement at the coarser of the two dates' precisions "
    "(2020-09 and 2020-09-07 agree at month precision); partial dates cover their whole month or "
    "year. The 1- and 7-day windows follow event-data matching (Donnay et al. 2019, Journal of "
    "Conflict Resolution 63(5))."
)


def _f(x: float | None) -> str:
    return "—" if x is None else f"{x:.3f}"


def _tol(k: int) -> str:
    return "exact" if k == 0 else f"±{k}d"


def dates_table(report: ComparisonReport) -> Table | None:
    """One row per date field: alpha and percent agreement at each tolerance."""
    if not report.dates:
        return None
    t = Table(
        title="Dates: agreement within k days (alpha / percent agreement)",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        collapse_padding=True,
    )
    t.add_column("field", overflow="ellipsis", no_wrap=True, min_width=12, max_width=24)
    t.add_column("units", justify="right", no_wrap=True)
    for k in TOLERANCES:
        t.add_column(_tol(k), justify="right", no_wrap=True, min_width=13)
    t.add_column("mixed", justify="right", no_wrap=True)
    for d in report.dates:
        t.add_row(
            Text(d.field),
            Text(str(d.units)),
            *(Text(f"{_f(d.alpha[k])} / {_f(d.percent[k])}") for k in TOLERANCES),
            Text(str(d.mixed_precision_units)),
        )
    t.caption = Text(
        "mixed: units with dates of different precision (they agree at the coarser one).",
        style="dim",
    )
    t.caption_justify = "left"
    return t


def dates_markdown(report: ComparisonReport) -> list[str]:
    """The method sentence and a table, or nothing when the codebook has no date field."""
    if not report.dates:
        return []
    head = " | ".join(f"alpha {_tol(k)} | % {_tol(k)}" for k in TOLERANCES)
    lines = [
        "",
        METHOD,
        "",
        f"| level | variable | units | {head} | mixed precision |",
        "|---|---|---:|" + "---:|" * (2 * len(TOLERANCES)) + "---:|",
    ]
    for d in report.dates:
        cells = " | ".join(f"{_f(d.alpha[k])} | {_f(d.percent[k])}" for k in TOLERANCES)
        lines.append(f"| {d.scope} | {d.field} | {d.units} | {cells} | {d.mixed_precision_units} |")
    return lines


def dates_json(report: ComparisonReport) -> list[dict[str, Any]]:
    return [
        {
            "field": d.field,
            "scope": d.scope,
            "units": d.units,
            "pairable_values": d.pairable_values,
            "tolerance_days": list(TOLERANCES),
            "alpha": {str(k): _r(d.alpha[k]) for k in TOLERANCES},
            "percent_agreement": {str(k): _r(d.percent[k]) for k in TOLERANCES},
            "mixed_precision_units": d.mixed_precision_units,
        }
        for d in report.dates
    ]


def _r(x: float | None) -> float | None:
    return None if x is None else round(float(x), 4)
