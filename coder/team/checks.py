"""`coder check`'s part for the team layer: assignments.yaml against the project.

Errors are what make the plan unusable (the coding screen and sync refuse it): an unknown coder
or article, an article twice for one coder, bad numbers. Warnings are what a lead should look at:
articles nobody is assigned, overlap articles with fewer coders than the design asks.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from coder.team.plan import read_plan
from coder.team.project_plan import plan_path

if TYPE_CHECKING:
    from coder.articles import ArticleSet
    from coder.project import Project

Add = Callable[[Path | None, int | None, Literal["error", "warning"], str], None]


def check_plan(project: Project, articles: ArticleSet | None, add: Add) -> None:
    path = plan_path(project)
    if not path.exists():
        return
    ids = [a.id for a in articles] if articles is not None else None
    plan, problems = read_plan(path, set(ids) if ids is not None else None)
    for line, message in problems:
        add(path, line, "error", message)
    if plan is None or ids is None:
        return
    owners = plan.coders_of()
    nobody = [a for a in ids if a not in owners]
    if nobody:
        shown = ", ".join(nobody[:5]) + (" ..." if len(nobody) > 5 else "")
        add(
            path,
            None,
            "warning",
            f"{len(nobody)} article(s) assigned to nobody ({shown}): run coder assign to extend "
            "the plan",
        )
    short = [a for a in plan.overlap if len(owners.get(a, [])) < min(plan.k(), len(plan.weights))]
    if short:
        add(
            path,
            None,
            "warning",
            f"{len(short)} overlap article(s) have fewer than {plan.k()} coders "
            f"(e.g. {short[0]}): run coder assign to complete them",
        )
