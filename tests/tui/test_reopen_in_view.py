"""Reopened where the coder left off, the field with the cursor is in view, above the help panel.

Found in tmux at 80x24: reopening on Notes (the last field) or on Place (a long help) left the
field under the help panel until a key was typed. The focus scroll ran against the form as laid
out before the record was shown (a label wrapped to two rows once the pane's scroll bar came,
after it), and the help panel took its height only at a later layout, covering the field.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widget import Widget

from coder.project import Project
from coder.tui.coding.app import CoderApp
from coder.tui.form import FieldRow, FormScroll
from coder.tui.form.editors import ChoiceEditor

from .helpers import app_for, coding, focus, press, screen_of, settle, wait_for, widget

SIZES = [(80, 24), (120, 40)]


async def leave_at(project: Project, field: str, size: tuple[int, int]) -> None:
    """Code a value in a first incident, put the cursor in `field` and quit."""
    async with coding(project, size=size) as (app, pilot):
        await press(pilot, "ctrl+n")
        await focus(pilot, app, "#incident-form--fatalities")
        await press(pilot, "2")  # (an incident with nothing in it is not kept)
        await focus(pilot, app, f"#incident-form--{field}")
        await press(pilot, "ctrl+q")


async def reopened(pilot: Pilot[Any], app: CoderApp, field: str) -> Widget:
    """Wait until the reopened app has the cursor in `field` and has settled."""
    editor = widget(app, f"#incident-form--{field}")
    await wait_for(pilot, lambda: app.focused is editor, what=lambda: f"focus: {app.focused}")
    await settle(pilot)
    return editor


def assert_in_view(app: CoderApp, editor: Widget) -> None:
    """The editor, and its label if there is room, is inside the form's visible area; nothing
    of it is under the help panel."""
    screen = screen_of(app)
    pane = screen.query_one(FormScroll).scrollable_content_region
    help_panel = screen.find_widget(screen.query_one("#help-line")).region
    where = screen.find_widget(editor).region
    said = f"{editor.id} at {where}, form pane {pane}, help panel {help_panel}"
    assert pane.contains_region(where), said
    assert not where.overlaps(help_panel), said
    row = editor.query_ancestor(FieldRow)
    if row.region.height <= pane.height:
        assert pane.contains_region(row.region), f"its label: {row.region}; {said}"


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("field", ["notes", "place", "certainty"])
async def test_reopens_with_the_field_in_view(
    shipped_project: Project, field: str, size: tuple[int, int]
) -> None:
    """Notes is the last field (the form scrolled to its end), Place has the longest help (the
    panel is at its tallest), Certainty is a list near the end (open over the rows below)."""
    await leave_at(shipped_project, field, size)
    app = app_for(shipped_project)
    async with app.run_test(size=size) as pilot:
        editor = await reopened(pilot, app, field)
        assert_in_view(app, editor)
        await press(pilot, "ctrl+q")


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_field_stays_in_view_when_the_help_grows(
    shipped_project: Project, size: tuple[int, int]
) -> None:
    """The help of a choice under the cursor is added to the panel: the list near the end of the
    form stays in view above it, and each choice's help shows whole as the cursor moves (the
    panel has room for the tallest of them from the start, so moving never lays out again)."""
    await leave_at(shipped_project, "certainty", size)
    app = app_for(shipped_project)
    async with app.run_test(size=size) as pilot:
        editor = await reopened(pilot, app, "certainty")
        assert isinstance(editor, ChoiceEditor)
        panel = widget(app, "#help-line")
        for _ in range(3):  # low, medium, high: each with its own help
            await press(pilot, "down")
            await settle(pilot)
            assert_in_view(app, editor)
            choice = editor.field.choice(editor.value)
            assert choice is not None and choice.help
            lines = panel.render_lines(panel.outer_size.region)
            shown = " ".join(t for line in lines if (t := line.text.strip()))
            assert shown.endswith(f"{choice.label}: {choice.help}")  # whole, not cut
            assert "F1" not in shown
        await press(pilot, "ctrl+q")


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_help_panel_in_a_short_terminal(
    shipped_project: Project, size: tuple[int, int]
) -> None:
    """At 80x24 the panel takes 4 of the form pane's 22 rows (it took 7): the field's help is cut
    and says F1, the help of the choice under the cursor stays whole. At 120x40 it all shows."""
    async with coding(shipped_project, size=size) as (app, pilot):
        await press(pilot, "ctrl+n")
        province = await focus(pilot, app, "#incident-form--province")
        assert isinstance(province, ChoiceEditor)
        await press(pilot, "down", "down", "down", "down")  # Nineveh: "Includes Mosul."
        await settle(pilot)
        choice = province.field.choice(province.value)
        assert choice is not None and choice.help
        panel = widget(app, "#help-line")
        rows = [line.text.strip() for line in panel.render_lines(panel.outer_size.region)]
        shown = [row for row in rows if row]  # (rows kept for a taller choice help are blank)
        if size == (80, 24):
            assert shown == rows  # every row of the 4 is used, none left blank
        assert " ".join(shown).endswith(f"{choice.label}: {choice.help}")
        assert shown[0].startswith("Province (governorate) *: The governorate")
        if size == (80, 24):
            assert panel.size.height == 4
            assert shown[-2].endswith("… F1: all of it")
        else:
            assert "F1" not in " ".join(shown)
            assert "the same province" in " ".join(shown)  # the end of the field's help
        await press(pilot, "ctrl+q")
