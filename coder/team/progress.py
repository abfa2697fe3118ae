"""`coder progress`: how far each coder is with the articles assigned to them.

Read-only (coders may be coding right now). With a plan, "assigned" is the coder's list in
`assignments.yaml`; without one, every article. Records of articles that are not assigned to a
coder are not counted as their progress (they are shown in `extra`), so the numbers add up.
"""

from __future__ import annotations

import json
import statistics
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from coder.team.project_plan import project_plan

if TYPE_CHECKING:
    from coder.project import Project
    from coder.store.coder_store import ArticleRecord


@dataclass
class CoderProgress:
    coder: str
    assigned: int
    done: int = 0
    no_incident: int = 0
    draft: int = 0
    not_started: int = 0
    incidents: int = 0
    active_minutes: dict[str, float] = field(default_factory=lambda: {"median": 0.0, "total": 0.0})
    last_activity: str | None = None
    extra: int = 0
    """Records of articles not assigned to this coder."""


@dataclass
class TeamProgress:
    coders: list[CoderProgress]
    overlap_articles: int = 0
    overlap_complete: int = 0
    """Overlap articles finished (done or no incident) by every coder they are assigned to."""
    has_plan: bool = False


def team_progress(project: Project) -> TeamProgress:
    ids = [a.id for a in project.load_articles()]
    plan = project_plan(project, ids)
    have = set(project.coders())
    records: dict[str, dict[str, ArticleRecord]] = {}
    for coder, recs in project.load_records(sorted(have)).items():
        records[coder] = {r.article: r for r in recs}
    if plan is not None:
        assigned = {c: plan.articles_of(c) for c in plan.coders}
    else:
        assigned = {c: list(ids) for c in sorted(have)}
    out = TeamProgress([_one(c, arts, records.get(c, {})) for c, arts in assigned.items()])
    if plan is not None:
        out.has_plan = True
        owners = plan.coders_of()
        out.overlap_articles = len(plan.overlap)
        out.overlap_complete = sum(
            1
            for a in plan.overlap
            if owners.get(a)
            and all(_finished(records.get(c, {}).get(a)) for c in owners.get(a, []))
        )
    return out


def _finished(record: ArticleRecord | None) -> bool:
    return record is not None and record.status in ("done", "no_incident")


def _one(coder: str, articles: list[str], records: dict[str, ArticleRecord]) -> CoderProgress:
    p = CoderProgress(coder, assigned=len(articles))
    mine = set(articles)
    minutes: list[float] = []
    for article in articles:
        r = records.get(article)
        if r is None:
            p.not_started += 1
            continue
        setattr(p, r.status, getattr(p, r.status) + 1)
        p.incidents += len(r.incidents)
        if r.active_seconds:
            minutes.append(r.active_seconds / 60)
    stamps = [r.updated for r in records.values() if r.updated]
    p.last_activity = max(stamps) if stamps else None
    p.extra = sum(1 for a in records if a not in mine)
    if minutes:
        p.active_minutes = {
            "median": round(statistics.median(minutes), 1),
            "total": round(sum(minutes), 1),
        }
    return p


def progress_json(report: TeamProgress) -> str:
    doc: dict[str, Any] = {
        "coders": {
            c.coder: {k: v for k, v in asdict(c).items() if k != "coder"} for c in report.coders
        },
        "overlap": {"articles": report.overlap_articles, "complete": report.overlap_complete},
        "plan": report.has_plan,
    }
    return json.dumps(doc, ensure_ascii=False, indent=2)


def progress_table(report: TeamProgress) -> str:
    head = (
        "coder",
        "assigned",
        "done",
        "no inc.",
        "draft",
        "not started",
        "incidents",
        "min/article",
        "minutes",
        "last activity",
    )
    rows = [head]
    for c in report.coders:
        rows.append(
            (
                c.coder,
                str(c.assigned),
                str(c.done),
                str(c.no_incident),
                str(c.draft),
                str(c.not_started),
                str(c.incidents),
                f"{c.active_minutes['median']:g}",
                f"{c.active_minutes['total']:g}",
                printable(c.last_activity or "-"),
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    lines = [
        "  ".join(
            v.ljust(w) if i == 0 else v.rjust(w)
            for i, (v, w) in enumerate(zip(r, widths, strict=True))
        )
        for r in rows
    ]
    if report.has_plan:
        lines.append(
            f"overlap subsample: {report.overlap_complete} of {report.overlap_articles} articles "
            "finished by all their coders"
        )
    else:
        lines.append("no assignments.yaml: every coder is counted against every article")
    return "\n".join(lines)


def printable(text: str) -> str:
    """A stamp read from a file is data: no terminal escapes reach the screen."""
    return "".join(ch for ch in text if ch.isprintable())
