"""`coder export --coders a,b` works as `coder compare --coders a,b` does (a lead types both)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from coder.cli import main
from tests.gold_three import three_coder_project


def test_export_takes_coders_as_compare_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = three_coder_project(tmp_path)
    out = tmp_path / "two.csv"
    args = ["export", "--coders", "ben,cai", "--out", str(out), "--project", str(project.root)]
    assert main(args) == 0
    assert "exported 8 record(s)" in capsys.readouterr().err
    with out.open(encoding="utf-8") as f:
        assert {row["coder"] for row in csv.DictReader(f)} == {"ben", "cai"}
