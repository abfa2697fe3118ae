"""Place fields through export and import on a real project and real coder databases."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from coder.exchange.export import export
from coder.exchange.importer import ImportFailed, import_file
from coder.places import gazetteer_for
from coder.places.added import add_place
from coder.project import Project
from coder.store.coder_store import ArticleRecord, Incident
from tests.places_helpers import make_place_project
from tests.project_helpers import save


def csv_rows(project: Project, coder: str) -> list[dict[str, str]]:
    with project.open_store(coder, readonly=True) as store:
        records = store.records()
    out = io.StringIO(newline="")
    export(project.load_codebook(), [(coder, records)], "csv", out)
    return list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))


@pytest.fixture
def project(tmp_path: Path) -> Project:
    project = make_place_project(tmp_path / "p")
    save(
        project,
        "ann",
        [
            ArticleRecord(
                "a1",
                status="done",
                values={"relevant": True},
                incidents=[
                    Incident("1" * 32, {"event_date": "2020-09-03", "place": "IQ-KI-DAQ-TOPZAWA"})
                ],
            ),
            ArticleRecord(
                "a2",
                status="done",
                values={"relevant": True},
                incidents=[
                    Incident("2" * 32, {"event_date": "2020-09-07", "place": "IQ-DI-KHN-JALAWLA"})
                ],
            ),
        ],
    )
    return project


def test_export_adds_names_admin_levels_coordinates_and_precision(project: Project) -> None:
    rows = {r["article"]: r for r in csv_rows(project, "ann")}
    header = list(rows["a1"])
    at = header.index("place")
    assert header[at : at + 7] == [
        "place", "place_name", "place_admin1", "place_admin2",
        "place_latitude", "place_longitude", "place_precision",
    ]  # fmt: skip
    village = rows["a1"]
    # Topzawa has no point of its own: Daquq's, and precision 2 says it is the district's.
    assert (village["place"], village["place_name"]) == ("IQ-KI-DAQ-TOPZAWA", "Topzawa")
    assert (village["place_admin1"], village["place_admin2"]) == ("Kirkuk", "Daquq")
    assert (village["place_latitude"], village["place_longitude"]) == ("35.13923", "44.44907")
    assert village["place_precision"] == "2"
    town = rows["a2"]
    assert (town["place_name"], town["place_admin2"], town["place_precision"]) == (
        "Jalawla",
        "Khanaqin",
        "1",
    )
    assert town["place_latitude"] == "34.27230"


def test_exported_csv_imports_back_unchanged(project: Project, tmp_path: Path) -> None:
    first = csv_rows(project, "ann")
    path = tmp_path / "ann.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(first[0]))
        writer.writeheader()
        writer.writerows(first)
    import_file(project, path, "copy")
    assert [{k: v for k, v in r.items() if k != "coder"} for r in csv_rows(project, "copy")] == [
        {k: v for k, v in r.items() if k != "coder"} for r in first
    ]


def _import_csv(project: Project, tmp_path: Path, places: list[str]) -> Path:
    path = tmp_path / "in.csv"
    lines = ["article,incident,event_date,place"]
    lines += [f"a1,{n},2020-09-0{n},{p}" for n, p in enumerate(places, 1)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_import_takes_ids_names_and_alternate_names(project: Project, tmp_path: Path) -> None:
    path = _import_csv(project, tmp_path, ["IQ-KI-DAQ", "Tobzawa", "JALULA", "Dāqūq"])
    import_file(project, path, "imp")
    with project.open_store("imp", readonly=True) as store:
        record = store.get("a1")
    assert record is not None
    assert [i.values["place"] for i in record.incidents] == [
        "IQ-KI-DAQ", "IQ-KI-DAQ-TOPZAWA", "IQ-DI-KHN-JALAWLA", "IQ-KI-DAQ",
    ]  # fmt: skip


def test_import_names_the_line_and_the_closest_or_the_candidates(
    project: Project, tmp_path: Path
) -> None:
    gaz = gazetteer_for(project.root / "gazetteer.csv")
    add_place(gaz, "Sherk", "village", "IQ-KI-HAW", "ana")  # a second Sherk, in Hawija
    path = _import_csv(project, tmp_path, ["Topzawwa", "Sherk", "IQ-KI-NOPE"])
    with pytest.raises(ImportFailed) as failed:
        import_file(project, path, "imp")
    problems = failed.value.problems
    assert len(problems) == 3
    assert problems[0].startswith(f"{path}:2: place: 'Topzawwa' is not a place id or name")
    assert "closest: Topzawa (IQ-KI-DAQ-TOPZAWA)" in problems[0]
    assert problems[1].startswith(f"{path}:3: place: 'Sherk' names 2 places: write the id")
    assert "IQ-DI-KHN-SHERK = Sherk · village · Khanaqin · Diyala" in problems[1]
    assert "IQ-KI-HAW-SHERK = Sherk · village · Hawija · Kirkuk · added" in problems[1]
    assert problems[2].startswith(f"{path}:4: place: 'IQ-KI-NOPE' is not a place id or name")
    assert not project.coders() or "imp" not in project.coders()
