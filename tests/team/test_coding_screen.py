"""The coding screen with a plan: only the coder's articles, and f5 syncs (real git, real app)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from coder.team import Request, project_plan
from coder.team.assign_cmd import run_assign
from coder.team.sync import sync
from coder.tui.coding.app import CoderApp
from tests.team.git_team import Team, code, make_team, places
from tests.tui.helpers import screen_of


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "no-gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")


async def until(pilot: Pilot[Any], ok: Callable[[], bool], seconds: float = 60) -> None:
    end = time.monotonic() + seconds
    while not ok():
        assert time.monotonic() < end, "condition not reached"
        await pilot.pause()


async def test_coder_sees_only_their_articles_and_f5_syncs(tmp_path: Path) -> None:
    team: Team = make_team(tmp_path)
    plan = project_plan(team.ann)
    assert plan is not None
    mine = plan.articles_of("ann")
    code(team.bob, "bob", plan.articles_of("bob")[0], "Daquq")
    sync(team.bob, "bob")
    # the lead adds an article and extends the plan
    (team.lead.articles_dir / "a4.txt").write_text("New report\nShelling in Hawija.\n")
    run_assign(team.lead, Request(coders=["ann", "bob"]))
    sync(team.lead, "lea")
    extended = project_plan(team.lead)
    assert extended is not None and extended.articles_of("ann")[: len(mine)] == mine

    app = CoderApp(team.ann, "ann")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.coding is not None and app.coding.is_mounted)
        session = screen_of(app).session
        assert [a.id for a in session.articles] == mine
        await until(pilot, lambda: session.indexed)  # counted after the first frame
        assert session.progress() == (0, len(mine))
        await pilot.press("f5")
        await until(pilot, lambda: [a.id for a in session.articles] == extended.articles_of("ann"))
        await app.workers.wait_for_complete()
    assert places(team.ann, "bob") == places(team.bob, "bob") != {}
