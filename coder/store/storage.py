"""A crash-safe TinyDB storage and the one-writer lock for a JSON database file.

Why not TinyDB's JSONStorage: it overwrites the file in place, so a crash mid-write leaves half a
file, and it re-reads and re-serializes the whole database on every operation, so saves slow down
as a coder's file grows. This storage instead

* reads the file once and keeps it in memory (the file is only ever changed through us, because we
  hold the writer lock),
* keeps each document's serialized JSON fragment, so a write re-serializes only the documents that
  changed (`write_documents`) and assembles the file from cached fragments,
* writes a temp file in the same folder, fsyncs it, `os.replace`s it over the old file and fsyncs
  the folder: after a kill at any moment the file is either the old or the new database, and a
  write returns only once it is durable,
* never replaces a file it could not read: damage is reported as `DamagedError`.

The file stays a plain TinyDB JSON file (one document per line) that `tinydb.TinyDB(path)` reads.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from coder.fsutil import ReplacedNotDurable, atomic_write_pieces, temp_name_pattern
from coder.jsonsafe import NOT_READ, JSONProblem, fast_loads, int_digits
from coder.jsonsafe import loads as strict_loads
from coder.store.line_blocks import LineBlocks, Piece
from coder.store.lock import FileIdentity, LockedError, LockLostError, StoreError, WriterLock

Tables = dict[str, dict[str, Any]]

__all__ = [
    "DamagedError",
    "LockLostError",
    "LockedError",
    "SafeJSONStorage",
    "StoreError",
    "WriterLock",
]


class DamagedError(StoreError):
    """The file exists but is not a readable database. It is never overwritten."""


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


class SafeJSONStorage(Storage):
    """TinyDB storage: in-memory, fragment-cached, atomic and durable. See the module docstring.

    Usable as `TinyDB(path, storage=SafeJSONStorage)`; `CoderStore` uses it directly through
    `read()` and `write_documents()`. A writable storage holds the writer lock until `close()`.
    `create=True` makes a missing file (with `initial` as its content) when writable.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        readonly: bool = False,
        create: bool = True,
        initial: Tables | None = None,
    ) -> None:
        super().__init__()
        self.path = resolve_database_path(Path(path), writing=not readonly)
        self.readonly = readonly
        self._lock: WriterLock | None = None
        self._data: Tables = {}
        self._fragments: dict[str, dict[str, Piece]] = {}
        self._blocks: dict[str, LineBlocks] = {}
        """Per table, its lines joined in blocks (coder.store.line_blocks), for a database read
        from its file (`_keep_blocks`); made at the first save, dropped when unsure."""
        self._keep_blocks = False
        self._identity: FileIdentity | None = None
        """The database file as we last read or wrote it; anything else means another writer."""
        if not readonly:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(
                    f"cannot create the folder {self.path.parent}: {exc.strerror or exc}"
                ) from exc
            self._lock = WriterLock(self.path)
            self._lock.acquire()
        try:
            if self.path.exists() or readonly or not create:
                self._identity = FileIdentity.of(self.path)
                if readonly:  # no lines to keep for saves: one parse of the whole file
                    self._data = load_tables(self.path)
                else:
                    self._data, lines = read_database(self.path)
                    self._fragments = lines if lines is not None else dump_lines(self._data)
                    self._keep_blocks = True  # the coding screen's saves: see _blocks_for
                    self._remove_stale_temp_files()
            else:
                self._data = {name: dict(table) for name, table in (initial or {}).items()}
                self._fragments = dump_lines(self._data)
                self._replace_file(self._data, self._fragments)
        except BaseException:
            self.close()
            raise

    # -- TinyDB Storage interface ---------------------------------------------------------------

    def read(self) -> Tables:
        """The live in-memory tables (top level copied so TinyDB can swap a table in safely).
        Read them, never change them: the cached lines follow only the storage's own changes
        (a save takes a table's lines as they are when they are as many as its documents).
        `write_documents` changes these table dicts in place: iterate one across a save (as
        TinyDB's lazy `Table.__iter__` does) and Python raises "dictionary changed size"."""
        return dict(self._data)

    def write(self, data: Mapping[str, Mapping[str, Any]]) -> None:
        """Generic TinyDB write: TinyDB may have changed any document in place, so everything is
        re-serialized. `write_documents` is the fast path.

        If the file cannot be written, memory keeps `data` (the edit is kept, and the next save
        writes it): TinyDB's `update` changed our documents before calling this, so the
        previous state is gone, and keeping the old lines would write them for the changed
        documents."""
        self._check_writable()
        tables = {name: {str(k): v for k, v in table.items()} for name, table in data.items()}
        fragments = dump_lines(tables)
        self._blocks = {}  # made for the tables replaced here: a dropped table's would stay
        try:
            self._replace_file(tables, fragments)
        finally:
            self._data, self._fragments = tables, fragments

    def drop_cache(self) -> None:
        """Forget the in-memory tables (a read-only reader handed them on and is done)."""
        self._check_readonly()
        self._data, self._fragments = {}, {}

    def _check_readonly(self) -> None:
        if not self.readonly:
            raise StoreError(f"{self.path} is open for writing; its cache is the database")

    def close(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    # -- fast path ------------------------------------------------------------------------------

    def write_documents(
        self,
        table: str,
        upserts: Mapping[str, Any],
        deletes: Iterable[str] = (),
    ) -> None:
        """Insert/replace `upserts` (doc id -> document) and drop `deletes` in `table`, then write
        the file durably. Only these documents are serialized. All or nothing: if serializing or
        writing fails, memory and file keep the previous state.

        Without deletes (every save of the coding screen, import) the tables are changed in
        place and changed back if the write fails: a replaced document keeps its place in the
        dicts and an added one is taken off their end, so the previous state is restored as it
        was. Copying a 50k-incident table (documents and lines) on each save was CPU the
        coding screen's keys waited for."""
        self._check_writable()
        new_frags = {str(doc_id): cached_line(str(doc_id), doc) for doc_id, doc in upserts.items()}
        if deletes:
            self._write_with_deletes(table, upserts, new_frags, {str(d) for d in deletes})
            return
        new_table = table not in self._data
        docs = self._data.setdefault(table, {})
        frags = self._fragments.setdefault(table, {})
        before = [(k, docs.get(k, _ABSENT), frags.get(k, _ABSENT)) for k in new_frags]
        try:  # from the first change on: an interrupt half-way is put back too
            for doc_id, doc in upserts.items():
                docs[str(doc_id)] = doc
            frags.update(new_frags)
            blocks = self._blocks.get(table)
            if blocks is not None:
                blocks.changed(new_frags)
            self._replace_file(self._data, self._fragments)
        except BaseException:
            self._blocks.pop(table, None)  # made again from the lines put back
            for doc_id, old_doc, old_frag in before:
                _put_back(docs, doc_id, old_doc)
                _put_back(frags, doc_id, old_frag)
            if new_table:
                del self._data[table], self._fragments[table]
            raise

    def _write_with_deletes(
        self, table: str, upserts: Mapping[str, Any], new_frags: Mapping[str, Piece], gone: set[str]
    ) -> None:
        """`write_documents` with documents to drop: on copies of the table, as a dropped
        document put back would move to the end."""
        old_table = self._data.get(table, {})
        new_table = {k: v for k, v in old_table.items() if k not in gone}
        frags = self._fragments.get(table, {})
        new_table_frags = {k: v for k, v in frags.items() if k not in gone}
        for doc_id, doc in upserts.items():
            new_table[str(doc_id)] = doc
        new_table_frags.update(new_frags)
        data = dict(self._data)
        data[table] = new_table
        fragments = dict(self._fragments)
        fragments[table] = new_table_frags
        self._replace_file(data, fragments)
        self._data, self._fragments = data, fragments

    # -- file handling --------------------------------------------------------------------------

    def _check_writable(self) -> None:
        if self.readonly or self._lock is None:
            raise StoreError(f"{self.path} is open read-only; it cannot be written")

    def _replace_file(self, data: Tables, fragments: Mapping[str, Mapping[str, Piece]]) -> None:
        """Write the whole database through the one atomic writer (coder.fsutil), after making
        sure we still hold the lock and nobody else has written the file (coder.store.lock)."""
        assert self._lock is not None
        self._lock.verify()
        if FileIdentity.of(self.path) != self._identity:
            raise LockLostError(
                f"{self.path} was changed on disk by another program since this session read it "
                "(another window after its lock file was deleted, a sync tool or a hand edit). "
                "Nothing was saved, so those changes are kept. Close this window and open the "
                "database again."
            )
        refuse_read_only_file(self.path)
        try:
            atomic_write_pieces(
                self.path, file_pieces(data, fragments, self._blocks_for(fragments))
            )
        except ReplacedNotDurable as exc:
            # The file is ours (the folder's fsync failed after the rename): not a foreign
            # change, or every later save, the retry of this one too, would be refused.
            self._identity = FileIdentity.of(self.path)
            raise StoreError(f"could not save {self.path}: {exc.strerror or exc}") from exc
        except OSError as exc:
            raise StoreError(f"could not save {self.path}: {exc.strerror or exc}") from exc
        except MemoryError:
            raise StoreError(f"could not save {self.path}: out of memory") from None
        self._identity = FileIdentity.of(self.path)

    def _blocks_for(self, fragments: Mapping[str, Mapping[str, Piece]]) -> dict[str, LineBlocks]:
        """The blocks to write `fragments` with: for the storage's own lines of a database it
        read (made for a table that has none, or none that still stand for its lines), else
        none (a new database, import: its lines are written as they are)."""
        if not self._keep_blocks or fragments is not self._fragments:
            return {}
        for name, lines in self._fragments.items():
            blocks = self._blocks.get(name)
            count = len(self._data.get(name, ()))
            if blocks is None or not blocks.stands_for(lines, count):
                self._blocks[name] = LineBlocks(lines)
        return self._blocks

    def _remove_stale_temp_files(self) -> None:
        """Temp files left by a writer killed mid-save; safe to drop since we hold the lock."""
        for leftover in self.path.parent.glob(temp_name_pattern(self.path)):
            with contextlib.suppress(OSError):
                leftover.unlink()


def resolve_database_path(path: Path, *, writing: bool) -> Path:
    """The file to read and write for `path`: a symlink is followed to an existing file (a
    database kept elsewhere on purpose), but a dangling link or a link to a folder is refused
    when writing, so a link planted in the data folder cannot make coder create folders and
    files anywhere. An existing target is only written after it read as a database."""
    try:
        is_link = path.is_symlink()
        real = Path(os.path.realpath(path, strict=is_link and writing))
    except OSError as exc:
        raise StoreError(
            f"{path} is a symbolic link that does not lead to a file ({exc.strerror or exc}). "
            "coder does not create databases through links: remove the link or point it at an "
            "existing database."
        ) from None
    if is_link and writing and not real.is_file():
        raise StoreError(
            f"{path} is a symbolic link to {real}, which is not a file; remove the link"
        )
    return real


def refuse_read_only_file(path: Path) -> None:
    """A database someone made read-only (chmod 0444) is kept so, even when we could replace
    it (as its folder's owner or root): the mode is a person's decision."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return
    if not mode & 0o222:
        raise StoreError(
            f"{path} is read-only (mode {mode & 0o777:04o}); nothing was saved. Make it writable "
            f"(chmod u+w {path}) to save, or open it with --readonly."
        )


_ABSENT: Any = object()
"""What `write_documents` remembers for a document or line a table did not have."""


def _put_back(table: dict[str, Any], doc_id: str, old: Any) -> None:
    if old is _ABSENT:
        table.pop(doc_id, None)
    else:
        table[doc_id] = old


def assemble(data: Tables, fragments: Mapping[str, Mapping[str, Piece]]) -> bytes:
    """The file: a TinyDB JSON object with one document per line, so a JSON error's line number
    points at a document, diffs stay readable and `read_database` can cache lines as they are.

    Layout: `{`, then per table a `"<name>": {` line, its document lines (comma-separated) and a
    `}` line (`},` between tables), then `}`. Written as `file_pieces`, without this copy.
    """
    return b"".join(file_pieces(data, fragments))


_SEPARATOR = b",\n"


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
            pieces.append(_SEPARATOR)
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
        pieces[-1] = memoryview(pieces[-1])[: -len(_SEPARATOR)]
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
        table_frags[doc_id] = view[start : end + 1] if expect_more else line + _SEPARATOR
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
