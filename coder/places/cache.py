"""One loaded gazetteer (and its search index) per file, reloaded when the files change.

Every value check of a place field needs the gazetteer; loading 100,000 rows takes about a
second, so it is loaded once per process and kept while the (size, mtime) of `gazetteer.csv`
and `places_added.csv` stay the same. A place a coder adds changes `places_added.csv`, so the
next check sees it.

A gazetteer that cannot be read is remembered too, with the same stamp: a damaged 100,000-row
file was read again on every key typed in a place field and every value checked.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from coder.places.added import added_path
from coder.places.gazetteer import Gazetteer, GazetteerError, load_gazetteer
from coder.places.search import PlaceIndex

_Stamp = tuple[tuple[int, int], tuple[int, int]]
_CACHE: dict[Path, tuple[_Stamp, Gazetteer, list[PlaceIndex]]] = {}
_FAILED: dict[Path, tuple[_Stamp, GazetteerError]] = {}
"""The gazetteers that could not be read, with the stamp of their files then."""
_LOCK = threading.RLock()
"""The coding screen preloads in a thread; a keystroke meanwhile waits for that load instead
of doing it a second time."""


def _stat(path: Path) -> tuple[int, int]:
    try:
        st = os.stat(path)
    except OSError:
        return (-1, -1)
    return (st.st_size, st.st_mtime_ns)


_BATCH = threading.local()
"""Per thread: the gazetteers already checked for change inside `one_look()` (path -> value)."""


@contextmanager
def one_look() -> Iterator[None]:
    """Look at each gazetteer's files once inside the block, not on every value checked.

    Checking 50k incidents' places (coder check, import) stat()ed both files twice per value: a
    fifth of the check. A batch is checked against one state of the files, as if read at its
    start; a place added meanwhile is seen by the next batch. Only the calling thread is pinned
    (the coding screen's preload thread keeps checking)."""
    outer = getattr(_BATCH, "seen", None)
    if outer is None:
        _BATCH.seen = {}
    try:
        yield
    finally:
        if outer is None:
            _BATCH.seen = None


def gazetteer_for(path: Path) -> Gazetteer:
    """The gazetteer at `path` with its coder-added places; GazetteerError if unreadable."""
    seen: dict[Path, Gazetteer] | None = getattr(_BATCH, "seen", None)
    given = path
    if seen is not None:  # looked up as given: Path() of a Path was a tenth of an import
        hit_gaz = seen.get(path)
        if hit_gaz is not None:
            return hit_gaz
    path = Path(path)
    if seen is not None:
        hit_gaz = seen.get(path)
        if hit_gaz is not None:
            return hit_gaz
    with _LOCK:
        stamp = (_stat(path), _stat(added_path(path)))
        hit = _CACHE.get(path)
        if hit is not None and hit[0] == stamp:
            gaz = hit[1]
        else:
            failed = _FAILED.get(path)
            if failed is not None and failed[0] == stamp:
                raise GazetteerError(failed[1].problems)  # a new one: no traceback to grow
            try:
                gaz = load_gazetteer(path, added_path(path))
            except GazetteerError as e:
                _FAILED[path] = (stamp, e)
                _CACHE.pop(path, None)
                raise
            _FAILED.pop(path, None)
            _CACHE[path] = (stamp, gaz, [])
        if seen is not None:
            # Keyed by the Path object given (a field's own): a dict finds its own key object
            # without calling Path.__eq__, in Python (two per place checked at 50k incidents).
            seen[given if isinstance(given, Path) else path] = gaz
        return gaz


def index_for(path: Path) -> PlaceIndex:
    """The search index of `gazetteer_for(path)`, built once per loaded gazetteer."""
    with _LOCK:
        gaz = gazetteer_for(path)
        entry = _CACHE[path if isinstance(path, Path) else Path(path)]
        if not entry[2]:
            entry[2].append(PlaceIndex(gaz))
        return entry[2][0]


def known_error(path: Path) -> GazetteerError | None:
    """Why the gazetteer at `path` cannot be read, when that is known without reading it: the
    file is missing, or it failed to load and has not changed since. None: readable, or not
    read yet (`gazetteer_for` tells)."""
    path = Path(path)
    if not path.is_file():
        try:
            gazetteer_for(path)  # a missing file fails at once, with the message check uses
        except GazetteerError as e:
            return e
        return None
    with _LOCK:
        failed = _FAILED.get(path)
        if failed is not None and failed[0] == (_stat(path), _stat(added_path(path))):
            return failed[1]
    return None
