"""A place kept as typed (`?Daquq`, coder.places.typed): what a coder records while the gazetteer
cannot be read, through the store, `coder check`, export, import and compare, with the gazetteer
missing and once it is back; and the start-up notice that names the file and what to do."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from coder.checks import check_project
from coder.codebook.place_keys import gazetteer_notices
from coder.compare import compare
from coder.errors import CoderError
from coder.places import gazetteer_for, load_gazetteer
from coder.places.cache import known_error
from coder.places.typed import typed_name, typed_value
from coder.places.values import check_place, parse_place, typed_unplaced
from coder.project import Project
from coder.store.coder_store import ArticleRecord, Incident
from tests.places_helpers import GAZETTEER, make_place_project
from tests.project_helpers import save


def cli(capsys: pytest.CaptureFixture[str], project: Project, *args: str) -> tuple[int, str]:
    """(exit status, stderr) of `coder --project ROOT ARGS`, run in this process (the installed
    `coder` script may be another checkout's)."""
    from coder.cli import main

    capsys.readouterr()
    status = main(["--project", str(project.root), *args])
    return status, capsys.readouterr().err


def _record(article: str, place: str) -> ArticleRecord:
    return ArticleRecord(
        article,
        status="done",
        values={"relevant": True},
        incidents=[Incident(f"{article}{place}".ljust(32, "x")[:32], {"event_date": "2020-09-07",
                                                                        "place": place})],
    )  # fmt: skip


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """The places test project with its gazetteer moved away (kept beside, as gaz.bak)."""
    p = make_place_project(tmp_path / "p")
    shutil.move(p.root / "gazetteer.csv", p.root / "gaz.bak")
    return p


def _restore(project: Project) -> None:
    shutil.copy(project.root / "gaz.bak", project.root / "gazetteer.csv")


def test_the_value_is_explicit_and_only_a_name() -> None:
    assert typed_value("  Ali   Sarai ") == "?Ali Sarai"
    assert typed_value("?Daquq") == "?Daquq"  # the mark is not doubled
    assert typed_name("?Ali Sarai") == "Ali Sarai" and typed_name("IQ-KI") is None
    for bad in ("", "  ", "?", "a\x07b", "x" * 201):
        with pytest.raises(ValueError):
            typed_value(bad)


def test_kept_only_while_the_gazetteer_cannot_be_read(project: Project) -> None:
    path = project.root / "gazetteer.csv"
    assert parse_place(path, "?Topzawa") == "?Topzawa"
    assert check_place(path, "?Topzawa") is None
    with pytest.raises(ValueError, match="the gazetteer cannot be read"):
        parse_place(path, "Topzawa")  # unmarked text is not accepted silently
    assert "cannot be read" in (check_place(path, "Topzawa") or "")
    assert "write it as '?Topzawa'" in (check_place(path, "? Topzawa") or "")
    assert typed_unplaced(path, "?Topzawa") is None
    _restore(project)
    assert parse_place(path, "?Tobzawa") == "IQ-KI-DAQ-TOPZAWA"  # import: a name of one place
    # The store still accepts it, as it is: an edit of another field must not change it.
    assert check_place(path, "?Topzawa") is None
    assert "write it as '?Topzawa'" in (check_place(path, "? Topzawa") or "")
    said = typed_unplaced(path, "?Topzawa") or ""
    assert "'Topzawa' was kept as typed while the gazetteer could not be read" in said
    assert "it is Topzawa · village · Daquq · Kirkuk (IQ-KI-DAQ-TOPZAWA)" in said
    assert "not a place id or name" in (typed_unplaced(path, "?Nowhere") or "")
    assert typed_unplaced(path, "IQ-KI") is None


def test_a_gazetteer_id_may_not_start_with_the_mark(tmp_path: Path) -> None:
    path = tmp_path / "gazetteer.csv"
    path.write_text(GAZETTEER + "?X,Odd,,village,IQ-KI-DAQ,,,\n", encoding="utf-8")
    assert any("must not start with '?'" in p for p in load_gazetteer(path).problems)


def test_a_failed_load_is_remembered_until_the_files_change(project: Project) -> None:
    path = project.root / "gazetteer.csv"
    path.write_text("id,name\n", encoding="utf-8")
    assert known_error(path) is None  # not read yet
    with pytest.raises(CoderError):
        gazetteer_for(path)
    error = known_error(path)
    assert error is not None and "missing column(s) kind, parent" in str(error)
    _restore(project)
    assert known_error(path) is None and "IQ-KI" in gazetteer_for(path)


def test_notice_names_the_file_the_line_and_what_to_do(project: Project) -> None:
    codebook = project.load_codebook()
    (said,) = gazetteer_notices(codebook)
    path = project.root / "gazetteer.csv"
    assert said.startswith(f"Place field 'place': no gazetteer at {path}. ")
    assert "Copy the project's gazetteer.csv there, or set `gazetteer:` on the field " in said
    assert "(codebook.yaml line 16)" in said  # `- name: place`
    text = (project.root / "codebook.yaml").read_text(encoding="utf-8")
    (project.root / "codebook.yaml").write_text(
        text.replace("      type: place\n", "      type: place\n      gazetteer: places.csv\n"),
        encoding="utf-8",
    )
    (said,) = gazetteer_notices(project.load_codebook())
    assert "no gazetteer at " + str(project.root / "places.csv") in said
    assert "or fix `gazetteer:` in codebook.yaml line 18" in said
    _restore(project)
    shutil.copy(project.root / "gazetteer.csv", project.root / "places.csv")
    assert gazetteer_notices(project.load_codebook()) == []


def test_check_lists_them_and_says_which_place_once_the_gazetteer_is_back(
    project: Project,
) -> None:
    save(project, "ana", [_record("a1", "?Topzawa")])
    report = check_project(project)
    warned = [p.message for p in report.warnings]
    assert any(
        "incident 1: place: 'Topzawa' was kept as typed for the lead to place" in m for m in warned
    ), warned
    assert [p.message for p in report.errors if "a1" in p.message] == []
    _restore(project)
    report = check_project(project)
    errors = [p.message for p in report.errors]
    (error,) = [m for m in errors if "a1" in m]
    assert error.startswith("article 'a1': incident 1: place: 'Topzawa' was kept as typed"), error
    assert "it is Topzawa · village · Daquq · Kirkuk (IQ-KI-DAQ-TOPZAWA)" in error, error
    assert not [p for p in report.warnings if "kept as typed" in p.message]
    assert report.exit_code == 1


def test_the_store_keeps_it_as_it_is_once_the_gazetteer_is_back(project: Project) -> None:
    """A record holding one is saved unchanged (a draft, or done as it was): refused, it could
    not survive an edit of its other fields (coder.places.values)."""
    _restore(project)
    save(project, "ana", [_record("a1", "?Topzawa")])
    with project.open_store("ana", readonly=True) as store:
        (record,) = store.records()
    assert record.status == "done" and record.incidents[0].values["place"] == "?Topzawa"


def test_export_and_import_round_trip_then_import_places_them(
    project: Project, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CODER_CONFIG_DIR", str(project.root / ".config"))
    save(project, "ana", [_record("a1", "?Topzawa")])
    out = project.root / "out.csv"
    status, err = cli(capsys, project, "export", "--coder", "ana", "--out", str(out))
    assert status == 0, err
    assert "warning: the gazetteer cannot be read" in err and "place_name" in err, err
    (row,) = csv.DictReader(io.StringIO(out.read_text(encoding="utf-8")))
    assert row["place"] == "?Topzawa" and row["place_name"] == ""
    status, err = cli(capsys, project, "import", "--coder", "bo", str(out))
    assert status == 0, err
    with project.open_store("bo", readonly=True) as store:
        assert store.records()[0].incidents[0].values["place"] == "?Topzawa"
    _restore(project)
    status, err = cli(capsys, project, "import", "--coder", "cy", str(out))
    assert status == 0, err
    with project.open_store("cy", readonly=True) as store:
        (incident,) = store.records()[0].incidents
    assert incident.values["place"] == "IQ-KI-DAQ-TOPZAWA"
    assert incident.as_coded == {"place": "Topzawa"}  # the name typed, without the mark


def test_compare_without_a_gazetteer_says_so_and_counts_the_typed(
    project: Project, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    codebook = project.load_codebook()
    records = {
        "ana": [_record("a1", "?Topzawa"), _record("a2", "IQ-DI-KHN-JALAWLA")],
        "bo": [_record("a1", "?Topzawa"), _record("a2", "IQ-DI-KHN-JALAWLA")],
    }
    report = compare(codebook, records, bootstrap=0)
    place = next(f for f in report.fields if f.field == "place")
    assert place.stats.percent_agreement == 1.0
    said = " | ".join(report.drift)
    assert "the gazetteer of place cannot be read" in said
    assert "without the district level" in said
    assert "2 place value(s) of ana, bo were kept as typed" in said and "'Topzawa'" in said
    # As a lead runs it: it used to stop at "coder: .../gazetteer.csv: no such file".
    monkeypatch.setenv("CODER_CONFIG_DIR", str(project.root / ".config"))
    for coder, (typed, placed) in records.items():  # each saved when the store accepts it
        save(project, coder, [typed])
        _restore(project)
        save(project, coder, [placed])
        (project.root / "gazetteer.csv").unlink()
    status, err = cli(capsys, project, "compare", "--bootstrap", "0", "--format", "json")
    assert status == 0, err
    assert "warning: the gazetteer of place cannot be read" in err, err
