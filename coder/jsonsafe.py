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

Speed: a text is first parsed by orjson (C, no Python call per object), which refuses NaN, lone
surrogates, control characters and deep nesting as we do, but keeps the last of two equal keys
and makes an integer beyond 64 bits a float. So orjson is only given a text with no run of more
than `FAST_INT_DIGITS` digits where a number can start, and its result is kept only when the
text holds no key that the result lost (`_no_key_lost`). Anything else, including every text
orjson refuses, goes through the strict reader below, whose verdict and message are as before.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import orjson

from coder.textsafe import has_surrogate

MAX_INT_DIGITS = 30
"""Longer integers are refused: no codebook type holds them (see coder.codebook.values)."""
FAST_INT_DIGITS = 18
"""Every integer of at most this many digits fits 64 bits, which orjson makes an int (a longer
one it may make a float, silently): a text with a longer run is read by the strict reader."""

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
_BEFORE_A_NUMBER = frozenset(b"-:,[ \t\r\n")
_NOT_A_DIGIT = re.compile(b"[^0]")  # in the text with every digit made 0
"""What a JSON number's digits can follow (its sign, or what comes before a value)."""


def has_long_digit_run(data: bytes | str, digits: int = MAX_INT_DIGITS) -> bool:
    """Whether `data` may hold an integer of more than `digits` digits: a run of that many
    digits at the start or after a sign, colon, comma, bracket or space. A run inside a word (a
    sha256 in hex has 31 digits in a row in one file in three) is no integer. C passes over the
    bytes: a regex took as long as parsing the file. A long text is looked at a piece at a
    time (`_SCAN_PIECE`): two whole copies of a 38 MB import (its UTF-8, then its digits
    marked) were a quarter of the pages `coder import` touched."""
    size = len(data)
    if size <= _SCAN_PIECE + digits + 1:
        return _run_in(data, digits, first=True)
    for start in range(0, size, _SCAN_PIECE):
        # From the character before the piece (what a run there follows) to past the end of
        # a run starting in it; a run cut at the piece's start was the previous piece's.
        lo = start - 1 if start else 0
        if _run_in(data[lo : start + _SCAN_PIECE + digits + 1], digits, first=not start):
            return True
    return False


_SCAN_PIECE = 1 << 20
"""Characters of a text `has_long_digit_run` marks at once (reused memory, not new pages)."""


def _run_in(piece: bytes | str, digits: int, *, first: bool) -> bool:
    """`has_long_digit_run` of one piece; `first`: the piece starts the text (else a run at
    its very start is not looked at: it began before it)."""
    raw = piece.encode("utf-8", "surrogatepass") if isinstance(piece, str) else piece
    marked = raw.translate(_DIGITS_AS_ZERO)
    long_run = b"0" * (digits + 1)
    at = marked.find(long_run)
    while at >= 0:  # `at` starts its run: the leftmost match of a run is at its first digit
        if (at == 0 and first) or (at and marked[at - 1] in _BEFORE_A_NUMBER):
            return True
        after = _NOT_A_DIGIT.search(marked, at + len(long_run))  # past the rest of the run
        at = marked.find(long_run, after.start()) if after is not None else -1
    return False


def int_digits(data: bytes | str) -> tuple[bool, bool]:
    """(`fast_ints`, `short_ints`) for `loads` of `data` or of any part of it: no integer
    orjson could make a float, no integer the C scanner may make (one scan when neither)."""
    if not has_long_digit_run(data, FAST_INT_DIGITS):
        return True, True
    return False, not has_long_digit_run(data)


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


def _no_key_lost(text: str | bytes, value: Any) -> bool:
    """Whether `value`, orjson's reading of `text`, kept every key `text` holds (no key written
    twice in one object), by counting colons, in C, with no Python call per object.

    Outside its strings a JSON text holds one colon per key; inside them, colons written as
    they are or escaped (`\\u003a`; every `\\u003` is counted as one, which can only make
    the answer False). orjson's dump of `value` holds one colon per key kept and every colon of
    the strings kept as it is. The strings kept are some of the text's, so the text's count is
    at least the dump's, and equal only when no key (with its value) was lost. False sends the
    text to the strict reader, which names the key."""
    if isinstance(text, bytes):
        written = text.count(b":")
        escapes = text.count(b"\\u003") if b"\\u003" in text else 0
    else:
        written = text.count(":")
        escapes = text.count("\\u003") if "\\u003" in text else 0
    return written + escapes == _dumped_colons(value, 2 if len(text) > LOCATE_MAX_CHARS else 0)


def _dumped_colons(value: Any, depth: int) -> int:
    """The colons of orjson's dump of `value`, dumping the values of its top `depth` levels of
    objects one by one (2: the documents of a database's tables, not the whole 30 MB at once;
    0 for a line, which is dumped faster whole)."""
    if depth and value.__class__ is dict:
        keys = "".join(value).count(":") + len(value)
        return keys + sum(_dumped_colons(item, depth - 1) for item in value.values())
    return orjson.dumps(value).count(b":")


LOCATE_MAX_CHARS = 1 << 20
"""A duplicate key is placed by reading the text again in Python (about 1 s per 4 MB): only
in texts up to this size (a line, a document); a database's line is found by its reader."""


def _object_at(s_and_end: tuple[str, int], *args: Any) -> tuple[Any, int]:
    """`json.decoder.JSONObject`, giving a duplicate key (found by `_pairs` when the object is
    complete) the line and column of the object's `{`."""
    try:
        return json.decoder.JSONObject(s_and_end, *args)  # type: ignore[attr-defined,no-any-return]
    except JSONProblem as exc:
        if exc.lineno is not None:  # placed by an inner object
            raise
        text, end = s_and_end
        start = end - 1
        line = text.count("\n", 0, start) + 1
        raise JSONProblem(exc.msg, line, start - text.rfind("\n", 0, start)) from None


_LOCATOR = json.JSONDecoder(object_pairs_hook=_pairs, parse_constant=_constant, parse_int=_integer)
_LOCATOR.parse_object = _object_at  # type: ignore[attr-defined]
_LOCATOR.scan_once = json.scanner.py_make_scanner(_LOCATOR)  # type: ignore[attr-defined]
"""The strict reader on Python's own scanner, which lets `_object_at` see each object's place."""


def _located(text: str, problem: JSONProblem) -> JSONProblem:
    """`problem` (found by a hook, which knows no position) with its line and column, if the
    Python scanner finds it at a place."""
    try:
        _LOCATOR.decode(text)
    except JSONProblem as exc:
        if exc.msg == problem.msg and exc.lineno is not None:
            return exc
    except (ValueError, RecursionError):
        pass
    return problem


NOT_READ: Any = object()
"""What `fast_loads` gives for a text it leaves to the strict reader."""


def fast_loads(text: str | bytes) -> Any:
    """`text` read by orjson, or NOT_READ: orjson refused it (the strict reader says why, or
    reads it: 1e400 is inf) or lost a key to a duplicate. The caller has made sure no integer
    in it has more than FAST_INT_DIGITS digits (`int_digits`). UTF-8 bytes are read as they
    are (a database: no decoded copy of 36 MB); bytes that are not UTF-8 are NOT_READ."""
    try:
        value = orjson.loads(text)
    except orjson.JSONDecodeError:
        return NOT_READ
    return value if _no_key_lost(text, value) else NOT_READ


def loads(text: str, *, short_ints: bool = False, fast_ints: bool | None = None) -> Any:
    """Parse `text` strictly (see the module docstring); raises `JSONProblem`. `short_ints`:
    the caller knows `text` has no long run of digits (`has_long_digit_run` was False for it,
    or for a whole file it is part of). `fast_ints`: the same for runs of more than
    FAST_INT_DIGITS (`int_digits`), so orjson may read it; None: `loads` looks itself."""
    if fast_ints is None:
        fast_ints = not has_long_digit_run(text, FAST_INT_DIGITS)
    if fast_ints:
        value = fast_loads(text)
        if value is not NOT_READ:
            return value
        short_ints = True
    try:
        value = (_SHORT_INTS if short_ints else _DECODER).decode(text)
    except JSONProblem as exc:
        if exc.lineno is None and len(text) <= LOCATE_MAX_CHARS:
            raise _located(text, exc) from None
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


def jsonl_lines(text: str | bytes) -> Iterator[tuple[int, Any, str | None]]:
    """Each non-blank line of a JSON-lines text as (line number, object, problem).

    A line that is not valid JSON gives (line, None, "not valid JSON: ... (column N)") and the
    walk goes on, so a reader reports every bad line of a file at once; `object` may be any JSON
    value (the caller says which shape it expects). Bytes only from `plain_ascii_lines`: split
    and stripped as its text would be; orjson reads them as they are, a line it leaves to the
    strict reader is decoded first."""
    fast_ints, short_ints = int_digits(text)
    lines: list[str | bytes] = text.splitlines()  # type: ignore[assignment]
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            if isinstance(raw, bytes):
                value = fast_loads(raw) if fast_ints else NOT_READ
                if value is NOT_READ:
                    value = loads(raw.decode("ascii"), short_ints=short_ints, fast_ints=fast_ints)
                yield number, value, None
                continue
            yield number, loads(raw, short_ints=short_ints, fast_ints=fast_ints), None
        except JSONProblem as e:
            at = f" (column {e.colno})" if e.colno is not None else ""
            yield number, None, f"not valid JSON: {e.msg}{at}"


_BYTES_DIFFER = (b"\x0b", b"\x0c", b"\x1c", b"\x1d", b"\x1e", b"\x1f")
"""ASCII that `str.splitlines` or `str.strip` treats as a line break or space and bytes do not."""


def plain_ascii_lines(data: bytes) -> bool:
    """Whether `data`, ASCII, splits into lines and strips as its text does (no vertical tab,
    form feed or information separator), so `jsonl_lines` may read the bytes without a decoded
    copy of the whole file (a 38 MB import: 9k pages the process touched)."""
    return data.isascii() and not any(c in data for c in _BYTES_DIFFER)  # no copy made
