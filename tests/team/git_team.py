"""A real team on disk: a bare repository and clones for a lead and two coders."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from coder.codebook import Codebook
from coder.project import Project
from coder.store.coder_store import ArticleRecord, Incident
from coder.team import Plan, Request, write_plan
from coder.team.assign_cmd import run_assign
from tests.places_helpers import make_place_project
from tests.project_helpers import make_project


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True
    )
    return done.stdout


@dataclass
class Team:
    origin: Path
    lead: Project
    ann: Project
    bob: Project

    def clone(self, name: str) -> Project:
        target = self.origin.parent / name
        git(self.origin.parent, "clone", "--quiet", str(self.origin), str(target))
        return Project.locate(target)


def make_team(tmp: Path, *, places: bool = False) -> Team:
    """origin.git (bare, branch main); the lead's project pushed with a plan; two coder clones.
    `places`: the codebook codes a `place` against gazetteer.csv (tests/places_helpers.py),
    committed with the project as a lead sets one up."""
    origin = tmp / "origin.git"
    subprocess.run(["git", "init", "--quiet", "--bare", "-b", "main", str(origin)], check=True)
    lead_dir = tmp / "lea"
    lead_dir.mkdir()
    (make_place_project if places else make_project)(lead_dir)
    git(lead_dir, "init", "--quiet", "-b", "main")
    git(lead_dir, "remote", "add", "origin", str(origin))
    git(lead_dir, "add", "codebook.yaml", "articles", *(["gazetteer.csv"] if places else []))
    git(lead_dir, "-c", "user.name=lea", "-c", "user.email=l@x", "commit", "-qm", "project")
    lead = Project.locate(lead_dir)
    run_assign(lead, Request(coders=["ann", "bob"], overlap_n=1, seed=3, lead="lea"))
    from coder.team.sync import sync

    sync(lead, "lea")
    team = Team(origin, lead, lead, lead)
    team.ann = team.clone("ann")
    team.bob = team.clone("bob")
    return team


def write_two_coder_plan(project: Project, *, lead: str | None = None) -> None:
    """assignments.yaml for ann (a1, a2) and bob (a1, a3), a1 their overlap article: the
    smallest design in which progress and compare have both shared and single work to tell
    apart."""
    write_plan(
        project.root / "assignments.yaml",
        Plan(
            weights={"ann": 1.0, "bob": 1.0},
            assignments={"ann": ["a1", "a2"], "bob": ["a1", "a3"]},
            overlap=["a1"],
            overlap_n=1,
            drawn_from=3,
            lead=lead,
        ),
    )


def code(project: Project, coder: str, article: str, place: str) -> None:
    """Save one done record through the store API, as the coding screen would."""
    codebook: Codebook = project.load_codebook()
    articles = project.load_articles()
    record = ArticleRecord(
        article=article,
        status="done",
        values={"relevant": True, "topics": ["security"]},
        incidents=[Incident(values={"event_date": "2020", "attack_type": 1, "place": place})],
    )
    with project.open_store(coder) as store:
        store.save(record, codebook=codebook, article=articles.get(article))


def code_place(project: Project, coder: str, article: str, place: str) -> None:
    """Save one done record with `place` (an id) in a project made with make_team(places=True)."""
    codebook: Codebook = project.load_codebook()
    record = ArticleRecord(
        article=article,
        status="done",
        values={"relevant": True},
        incidents=[Incident(values={"event_date": "2020-09-07", "place": place})],
    )
    with project.open_store(coder) as store:
        store.save(record, codebook=codebook, article=project.load_articles().get(article))


def places(project: Project, coder: str) -> dict[str, str]:
    """article -> place of the first incident, as stored in `coder`'s database in `project`."""
    if coder not in project.coders():
        return {}
    with project.open_store(coder, readonly=True) as store:
        return {r.article: r.incidents[0].values["place"] for r in store.records() if r.incidents}


def run_as(project: Project, name: str, command: str) -> None:
    """A sync's advice (a shell command line), run in the copy as the person it was given to."""
    env = {**os.environ, "GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": f"{name}@x"}
    env |= {"GIT_COMMITTER_NAME": name, "GIT_COMMITTER_EMAIL": f"{name}@x"}
    subprocess.run(command, shell=True, cwd=project.root, check=True, capture_output=True, env=env)
