"""What a fast typist types into counts and yes/no boxes is what gets stored, or an error says
why not: enter on a checkbox moves on (space ticks it), and a count typed as "2-3" or "1.5" is
kept as typed and refused, never silently stored as 23 or 15. Driven by keys through the real app
with the shipped codebook; results checked on the TinyDB file."""

from __future__ import annotations

from textual.widgets import Checkbox, Input

from coder.project import Project

from .conftest import records_on_disk
from .helpers import coding, focus, press, screen_of, type_text, wait_for, widget
from .test_coding_form import row_error

FIRST = "000_a9317a16385be697"


async def test_enter_on_a_checkbox_moves_on_and_space_ticks_it(shipped_project: Project) -> None:
    async with coding(shipped_project) as (app, pilot):
        await press(pilot, "ctrl+n")
        await focus(pilot, app, "#incident-form--fatalities")
        await press(pilot, "2", "enter", "enter", "1", "enter")
        split = widget(app, "#incident-form--fatalities_split")
        assert isinstance(split, Checkbox) and split.value is False
        injured = widget(app, "#incident-form--injured")
        assert isinstance(injured, Input) and injured.value == "1"
        split.focus()
        await wait_for(pilot, lambda: app.focused is split)
        await press(pilot, "space")
        assert split.value is True
        await press(pilot, "ctrl+s")
        await app.workers.wait_for_complete()
        await press(pilot, "ctrl+q")
    (incident,) = records_on_disk(shipped_project, "ana")[FIRST]["incidents"]
    values = incident["values"]
    assert (values["fatalities"], values["fatalities_split"], values["injured"]) == (2, True, 1)


async def test_a_count_typed_as_a_range_or_a_fraction_is_kept_and_refused(
    shipped_project: Project,
) -> None:
    async with coding(shipped_project) as (app, pilot):
        screen = screen_of(app)
        await press(pilot, "ctrl+n")
        arrested = await focus(pilot, app, "#incident-form--arrested")
        await type_text(pilot, "2-3")
        assert isinstance(arrested, Input) and arrested.value == "2-3"
        await press(pilot, "tab")
        await wait_for(pilot, lambda: row_error(app, "arrested") is not None)
        kidnapped = await focus(pilot, app, "#incident-form--kidnapped")
        await type_text(pilot, "1.5")
        assert isinstance(kidnapped, Input) and kidnapped.value == "1.5"
        await press(pilot, "ctrl+s")
        await app.workers.wait_for_complete()
        assert screen.session.record.status == "draft"
        await press(pilot, "ctrl+q")
    doc = records_on_disk(shipped_project, "ana")[FIRST]
    (incident,) = doc["incidents"]
    assert "arrested" not in incident["values"] and "kidnapped" not in incident["values"]
    assert doc["scratch"] == {
        f"{incident['id']}.arrested": "2-3",
        f"{incident['id']}.kidnapped": "1.5",
    }
