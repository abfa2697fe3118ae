"""Data never drives the terminal, never runs in a spreadsheet, never crashes a loader.

Each test plants a hostile file in a real project and runs the real `coder` command (piped, as
CI and scripts run it) or the real loader, then looks at the bytes that came out."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from coder.codebook.loader import CodebookError, load_codebook
from coder.exchange.csvsafe import neutralise, unneutralise
from coder.exchange.importer import ImportFailed, import_file
from coder.store import CoderStore, DamagedError
from coder.textsafe import clean
from tests.project_helpers import make_project, sample_records, save

CODER = Path(sys.executable).parent / "coder"
OSC52 = "\x1b]52;c;aGVsbG8=\x07"
OSC2 = "\x1b]2;pwned\x07"
HOSTILE = [OSC52, OSC2, "\x1b[2J", "\x9b31m", "\x9d0;t\x9c", "a\rb", "x\u202eexe.txt", "\ud800"]


def run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CODER_CONFIG_DIR": str(root / ".cfg"), "NO_COLOR": "1"}
    return subprocess.run(
        [str(CODER), *args], cwd=root, capture_output=True, text=True, timeout=120, env=env,
        errors="surrogateescape",
    )  # fmt: skip


def assert_inert(text: str) -> None:
    for bad in ("\x1b", "\x07", "\x9b", "\x9d", "\u202e"):
        assert bad not in text, repr(text)


# ------------------------------------------------------------------------------ clean


@pytest.mark.parametrize("payload", HOSTILE)
def test_clean_leaves_nothing_a_terminal_obeys(payload: str) -> None:
    out = clean(f"id {payload} end")
    assert_inert(out)
    assert clean(out) == out and out.startswith("id ") and out.endswith(" end")
    out.encode("utf-8")  # never a UnicodeEncodeError


def test_clean_keeps_text_layout_and_scripts() -> None:
    text = "قتل اثنان\tکەرکووک\nline 2 [bold]x[/] \u200f mark\r\n"
    assert clean(text) == text


# ------------------------------------------------------------------------------ CLI output


@pytest.fixture
def project(tmp_path: Path) -> Path:
    make_project(tmp_path)
    return tmp_path


def test_check_never_prints_escapes_from_file_names(project: Path) -> None:
    for n, payload in enumerate([OSC52, OSC2, "\x1b[31mred"]):
        (project / "articles" / f"clip{n}{payload}.txt").write_text("Some text.\n")
        (project / "articles" / f"bad{n}{payload}.jsonl").write_text("not json\n")
    result = run(project, "check")
    assert "bad0" in result.stdout + result.stderr  # reported ...
    assert_inert(result.stdout + result.stderr)  # ... as data


def test_escape_in_database_value_and_field_name_stays_data(project: Path) -> None:
    save(make_project_again(project), "ann", sample_records())
    db = project / "coding" / "ann.json"
    data = json.loads(db.read_text())
    doc = next(iter(data["records"].values()))
    doc["values"]["summary"] = f"x{OSC52}y"
    doc["values"][f"bogus{OSC2}"] = "z"
    db.write_text(json.dumps(data))
    for args in (("export", "--coder", "ann"), ("export", "--format", "jsonl"), ("check",)):
        result = run(project, *args)
        assert "Traceback" not in result.stderr, result.stderr
        assert_inert(result.stdout + result.stderr)
    assert "bogus" in run(project, "check").stdout


def make_project_again(root: Path):  # type: ignore[no-untyped-def]
    from coder.project import Project

    return Project.locate(root)


def test_codebook_title_with_escape_is_refused_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "codebook.yaml"
    path.write_text(
        'title: "Iraq \\e]2;pwned\\a"\nversion: "1"\nincident:\n  fields:\n'
        "    - {name: d, type: date, label: D}\n"
    )
    with pytest.raises(CodebookError) as info:
        load_codebook(path)
    assert "codebook.yaml:1:" in str(info.value) and "control character" in str(info.value)
    assert_inert(str(info.value))


# ------------------------------------------------------------------------------ YAML bounds

BOMB = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(8)
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (BOMB, "alias bomb"),
        ("a: " + "[" * 400 + "]" * 400 + "\n", "levels deep"),
        ("a:\n" + "".join("  " * i + f" k{i}:\n" for i in range(400)), "levels deep"),
        ("title: x\nversion: " + "9" * 5000 + "\n", "digits"),
        ("title: Iraq \x1b]2;pwned\x07\n", "control character"),  # raw, not a YAML escape
    ],
)
def test_hostile_yaml_is_refused_quickly(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "codebook.yaml"
    path.write_text(text)
    started = time.perf_counter()
    with pytest.raises(CodebookError, match=expected):
        load_codebook(path)
    assert time.perf_counter() - started < 5  # well under a second unloaded; never minutes


# ------------------------------------------------------------------------------ numbers, text


def test_huge_integer_in_articles_jsonl_is_a_problem_on_its_line(project: Path) -> None:
    (project / "articles" / "big.jsonl").write_text(
        '{"id": "ok", "text": "fine"}\n{"id": "x", "text": "t", "n": ' + "9" * 5000 + "}\n"
    )
    result = run(project, "check")
    assert "Traceback" not in result.stderr
    assert "big.jsonl:2" in result.stdout and "digits" in result.stdout


def _import(project: Path, name: str, text: str) -> ImportFailed:
    (project / name).write_text(text, encoding="utf-8", errors="surrogatepass")
    with pytest.raises(ImportFailed) as info:
        import_file(make_project_again(project), project / name, "bob")
    return info.value


def _line(fields: str) -> str:
    return (
        '{"article": "a2", "status": "done", "values": {}, "incidents": [{"id": "'
        + "4" * 32
        + '", "event_date": "2020-09-07", "attack_type": 2'
        + fields
        + "}]}\n"
    )


def test_numbers_beyond_what_the_type_holds_are_refused_with_the_cell(project: Path) -> None:
    error = _import(project, "big.jsonl", _line(', "fatalities": ' + "9" * 400))
    assert "digits" in str(error) and "big.jsonl:1" in str(error)
    error = _import(project, "big2.jsonl", _line(', "fatalities": 12345678901234567890'))
    assert "fatalities" in str(error) and "too large" in str(error)
    sheet = "article,status,incident_id,event_date,attack_type,fatalities\n"
    error = _import(project, "big.csv", sheet + f"a2,done,{'4' * 32},2020-09-07,2,1e308\n")
    assert "line 2" in str(error) or "big.csv:2" in str(error)
    assert "fatalities" in str(error) and "too large" in str(error)
    assert not (project / "coding" / "bob.json").exists()


def test_lone_surrogate_is_refused_at_the_door(project: Path) -> None:
    error = _import(project, "s.jsonl", _line(', "place": "Kirkuk \\ud800"'))
    assert "surrogate" in str(error)
    assert not (project / "coding" / "bob.json").exists()


def test_dates_in_arabic_indic_and_full_width_digits_are_stored_as_iso(project: Path) -> None:
    text = _line("").replace("2020-09-07", "٢٠٢٠-٠٩-٠٧")
    text += _line("").replace("a2", "a1").replace("4" * 32, "5" * 32)
    text = text.replace('"2020-09-07"', '"２０２０-09-07"', 1)
    (project / "d.jsonl").write_text(text, encoding="utf-8")
    import_file(make_project_again(project), project / "d.jsonl", "bob")
    with CoderStore.open(project / "coding" / "bob.json", coder="bob", readonly=True) as store:
        dates = {r.article: r.incidents[0].values["event_date"] for r in store.records()}
    assert dates == {"a1": "2020-09-07", "a2": "2020-09-07"}


# ------------------------------------------------------------------------------ databases


def _database(tmp_path: Path, body: bytes) -> Path:
    db = tmp_path / "alice.json"
    db.write_bytes(body)
    return db


META = b'"meta": {"1": {"format": 1, "coder": "alice", "created": "2024-01-01T00:00:00+00:00"}}'


def _rec(article: str) -> bytes:
    return (
        b'{"article": "' + article.encode() + b'", "status": "draft", "values": {}, '
        b'"incidents": [], "created": "x", "updated": "x", "codebook_version": "1", '
        b'"article_hash": "h"}'
    )


def test_duplicate_document_ids_and_keys_are_reported(tmp_path: Path) -> None:
    db = _database(
        tmp_path,
        b"{" + META + b',\n"records": {"1": ' + _rec("a1") + b', "1": ' + _rec("a2") + b"}}",
    )
    with pytest.raises(DamagedError, match="'1' appears twice"):
        CoderStore.open(db, coder="alice", readonly=True)
    twice = _rec("a1").replace(b'"values": {}', b'"values": {}, "values": {"x": 1}')
    db = _database(tmp_path, b"{" + META + b',\n"records": {"1": ' + twice + b"}}")
    with pytest.raises(DamagedError, match="'values' appears twice"):
        CoderStore.open(db, coder="alice")
    assert b'"values": {}, "values"' in db.read_bytes()  # never rewritten


def test_database_with_a_byte_order_mark_opens(tmp_path: Path) -> None:
    db = _database(tmp_path, b"\xef\xbb\xbf{" + META + b',\n"records": {"1": ' + _rec("a1") + b"}}")
    with CoderStore.open(db, coder="alice", readonly=True) as store:
        assert [r.article for r in store.records()] == ["a1"]


def test_check_reports_a_folder_and_a_link_loop_in_the_data_folder(project: Path) -> None:
    save(make_project_again(project), "ann", sample_records())
    (project / "coding" / "bob.json").mkdir()
    (project / "coding" / "cy.json").symlink_to(project / "coding" / "cy.json")
    result = run(project, "check")
    assert "Traceback" not in result.stderr, result.stderr
    assert "bob.json: error: is a folder" in result.stdout
    assert "cy.json: error: is a symbolic link" in result.stdout
    assert result.returncode != 0


# ------------------------------------------------------------------------------ spreadsheets

PAYLOADS = [
    "=1+1",
    "+1+1",
    "-1+1",
    "@SUM(A1)",
    '=HYPERLINK("http://x","y")',
    "=cmd|' /C calc'!A0",
    "|calc",
    "\t=1",
    "\r=1",
    "\n=1",
    " =1",
    "\u00a0=1",
    "\u3000@x",
    "\ufeff=1",
    "\u200b=1",
    "\u202e=1",
    "\uff1d1+1",
    "\uff0b1",
    "\uff0d1",
    "\uff20x",
    "'=1",
    "%0A=1",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_every_formula_payload_is_neutralised_and_round_trips(payload: str) -> None:
    out = neutralise(payload)
    if payload == "%0A=1":
        assert out == payload  # text, not a formula in any spreadsheet
    else:
        assert out == "'" + payload
    assert unneutralise(out) == payload


@pytest.mark.parametrize("number", ["-3", "+2.5", "1e5", "-0.5", "12"])
def test_plain_numbers_stay_numbers(number: str) -> None:
    assert neutralise(number) == number


def test_disagreements_csv_neutralises_ids_and_unit_keys(project: Path) -> None:
    p = make_project_again(project)
    from tests.project_helpers import ARTICLES

    (project / "articles" / "=HYPERLINK(1).txt").write_text(ARTICLES["a1"])
    recs = sample_records()
    for r in recs:
        r.article = "=HYPERLINK(1)" if r.article == "a1" else r.article
    save(p, "ann", recs)
    recs[0].incidents[0].values["fatalities"] = 7
    save(p, "bob", recs)
    result = run(project, "compare", "--disagreements", "dis.csv")
    assert result.returncode in (0, 1), result.stderr
    rows = list(csv.reader(io.StringIO((project / "dis.csv").read_text(), newline="")))
    cells = [c for row in rows[1:] for c in row]
    assert "'=HYPERLINK(1)" in cells
    assert not any(c.startswith(("=", "+", "@")) for c in cells)


def test_check_warns_about_a_codebook_too_large_for_one_form(tmp_path: Path) -> None:
    """10,000 fields open the coding screen in minutes: said before a coder waits for it."""
    from coder.checks import check_project
    from coder.project import Project

    fields = "\n".join(f"    - {{name: f{i}, type: text}}" for i in range(600))
    (tmp_path / "codebook.yaml").write_text(
        f"title: Big\nversion: '1'\narticle:\n  fields:\n{fields}\nincident:\n  fields:\n"
        "    - {name: what, type: text}\n",
        encoding="utf-8",
    )
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a.txt").write_text("A title\n\nSome text.\n", encoding="utf-8")
    report = check_project(Project.locate(tmp_path))
    warnings = [str(p) for p in report.problems if "fields: the coding screen" in str(p)]
    assert warnings and "601 fields" in warnings[0]
