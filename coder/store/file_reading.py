"""Reading a database file: the fast line-by-line parse of our own layout, the strict parse of
any other TinyDB file, and the errors that name the line of the damage.

A file that cannot be read is reported as `DamagedError` and never overwritten (storage.py).
Split from storage.py.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from coder.jsonsafe import NOT_READ, JSONProblem, fast_loads, int_digits
from coder.jsonsafe import loads as strict_loads
from coder.store.file_lines import SEPARATOR, Tables
from coder.store.line_blocks import Piece
from coder.store.lock import StoreError


class DamagedError(StoreError):
    """The file exists but is not a readable database. It is never overwritten."""


_HEADER = re.compile(rb'("(?:[^"\\]|\\.)*"): \{')
_DOC = re.compile(rb'"([0-9]+)": ')


def _parse_canonical(raw: bytes) -> tuple[Tables, dict[str, dict[str, Piece]]] | None:
    """Parse a file in `assemble`'s layout line by line, keeping each document's line as its
    cached fragment (`cached_line`, a view of `raw` but for a table's last: no re-serializing
    and no copy at open). Every document line is parsed
    on its own and the structure lines are checked exactly, so what is returned is exactly what
    the file holds; any deviation (a hand-edited or re-formatted file) returns None and the
    caller parses the whole file the ordinary way."""
    lines = raw.split(b"\n")
    if len(lines) < 3 or lines[0] != b"{" or lines[-2] != b"}" or lines[-1] != b"":
        return None
    data: Tables = {}
    frags: dict[str, dict[str, Piece]] = {}
    fast_ints, short_ints = int_digits(raw)
    table: dict[str, Any] | None = None
    table_frags: dict[str, Piece] = {}
    expect_more = True  # the previous line ended with a comma
    view = memoryview(raw)  # a document's cached line is a view of the file's bytes, not a copy
    end = len(lines[0])  # where the line before the current one ends (at its newline)
    for line in lines[1:-2]:
        start, end = end + 1, end + 1 + len(line)
        if table is None:  # a table header is due
            header = _HEADER.fullmatch(line)
            if header is None or not expect_more:
                return None
            name = json.loads(header.group(1))
            if name in data:
                return None
            table, table_frags = data.setdefault(name, {}), frags.setdefault(name, {})
            expect_more = False
            continue
        if line in (b"}", b"},"):
            if expect_more and table:
                return None
            table, expect_more = None, line == b"},"
            continue
        match = _DOC.match(line)
        if match is None or (table and not expect_more):
            return None
        expect_more = line.endswith(b",")
        doc_id = match.group(1).decode("ascii")
        body = line[match.end() : -1 if expect_more else None]
        doc = strict_loads(body.decode("utf-8"), short_ints=short_ints, fast_ints=fast_ints)
        if not isinstance(doc, dict) or doc_id in table:
            return None
        table[doc_id] = doc
        table_frags[doc_id] = view[start : end + 1] if expect_more else line + SEPARATOR
    if table is not None or expect_more:
        return None
    return data, frags


def _placed_by_line(raw: bytes, problem: JSONProblem) -> JSONProblem:
    """`problem`, which the whole file's parse could not place (a key twice in one object, a
    lone surrogate), at the first document line of our layout that has it when read alone: the
    whole file is read again line by line, only to say where it is damaged."""
    for number, line in enumerate(raw.split(b"\n"), start=1):
        match = _DOC.match(line)
        if match is None:
            continue
        fragment = line[match.end() : -1 if line.endswith(b",") else None]
        try:
            strict_loads(fragment.decode("utf-8"))
        except JSONProblem as exc:
            if exc.msg == problem.msg:
                column = None if exc.colno is None else match.end() + exc.colno
                return JSONProblem(exc.msg, number, column)
        except UnicodeDecodeError:
            continue
    return problem


def read_database(path: Path) -> tuple[Tables, dict[str, dict[str, Piece]] | None]:
    """The tables in `path` and, when the file is in our own layout, each document's line.

    What it accepts and refuses is what `load_tables` does (a file our layout does not parse is
    parsed whole by `parse_tables`), so a read-only open, which keeps no lines, calls that."""
    raw = _read_bytes(path)
    try:
        parsed = _parse_canonical(raw)
    except ValueError:  # bad JSON or encoding in some line: report it from a whole-file parse
        parsed = None
    if parsed is not None:
        return parsed
    return parse_tables(path, raw), None


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise StoreError(f"{path} does not exist") from None
    except OSError as exc:
        raise StoreError(f"cannot read {path}: {exc.strerror}") from exc


def load_tables(path: Path) -> Tables:
    """Read and check any TinyDB JSON file (see `parse_tables`)."""
    return parse_tables(path, _read_bytes(path))


def parse_tables(path: Path, raw: bytes) -> Tables:
    """Check a TinyDB JSON file's content: an object of tables, each an object of documents keyed
    by integer ids. Anything else is a `DamagedError` naming the file and the line/column."""
    advice = (
        "The file was left unchanged: repair it by hand or restore a backup, then open it again."
    )
    if not raw or raw.isspace():  # (not raw.strip(): a copy of the file)
        raise DamagedError(
            f"{path} is empty ({len(raw)} bytes). coder never writes an empty database, so this "
            f"file was truncated or made by another program. {advice} If it never held any "
            "coding, delete it and coder will create a new one."
        )
    if raw.startswith(b"\xef\xbb\xbf"):  # an editor's byte order mark: harmless, dropped on save
        raw = raw[3:]
    fast_ints, short_ints = int_digits(raw)
    data = fast_loads(raw) if fast_ints else NOT_READ
    if data is NOT_READ:  # refused, or a key twice: the strict reader says where and why
        data = _strict_tables(path, raw, short_ints, advice)
    return _check_tables(path, data, advice)


def _strict_tables(path: Path, raw: bytes, short_ints: bool, advice: str) -> Any:
    """`raw` read by the strict reader, or a `DamagedError` saying where and why it is not."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise DamagedError(
            f"{path}, line {line}, column {column}: not valid UTF-8 text. {advice}"
        ) from None
    try:
        return strict_loads(text, short_ints=short_ints, fast_ints=False)
    except JSONProblem as exc:
        if exc.lineno is None:
            exc = _placed_by_line(raw, exc)
        where = f", line {exc.lineno}, column {exc.colno}" if exc.lineno is not None else ""
        raise DamagedError(f"{path}{where}: broken JSON ({exc.msg}). {advice}") from None


def _check_tables(path: Path, data: Any, advice: str) -> Tables:
    """`data` if it is an object of tables of documents keyed by integer ids."""
    if not isinstance(data, dict):
        raise DamagedError(f"{path}: not a TinyDB database (top level is not an object). {advice}")
    for name, table in data.items():
        if not isinstance(table, dict):
            raise DamagedError(f"{path}: table {name!r} is not an object. {advice}")
        for doc_id, doc in table.items():
            if not doc_id.isdigit() or not isinstance(doc, dict):
                raise DamagedError(
                    f"{path}: table {name!r}, document {doc_id!r} is not a TinyDB document "
                    f"(integer id -> object). {advice}"
                )
    return data
