"""`coder check` on real projects whose codebook and articles changed under the coders."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

from rich.console import Console

from coder.checks import check_project, run_check
from coder.project import Project
from tests.project_helpers import make_project, sample_records, save


def changed_project(tmp_path: Path) -> Project:
    """Coded with codebook version 2; then a field renamed, a choice dropped, articles changed."""
    project = make_project(tmp_path)
    save(project, "ann", sample_records())
    cb = project.codebook_path.read_text(encoding="utf-8")
    cb = cb.replace('version: "2"', 'version: "3"')
    cb = cb.replace("name: fatalities", "name: fatality")
    cb = cb.replace("        - {value: 1, label: Assassination}\n", "")
    project.codebook_path.write_text(cb, encoding="utf-8")
    (project.articles_dir / "a2.txt").write_text("Raid in Daquq\nRe-scraped text.\n", "utf-8")
    (project.articles_dir / "a3.txt").unlink()
    (project.articles_dir / "empty.txt").write_text("", "utf-8")
    return project


def messages(project: Project) -> list[str]:
    return [str(p) for p in check_project(project).problems]


def test_clean_project_has_no_problems(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    save(project, "ann", sample_records())
    report = check_project(project)
    assert report.problems == [] and report.exit_code == 0
    assert (report.articles, report.coders, report.records) == (3, 1, 3)
    out = io.StringIO()
    assert run_check(project, Console(file=out, width=200)) == 0
    assert "no problems" in out.getvalue()


def test_every_kind_of_problem_is_found(tmp_path: Path) -> None:
    project = changed_project(tmp_path)
    db = project.coder_path("ann")
    before = (db.read_bytes(), db.stat().st_mtime_ns)
    report = check_project(project)
    found = [str(p) for p in report.problems]
    text = "\n".join(found)
    # renamed field, with the close name suggested
    assert "article 'a1': incident 1: fatalities: is not a field of this codebook" in text
    assert "(renamed? the codebook has 'fatality')" in text
    # value no longer among the choices
    assert any("'a1': incident 2: attack_type:" in m for m in found)
    # changed article (warning), missing article (error)
    assert any("warning: article 'a2': its text changed" in m for m in found)
    assert any("error: article 'a3': coded, but not in" in m for m in found)
    # codebook version changed since coding (warning)
    assert any("warning: 3 record(s) coded with codebook version '2'" in m for m in found)
    # article folder problems are part of the check
    assert any(
        m.startswith(f"{project.articles_dir / 'empty.txt'}: error: empty file") for m in found
    )
    # record problems point at the record's line in the database file
    a1_line = next(p.line for p in report.problems if "'a1'" in p.message)
    assert a1_line is not None
    assert '"a1"' in db.read_text(encoding="utf-8").splitlines()[a1_line - 1]
    assert report.exit_code == 1
    assert (db.read_bytes(), db.stat().st_mtime_ns) == before  # nothing modified


def test_damaged_database_is_reported_not_crashed_on(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    save(project, "ann", sample_records())
    project.coder_path("zed").write_text('{"records": {"1": {"article": ', encoding="utf-8")
    report = check_project(project)
    bad = [p for p in report.problems if p.path == project.coder_path("zed")]
    assert len(bad) == 1 and bad[0].severity == "error"
    assert report.coders == 2 and report.records == 3  # ann was still checked
    assert report.exit_code == 1


def test_broken_codebook_is_reported_and_records_still_checked(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    save(project, "ann", sample_records())
    project.codebook_path.write_text("title: x\nversion: 1\narticle: [\n", encoding="utf-8")
    (project.articles_dir / "a3.txt").unlink()
    report = check_project(project)
    assert not report.codebook_ok and report.exit_code == 1
    assert report.problems[0].path == project.codebook_path
    assert any("'a3': coded, but not in" in p.message for p in report.problems)


def test_warnings_only_exit_zero_and_render_groups_by_file(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    save(project, "ann", sample_records())
    (project.articles_dir / "a2.txt").write_text("Raid\n[bold]changed[/bold]\n", "utf-8")
    (project.articles_dir / "notes.docx").write_bytes(b"PK")
    out = io.StringIO()
    assert run_check(project, Console(file=out, width=300)) == 0
    shown = out.getvalue()
    assert str(project.coder_path("ann")) in shown and "notes.docx" in shown
    assert "0 errors, 2 warnings" in shown


def test_piped_output_is_one_unwrapped_line_per_problem_in_line_order(tmp_path: Path) -> None:
    """`coder check > problems.txt` or `| grep`: every line names its file, nothing is wrapped."""
    project = make_project(tmp_path)
    long_id = "x" * 150
    lines = [
        json.dumps({"id": "j1", "text": "t"}),
        json.dumps({"id": "a1", "text": "duplicate of a1.txt"}),
        "{oops",
        json.dumps({"id": long_id, "title": "no text"}),
    ]
    (project.articles_dir / "batch.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    out = io.StringIO()
    assert run_check(project, Console(file=out, width=80)) == 1
    shown = out.getvalue().splitlines()
    batch = str(project.articles_dir / "batch.jsonl")
    assert [s.split(": ")[0] for s in shown[:3]] == [f"{batch}:2", f"{batch}:3", f"{batch}:4"]
    assert shown[0].endswith("this one is skipped: give it another id")
    assert shown[2].startswith(f"{batch}:4: error: article '{long_id}' has no \"text\"")
    assert shown[3].startswith("3 errors, 0 warnings")
    assert len(shown) == 4


def test_every_malformed_record_is_reported_and_the_good_ones_still_checked(
    tmp_path: Path,
) -> None:
    """A hand-edited database the store refuses to open: check lists each bad record with its
    line (not only the first), without repeating the file name, and still checks the rest."""
    project = make_project(tmp_path)
    save(project, "ann", sample_records())
    db = project.coder_path("ann")
    lines = db.read_text(encoding="utf-8").splitlines()
    a1 = next(n for n, line in enumerate(lines) if '"article": "a1"' in line)
    a2 = next(n for n, line in enumerate(lines) if '"article": "a2"' in line)
    a3 = next(n for n, line in enumerate(lines) if '"article": "a3"' in line)
    lines[a1] = lines[a1].replace('"status": "done"', '"status": "finished"')
    lines[a2] = re.sub(r'"incidents": \[.*?\}\}\]', '"incidents": "x"', lines[a2])
    lines[a3] = lines[a3].replace('"relevant": false', '"relevnt": false')
    db.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = check_project(project)
    mine = [p for p in report.problems if p.path == db]
    assert [p.line for p in mine] == [a1 + 1, a2 + 1, a3 + 1]
    assert all(p.severity == "error" for p in mine)
    assert "status 'finished' is not one of" in mine[0].message
    assert "'incidents' is missing or not of type list" in mine[1].message
    assert "'a3': relevnt: is not a field" in mine[2].message and "'relevant'" in mine[2].message
    assert all(str(db) not in p.message for p in mine)


def test_broken_json_names_the_file_once(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    save(project, "ann", sample_records())
    db = project.coder_path("ann")
    db.write_text(db.read_text(encoding="utf-8")[:200], encoding="utf-8")
    (problem,) = check_project(project).problems
    assert problem.path == db and str(db) not in problem.message
    assert "broken JSON" in problem.message


def test_renamed_field_suggests_a_field_the_record_has_no_value_for(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    save(project, "ann", sample_records())
    cb = project.codebook_path.read_text(encoding="utf-8")
    project.codebook_path.write_text(cb.replace("name: place", "name: event_type"), "utf-8")
    db = project.coder_path("ann")
    db.write_text(db.read_text("utf-8").replace('"place": ', '"event_kind": ', 1), "utf-8")
    text = "\n".join(messages(project))
    # event_date is closer in spelling, but this incident already has an event_date
    assert "incident 1: event_kind: is not a field of this codebook" in text
    assert "(renamed? the codebook has 'event_type')" in text
