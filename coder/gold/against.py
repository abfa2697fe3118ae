"""Each coder against the gold set: `coder compare --against gold`, the training feedback loop.

Once the lead has adjudicated, the gold records are the reference: how well does each coder
agree with them, field by field? This compares every coder with the gold set on the articles
that were adjudicated (the compared articles; an article only one coder finished is in the gold
set as that coder recorded it, and comparing a coder with their own coding would flatter them),
with the same statistics as `coder compare` (alpha at the field's level on the coder + gold
units, percent agreement, incident detection F1 against the gold incidents).

Unsettled disagreements have no gold value (missing), and incidents only some coders recorded
that the lead has not yet kept stay out of the gold set: settle them in `coder review` first, or
read the coder's detection F1 with that in mind. The output says how many are unsettled.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from coder.codebook.model import Codebook
from coder.compare.engine import compare
from coder.compare.results import CompareError, ComparisonReport
from coder.errors import CoderError
from coder.fsutil import write_output
from coder.gold.build import Adjudication, build_gold_records
from coder.gold.publish import try_compare
from coder.gold.store import Decision, GoldStore, gold_path
from coder.project import Project
from coder.store.coder_store import ArticleRecord

REFERENCE = "(gold)"
"""The gold set's name in these comparisons: never a valid coder name, so it cannot clash."""


@dataclass(frozen=True)
class CoderVsGold:
    coder: str
    articles: int
    report: ComparisonReport | None
    """The coder + gold comparison (None: the coder coded none of the adjudicated articles)."""

    def field(self, scope: str, name: str) -> tuple[float | None, float | None, int]:
        """(alpha, percent agreement, units) of one field, or Nones."""
        if self.report is None:
            return None, None, 0
        for f in self.report.fields:
            if f.scope == scope and f.field == name:
                return f.stats.alpha, f.stats.percent_agreement, f.stats.units
        return None, None, 0

    @property
    def detection_f1(self) -> float | None:
        return None if self.report is None else self.report.detection.f1


@dataclass(frozen=True)
class AgainstGold:
    coders: tuple[str, ...]
    fields: tuple[tuple[str, str], ...]
    """(scope, field) in the order of the coders' comparison."""
    results: tuple[CoderVsGold, ...]
    articles: int
    unsettled: int


def against_gold(project: Project, coders: Sequence[str] | None = None) -> AgainstGold:
    """Compare each coder (all by default) with the gold set built from every coder's records."""
    codebook = project.load_codebook()
    everyone = project.load_records()
    path = gold_path(project.data_dir)
    for name in coders or ():
        if name not in everyone:
            raise CoderError(f"no database for coder {name!r} in {project.data_dir}")
    with GoldStore.open(path, "", readonly=True) as store:
        decisions = store.decisions()
    return compare_with_gold(codebook, everyone, decisions, coders, where=str(path))


def compare_with_gold(
    codebook: Codebook,
    everyone: Mapping[str, Sequence[ArticleRecord]],
    decisions: Mapping[tuple[str, str], Decision],
    coders: Sequence[str] | None = None,
    *,
    report: ComparisonReport | None = None,
    where: str = "the gold database",
) -> AgainstGold:
    """`against_gold` on records and decisions already read (the review's panel passes its
    session's, and its comparison as `report` so the alignment is not redone)."""
    if report is None:
        report = try_compare(codebook, everyone)
    if report is None or not decisions:
        raise CoderError(
            f"no gold set yet in {where}: adjudicate the coders' disagreements with "
            "`coder review` first, then compare each coder with it"
        )
    adj = Adjudication(codebook, report, everyone)
    fresh = adj.fresh(decisions)
    settled, total = adj.progress(adj.items(), fresh)
    adjudicated = set(report.articles)
    gold = [
        r for r in build_gold_records(report, everyone, codebook, decisions)
        if r.article in adjudicated
    ]  # fmt: skip
    names = tuple(coders) if coders else tuple(sorted(everyone))
    results: list[CoderVsGold] = []
    fields: dict[tuple[str, str], None] = {}
    for name in names:
        if name not in everyone:
            raise CoderError(f"no records of coder {name!r} to compare with gold")
        mine = [r for r in everyone[name] if r.article in adjudicated]
        try:
            rep: ComparisonReport | None = compare(
                codebook, {name: mine, REFERENCE: gold}, bootstrap=0
            )
        except CompareError:
            rep = None
        if rep is not None:
            fields.update({(f.scope, f.field): None for f in rep.fields})
        results.append(CoderVsGold(name, 0 if rep is None else len(rep.articles), rep))
    return AgainstGold(names, tuple(fields), tuple(results), len(adjudicated), total - settled)


def _f(x: float | None) -> str:
    return "—" if x is None else f"{x:.3f}"


def render_table(result: AgainstGold, console: Console) -> None:
    console.print(
        Text(
            f"Each coder against the gold set: {result.articles} adjudicated articles"
            + (
                f", {result.unsettled} disagreement(s) still unsettled (no gold value)"
                if result.unsettled
                else ""
            )
        )
    )
    t = Table(title="alpha with gold (percent agreement)", title_justify="left",
              box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True)  # fmt: skip
    t.add_column("field", overflow="ellipsis", no_wrap=True, min_width=12, max_width=28)
    for c in result.coders:
        t.add_column(Text(c), justify="right", no_wrap=True, min_width=13)
    for scope, name in result.fields:
        cells = []
        for r in result.results:
            alpha, pa, _ = r.field(scope, name)
            cells.append(Text(f"{_f(alpha)} ({_f(pa)})"))
        t.add_row(Text(f"{scope}.{name}"), *cells)
    t.add_row(Text("incident detection F1"), *(Text(_f(r.detection_f1)) for r in result.results))
    t.add_row(Text("articles"), *(Text(str(r.articles)) for r in result.results))
    console.print(t)


def to_json(result: AgainstGold) -> dict[str, Any]:
    def r4(x: float | None) -> float | None:
        return None if x is None else round(x, 4)

    return {
        "reference": "gold",
        "articles": result.articles,
        "unsettled": result.unsettled,
        "coders": {
            r.coder: {
                "articles": r.articles,
                "detection_f1": r4(r.detection_f1),
                "fields": [
                    {"scope": s, "field": n, "alpha": r4(a), "percent_agreement": r4(p), "units": u}
                    for s, n in result.fields
                    for a, p, u in [r.field(s, n)]
                ],
            }
            for r in result.results
        },
    }


def to_csv(result: AgainstGold) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["coder", "scope", "field", "alpha", "percent_agreement", "units"])
    for r in result.results:
        for s, n in result.fields:
            a, p, u = r.field(s, n)
            w.writerow([r.coder, s, n, _num(a), _num(p), u])
        w.writerow([r.coder, "incident", "detection_f1", _num(r.detection_f1), "", ""])
    return buf.getvalue()


def to_markdown(result: AgainstGold) -> str:
    head = " | ".join(result.coders)
    lines = [
        "## Coders against the gold set",
        "",
        f"Each coder's agreement with the adjudicated (gold) values on {result.articles} "
        "articles: Krippendorff's alpha at each variable's level of measurement, with percent "
        "agreement in brackets."
        + (
            f" {result.unsettled} disagreement(s) were still unsettled and count as missing."
            if result.unsettled
            else ""
        ),
        "",
        f"| variable | {head} |",
        "|---|" + "---:|" * len(result.coders),
    ]
    for s, n in result.fields:
        cells = " | ".join(
            f"{_f(a)} ({_f(p)})" for a, p, _ in (r.field(s, n) for r in result.results)
        )
        name = f"{s}.{n}".replace("|", "\\|")
        lines.append(f"| {name} | {cells} |")
    lines.append(
        "| incident detection F1 | " + " | ".join(_f(r.detection_f1) for r in result.results) + " |"
    )
    return "\n".join(lines) + "\n"


def _num(x: float | None) -> str:
    return "" if x is None else f"{x:.4f}"


def run_against_gold(
    project: Project, coders: Sequence[str] | None, fmt: str, out: str | None
) -> int:
    """`coder compare --against gold`."""
    result = against_gold(project, coders)
    if fmt == "table":
        if out in (None, "-"):
            render_table(result, Console(soft_wrap=False))
        else:
            write_output(out, lambda f: render_table(result, Console(file=f, width=120)))
        return 0
    text: str
    if fmt == "json":
        text = json.dumps(to_json(result), indent=2, ensure_ascii=False) + "\n"
    elif fmt == "csv":
        text = to_csv(result)
    else:
        text = to_markdown(result)
    write_output(out, lambda f: f.write(text))
    return 0
