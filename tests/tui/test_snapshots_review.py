"""SVG snapshots of the review dashboard and the disagreement walk at 120x40.

Deterministic: fixed codings (tests.gold_data), bootstrap with seed 0, no timestamps on screen.
Regenerate after an intended change with `--snapshot-update` and look at the SVGs first.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from coder.tui.review_app import ReviewApp
from tests.tui.review_helpers import loaded, review_project


def test_review_dashboard(snap_compare: Any, tmp_path: Path) -> None:
    app = ReviewApp(review_project(tmp_path), None, "lea", bootstrap=200)
    assert snap_compare(app, terminal_size=(120, 40), run_before=loaded)


def test_review_disagreement(snap_compare: Any, tmp_path: Path) -> None:
    async def walk(pilot: Pilot[Any]) -> None:
        await loaded(pilot)
        await pilot.press("a")
        await pilot.pause()

    app = ReviewApp(review_project(tmp_path), None, "lea", bootstrap=200)
    assert snap_compare(app, terminal_size=(120, 40), run_before=walk)
