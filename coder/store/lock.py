"""The one-writer lock of a database file, and the check that nobody else wrote the file.

An exclusive `fcntl.flock` on `<db>.lock`: the kernel drops it when the holder dies, so a killed
process never blocks anyone; the file's text (pid, host, since) only explains who holds it.

Why the extra checks: a flock belongs to an inode, not to a name. A tool that deletes the lock
file while a session holds it (`git clean -fdX`, a sync client, a cleanup script) lets a second
session create a new `<db>.lock`, lock *that* inode and write the database, and the first session
would then overwrite the second one's acknowledged saves. So before every write the storage calls
`WriterLock.verify()` (the lock file at the path is still the inode we hold, or we take the lock
again) and `FileIdentity` checks that the database file is still exactly the file we last read or
wrote (device, inode, size, modification time). A save that fails either check writes nothing and
says why, so the other session's work is kept.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import socket
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from coder.errors import CoderError


class StoreError(CoderError):
    """A coder database cannot be opened or written; the message says which file and why."""


class LockedError(StoreError):
    """Another process holds the writer lock; `holder` describes it (pid, host, since)."""

    def __init__(self, message: str, holder: str) -> None:
        super().__init__(message)
        self.holder = holder


class LockLostError(StoreError):
    """The lock file was deleted or replaced and another process has taken the lock, or the
    database was changed behind our back: writing now could overwrite someone else's saves."""


@dataclass(frozen=True)
class FileIdentity:
    """What a file on disk is: a different inode, size or mtime means someone else wrote it."""

    device: int
    inode: int
    size: int
    mtime_ns: int

    @classmethod
    def of(cls, path: Path) -> FileIdentity | None:
        """The identity of `path` now (None if it does not exist or cannot be examined)."""
        try:
            st = os.stat(path)
        except OSError:
            return None
        return cls(st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


class WriterLock:
    """An exclusive flock on `<db>.lock` (see the module docstring). The lock file is left in
    place on release: deleting it would let two processes lock two different inodes of one name."""

    def __init__(self, db_path: Path) -> None:
        self.path = db_path.with_name(db_path.name + ".lock")
        self._handle: IO[str] | None = None
        self._inode: tuple[int, int] | None = None

    def acquire(self) -> None:
        try:
            handle = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - held while locked
        except OSError as exc:
            raise StoreError(f"cannot create lock file {self.path}: {exc.strerror}") from exc
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_holder(handle)
            handle.close()
            raise LockedError(
                f"{self.path.with_suffix('')} is being written by {holder}; only one writer at a "
                "time is allowed. Open it read-only, or close the other session first.",
                holder,
            ) from None
        except OSError as exc:
            handle.close()
            raise StoreError(f"cannot lock {self.path}: {exc.strerror}") from exc
        # The holder text only explains who has the lock; on a full disk it cannot be written,
        # and that must not stop the coder from opening the database (saves then say why).
        with contextlib.suppress(OSError):
            handle.seek(0)
            handle.truncate()
            since = datetime.now(UTC).isoformat(timespec="seconds")
            handle.write(f"pid {os.getpid()} on host {socket.gethostname()} since {since}\n")
            handle.flush()
        st = os.fstat(handle.fileno())
        self._handle, self._inode = handle, (st.st_dev, st.st_ino)

    def verify(self) -> None:
        """Make sure we still hold the lock *at the path*; called before every write.

        A lock file deleted or replaced by another program is taken again when nobody else has
        taken it (the storage's `FileIdentity` check then proves nobody wrote in between);
        otherwise `LockLostError`.
        """
        if self._handle is None:
            raise LockLostError(f"{self.path} is not held by this session")
        try:
            st = os.stat(self.path)
            if (st.st_dev, st.st_ino) == self._inode:
                return
        except OSError:
            pass
        old = self._handle
        try:
            self.acquire()
        except LockedError as locked:
            self._handle = old
            raise LockLostError(
                f"the lock file {self.path} was deleted or replaced while this session held it, "
                f"and {locked.holder} now writes {self.path.with_suffix('')}. Nothing was "
                "saved, so that session's work is kept. Close this window; keep lock files "
                "out of clean-up and sync tools (e.g. git clean -X, cloud sync)."
            ) from None
        except StoreError:
            self._handle = old
            raise
        with contextlib.suppress(OSError):
            old.close()

    def release(self) -> None:
        if self._handle is None:
            return
        if self._holds_path():
            with contextlib.suppress(OSError):
                self._handle.seek(0)
                self._handle.truncate()
                self._handle.flush()
        self._handle.close()  # closing the descriptor drops the flock
        self._handle = None

    def _holds_path(self) -> bool:
        try:
            st = os.stat(self.path)
        except OSError:
            return False
        return (st.st_dev, st.st_ino) == self._inode

    def current_holder(self) -> str | None:
        """Who holds the lock right now (None if nobody); probes with a shared lock for an
        instant, so a stale text left by a killed process is not mistaken for a writer."""
        try:
            handle = open(self.path, encoding="utf-8")  # noqa: SIM115
        except OSError:
            return None
        with handle:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:
                return _read_holder(handle)
            except OSError:
                return None
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
            return None


def _read_holder(handle: IO[str]) -> str:
    try:
        handle.seek(0)
        text = handle.read(500).strip()
    except (OSError, UnicodeDecodeError):
        text = ""
    return text or "another process (it has not written its pid yet)"
