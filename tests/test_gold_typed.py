"""`coder export --gold --format parquet|dta`: the adjudicated data with the typed columns of a
coder's export and the provenance columns of the CSV gold export, read back in pandas."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from coder.cli import main
from coder.exchange.importer import GOLD_COLUMNS
from coder.gold.store import GoldStore, gold_path
from coder.project import Project
from coder.tui.review.app import open_session
from tests.gold_three import A000, A001, three_coder_project


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """Three coders; the lead took ben's geo_precision (2) and ann's event_type at 000, and
    ben's arrested (4) at 001, through the review session the app uses."""
    project = three_coder_project(tmp_path)
    session = open_session(project, project.load_codebook(), project.load_articles(), None, "lea",
                           bootstrap=0)  # fmt: skip
    try:
        session.load()
        topzawa = session.ready.by_article[A000][1]
        daquq = session.ready.by_article[A001][1]
        session.take(topzawa, "geo_precision", "ben")
        session.take(topzawa, "event_type", "ann")
        session.take(daquq, "arrested", "ben")
    finally:
        session.gold.close()
    return project


def _export(project: Project, fmt: str, capsys: pytest.CaptureFixture[str]) -> Path:
    out = project.root / f"gold.{fmt}"
    args = ["export", "--gold", "--format", fmt, "--out", str(out)]
    assert main([*args, "--project", str(project.root)]) == 0
    err = capsys.readouterr().err
    assert "exported 5 gold record(s) (6 rows)" in err
    assert "disagreement(s) are not settled" in err  # sub_event_type, attack_type ... still open
    return out


def test_gold_parquet_is_typed_and_carries_provenance(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    df = pd.read_parquet(_export(project, "parquet", capsys))
    csv_rows = list(csv.DictReader(_export(project, "csv", capsys).open(encoding="utf-8")))
    assert list(df.columns[-len(GOLD_COLUMNS) :]) == list(GOLD_COLUMNS)
    assert len(df) == len(csv_rows) == 6
    assert set(df["coder"]) == {"gold"}
    top = df[df["article"] == A000].iloc[0]
    assert top["geo_precision"] == 2 and top["event_type"] == "explosions_remote_violence"
    assert str(df["geo_precision"].dtype) == "Int64" and str(df["arrested"].dtype) == "Int64"
    daquq = df[(df["article"] == A001) & (df["incident"] == 1)].iloc[0]
    assert daquq["arrested"] == 4
    assert top["event_date_start"] == dt.date(2020, 9, 3)
    assert top["gold_incident_decided"] == "geo_precision;event_type"
    assert top["gold_incident_source"] == "unsettled"  # sub_event_type, attack_type still open
    assert "attack_type" in top["gold_incident_unsettled"]
    # the same provenance as the CSV gold export, row by row; empty is missing (NA)
    for (_, row), c in zip(df.iterrows(), csv_rows, strict=True):
        for name in GOLD_COLUMNS:
            assert (row[name] if not pd.isna(row[name]) else "") == c[name], name


def test_gold_stata_has_labels_and_provenance(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _export(project, "dta", capsys)
    st = pd.read_stata(path)
    top = st[st["article"] == A000].iloc[0]
    assert top["event_type"] == "Explosions / remote violence"  # the choice's label
    assert top["gold_incident_decided"] == "geo_precision;event_type"
    with pd.io.stata.StataReader(path) as reader:
        labels = reader.variable_labels()
    assert labels["gold_incident_decided"] == "Gold: incident fields decided by the lead"
    assert labels["event_type"]  # the codebook's label, as for a coder's export


def test_binary_gold_export_needs_an_out_file(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without --out a binary gold export is refused with what to type (not written to a tty)."""
    args = ["export", "--gold", "--format", "parquet", "--project", str(project.root)]
    assert main(args) == 2
    assert "give --out FILE" in capsys.readouterr().err
    assert gold_path(project.data_dir).exists()
    with GoldStore.open(gold_path(project.data_dir), "", readonly=True) as store:
        assert len(store.decisions()) == 3
