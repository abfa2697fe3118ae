"""`coder check` into a pipe or file: lines written directly are what Rich would print.

`checks.print_plain` writes a line as it is (and a newline) unless it holds a tab or a carriage
return, which Rich expands or drops; these tests hold it to Rich's own output for the same lines.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Text

from coder.checks import print_plain
from coder.textsafe import clean

LINES = [
    "project: error: plain",
    "tab\there and\tthere",
    "crlf\r\nend",
    "wide 漢字 and 😀 emoji",
    "  leading and trailing  ",
    "[bold]not markup[/bold] :smile:",
    "",
    "two\nlines",
    "x" * 300,
    "عربي \u200f mark",
]


def _console(width: int) -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, width=width, highlight=False), out


def _by_rich(lines: list[str], width: int) -> str:
    console, out = _console(width)
    for line in lines:
        console.print(Text(line), soft_wrap=True)
    return out.getvalue()


def _plain(lines: list[str], width: int) -> str:
    console, out = _console(width)
    assert not console.is_terminal
    print_plain(console, lines)
    return out.getvalue()


def test_lines_come_out_as_rich_prints_them() -> None:
    for width in (40, 120):
        assert _plain(LINES, width) == _by_rich(LINES, width)
    assert _plain(LINES[:1], 80) == "project: error: plain\n"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(max_size=60).map(clean), max_size=6))
def test_any_cleaned_text_comes_out_as_rich_prints_it(lines: list[str]) -> None:
    assert _plain(lines, 80) == _by_rich(lines, 80)


def test_the_gold_file_is_the_gold_layers() -> None:
    """checks looks for the gold database itself, so that a project without one never loads
    the gold layer (and compare, and scipy) at all."""
    from coder.checks import GOLD_FILE
    from coder.gold.store import GOLD_FILE as GOLD_LAYERS

    assert GOLD_FILE == GOLD_LAYERS


def _record_lines_by_json(path: Path) -> dict[str, int]:
    """The definition: each line's value after `"article": ` as JSON reads it, first wins."""
    out: dict[str, int] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        start = line.find('"article": ')
        if start < 0:
            continue
        try:
            value, _ = json.JSONDecoder().raw_decode(line, start + len('"article": '))
        except ValueError:
            continue
        if isinstance(value, str):
            out.setdefault(value, number)
    return out


def test_record_lines_read_ids_as_json_does(tmp_path: Path) -> None:
    from coder.checks import _record_lines

    path = tmp_path / "ann.json"
    path.write_text(
        '{\n"records": {\n"1": {"article": "a\\"b"},\n"2": {"article": "x\\u00e9"},\n'
        '"3": {"article": "tab\tx"},\n"4": {"article": 5},\n"5": {"article": ""},\n'
        '"6": {"article": "\u2028z"}, "article": "q"\n"7": {"article":"no space"},\n'
        '"8": {"article": "plain"}, "x": {"article": "plain"}\n"9": {"article": "a\\"b"}\n}\n}\n',
        encoding="utf-8",
    )
    assert _record_lines(path) == _record_lines_by_json(path)
    assert _record_lines(path)["plain"] == 11 and _record_lines(path)['a"b'] == 3


@pytest.mark.parametrize(
    "odd",
    [
        "",
        '"9": {"article": "tab\\tx"},\n',  # an id with an escape: read as JSON reads it
        '"9": {"article": "x", "note": "\\"article\\": \\"y\\""},\n',
        '"9": {"article": "x"}, "article": "q"\n',  # two on one line: the first counts
        '"9": {"x": 1},\n\x0c\n',  # a line break of str.splitlines' own
        '"9": {"status": "done", "article": "late"},\n',
    ],
)
def test_record_lines_of_a_file_the_store_wrote_read_ids_as_json_does(
    tmp_path: Path, odd: str
) -> None:
    """A file in the store's layout is read in one scan of its bytes; anything that scan
    cannot vouch for is read line by line, with the same answer."""
    from coder.checks import _record_lines

    path = tmp_path / "ann.json"
    docs = [f'"{n}": {{"article": "art{n:02d}", "values": {{}}}}' for n in range(1, 6)]
    path.write_text(
        '{\n"meta": {\n"1": {"format": 1}\n},\n"records": {\n'
        + odd
        + ",\n".join(docs)
        + ',\n"6": {"article": "art01"}\n}\n}\n',
        encoding="ascii",
    )
    lines = _record_lines(path)
    assert lines == _record_lines_by_json(path)
    assert lines["art01"] == 6 + odd.count("\n") + odd.count("\x0c")
