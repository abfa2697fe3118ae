"""The coder's flows (issue 10): quote first, ctrl+r, a number that moves on, F4 to the next
unfinished article, F1 in Notes, and reopening where the coder left off. Driven by keys through the
real app with the shipped codebook; results checked on the TinyDB file and the positions file."""

from __future__ import annotations

import json
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input

from coder.project import Project
from coder.tui.coding.app import CoderApp
from coder.tui.coding.help import HelpScreen
from coder.tui.coding.resume import positions_path
from coder.tui.form.editors import ChoiceEditor

from .conftest import records_on_disk
from .helpers import (
    app_for,
    coding,
    focus,
    press,
    save_and_quit,
    screen_of,
    type_text,
    wait_for,
    widget,
)

ARTICLES = [
    "000_a9317a16385be697",
    "001_337bf2d7c06e301a",
    "002_1bec70a6d058b0fd",
    "003_ce92296724338f32",
]
QUOTE = (
    "A group of Islamic State members attacked an Iraqi federal police outpost outside a village "
    "south of the city of Kirkuk on early Monday, killing two members and injuring two more, a "
    "local security source said."
)


async def test_f4_goes_on_to_the_next_unfinished_article(shipped_project: Project) -> None:
    async with coding(shipped_project) as (app, pilot):
        screen = screen_of(app)
        await press(pilot, "ctrl+pagedown")  # 001: no codable incident
        await wait_for(pilot, lambda: screen.session.article.id == ARTICLES[1])
        await focus(pilot, app, "#article-form--relevant")
        await press(pilot, "2", "f4")
        await wait_for(pilot, lambda: screen.session.article.id == ARTICLES[2])
        await press(pilot, "ctrl+pageup", "ctrl+pageup")  # back to 000, then F4 there
        await wait_for(pilot, lambda: screen.session.article.id == ARTICLES[0])
        await focus(pilot, app, "#article-form--relevant")
        await press(pilot, "2", "f4")
        # not 001 (finished already): the next article still to do
        await wait_for(pilot, lambda: screen.session.article.id == ARTICLES[2])
        await pilot.press("ctrl+q")
    on_disk = records_on_disk(shipped_project, "ana")
    assert on_disk[ARTICLES[0]]["status"] == "no_incident"
    assert on_disk[ARTICLES[1]]["status"] == "no_incident"


async def test_f1_in_notes_lists_the_apps_keys_not_the_text_areas(
    shipped_project: Project,
) -> None:
    async with coding(shipped_project) as (app, pilot):
        await press(pilot, "ctrl+n")
        await focus(pilot, app, "#incident-form--notes")
        await press(pilot, "f1")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        keys = str(app.screen.query_one("#keys").render())
        assert "Line end" not in keys and "line end" not in keys  # TextArea's own ctrl+e
        assert "In “Notes”" in keys and "a new line" in keys  # what the notes area takes over
        evidence = next(line for line in keys.splitlines() if line.strip().startswith("^e"))
        assert "Evidence" in evidence
        await press(pilot, "escape")
        await pilot.press("ctrl+q")


async def test_quote_first_and_a_number_that_moves_on(shipped_project: Project) -> None:
    """Find the passage, ctrl+n: a new incident with it as its evidence, the cursor on the date;
    "3" in date precision picks it and moves on to the province."""
    async with coding(shipped_project) as (app, pilot):
        screen = screen_of(app)
        await press(pilot, "alt+right", "alt+right", "alt+right")  # to 003
        await wait_for(pilot, lambda: screen.session.article.id == ARTICLES[3])
        await press(pilot, "ctrl+f", *"A g", "enter", "full_stop", "ctrl+n")
        date = widget(app, "#incident-form--event_date")
        await wait_for(pilot, lambda: app.focused is date)
        evidence = widget(app, "#incident-form--evidence")
        assert isinstance(evidence, Input) and evidence.value == QUOTE
        await type_text(pilot, "2018")
        await press(pilot, "tab", "3")
        assert app.focused is widget(app, "#incident-form--province")
        await save_and_quit(app, pilot)
    (incident,) = records_on_disk(shipped_project, "ana")[ARTICLES[3]]["incidents"]
    values = incident["values"]
    assert values["evidence"] == QUOTE and values["date_precision"] == 3
    assert values["event_date"] == "2018"


async def test_ctrl_r_jumps_over_optional_fields_to_the_next_empty_required(
    shipped_project: Project,
) -> None:
    async with coding(shipped_project) as (app, pilot):
        await press(pilot, "ctrl+n")
        await focus(pilot, app, "#incident-form--target_types")
        await press(pilot, "2", "ctrl+r")  # police; then over weapons ... source type
        assert app.focused is widget(app, "#incident-form--evidence")
        await press(pilot, "ctrl+r")
        assert app.focused is widget(app, "#incident-form--certainty")
        await press(pilot, "ctrl+r")  # nothing required after it: on to the article question
        assert app.focused is widget(app, "#article-form--relevant")
        await press(pilot, "ctrl+r")  # and round to the incident's first empty required field
        assert app.focused is widget(app, "#incident-form--event_date")
        await pilot.press("ctrl+q")


async def test_reopens_at_the_article_incident_and_field_left(shipped_project: Project) -> None:
    async with coding(shipped_project) as (app, pilot):
        screen = screen_of(app)
        await press(pilot, "alt+right", "alt+right")  # 002
        await wait_for(pilot, lambda: screen.session.article.id == ARTICLES[2])
        await press(pilot, "ctrl+n", "ctrl+n")
        await focus(pilot, app, "#incident-form--perpetrator")
        await press(pilot, "ctrl+up")  # back to incident 1, still in Perpetrator
        await wait_for(pilot, lambda: screen.session.current == 0)
        await focus(pilot, app, "#incident-form--perpetrator")
        await pilot.press("ctrl+q")
    saved = json.loads(positions_path().read_text(encoding="utf-8"))
    assert next(iter(saved.values()))["ana"] == {
        "article": ARTICLES[2],
        "incident": 0,
        "focus": "incident.perpetrator",
    }
    again = app_for(shipped_project)
    async with again.run_test(size=(120, 40)) as pilot:
        perpetrator = widget(again, "#incident-form--perpetrator")
        await wait_for(pilot, lambda: again.focused is perpetrator)
        screen = screen_of(again)
        assert screen.session.article.id == ARTICLES[2] and screen.session.current == 0
        assert isinstance(perpetrator, ChoiceEditor)
        await pilot.press("ctrl+q")


async def test_auto_advance_false_keeps_the_focus_in_the_list(shipped_project: Project) -> None:
    """A coder whose hands press tab after every answer turns the moving on off."""
    from coder.config import config_path

    config_path().parent.mkdir(parents=True, exist_ok=True)
    config_path().write_text(json.dumps({"auto_advance": False}), encoding="utf-8")
    async with coding(shipped_project) as (app, pilot):
        await press(pilot, "ctrl+n")
        precision = await focus(pilot, app, "#incident-form--date_precision")
        await press(pilot, "3", "tab", "1")
        assert isinstance(precision, ChoiceEditor) and precision.value == 3
        province = widget(app, "#incident-form--province")
        assert isinstance(province, ChoiceEditor) and province.value == "kirkuk"
        await pilot.press("ctrl+q")


async def two_incidents(pilot: Pilot[Any], app: CoderApp) -> None:
    """Incident 1: battles / armed clash, date 2018; incident 2: violence against civilians /
    abduction, no date."""
    await press(pilot, "ctrl+n")
    await type_text(pilot, "2018")
    await focus(pilot, app, "#incident-form--event_type")
    await press(pilot, "1", "1")  # battles, then armed clash
    await press(pilot, "ctrl+n")
    await focus(pilot, app, "#incident-form--event_type")
    await press(pilot, "3", "2")  # violence against civilians, abduction


async def test_a_tied_choice_survives_showing_an_incident_of_another_event_type(
    shipped_project: Project,
) -> None:
    """Showing incident 1 after incident 2 used to set "armed_clash" into a list that offered
    only the abduction's sub-event types: the form showed it not coded and the next save lost it."""
    async with coding(shipped_project) as (app, pilot):
        await two_incidents(pilot, app)
        screen = screen_of(app)
        await press(pilot, "ctrl+up")
        await wait_for(pilot, lambda: screen.session.current == 0)
        sub = widget(app, "#incident-form--sub_event_type")
        assert isinstance(sub, ChoiceEditor) and sub.value == "armed_clash"
        await press(pilot, "ctrl+down", "ctrl+s")  # leaving incident 1 copies the form back
        await app.workers.wait_for_complete()
        await pilot.press("ctrl+q")
    first, second = records_on_disk(shipped_project, "ana")[ARTICLES[0]]["incidents"]
    assert first["values"]["sub_event_type"] == "armed_clash"
    assert second["values"]["sub_event_type"] == "abduction"


async def test_the_incidents_table_fills_a_value_down(shipped_project: Project) -> None:
    from coder.tui.coding.incident_table import IncidentTable

    async with coding(shipped_project) as (app, pilot):
        await two_incidents(pilot, app)
        await focus(pilot, app, "#incident-form--event_date")
        await press(pilot, "f9")
        await wait_for(pilot, lambda: isinstance(app.screen, IncidentTable))
        await press(pilot, "d")  # incident 2's date := incident 1's
        await press(pilot, "right", "right", "right", "right", "right", "d")  # event type
        await press(pilot, "escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, IncidentTable))
        date = widget(app, "#incident-form--event_date")
        assert isinstance(date, Input)
        await wait_for(pilot, lambda: date.value == "2018")  # the form shows the fill
        await save_and_quit(app, pilot)
    first, second = records_on_disk(shipped_project, "ana")[ARTICLES[0]]["incidents"]
    assert second["values"]["event_date"] == "2018"
    assert second["values"]["event_type"] == "battles"
    assert "sub_event_type" not in second["values"]  # an abduction is not a battle: cleared
    assert first["values"]["sub_event_type"] == "armed_clash"
