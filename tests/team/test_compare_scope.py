"""coder compare with a plan: the overlap subsample by default, --all-shared for the rest."""

from __future__ import annotations

import json
from pathlib import Path

from coder.cli import main
from coder.compare.typed_only import BLIND_NOTE
from coder.team import Plan, write_plan
from tests.project_helpers import make_project
from tests.team.git_team import code, write_two_coder_plan


def test_compare_uses_the_overlap_and_states_the_design(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    plan = Plan(
        weights={"ann": 1.0, "bob": 1.0},
        assignments={"ann": ["a1", "a2"], "bob": ["a1", "a2", "a3"]},
        overlap=["a1"],
        seed=11,
        overlap_n=1,
        drawn_from=3,
        lead="lea",
    )
    write_plan(project.root / "assignments.yaml", plan)
    for coder in ("ann", "bob"):
        code(project, coder, "a1", "Topzawa")
        code(project, coder, "a2", "Daquq")  # shared by chance (a hand edit), not the design
    json_out = tmp_path / "r.json"

    def compare(out: Path, *options: str) -> None:
        args = ["compare", "--project", str(project.root), "--out", str(out), "--bootstrap", "0"]
        assert main([*args, *options]) == 0

    compare(json_out, "--format", "json")
    assert json.loads(json_out.read_text())["articles"] == 1
    compare(json_out, "--format", "json", "--all-shared")
    assert json.loads(json_out.read_text())["articles"] == 2
    md = tmp_path / "r.md"
    compare(md, "--format", "markdown")
    assert (
        "Design: 1 article (33%) drawn at random (seed 11) from 3 was coded independently by "
        "2 coders." in md.read_text()
    )


def test_the_methods_paragraph_says_the_subsample_was_coded_blind(tmp_path: Path) -> None:
    """With `hide_on_overlap` the compared overlap articles were coded without suggestions, and
    the report says so; with --all-shared it compares other articles too and cannot."""
    project = make_project(tmp_path)
    with (project.root / "codebook.yaml").open("a", encoding="utf-8") as f:
        f.write("suggestions:\n  hide_on_overlap: true\n")
    write_two_coder_plan(project)
    for coder in ("ann", "bob"):
        code(project, coder, "a1", "Topzawa")
    md = tmp_path / "r.md"
    args = ["compare", "--project", str(project.root), "--format", "markdown", "--out", str(md)]
    assert main([*args, "--bootstrap", "0"]) == 0
    assert BLIND_NOTE in md.read_text()
    assert main([*args, "--bootstrap", "0", "--all-shared"]) == 0
    assert BLIND_NOTE not in md.read_text()
