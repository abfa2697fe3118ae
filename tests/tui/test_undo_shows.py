"""ctrl+z shows where the change it undoes was made: that incident, that field.

Found in tmux by a tester: a change made in one incident, then undone after moving to another,
came back right in the data but the screen showed the incident that was current when the screen
last settled (before the move), with the focus wherever it was. Driven by keys through the real
app with the shipped codebook; results checked on the TinyDB file.
"""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input

from coder.project import Project
from coder.tui.coding.app import CoderApp
from coder.tui.coding.incident_bar import IncidentBar
from coder.tui.dialogs.confirm import ConfirmScreen
from coder.tui.form.editors import ChoiceEditor

from .conftest import records_on_disk
from .helpers import (
    coding,
    focus,
    press,
    save_and_quit,
    screen_of,
    settle,
    type_text,
    wait_for,
    widget,
)

FIRST = "000_a9317a16385be697"


def shown(app: CoderApp) -> int | None:
    """The incident on screen: the session's current one, which the tab bar marks."""
    current = screen_of(app).session.current
    bar = screen_of(app).query_one(IncidentBar)
    assert bar._shown[1] == current
    return current


def said(app: CoderApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def two_incidents_then_back_to_the_first(app: CoderApp, pilot: Pilot[Any]) -> None:
    await press(pilot, "ctrl+n", "ctrl+n")  # the screen last settled on incident 2
    await press(pilot, "ctrl+up")
    await settle(pilot)
    assert shown(app) == 0


async def test_undo_after_moving_on_shows_the_incident_and_field_changed(
    shipped_project: Project,
) -> None:
    """A change in incident 1, a move to incident 2 (no change there), ctrl+z: incident 1."""
    async with coding(shipped_project) as (app, pilot):
        await two_incidents_then_back_to_the_first(app, pilot)
        await focus(pilot, app, "#incident-form--event_type")
        await press(pilot, "1")  # battles, in incident 1
        await press(pilot, "ctrl+down")
        await settle(pilot)
        assert shown(app) == 1
        await focus(pilot, app, "#incident-form--fatalities")
        await press(pilot, "ctrl+z")
        await settle(pilot)
        assert shown(app) == 0
        event_type = widget(app, "#incident-form--event_type")
        assert isinstance(event_type, ChoiceEditor) and event_type.value is None
        assert app.focused is event_type
        assert said(app)[-1] == f"Undone: {event_type.field.label}."
        await save_and_quit(app, pilot)
    incidents = records_on_disk(shipped_project, "ana")[FIRST]["incidents"]
    assert len(incidents) == 2
    assert all("event_type" not in incident["values"] for incident in incidents)


async def test_undo_of_changes_in_two_incidents_shows_each_in_turn(
    shipped_project: Project,
) -> None:
    """A change in incident 1, then one in incident 2: ctrl+z takes back incident 2's and shows
    it, the next ctrl+z takes back incident 1's and shows incident 1."""
    async with coding(shipped_project) as (app, pilot):
        await two_incidents_then_back_to_the_first(app, pilot)
        await focus(pilot, app, "#incident-form--event_type")
        await press(pilot, "1")  # battles, in incident 1
        await press(pilot, "ctrl+down")
        await settle(pilot)
        await focus(pilot, app, "#incident-form--fatalities")
        await type_text(pilot, "7")  # in incident 2
        await focus(pilot, app, "#incident-form--injured")
        await press(pilot, "ctrl+z")
        await settle(pilot)
        assert shown(app) == 1
        fatalities = widget(app, "#incident-form--fatalities")
        assert isinstance(fatalities, Input) and fatalities.value == ""
        assert app.focused is fatalities
        assert said(app)[-1] == f"Undone: {fatalities.field.label}."  # type: ignore[attr-defined]
        await press(pilot, "ctrl+z")
        await settle(pilot)
        assert shown(app) == 0
        event_type = widget(app, "#incident-form--event_type")
        assert isinstance(event_type, ChoiceEditor) and event_type.value is None
        assert app.focused is event_type
        await save_and_quit(app, pilot)
    incidents = records_on_disk(shipped_project, "ana")[FIRST]["incidents"]
    assert len(incidents) == 2
    for incident in incidents:
        assert "event_type" not in incident["values"] and "fatalities" not in incident["values"]


async def test_undo_of_a_deletion_shows_the_incident_brought_back(
    shipped_project: Project,
) -> None:
    async with coding(shipped_project) as (app, pilot):
        await two_incidents_then_back_to_the_first(app, pilot)
        await focus(pilot, app, "#incident-form--event_type")
        await press(pilot, "1")  # battles, in incident 1
        await press(pilot, "f8")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), what="the question")
        await press(pilot, "y")
        await wait_for(pilot, lambda: len(screen_of(app).session.record.incidents) == 1)
        await settle(pilot)
        await press(pilot, "ctrl+z")
        await settle(pilot)
        assert shown(app) == 0
        event_type = widget(app, "#incident-form--event_type")
        assert isinstance(event_type, ChoiceEditor) and event_type.value == "battles"
        assert said(app)[-1] == "Undone: deletion of incident 1."
        await save_and_quit(app, pilot)
    first, second = records_on_disk(shipped_project, "ana")[FIRST]["incidents"]
    assert first["values"]["event_type"] == "battles" and "event_type" not in second["values"]
