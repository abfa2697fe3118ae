"""Place columns in every export format (CSV, JSONL, Parquet, Stata) and the name as coded
through export and import, on a real project and real coder databases."""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path

import pandas as pd
import pytest

from coder.exchange.dictionary import render_dictionary
from coder.exchange.export import export
from coder.exchange.importer import ImportFailed, import_file
from coder.exchange.typed import write_typed
from coder.project import Project
from coder.store.coder_store import ArticleRecord, Incident
from tests.places_helpers import PRECISION_CODEBOOK, make_place_project
from tests.project_helpers import save

DERIVED = [
    "place_name", "place_admin1", "place_admin2", "place_latitude", "place_longitude",
    "place_precision", "place_name_as_coded",
]  # fmt: skip


@pytest.fixture
def project(tmp_path: Path) -> Project:
    project = make_place_project(tmp_path / "p", codebook=PRECISION_CODEBOOK)
    village = {"event_date": "2020-09-03", "place": "IQ-KI-DAQ-TOPZAWA", "geo_precision": 1}
    town = {"event_date": "2020-09-07", "place": "IQ-DI-KHN-JALAWLA", "geo_precision": 1}
    save(
        project,
        "ann",
        [
            ArticleRecord(
                "a1",
                status="draft",  # incident 2 has no place yet
                values={"relevant": True},
                incidents=[
                    Incident("1" * 32, village, {"place": "Tobzawa"}),
                    Incident("3" * 32, {"event_date": "2020-09-04"}),  # no place
                ],
            ),
            ArticleRecord(
                "a2", status="done", values={"relevant": True}, incidents=[Incident("2" * 32, town)]
            ),
        ],
    )
    return project


def _export(project: Project, coder: str, fmt: str) -> str:
    with project.open_store(coder, readonly=True) as store:
        records = store.records()
    out = io.StringIO(newline="")
    export(project.load_codebook(), [(coder, records)], fmt, out)
    return out.getvalue()


def _typed(project: Project, fmt: str, path: Path) -> pd.DataFrame:
    with project.open_store("ann", readonly=True) as store:
        records = store.records()
    write_typed(project.load_codebook(), [("ann", records)], fmt, str(path))
    return pd.read_parquet(path) if fmt == "parquet" else pd.read_stata(path)


def test_csv_has_the_name_as_coded_after_the_derived_columns(project: Project) -> None:
    rows = list(csv.DictReader(io.StringIO(_export(project, "ann", "csv"), newline="")))
    header = list(rows[0])
    at = header.index("place")
    assert header[at : at + 8] == ["place", *DERIVED]
    village, empty, town = rows
    assert village["place_name_as_coded"] == "Tobzawa" and village["place_name"] == "Topzawa"
    assert town["place_name_as_coded"] == "" and town["place_precision"] == "1"
    assert all(empty[c] == "" for c in DERIVED)


def test_jsonl_carries_the_derived_keys_typed_beside_the_id(project: Project) -> None:
    lines = [json.loads(x) for x in _export(project, "ann", "jsonl").splitlines()]
    (village, empty) = lines[0]["incidents"]
    assert village["place"] == "IQ-KI-DAQ-TOPZAWA"
    assert {k: village[k] for k in DERIVED} == {
        "place_name": "Topzawa",
        "place_admin1": "Kirkuk",
        "place_admin2": "Daquq",
        "place_latitude": 35.13923,  # Daquq's point: the village has none
        "place_longitude": 44.44907,
        "place_precision": 2,
        "place_name_as_coded": "Tobzawa",
    }
    assert not any(k.startswith("place") for k in empty)
    (town,) = lines[1]["incidents"]
    assert town["place_precision"] == 1 and "place_name_as_coded" not in town
    # pandas' one-row-per-incident recipe gets the columns as numbers
    frame = pd.json_normalize(lines, "incidents", ["article", "coder"])
    assert frame["place_latitude"].dtype == "float64"


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_export_imports_back_with_the_name_as_coded(
    project: Project, tmp_path: Path, fmt: str
) -> None:
    path = tmp_path / f"ann.{fmt}"
    first = _export(project, "ann", fmt)
    path.write_text(first, encoding="utf-8", newline="")
    import_file(project, path, "copy")
    with project.open_store("copy", readonly=True) as store:
        record = store.get("a1")
    assert record is not None and record.incidents[0].as_coded == {"place": "Tobzawa"}
    assert (
        _export(project, "copy", fmt).replace('"copy"', '"ann"').replace("copy,", "ann,") == first
    )


def test_import_by_name_keeps_the_name_and_a_name_without_a_place_is_refused(
    project: Project, tmp_path: Path
) -> None:
    path = tmp_path / "in.csv"
    path.write_text(
        "article,status,incident,event_date,place,place_name_as_coded\n"
        "a1,draft,1,2020-09-01,daqouq,\n"
        "a1,draft,2,2020-09-02,IQ-KI-DAQ,Daqooq\n",
        encoding="utf-8",
    )
    import_file(project, path, "imp")
    with project.open_store("imp", readonly=True) as store:
        record = store.get("a1")
    assert record is not None
    assert [i.as_coded for i in record.incidents] == [{"place": "daqouq"}, {"place": "Daqooq"}]
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "article,status,incident,event_date,place,place_name_as_coded\n"
        "a1,draft,1,2020-09-01,,Daqouq\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportFailed) as failed:
        import_file(project, bad, "imp2")
    assert failed.value.problems == [
        f"{bad}:2: place.as_coded: names a place ('Daqouq') but the field has no place"
    ]


def test_parquet_types_the_place_columns(project: Project, tmp_path: Path) -> None:
    frame = _typed(project, "parquet", tmp_path / "ann.parquet")
    cols = list(frame.columns)
    assert cols[cols.index("place") : cols.index("place") + 8] == ["place", *DERIVED]
    assert str(frame["place_latitude"].dtype) == "Float64"
    assert str(frame["place_precision"].dtype) == "Int64"
    assert str(frame["place_name"].dtype) == "string"
    village, empty, town = frame.to_dict("records")
    assert (village["place_latitude"], village["place_precision"]) == (35.13923, 2)
    assert village["place_name_as_coded"] == "Tobzawa" and village["place_admin2"] == "Daquq"
    assert pd.isna(empty["place_latitude"]) and pd.isna(empty["place_name"])
    assert (town["place_name"], town["place_precision"]) == ("Jalawla", 1)


def test_stata_has_the_place_columns_labelled(project: Project, tmp_path: Path) -> None:
    frame = _typed(project, "dta", tmp_path / "ann.dta")
    village, empty, town = frame.to_dict("records")
    assert village["place_latitude"] == pytest.approx(35.13923)
    assert village["place_precision"] == 2 and village["place_name"] == "Topzawa"
    assert math.isnan(empty["place_latitude"]) and empty["place_name"] == ""
    assert town["place_admin1"] == "Diyala"
    with pd.io.stata.StataReader(tmp_path / "ann.dta") as reader:
        labels = reader.variable_labels()
    assert labels["place_precision"].startswith("Place: precision of the point")
    assert labels["place_name_as_coded"] == "Place: name the coder chose it by"


def test_the_data_dictionary_lists_the_place_columns(project: Project) -> None:
    text = render_dictionary(project.load_codebook(), "csv")
    rows = {r["variable"]: r for r in csv.DictReader(io.StringIO(text))}
    assert rows["place_latitude"]["type"] == "number"
    assert rows["place_precision"]["type"] == "integer"
    assert rows["place_admin2"]["scope"] == "incident"
