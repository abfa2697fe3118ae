"""Saves after the awkward cases: the folder's fsync failing after the rename, a failed generic
(TinyDB) write after TinyDB changed documents in place, a dropped table, and a random mix of
every kind of write and failure checked against a model: the file is always `assemble()` of
what memory holds once a save succeeded, and nothing acknowledged is lost."""

from __future__ import annotations

import copy
import errno
import os
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import tinydb

from coder import fsutil
from coder.store import line_blocks
from coder.store.storage import SafeJSONStorage, StoreError, assemble, dump_lines, read_database

Tables = dict[str, dict[str, Any]]


def _doc(n: int, text: str = "x") -> dict[str, Any]:
    return {"article": f"a{n}", "values": {"note": f"{text}, {n}: }}", "n": [n, 1.5]}}


def _file_is_memory(storage: SafeJSONStorage) -> None:
    tables = storage.read()
    assert storage.path.read_bytes() == assemble(tables, dump_lines(tables))


def _failing(real: Callable[..., Any], after: int) -> Callable[..., Any]:
    """`real`, but every call past the first `after` raises ENOSPC."""
    calls = {"n": 0}

    def call(*args: Any) -> Any:
        calls["n"] += 1
        if calls["n"] > after:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(*args)

    return call


def test_a_save_whose_folder_fsync_failed_is_retried_not_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rename went through but the folder's fsync failed: the save is reported failed
    (not durable), and its retry must be written, not refused as another program's change."""
    path = tmp_path / "db.json"
    SafeJSONStorage(path, initial={"records": {"1": _doc(1)}}).close()
    storage = SafeJSONStorage(path)
    before = storage.read()["records"].copy()
    with monkeypatch.context() as m:
        m.setattr(fsutil, "fsync_dir", _failing(fsutil.fsync_dir, 0))
        with pytest.raises(StoreError, match="could not save"):
            storage.write_documents("records", {"2": _doc(2)})
    assert storage.read()["records"] == before  # not acknowledged: memory as it was
    storage.write_documents("records", {"2": _doc(2)})  # the retry (the coding screen's)
    _file_is_memory(storage)
    storage.close()
    assert list(read_database(path)[0]["records"]) == ["1", "2"]


def test_a_failed_generic_write_keeps_tinydbs_edit_with_its_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """TinyDB's `update` changes the storage's documents in place before `write`: when that
    write fails, the next save must write the documents memory holds, not their old lines."""
    path = tmp_path / "db.json"
    with tinydb.TinyDB(path, storage=SafeJSONStorage) as db:
        storage = db.storage
        assert isinstance(storage, SafeJSONStorage)
        db.table("records").insert_multiple([_doc(1), _doc(2)])
        with monkeypatch.context() as m:
            m.setattr(fsutil.os, "replace", _failing(os.replace, 0))
            with pytest.raises(StoreError):
                db.table("records").update({"status": "edited"}, doc_ids=[1])
        storage.write_documents("records", {"3": _doc(3)})
        _file_is_memory(storage)
    assert tinydb.TinyDB(path).table("records").get(doc_id=1) == {**_doc(1), "status": "edited"}


def test_a_dropped_table_keeps_no_blocks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Blocks are made for the tables of a database read from its file; a generic write
    replaces every table, so the blocks made for the old ones (a dropped table's for good)
    must not be kept: they hold a copy of those tables' lines."""
    monkeypatch.setattr(line_blocks, "BLOCK_LINES", 4)
    path = tmp_path / "db.json"
    big = {str(n): _doc(n) for n in range(1, 40)}
    SafeJSONStorage(path, initial={"records": {"1": _doc(1)}, "big": big}).close()
    with tinydb.TinyDB(path, storage=SafeJSONStorage) as db:
        storage = db.storage
        assert isinstance(storage, SafeJSONStorage)
        storage.write_documents("records", {"2": _doc(2)})
        db.drop_table("big")
        storage.write_documents("records", {"3": _doc(3)})
        assert set(storage._blocks) == {"records"}
        assert storage._blocks["records"].lines is storage._fragments["records"]
        _file_is_memory(storage)


@pytest.mark.parametrize("seed", range(4))
def test_every_kind_of_write_and_failure_against_a_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    rng = random.Random(seed)
    monkeypatch.setattr(line_blocks, "BLOCK_LINES", rng.choice([1, 2, 3]))
    monkeypatch.setattr(fsutil, "_IOV_MAX", rng.choice([1, 3, 1024]))
    path = tmp_path / "db.json"
    model: Tables = {"meta": {"1": {"format": 1}}, "records": {}}
    SafeJSONStorage(path, initial=copy.deepcopy(model)).close()
    storage = SafeJSONStorage(path)
    counter = iter(range(1, 10**6))

    def save(table: str, upserts: Tables, deletes: list[str] = []) -> None:  # noqa: B006
        storage.write_documents(table, copy.deepcopy(upserts), deletes)
        for doc_id in deletes:
            del model[table][doc_id]
        model.setdefault(table, {}).update(upserts)

    for step in range(100):
        kind = rng.choice(
            ["add", "edit", "delete", "new", "empty", "generic", "drop", "fail", "reopen"]
        )
        table = rng.choice([*model, "t2"])
        some = list(model.get(table, {}))
        if kind == "add":
            n = next(counter)
            save(table, {str(n): _doc(n)})
        elif kind == "edit" and some:
            save(table, {d: _doc(0, f"edit {step}") for d in rng.sample(some, min(3, len(some)))})
        elif kind == "delete" and some:
            n = next(counter)
            save(table, {str(n): _doc(n)} if step % 2 else {}, [rng.choice(some)])
        elif kind in ("new", "empty"):
            n = next(counter)
            save(f"n{step}", {str(n): _doc(n)} if kind == "new" else {})
        elif kind == "generic":
            storage.write(storage.read())
        elif kind == "drop" and table in model and table not in ("meta", "records"):
            tables = storage.read()
            del tables[table], model[table]
            storage.write(tables)
        elif kind == "fail":
            where = rng.choice(["writev", "fsync", "replace"])
            upserts = {str(next(counter)): _doc(step)}
            if some:
                upserts[rng.choice(some)] = _doc(0, "not saved")
            deletes = [rng.choice(some)] if some and step % 3 == 0 else []
            # fsync: 1 lets the file's pass and fails the folder's, after the rename
            fsync_calls = rng.randrange(2) if where == "fsync" else 0
            with monkeypatch.context() as m:
                m.setattr(fsutil.os, where, _failing(getattr(os, where), fsync_calls))
                with pytest.raises(StoreError):
                    storage.write_documents(table, upserts, deletes)
            assert storage.read() == model
            if where == "fsync" and fsync_calls:  # the file was replaced: the retry
                save(table, upserts, deletes)
        elif kind == "reopen":
            storage.close()
            storage = SafeJSONStorage(path)
        assert storage.read() == model
        assert list(storage.read()) == list(model)
        for name, docs in storage.read().items():
            assert list(docs) == list(model[name])
        _file_is_memory(storage)
    storage.close()
    data, lines = read_database(path)
    assert lines is not None and data == model


def test_an_interrupt_while_the_tables_change_puts_them_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A save changes the tables in place before it writes: a KeyboardInterrupt (or any
    error) arriving between those changes and the write must put them back as well, so the
    save stays all or nothing and the lines stay those of the documents."""
    path = tmp_path / "db.json"
    SafeJSONStorage(path, initial={"records": {"1": _doc(1)}}).close()
    storage = SafeJSONStorage(path)
    storage.write_documents("records", {"2": _doc(2)})  # the blocks are made
    before, file_before = copy.deepcopy(storage.read()), path.read_bytes()

    def interrupted(self: line_blocks.LineBlocks, doc_ids: Any) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as m:
        m.setattr(line_blocks.LineBlocks, "changed", interrupted)
        with pytest.raises(KeyboardInterrupt):
            storage.write_documents("records", {"1": _doc(1, "edited"), "3": _doc(3)})
    assert storage.read() == before and path.read_bytes() == file_before
    storage.write_documents("records", {"4": _doc(4)})
    _file_is_memory(storage)
