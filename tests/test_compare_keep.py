"""`coder compare` under the console script keeps its records and report alive until the process
ends (coder.cli.run exits without teardown): freeing them object by object as `run_compare`
returned cost 0.28-0.30 s of CPU at 5 coders x 10k articles. Called as a library (tests, `main`),
nothing is kept (nor frozen)."""

from __future__ import annotations

import gc
import json
from pathlib import Path

import pytest

from coder import cli
from coder.compare import ComparisonReport, run_compare
from tests.project_helpers import two_coders


def test_run_compare_puts_its_records_and_report_in_keep(tmp_path: Path) -> None:
    project = two_coders(tmp_path)
    out = tmp_path / "report.json"
    kept: list[object] = []
    assert run_compare(project, None, "json", out, bootstrap=0, keep=kept) == 0
    records, report = kept
    assert isinstance(records, dict) and sorted(records) == ["ann", "bob"]
    assert isinstance(report, ComparisonReport) and report.coders == ("ann", "bob")
    written = json.loads(out.read_text(encoding="utf-8"))
    assert written["coders"] == ["ann", "bob"]


def test_main_keeps_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`main` is what tests and other callers use: it must free what it made."""
    project = two_coders(tmp_path)
    monkeypatch.setattr(cli._Exit, "kept", [])
    args = ["compare", "--project", str(project.root), "--format", "json", "--bootstrap", "0"]
    frozen: list[bool] = []
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(True))
    code = cli.main([*args, "--out", str(tmp_path / "r.json")])
    assert code == 0
    assert cli._Exit.kept == [] and frozen == []


def test_the_console_script_path_keeps_them_frozen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Kept, and frozen before the collector is switched back on, which would otherwise walk
    them all (more than freeing them cost). The freeze is recorded, not done: in this test
    process it would keep every earlier test's garbage cycles for good."""
    project = two_coders(tmp_path)
    monkeypatch.setattr(cli._Exit, "kept", [])
    monkeypatch.setattr(cli._Exit, "console_script", True)
    frozen: list[bool] = []
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(gc.isenabled()))
    args = ["compare", "--project", str(project.root), "--format", "table", "--bootstrap", "0"]
    assert cli.main([*args, "--out", str(tmp_path / "r.txt")]) == 0
    assert [type(x).__name__ for x in cli._Exit.kept] == ["dict", "ComparisonReport"]
    assert frozen == [False], "frozen once, while the collector was still paused"
