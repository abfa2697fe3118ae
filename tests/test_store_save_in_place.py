"""A save changes the storage's tables in place and writes the file in pieces: a failed write
leaves memory and file as they were, and the file is the same bytes as a whole join of it."""

from __future__ import annotations

import errno
import json
import os
import random
from pathlib import Path
from typing import Any

import pytest
import tinydb

from coder import fsutil
from coder.store import line_blocks
from coder.store.storage import (
    SafeJSONStorage,
    StoreError,
    assemble,
    dump_line,
    dump_lines,
    file_pieces,
    read_database,
)


def _doc(n: int, text: str = "x") -> dict[str, Any]:
    return {"article": f"a{n}", "values": {"note": f"{text}, {n}: }}", "n": [n, 1.5]}}


def _state(storage: SafeJSONStorage) -> list[tuple[str, list[tuple[str, Any]]]]:
    """The tables, their documents and the order of both, as a comparable value."""
    return [(name, list(table.items())) for name, table in storage.read().items()]


def _fail_mid_write(monkeypatch: pytest.MonkeyPatch, exc: BaseException) -> None:
    """The next write after the first of a file raises `exc` (a temp file half written)."""
    real = os.writev
    calls = {"n": 0}

    def writev(fd: int, buffers: Any) -> int:
        calls["n"] += 1
        if calls["n"] > 1:
            raise exc
        return real(fd, buffers)

    monkeypatch.setattr(fsutil.os, "writev", writev)


@pytest.mark.parametrize(
    "exc", [OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)), KeyboardInterrupt()]
)
def test_failed_write_leaves_tables_and_file_as_they_were(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exc: BaseException
) -> None:
    monkeypatch.setattr(fsutil, "_IOV_MAX", 3)  # several writes even for a small file
    path, twin_path = tmp_path / "db.json", tmp_path / "twin.json"
    storage, twin = SafeJSONStorage(path), SafeJSONStorage(twin_path)
    for s in (storage, twin):
        s.write_documents("records", {str(n): _doc(n) for n in range(1, 6)})
    before_state, before_file = _state(storage), path.read_bytes()
    for upserts, table in (
        ({"2": _doc(2, "changed"), "9": _doc(9)}, "records"),  # one replaced, one added
        ({"1": _doc(1)}, "new table"),
    ):
        with monkeypatch.context() as m:
            _fail_mid_write(m, exc)
            with pytest.raises(StoreError if isinstance(exc, OSError) else KeyboardInterrupt):
                storage.write_documents(table, upserts)
        assert _state(storage) == before_state
        assert path.read_bytes() == before_file
        assert not list(tmp_path.glob(".db.json.*.tmp"))  # the half-written temp file removed
    # The next save writes exactly what a storage that never failed writes.
    for s in (storage, twin):
        s.write_documents("records", {"3": _doc(3, "later"), "10": _doc(10)})
    assert path.read_bytes() == twin_path.read_bytes()
    assert _state(storage) == _state(twin)
    storage.close(), twin.close()
    data, lines = read_database(path)
    assert lines is not None and list(data["records"]) == ["1", "2", "3", "4", "5", "10"]
    with tinydb.TinyDB(path) as plain:
        assert len(plain.table("records")) == 6


def test_saves_deletes_and_generic_writes_make_the_joined_file(tmp_path: Path) -> None:
    """After each kind of write the file is `assemble` of the tables, lines re-made."""
    rng = random.Random(5)
    path = tmp_path / "db.json"
    storage = SafeJSONStorage(path, initial={"meta": {"1": {"format": 1}}, "records": {}})
    ids: list[int] = []
    for step in range(60):
        kind = rng.choice(["add", "add", "replace", "delete", "generic"] if ids else ["add"])
        if kind == "add":
            ids.append(step + 1)
            storage.write_documents("records", {str(step + 1): _doc(step)})
        elif kind == "replace":
            n = rng.choice(ids)
            storage.write_documents("records", {str(n): _doc(n, f"edit {step}")})
        elif kind == "delete":
            n = ids.pop(rng.randrange(len(ids)))
            storage.write_documents("records", {}, deletes=[str(n)])
        else:
            storage.write(storage.read())
        tables = storage.read()
        assert path.read_bytes() == assemble(tables, dump_lines(tables))
        assert list(tables["records"]) == [str(n) for n in ids]
    storage.close()
    assert json.loads(path.read_text())["records"].keys() == {str(n) for n in ids}


def test_file_pieces_join_to_the_layout_with_or_without_cached_lines() -> None:
    tables = {
        "meta": {"1": {"format": 1}},
        "empty": {},
        "records": {str(n): _doc(n) for n in (3, 1, 10)},
    }
    every = dump_lines(tables)
    some = {"meta": every["meta"], "records": {"10": every["records"]["10"]}}
    expected = b"".join(
        [
            b'{\n"meta": {\n',
            dump_line("1", {"format": 1}),
            b'\n},\n"empty": {\n},\n"records": {\n',
            b",\n".join(dump_line(k, v) for k, v in tables["records"].items()),
            b"\n}\n}\n",
        ]
    )
    for lines in (every, some, {}):
        assert b"".join(file_pieces(tables, lines)) == expected


@pytest.mark.parametrize("most", [1, 5, 1000])
def test_write_pieces_goes_on_after_short_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, most: int
) -> None:
    rng = random.Random(most)
    pieces = [
        bytes(rng.randrange(256) for _ in range(rng.choice([0, 1, 7, 300]))) for _ in range(700)
    ]
    real_write = os.write

    def short_write(fd: int, data: Any) -> int:
        return real_write(fd, bytes(data)[: rng.randint(1, most)])

    def short_writev(fd: int, buffers: Any) -> int:
        return short_write(fd, b"".join(buffers))

    path = tmp_path / "out.bin"
    with monkeypatch.context() as m:
        m.setattr(fsutil.os, "write", short_write)
        m.setattr(fsutil.os, "writev", short_writev)
        fsutil.atomic_write_pieces(path, [*pieces, memoryview(b"tail,\n")[:-2]])
    assert path.read_bytes() == b"".join(pieces) + b"tail"


def test_a_database_read_from_its_file_is_written_from_blocks_of_its_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Saves of an opened database hand the kernel blocks of lines (three a block here), each
    save joining only the block it changed: after every kind of write, a failed one too, the
    file is `assemble()` of the tables, and the lines are views of the blocks (not held
    twice)."""
    monkeypatch.setattr(line_blocks, "BLOCK_LINES", 3)
    monkeypatch.setattr(fsutil, "_IOV_MAX", 3)
    path = tmp_path / "db.json"
    ids = list(range(1, 11))
    records = {str(n): _doc(n) for n in ids}
    SafeJSONStorage(path, initial={"meta": {"1": {"format": 1}}, "records": records}).close()
    storage = SafeJSONStorage(path)
    rng = random.Random(7)
    for step in range(80):
        kind = rng.choice(["add", "replace", "replace", "replace", "delete", "generic", "fail"])
        if kind == "add":
            ids.append(100 + step)
            storage.write_documents("records", {str(100 + step): _doc(step)})
        elif kind == "replace":
            picked = rng.sample(ids, min(2, len(ids)))
            storage.write_documents("records", {str(n): _doc(n, f"edit {step}") for n in picked})
        elif kind == "delete" and len(ids) > 2:
            storage.write_documents("records", {}, deletes=[str(ids.pop(rng.randrange(len(ids))))])
        elif kind == "generic":
            storage.write(storage.read())
        elif kind == "fail":
            with monkeypatch.context() as m:
                _fail_mid_write(m, OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)))
                lost = {str(ids[0]): _doc(0, "lost")} | ({"999": _doc(999)} if step % 2 else {})
                with pytest.raises(StoreError):
                    storage.write_documents("records", lost)
        tables = storage.read()
        assert path.read_bytes() == assemble(tables, dump_lines(tables)), (step, kind)
        assert list(tables["records"]) == [str(n) for n in ids]
        if kind in ("add", "replace"):
            lines = storage._fragments["records"].values()
            assert all(isinstance(line, memoryview) for line in lines)
    storage.close()
    assert read_database(path)[1] is not None
