"""`refreeze_if_grown`: a coding session freezes what survives only once it has grown.

Every freeze also keeps, forever, whatever is alive then and dies later in a reference cycle
(Textual's rendering is made of such cycles), so the session freezes only past FREEZE_OVER
survivors, not every REFREEZE_EVERY articles (issue 12, a day's session).
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


def test_survivors_under_the_limit_are_collected_not_frozen(
    monkeypatch: pytest.MonkeyPatch, frozen_restored: None
) -> None:
    monkeypatch.setattr(gc_pause, "FREEZE_OVER", 10**9)
    survivors = [[n] for n in range(1_000)]
    cycle = _Cycle()
    gone = weakref.ref(cycle)
    del cycle
    before = gc.get_freeze_count()
    assert gc_pause.refreeze_if_grown() is False
    assert gc.get_freeze_count() == before
    assert gone() is None, "the collection it runs frees garbage cycles"
    assert len(survivors) == 1_000


def test_survivors_past_the_limit_are_frozen(
    monkeypatch: pytest.MonkeyPatch, frozen_restored: None
) -> None:
    survivors = [[n] for n in range(1_000)]
    monkeypatch.setattr(gc_pause, "FREEZE_OVER", len(gc.get_objects()) - 500)
    before = gc.get_freeze_count()
    assert gc_pause.refreeze_if_grown() is True
    assert gc.get_freeze_count() >= before + len(survivors)
    assert len(gc.get_objects()) < len(survivors)
