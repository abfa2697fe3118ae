"""Rendering of a ComparisonReport and the `coder compare` command (run_compare).

Formats: `table` (Rich, for a terminal), `json` (everything, keys in docs/compare.md), `csv` (one
row per field, for a spreadsheet) and `markdown` (a methods-appendix report). Disagreements are
listed in the JSON and, as CSV, in a separate file (`disagreements=`). Values coded by people are
data: every cell is a rich.text.Text, never parsed as markup.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

from rich import box
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from coder import __version__
from coder.agreement import ACCEPTABLE, TENTATIVE
from coder.compare.alignment import MIN_SIMILARITY
from coder.compare.dates_report import dates_markdown, dates_table
from coder.compare.engine import compare
from coder.compare.interval_notes import FEW_ARTICLES, field_notes, interval_method
from coder.compare.json_form import write_report_json, write_report_json_bytes
from coder.compare.results import ComparisonReport, FieldResult
from coder.compare.similarity import DATE_DECAY
from coder.compare.units_csv import (
    borderline_note,
    detection_disagreements,
    render_units_csv,
)
from coder.errors import CoderError
from coder.fsutil import atomic_write, atomic_write_binary

FORMATS = ("table", "json", "csv", "markdown")
_STYLE = {
    "acceptable": "green",
    "tentative": "yellow",
    "unacceptable": "bold red",
    "undefined": "dim",
}

ALIGNMENT_RULE = (
    "Incidents were aligned across coders before comparison. Coders "
    "were taken in alphabetical order and each coder's incidents (in a canonical content order) "
    "were assigned to the units built so far by maximum-weight assignment (Hungarian algorithm, "
    "scipy linear_sum_assignment) on their mean similarity to the unit's members over the "
    "codebook's match fields ({match}); dates score 1 when their intervals overlap and "
    f"{DATE_DECAY:g}^d at d days apart, categories and case/whitespace-normalised text score 1 "
    "when "
    f"equal. Pairs below a similarity of {MIN_SIMILARITY:g} were not matched, even when each coder "
    "recorded a single incident; an unmatched "
    "incident forms its own unit, missing for the other coders. A unit holds at most one "
    "incident per coder."
)


def _f(x: float | None, digits: int = 3) -> str:
    return "—" if x is None else f"{x:.{digits}f}"


def _ci(f: FieldResult) -> str:
    ci = f.stats.ci95
    return "—" if ci is None else f"{ci[0]:.2f} – {ci[1]:.2f}"


def _sorted_fields(report: ComparisonReport, scope: str) -> list[FieldResult]:
    fields = [f for f in report.fields if f.scope == scope]
    return sorted(fields, key=lambda f: (f.alpha is None, f.alpha if f.alpha is not None else 0))


_VERDICT = {
    "acceptable": "ok",
    "tentative": "tentative",
    "unacceptable": "LOW",
    "undefined": "n/a",
}


def _few_articles(report: ComparisonReport) -> str:
    n = len(report.articles)
    if n >= FEW_ARTICLES or report.bootstrap == 0:
        return ""
    return (
        f"Caution: only {n} articles were compared; with fewer than {FEW_ARTICLES} the bootstrap "
        "confidence intervals are coarse and should not be relied on."
    )


def _field_table(
    fields: Sequence[FieldResult], title: str, width: int, total: int | None = None
) -> tuple[Table, Text]:
    """One row per field, worst alpha first; why an alpha is undefined, dropped resamples and
    intervals from few articles go in numbered notes under the table (returned apart and printed
    at the console's width, so a note wraps whole instead of losing characters), so the columns
    stay one line each even on an 80-column terminal."""
    t = Table(
        title=title,
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        collapse_padding=True,
    )
    t.add_column(
        "field", overflow="ellipsis", no_wrap=True, min_width=10, max_width=max(10, width - 70)
    )
    t.add_column("level", overflow="ellipsis", no_wrap=True, min_width=7, max_width=8)
    # Numbers are never cut: a truncated alpha is worse than a truncated field name.
    for col, width in (("alpha", 6), ("95% CI", 12), ("agree", 5), ("units", 5), ("values", 6)):
        t.add_column(col, justify="right", no_wrap=True, min_width=width)
    # wide enough for "tentative (18)": the note number must never be cut
    t.add_column("verdict", no_wrap=True, min_width=14)
    notes: list[str] = []
    for f in fields:
        s = f.stats
        verdict = _VERDICT[s.threshold]
        if said := field_notes(f, total):
            notes.append(f"{f.field}: " + "; ".join(said))
            verdict += f" ({len(notes)})"
        t.add_row(
            Text(f.field + (" *" if f.matching_field else "")),
            Text(f.level),
            Text(_f(s.alpha), style=_STYLE[s.threshold]),
            Text(_ci(f)),
            Text(_f(s.percent_agreement)),
            Text(str(s.units)),
            Text(str(s.pairable_values)),
            Text(verdict, style=_STYLE[s.threshold]),
        )
    return t, Text("\n".join(f"({i}) {n}" for i, n in enumerate(notes, 1)))


def render_table(report: ComparisonReport, console: Console) -> None:
    """Rich tables: per-field results by level (worst first), coder matrix, detection."""
    console.print(
        Text(
            f"{len(report.articles)} article{'' if len(report.articles) == 1 else 's'} coded by "
            f"two or more of: {', '.join(report.coders)}"
        )
    )
    for warning in report.drift:
        console.print(Text(f"Warning: {warning}", style="yellow"))
    for scope, title in (("article", "Article level"), ("incident", "Incident level")):
        table, notes = _field_table(
            _sorted_fields(report, scope), title, console.width, len(report.articles)
        )
        console.print(table)
        if notes:
            console.print(notes)
    if (dates := dates_table(report)) is not None:
        console.print(dates)
    if few := _few_articles(report):
        console.print(Text(few, style="yellow"))
    if close := borderline_note(report):
        console.print(Text(close, style="yellow"))
    console.print(
        Text(
            f"* matching field: used to align incidents, so its alpha is inflated. Verdict: "
            f"ok alpha >= {ACCEPTABLE:.3f}, tentative >= {TENTATIVE:.3f}, LOW below, n/a "
            "undefined. Level set: MASI distance. agree: percent agreement. 95% CI: "
            + (
                f"cluster bootstrap over articles, {report.bootstrap} resamples."
                if report.bootstrap
                else "not computed (--bootstrap 0)."
            ),
            style="dim",
        )
    )
    m = Table(title="Coder x coder: mean per-field alpha (percent agreement)", title_justify="left")
    m.add_column("")
    for c in report.coders:
        m.add_column(Text(c), justify="right")
    by_pair = {frozenset(p.coders): p for p in report.pairs}
    for a in report.coders:
        cells = [Text(a)]
        for b in report.coders:
            pa = by_pair.get(frozenset((a, b)))
            cells.append(
                Text("—" if pa is None else f"{_f(pa.mean_alpha)} ({_f(pa.percent_agreement, 2)})")
            )
        m.add_row(*cells)
    console.print(m)
    others = report.coder_agreement()
    console.print(
        Text("Mean alpha with the others: " + ", ".join(f"{c} {_f(v)}" for c, v in others.items()))
    )
    det = report.detection
    d = Table(title="Incident detection (F1 = 2 x matched / (n_a + n_b))", title_justify="left")
    for col in ("coders", "articles", "incidents", "matched", "F1"):
        d.add_column(col, justify="left" if col == "coders" else "right")
    for p in det.pairs:
        d.add_row(
            Text(" / ".join(p.coders)),
            str(p.articles),
            f"{p.incidents[0]} / {p.incidents[1]}",
            str(p.matched),
            _f(p.f1),
        )
    d.add_row("all pairs", "", "", str(det.matched), _f(det.f1), style="bold")
    console.print(d)
    n = len(report.disagreements)
    console.print(
        Text(
            f"{n} disagreement{'s' if n != 1 else ''} (unit x field): list them with "
            "--disagreements FILE (CSV)."
        )
    )


def render_csv(report: ComparisonReport, out: TextIO) -> None:
    """One row per field."""
    from coder.exchange.csvsafe import safe_writer

    pairs = [f"{a}|{b}" for i, a in enumerate(report.coders) for b in report.coders[i + 1 :]]
    w = safe_writer(out, lineterminator="\n")
    w.writerow(
        ["scope", "field", "level", "alpha", "ci95_low", "ci95_high", "percent_agreement",
         "units", "pairable_values", "threshold", "matching_field", "alpha_note"]
        + [f"kappa {p}" for p in pairs]
    )  # fmt: skip
    for f in report.fields:
        s = f.stats
        ci = s.ci95 or (None, None)
        w.writerow(
            [f.scope, f.field, f.level, _num(s.alpha), _num(ci[0]), _num(ci[1]),
             _num(s.percent_agreement), s.units, s.pairable_values, s.threshold,
             f.matching_field, s.alpha_note]
            + [_num(s.kappa.get(p)) for p in pairs]
        )  # fmt: skip


def render_disagreements_csv(report: ComparisonReport, out: TextIO) -> None:
    """Coders' values are typed text: neutralised like `coder export`, since this file is made
    to be opened in a spreadsheet ("-Daquq" or "=..." would run as a formula)."""
    from coder.exchange.csvsafe import safe_writer

    # Units are numbered from 1, as the review says "incident 2"; a unit only some coders
    # recorded gets a row of its own (field DETECTION_FIELD), after the value disagreements.
    w = safe_writer(out, lineterminator="\n")  # every cell: ids and unit keys too
    w.writerow(["article", "scope", "unit", "unit_key", "field", *report.coders])
    for d in [*report.disagreements, *detection_disagreements(report)]:
        w.writerow(
            [d.article, d.scope, "" if d.unit is None else d.unit + 1, d.unit_key, d.field]
            + [str(d.values.get(c) or "") for c in report.coders]
        )


def _num(x: float | None) -> str:
    return "" if x is None else f"{x:.4f}"


def render_markdown(report: ComparisonReport) -> str:
    """A report a project lead can paste into a methods appendix."""
    det = report.detection
    # Only coders who finished a compared article contributed; a coder with drafts only did not.
    active = [c for c in report.coders if any(c in a.coders for a in report.aligned)]
    idle = [c for c in report.coders if c not in active]
    left_out = (
        f" ({', '.join(idle)} finished none of them and {'is' if len(idle) == 1 else 'are'} not "
        "included)"
        if idle
        else ""
    )
    lines = [
        "## Inter-coder reliability",
        "",
        f"{len(active)} coders ({', '.join(active)}) independently coded "
        f"{len(report.articles)} articles (each by at least two of them){left_out}. Only "
        "articles a coder had finished (done, or no incident) were compared; drafts were left "
        "out. Agreement was computed "
        f"with coder {report.version} as Krippendorff's alpha at each variable's level of "
        "measurement (nominal, ordinal, interval, ratio; multi-select variables as sets with the "
        "MASI distance). Empty values, including values of variables whose condition did not "
        f"apply for a coder, count as missing. {interval_method(report)} "
        f"Following Krippendorff, alpha >= {ACCEPTABLE:.3f} is acceptable and "
        f"{TENTATIVE:.3f} <= alpha < {ACCEPTABLE:.3f} allows tentative conclusions only."
        + (f" {few}" if (few := _few_articles(report)) else ""),
        "",
        ALIGNMENT_RULE.format(match=", ".join(report.match_fields) or "none"),
        "",
        *[f"Codebook drift: {_md(w)}.\n" for w in report.drift],
        f"Incident detection: {det.units} incident units; pairwise F1 = 2 x matched / "
        f"(n_a + n_b) = {_f(det.f1)} over all coder pairs."
        + (f" {close}" if (close := borderline_note(report)) else ""),
        "",
        "| level | variable | measurement | alpha | 95% CI | % agreement | units | values | "
        "verdict |",
        "|---|---|---|---:|---|---:|---:|---:|---|",
    ]
    for scope in ("article", "incident"):
        for f in _sorted_fields(report, scope):
            s = f.stats
            name = f.field + (" †" if f.matching_field else "")
            lines.append(
                f"| {scope} | {_md(name)} | {f.level} | {_f(s.alpha)} | {_ci(f)} | "
                f"{_f(s.percent_agreement)} | {s.units} | {s.pairable_values} | "
                f"{s.threshold if s.alpha is not None else _md(s.alpha_note)} |"
            )
    noted = [
        (f, n)
        for f in report.fields
        if (n := field_notes(f, len(report.articles))) and f.stats.alpha is not None
    ]
    if noted:
        lines += ["", "Notes on intervals:", ""]
        lines += [f"- {f.scope} {_md(f.field)}: {_md('; '.join(n))}." for f, n in noted]
    lines += [
        "",
        "† used to align incidents; its alpha is inflated by the matching.",
        "Units: units with two or more values (pairable); values: the pairable values.",
    ]
    if any(f.field.startswith("derived:") for f in report.fields):
        lines.append(
            "derived:any_incident: whether a coder recorded at least one incident in the "
            "article; derived:n_incidents: how many incidents a coder recorded in it."
        )
    if report.excluded:
        lines.append("Not assessed (level none): " + ", ".join(report.excluded) + ".")
    lines += dates_markdown(report)
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _progress_compare(
    run: Callable[[Callable[[int, int], None] | None], ComparisonReport], console: Console
) -> ComparisonReport:
    if not console.is_terminal:
        return run(None)
    with Progress(
        TextColumn("comparing fields"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(), console=console, transient=True,
    ) as bar:  # fmt: skip
        task = bar.add_task("compare", total=None)

        def step(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        return run(step)


def run_compare(
    project: Any,
    coders: Sequence[str] | None,
    fmt: str,
    out: str | Path | None,
    bootstrap: int = 1000,
    seed: int = 0,
    disagreements: str | Path | None = None,
    all_shared: bool = False,
    units: str | Path | None = None,
    typed_only: bool = False,
    keep: list[object] | None = None,
) -> int:
    """`coder compare`: read each coder's store read-only, compare, write the report.

    `keep`: a list the caller holds until the process ends without teardown (the console
    script, coder.cli.run); the records and the report go into it, so that returning does not
    free them object by object (0.28-0.30 s of CPU at 5 coders x 10k articles) just before the
    kernel drops the memory anyway.

    With an assignments.yaml only the overlap subsample is compared unless `all_shared`
    (coder.team.compare_scope), and the Markdown report states the design."""
    from coder.team.compare_scope import compare_scope

    if fmt not in FORMATS:
        raise CoderError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    records, design = compare_scope(project, project.load_records(coders), all_shared)
    if keep is not None:
        keep.append(records)
    codebook = project.load_codebook()
    from coder.textsafe import raw_stream  # Rich writes escapes; its input is codebook names

    err = Console(file=raw_stream(sys.stderr))
    report = _progress_compare(
        lambda step: compare(
            codebook, records, bootstrap=bootstrap, seed=seed, progress=step, typed_only=typed_only
        ),
        err,
    )
    if keep is not None:
        keep.append(report)
    if fmt != "table":  # the table shows them itself
        for warning in report.drift:
            err.print(Text(f"coder: warning: {warning}"), soft_wrap=True)
    if disagreements is not None:
        _write(disagreements, lambda f: render_disagreements_csv(report, f))
    if units is not None:
        _write(units, lambda f: render_units_csv(report, f))
    if fmt == "table":
        if out in (None, "-"):
            stdout = raw_stream(sys.stdout)
            console = Console(file=stdout, soft_wrap=False)
            if not console.is_terminal and not os.environ.get("COLUMNS"):
                # a pipe gets the width a file gets, not Rich's 80 columns that cut names
                console = Console(file=stdout, soft_wrap=False, width=120)
            render_table(report, console)
        else:
            _write(out, lambda f: render_table(report, Console(file=f, width=120)))
    elif fmt == "json":
        if out in (None, "-"):  # streamed: a 200 MB report is never one string in memory
            write_report_json(report, sys.stdout)
        else:
            atomic_write_binary(Path(out), lambda f: write_report_json_bytes(report, f))
    elif fmt == "csv":
        buf = io.StringIO()
        render_csv(report, buf)
        _emit(out, buf.getvalue())
    else:
        text = render_markdown(report)
        from coder.compare.typed_only import suggestion_note

        blind = bool(design) and not all_shared and codebook.suggestions and codebook.blind.overlap
        if note := suggestion_note(records, typed_only, blind_subsample=blind):
            design = f"{design} {note}".strip()
        if design:  # the sampling design goes first in the methods paragraph
            head = "## Inter-coder reliability\n\n"
            text = text.replace(head, head + design + " ", 1)
        _emit(out, text)
    return 0


def _emit(out: str | Path | None, text: str) -> None:
    if out in (None, "-"):
        sys.stdout.write(text)
    else:
        _write(out, lambda f: f.write(text))


def _write(path: str | Path, writer: Callable[[TextIO], object]) -> None:
    atomic_write(Path(path), writer)


__all__ = ["FORMATS", "__version__", "render_csv", "render_markdown", "render_table", "run_compare"]
