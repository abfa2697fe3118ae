"""SVG snapshots of the review dashboard and the disagreement walk at 120x40 and 80x24.

Deterministic: fixed codings (tests.gold_data), bootstrap with seed 0, no timestamps on screen.
Regenerate after an intended change with `--snapshot-update` and look at the SVGs first.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from coder.tui.review.app import ReviewApp
from tests.gold_three import three_coder_project
from tests.tui.helpers import press, wait_for
from tests.tui.review_helpers import loaded, review_project
from tests.tui.test_review_vs_gold import computed, settle_three

SIZES = [pytest.param((120, 40), id="120x40"), pytest.param((80, 24), id="80x24")]


@pytest.mark.parametrize("size", SIZES)
def test_review_dashboard(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    app = ReviewApp(review_project(tmp_path), None, "lea", bootstrap=200)
    assert snap_compare(app, terminal_size=size, run_before=loaded)


@pytest.mark.parametrize("size", SIZES)
def test_review_disagreement(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    """The first disagreement (000: ann and ben quote different passages, two colours)."""

    async def walk(pilot: Pilot[Any]) -> None:
        await loaded(pilot)
        await press(pilot, "a")
        await pilot.pause()
        await pilot.pause()

    app = ReviewApp(review_project(tmp_path), None, "lea", bootstrap=200)
    assert snap_compare(app, terminal_size=size, run_before=walk)


def test_review_all_settled(snap_compare: Any, tmp_path: Path) -> None:
    """The walk once the last disagreement is settled: it says so and offers the way out."""

    async def settle(pilot: Pilot[Any]) -> None:
        await loaded(pilot)
        await press(pilot, "a", "2", "1", "1", "1", "1", "x", "1", "2")
        await pilot.pause()
        await pilot.pause()

    app = ReviewApp(review_project(tmp_path), None, "lea", bootstrap=200)
    assert snap_compare(app, terminal_size=(80, 24), run_before=settle)


@pytest.mark.parametrize("size", SIZES)
def test_review_vs_gold(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    """The coders-vs-gold panel (v) after the lead's first three decisions, three coders."""

    async def open_panel(pilot: Pilot[Any]) -> None:
        await settle_three(pilot)
        await press(pilot, "v")
        await wait_for(pilot, lambda: computed(pilot.app), what="the panel computed")
        await pilot.pause()

    app = ReviewApp(three_coder_project(tmp_path), None, "lea", bootstrap=0)
    assert snap_compare(app, terminal_size=size, run_before=open_panel)
