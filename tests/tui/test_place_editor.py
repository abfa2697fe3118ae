"""The place field in the coding form, driven with Pilot on a real project and database."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from coder.tui.form import FieldRow
from coder.tui.form.add_place import AddPlaceScreen
from coder.tui.form.place_candidates import PlaceCandidates
from coder.tui.form.place_editor import PlaceEditor
from tests.places_helpers import make_place_project

from .conftest import records_on_disk
from .helpers import coding, focus, save_and_quit, type_text, widget


async def until(pilot: Pilot[Any], ready: Callable[[], bool], what: str, limit: float = 60) -> None:
    """Poll `ready` between UI rounds (the machine may be slow; never a fixed count of pauses)."""
    end = time.monotonic() + limit
    while not ready():
        assert time.monotonic() < end, f"timed out waiting for {what}"
        await pilot.pause()


def candidate_texts(box: PlaceCandidates) -> list[str]:
    return [str(box.get_option_at_index(i).prompt) for i in range(box.option_count)]


async def test_type_ahead_with_another_spelling_then_enter_codes_the_id(tmp_path: Path) -> None:
    project = make_place_project(tmp_path / "p")
    async with coding(project) as (app, pilot):
        await pilot.press("ctrl+n")
        await type_text(pilot, "2020-09-07")
        editor = await focus(pilot, app, "#incident-form--place")
        assert isinstance(editor, PlaceEditor)
        await type_text(pilot, "jalula")
        box = editor.candidates
        await until(pilot, lambda: box.display and box.option_count > 0, "candidates")
        assert candidate_texts(box)[0] == "Jalawla · town · Khanaqin · Diyala  (as 'Jalula')"
        await pilot.press("enter")
        await until(pilot, lambda: not editor.has_focus, "the focus to move on")
        assert widget(app, "#incident-form--fatalities").has_focus
        assert editor.value == "Jalawla · town · Khanaqin · Diyala" and not box.display
        assert editor.get_raw() == "IQ-DI-KHN-JALAWLA"
        await save_and_quit(app, pilot)
    (incident,) = records_on_disk(project, "ana")["a1"]["incidents"]
    assert incident["values"]["place"] == "IQ-DI-KHN-JALAWLA"


async def test_text_left_unpicked_is_checked_and_names_the_closest(tmp_path: Path) -> None:
    project = make_place_project(tmp_path / "p")
    async with coding(project) as (app, pilot):
        await pilot.press("ctrl+n")
        editor = await focus(pilot, app, "#incident-form--place")
        await type_text(pilot, "Topzawwa")
        await pilot.press("tab")
        row = editor.parent
        assert isinstance(row, FieldRow)
        await until(pilot, lambda: row.has_class("-invalid"), "the inline error")
        error = str(row.query_one(".field-error").render())
        assert "not a place id or name" in error and "Topzawa (IQ-KI-DAQ-TOPZAWA)" in error
        # A unique name typed in full is accepted without picking.
        editor.focus()
        await pilot.press("ctrl+u")
        await type_text(pilot, "Tobzawa")
        await pilot.press("tab")
        await until(pilot, lambda: not row.has_class("-invalid"), "the error to clear")


async def test_a_place_the_gazetteer_lacks_is_added_under_a_parent(tmp_path: Path) -> None:
    project = make_place_project(tmp_path / "p")
    async with coding(project) as (app, pilot):
        await pilot.press("ctrl+n")
        await type_text(pilot, "2020-09-07")
        editor = await focus(pilot, app, "#incident-form--place")
        assert isinstance(editor, PlaceEditor)
        await type_text(pilot, "Kani Masi")
        box = editor.candidates
        await until(pilot, lambda: box.display and box.option_count > 0, "candidates")
        assert candidate_texts(box)[-1] == "+ add 'Kani Masi' as a new place…"
        for _ in range(box.option_count):
            await pilot.press("down")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, AddPlaceScreen), "the add dialog")
        assert not (project.root / "places_added.csv").exists()  # nothing without the dialog
        await type_text(pilot, "khan")
        await until(pilot, lambda: len(app.screen._values) > 0, "parent candidates")  # type: ignore[attr-defined]
        await pilot.press("enter")
        await until(
            pilot, lambda: not isinstance(app.screen, AddPlaceScreen), "the dialog to close"
        )
        assert editor.get_raw() == "IQ-DI-KHN-KANIMASI"
        assert editor.value == "Kani Masi · village · Khanaqin · Diyala · added"
        # On to the next field, as a pick from the list goes: the keys typed next are the
        # fatalities, not letters put in front of the place (a tester's "325Kani Masi · ...")
        fatalities = widget(app, "#incident-form--fatalities")
        await until(pilot, lambda: app.focused is fatalities, "the next field")
        await type_text(pilot, "3")
        assert editor.get_raw() == "IQ-DI-KHN-KANIMASI"
        await save_and_quit(app, pilot)
    added = (project.root / "places_added.csv").read_text(encoding="utf-8").splitlines()
    assert added[1].startswith("IQ-DI-KHN-KANIMASI,Kani Masi,,village,IQ-DI-KHN,,,added by ana,ana")
    (incident,) = records_on_disk(project, "ana")["a1"]["incidents"]
    assert incident["values"]["place"] == "IQ-DI-KHN-KANIMASI"
    assert incident["values"]["fatalities"] == 3


async def test_escape_in_the_add_dialog_adds_nothing(tmp_path: Path) -> None:
    project = make_place_project(tmp_path / "p")
    async with coding(project) as (app, pilot):
        await pilot.press("ctrl+n")
        editor = await focus(pilot, app, "#incident-form--place")
        assert isinstance(editor, PlaceEditor)
        await type_text(pilot, "Qzx")
        box = editor.candidates
        await until(pilot, lambda: box.display, "candidates")
        await pilot.press("enter")  # the only candidate: + add
        await until(pilot, lambda: isinstance(app.screen, AddPlaceScreen), "the add dialog")
        await pilot.press("escape")
        await until(pilot, lambda: editor.has_focus, "the focus back in the field")
        assert editor.get_raw() == "Qzx"
    assert not (project.root / "places_added.csv").exists()
