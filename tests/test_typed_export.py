"""Typed exports (Parquet, Stata) and the data dictionary, on a real project via the CLI."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pandas as pd
import pytest

from coder.cli import main
from coder.exchange.columns import code_of, stata_codes
from coder.exchange.dictionary import render_dictionary
from coder.project import Project
from coder.store.coder_store import ArticleRecord
from tests.project_helpers import make_project, sample_records, save

SHIPPED = Path(__file__).resolve().parents[1] / "codebook.yaml"


@pytest.fixture
def project(tmp_path: Path) -> Project:
    project = make_project(tmp_path)
    save(project, "ann", sample_records())
    return project


def _export(project: Project, fmt: str, capsys: pytest.CaptureFixture[str]) -> Path:
    out = project.root / f"data.{fmt}"
    assert main(["export", "--project", str(project.root), "--format", fmt, "--out", str(out)]) == 0
    assert "exported 3 record(s) (4 rows)" in capsys.readouterr().err
    return out


def test_parquet_keeps_types(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    df = pd.read_parquet(_export(project, "parquet", capsys))
    # counts with missing values stay integers (GTD code 3 is 3, not 3.0)
    assert str(df["attack_type"].dtype) == "Int64" and df["attack_type"].tolist() == [
        3,
        1,
        2,
        pd.NA,
    ]
    assert str(df["fatalities"].dtype) == "Int64" and df["fatalities"].iloc[0] == 2
    assert pd.isna(df["fatalities"].iloc[1])
    assert str(df["incident"].dtype) == "Int64"
    assert str(df["relevant"].dtype) == "boolean"
    assert df["relevant"].tolist() == [True, True, pd.NA, False]
    assert str(df["cost"].dtype) == "Float64"
    # partial dates: as coded, plus first and last day as real dates
    assert df["event_date"].tolist()[:3] == ["2020-09", "2020", "2020-09-07"]
    assert df["event_date_start"].tolist()[:3] == [
        dt.date(2020, 9, 1), dt.date(2020, 1, 1), dt.date(2020, 9, 7)]  # fmt: skip
    assert df["event_date_end"].tolist()[:3] == [
        dt.date(2020, 9, 30), dt.date(2020, 12, 31), dt.date(2020, 9, 7)]  # fmt: skip
    assert pd.to_datetime(df["event_date_start"]).dt.year.tolist()[:3] == [2020, 2020, 2020]
    assert df["topics"].iloc[0] == "security;economy"
    assert df["summary"].iloc[0] == "=SUM(A1)\nx"  # typed formats are not spreadsheets: as coded


def test_stata_has_labelled_choices_variable_labels_and_dates(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _export(project, "dta", capsys)
    with pd.io.stata.StataReader(path) as reader:
        raw = reader.read(convert_categoricals=False)
        labels = reader.variable_labels()
        values = reader.value_labels()
    assert raw["attack_type"].tolist()[:3] == [3, 1, 2]
    assert values["attack_type"] == {1: "Assassination", 2: "Armed assault", 3: "Bombing/explosion"}
    assert values["relevant"] == {0: "no", 1: "yes"}
    assert labels["attack_type"] == "Attack type (GTD)"
    assert labels["event_date_start"] == "Event date: first day"
    assert raw["event_date_start"].iloc[0] == pd.Timestamp("2020-09-01")
    assert raw["event_date"].iloc[1] == "2020"
    labelled = pd.read_stata(path)
    assert labelled["attack_type"].iloc[0] == "Bombing/explosion"
    assert pd.isna(raw["fatalities"].iloc[1]) and raw["fatalities"].iloc[0] == 2


def test_stata_text_choices_become_codes_and_removed_choices_are_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project(tmp_path)
    save(project, "ann", sample_records())
    text = (tmp_path / "codebook.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "    - name: summary\n",
        "    - name: source\n      type: choice\n      label: Source\n      choices:\n"
        "        - {value: wire, label: News agency}\n        - {value: local, label: Local}\n"
        "    - name: summary\n",
    )
    (tmp_path / "codebook.yaml").write_text(text, encoding="utf-8")
    with project.open_store("ann") as store:
        rec = store.get("a3")
        assert rec is not None
        store.save_many(
            [ArticleRecord("a3", "no_incident", {**rec.values, "source": "local"})],
            codebook=project.load_codebook(),
            articles=project.load_articles(),
        )
    cb = project.load_codebook()
    source = cb.field("article", "source")
    assert source is not None and stata_codes(source) == [(1, "News agency"), (2, "Local")]
    assert code_of(source, "local") == 2 and code_of(source, "social_media") is None
    path = _export(project, "dta", capsys)
    with pd.io.stata.StataReader(path) as reader:
        raw = reader.read(convert_categoricals=False)
        assert reader.value_labels()["source"] == {1: "News agency", 2: "Local"}
    assert raw["source"].iloc[3] == 2
    # a value the codebook no longer has: missing, with a warning naming it
    (tmp_path / "codebook.yaml").write_text(
        text.replace("        - {value: local, label: Local}\n", ""), encoding="utf-8"
    )
    out = tmp_path / "again.dta"
    assert main(["export", "--project", str(tmp_path), "--format", "dta", "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert "source: 'local' is not a choice of the codebook" in err
    assert pd.isna(pd.read_stata(out, convert_categoricals=False)["source"].iloc[3])


def test_binary_formats_need_a_file(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--project", str(project.root), "--format", "parquet"]) == 2
    assert "give --out FILE" in capsys.readouterr().err


def test_dictionary_lists_every_exported_column(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    df = pd.read_parquet(_export(project, "parquet", capsys))
    out = project.root / "dictionary.csv"
    args = ["codebook", "--project", str(project.root), "--format", "csv", "--out", str(out)]
    assert main(args) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [r["variable"] for r in rows] == list(df.columns)
    by = {r["variable"]: r for r in rows}
    assert (
        by["attack_type"]["codes"] == "1 = Assassination; 2 = Armed assault; 3 = Bombing/explosion"
    )
    assert by["weapon"]["applies_when"] == "attack_type in (2, 3)"
    assert by["event_date_start"]["type"] == "date"
    assert by["fatalities"]["level"] == "interval"


def test_dictionary_markdown_of_the_shipped_codebook_is_data() -> None:
    project = Project.locate(SHIPPED.parent)
    md = render_dictionary(project.load_codebook(), "markdown")
    assert "| province | Province (governorate) | incident | choice | nominal |" in md
    assert "1 = kirkuk: Kirkuk" in md
    for line in md.splitlines()[4:]:  # every table row has the same number of cells
        assert line.replace("\\|", "").count("|") == 9, line


def test_csv_dictionary_neutralises_formulas(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    path = tmp_path / "codebook.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("label: Place", "label: '=HYPERLINK(1)'"),
        encoding="utf-8",
    )
    text = render_dictionary(project.load_codebook(), "csv")
    assert ",'=HYPERLINK(1)," in text


def test_import_reads_upper_case_booleans(project: Project, tmp_path: Path) -> None:
    from tests.test_exchange import export_text

    text = export_text(project, ["ann"], "csv")
    assert ",TRUE," in text
    path = tmp_path / "ann.csv"
    path.write_text(text, encoding="utf-8", newline="")
    from coder.exchange.importer import import_file

    import_file(project, path, "bob")
    with project.open_store("bob", readonly=True) as store:
        assert [r.values.get("relevant") for r in store.records()] == [True, None, False]
