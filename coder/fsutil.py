"""The one way coder writes a file: temp file, fsync, atomic replace, fsync of the folder.

Every file the tool writes (coder and gold databases, exports, compare reports, the user's
config) goes through `atomic_write`, so a crash, a full disk or a killed process leaves either
the old file or the new one, never half of one, and an acknowledged write survives a power cut.
The temp file sits beside the target (same file system, so `os.replace` is atomic) and is named
`.NAME.<random>.tmp`, which lets the store sweep leftovers of a writer killed mid-save.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO, TextIO, TypeVar

from coder.errors import CoderError

T = TypeVar("T")


class WriteFailed(CoderError):
    """A file could not be written; the message names it and the operating system's reason."""


class ReplacedNotDurable(OSError):
    """The new file is in place (renamed over the old one) but the folder's fsync failed, so
    a power cut may still bring the old one back: the write is not acknowledged, but the file
    on disk is the new one (a writer that checks the file's identity must know it is its own)."""


def new_file_mode() -> int:
    """The mode a newly created file gets under the current umask (mkstemp would give 0600)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def file_mode(path: Path) -> int:
    """The mode to give a replacement of `path`: its own if it exists, else a new file's."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        return new_file_mode()


def fsync_dir(directory: Path) -> None:
    """Make a rename in `directory` durable (the entry, not only the file's data)."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def temp_name_pattern(path: Path) -> str:
    """The glob of the temp files `atomic_write_bytes` makes for `path`."""
    return f".{path.name}.*.tmp"


def atomic_write_bytes(path: Path, content: bytes) -> None:
    """Replace `path` by `content` durably; raises OSError with the target unchanged."""
    with _replacing(path, binary=True) as out:
        out.write(content)


def atomic_write_pieces(path: Path, pieces: Sequence[bytes | memoryview]) -> None:
    """`atomic_write_bytes(path, b"".join(pieces))` without making that copy: the pieces go
    to the temp file as they are (`write_pieces`). A coder database of 50k incidents is 32 MB
    that each save rewrites: a whole joined copy of it (new pages every time) was about a
    third of a save's CPU."""
    with _replacing(path, binary=True) as out:
        write_pieces(out.fileno(), pieces)


_IOV_MAX = 1024
"""Buffers per `os.writev` call (IOV_MAX on Linux and the BSDs)."""


def write_pieces(fd: int, pieces: Sequence[bytes | memoryview]) -> None:
    """Write every byte of `pieces`, in order, to `fd`: `os.writev` of up to _IOV_MAX pieces
    a call, going on where a short write stopped (inside a piece too); where there is no
    writev, `os.write` of their join. Raises OSError as `os.write` does."""
    if not hasattr(os, "writev"):
        _write_all(fd, memoryview(b"".join(pieces)))
        return
    start = 0
    while start < len(pieces):
        batch = pieces[start : start + _IOV_MAX]
        done = os.writev(fd, batch)
        for piece in batch:
            start += 1
            if done < len(piece):  # stopped inside this piece: its rest, then a new batch
                _write_all(fd, memoryview(piece)[done:])
                break
            done -= len(piece)


def _write_all(fd: int, data: memoryview) -> None:
    while data:
        data = data[os.write(fd, data) :]


def atomic_write(path: Path, write: Callable[[TextIO], T]) -> T:
    """Let `write` fill the new UTF-8 text of `path`, then put it in place durably.

    The text streams into the temp file (a large export is never held twice in memory); a
    `write` that fails half-way leaves the old file as it was. Raises `WriteFailed` (a clear
    message for the CLI and the screens) on any OS error.
    """
    try:
        with _replacing(path, binary=False) as out:
            return write(out)
    except OSError as e:
        raise WriteFailed(f"cannot write {path}: {e.strerror or e}") from None


def atomic_write_binary(path: Path, write: Callable[[BinaryIO], T]) -> T:
    """`atomic_write` for a writer that makes bytes itself: `coder compare --format json`
    gets its rows from orjson as UTF-8 bytes, and decoding ~200 MB of them to text only for
    the text layer to encode them back was two passes over the report for nothing."""
    try:
        with _replacing(path, binary=True) as out:
            return write(out)
    except OSError as e:
        raise WriteFailed(f"cannot write {path}: {e.strerror or e}") from None


@contextlib.contextmanager
def _replacing(path: Path, *, binary: bool) -> Iterator[Any]:
    directory = path.parent
    mode = file_mode(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        opened = os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="")
        with opened as out:
            os.fchmod(out.fileno(), mode)
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    try:
        fsync_dir(directory)
    except OSError as exc:
        raise ReplacedNotDurable(exc.errno, exc.strerror) from exc


def write_output(out: str | None, write: Callable[[TextIO], T]) -> T:
    """Write to stdout (`out` None or "-") or atomically to the file `out`."""
    if out in (None, "-"):
        return write(sys.stdout)
    return atomic_write(Path(out), write)
