"""The fast JSON path (orjson, duplicate keys found by counting colons) against the strict reader.

`coder.jsonsafe.loads` reads a text with orjson and keeps the result only when the colons say
no key was lost; otherwise, and whenever orjson refuses the text, the strict reader (Python's
`json` with a duplicate-key hook) answers. Both must give the same value, or the same refusal,
for any text: generated texts here hold duplicate keys at any depth, keys and strings with
escaped quotes, backslashes and colons (as they are or as `\\u003a`), long integers and floats.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coder.jsonsafe import (
    LOCATE_MAX_CHARS,
    NOT_READ,
    JSONProblem,
    fast_loads,
    int_digits,
    jsonl_lines,
    loads,
)
from coder.store.storage import DamagedError, dump_fragment, load_tables, read_database


def _strict(text: str) -> tuple[str, str]:
    """("ok", repr of the value) or ("refused", the message), read the strict way only."""
    try:
        return "ok", repr(loads(text, fast_ints=False))
    except JSONProblem as e:
        return "refused", str(e)


def _either(text: str) -> tuple[str, str]:
    try:
        return "ok", repr(loads(text))
    except JSONProblem as e:
        return "refused", str(e)


_CHARS = st.sampled_from(['"', "\\", ":", "a", "b", " ", "\u00e9", "\u0639", "\U0001f600", "/"])
_STRINGS = st.lists(_CHARS, max_size=5).map("".join)


@st.composite
def _string_text(draw: st.DrawFn, keys: bool = False) -> str:
    """A JSON string literal, written in one of several ways (ASCII escapes or not, a colon
    escaped or not)."""
    value = draw(st.sampled_from(["a", "b", 'a"', "a:", ":", ""]) if keys else _STRINGS)
    text = json.dumps(value, ensure_ascii=draw(st.booleans()))
    if draw(st.booleans()):
        text = text.replace(":", "\\u003a" if draw(st.booleans()) else "\\u003A")
    return text


_NUMBERS = st.sampled_from(
    (
        *("0", "-0", "1", "-1", "1.5", "-0.0", "1e5", "2E-3", "1e400", "0.1" + "3" * 25),
        *("9" * 18, "9" * 19, "-" + "9" * 19, "1" * 25, "1" * 31),
        *("18446744073709551615", "18446744073709551616"),
    )
)


def _json_texts() -> st.SearchStrategy[str]:
    leaves = st.one_of(
        _NUMBERS, _string_text(), st.sampled_from(["true", "false", "null", "NaN", "[]", "{}"])
    )

    def containers(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        arrays = st.lists(children, max_size=4).map(lambda items: "[" + ", ".join(items) + "]")
        pairs = st.lists(st.tuples(_string_text(keys=True), children), max_size=4)
        separators = st.sampled_from([(":", ","), (": ", ", "), (" :\n", " ,\t")])
        objects = st.builds(
            lambda ps, sep: "{" + sep[1].join(k + sep[0] + v for k, v in ps) + "}",
            pairs,
            separators,
        )
        return arrays | objects

    return st.recursive(leaves, containers, max_leaves=12)


@settings(max_examples=1500, deadline=None)
@given(_json_texts())
def test_the_fast_path_answers_as_the_strict_reader(text: str) -> None:
    assert _either(text) == _strict(text)
    if int_digits(text)[0]:  # what a database's reader does with its bytes
        value = fast_loads(text.encode("utf-8"))
        assert value is NOT_READ or ("ok", repr(value)) == _strict(text)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        _json_texts().filter(lambda t: t.splitlines() == [t])
        | st.sampled_from(["", "  ", "{", '{"a": 1, "a": 2}']),
        max_size=6,
    )
)
def test_a_jsonl_text_reads_as_its_lines_read_one_by_one(lines: list[str]) -> None:
    """Each line read as the strict reader reads it on its own, a key lost to a twin found."""
    got = [(n, repr(v), p) for n, v, p in jsonl_lines("\n".join(lines))]
    want = []
    for n, line in enumerate(lines, start=1):
        if line.strip():
            verdict, what = _strict(line)
            want.append((n, what, None) if verdict == "ok" else (n, "None", what))
    assert [(n, v) for n, v, _ in got] == [(n, v) for n, v, _ in want]
    assert all((p is None) == (w is None) for (_, _, p), (_, _, w) in zip(got, want, strict=True))


def test_bytes_that_are_not_utf8_are_left_to_the_strict_reader() -> None:
    for raw in (b'{"a": "\xff"}', b'{"a": "\xed\xa0\x80"}', b'{"a": "\xc0\xaf"}'):
        assert fast_loads(raw) is NOT_READ


@pytest.mark.parametrize(
    "text",
    [
        '{"a": 1, "a": 2}',
        '{"x": [{"id": "i1", "values": {"fatalities": 1, "fatalities": 2}}]}',
        '{"k\\"ey": 1, "k\\"ey": 2}',  # a key holding an escaped quote, twice
        '{"a\\":b": 1, "a\\":b": 1}',  # ... and a colon after it
        '{"t": "1:2", "u": "\\u003a", "u": ":"}',  # colons in strings, escaped or not
        '{"a": {"b": 1}, "a": {"b": 1}}',
    ],
)
def test_a_duplicate_key_is_refused_wherever_it_is(text: str) -> None:
    with pytest.raises(JSONProblem, match="appears twice"):
        loads(text)


@pytest.mark.parametrize(
    "text",
    [
        '{"k\\"ey": 1, "k\\"eY": 2}',
        '{"a\\":b": "c\\": d", "e": ":"}',
        '{"t": "2026-12-07T01:34:18+00:00", "\\u003a": "\\u003A"}',
        '{"n": 9223372036854775808, "m": -9223372036854775809, "big": 18446744073709551616}',
    ],
)
def test_texts_without_duplicates_read_as_the_strict_reader_does(text: str) -> None:
    assert _either(text) == _strict(text) and _either(text)[0] == "ok"


def test_integers_beyond_64_bits_stay_integers() -> None:
    assert loads("[18446744073709551616, -9223372036854775809]") == [2**64, -(2**63) - 1]
    assert list(jsonl_lines('{"a": 1}\n{"n": 123456789012345678901}\n')) == [
        (1, {"a": 1}, None),
        (2, {"n": 123456789012345678901}, None),
    ]


def test_jsonl_reports_each_bad_line_as_before() -> None:
    text = '{"a": 1}\n{"b": 1, "b": 2}\n{"c": NaN}\n{"d": \n{"e": "\\ud800"}\n'
    lines = list(jsonl_lines(text))
    assert lines[0] == (1, {"a": 1}, None)
    assert [(n, obj) for n, obj, _ in lines[1:]] == [(2, None), (3, None), (4, None), (5, None)]
    problems = [p or "" for _, _, p in lines[1:]]
    assert "the key 'b' appears twice" in problems[0]
    assert "NaN" in problems[1]
    assert problems[2].startswith("not valid JSON: Expecting value (column")
    assert "lone surrogate" in problems[3]


def _database(tmp_path: Path, incident_values: str) -> Path:
    path = tmp_path / "coder.json"
    doc = (
        '{"article": "a1", "status": "done", "values": {}, "incidents": [{"id": "i1", '
        f'"values": {incident_values}}}], "created": "2026-01-01T00:00:00+00:00", "updated": '
        '"2026-01-01T00:00:00+00:00", "codebook_version": "1", "article_hash": "", '
        '"scratch": {}, "active_seconds": 0}'
    )
    path.write_text(
        '{\n"meta": {\n"1": {"format": 1, "coder": "c"}\n},\n"records": {\n'
        f'"1": {doc}\n}}\n}}\n',
        encoding="utf-8",
    )
    return path


def test_a_database_with_a_key_twice_in_an_incident_is_damaged_at_its_line(
    tmp_path: Path,
) -> None:
    path = _database(tmp_path, '{"fatalities": 1, "place": "a\\": b", "fatalities": 2}')
    for read in (load_tables, read_database):
        with pytest.raises(DamagedError) as info:
            read(path)
        message = str(info.value)
        assert f"{path}, line 6, column" in message
        assert "the key 'fatalities' appears twice in one object" in message


def test_a_database_whose_key_holds_escaped_quotes_reads_as_written(tmp_path: Path) -> None:
    path = _database(tmp_path, '{"say \\"x\\": y": 1, "say \\"x\\": Y": 2}')
    values = load_tables(path)["records"]["1"]["incidents"][0]["values"]
    assert values == {'say "x": y': 1, 'say "x": Y': 2}
    assert read_database(path)[0]["records"]["1"]["incidents"][0]["values"] == values


def test_a_text_over_a_mebibyte_is_checked_document_by_document() -> None:
    """Past LOCATE_MAX_CHARS the colons of orjson's dump are counted per document of each
    table: a key twice in one incident is still found, and a clean text read as it is."""
    doc = '{"article": "a:1", "incidents": [{"id": "x", "values": {"n": 1, "t": "b\\": c"}}]}'
    many = ", ".join(f'"{n}": {doc}' for n in range(1, 20_000))
    clean = f'{{"meta": {{"1": {{"format": 1}}}}, "records": {{{many}}}}}'
    assert len(clean) > LOCATE_MAX_CHARS
    assert _either(clean) == _strict(clean)
    twice = clean.replace('"n": 1, "t"', '"n": 1, "n"', 1)
    with pytest.raises(JSONProblem, match="the key 'n' appears twice"):
        loads(twice)


_DOCS = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=4), children, max_size=3)
    ),
    max_leaves=10,
)


@settings(max_examples=400, deadline=None)
@given(_DOCS)
def test_a_document_is_written_as_json_dumps_writes_it(doc: Any) -> None:
    """The store's lines come from the C encoder without its container bookkeeping."""
    expected = json.dumps(doc, ensure_ascii=True, allow_nan=False, separators=(", ", ": "))
    assert dump_fragment(doc) == expected


def test_a_document_json_cannot_hold_is_refused_as_before() -> None:
    loop: dict[str, Any] = {}
    loop["self"] = loop
    for doc, message in ((loop, "Circular reference"), ({"x": float("nan")}, "Out of range")):
        with pytest.raises(ValueError, match=message):
            dump_fragment(doc)
    with pytest.raises(TypeError):
        dump_fragment({"x": object()})
