"""The team layer: who codes what (`assign`, `plan`), how far each coder is (`progress`) and
moving everyone's work through a shared git remote (`sync`).

Core code: never imports Textual. The plan lives in `assignments.yaml` at the project root; a
project without one works as a single shared folder, as before.
"""

from coder.team.assign import AssignError, Outcome, Request, make_plan
from coder.team.model import PLAN_FILE, Plan
from coder.team.plan import PlanError, load_plan, read_plan, write_plan
from coder.team.project_plan import plan_path, project_plan, started_articles

__all__ = [
    "PLAN_FILE",
    "AssignError",
    "Outcome",
    "Plan",
    "PlanError",
    "Request",
    "load_plan",
    "make_plan",
    "plan_path",
    "project_plan",
    "read_plan",
    "started_articles",
    "write_plan",
]
