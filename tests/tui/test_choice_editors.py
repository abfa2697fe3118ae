"""The inline choice editors: keys typed faster than the UI are never lost, checklists show
their state without relying on colour."""

from __future__ import annotations

import time
from typing import Any

from textual import events

from coder.project import Project
from coder.tui.coding.app import CoderApp
from coder.tui.form.editors import ChoiceEditor, MultiEditor

from .conftest import records_on_disk
from .helpers import coding, focus, keys_handled, press, screen_of, settle, wait_for, widget

FIRST = "000_a9317a16385be697"
CHARS = {"enter": "\r", "tab": "\t", "space": " "}


def burst(app: CoderApp, keys: list[str] | str, at: float | None = None) -> None:
    """Queue every key at once, as a fast typist, an SSH burst or a paste delivers them: no
    key waits for the screen to react to the one before. `at`: the time the keys were typed
    (by the clock of `events.Key.time`), so a test can type after a pause without sleeping."""
    for key in keys:
        char = CHARS.get(key, key if len(key) == 1 else None)
        event = events.Key(key, char)
        if at is not None:
            event.time = at
        app.post_message(event)  # on the App's queue now, as the driver puts a burst it read


async def type_after_pause(pilot: Any, app: CoderApp, text: str, last: list[float]) -> None:
    """Type `text` at once, 1.1 s (by the keys' own clock) after the keys typed before: a pause
    starts a new search. `last` holds the time of those keys and is moved on."""
    last[0] += 1.1
    burst(app, text, at=last[0])
    await keys_handled(pilot)


async def test_a_burst_of_keys_codes_choices_and_types_the_next_fields(
    project_copy: Project,
) -> None:
    async with coding(project_copy) as (app, pilot):
        await focus(pilot, app, "#article-form--relevant")
        # relevant: Yes, enter -> summary; tab -> topics: tick the first; then an incident whose
        # event type ("s": shelling) shows the weapon field the burst goes on typing into.
        burst(app, ["down", "enter", *"Quick", "tab", "space", "ctrl+n"])
        burst(app, [*"2020-09-03", "tab", "s", "enter", *"mortar", "tab", *"3", "tab"])
        burst(app, ["tab", "y", "enter"])  # claimed: "y" jumps to Yes; enter -> evidence
        await keys_handled(pilot)
        screen = screen_of(app)
        assert app.focused is widget(app, "#incident-form--evidence")
        screen.sync()
        record = screen.session.record
        assert record.values == {"relevant": True, "summary": "Quick", "topics": ["security"]}
        (incident,) = record.incidents
        assert incident.values == {
            "event_date": "2020-09-03",
            "event_type": "shelling",
            "weapon": "mortar",
            "fatalities": 3,
            "claimed": True,
        }
        await pilot.press("ctrl+q")
    assert records_on_disk(project_copy, "ana")[FIRST]["values"]["relevant"] is True


async def test_choice_keys_digits_letters_and_click(shipped_project: Project) -> None:
    async with coding(shipped_project) as (app, pilot):
        await press(pilot, "ctrl+n")
        province = await focus(pilot, app, "#incident-form--province")
        assert isinstance(province, ChoiceEditor) and province.value is None
        clock = [time.monotonic()]
        await type_after_pause(pilot, app, "sal", clock)  # "Salahaddin" starts with it
        assert province.value == "salahaddin"
        # a pause starts a new search
        await type_after_pause(pilot, app, "din", clock)  # no label starts with "din": the first
        # containing it
        assert province.value == "salahaddin"
        await press(pilot, "delete")  # not coded again
        assert province.value is None
        perpetrator = await focus(pilot, app, "#incident-form--perpetrator")
        assert isinstance(perpetrator, ChoiceEditor)
        await press(pilot, "3")
        assert perpetrator.value == perpetrator.field.choices[2].value
        assert app.focused is not perpetrator  # "3" of 9 is the whole number: moved on
        await focus(pilot, app, "#incident-form--perpetrator")
        # A click on a row of the expanded list picks it (row 0 is "(not coded)").
        await pilot.click(perpetrator, offset=(2, 1))
        assert perpetrator.value == perpetrator.field.choices[0].value
        await pilot.press("ctrl+q")


def _rendered(editor: Any) -> list[str]:
    return ["".join(s.text for s in editor.render_line(y)) for y in range(editor.size.height)]


async def test_checklist_shows_ticks_and_every_choice(shipped_project: Project) -> None:
    async with coding(shipped_project) as (app, pilot):
        await press(pilot, "ctrl+n")
        targets = await focus(pilot, app, "#incident-form--target_types")
        assert isinstance(targets, MultiEditor)
        await press(pilot, "2", "down", "down", "space")  # police by digit, militants by space
        await pilot.pause()
        assert targets.selected == ["police", "militants"]
        lines = _rendered(targets)
        assert len(lines) == len(targets.field.choices)  # every choice, no inner scrolling
        assert lines[0].startswith("[ ]  1 Military")  # each choice with its number
        assert lines[1].startswith("[x]  2 Police")
        assert lines[3].startswith("[x]  4 Militants")
        await press(pilot, "enter")  # moves on, ticks nothing
        assert app.focused is not targets and targets.selected == ["police", "militants"]
        await pilot.press("ctrl+q")


async def test_typing_finds_values_and_word_starts_and_the_help_line_names_the_pick(
    shipped_project: Project,
) -> None:
    async with coding(shipped_project) as (app, pilot):
        await press(pilot, "ctrl+n")
        perpetrator = await focus(pilot, app, "#incident-form--perpetrator")
        assert isinstance(perpetrator, ChoiceEditor)
        labels = {c.value: c.label for c in perpetrator.field.choices}
        help_line = app.screen.query_one("#help-line")

        clock = [time.monotonic()]

        async def typed(text: str) -> Any:
            await type_after_pause(pilot, app, text, clock)  # a pause starts a new search
            return perpetrator.value

        assert await typed("i") == "state_forces"  # label prefix first: "Iraqi state forces"
        assert await typed("is") == "isis"  # "ISIS / Islamic State / Daesh"
        assert labels["isis"] in str(help_line.render())  # the coder sees what was picked
        assert await typed("state") == "state_forces"  # the value state_forces
        assert await typed("da") == "isis"  # a word of the label: "Daesh"
        assert await typed("shaabi") == "pmf"  # "PMF / Hashd al-Shaabi"
        # a word start before a substring: "Peshmerga or Kurdish", not "Iraqi state forces"
        assert await typed("or") == "peshmerga"
        assert await typed("ocal") == "civilians"  # only inside a word: "local residents"
        await pilot.press("ctrl+q")


async def test_a_digit_that_moves_on_shows_the_next_fields_help(shipped_project: Project) -> None:
    """ "3" picks the last certainty and moves on to Notes: the help under the form is Notes',
    not the certainty's (the list's highlight message arrived after the focus moved)."""
    async with coding(shipped_project) as (app, pilot):
        await pilot.press("ctrl+n")
        await focus(pilot, app, "#incident-form--certainty")
        await pilot.press("3")
        await keys_handled(pilot)
        notes = widget(app, "#incident-form--notes")
        await wait_for(pilot, lambda: notes.has_focus)
        await settle(pilot)
        shown = str(app.screen.query_one("#help-line").render())
        assert shown.startswith("Notes"), shown
        assert "How sure you are" not in shown, shown


async def test_letters_no_choice_matches_leave_the_cursor_and_say_so(
    shipped_project: Project,
) -> None:
    """A district typed into Province ("daquq") matches no province: the cursor stays on what
    the letters before matched ("da", inside "Baghdad") and the help line says none matches.
    It used to start a new search from the letter that failed and land on Qadisiyah unsaid."""
    async with coding(shipped_project) as (app, pilot):
        await press(pilot, "ctrl+n")
        province = await focus(pilot, app, "#incident-form--province")
        assert isinstance(province, ChoiceEditor)
        clock = [time.monotonic()]
        await type_after_pause(pilot, app, "daquq", clock)
        assert province.value == "baghdad"
        help_line = app.screen.query_one("#help-line")
        await wait_for(pilot, lambda: "No choice matches 'daquq'" in str(help_line.render()))
        assert "still on Baghdad" in str(help_line.render())
        # after a pause the letters start a new search, which finds its choice as before
        await type_after_pause(pilot, app, "kir", clock)
        assert province.value == "kirkuk"
        await wait_for(pilot, lambda: "No choice matches" not in str(help_line.render()))
        await pilot.press("ctrl+q")
