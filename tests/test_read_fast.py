"""Shortcuts in reading files (articles, imports, databases) against what they stand for.

`clean_text` leaves a text without controls, escapes or CRs alone after one regex scan; the
JSON reader lets the C scanner make integers when no run of more than 30 digits is anywhere in
the text.
Both must answer exactly as the long way does.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coder import jsonsafe
from coder.articles import _CONTROLS, _ESCAPE_START, _ESCAPES, TITLE_MAX, clean_text, title_from
from coder.jsonsafe import JSONProblem, has_long_digit_run, jsonl_lines, loads


def _clean_by_regex(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _ESCAPE_START.search(text):
        text = _ESCAPES.sub("", text)
    return _CONTROLS.sub("", text)


TEXTS = st.text(
    alphabet=st.one_of(
        st.sampled_from("ab \t\n\r\x1b[31m\x07\x00\x7f\x85\x9b]0;"),
        st.characters(max_codepoint=0x7F),
        st.characters(),
    ),
    max_size=40,
)


@settings(max_examples=500, deadline=None)
@given(TEXTS)
def test_clean_text_is_the_regexes(text: str) -> None:
    assert clean_text(text) == _clean_by_regex(text)


def test_clean_text_keeps_plain_ascii_and_removes_the_rest() -> None:
    assert clean_text("a\r\nb\rc\td") == "a\nb\nc\td"
    assert clean_text("red \x1b[31mtext\x1b[0m\x00") == "red text"
    assert clean_text("caf\u00e9 \x9b31m") == "caf\u00e9 "


_RUN_OF_A_NUMBER = re.compile("(?<![^-:,\\[ \t\r\n])[0-9]{31}")
_PIECES = st.sampled_from(
    ("9" * 31, "1" * 35, "0" * 30, "12", "a", "f", '"', "-", ":", ",", "[", " ", "\n", ".", "e")
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_PIECES, max_size=8).map("".join))
def test_a_long_digit_run_where_a_number_can_be_is_found(text: str) -> None:
    assert has_long_digit_run(text) == (_RUN_OF_A_NUMBER.search(text) is not None)
    assert has_long_digit_run(text.encode()) == has_long_digit_run(text)


@settings(max_examples=500, deadline=None)
@given(st.lists(_PIECES, max_size=24).map("".join), st.integers(1, 40))
def test_a_long_text_is_looked_at_in_pieces_with_the_same_answer(text: str, piece: int) -> None:
    """Pieces of a few characters: every run crosses a boundary somewhere (the real piece is
    1 MiB, so the test sets a small one)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(jsonsafe, "_SCAN_PIECE", piece)
        assert has_long_digit_run(text) == (_RUN_OF_A_NUMBER.search(text) is not None)
        assert has_long_digit_run(text.encode()) == has_long_digit_run(text)
        short = re.compile("(?<![^-:,\\[ \t\r\n])[0-9]{19}")
        assert has_long_digit_run(text, 18) == (short.search(text) is not None)


def test_a_long_digit_run_in_a_hash_is_no_number() -> None:
    digits = "5610975051566847662809645069568"
    assert not has_long_digit_run(f'{{"article_hash": "1fa6187df{digits}42"}}')
    assert has_long_digit_run(f'{{"n": {digits}}}') and has_long_digit_run(f"[-{digits}]")
    assert has_long_digit_run(digits) and has_long_digit_run(f"[1,{digits}0]")


def test_too_long_integers_are_refused_on_either_path() -> None:
    long = "9" * 31
    lines = list(jsonl_lines(f'{{"a": 1}}\n{{"b": {long}}}\n'))
    assert lines[0] == (1, {"a": 1}, None)
    assert lines[1][1] is None and "31 digits" in (lines[1][2] or "")
    only_short = list(jsonl_lines('{"a": 12345678901234567890}\n{"id": "' + long + '"}'))
    assert only_short == [(1, {"a": 12345678901234567890}, None), (2, {"id": long}, None)]
    for text in (f"[{long}]", f'{{"n": -{long}}}'):
        try:
            loads(text)
        except JSONProblem as e:
            assert "31 digits" in str(e)
        else:
            raise AssertionError(f"{text} was read")


def _title_by_split(text: str) -> str:
    for line in text.split("\n"):
        line = line.strip()
        if line:
            return line if len(line) <= TITLE_MAX else line[: TITLE_MAX - 1].rstrip() + "…"
    return ""


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab \n\t\r\u2028\u00a0"), max_size=30))
def test_title_from_is_the_first_line_of_the_split_text(text: str) -> None:
    assert title_from(text) == _title_by_split(text)
    long = "x " * TITLE_MAX
    assert title_from("\n \n" + long + "\nb") == _title_by_split("\n \n" + long + "\nb")


_JSONL_PIECES = st.sampled_from(
    ('{"a": 1}', '{"a": 1, "a": 2}', "[1, 2]", '"x"', "{", "9" * 31, '{"n": ' + "9" * 20 + "}",
     '{"s": "\\ud800"}', "NaN", " ", "\t", "\n", "\r\n", "\r", "\x0b", "\x1f", '{"é": 1}')
)  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(_JSONL_PIECES, max_size=10).map("".join))
def test_jsonl_read_as_bytes_is_read_as_text(text: str) -> None:
    """An import given as its bytes (plain ASCII without the breaks bytes split otherwise) reads
    line for line as its text does: objects, problems and line numbers."""
    data = text.encode()
    if jsonsafe.plain_ascii_lines(data):
        assert list(jsonl_lines(data)) == list(jsonl_lines(text))
    else:
        assert not text.isascii() or any(c in text for c in "\x0b\x0c\x1c\x1d\x1e\x1f")
