"""The blind switch: `suggestions: {hide_on_overlap, hide_for}` in the codebook, refused with
file:line when misconfigured, decided per coder and article, checked against the plan."""

from __future__ import annotations

from pathlib import Path

from coder.checks import check_project
from coder.cli import main
from coder.codebook.loader import load_codebook
from coder.project import Project
from coder.suggest.blind import blind_problems, hidden_reason
from tests.conftest import REPO, write_project
from tests.test_codebook import HEAD, problems, write

FIELDS = """\
incident:
  fields:
    - name: fatalities
      type: integer
      cues: [killed]
"""


def head(setting: str) -> str:
    return HEAD + setting


def test_the_mapping_loads(tmp_path: Path) -> None:
    path = write(
        tmp_path, FIELDS, head("suggestions:\n  hide_on_overlap: true\n  hide_for: [bob]\n")
    )
    cb = load_codebook(path)
    assert cb.suggestions and cb.blind.overlap and cb.blind.coders == ("bob",)
    assert (cb.blind.overlap_line, cb.blind.coders_line) == (4, 5)
    assert not load_codebook(write(tmp_path, FIELDS)).blind.overlap  # absent: nothing hidden


def test_misconfigured_blind_settings_name_their_line(tmp_path: Path) -> None:
    setting = (
        "suggestions:\n"
        "  hide_on_overlap: yes\n"  # a word in this codebook dialect, not a boolean
        "  hide_for: [bob, bob, 'no/slash']\n"
        "  hide_fro: [cy]\n"
    )
    found = {(p.line, p.message) for p in problems(tmp_path, FIELDS, head(setting))}
    messages = " | ".join(m for _, m in found)
    assert (4, "'hide_on_overlap' must be true or false") in found, messages
    assert (5, "hide_for: 'bob' is given twice") in found, messages
    assert (5, "hide_for: 'no/slash' is not a coder name") in found, messages
    assert any(line == 6 and "unknown key 'hide_fro'" in m and "hide_for" in m for line, m in found)
    scalar = problems(tmp_path, FIELDS, head("suggestions:\n  hide_for: bob\n"))
    assert [(p.line, p.message) for p in scalar] == [
        (4, "'hide_for' must be a list of coder names")
    ]
    wrong = problems(tmp_path, FIELDS, head("suggestions: sometimes\n"))
    assert wrong[0].line == 3 and "true, false or a mapping" in wrong[0].message


def test_hidden_reason_per_coder_and_article(tmp_path: Path) -> None:
    cb = load_codebook(
        write(tmp_path, FIELDS, head("suggestions: {hide_on_overlap: true, hide_for: [bob]}\n"))
    )
    assert hidden_reason(cb, "ana", "a1", {"a2"}) is None
    assert "reliability article" in (hidden_reason(cb, "ana", "a2", {"a2"}) or "")
    assert "hidden for bob" in (hidden_reason(cb, "bob", "a1", {"a2"}) or "")
    assert "no assignments.yaml" in (hidden_reason(cb, "ana", "a1", None) or "")  # fail closed
    off = load_codebook(write(tmp_path, FIELDS, head("suggestions: false\n")))
    assert hidden_reason(off, "ana", "a1", set()) == "off in the codebook"
    assert blind_problems(cb, None, None)[0][0] == 3  # the line of hide_on_overlap
    typo = blind_problems(cb, {"a2"}, ["ana", "bobby"])
    assert typo == [
        (
            3,
            "suggestions: hide_for names 'bob', who is not a coder of assignments.yaml "
            "(did you mean 'bobby'?)",
        )
    ]


def test_coder_check_reports_a_blind_setting_the_plan_cannot_honour(tmp_path: Path) -> None:
    text = (REPO / "codebook.yaml").read_text(encoding="utf-8")
    setting = "suggestions:\n  hide_on_overlap: true\n  hide_for: [bobb]\n"
    project = write_project(tmp_path / "p", setting + text, gazetteer=REPO / "gazetteer.csv")
    found = [str(p) for p in check_project(project).problems]
    assert any("codebook.yaml:2: error: suggestions: hide_on_overlap" in p for p in found), found
    root = str(project.root)
    args = ["assign", "--project", root, "--coders", "ana,bob", "--overlap-n", "2", "--lead", "ana"]
    assert main(args) == 0
    found = [str(p) for p in check_project(Project.locate(project.root)).problems]
    assert not any("hide_on_overlap" in p for p in found), found
    assert any(
        "codebook.yaml:3: error: suggestions: hide_for names 'bobb'" in p and "'bob'" in p
        for p in found
    ), found
