"""The plan of a project: where it is, reading it against the project's articles, and who has
started what (the facts `coder assign` must not undo)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from coder.team.model import PLAN_FILE, Plan
from coder.team.plan import load_plan

if TYPE_CHECKING:
    from coder.project import Project


def plan_path(project: Project) -> Path:
    return project.root / PLAN_FILE


def project_plan(project: Project, article_ids: list[str] | None = None) -> Plan | None:
    """The project's plan checked against its articles, or None when it has none (the project
    then works as before: every coder sees every article). A broken plan is a PlanError."""
    path = plan_path(project)
    if not path.exists():
        return None
    if article_ids is None:
        article_ids = [a.id for a in project.load_articles()]
    return load_plan(path, set(article_ids))


def started_articles(project: Project) -> dict[str, set[str]]:
    """Coder -> ids of the articles they have a record of (any status), read-only."""
    return {coder: {r.article for r in recs} for coder, recs in project.load_records().items()}
