"""Fewer keys and fewer surprises on the coding screen: enter moves on from typed fields, carried
values, ctrl+z, two-digit choice numbers, and no title shown twice. Driven by keys through the
real app with the shipped codebook; results checked on the TinyDB file."""

from __future__ import annotations

from typing import Any

from textual.widgets import Input

from coder.project import Project
from coder.tui.coding.view import title_repeats_text
from coder.tui.dialogs.confirm import ConfirmScreen
from coder.tui.form.editors import ChoiceEditor, MultiEditor

from .conftest import records_on_disk
from .helpers import (
    coding,
    focus,
    keys_handled,
    press,
    save_and_quit,
    screen_of,
    type_text,
    wait_for,
    widget,
)
from .test_choice_editors import burst

FIRST = "000_a9317a16385be697"


async def settle(app: Any, pilot: Any) -> None:
    await wait_for(pilot, lambda: not app._held and not app._key_in_flight)
    await pilot.pause()


async def test_enter_moves_on_from_a_date_and_a_number(shipped_project: Project) -> None:
    async with coding(shipped_project) as (app, pilot):
        await pilot.press("ctrl+n")
        date = widget(app, "#incident-form--event_date")
        assert app.focused is date
        await type_text(pilot, "2018")
        await pilot.press("enter", "3")  # the 3rd date precision, not "20183"
        assert isinstance(date, Input) and date.value == "2018"
        precision = widget(app, "#incident-form--date_precision")
        assert isinstance(precision, ChoiceEditor) and precision.value == 3
        fatalities = await focus(pilot, app, "#incident-form--fatalities")
        await type_text(pilot, "2")
        await pilot.press("enter")
        assert app.focused is not fatalities
        assert app.focused is widget(app, "#incident-form--fatalities_split")
        await pilot.press("ctrl+q")


async def test_a_newline_typed_before_raw_mode_is_enter(shipped_project: Project) -> None:
    """Keys typed while the app starts pass the terminal's line discipline, which turns Enter
    into a newline (read as ctrl+j): it still moves on, as Enter does."""
    async with coding(shipped_project) as (app, pilot):
        await pilot.press("ctrl+n")
        date = widget(app, "#incident-form--event_date")
        assert app.focused is date
        burst(app, [*"2018", "ctrl+j", "3"])
        await keys_handled(pilot)
        assert isinstance(date, Input) and date.value == "2018"
        precision = widget(app, "#incident-form--date_precision")
        assert isinstance(precision, ChoiceEditor) and precision.value == 3
        await pilot.press("ctrl+q")


async def test_a_new_incident_carries_province_and_place(shipped_project: Project) -> None:
    async with coding(shipped_project) as (app, pilot):
        await pilot.press("ctrl+n")
        await focus(pilot, app, "#incident-form--province")
        await pilot.press("1", "enter")  # Kirkuk; on to the place
        await type_text(pilot, "Topzawa")
        await pilot.press("enter")  # takes the one candidate
        await focus(pilot, app, "#incident-form--event_type")
        await pilot.press("1")  # battles: not carried
        await pilot.press("ctrl+n")
        await pilot.pause()
        province = widget(app, "#incident-form--province")
        assert isinstance(province, ChoiceEditor) and province.value == "kirkuk"
        event_type = widget(app, "#incident-form--event_type")
        assert isinstance(event_type, ChoiceEditor) and event_type.value is None
        await save_and_quit(app, pilot)
    first, second = records_on_disk(shipped_project, "ana")[FIRST]["incidents"]
    assert first["values"]["event_type"] == "battles"
    assert second["values"] == {
        "province": "kirkuk",
        "place": "IQ-KI-DAQ-TOPZAWA",
        "geo_precision": 1,  # filled by choosing the village (precision_field), carried with it
        "fatalities_split": False,
    }
    assert first["as_coded"] == second["as_coded"] == {"place": "Topzawa"}


async def test_ctrl_z_undoes_a_field_and_a_deleted_incident(shipped_project: Project) -> None:
    async with coding(shipped_project) as (app, pilot):
        screen = screen_of(app)
        await pilot.press("ctrl+n")
        await focus(pilot, app, "#incident-form--province")
        await pilot.press("1")  # Kirkuk
        await focus(pilot, app, "#incident-form--place")
        await type_text(pilot, "Topzawa")
        await press(pilot, "ctrl+z")  # the whole run of typing in Place, not one letter
        place = widget(app, "#incident-form--place")
        assert isinstance(place, Input) and place.value == ""
        province = widget(app, "#incident-form--province")
        assert isinstance(province, ChoiceEditor) and province.value == "kirkuk"
        await press(pilot, "f8")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), what="the question")
        await press(pilot, "y")
        await wait_for(pilot, lambda: not screen.session.record.incidents)
        await press(pilot, "ctrl+z")
        assert len(screen.session.record.incidents) == 1
        assert widget(app, "#incident-form--province").value == "kirkuk"  # type: ignore[attr-defined]
        # the article's first question, asked with "?": undone and said once, no "?."
        await focus(pilot, app, "#article-form--relevant")
        await pilot.press("down")
        await press(pilot, "ctrl+z")
        said = [str(n.message) for n in app._notifications]
        label = widget(app, "#article-form--relevant").field.label  # type: ignore[attr-defined]
        assert label.endswith("?") and f"Undone: {label}" in said, said
        await save_and_quit(app, pilot)
    (incident,) = records_on_disk(shipped_project, "ana")[FIRST]["incidents"]
    assert incident["values"]["province"] == "kirkuk" and "place" not in incident["values"]


async def test_two_digits_pick_the_tenth_choice_and_after(shipped_project: Project) -> None:
    async with coding(shipped_project) as (app, pilot):
        await pilot.press("ctrl+n")
        province = await focus(pilot, app, "#incident-form--province")
        burst(app, ["1", "2"])  # typed together (one burst: a loaded machine may lag)
        await settle(app, pilot)  # the 12th province
        assert isinstance(province, ChoiceEditor)
        assert province.value == province.field.choices[11].value
        targets = await focus(pilot, app, "#incident-form--target_types")
        burst(app, ["2", "1", "3"])  # police, then the 13th (unknown)
        await settle(app, pilot)
        assert isinstance(targets, MultiEditor)
        assert targets.selected == ["police", "unknown"]
        line = "".join(s.text for s in targets.render_line(0))
        assert line.startswith("[ ]  1 Military")  # the number beside every choice
        await pilot.press("ctrl+q")


def test_a_title_taken_from_the_lead_paragraph_is_not_shown_twice() -> None:
    lead = "A group of Islamic State members attacked an Iraqi federal police outpost " * 2
    assert title_repeats_text(lead[:79] + "…", lead)
    assert title_repeats_text("Raid in Daquq", "Raid in Daquq\nTwo militants")
    assert not title_repeats_text("Raid in Daquq", "Two militants were killed")
    assert not title_repeats_text("", "text")


async def test_a_key_a_full_date_refuses_is_said(shipped_project: Project) -> None:
    """An 11th character in a date is not typed (YYYY-MM-DD is 10) and the coder is told which
    field refused it, as for a letter; the date stays as typed."""
    async with coding(shipped_project) as (app, pilot):
        await pilot.press("ctrl+n")
        date = await focus(pilot, app, "#incident-form--event_date")
        await type_text(pilot, "2020-09-077")
        assert isinstance(date, Input) and date.value == "2020-09-07"
        said = [str(n.message) for n in app._notifications]
        assert any("Event date is full" in m for m in said), said
        await pilot.press("ctrl+q")
