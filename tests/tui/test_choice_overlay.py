"""A choice list opens over the fields below it and moves nothing: no Tab changes the height of
the form or the place of any other field (when it did, Textual laid the form out again and
repainted every row below on each Tab into or out of a list: 60-90 ms of CPU per Tab)."""

from __future__ import annotations

import asyncio
from typing import Any

from textual.geometry import Region

from coder.project import Project
from coder.tui.coding.app import CoderApp
from coder.tui.form import CodebookForm, FieldRow, FormScroll
from coder.tui.form.choice_list import EXPANDED_ROWS, ChoiceSlot
from coder.tui.form.editors import ChoiceEditor

from .helpers import coding, key_event, press, screen_of, settle, widget


def geometry(app: CoderApp) -> dict[str, Any]:
    """Sizes of the form and its scroll area, and the place of every field row (in the form,
    so a scroll of the pane does not count as a move)."""
    scroll = screen_of(app).query_one(FormScroll)
    form = screen_of(app).query_one("#incident-form", CodebookForm)
    return {
        "form": form.outer_size,
        "scroll": scroll.virtual_size,
        "rows": {
            name: row.region.translate(-form.region.offset)
            for name, row in form.rows.items()
            if row.display  # (a hidden row has no place)
        },
    }


def shown(region: Region, inside: Region) -> bool:
    return inside.contains_region(region)


def on_top(app: CoderApp, editor: ChoiceEditor) -> bool:
    """The editor is what the screen shows on each of its rows (the open list is not clipped by
    its slot, nor under the fields it covers)."""
    region = editor.region
    return all(
        app.screen.get_widget_at(region.x + 1, y)[0] is editor
        for y in range(region.y, region.bottom)
    )


async def test_tab_through_the_lists_changes_no_height_and_moves_no_row(
    shipped_project: Project,
) -> None:
    async with coding(shipped_project, size=(120, 40)) as (app, pilot):
        await press(pilot, "ctrl+n")
        widget(app, "#incident-form--event_date").focus()
        await settle(pilot)
        before = geometry(app)
        opened = []
        for _ in range(8):  # event_date, date_precision, province, place, geo_precision, ...
            await press(pilot, "tab")
            await settle(pilot)
            assert geometry(app) == before  # nothing below moved, nothing grew
            focused = app.focused
            if isinstance(focused, ChoiceEditor):
                rows = min(focused.option_count, EXPANDED_ROWS)
                assert focused.outer_size.height == rows  # open: the whole list, up to 10 rows
                assert isinstance(focused.parent, ChoiceSlot) and focused.parent.size.height == 1
                view = screen_of(app).query_one(FormScroll).scrollable_content_region
                assert shown(focused.region, view)  # in the form pane, not over the help line
                assert on_top(app, focused)
                opened.append(focused.field.name)
        assert opened[:3] == ["date_precision", "province", "geo_precision"]
        closed = widget(app, "#incident-form--province")
        assert closed.outer_size.height == 1  # closed again: its value only


async def test_a_long_list_opens_in_view_at_80x24(shipped_project: Project) -> None:
    """At 80x24 the province list (20 choices, 10 rows) does not fit under its row: the form
    scrolls so that it does, and the list is never drawn over the help line or the footer."""
    async with coding(shipped_project, size=(80, 24)) as (app, pilot):
        await press(pilot, "ctrl+n")
        widget(app, "#incident-form--date_precision").focus()
        await settle(pilot)
        await press(pilot, "tab")
        await settle(pilot)
        province = app.focused
        assert isinstance(province, ChoiceEditor) and province.field.name == "province"
        assert province.outer_size.height == EXPANDED_ROWS
        view = screen_of(app).query_one(FormScroll).scrollable_content_region
        assert shown(province.region, view) and on_top(app, province)
        row = province.query_ancestor(FieldRow)
        assert shown(row.region._replace(height=1), view)  # its label too
        await press(pilot, "1", "3")  # the 13th choice, by its two digits
        await settle(pilot)
        assert province.get_raw() == province.values[province.first_choice + 12]


async def test_a_closed_list_shows_its_value_after_tabs_back_and_forth(
    shipped_project: Project,
) -> None:
    """Closed again, a list shows its value on its one row, however the Tabs came (each list
    scrolls its value into that row once it is laid out closed, not on a guess of when)."""
    async with coding(shipped_project, size=(80, 24)) as (app, pilot):
        await press(pilot, "ctrl+n")
        widget(app, "#incident-form--province").focus()
        await settle(pilot)
        # province 1, place "Daquq" (two places of that name: not chosen), location precision
        # 2, (event type), back to the place, typed ahead as in tmux at 15 keys a second
        keys = ["1", "tab", *"Daquq", "tab", "2", "tab", "shift+tab", "shift+tab", "shift+tab"]
        for key in keys:
            app.post_message(key_event(key))
            await asyncio.sleep(1 / 15)  # the typist's pace (not a wait for the app)
        await settle(pilot)
        for name in ("province", "geo_precision"):
            editor = widget(app, f"#incident-form--{name}")
            assert isinstance(editor, ChoiceEditor)
            if editor.has_focus:
                continue
            assert editor.highlighted is not None and editor.get_raw() is not None, name
            assert editor.scroll_offset.y == editor.highlighted, name  # its one row: the value


async def test_a_long_list_opened_again_renders_no_choice_again(
    shipped_project: Project, monkeypatch: Any
) -> None:
    """A long list is a cell narrower open (its scroll bar) than closed: the rows rendered at
    each width are kept, so opening or closing it again throws no rendered choice away (Textual
    does at every change of width), and it still shows its choices open and its value closed."""
    async with coding(shipped_project, size=(120, 40)) as (app, pilot):
        await press(pilot, "ctrl+n")
        province = widget(app, "#incident-form--province")
        assert isinstance(province, ChoiceEditor) and province.has_class("-long")
        province.focus()
        await settle(pilot)
        await press(pilot, "down", "tab", "shift+tab", "tab")
        await settle(pilot)
        cleared: list[int] = []
        clear = ChoiceEditor._clear_caches

        def counted(self: ChoiceEditor) -> None:
            cleared.append(1)
            clear(self)

        monkeypatch.setattr(ChoiceEditor, "_clear_caches", counted)
        for _ in range(2):
            await press(pilot, "shift+tab")  # open again
            await settle(pilot)
            assert province.has_focus and province.region.height == EXPANDED_ROWS
            open_rows = [province.render_line(y).text for y in range(EXPANDED_ROWS)]
            await press(pilot, "tab")  # closed again
            await settle(pilot)
            assert any(province.labels[1] in row for row in open_rows)
            assert province.labels[1] in province.render_line(0).text  # its value ("down")
        assert cleared == []
