"""F9's incidents table (Pilot, the shipped codebook, the data read back from the TinyDB file):
fill-down of a tied choice lands only where it fits, and no heading or help text is cut silently.
"""

from __future__ import annotations

from typing import Any

import pytest
from rich.text import Text
from textual.coordinate import Coordinate
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from coder.project import Project
from coder.tui.coding.app import CoderApp

from .conftest import records_on_disk
from .helpers import coding, focus, press, save_and_quit, screen_of, type_text, wait_for

FIRST = "000_a9317a16385be697"


async def three_incidents(pilot: Pilot[Any], app: CoderApp) -> None:
    """Incident 1: battles / armed clash; 2: violence against civilians / abduction; 3: nothing
    coded yet (a draft)."""
    await press(pilot, "ctrl+n")
    await type_text(pilot, "2018")
    await focus(pilot, app, "#incident-form--event_type")
    await press(pilot, "1", "1")  # battles, then armed clash
    await press(pilot, "ctrl+n")
    await focus(pilot, app, "#incident-form--event_type")
    await press(pilot, "3", "2")  # violence against civilians, abduction
    await press(pilot, "ctrl+n")


async def open_table(pilot: Pilot[Any], app: CoderApp, at: str) -> DataTable[Any]:
    from coder.tui.coding.incident_table import IncidentTable

    await focus(pilot, app, f"#incident-form--{at}")
    await press(pilot, "f9")
    await wait_for(pilot, lambda: isinstance(app.screen, IncidentTable))
    return app.screen.query_one(DataTable)


def cell(table: DataTable[Any], row: int, name: str) -> str:
    column = table.get_column_index(name)
    value = table.get_cell_at(Coordinate(row, column))
    return value.plain if isinstance(value, Text) else str(value)


def said(app: CoderApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_fill_down_of_a_sub_event_type_skips_an_incident_it_does_not_fit(
    shipped_project: Project,
) -> None:
    """Found in tmux: `d` copied a sub-event type into an incident with no event type (the tie
    lets an empty event type pass in a draft), so ctrl+d was refused later; and into an incident
    of another event type, where the fill's own tie check then cleared the copy and the
    incident's own sub-event type ("abduction") with it, without a word."""
    async with coding(shipped_project) as (app, pilot):
        await three_incidents(pilot, app)
        table = await open_table(pilot, app, "sub_event_type")  # incident 3's
        await press(pilot, "up", "d")  # armed clash into incident 2: another event type
        assert cell(table, 1, "sub_event_type") == "Abduction/forced disapp…"
        assert any(
            "Incident 2 not filled" in m and "Event type is 'Violence against civilians'" in m
            for m in said(app)
        ), said(app)
        assert table.cursor_coordinate.row == 1  # stays on the incident that was skipped
        await press(pilot, "down", "d")  # abduction into incident 3: no event type
        assert cell(table, 2, "sub_event_type") == ""
        assert any("Incident 3 not filled" in m and "Event type not set" in m for m in said(app)), (
            said(app)
        )
        assert table.cursor_coordinate.row == 2
        # the coder's way: the event type down first, then the sub-event type fits
        await press(pilot, "left", "d", "right", "d")
        assert cell(table, 2, "event_type") == "Violence against civili…"
        assert cell(table, 2, "sub_event_type") == "Abduction/forced disapp…"
        await press(pilot, "escape")
        await save_and_quit(app, pilot)
    first, second, third = records_on_disk(shipped_project, "ana")[FIRST]["incidents"]
    assert first["values"]["sub_event_type"] == "armed_clash"
    assert second["values"]["event_type"] == "violence_against_civilians"
    assert second["values"]["sub_event_type"] == "abduction"
    assert third["values"]["event_type"] == "violence_against_civilians"
    assert third["values"]["sub_event_type"] == "abduction"


async def test_fill_down_skips_a_field_its_when_switches_off_for_that_incident(
    shipped_project: Project,
) -> None:
    """A field's own `when` (the attack type only for armed groups): the fill was pruned at once,
    yet counted as a fill (an undo step, the cursor moved on) with nothing said."""
    async with coding(shipped_project) as (app, pilot):
        await press(pilot, "ctrl+n")
        await focus(pilot, app, "#incident-form--perpetrator")
        await press(pilot, "5")  # ISIS
        await focus(pilot, app, "#incident-form--attack_type")
        await press(pilot, "1")
        await press(pilot, "ctrl+n")
        await focus(pilot, app, "#incident-form--perpetrator")
        await press(pilot, "1")  # Iraqi state forces: no attack type
        await press(pilot, "ctrl+up")
        await wait_for(pilot, lambda: screen_of(app).session.current == 0)
        undo = screen_of(app).undo
        table = await open_table(pilot, app, "attack_type")
        steps = len(undo)
        await press(pilot, "down", "d")
        assert cell(table, 1, "attack_type") == ""
        assert table.cursor_coordinate.row == 1
        assert any(
            "Incident 2 not filled" in m and "Perpetrator type is 'Iraqi state forces'" in m
            for m in said(app)
        ), said(app)
        assert len(undo) == steps  # nothing changed: no undo step
        await press(pilot, "escape")
        await pilot.press("ctrl+q")
    second = records_on_disk(shipped_project, "ana")[FIRST]["incidents"][1]
    assert "attack_type" not in second["values"]


def rendered(widget: Static) -> list[str]:
    """The lines a widget draws, as text."""
    return [
        "".join(segment.text for segment in widget.render_line(y))
        for y in range(widget.size.height)
    ]


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_table_headings_and_help_are_cut_with_an_ellipsis(
    shipped_project: Project, size: tuple[int, int]
) -> None:
    """Found in tmux: "Fatalities divided from a shared total?" was headed "Fatalities divided
    from " and "Kidnapped / taken hostage" "Kidnapped / taken hostag", cut with no "…"; and
    the help line under the table lost its end ("ctrl+z in") at 120 columns."""
    async with coding(shipped_project, size=size) as (app, pilot):
        await press(pilot, "ctrl+n")
        codebook = screen_of(app).session.codebook
        table = await open_table(pilot, app, "event_date")
        for column in table.columns.values():
            if str(column.key.value) == "#":
                continue
            field = codebook.field("incident", str(column.key.value))
            assert field is not None
            heading = column.label.plain
            assert heading == field.label or (
                heading.endswith("…") and field.label.startswith(heading[:-1])
            ), (heading, field.label)
        headed = {str(c.key.value): c.label.plain for c in table.columns.values()}
        assert headed["fatalities_split"].endswith("…")
        help_line = app.screen.query_one("#table-help", Static)
        shown = " ".join(line.strip() for line in rendered(help_line))
        assert "undoes a fill" in shown, shown


async def test_fill_down_never_erases_a_value_under_an_empty_cell(shipped_project: Project) -> None:
    """`d` under an empty cell cleared the value coded below it (a tester's find): a slip one
    key from the cell meant. A fill only copies; the notice says there was nothing to copy."""
    async with coding(shipped_project) as (app, pilot):
        await three_incidents(pilot, app)  # incident 3 is the one shown
        await focus(pilot, app, "#incident-form--fatalities")
        await type_text(pilot, "3")
        table = await open_table(pilot, app, "fatalities")
        assert table.cursor_coordinate.row == 2 and cell(table, 1, "fatalities") == ""
        await press(pilot, "d")
        assert cell(table, 2, "fatalities") == "3"
        assert any("Incident 3 not filled" in m and "above is empty" in m for m in said(app)), said(
            app
        )
        await press(pilot, "escape")
        await save_and_quit(app, pilot)
    third = records_on_disk(shipped_project, "ana")[FIRST]["incidents"][2]
    assert third["values"]["fatalities"] == 3


async def test_undo_of_a_fill_shows_the_incident_filled_at_that_field(
    shipped_project: Project,
) -> None:
    """ctrl+z after a fill showed the incident that was on screen when F9 was pressed, with the
    cursor where it was; now the incident filled, with the cursor in the filled field."""
    async with coding(shipped_project) as (app, pilot):
        await three_incidents(pilot, app)
        await press(pilot, "ctrl+up")  # incident 2 shown when F9 is pressed
        table = await open_table(pilot, app, "fatalities")
        table.move_cursor(row=2, column=table.get_column_index("event_type"))
        await press(pilot, "d")  # incident 3 takes incident 2's event type
        assert cell(table, 2, "event_type") == cell(table, 1, "event_type") != ""
        await press(pilot, "escape")
        await press(pilot, "ctrl+up")  # on to incident 1
        await press(pilot, "ctrl+z")
        await wait_for(pilot, lambda: screen_of(app).session.current == 2)
        event_type = app.screen.query_one("#incident-form--event_type")
        await wait_for(pilot, lambda: app.focused is event_type)
        assert said(app)[-1] == "Undone: fill down of Event type into incident 3."
        await save_and_quit(app, pilot)
    third = records_on_disk(shipped_project, "ana")[FIRST]["incidents"][2]
    assert "event_type" not in third["values"]


async def test_a_fill_replaces_text_typed_there_that_is_not_a_value_yet(
    shipped_project: Project,
) -> None:
    """A tester typed '2020-09-0' in incident 2's date, then filled the date down into it: the
    table showed the fill, the form kept the typed text, and the save stored the text (as
    unparsed scratch) instead of the date, without a word."""
    async with coding(shipped_project) as (app, pilot):
        await three_incidents(pilot, app)
        await press(pilot, "ctrl+up")  # incident 2
        await focus(pilot, app, "#incident-form--event_date")
        await type_text(pilot, "2020-09-0")
        table = await open_table(pilot, app, "event_date")
        table.move_cursor(row=1, column=table.get_column_index("event_date"))
        await press(pilot, "d")
        assert cell(table, 1, "event_date") == "2018"
        await press(pilot, "escape")
        date = app.screen.query_one("#incident-form--event_date")
        await wait_for(pilot, lambda: getattr(date, "value", None) == "2018")
        await save_and_quit(app, pilot)
    record = records_on_disk(shipped_project, "ana")[FIRST]
    assert record["incidents"][1]["values"]["event_date"] == "2018"
    assert not any(k.endswith(".event_date") for k in record["scratch"])


async def test_a_fill_takes_down_the_error_it_settles(shipped_project: Project) -> None:
    """After ctrl+d flagged incident 3's empty date, a fill put a date there, and the form still
    said "is required" under it until F9 was opened again (a tester's find)."""
    async with coding(shipped_project) as (app, pilot):
        await three_incidents(pilot, app)
        await press(pilot, "ctrl+up")  # incident 2: no date
        row = app.screen.query_one("#incident-form--event_date").parent
        assert row is not None
        screen_of(app)._show_errors({"incident 2: event_date": "is required"})  # as ctrl+d does
        assert row.has_class("-invalid")
        table = await open_table(pilot, app, "event_date")
        table.move_cursor(row=1, column=table.get_column_index("event_date"))
        await press(pilot, "d")
        await press(pilot, "escape")
        await wait_for(pilot, lambda: not row.has_class("-invalid"))
        await pilot.press("ctrl+q")
