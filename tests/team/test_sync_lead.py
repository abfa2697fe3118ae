"""Who leads is decided by the plan the team shares, not by a copy's own `assignments.yaml`
(a real bare repository, a lead's and two coders' clones, as a team works)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from coder.cli import main
from coder.config import remember_coder
from coder.project import Project
from coder.team.owners import lead_named
from coder.team.sync import SyncError, sync
from tests.project_helpers import make_project
from tests.team.git_team import Team, code, git, make_team, places, run_as


@pytest.fixture
def team(tmp_path: Path) -> Team:
    return make_team(tmp_path)


def set_lead(project: Project, name: str) -> None:
    """Edit `lead:` in the copy's plan by hand, as a text editor would."""
    plan = project.root / "assignments.yaml"
    text = plan.read_text(encoding="utf-8")
    old = f"lead: {lead_named(text)}\n"
    assert old in text
    plan.write_text(text.replace(old, f"lead: {name}\n"), encoding="utf-8")


def edit_codebook(project: Project, label: str) -> None:
    book = project.root / "codebook.yaml"
    book.write_text(book.read_text().replace("label: Place", f"label: {label}"))


def remote_plan_lead(team: Team) -> str | None:
    return lead_named(git(team.origin, "show", "main:assignments.yaml"))


def test_a_coder_who_makes_themselves_lead_is_refused_and_nothing_is_pushed(team: Team) -> None:
    code(team.ann, "ann", "a1", "Topzawa")
    set_lead(team.ann, "ann")
    edit_codebook(team.ann, "Where")
    remote_before = git(team.origin, "rev-parse", "main")
    with pytest.raises(SyncError) as refused:
        sync(team.ann, "ann")
    message = str(refused.value)
    assert message.startswith(
        "uncommitted changes in files ann does not own: assignments.yaml, codebook.yaml (the plan "
        "the team shares names lea as its lead, whatever this copy's says: only lea can hand the "
        "lead over, by changing lead: and syncing). Each file has one writer: undo them (git "
        "restore --source=HEAD --staged --worktree -- assignments.yaml codebook.yaml)"
    ), message
    assert git(team.origin, "rev-parse", "main") == remote_before  # nothing reached the remote
    assert "lead: ann" not in git(team.ann.root, "log", "-p", "--all")  # nor a commit here
    undo = message.split("undo them (")[1].split(") or ask")[0]
    run_as(team.ann, "ann", undo)
    assert sync(team.ann, "ann").line() == "pushed 1 article; received nothing new"
    sync(team.bob, "bob")
    assert places(team.bob, "ann") == {"a1": "Topzawa"}
    assert remote_plan_lead(team) == "lea"
    assert "label: Where" not in (team.bob.root / "codebook.yaml").read_text()


def test_a_coder_whose_coder_assign_named_them_lead_cannot_push_it(
    team: Team, capsys: pytest.CaptureFixture[str]
) -> None:
    """A coder who runs `coder assign --lead ann` on their laptop (without --lead, assign now
    keeps the plan's lead) and commits it with `git commit -am`: the refusal names the commit
    and undoes it."""
    remember_coder("ann")
    root = str(team.ann.root)
    assign = ["assign", "--project", root, "--coders", "ann,bob", "--overlap-n", "2"]
    assert main(assign) == 0
    assert lead_named((team.ann.root / "assignments.yaml").read_text()) == "lea"
    assert main([*assign, "--lead", "ann"]) == 0
    assert lead_named((team.ann.root / "assignments.yaml").read_text()) == "ann"
    edit_codebook(team.ann, "Where")
    git(team.ann.root, "-c", "user.name=ann", "-c", "user.email=a@x", "commit", "-qam", "mine")
    sha = git(team.ann.root, "rev-parse", "--short", "HEAD").strip()
    remote_before = git(team.origin, "rev-parse", "main")
    capsys.readouterr()
    assert main(["sync", "--project", root]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert f"commit {sha} (mine) changes assignments.yaml, which ann does not own (the lead " in err
    assert "names lea as its lead" in err
    assert git(team.origin, "rev-parse", "main") == remote_before
    undo = err.split("keeps your own work: ")[1].removesuffix("; then sync again\n")
    assert undo.startswith("git checkout origin/main -- assignments.yaml codebook.yaml && ")
    run_as(team.ann, "ann", undo)
    assert main(["sync", "--project", root]) == 0
    assert remote_plan_lead(team) == "lea"
    sync(team.bob, "bob")
    assert "label: Where" not in (team.bob.root / "codebook.yaml").read_text()


def test_the_lead_hands_over_and_the_new_lead_leads(team: Team) -> None:
    set_lead(team.lead, "ann")
    assert sync(team.lead, "lea").line() == "pushed the plan; received nothing new"
    assert remote_plan_lead(team) == "ann"
    assert sync(team.ann, "ann").line() == "pushed 0 articles; received the plan"
    edit_codebook(team.ann, "Where")  # ann leads from her next sync on
    assert sync(team.ann, "ann").line() == "pushed the codebook; received nothing new"
    sync(team.bob, "bob")
    assert "label: Where" in (team.bob.root / "codebook.yaml").read_text()
    sync(team.lead, "lea")  # lea receives the codebook: she is a coder now
    assert "label: Where" in (team.lead.root / "codebook.yaml").read_text()
    book = team.lead.root / "codebook.yaml"
    book.write_text(book.read_text().replace("label: Where", "label: Whither"))
    with pytest.raises(SyncError, match=r"files lea does not own: codebook\.yaml\. "):
        sync(team.lead, "lea")


def test_a_new_teams_first_plan_is_pushed_and_its_lead_then_leads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The first sync of a new team (no plan on the remote yet): whoever pushes the first plan
    leads. A coder who had cloned before it was pushed (and fetched it since) cannot push a plan
    of their own naming themselves."""
    origin = tmp_path / "origin.git"
    subprocess.run(["git", "init", "--quiet", "--bare", "-b", "main", str(origin)], check=True)
    lea_dir = tmp_path / "lea"
    lea_dir.mkdir()
    make_project(lea_dir)
    git(lea_dir, "init", "--quiet", "-b", "main")
    git(lea_dir, "remote", "add", "origin", str(origin))
    git(lea_dir, "add", "codebook.yaml", "articles")
    git(lea_dir, "-c", "user.name=lea", "-c", "user.email=l@x", "commit", "-qm", "project")
    git(lea_dir, "push", "--quiet", "-u", "origin", "main")  # the project, no plan yet
    git(tmp_path, "clone", "--quiet", str(origin), str(tmp_path / "ann"))
    ann = Project.locate(tmp_path / "ann")

    lea = str(lea_dir)
    assign = ["assign", "--coders", "ann,bob", "--overlap-n", "1", "--seed", "3"]
    assert main([*assign, "--project", lea, "--lead", "lea"]) == 0
    capsys.readouterr()
    assert main(["sync", "--coder", "lea", "--project", lea]) == 0
    assert capsys.readouterr().out == "pushed the plan; received nothing new\n"
    assert lead_named(git(origin, "show", "main:assignments.yaml")) == "lea"

    git(ann.root, "fetch", "--quiet")  # ann's copy has seen the plan, not merged it
    assert main([*assign, "--project", str(ann.root), "--lead", "ann"]) == 0
    remote_before = git(origin, "rev-parse", "main")
    with pytest.raises(
        SyncError, match=r"files ann does not own: assignments\.yaml \(the plan "
    ) as e:
        sync(ann, "ann")
    assert git(origin, "rev-parse", "main") == remote_before
    undo = str(e.value).split("undo them (")[1].split(") or ask")[0]
    assert undo == (
        "git rm -q --cached --ignore-unmatch -- assignments.yaml && mkdir -p ../coder-set-aside"
        " && mv -n -- assignments.yaml ../coder-set-aside/"
    )
    run_as(ann, "ann", undo)
    assert (ann.root.parent / "coder-set-aside" / "assignments.yaml").exists()  # kept, aside
    assert sync(ann, "ann").line() == "pushed 0 articles; received the plan"
    assert lead_named((ann.root / "assignments.yaml").read_text()) == "lea"


def test_a_broken_plan_still_names_its_lead() -> None:
    """Lenient as plan_lead always was: a plan that is not YAML any more still names its lead
    when its `lead:` line reads, so a broken shared plan does not hand the lead to a copy."""
    assert lead_named("version: 1\nlead: lea\nseed: 3\n") == "lea"
    assert lead_named("version: 1\nlead: lea  # ours\nassignments:\n\tann: [a1\n") == "lea"
    assert lead_named('lead: "lea k"\n<<<<<<< HEAD\n') == "lea k"
    assert lead_named("lead: null\n") is None
    assert lead_named("lead: [\n") is None
    assert lead_named("") is None


def test_a_plan_the_lead_deleted_still_names_the_lead(team: Team) -> None:
    """A reviewer's find: once the lead deleted the plan, neither the merge base nor the remote
    had one, so the coder's own new plan decided: ann wrote `lead: ann`, edited the codebook and
    sync pushed both. The last plan in the remote's history that named a lead still counts."""
    git(team.lead.root, "rm", "-q", "assignments.yaml")
    git(team.lead.root, "-c", "user.name=lea", "-c", "user.email=l@x", "commit", "-qm", "no plan")
    sync(team.lead, "lea")
    sync(team.ann, "ann")
    assert not (team.ann.root / "assignments.yaml").exists()
    remote_before = git(team.origin, "rev-parse", "main")
    (team.ann.root / "assignments.yaml").write_text(
        git(team.origin, "show", "main~1:assignments.yaml").replace("lead: lea", "lead: ann")
    )
    edit_codebook(team.ann, "Where")
    with pytest.raises(SyncError, match=r"codebook\.yaml"):
        sync(team.ann, "ann")
    assert git(team.origin, "rev-parse", "main") == remote_before
