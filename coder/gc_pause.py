"""Pausing the cyclic garbage collector around bulk work that makes no reference cycles."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


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


def freeze_survivors() -> None:
    """Collect once, then move every object alive into the collector's permanent generation.

    Called once the coding screen is up: the codebook, the articles, the coder's database (50k
    incidents are ~1M objects) and the widgets stay alive all session, and without this every
    full collection walks them all again, a pause that grows with the project, not with what the
    coder does. Frozen objects are still freed by reference counting; only cycles among them
    would wait, and what is loaded at start-up lives until the app exits.

    During the session, `refreeze_if_grown` freezes again what the saves added. The collection
    first walks only what is not frozen yet (~20-30k objects).
    """
    gc.collect()
    gc.freeze()
    _walked["after_freeze"] = -1
    _end_hold()


_hold = {"on": False}
"""Whether `hold_until_frozen` paused the collector and nothing has switched it back on yet."""


def hold_until_frozen() -> None:
    """Pause the collector from the start of a coding session until `freeze_survivors` (or
    `thaw`) ends the pause.

    Start-up allocates everything the session keeps (imports, the articles, the database, the
    widgets): the collector's runs meanwhile find no garbage to speak of and walk an ever larger
    heap, 0.1-0.3 s of a 50k-incident start-up. `freeze_survivors` collects once anyway."""
    if gc.isenabled():
        gc.disable()
        _hold["on"] = True


def _end_hold() -> None:
    if _hold["on"]:
        _hold["on"] = False
        gc.enable()


REFREEZE_EVERY = 20
"""Articles opened between two `refreeze_if_grown` during a session (see the coding view)."""

REFREEZE_GROWTH = 8_000
"""Objects the collector may walk beyond those it walked after the last freeze before
`refreeze_if_grown` freezes again (a few hundred articles; ~3 ms more per full collection)."""

_walked = {"after_freeze": -1}
"""Objects alive and not frozen at the first `refreeze_if_grown` after a freeze (-1: none yet)."""


def refreeze_if_grown() -> bool:
    """Collect once; freeze what survives only if it has grown by REFREEZE_GROWTH objects since
    the first call after the last freeze. Returns whether it froze.

    Freezing keeps full collections short (each save replaces a frozen record with one the
    collector walks: ~17 objects per article), but it also freezes whatever is alive at that
    moment and dies later, and the collector never looks at frozen objects again: a reference
    cycle among them is kept until the app exits. Textual's rendering is made of such cycles
    (a `Strip` caches itself, a widget's component styles are virtual nodes replaced at each
    restyle), so freezing every 20 articles kept ~3,500 dead objects each time, ~170 per
    article and 28 MB over a day's 1,000 articles. The first call after a freeze notes what the
    collector walks then (the screen's own rendering, ~12k objects); freezing again only once
    that has grown by REFREEZE_GROWTH bounds the walk and freezes that dead rendering an order
    of magnitude less often."""
    gc.collect()
    walked = len(gc.get_objects())
    if _walked["after_freeze"] < 0:
        _walked["after_freeze"] = walked
        return False
    if walked - _walked["after_freeze"] <= REFREEZE_GROWTH:
        return False
    gc.freeze()
    _walked["after_freeze"] = -1
    return True


def thaw() -> None:
    """Undo `freeze_survivors` (the app is closing: its objects may become garbage now), and
    end a `hold_until_frozen` the session did not get to the end of."""
    gc.unfreeze()
    _walked["after_freeze"] = -1
    _end_hold()


def without_gc(func: Callable[P, R]) -> Callable[P, R]:
    """Run `func` (a one-shot command: compare, check, import) with the collector paused.

    The stores and the comparison pause it around their own bulk work already, but every time
    it is switched back on, the next allocation starts a collection of everything allocated
    meanwhile (millions of objects after reading 5 x 10k records), and the work between those
    pauses set off further full collections: 1.4 s of reading 5 x 10k records and about 1 s of
    comparing them. A command's objects make no cycles worth collecting before it returns."""

    @wraps(func)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with gc_paused():
            return func(*args, **kwargs)

    return run
