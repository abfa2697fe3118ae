"""Export and import on real projects and real coder databases."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from coder.errors import CoderError
from coder.exchange.export import export, neutralise, unneutralise
from coder.exchange.importer import ImportFailed, import_file
from coder.project import Project
from coder.store.coder_store import ArticleRecord, Incident
from tests.project_helpers import make_project, sample_records, save


def export_text(project: Project, coders: list[str], fmt: str) -> str:
    sources = []
    for coder in coders:
        with project.open_store(coder, readonly=True) as store:
            sources.append((coder, store.records()))
    out = io.StringIO(newline="")
    export(project.load_codebook(), sources, fmt, out)
    return out.getvalue()


@pytest.fixture
def project(tmp_path: Path) -> Project:
    project = make_project(tmp_path)
    save(project, "ann", sample_records())
    return project


def relabel(text: str, old: str, new: str, fmt: str) -> str:
    if fmt == "jsonl":
        return text.replace(f'"coder": "{old}"', f'"coder": "{new}"')
    return "".join(
        line.replace(f"{old},", f"{new},", 1) if line.startswith(f"{old},") else line
        for line in io.StringIO(text, newline="")
    )


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_export_import_export_is_lossless(project: Project, tmp_path: Path, fmt: str) -> None:
    first = export_text(project, ["ann"], fmt)
    path = tmp_path / f"ann.{fmt}"
    path.write_text(first, encoding="utf-8", newline="")
    summary = import_file(project, path, "bob")
    assert summary.records == 3 and summary.incidents == 3 and summary.replaced == []
    again = export_text(project, ["bob"], fmt)
    assert relabel(again, "bob", "ann", fmt) == first
    with (
        project.open_store("ann", readonly=True) as a,
        project.open_store("bob", readonly=True) as b,
    ):
        for left, right in zip(a.records(), b.records(), strict=True):
            assert (left.article, left.status, left.values) == (
                right.article,
                right.status,
                right.values,
            )
        assert [(i.id, i.values) for i in left.incidents] == [
            (i.id, i.values) for i in right.incidents
        ]


def test_csv_shape(project: Project) -> None:
    rows = list(csv.reader(io.StringIO(export_text(project, ["ann"], "csv"), newline="")))
    header = rows[0]
    assert header[:5] == ["coder", "article", "status", "incident", "incident_id"]
    assert header[5:8] == ["relevant", "topics", "summary"]
    assert header[8:] == [
        "event_date",
        "attack_type",
        "weapon",
        "fatalities",
        "cost",
        "claimed",
        "evidence",
        "place",
        "suggested",  # which values were accepted from a suggestion (test_export_suggested.py)
    ]
    body = [dict(zip(header, r, strict=True)) for r in rows[1:]]
    assert [(r["article"], r["incident"]) for r in body] == [
        ("a1", "1"),
        ("a1", "2"),
        ("a2", "1"),
        ("a3", ""),
    ]
    first = body[0]
    assert first["topics"] == "security;economy"
    assert first["summary"] == "'=SUM(A1)\nx"  # formula neutralised
    assert first["weapon"] == '\'-mortar; "shells"'
    assert first["cost"] == "-1.5"  # a plain negative number is left alone
    assert first["attack_type"] == "3" and first["event_date"] == "2020-09"
    assert first["evidence"] == "قتل اثنان"
    assert first["place"] == "Topzawa, 'Daquq'"
    assert body[1]["place"] == "'@home" and body[1]["summary"] == first["summary"]
    # booleans as TRUE/FALSE: the only spelling both R's read.csv and pandas read as logical
    assert body[3]["status"] == "no_incident" and body[3]["relevant"] == "FALSE"
    assert {r["relevant"] for r in body} == {"TRUE", "FALSE", ""}


def test_jsonl_shape_is_flat_incidents(project: Project) -> None:
    lines = [json.loads(x) for x in export_text(project, ["ann"], "jsonl").splitlines()]
    assert [x["article"] for x in lines] == ["a1", "a2", "a3"]
    inc = lines[0]["incidents"][0]
    assert inc["id"] == "1" * 32 and inc["attack_type"] == 3 and inc["fatalities"] == 2
    assert lines[0]["values"]["topics"] == ["security", "economy"]
    assert set(lines[0]) == {"article", "coder", "status", "values", "incidents"}


def test_export_several_coders(project: Project) -> None:
    save(project, "bob", sample_records()[:1])
    rows = list(csv.reader(io.StringIO(export_text(project, ["ann", "bob"], "csv"))))
    assert [r[0] for r in rows[1:]] == ["ann"] * 4 + ["bob"] * 2


@pytest.mark.parametrize(
    "cell",
    [
        "=1+1",
        "+1",
        "-x",
        "@SUM(A1)",
        "\tx",
        "\rx",
        "'",
        "'=x",
        "''",
        "plain",
        "-3",
        "+2.5",
        "",
        "1e5",
    ],
)
def test_neutralise_round_trip(cell: str) -> None:
    assert unneutralise(neutralise(cell)) == cell
    out = neutralise(cell)
    assert not out.startswith(("=", "+", "@", "\t", "\r")) or out in ("+1", "+2.5")


def test_csv_numeric_codes_strings_and_labels(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "sheet.csv"
    path.write_text(
        "article,status,attack_type,event_date,fatalities,topics,relevant\n"
        "a1,done,3,2020-09-03,4,Security; economy,yes\n"
        "a1,done,Armed assault,2020,,Security; economy,yes\n"
        "a3,,,,,,\n",
        encoding="utf-8",
    )
    summary = import_file(project, path, "carl")
    assert summary.records == 2 and summary.incidents == 2
    with project.open_store("carl", readonly=True) as store:
        a1 = store.get("a1")
        a3 = store.get("a3")
    assert a1 is not None and a3 is not None
    assert [i.values["attack_type"] for i in a1.incidents] == [3, 2]
    assert a1.values == {"topics": ["security", "economy"], "relevant": True}
    assert a1.incidents[0].values["fatalities"] == 4
    assert len(a1.incidents[0].id) == 32 and a1.incidents[0].id != a1.incidents[1].id
    assert a3.status == "no_incident" and a3.incidents == []


def test_reimporting_a_sheet_without_ids_keeps_incident_ids(
    project: Project, tmp_path: Path
) -> None:
    """A corrected spreadsheet imported again must not orphan gold decisions made on the first
    import: ids without an incident_id column derive from coder, article and position."""
    path = tmp_path / "sheet.csv"
    sheet = "article,status,attack_type,event_date\na1,done,3,2020-09-03\na1,done,2,2020-09-04\n"
    path.write_text(sheet, encoding="utf-8")
    import_file(project, path, "carl")
    with project.open_store("carl", readonly=True) as carl:
        before = carl.get("a1")
    assert before is not None
    import_file(project, path, "dora")
    path.write_text(sheet.replace("2020-09-04", "2020-09-05"), encoding="utf-8")  # a correction
    import_file(project, path, "carl")
    with (
        project.open_store("carl", readonly=True) as carl,
        project.open_store("dora", readonly=True) as dora,
    ):
        c, d = carl.get("a1"), dora.get("a1")
    assert c is not None and d is not None
    first = [i.id for i in c.incidents]
    assert first == [i.id for i in before.incidents]
    assert c.incidents[1].values["event_date"] == "2020-09-05"
    import_file(project, path, "carl")
    with project.open_store("carl", readonly=True) as carl:
        again = carl.get("a1")
    assert again is not None and [i.id for i in again.incidents] == first
    assert len(set(first)) == 2 and not set(first) & {i.id for i in d.incidents}


def test_import_replaces_existing_records_and_says_so(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "one.jsonl"
    path.write_text(
        json.dumps({"article": "a3", "status": "no_incident", "values": {"relevant": True}}) + "\n",
        encoding="utf-8",
    )
    summary = import_file(project, path, "ann")
    assert summary.replaced == ["a3"] and "replaced 1 existing record(s): a3" in str(summary)
    with project.open_store("ann", readonly=True) as store:
        a3 = store.get("a3")
        assert a3 is not None and a3.values == {"relevant": True}
        assert len(store.records()) == 3  # the others are untouched


def test_importing_the_same_coding_again_leaves_the_records_as_they_were(
    project: Project, tmp_path: Path
) -> None:
    """A tester re-imported an unchanged export: every record was 'replaced', stamped as
    updated now (so sync pushed them all as new work) and lost the time the coder had spent."""
    path = tmp_path / "ann.jsonl"
    path.write_text(export_text(project, ["ann"], "jsonl"), encoding="utf-8")
    before = json.loads(project.coder_path("ann").read_text(encoding="utf-8"))
    summary = import_file(project, path, "ann")
    assert summary.replaced == [] and summary.unchanged == 3
    assert str(summary).startswith("imported 0 article record(s) with 0 incident(s)")
    assert "3 already stored as in the file (left as they were)" in str(summary)
    assert json.loads(project.coder_path("ann").read_text(encoding="utf-8")) == before
    changed = path.read_text(encoding="utf-8").replace('"status": "done"', '"status": "draft"', 1)
    path.write_text(changed, encoding="utf-8")
    summary = import_file(project, path, "ann")
    assert len(summary.replaced) == 1 and summary.unchanged == 2
    assert str(summary).startswith("imported 1 article record(s)")


def test_same_coding_tells_true_from_1_and_1_from_1_point_0() -> None:
    from coder.store.records import same_coding

    doc = {"status": "done", "values": {"claimed": 1}, "incidents": []}
    assert same_coding(doc, {"status": "done", "values": {"claimed": 1}, "incidents": []})
    assert not same_coding(doc, {"status": "done", "values": {"claimed": True}, "incidents": []})
    assert not same_coding(doc, {"status": "done", "values": {"claimed": 1.0}, "incidents": []})


def test_import_is_all_or_nothing_and_reports_every_bad_row(
    project: Project, tmp_path: Path
) -> None:
    db = project.coder_path("ann")
    before = db.read_bytes()
    path = tmp_path / "bad.csv"
    path.write_text(
        "coder,article,status,incident,incident_id,attack_type,event_date,fatalities\n"
        "x,a1,done,1,,3,2020-09-03,2\n"
        "x,a2,done,1,,9,2020-09-03,2\n"
        "x,a3,done,1,,2,2020-13,-1\n"
        "x,zz,done,1,,2,2020,1\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportFailed) as caught:
        import_file(project, path, "ann")
    message = str(caught.value)
    assert "nothing imported" in message
    assert f"{path}:3: attack_type:" in message
    assert f"{path}:4: event_date:" in message and f"{path}:4: fatalities:" in message
    assert f"{path}:5: article:" in message and "'zz'" in message
    assert f"{path}:2:" not in message
    assert db.read_bytes() == before
    assert not project.coder_path("new").exists()
    with pytest.raises(ImportFailed):
        import_file(project, path, "new")
    assert not project.coder_path("new").exists()


def test_import_csv_header_and_grouping_problems(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("article,fatalitys,status\na1,2,done\n", encoding="utf-8")
    with pytest.raises(
        ImportFailed, match=r"bad.csv:1: fatalitys: unknown column \(did you mean 'fatalities'\?\)"
    ):
        import_file(project, path, "bob")
    path.write_text(
        "article,status,relevant,attack_type,event_date\na1,done,yes,1,2020\na1,draft,no,2,2021\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportFailed) as caught:
        import_file(project, path, "bob")
    assert f"{path}:3: status:" in str(caught.value) and f"{path}:3: relevant:" in str(caught.value)


def test_import_jsonl_problems_have_line_numbers(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    good = {
        "article": "a1",
        "status": "done",
        "values": {},
        "incidents": [{"id": "ab" * 16, "event_date": "2020", "attack_type": "3"}],
    }
    lines = [
        json.dumps(good),
        "{oops",
        json.dumps(
            {
                "article": "a2",
                "status": "done",
                "values": {"relevnt": True},
                "incidents": [{"attack_type": 2}],
            }
        ),
        json.dumps({"article": "a3", "status": "finished"}),
        json.dumps({"article": "a1"}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ImportFailed) as caught:
        import_file(project, path, "bob")
    message = str(caught.value)
    assert f"{path}:2: not valid JSON" in message
    assert (
        f"{path}:3: relevnt: is not a field of this codebook (did you mean 'relevant'?)" in message
    )
    assert f"{path}:4: status:" in message
    assert f"{path}:5: article: 'a1' is already on line 1" in message
    assert f"{path}:3: incident 1: event_date: is required" in message
    assert f"{path}:1:" not in message
    assert not project.coder_path("bob").exists()


def test_import_refuses_files_of_several_coders(project: Project, tmp_path: Path) -> None:
    save(project, "bob", [ArticleRecord("a3", "no_incident")])
    path = tmp_path / "all.csv"
    path.write_text(export_text(project, ["ann", "bob"], "csv"), encoding="utf-8", newline="")
    with pytest.raises(ImportFailed, match="several coders") as caught:
        import_file(project, path, "carl")
    # only that: the merged rows of one article would give meaningless duplicate-id messages
    assert len(caught.value.problems) == 1


def test_import_accepts_nested_incident_values(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "nested.jsonl"
    rec = {
        "article": "a2",
        "status": "done",
        "incidents": [{"id": "cd" * 16, "values": {"event_date": "2020-09-07", "attack_type": 2}}],
    }
    path.write_text(json.dumps(rec) + "\n", encoding="utf-8")
    import_file(project, path, "dan")
    with project.open_store("dan", readonly=True) as store:
        a2 = store.get("a2")
    assert a2 is not None
    assert a2.incidents == [Incident("cd" * 16, {"event_date": "2020-09-07", "attack_type": 2})]


def test_import_non_utf8_file_is_a_clear_error(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "win.csv"
    path.write_bytes("article,place\na1,Café\n".encode("cp1252"))
    with pytest.raises(CoderError, match="not UTF-8"):
        import_file(project, path, "bob")


def test_import_spreadsheet_csv_dates_bom_crlf_and_blank_rows(
    project: Project, tmp_path: Path
) -> None:
    """What Excel/LibreOffice write: BOM, CRLF, trailing empty rows, dates without zeros."""
    path = tmp_path / "sheet.csv"
    rows = [
        "article,status,incident,attack_type,event_date,topics,relevant",
        "a1,done,1,3,2020-9-7,Security;  economy ,Yes",
        "a1,done,2,armed assault,2020-9,Security;  economy ,Yes",
        ",,,,,,",
        ",,,,,,",
    ]
    path.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(rows).encode() + b"\r\n")
    summary = import_file(project, path, "carl")
    assert summary.records == 1 and summary.incidents == 2
    with project.open_store("carl", readonly=True) as store:
        a1 = store.get("a1")
    assert a1 is not None
    assert [i.values["event_date"] for i in a1.incidents] == ["2020-09-07", "2020-09"]
    assert [i.values["attack_type"] for i in a1.incidents] == [3, 2]
    assert a1.values == {"topics": ["security", "economy"], "relevant": True}


def test_import_refused_cell_is_quoted_once_in_file_order(project: Project, tmp_path: Path) -> None:
    """A cell that does not parse is named with its value, without a second "is required" for
    the same field, and problems come in line order."""
    path = tmp_path / "bad.csv"
    path.write_text(
        "article,incident,attack_type,event_date,fatalities\n"
        "a1,1,3,2020-09-07,two\n"
        "a2,1,9,7/9/2020,1\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportFailed) as caught:
        import_file(project, path, "bob")
    problems = caught.value.problems
    assert problems == [
        f"{path}:2: fatalities: 'two': must be a whole number",
        f"{path}:3: attack_type: '9' is not one of: 1, 2, 3",
        f"{path}:3: event_date: '7/9/2020': date must be YYYY, YYYY-MM or YYYY-MM-DD (day and "
        "month order is ambiguous: write 2020-09-07; in a spreadsheet, format the column as text "
        "before typing dates)",
    ]


@pytest.mark.parametrize("sep", [";", "\t"])
def test_import_semicolon_and_tab_separated_sheets(
    project: Project, tmp_path: Path, sep: str
) -> None:
    """Excel saves "CSV" with ';' in many European locales; multi cells are then quoted."""
    path = tmp_path / "sheet.csv"
    rows = [
        ["article", "incident", "attack_type", "event_date", "topics", "relevant"],
        ["a1", "1", "3", "2020-09-07", "Security; economy", "yes"],
    ]
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=sep, lineterminator="\r\n").writerows(rows)
    assert '"Security; economy"' in out.getvalue() or sep == "\t"
    path.write_text(out.getvalue(), encoding="utf-8", newline="")
    summary = import_file(project, path, "carl")
    assert summary.records == 1 and summary.incidents == 1
    with project.open_store("carl", readonly=True) as store:
        a1 = store.get("a1")
    assert a1 is not None and a1.values == {"topics": ["security", "economy"], "relevant": True}
    assert a1.incidents[0].values == {"attack_type": 3, "event_date": "2020-09-07"}
