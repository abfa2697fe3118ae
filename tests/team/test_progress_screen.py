"""The lead's progress screen (p on the review dashboard), on a real project with a plan."""

from __future__ import annotations

from pathlib import Path

from coder.tui.review.app import ReviewApp
from coder.tui.review.dashboard import ReviewDashboard
from coder.tui.review.progress import ProgressScreen
from tests.project_helpers import make_project
from tests.team.git_team import code, write_two_coder_plan
from tests.tui.helpers import wait_for


async def test_p_on_the_dashboard_shows_each_coders_progress(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    write_two_coder_plan(project, lead="lea")
    code(project, "ann", "a1", "Topzawa")
    code(project, "bob", "a1", "Topzawa")
    code(project, "bob", "a3", "Kirkuk")
    app = ReviewApp(project, None, "lea", bootstrap=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewDashboard))
        await pilot.press("p")
        await wait_for(
            pilot,
            lambda: isinstance(app.screen, ProgressScreen) and app.screen.report is not None,
        )
        screen = app.screen
        assert isinstance(screen, ProgressScreen)
        rows = [
            [str(cell) for cell in screen.query_one("#progress-table").get_row_at(i)]  # type: ignore[attr-defined]
            for i in range(2)
        ]
        assert [r[:6] for r in rows] == [
            ["ann", "2", "1", "0", "0", "1"],
            ["bob", "2", "2", "0", "0", "0"],
        ]
        notes = str(screen.query_one("#progress-notes").render())
        assert "1 of 1 articles finished by all their coders" in notes
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewDashboard))
