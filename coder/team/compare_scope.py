"""What `coder compare` compares in a project with a plan: the overlap subsample.

Agreement is a property of the reliability design: articles two coders happen to share (a lead
re-assigned one by hand, a coder opened a neighbour's article) are not a random sample, so by
default only the plan's overlap articles are compared, and the methods paragraph states how they
were drawn. `all_shared` (`--all-shared`) compares every article coded by two or more coders.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coder.team.project_plan import project_plan

if TYPE_CHECKING:
    from coder.project import Project
    from coder.store.coder_store import ArticleRecord


def compare_scope(
    project: Project, records: dict[str, list[ArticleRecord]], all_shared: bool
) -> tuple[dict[str, list[ArticleRecord]], str]:
    """(the records to compare, the design sentence for the report, "" without a plan)."""
    if not (project.root / "assignments.yaml").exists():
        return records, ""
    plan = project_plan(project)
    if plan is None:
        return records, ""
    if all_shared:
        return records, (
            f"The design's reliability subsample: {plan.design_sentence()}; this report also "
            "includes every other article that two or more coders coded."
        )
    overlap = set(plan.overlap)
    kept = {c: [r for r in recs if r.article in overlap] for c, recs in records.items()}
    return kept, f"Design: {plan.design_sentence()}."
