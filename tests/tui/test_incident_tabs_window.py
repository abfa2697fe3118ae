"""More incident tabs than the bar holds: a window around the current one, "+ new" in view."""

from __future__ import annotations

from textual.widgets import Button

from coder.project import Project
from coder.tui.coding.incident_bar import IncidentBar, tab_window

from .helpers import coding, keys_handled, press, screen_of, settle


def test_all_tabs_when_they_fit_or_the_room_is_not_known() -> None:
    assert tab_window(5, 2, 5) == (0, 5)
    assert tab_window(5, 2, None) == (0, 5)


def test_a_window_with_the_current_tab_near_its_middle() -> None:
    assert tab_window(10, 0, 4) == (0, 4)
    assert tab_window(10, 5, 4) == (3, 7)
    assert tab_window(10, 9, 4) == (6, 10)
    assert tab_window(10, 9, 0) == (9, 10)  # no room at all: the current one still shows


async def test_the_current_tab_and_new_stay_in_view_at_80_columns(
    shipped_project: Project,
) -> None:
    async with coding(shipped_project, size=(80, 24)) as (app, pilot):
        for _ in range(9):
            await press(pilot, "ctrl+n")
        await keys_handled(pilot)
        await settle(pilot)
        bar = app.screen.query_one(IncidentBar)

        def in_view() -> list[str]:
            shown = [b for b in bar.query(Button) if b.display]
            inside = [b for b in shown if bar.region.contains_region(b.region)]
            current = [str(b.label) for b in inside if b.has_class("-current")]
            return [str(b.label) for b in inside] + ["current:" + ",".join(current)]

        session = screen_of(app).session
        assert session.current == 8
        seen = in_view()
        assert "+ new" in seen and "current:9" in seen, seen
        await press(pilot, "ctrl+up")
        for _ in range(7):
            await press(pilot, "ctrl+up")
        await keys_handled(pilot)
        await settle(pilot)
        assert session.current == 0
        seen = in_view()
        assert "1" in seen and "+ new" in seen and "current:1" in seen, seen
