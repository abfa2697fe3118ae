"""The database file's layout: a TinyDB JSON object with one document per line.

Each document's line is kept by the storage (`cached_line`) so a save re-serializes only the
documents that changed and writes the rest as they are (`file_pieces`). Split from storage.py:
what a line is, apart from who writes the file (`storage`) and who reads it (`file_reading`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from coder.store.line_blocks import LineBlocks, Piece

Tables = dict[str, dict[str, Any]]


_DUMP = {"ensure_ascii": True, "allow_nan": False, "separators": (", ", ": ")}
"""ASCII-only JSON reads the same under any locale encoding (TinyDB's default storage opens the
file with the locale's encoding); NaN/Infinity are not JSON and are refused."""


_ENCODER = json.JSONEncoder(**_DUMP)  # type: ignore[arg-type]
_ENCODE = _ENCODER.encode
"""`json.dumps(doc, **_DUMP)` without making an encoder per call (import writes 19k lines)."""
_MAKE_C_ENCODER = getattr(json.encoder, "c_make_encoder", None)
_C_ENCODE = _MAKE_C_ENCODER and _MAKE_C_ENCODER(
    None,  # no markers: see below
    _ENCODER.default,
    json.encoder.encode_basestring_ascii,
    None,  # no indent
    ": ",
    ", ",
    False,  # sort_keys
    False,  # skipkeys
    False,  # allow_nan
)
"""What `_ENCODE` runs (the C encoder, with `_DUMP`'s separators, ASCII only, no NaN) without
its bookkeeping of the containers it is in, which only finds a container inside itself (a
fifth of encoding a record). A record made of JSON has none; one that does makes the C
encoder recurse until RecursionError, and `dump_fragment` then asks `_ENCODE`, which says so
(ValueError)."""


def dump_fragment(doc: Any) -> str:
    """Serialize one document; raises ValueError/TypeError for values JSON cannot hold."""
    if _C_ENCODE is None:
        return _ENCODE(doc)
    try:
        return "".join(_C_ENCODE(doc, 0))
    except RecursionError:
        return _ENCODE(doc)


def dump_line(doc_id: str, doc: Any) -> bytes:
    """A document's line in the file, `"<id>": {...}`, as cached by the storage."""
    return f"{_ENCODE(doc_id)}: {dump_fragment(doc)}".encode("ascii")


def cached_line(doc_id: str, doc: Any) -> bytes:
    """`dump_line` and the separator that follows it in the file unless it is its table's last,
    `,\\n`: what the storage keeps per document, so a save hands the kernel each line as it is
    (`file_pieces`: the last is written less its separator)."""
    return f"{_ENCODE(doc_id)}: {dump_fragment(doc)},\n".encode("ascii")


def dump_lines(data: Tables) -> dict[str, dict[str, Piece]]:
    """Every document's `cached_line`, by table and document id."""
    return {
        name: {doc_id: cached_line(doc_id, doc) for doc_id, doc in table.items()}
        for name, table in data.items()
    }


def assemble(data: Tables, fragments: Mapping[str, Mapping[str, Piece]]) -> bytes:
    """The file: a TinyDB JSON object with one document per line, so a JSON error's line number
    points at a document, diffs stay readable and `read_database` can cache lines as they are.

    Layout: `{`, then per table a `"<name>": {` line, its document lines (comma-separated) and a
    `}` line (`},` between tables), then `}`. Written as `file_pieces`, without this copy.
    """
    return b"".join(file_pieces(data, fragments))


SEPARATOR = b",\n"


def file_pieces(
    data: Tables,
    fragments: Mapping[str, Mapping[str, Piece]],
    blocks: Mapping[str, LineBlocks] | None = None,
) -> list[Piece]:
    """`assemble`'s file as the pieces it is joined from: each document's cached line (the
    same object, not a copy; `cached_line`, its table's last less the separator), or a table's
    `blocks` of them where given and they stand for its lines, for `atomic_write_pieces`."""
    pieces: list[Piece] = [b"{\n"]
    for t, (name, table) in enumerate(data.items()):
        if t:
            pieces.append(SEPARATOR)
        pieces.append(json.dumps(name).encode("ascii") + b": {\n")
        if not table:
            pieces.append(b"}")
            continue
        lines = fragments.get(name, {})
        joined = blocks.get(name) if blocks else None
        if joined is not None and joined.stands_for(lines, len(table)):
            pieces += joined.pieces()
        else:
            pieces += _lines_of(table, lines)
        pieces[-1] = memoryview(pieces[-1])[: -len(SEPARATOR)]
        pieces.append(b"\n}")
    pieces.append(b"\n}\n")
    return pieces


def _lines_of(table: Mapping[str, Any], frags: Mapping[str, Piece]) -> list[Piece]:
    """The cached lines of `table`'s documents in its order. The storage changes a table and
    its lines together (the same ids added, replaced and dropped in the same order), so when
    they are as many the lines are the table's, in its order: taken as they are, in C, not
    looked up one by one (16k documents at 50k incidents, on every save)."""
    if len(frags) == len(table):
        return list(frags.values())
    return [frags.get(doc_id) or cached_line(doc_id, doc) for doc_id, doc in table.items()]
