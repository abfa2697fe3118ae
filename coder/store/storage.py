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
What a line is lives in `file_lines`, how a file is read (and damage named) in `file_reading`;
both are re-exported here, where the store and the tools that read databases import them.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from coder.fsutil import ReplacedNotDurable, atomic_write_pieces, temp_name_pattern
from coder.store.file_lines import (
    Tables,
    assemble,
    cached_line,
    dump_fragment,
    dump_line,
    dump_lines,
    file_pieces,
)
from coder.store.file_reading import DamagedError, load_tables, parse_tables, read_database
from coder.store.line_blocks import LineBlocks, Piece
from coder.store.lock import FileIdentity, LockedError, LockLostError, StoreError, WriterLock

__all__ = [
    "DamagedError",
    "LockLostError",
    "LockedError",
    "SafeJSONStorage",
    "StoreError",
    "Tables",
    "WriterLock",
    "assemble",
    "cached_line",
    "dump_fragment",
    "dump_line",
    "dump_lines",
    "file_pieces",
    "load_tables",
    "parse_tables",
    "read_database",
]


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
