"""`coder compare --format json` is written element by element (write_report_json): the text is
the same document as `report_json`, valid JSON for any values a coder typed, and its long lists
have one element per line."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from coder.compare import compare, report_json
from coder.compare.json_form import write_report_json
from tests.compare_helpers import inc, make_codebook, rec
from tests.project_helpers import two_coders


def _records() -> dict[str, list]:  # type: ignore[type-arg]
    odd = 'Kirkuk "old city"\n\\ \u200f كركوك \U0001f600'
    return {
        "ann": [
            rec("a1", [inc(date="2020-09-07", place=odd, event_type="attack", fatalities=2)],
                topic="conflict", relevance="high"),
            rec("a2", [inc(date="2020-09", place="Daquq", event_type="protest")], topic="other"),
            rec("a3", topic="politics"),
        ],
        "bob": [
            rec("a1", [inc(date="2020-09-08", place=odd, event_type="attack", fatalities=3),
                       inc(date="2021", place="Hawija", event_type="arrest")],
                topic="conflict", relevance="low"),
            rec("a2", [inc(date="2020-09-02", place="Daquq", event_type="protest")],
                topic="other"),
            rec("a3", topic="conflict"),
        ],
    }  # fmt: skip


@pytest.mark.parametrize("units", [True, False])
def test_streamed_text_is_the_report(units: bool) -> None:
    report = compare(make_codebook(), _records(), bootstrap=50, seed=3)
    buf = io.StringIO()
    write_report_json(report, buf, units=units)
    text = buf.getvalue()
    assert json.loads(text) == report_json(report, units=units)
    assert text.endswith("}\n")
    if units:
        assert "كركوك" in text  # kept readable (not \\u-escaped), as before
    body = text[text.index('"disagreements": [') :]
    lines = body.splitlines()
    disagreements = report_json(report)["disagreements"]
    assert disagreements, "the fixture must disagree somewhere"
    # one element per line, right after the key
    assert [json.loads(line.strip().rstrip(",")) for line in lines[1 : 1 + len(disagreements)]] == (
        disagreements
    )


def test_empty_lists_are_valid_json() -> None:
    same = {c: [rec("a1", topic="conflict"), rec("a2", topic="other")] for c in ("ann", "bob")}
    report = compare(make_codebook(), same, bootstrap=0)
    buf = io.StringIO()
    write_report_json(report, buf)
    data = json.loads(buf.getvalue())
    assert data["disagreements"] == [] and data["units"] == []
    assert data == report_json(report)


def test_many_rows_cross_the_write_chunks() -> None:
    """More rows than one write chunk (2,000): separators between chunks stay right."""
    ann = [rec(f"a{n:04d}", topic="conflict") for n in range(2500)]
    bob = [rec(f"a{n:04d}", topic="politics") for n in range(2500)]
    report = compare(make_codebook(), {"ann": ann, "bob": bob}, bootstrap=0)
    buf = io.StringIO()
    write_report_json(report, buf)
    data = json.loads(buf.getvalue())
    assert len(data["disagreements"]) == 2500
    assert data == report_json(report)


def test_the_command_writes_it_to_a_file_and_to_stdout(tmp_path: Path) -> None:
    two_coders(tmp_path)
    out = tmp_path / "report.json"
    # the console script's entry (`run`): it ends `compare` with os._exit, after flushing
    run = [sys.executable, "-c", "from coder.cli import run; run()"]
    common = ["compare", "--project", str(tmp_path), "--format", "json", "--bootstrap", "20"]
    to_file = subprocess.run([*run, *common, "--out", str(out)], capture_output=True, text=True)
    assert to_file.returncode == 0, to_file.stderr
    to_stdout = subprocess.run([*run, *common], capture_output=True, text=True)
    assert to_stdout.returncode == 0, to_stdout.stderr
    from_file = json.loads(out.read_text(encoding="utf-8"))
    assert from_file == json.loads(to_stdout.stdout)
    assert {d["field"] for d in from_file["disagreements"]} >= {"topics"}


# -- build_field_data: each distinct value encoded once, the same matrix as encoding each cell --


def test_column_memo_gives_the_cellwise_encoding() -> None:
    import numpy as np

    from coder.codebook.model import Choice, Field
    from coder.compare.data import Row, _column, _Encoder, _field_values

    scalars = [
        {"x": 1}, {"x": True}, {"x": 1.0}, {"x": "1"}, None, {"x": None}, {}, {"x": 2},
        {"x": 3}, {"x": 1}, {"x": " Mosul "}, {"x": "mosul"}, {"x": 1}, {"x": False},
    ]  # fmt: skip
    lists = [{"x": [1, 2]}, {"x": [2, 1]}, {"x": [1, 2]}, None, {"x": [1]}, {"x": []}]
    texts = [{"x": "b"}, {"x": " Mosul "}, None, {"x": "mosul"}, {"x": "b"}, {}, {"x": "a"}, {}]
    ints = [{"x": 3}, {"x": 1}, None, {"x": 3}, {}, {"x": 2}]  # one number type: the map path
    choices = (Choice(1, "one"), Choice(2, "two"))
    choice = Field("x", "choice", "incident", "X", choices=choices)
    multi = Field("x", "multi", "incident", "X", choices=choices)
    for f, level, cells in (
        (Field("x", "text", "incident", "X"), "nominal", scalars),
        (choice, "nominal", scalars),
        (choice, "ordinal", scalars),
        (Field("x", "integer", "incident", "X"), "interval", scalars),
        (Field("x", "text", "incident", "X"), "nominal", texts),
        (choice, "ordinal", ints),
        (Field("x", "integer", "incident", "X"), "interval", ints),
        (multi, "nominal", lists),
        (multi, "set", lists),
    ):
        rows = [Row("a", None, "a", (cells[i], cells[i + 1])) for i in range(0, len(cells), 2)]
        memo, plain = _Encoder(f, level), _Encoder(f, level)
        values = _field_values(rows, ["x"])["x"]
        column, raw_of = _column(memo, values)
        got = np.asarray(column)
        for code, raw in raw_of.items():  # the one stored value that has that code
            same = {(v.__class__, v) for v in values if v is not None and plain(v) == code}
            assert same == {(raw.__class__, raw)}, (f.type, level, code)
        want = np.asarray([plain(c.get("x")) if c is not None else np.nan for r in rows
                           for c in r.cells])  # fmt: skip
        assert np.array_equal(got, want, equal_nan=True), (f.type, level)
        assert memo.codes == plain.codes and memo.sets == plain.sets


def test_rows_are_one_line_each_even_where_orjson_refuses() -> None:
    """Each long-list row is one line whose JSON is the row (orjson writes them); a value
    orjson refuses (an integer beyond 64 bits a coder typed) goes through the stdlib encoder,
    so the document is still complete and valid."""
    records = _records()
    records["ann"][0].incidents[0].values["fatalities"] = 10**30
    records["bob"][0].incidents[0].values["fatalities"] = 10**30 + 1
    report = compare(make_codebook(), records, bootstrap=0)
    expected = report_json(report)
    assert any(
        m["values"].get("fatalities") == 10**30
        for u in expected["units"]
        for m in u["members"].values()
    ), "the fixture must hold the big integer"
    buf = io.StringIO()
    write_report_json(report, buf)
    text = buf.getvalue()
    assert json.loads(text) == expected
    body = text.split('"units": [\n', 1)[1]
    lines = [line.strip().removesuffix(",") for line in body.splitlines()[:-2]]
    assert [json.loads(line) for line in lines] == expected["units"]


@pytest.mark.parametrize("big", [False, True])
def test_the_file_bytes_are_the_text_in_utf8(tmp_path: Path, big: bool) -> None:
    """`coder compare --out F` writes orjson's bytes as they are (write_report_json_bytes):
    the file is byte for byte the UTF-8 of the text writer's document, also for a row only
    the stdlib encodes and for text outside ASCII."""
    from coder.compare.json_form import write_report_json_bytes
    from coder.fsutil import atomic_write_binary

    records = _records()
    if big:
        records["ann"][0].incidents[0].values["fatalities"] = 10**30
    report = compare(make_codebook(), records, bootstrap=20, seed=1)
    text = io.StringIO()
    write_report_json(report, text)
    out = tmp_path / "report.json"
    atomic_write_binary(out, lambda f: write_report_json_bytes(report, f))
    assert out.read_bytes() == text.getvalue().encode("utf-8")
    assert "كركوك".encode() in out.read_bytes()


def test_a_binary_write_that_fails_leaves_the_old_file(tmp_path: Path) -> None:
    """`atomic_write_binary` keeps `atomic_write`'s promise: a writer that fails half-way
    leaves the old file as it was and no temp file; a folder that is not there is WriteFailed."""
    from coder.fsutil import WriteFailed, atomic_write_binary

    out = tmp_path / "report.json"
    out.write_bytes(b"old")

    def half(f: Any) -> None:
        f.write(b"new and half")
        raise RuntimeError("stopped")

    with pytest.raises(RuntimeError):
        atomic_write_binary(out, half)
    assert out.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]
    with pytest.raises(WriteFailed, match="cannot write"):
        atomic_write_binary(tmp_path / "missing" / "r.json", lambda f: f.write(b"x"))


def test_a_row_boundary_is_never_looked_for_inside_a_value() -> None:
    """A chunk of rows is dumped by one orjson call and its rows put on lines of their own
    where one row's `}` meets the next row's `{"article":`. A text holding exactly that stays
    on its row (its quotes are escaped in JSON); a value that is itself a dict starting with
    "article" (a hand-edited database) gets a line break inside its row, which is whitespace
    between tokens: the document is still the report."""
    records = _records()
    records["ann"][0].incidents[0].values["place"] = 'x},{"article":"a9"}'
    records["bob"][0].incidents[0].values["place"] = 'x},{"article":"a9"}'
    records["ann"][1].incidents[0].values["notes"] = [{"article": "a1", "n": 1}, {"article": 2}]
    report = compare(make_codebook(), records, bootstrap=0)
    expected = report_json(report)
    buf = io.StringIO()
    write_report_json(report, buf)
    text = buf.getvalue()
    assert json.loads(text) == expected
    body = text.split('"units": [\n', 1)[1].splitlines()[:-2]
    assert len(body) == len(expected["units"]) + 1  # the one dict value, on two lines
    plain = [json.loads(line.strip().removesuffix(",")) for line in body if '"a9' in line]
    assert [m["values"]["place"] for u in plain for m in u["members"].values()] == [
        'x},{"article":"a9"}',
        'x},{"article":"a9"}',
    ]
