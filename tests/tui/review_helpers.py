"""A project with two coders' databases (tests.gold_data imported through `coder import`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import LoadingIndicator

from coder.exchange.importer import import_file
from coder.project import Project
from tests.gold_data import write_jsonl
from tests.tui.conftest import REPO, make_project
from tests.tui.helpers import settle, wait_for


def review_project(tmp_path: Path) -> Project:
    project = make_project(tmp_path / "review", REPO / "codebook.yaml")
    for coder, path in write_jsonl(tmp_path / "jsonl").items():
        import_file(project, path, coder)
    return project


def _dashboard_filled(app: Any) -> bool:
    from coder.tui.review.dashboard import ReviewDashboard

    screen = app.screen
    return isinstance(screen, ReviewDashboard) and not screen.query_one(LoadingIndicator).display


async def loaded(pilot: Pilot[Any]) -> None:
    """Wait for the keys sent so far, the dashboard's worker and the screen it fills."""
    await settle(pilot)
    await wait_for(pilot, lambda: _dashboard_filled(pilot.app), what="the dashboard filled")
    await settle(pilot)
