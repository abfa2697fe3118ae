"""Places coders add travel with coder sync, and the lead's merge into the gazetteer syncs too
(a real bare repository, a lead's and two coders' clones, as a team works)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from coder.cli import main
from coder.places import gazetteer_for
from coder.places.added import add_place, added_path
from coder.project import Project
from coder.team.sync import sync
from tests.team.git_team import Team, code_place, git, make_team


@pytest.fixture
def team(tmp_path: Path) -> Team:
    return make_team(tmp_path, places=True)


def add(project: Project, coder: str, name: str, parent: str) -> str:
    """Add a village as the form's "+ add" dialog does; its id."""
    gaz = gazetteer_for(project.root / "gazetteer.csv")
    return add_place(gaz, name, "village", parent, coder).id


def run(capsys: pytest.CaptureFixture[str], project: Project, *argv: str) -> tuple[int, str]:
    """A coder command on `project`, in process; (exit status, stdout + stderr)."""
    status = main([argv[0], "--project", str(project.root), *argv[1:]])
    out = capsys.readouterr()
    return status, out.out + out.err


def listed(capsys: pytest.CaptureFixture[str], project: Project) -> list[str]:
    """The ids `coder places list` shows."""
    status, out = run(capsys, project, "places", "list")
    assert status == 0, out
    return [line.split("\t")[0] for line in out.splitlines() if line.startswith("IQ-")]


def test_a_coders_added_place_reaches_the_lead(
    team: Team, capsys: pytest.CaptureFixture[str]
) -> None:
    kani = add(team.ann, "ann", "Kani Masi", "IQ-KI-DAQ")
    code_place(team.ann, "ann", "a1", kani)
    assert sync(team.ann, "ann").line() == "pushed 1 article, 1 added place; received nothing new"
    assert git(team.ann.root, "status", "--porcelain") == ""  # nothing left behind untracked
    assert "received ann, added places" in sync(team.lead, "lea").line()
    status, out = run(capsys, team.lead, "check")
    assert status == 0 and "1 place(s) added by coders wait for review" in out, out
    assert listed(capsys, team.lead) == [kani]
    exported = team.lead.root / "out.csv"
    status, out = run(capsys, team.lead, "export", "--out", str(exported))
    assert status == 0 and "warning" not in out, out
    row = next(csv.DictReader(io.StringIO(exported.read_text(encoding="utf-8"))))
    assert (row["place"], row["place_name"], row["place_admin2"]) == (kani, "Kani Masi", "Daquq")


def test_places_two_coders_add_at_once_both_survive(
    team: Team, capsys: pytest.CaptureFixture[str]
) -> None:
    kani = add(team.ann, "ann", "Kani Masi", "IQ-KI-DAQ")
    code_place(team.ann, "ann", "a1", kani)
    bani = add(team.bob, "bob", "Bani Saad", "IQ-DI-KHN")
    same = add(team.bob, "bob", "Kani Masi", "IQ-KI-DAQ")  # the same village, independently
    code_place(team.bob, "bob", "a1", same)
    assert same == kani
    sync(team.ann, "ann")
    assert sync(team.bob, "bob").line() == (
        "pushed 1 article, 1 added place; received ann, added places"
    )
    sync(team.ann, "ann")
    sync(team.lead, "lea")
    for clone in (team.lead, team.ann, team.bob):
        assert sorted(listed(capsys, clone)) == sorted([kani, bani]), clone.root.name
        status, out = run(capsys, clone, "check")
        assert status == 0, out
        assert "already used" not in out
        assert git(clone.root, "status", "--porcelain") == ""


def test_the_lead_merges_added_places_and_syncs_the_gazetteer(
    team: Team, capsys: pytest.CaptureFixture[str]
) -> None:
    kani = add(team.ann, "ann", "Kani Masi", "IQ-KI-DAQ")
    code_place(team.ann, "ann", "a1", kani)
    sync(team.ann, "ann")
    sync(team.bob, "bob")  # bob has ann's place too, before the lead merges it
    sync(team.lead, "lea")
    status, out = run(capsys, team.lead, "places", "merge")
    assert status == 0, out
    assert sync(team.lead, "lea").line() == "pushed the gazetteer; received nothing new"
    # bob meanwhile adds a place: the union merge of places_added.csv keeps ann's old row
    bani = add(team.bob, "bob", "Bani Saad", "IQ-DI-KHN")
    code_place(team.bob, "bob", "a2", bani)
    assert sync(team.bob, "bob").line() == (  # (ann's merged place is not counted again)
        "pushed 1 article, 1 added place; received added places, the gazetteer"
    )
    sync(team.ann, "ann")
    sync(team.lead, "lea")
    for clone in (team.lead, team.ann, team.bob):
        gaz_text = (clone.root / "gazetteer.csv").read_text(encoding="utf-8")
        assert kani in gaz_text, clone.root.name
        status, out = run(capsys, clone, "check")
        assert status == 0 and "already used" not in out, out
        assert listed(capsys, clone) == [bani], clone.root.name
    status, out = run(capsys, team.lead, "places", "merge")
    assert status == 0, out
    assert "1 row(s) already merged or repeated dropped" in out
    assert kani not in added_path(team.lead.root / "gazetteer.csv").read_text(encoding="utf-8")
    assert sync(team.lead, "lea").line() == "pushed the gazetteer; received nothing new"


def test_a_coder_still_cannot_push_the_gazetteer(team: Team) -> None:
    from coder.team.sync import SyncError

    gaz = team.ann.root / "gazetteer.csv"
    gaz.write_text(gaz.read_text(encoding="utf-8") + "IQ-KI-X,X,,village,IQ-KI-DAQ,,,\n")
    with pytest.raises(SyncError, match=r"gazetteer\.csv"):
        sync(team.ann, "ann")


def test_the_places_lock_file_is_excluded(team: Team) -> None:
    add(team.ann, "ann", "Kani Masi", "IQ-KI-DAQ")
    assert (team.ann.root / "places_added.csv.lock").exists()
    sync(team.ann, "ann")
    exclude = (team.ann.root / ".git" / "info" / "exclude").read_text().splitlines()
    assert "places_added.csv.lock" in exclude
    assert "places_added.csv.lock" not in git(team.ann.root, "ls-files")


def test_the_lead_syncs_a_merged_gazetteer(team: Team, capsys: pytest.CaptureFixture[str]) -> None:
    kani = add(team.lead, "lea", "Kani Masi", "IQ-KI-DAQ")  # the lead codes too
    status, out = run(capsys, team.lead, "places", "merge")
    assert status == 0, out
    assert sync(team.lead, "lea").line() == "pushed the gazetteer; received nothing new"
    assert git(team.lead.root, "status", "--porcelain") == ""
    sync(team.ann, "ann")
    assert kani in (team.ann.root / "gazetteer.csv").read_text(encoding="utf-8")
    assert listed(capsys, team.ann) == []
