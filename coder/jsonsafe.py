"""One strict JSON reader for every file coder reads (articles, imports, databases, gold).

Python's `json` accepts things that later crash or silently lose data:

* a duplicate key keeps the last value: in a hand-edited database, two documents with the same
  id or a record with two "values" keys drop one silently, and the next save makes it permanent;
* `NaN` / `Infinity` are not JSON and no R/Stata column can hold them;
* an integer of more than 4,300 digits raises a bare ValueError, and a 400-digit one is accepted
  and overflows later (compare, numpy);
* `"\\ud800"` decodes to a lone surrogate that no UTF-8 file can be written with, so an export
  crashes with UnicodeEncodeError long after the import;
* 100,000 nested brackets raise RecursionError.

`loads` refuses each with a `JSONProblem` (a ValueError, so existing `except ValueError` keep
working) whose message says what and, where known, the line and column.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from coder.textsafe import has_surrogate

MAX_INT_DIGITS = 30
"""Longer integers are refused: no codebook type holds them (see coder.codebook.values)."""

_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


class JSONProblem(ValueError):
    """A JSON text coder will not read; `lineno`/`colno` when the position is known."""

    def __init__(self, message: str, lineno: int | None = None, colno: int | None = None) -> None:
        super().__init__(message)
        self.msg = message
        self.lineno = lineno
        self.colno = colno


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise JSONProblem(
                    f"the key {key!r} appears twice in one object (one would be lost)"
                )
            seen.add(key)
    return out


def _constant(name: str) -> Any:
    raise JSONProblem(f"contains {name}, which is not a JSON value")


def _integer(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise JSONProblem(
            f"a number with {len(text.lstrip('-'))} digits (at most {MAX_INT_DIGITS} are read)"
        )
    return int(text)


_DECODER = json.JSONDecoder(object_pairs_hook=_pairs, parse_constant=_constant, parse_int=_integer)
_SHORT_INTS = json.JSONDecoder(object_pairs_hook=_pairs, parse_constant=_constant)
"""For a text known to hold no run of more than MAX_INT_DIGITS digits: each integer made by the
C scanner, not by `_integer` in Python (a fifth of parsing a 50k-incident database)."""
_DIGITS_AS_ZERO = bytes.maketrans(b"123456789", b"000000000")
_LONG_RUN = b"0" * (MAX_INT_DIGITS + 1)
_BEFORE_A_NUMBER = frozenset(b"-:,[ \t\r\n")
_NOT_A_DIGIT = re.compile(b"[^0]")  # in the text with every digit made 0
"""What a JSON number's digits can follow (its sign, or what comes before a value)."""


def has_long_digit_run(data: bytes | str) -> bool:
    """Whether `data` may hold an integer of more than MAX_INT_DIGITS digits: a run of that
    many digits at the start or after a sign, colon, comma, bracket or space. A run inside a
    word (a sha256 in hex has 31 digits in a row in one file in three) is no integer. C passes
    over the bytes: a regex took as long as parsing the file."""
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    marked = raw.translate(_DIGITS_AS_ZERO)
    at = marked.find(_LONG_RUN)
    while at >= 0:  # `at` starts its run: the leftmost match of a run is at its first digit
        if at == 0 or marked[at - 1] in _BEFORE_A_NUMBER:
            return True
        after = _NOT_A_DIGIT.search(marked, at + len(_LONG_RUN))  # past the rest of the run
        at = marked.find(_LONG_RUN, after.start()) if after is not None else -1
    return False


def _walk_for_surrogate(value: Any) -> bool:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if has_surrogate(item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def loads(text: str, *, short_ints: bool = False) -> Any:
    """Parse `text` strictly (see the module docstring); raises `JSONProblem`. `short_ints`:
    the caller knows `text` has no long run of digits (`has_long_digit_run` was False for it,
    or for a whole file it is part of)."""
    try:
        value = (_SHORT_INTS if short_ints else _DECODER).decode(text)
    except JSONProblem:
        raise
    except json.JSONDecodeError as exc:
        raise JSONProblem(exc.msg, exc.lineno, exc.colno) from None
    except RecursionError:
        raise JSONProblem("nested too deeply (thousands of brackets)") from None
    except ValueError as exc:  # e.g. float overflow handled by Python; keep the message
        raise JSONProblem(str(exc)) from None
    if _SURROGATE_ESCAPE.search(text) and _walk_for_surrogate(value):
        raise JSONProblem(
            "contains a lone surrogate (a \\ud800-\\udfff escape without its pair), which no "
            "UTF-8 file can hold; fix the text that produced it"
        )
    return value


def jsonl_lines(text: str) -> Iterator[tuple[int, Any, str | None]]:
    """Each non-blank line of a JSON-lines text as (line number, object, problem).

    A line that is not valid JSON gives (line, None, "not valid JSON: ... (column N)") and the
    walk goes on, so a reader reports every bad line of a file at once; `object` may be any JSON
    value (the caller says which shape it expects)."""
    short_ints = not has_long_digit_run(text)
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            yield number, loads(raw, short_ints=short_ints), None
        except JSONProblem as e:
            at = f" (column {e.colno})" if e.colno is not None else ""
            yield number, None, f"not valid JSON: {e.msg}{at}"
