"""End to end: two coders' databases built with `coder import`, then `coder compare`."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from coder.agreement import krippendorff_alpha

ROOT = Path(__file__).resolve().parents[1]
CODER = Path(sys.executable).parent / "coder"
pytestmark = pytest.mark.skipif(not CODER.exists(), reason="the coder script is not installed")

A0, A1, A3 = "000_a9317a16385be697", "001_337bf2d7c06e301a", "004_abab37718220f7c9"
Q0 = "ISIS shelled Topzawa village with at least five mortars"
Q1 = "Two top Islamic State (ISIS) militants were killed in a raid at dawn on Monday"
Q3 = "ISIS militants kidnapped two Kurdish men from a village in Daquq"


def _inc(date: str, event_type: str, sub: str, fatalities: int | None, evidence: str) -> dict:
    values: dict[str, Any] = {
        "event_date": date,
        "date_precision": 1,
        "province": "kirkuk",
        "place": "IQ-KI-DAQ",
        "geo_precision": 1,
        "event_type": event_type,
        "sub_event_type": sub,
        "perpetrator": "isis",
        "target_types": ["private_citizens"],
        "evidence": evidence,
        "certainty": "high",
    }
    if fatalities is not None:
        values["fatalities"] = fatalities
    return {"values": values}


def _write(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _run(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CODER), *args, "--project", str(project)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=project,
    )


def test_import_two_coders_then_compare_json(tmp_path: Path) -> None:
    project = tmp_path / "proj"
    project.mkdir()
    shutil.copy(ROOT / "codebook.yaml", project / "codebook.yaml")
    shutil.copy(ROOT / "gazetteer.csv", project / "gazetteer.csv")
    shutil.copytree(ROOT / "samples", project / "samples")
    shelling = ("explosions_remote_violence", "shelling_artillery")
    kidnap = ("violence_against_civilians", "abduction")
    a = [
        {"article": A0, "status": "done", "values": {"relevant": "reported"},
         "incidents": [_inc("2020-09-03", *shelling, 0, Q0)]},
        {"article": A1, "status": "no_incident", "values": {"relevant": "not_reported"},
         "incidents": []},
        {"article": A3, "status": "done", "values": {"relevant": "reported"},
         "incidents": [_inc("2020-09-10", *kidnap, 0, Q3), _inc("2020-09-03", *shelling, 1, Q3)]},
    ]  # fmt: skip
    b = [
        {"article": A0, "status": "done", "values": {"relevant": "reported"},
         "incidents": [_inc("2020-09-03", *shelling, 0, Q0)]},
        {"article": A1, "status": "done", "values": {"relevant": "reported"},
         "incidents": [_inc("2020-09-07", *kidnap, 2, Q1)]},
        # b records A3's incidents in the other order and misses nothing
        {"article": A3, "status": "done", "values": {"relevant": "reported"},
         "incidents": [_inc("2020-09-03", *shelling, 3, Q3), _inc("2020-09-10", *kidnap, 0, Q3)]},
    ]  # fmt: skip
    for coder, recs in (("a", a), ("b", b)):
        done = _run(
            project, "import", str(_write(tmp_path / f"{coder}.jsonl", recs)), "--coder", coder
        )
        assert done.returncode == 0, done.stderr + done.stdout
    done = _run(project, "compare", "--format", "json", "--bootstrap", "200")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["coders"] == ["a", "b"]
    assert report["articles"] == 3
    fields = {(f["scope"], f["field"]): f for f in report["fields"]}
    # relevant: a = reported, not_reported, reported; b = reported x3
    relevant = fields[("article", "relevant")]
    expected = krippendorff_alpha([["r", "r"], ["n", "r"], ["r", "r"]], "nominal")
    assert relevant["alpha"] == pytest.approx(expected.alpha, abs=1e-4)
    assert relevant["units"] == 3 and relevant["pairable_values"] == 6
    # incident units: A0 one each -> 1 unit; A3 two each, aligned by date despite the order
    inc = report["incidents"]
    assert inc["units"] == 4  # A0 (1), A1 (b only: 1), A3 (2)
    assert inc["pairs"][0]["matched"] == 3
    assert inc["f1"] == pytest.approx(2 * 3 / (3 + 4), abs=1e-4)
    fat = fields[("incident", "fatalities")]
    # aligned fatalities: (0,0) A0, (0,0) A3 kidnap, (1,3) A3 shelling; b-only unit not pairable
    ref = krippendorff_alpha([[0, 0], [0, 0], [1, 3], [None, 2]], "ratio")
    assert fat["alpha"] == pytest.approx(ref.alpha, abs=1e-4)
    assert fat["level"] == "ratio" and fat["units"] == 3
    assert fields[("incident", "event_date")]["matching_field"] is True
    assert fields[("incident", "fatalities")]["matching_field"] is False
    assert ("incident", "evidence") not in fields
    dis = [d for d in report["disagreements"] if d["field"] == "fatalities"]
    assert [(d["article"], d["values"]) for d in dis] == [(A3, {"a": "1", "b": "3"})]
    assert all(len(u["members"]) <= 2 for u in report["units"])

    md = _run(project, "compare", "--format", "markdown", "--bootstrap", "0")
    assert md.returncode == 0, md.stderr
    assert "Krippendorff" in md.stdout and "| incident | fatalities |" in md.stdout
    dis_csv = tmp_path / "disagreements.csv"
    csv_run = _run(
        project, "compare", "--format", "csv", "--bootstrap", "0", "--disagreements", str(dis_csv)
    )
    assert csv_run.returncode == 0, csv_run.stderr
    with dis_csv.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    values = [r for r in rows if r["field"] != "(incident recorded)"]
    assert len(values) == len(report["disagreements"])
    partial = [u for u in report["units"] if len(u["members"]) < len(u["coders"])]
    assert len(rows) - len(values) == len(partial)
    fat_rows = [r for r in rows if r["field"] == "fatalities"]
    assert [(r["article"], r["scope"], r["a"], r["b"]) for r in fat_rows] == [
        (A3, "incident", "1", "3")
    ]
    one = _run(project, "compare", "--coders", "a", "--format", "json")
    assert one.returncode == 2 and "at least two coders" in one.stderr
