"""Writes that must fail loudly and keep data: a lost lock, a foreign write, a full disk, a
read-only folder or file, links planted in the data folder. Real files, real processes."""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest

from coder.store import CoderStore, StoreError
from coder.store.lock import LockLostError
from coder.store.storage import SafeJSONStorage
from tests.project_helpers import make_project, sample_records, save

from .test_store import ARTICLE, CODEBOOK, done_record

CODER = Path(sys.executable).parent / "coder"


def records(path: Path) -> dict[str, Any]:
    return {d["article"]: d for d in json.loads(path.read_text())["records"].values()}


def test_deleted_lock_file_cannot_let_a_second_writer_lose_saves(tmp_path: Path) -> None:
    db = tmp_path / "alice.json"
    first = CoderStore.open(db, coder="alice")
    first.save(done_record(), codebook=CODEBOOK, article=ARTICLE)
    (tmp_path / "alice.json.lock").unlink()  # git clean -fdX, a sync tool...
    with CoderStore.open(db, coder="alice") as second:  # gets in: a new lock inode
        theirs = done_record()
        theirs.values = {"relevant": False}
        second.save(theirs, codebook=CODEBOOK, article=ARTICLE)
        with pytest.raises(LockLostError, match="deleted or replaced"):
            first.save(done_record(), codebook=CODEBOOK, article=ARTICLE)
    first.close()
    assert records(db)["a1"]["values"]["relevant"] is False  # the acknowledged save is kept


def test_deleted_lock_file_is_taken_again_when_nobody_else_wrote(tmp_path: Path) -> None:
    db = tmp_path / "alice.json"
    with CoderStore.open(db, coder="alice") as store:
        (tmp_path / "alice.json.lock").unlink()
        store.save(done_record(), codebook=CODEBOOK, article=ARTICLE)
        assert str(os.getpid()) in (tmp_path / "alice.json.lock").read_text()
        with pytest.raises(StoreError, match="being written"):
            CoderStore.open(db, coder="alice")  # the single-writer guarantee holds again
    assert "a1" in records(db)


def test_database_rewritten_behind_the_writers_back_is_not_overwritten(tmp_path: Path) -> None:
    db = tmp_path / "alice.json"
    with CoderStore.open(db, coder="alice") as store:
        store.save(done_record(), codebook=CODEBOOK, article=ARTICLE)
        edited = db.read_text().replace('"relevant": true', '"relevant": false')
        tmp = tmp_path / "edit.tmp"
        tmp.write_text(edited)
        os.replace(tmp, db)  # a sync client or an editor replaces the file
        with pytest.raises(LockLostError, match="changed on disk"):
            store.save(done_record(), codebook=CODEBOOK, article=ARTICLE)
    assert records(db)["a1"]["values"]["relevant"] is False


def test_full_disk_on_the_lock_text_still_opens_and_saves_say_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import coder.store.lock as lock

    class FullFile:
        def __init__(self, handle: Any) -> None:
            self._h = handle

        def write(self, _: str) -> int:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        def __getattr__(self, name: str) -> Any:
            return getattr(self._h, name)

    real_open = open
    monkeypatch.setattr(lock, "open", lambda *a, **k: FullFile(real_open(*a, **k)), raising=False)

    def no_space(*_: Any, **__: Any) -> Any:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    db = tmp_path / "alice.json"
    CoderStore.open(db, coder="alice").close()
    before = db.read_bytes()
    with CoderStore.open(db, coder="alice") as store:  # no traceback from the lock write
        monkeypatch.setattr(tempfile, "mkstemp", no_space)  # no inode / no byte left
        with pytest.raises(StoreError, match="No space left on device"):
            store.save(done_record(), codebook=CODEBOOK, article=ARTICLE)
        monkeypatch.undo()
        store.save(done_record(), codebook=CODEBOOK, article=ARTICLE)  # the cause is gone
    assert db.read_bytes() != before and "a1" in records(db)


def test_read_only_coder_file_is_not_replaced(tmp_path: Path) -> None:
    db = tmp_path / "alice.json"
    CoderStore.open(db, coder="alice").close()
    db.chmod(0o444)
    before = db.read_bytes()
    with CoderStore.open(db, coder="alice") as store, pytest.raises(StoreError, match="0444"):
        store.save(done_record(), codebook=CODEBOOK, article=ARTICLE)
    assert db.read_bytes() == before


def test_dangling_link_in_the_data_folder_creates_nothing_elsewhere(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere" / "deep" / "alice.json"
    (tmp_path / "coding").mkdir()
    link = tmp_path / "coding" / "alice.json"
    link.symlink_to(outside)
    with pytest.raises(StoreError, match="symbolic link"):
        CoderStore.open(link, coder="alice")
    assert not (tmp_path / "elsewhere").exists()


def test_symlink_loop_is_a_message(tmp_path: Path) -> None:
    loop = tmp_path / "alice.json"
    loop.symlink_to(loop)
    with pytest.raises(StoreError, match="symbolic link"):
        SafeJSONStorage(loop)


@pytest.mark.parametrize("name", ["con", "NUL", "aux", "com1", "lpt9.x"])
def test_windows_device_names_are_not_coder_names(tmp_path: Path, name: str) -> None:
    with pytest.raises(StoreError, match="Windows reserves"):
        CoderStore.open(tmp_path / f"{name}.json", coder=name)


def _as_nobody() -> list[str]:
    """A prefix that runs a command without root's permission override (when we are root)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: root ignores a read-only folder")
    return [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]


def test_import_into_read_only_folder_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    # Under /tmp, world-readable: pytest's own tmp folder is 0700, closed to the unprivileged user.
    root = Path(tempfile.mkdtemp(prefix="coder-ro-")) / "p"
    try:
        root.mkdir()
        project = make_project(root)
        save(project, "ann", sample_records()[:1])
        export = subprocess.run(
            [str(CODER), "export", "--coder", "ann", "--format", "jsonl"],
            cwd=root, capture_output=True, text=True, timeout=60, check=True,
        )  # fmt: skip
        (root / "in.jsonl").write_text(export.stdout)
        for path in [root.parent, root, *root.rglob("*")]:
            path.chmod(0o777 if path.is_dir() else 0o666)
        (root / "coding").chmod(0o555)  # read-only data folder
        result = subprocess.run(
            [*_as_nobody(), str(CODER), "import", "in.jsonl", "--coder", "bob"],
            cwd=root, capture_output=True, text=True, timeout=60,
            env={**os.environ, "CODER_CONFIG_DIR": str(root / "cfg"), "HOME": str(root)},
        )  # fmt: skip
        assert result.returncode == 2, result.stderr
        assert "Traceback" not in result.stderr
        assert result.stderr.startswith("coder: ") and "Permission denied" in result.stderr
        assert not (root / "coding" / "bob.json").exists()
    finally:
        (root / "coding").chmod(0o755)
        shutil.rmtree(root.parent)


def test_unreadable_project_folder_is_a_message(tmp_path: Path) -> None:
    root = Path(tempfile.mkdtemp(prefix="coder-ro-"))
    try:
        root.chmod(0o711)
        (root / "closed").mkdir(mode=0o700)
        result = subprocess.run(
            [*_as_nobody(), str(CODER), "check", "--project", str(root / "closed")],
            cwd=root, capture_output=True, text=True, timeout=60,
            env={**os.environ, "CODER_CONFIG_DIR": str(root / "cfg"), "HOME": str(root)},
        )  # fmt: skip
        assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
        assert result.stderr.startswith("coder: ") and "Permission denied" in result.stderr
    finally:
        shutil.rmtree(root)
