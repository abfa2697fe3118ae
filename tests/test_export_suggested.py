"""The CSV export's `suggested` column: the fields accepted from a suggestion, read back by
pandas and by `coder import`, refused when it names something else."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest

from coder.exchange.importer import ImportFailed, import_file
from coder.project import Project
from coder.store.coder_store import ArticleRecord, Incident
from tests.project_helpers import make_project, save
from tests.test_exchange import export_text

ID, OTHER = "a" * 32, "b" * 32


@pytest.fixture
def project(tmp_path: Path) -> Project:
    project = make_project(tmp_path / "p")
    values = {"event_date": "2020-09", "attack_type": 3, "fatalities": 2}
    save(
        project,
        "ana",
        [
            ArticleRecord(
                article="a1",
                status="done",
                values={"relevant": True},
                incidents=[
                    Incident(ID, values, suggested=["fatalities", "attack_type"]),
                    Incident(OTHER, values),  # every value typed
                ],
            ),
            ArticleRecord(article="a3", status="no_incident", values={"relevant": False}),
        ],
    )
    return project


def test_pandas_reads_the_column(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    path.write_text(export_text(project, ["ana"], "csv"), encoding="utf-8", newline="")
    df = pd.read_csv(path)
    assert list(df.columns)[-1] == "suggested"
    by_id = df.set_index("incident_id")
    # codebook order (attack_type before fatalities), whatever order they were accepted in
    assert by_id.loc[ID, "suggested"] == "attack_type;fatalities"
    assert pd.isna(by_id.loc[OTHER, "suggested"])  # typed: empty, read as missing
    assert pd.isna(df[df["article"] == "a3"]["suggested"]).all()  # no incident
    accepted = df["suggested"].fillna("").str.split(";")
    typed_fatalities = df[~accepted.apply(lambda names: "fatalities" in names)]
    assert list(typed_fatalities["incident_id"].dropna()) == [OTHER]


def test_csv_import_reads_it_back(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    path.write_text(export_text(project, ["ana"], "csv"), encoding="utf-8", newline="")
    import_file(project, path, "bea")
    with project.open_store("bea", readonly=True) as store:
        incidents = {i.id: i for r in store.records() for i in r.incidents}
    assert incidents[ID].suggested == ["attack_type", "fatalities"]
    assert incidents[OTHER].suggested == []
    assert export_text(project, ["bea"], "csv").replace("bea", "ana") == export_text(
        project, ["ana"], "csv"
    )


@pytest.mark.parametrize("cell", ["weapons", '\'=HYPERLINK("http://x")'])
def test_a_cell_that_names_no_field_is_refused(project: Project, tmp_path: Path, cell: str) -> None:
    rows = list(csv.reader(io.StringIO(export_text(project, ["ana"], "csv"), newline="")))
    rows[1][-1] = cell
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    path = tmp_path / "edited.csv"
    path.write_text(out.getvalue(), encoding="utf-8", newline="")
    with pytest.raises(ImportFailed) as info:
        import_file(project, path, "bea")
    assert "edited.csv:2: suggested:" in str(info.value)
    assert "not an incident field" in str(info.value)
