"""Who writes which file of a team's repository: the rule that makes sync conflict-free.

A coder owns their database; the lead also owns the plan, the gold database, the codebook, the
articles folder and the gazetteer(s) the codebook's place fields name (a lead who adds articles,
fixes the codebook or merges added places syncs them like everything else). Nobody owns another
coder's database.

The lead is the one named by the plan the team already shares (`team_lead`): the plan in the
remote's history as this copy last synced with it, not the working copy's. Otherwise a coder who
wrote their own name into `lead:` (or ran `coder assign`, whose `--lead` defaults to the
remembered name) would be "the lead" in their copy, and their sync would push the plan and the
codebook to everyone. Only a team whose remote has no plan yet goes by the working copy: whoever
pushes the first plan leads. Handing over is a change to `lead:` made and synced by the lead
the shared plan names; the new lead leads from their next sync on.

One kind of file has many writers: `places_added.csv` beside each gazetteer, where every coder
appends the places they add while coding (coder.places.added) and the lead's `coder places
merge` removes the ones it moves into the gazetteer. Giving each coder a file of their own would
spread one list over many files for the form, `coder check` and the merge to read; instead sync
merges it with git's built-in `union` driver (set per clone in `.git/info/attributes`), which
keeps the lines both sides appended. That is exactly right for appended rows, and its one
imperfection (a row the lead removed comes back if a coder appended beside it at the same time)
is harmless: a row whose id is already in the gazetteer is a merged place and is skipped
(coder.places.gazetteer), and the next `coder places merge` drops it.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from coder.codebook.yaml_source import YamlProblem, YList, YMap, read_yaml
from coder.errors import CoderError
from coder.places.added import ADDED_FILE, added_path
from coder.store.coder_store import coder_path
from coder.team.model import PLAN_FILE

if TYPE_CHECKING:
    from coder.project import Project

GOLD_FILE = "gold.json"
FILE_LABELS = ("the plan", "gold", "the codebook", "the articles", "the gazetteer", "added places")
"""How the report names the files that are nobody's database (see Owners.label)."""


def report_order(label: str) -> tuple[bool, str]:
    """Sort key of a report's list: people first ("ann, bob"), then files ("added places")."""
    return label in FILE_LABELS, label


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
    gazetteers: tuple[str, ...] = ()
    """The gazetteer files of the codebook's place fields: the lead's, like the codebook."""
    shared: tuple[str, ...] = ()
    """The places_added.csv beside each gazetteer: everyone appends (merged with `union`)."""
    lead: str | None = None
    """Who leads (`team_lead`), for refusals that must say who may change a lead's file."""

    def gazetteer_of(self, shared: str) -> str:
        """The gazetteer a places_added.csv belongs to ("" if unknown)."""
        pairs = dict(zip(self.shared, self.gazetteers, strict=False))
        return pairs.get(shared, "")

    def owns(self, path: str) -> bool:
        """This person is the file's only writer (so a change from elsewhere is a mistake)."""
        if path == self.database:
            return True
        if not self.is_lead:
            return False
        return (
            path in (self.plan, self.gold, self.codebook)
            or path in self.gazetteers
            or path.startswith(self.articles + "/")
        )

    def may_write(self, path: str) -> bool:
        """This person may commit changes to the file: their own, or a shared one."""
        return self.owns(path) or self.is_added_places(path)

    def is_added_places(self, path: str) -> bool:
        """A places_added.csv: one the codebook's gazetteers name, or any by that name (as
        `.git/info/attributes` merges them), so a codebook that cannot be read, or that moved
        its gazetteer, never makes a coder's added places look like somebody else's file."""
        return path in self.shared or PurePosixPath(path).name == ADDED_FILE

    def is_team_file(self, path: str) -> bool:
        """A file sync moves (a database, the plan, the codebook, an article, a gazetteer)."""
        return (
            path.startswith(self.data_dir + "/")
            or path in (self.plan, self.gold, self.codebook)
            or path in self.gazetteers
            or self.is_added_places(path)
            or path.startswith(self.articles + "/")
        )

    def owner_of(self, path: str) -> str:
        """Who writes `path`, for a refusal ("the lead", "bob"); "" when nobody's in particular."""
        if path.startswith(self.data_dir + "/") and path.endswith(".json") and path != self.gold:
            return path[len(self.data_dir) + 1 : -len(".json")]
        if path in (self.plan, self.gold, self.codebook) or path in self.gazetteers:
            return "the lead"
        if path.startswith(self.articles + "/"):
            return "the lead"
        return ""

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
        if path in self.gazetteers:
            return "the gazetteer"
        if self.is_added_places(path):
            return "added places"
        if path.startswith(self.data_dir + "/") and path.endswith(".json"):
            return path[len(self.data_dir) + 1 : -len(".json")]
        return path

    def validate_own_files(self, project: Project) -> None:
        """A lead's codebook and plan must read cleanly before they go to every coder (the
        loader's CodebookError or a PlanError, naming the file and line, if not): a codebook
        that is not YAML names no gazetteer, so each coder's added places would then look like
        another person's file to their sync."""
        if not self.is_lead:
            return
        if project.codebook_path.exists():
            project.load_codebook()
        if (project.root / PLAN_FILE).exists():
            from coder.team.project_plan import project_plan

            project_plan(project)


def plan_lead(project: Project) -> str | None:
    """The `lead:` of the working copy's plan, read leniently (see `lead_named`)."""
    try:
        text = (project.root / PLAN_FILE).read_text(encoding="utf-8")
    except (OSError, UnicodeError):
        return None
    return lead_named(text)


_LEAD_LINE = re.compile(r"^lead:.*$", re.MULTILINE)


def lead_named(text: str) -> str | None:
    """The `lead:` of a plan's text, read leniently: a plan with other problems still names its
    lead (those problems are reported by `coder check` and by the lead's own sync), and one
    that is not even YAML any more (a merge's conflict markers, a stray tab) still does when
    its top-level `lead:` line reads on its own: a shared plan that names nobody lets the first
    plan pushed with a lead decide (`team_lead`), which must not happen to a team that has one."""
    try:
        doc = read_yaml(text)
    except YamlProblem:
        line = _LEAD_LINE.search(text)
        try:
            doc = read_yaml(line.group(0)) if line else None
        except YamlProblem:
            return None
    lead = doc.get("lead") if isinstance(doc, YMap) else None
    return lead if isinstance(lead, str) and lead.strip() else None


def team_lead(project: Project, shared_plan: str | None) -> str | None:
    """The lead sync goes by: the one `shared_plan` (the plan's text as the team shares it)
    names. A team with no shared plan naming a lead yet (the first sync of a new team, or a plan
    from before plans named one) goes by the working copy's: whoever pushes the first plan
    naming a lead leads, as the README's team set-up does."""
    lead = lead_named(shared_plan) if shared_plan is not None else None
    return lead if lead is not None else plan_lead(project)


def gazetteer_files(codebook: Path) -> list[Path]:
    """The gazetteers the codebook's place fields name (`gazetteer:`, default gazetteer.csv
    beside the codebook), read leniently like `plan_lead`: a codebook with problems still names
    its gazetteers, and a codebook that cannot be read names none (its own sync reports it)."""
    try:
        doc = read_yaml(codebook.read_text(encoding="utf-8"))
    except (OSError, UnicodeError, YamlProblem):
        return []
    found: list[Path] = []
    for scope in ("article", "incident"):
        section = doc.get(scope) if isinstance(doc, YMap) else None
        fields = section.get("fields") if isinstance(section, YMap) else None
        for f in fields if isinstance(fields, YList) else ():
            if not isinstance(f, YMap) or f.get("type") != "place":
                continue
            raw = f.get("gazetteer")
            name = raw.strip() if isinstance(raw, str) and raw.strip() else "gazetteer.csv"
            path = codebook.parent / name
            if path not in found:
                found.append(path)
    return found


def owners_for(
    project: Project,
    top: Path,
    coder: str,
    shared: Callable[[str], str | None] | None = None,
) -> Owners:
    """Who writes what in the repository at `top`, for `coder`. `shared(path)` gives a file's
    text as the team shares it (None: the team has no such file yet); the plan read through it
    decides who leads (`team_lead`). Without it only the working copy is read."""
    top = top.resolve()
    paths = gazetteer_files(project.codebook_path)

    def rel(path: Path) -> str:
        try:
            return path.resolve().relative_to(top).as_posix()
        except ValueError:
            raise CoderError(
                f"{path} is outside the git repository {top}: a team's codebook, articles and "
                "coding/ folder must all be inside the project folder"
            ) from None

    plan = rel(project.root / PLAN_FILE)
    lead = team_lead(project, shared(plan) if shared else None)
    return Owners(
        coder=coder,
        is_lead=lead == coder,
        database=rel(coder_path(project.data_dir, coder)),
        data_dir=rel(project.data_dir),
        plan=plan,
        gold=rel(project.data_dir / GOLD_FILE),
        codebook=rel(project.codebook_path),
        articles=rel(project.articles_dir),
        gazetteers=tuple(_inside(top, paths)),
        shared=tuple(_inside(top, [added_path(p) for p in paths])),
        lead=lead,
    )


def _inside(top: Path, paths: list[Path]) -> list[str]:
    """`paths` relative to the repository (posix); a gazetteer outside it is not synced."""
    out: list[str] = []
    for path in paths:
        try:
            out.append(path.resolve().relative_to(top).as_posix())
        except ValueError:
            continue
    return out


NEVER_COMMITTED = ("*.json.lock", ".*.tmp", f"{ADDED_FILE}.lock")
"""Lock and temp files of the stores and of the added places: never committed (added to
.git/info/exclude)."""


def never_committed(path: str) -> bool:
    """A lock or temp file sync keeps out of commits (NEVER_COMMITTED)."""
    return any(fnmatch.fnmatch(PurePosixPath(path).name, p) for p in NEVER_COMMITTED)
