"""The codebook is read by libyaml when it can be (`read_yaml_quickly`, a start-up cost of every
`coder code`): the result, line numbers included, is the reference reader's, and text the fast
reader refuses or composes past the reference reader's bounds is read by that reader, so its
messages are unchanged."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from coder.codebook.yaml_source import (
    MAX_DEPTH,
    YamlProblem,
    YList,
    YMap,
    read_yaml,
    read_yaml_quickly,
)

REPO = Path(__file__).resolve().parents[1]


def _same(a: Any, b: Any, where: str = "$") -> None:
    assert type(a) is type(b), where
    if isinstance(a, YMap):
        assert (a.line, a.key_lines, a.raw, a.duplicates, a.bad_keys) == (
            b.line,
            b.key_lines,
            b.raw,
            b.duplicates,
            b.bad_keys,
        ), where
        assert list(a) == list(b), where
        for key in a:
            _same(a[key], b[key], f"{where}.{key}")
    elif isinstance(a, YList):
        assert (a.line, a.item_lines, len(a)) == (b.line, b.item_lines, len(b)), where
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            _same(x, y, f"{where}[{i}]")
    else:
        assert a == b, where


@pytest.mark.parametrize(
    "path",
    [
        REPO / "codebook.yaml",
        REPO / "tests" / "fixtures" / "tui_codebook.yaml",
        REPO / "tests" / "fixtures" / "exchange_codebook.yaml",
    ],
    ids=lambda p: p.name,
)
def test_the_same_tree_and_lines_as_the_reference_reader(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    _same(read_yaml(text), read_yaml_quickly(text))


@pytest.mark.parametrize(
    "text",
    [
        "a: [1, 2\nb: 3\n",  # a syntax error
        "a: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n",  # libyaml reads it
        "a: &x {k: 1}\nb: *x\nc: !!python/object:os.system ls\n",
        "a: 1\na: 2\n",  # a duplicate key is kept for the codebook's own message
    ],
)
def test_problems_are_the_reference_readers(text: str) -> None:
    try:
        expected: Any = read_yaml(text)
    except YamlProblem as problem:
        with pytest.raises(YamlProblem) as got:
            read_yaml_quickly(text)
        assert (got.value.line, got.value.message) == (problem.line, problem.message)
    else:
        _same(expected, read_yaml_quickly(text))
