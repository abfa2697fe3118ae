"""Who writes which file of a team's repository: the rule that makes sync conflict-free.

A coder owns their database; the lead named in `assignments.yaml` also owns the plan, the gold
database, the codebook and the articles folder (a lead who adds articles or fixes the codebook
syncs them like everything else). Nobody owns another coder's database.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from coder.codebook.yaml_source import YamlProblem, YMap, read_yaml
from coder.errors import CoderError
from coder.store.coder_store import coder_path
from coder.team.model import PLAN_FILE

if TYPE_CHECKING:
    from coder.project import Project

GOLD_FILE = "gold.json"


@dataclass(frozen=True)
class Owners:
    coder: str
    is_lead: bool
    database: str
    """This coder's database, relative to the repository's top folder (posix)."""
    data_dir: str
    plan: str
    gold: str
    codebook: str
    articles: str

    def owns(self, path: str) -> bool:
        if path == self.database:
            return True
        if not self.is_lead:
            return False
        return path in (self.plan, self.gold, self.codebook) or path.startswith(self.articles + "/")

    def is_team_file(self, path: str) -> bool:
        """A file sync moves (a database, the plan, the codebook, an article)."""
        return (
            path.startswith(self.data_dir + "/")
            or path in (self.plan, self.gold, self.codebook)
            or path.startswith(self.articles + "/")
        )

    def label(self, path: str) -> str:
        """How the one-line report names what came in: a coder's name, or the lead's file."""
        if path == self.plan:
            return "the plan"
        if path == self.gold:
            return "gold"
        if path == self.codebook:
            return "the codebook"
        if path.startswith(self.articles + "/"):
            return "the articles"
        if path.startswith(self.data_dir + "/") and path.endswith(".json"):
            return path[len(self.data_dir) + 1 : -len(".json")]
        return path

    def validate_own_files(self, project: Project) -> None:
        """A lead's plan must read cleanly before it goes to every coder (PlanError if not)."""
        if self.is_lead and (project.root / PLAN_FILE).exists():
            from coder.team.project_plan import project_plan

            project_plan(project)


def plan_lead(project: Project) -> str | None:
    """The `lead:` of the plan, read leniently (a plan with other problems still names its
    lead; those problems are reported by `coder check` and by the lead's own sync)."""
    path = project.root / PLAN_FILE
    try:
        doc = read_yaml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeError, YamlProblem):
        return None
    lead = doc.get("lead") if isinstance(doc, YMap) else None
    return lead if isinstance(lead, str) else None


def owners_for(project: Project, top: Path, coder: str) -> Owners:
    top = top.resolve()

    def rel(path: Path) -> str:
        try:
            return path.resolve().relative_to(top).as_posix()
        except ValueError:
            raise CoderError(
                f"{path} is outside the git repository {top}: a team's codebook, articles and "
                "coding/ folder must all be inside the project folder"
            ) from None

    return Owners(
        coder=coder,
        is_lead=plan_lead(project) == coder,
        database=rel(coder_path(project.data_dir, coder)),
        data_dir=rel(project.data_dir),
        plan=rel(project.root / PLAN_FILE),
        gold=rel(project.data_dir / GOLD_FILE),
        codebook=rel(project.codebook_path),
        articles=rel(project.articles_dir),
    )
