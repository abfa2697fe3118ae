"""A project with two coders' databases (tests.gold_data imported through `coder import`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from coder.exchange.importer import import_file
from coder.project import Project
from tests.gold_data import write_jsonl
from tests.tui.conftest import REPO, make_project


def review_project(tmp_path: Path) -> Project:
    project = make_project(tmp_path / "review", REPO / "codebook.yaml")
    for coder, path in write_jsonl(tmp_path / "jsonl").items():
        import_file(project, path, coder)
    return project


async def loaded(pilot: Pilot[Any]) -> None:
    """Wait for the dashboard's worker and the screen it fills."""
    for _ in range(3):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()
