"""`coder suggest` run as a lead runs it, on a project folder made from the shipped files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.test_cli import run

ROOT = Path(__file__).resolve().parent.parent
RAID = "001_337bf2d7c06e301a"
OUTPOST = "003_ce92296724338f32"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    root.mkdir()
    for name in ("codebook.yaml", "gazetteer.csv"):
        shutil.copy(ROOT / name, root / name)
    shutil.copytree(ROOT / "samples", root / "samples")
    return root


def test_json_for_a_quote(project: Path, tmp_path: Path) -> None:
    quote = "killing two members and injuring two more"
    result = run("suggest", "--article", OUTPOST, "--quote", quote, "--format", "json",
                 cwd=project, config=tmp_path / "cfg")  # fmt: skip
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["article"] == OUTPOST and doc["published"] is None
    text = (project / "samples" / f"{OUTPOST}.txt").read_text(encoding="utf-8")
    got = {(s["field"], s["value"]) for s in doc["suggestions"]}
    # the counts from the quote; the place from the next sentence, which retells the attack
    # (the quote's own sentence only points "south of the city of Kirkuk")
    assert got == {("fatalities", 2), ("injured", 2)} | {
        ("place", "IQ-KI-DAQ-ALISARAI"),
        ("province", "kirkuk"),
        ("geo_precision", 2),
    }
    for s in doc["suggestions"]:
        assert set(s) == {"field", "value", "text", "start", "end"}
        assert text[s["start"] : s["end"]] == s["text"]


def test_every_sentence_with_the_header_date(project: Path, tmp_path: Path) -> None:
    result = run("suggest", "--article", RAID, "--project", str(project), cwd=tmp_path,
                 config=tmp_path / "cfg")  # fmt: skip
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert f"article {RAID}, published 2020-09-07" in out
    assert "event_date         2020-09-07" in out and 'from "Monday"' in out
    assert "IQ-AN-FALLUJAH" in out  # the second incident's sentence
    result = run("suggest", "--article", RAID, "--format", "json", "--published", "2020-09-08",
                 cwd=project, config=tmp_path / "cfg")  # fmt: skip
    dates = {
        s["value"] for s in json.loads(result.stdout)["suggestions"] if s["field"] == "event_date"
    }
    assert dates == {"2020-09-07"}  # "on Monday" in an article of Tuesday


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--article", "nope"), "no article 'nope'"),
        (("--article", OUTPOST, "--quote", "killing three members"), "the quote is not in article"),
        (("--article", OUTPOST, "--published", "07-09-2020"), "is not a date: write 2020-09-07"),
    ],
)
def test_bad_input_is_one_clear_line(
    project: Path, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    result = run("suggest", *args, cwd=project, config=tmp_path / "cfg")
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr


def test_broken_cue_is_a_codebook_error_with_line(project: Path, tmp_path: Path) -> None:
    path = project / "codebook.yaml"
    text = path.read_text(encoding="utf-8").replace("- 'mortar*'", "- 're:(mortar'", 1)
    path.write_text(text, encoding="utf-8")
    line = next(n for n, ln in enumerate(text.splitlines(), 1) if "re:(mortar" in ln)
    result = run("suggest", "--article", OUTPOST, cwd=project, config=tmp_path / "cfg")
    assert result.returncode == 2
    assert f"codebook.yaml:{line}: field 'event_type': cue " in result.stderr


def test_a_partial_publication_date(project: Path, tmp_path: Path) -> None:
    quote = "Militants also raided a health centre in the village of Haftaghar"
    result = run("suggest", "--article", "004_abab37718220f7c9", "--quote", quote,
                 "--published", "2018", "--format", "json", cwd=project,
                 config=tmp_path / "cfg")  # fmt: skip
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["published"] == "2018"
    got = {s["field"]: s for s in doc["suggestions"]}
    assert got["event_date"]["value"] == "2018" and got["date_precision"]["value"] == 3
    assert (
        got["event_date"]["text"] == "" and got["event_date"]["start"] == got["event_date"]["end"]
    )
    bad = run("suggest", "--article", "004_abab37718220f7c9", "--published", "2018-9",
              cwd=project, config=tmp_path / "cfg")  # fmt: skip
    assert bad.returncode == 2 and "is not a date" in bad.stderr
