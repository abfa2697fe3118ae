"""Values accepted from a suggestion: kept per incident in the database, validated, carried
through JSONL export and import, and left out by `coder compare --typed-only`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coder.compare import compare
from coder.exchange.importer import ImportFailed, import_file
from coder.project import Project
from coder.store.coder_store import ArticleRecord, Incident
from coder.store.records import RecordInvalid
from tests.project_helpers import make_project, save
from tests.test_exchange import export_text

ID = "a" * 32


def record(suggested: list[str], attack_type: int = 3, article: str = "a1") -> ArticleRecord:
    values = {"event_date": "2020-09", "attack_type": attack_type, "fatalities": 2}
    return ArticleRecord(
        article=article,
        status="done",
        values={"relevant": True},
        incidents=[Incident(ID, values, suggested=suggested)],
    )


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return make_project(tmp_path)


def test_suggested_is_stored_and_read_back(project: Project) -> None:
    save(project, "ana", [record(["fatalities"]), record([], article="a2")])
    docs = json.loads(project.coder_path("ana").read_text(encoding="utf-8"))["records"]
    stored = {d["article"]: d["incidents"][0] for d in docs.values()}
    assert stored["a1"]["suggested"] == ["fatalities"]
    assert "suggested" not in stored["a2"]  # only when there are any: older files unchanged
    with project.open_store("ana", readonly=True) as store:
        got = {r.article: r for r in store.records()}
    assert got["a1"].incidents[0].suggested == ["fatalities"]
    assert got["a2"].incidents[0].suggested == []


def test_a_suggested_field_without_value_is_refused(project: Project) -> None:
    with pytest.raises(RecordInvalid, match="'weapon' is listed as accepted from a suggestion"):
        save(project, "ana", [record(["weapon"])])


def test_jsonl_round_trip_and_bad_suggested(project: Project, tmp_path: Path) -> None:
    save(project, "ana", [record(["fatalities", "attack_type"])])
    text = export_text(project, ["ana"], "jsonl")
    line = json.loads(text.splitlines()[0])
    assert line["incidents"][0]["suggested"] == ["fatalities", "attack_type"]
    path = tmp_path / "in.jsonl"
    path.write_text(text, encoding="utf-8")
    import_file(project, path, "bob")
    with project.open_store("bob", readonly=True) as store:
        (got,) = store.records()
    assert got.incidents[0].suggested == ["fatalities", "attack_type"]
    line["incidents"][0]["suggested"] = ["no_such_field"]
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    with pytest.raises(ImportFailed, match="suggested: must be a list of incident field names"):
        import_file(project, path, "eve")


def test_compare_typed_only_leaves_accepted_values_out(project: Project) -> None:
    codebook = project.load_codebook()
    # both coders accepted the same suggested attack type; ana typed it on the second article
    records = {
        "ana": [record(["attack_type"]), record([], attack_type=1, article="a2")],
        "bob": [record(["attack_type"]), record(["attack_type"], attack_type=2, article="a2")],
    }
    full = compare(codebook, records, bootstrap=0)
    typed = compare(codebook, records, bootstrap=0, typed_only=True)
    pairable = {f.field: f.stats.pairable_values for f in full.fields}
    pairable_typed = {f.field: f.stats.pairable_values for f in typed.fields}
    assert pairable["attack_type"] == 4 and pairable_typed["attack_type"] == 0
    assert pairable["fatalities"] == pairable_typed["fatalities"] == 4
    # the units are the same: alignment saw every value
    assert [len(a.units) for a in full.aligned] == [len(a.units) for a in typed.aligned]


def test_methods_paragraph_says_suggestions_were_shown(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    from coder import cli

    save(project, "ana", [record(["attack_type"]), record([], attack_type=1, article="a2")])
    save(project, "bob", [record(["attack_type"]), record([], attack_type=2, article="a2")])
    base = ["compare", "--project", str(project.root), "--format", "markdown", "--bootstrap", "0"]
    assert cli.main(base) == 0
    text = capsys.readouterr().out
    assert "Coders were shown values suggested from the evidence quote" in text
    assert "2 of 12 incident values (16.7%) were accepted" in text
    assert "see `coder compare --typed-only`" in text
    assert cli.main([*base, "--typed-only"]) == 0
    assert "computed on typed values only" in capsys.readouterr().out
