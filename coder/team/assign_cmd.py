"""`coder assign`: make or extend the project's plan and say what it is.

Nothing is written unless the whole request is valid and the old plan (if any) reads cleanly:
a lead who mistyped a coder name gets an error, not a plan that silently hides articles.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from coder.fsutil import WriteFailed
from coder.team.assign import AssignError, Outcome, Request, make_plan
from coder.team.model import PLAN_FILE, Plan
from coder.team.plan import write_plan
from coder.team.project_plan import plan_path, project_plan, started_articles

if TYPE_CHECKING:
    from coder.project import Project


def run_assign(project: Project, req: Request, default_lead: str | None = None) -> Outcome:
    """Plan, write `assignments.yaml` atomically, return what was done (for `summary`).

    The lead is `req.lead` if given, else the existing plan's, else `default_lead` (the name this
    computer remembers): a plan re-run without --lead on a laptop that remembers another name
    must not hand the team's lead over to it."""
    ids = [a.id for a in project.load_articles()]
    old = project_plan(project, ids)
    if req.lead is None and (old is None or old.lead is None):
        req = replace(req, lead=default_lead)
    outcome = make_plan(ids, req, old, started_articles(project))
    if outcome.plan.lead is None:
        raise AssignError(
            "who leads this team? give --lead NAME: the lead's coder sync is the one that sends "
            "the plan and the gold set to everyone (nothing was written)"
        )
    try:
        write_plan(plan_path(project), outcome.plan)
    except OSError as e:  # the directory itself is unwritable (mkstemp)
        raise WriteFailed(f"cannot write {plan_path(project)}: {e.strerror or e}") from None
    return outcome


def summary(outcome: Outcome, n_articles: int) -> str:
    """A few lines for the lead: articles per coder, the subsample, the pairs it covers."""
    plan = outcome.plan
    lines = [f"{PLAN_FILE}: {n_articles} articles, {len(plan.weights)} coders"]
    overlap = set(plan.overlap)
    width = max(len(c) for c in plan.coders)
    for coder in plan.coders:
        mine = plan.assignments.get(coder, [])
        shared = sum(1 for a in mine if a in overlap)
        note = "" if coder in plan.weights else "  (left; keeps started articles)"
        noun = "article" if len(mine) == 1 else "articles"
        lines.append(f"  {coder:<{width}}  {len(mine):>5} {noun} ({shared} overlap){note}")
    covered, pairs = plan.pairs_covered()
    lines.append(f"overlap: {plan.design_sentence()}")
    lines.append(f"coder pairs sharing overlap articles: {covered} of {pairs}")
    if covered < pairs and plan.overlap:
        lines.append("  (the subsample is too small to pair every two coders: raise --overlap)")
    if outcome.added or outcome.moved:
        lines.append(f"this run: {outcome.added} new assignment(s), {outcome.moved} moved")
    if outcome.dropped:
        lines.append(f"dropped {len(outcome.dropped)} article(s) no longer in the project")
    return "\n".join(lines)


__all__ = ["Plan", "run_assign", "summary"]
