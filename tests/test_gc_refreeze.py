"""`refreeze_if_grown`: a coding session freezes what survives only once it has grown.

Every freeze also keeps, forever, whatever is alive then and dies later in a reference cycle
(Textual's rendering is made of such cycles), so the session freezes again only once what the
collector walks has grown by REFREEZE_GROWTH objects, not every REFREEZE_EVERY articles (issue
12, a day's session).
"""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from coder import gc_pause


class _Cycle:
    """An object that refers to itself: garbage only the cyclic collector frees."""

    def __init__(self) -> None:
        self.me = self


@pytest.fixture
def frozen_restored() -> Iterator[None]:
    """Whatever a test freezes is unfrozen afterwards (other tests share the process)."""
    yield
    gc.unfreeze()


def test_it_freezes_only_what_has_grown_since_the_last_freeze(
    monkeypatch: pytest.MonkeyPatch, frozen_restored: None
) -> None:
    monkeypatch.setattr(gc_pause, "REFREEZE_GROWTH", 500)
    gc_pause.freeze_survivors()  # as the coding app does once start-up is done
    frozen = gc.get_freeze_count()
    first = [[n] for n in range(300)]
    cycle = _Cycle()
    gone = weakref.ref(cycle)
    del cycle
    assert gc_pause.refreeze_if_grown() is False, "the first call only notes what is walked"
    assert gone() is None, "the collection it runs frees garbage cycles"
    more = [[n] for n in range(200)]
    assert gc_pause.refreeze_if_grown() is False, "200 more: under REFREEZE_GROWTH"
    assert gc.get_freeze_count() == frozen
    more += [[n] for n in range(1_000)]
    assert gc_pause.refreeze_if_grown() is True, "1,200 more: past it"
    assert gc.get_freeze_count() >= frozen + len(first) + len(more)
    assert len(gc.get_objects()) < len(more)
    assert gc_pause.refreeze_if_grown() is False, "after a freeze, the count starts again"
