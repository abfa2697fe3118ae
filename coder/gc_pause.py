"""Pausing the cyclic garbage collector around bulk work that makes no reference cycles."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while the report is built.

    Building it allocates a few hundred thousand small objects (units, members, rows,
    disagreements) and none of them form reference cycles; with the collector on, each burst of
    allocations triggers full collections that walk every object alive, the caller's records
    included, which cost as much as the whole alignment. Reference counting still frees garbage.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
