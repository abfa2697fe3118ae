"""A place name that several gazetteer places share: tab (or enter) keeps the candidates open to
choose from, the incident's province first (Pilot, the shipped codebook, real files)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from coder.project import Project
from coder.tui.coding.app import CoderApp
from coder.tui.form import FieldRow
from coder.tui.form.add_place import AddPlaceScreen
from coder.tui.form.place_editor import PlaceEditor
from tests.conftest import REPO, write_project

from .conftest import records_on_disk
from .helpers import coding, focus, press, save_and_quit, type_text, widget
from .test_place_editor import candidate_texts, until

FIRST = "000_a9317a16385be697"
KIRKUK_SHERK = "IQ-KI-HAW-SHERK,Sherk,,village,IQ-KI-HAW,,,test: a second Sherk\n"


def two_sherks(root: Path) -> Project:
    """The shipped codebook and samples; the shipped gazetteer has a village Sherk in Diyala
    (Khanaqin), this one a second in Kirkuk (Hawija)."""
    gazetteer = (REPO / "gazetteer.csv").read_text(encoding="utf-8") + KIRKUK_SHERK
    return write_project(root, REPO / "codebook.yaml", gazetteer=gazetteer)


def place_editor(app: object) -> PlaceEditor:
    editor = widget(app, "#incident-form--place")  # type: ignore[arg-type]
    assert isinstance(editor, PlaceEditor)
    return editor


async def sherk_named(app: CoderApp, pilot: Pilot[Any]) -> PlaceEditor:
    """A new incident, "Sherk" typed in its place field and Tab: the field keeps the focus and
    lists the places of that name (the shipped gazetteer's and KIRKUK_SHERK's)."""
    await pilot.press("ctrl+n")
    editor = place_editor(app)
    await focus(pilot, app, "#incident-form--place")
    await type_text(pilot, "Sherk")
    await press(pilot, "tab")
    return editor


async def test_tab_on_a_name_of_two_places_keeps_them_to_choose_from(tmp_path: Path) -> None:
    project = two_sherks(tmp_path / "p")
    async with coding(project) as (app, pilot):
        editor = await sherk_named(app, pilot)
        box = editor.candidates
        # The coder is still in the field, shown both places with their district and province
        # (no demand for an id).
        assert editor.has_focus and box.display
        shown = candidate_texts(box)
        assert any("Sherk · village · Khanaqin · Diyala" in t for t in shown), shown
        assert any("Sherk · village · Hawija · Kirkuk" in t for t in shown), shown
        row = editor.parent
        assert isinstance(row, FieldRow) and not row.has_class("-invalid")
        await press(pilot, "2")  # the second candidate, by its number
        await until(pilot, lambda: editor.get_raw() == "IQ-KI-HAW-SHERK", "the place chosen")
        assert not editor.has_focus and editor.value == "Sherk · village · Hawija · Kirkuk"
        await save_and_quit(app, pilot)
    (incident,) = records_on_disk(project, "ana")[FIRST]["incidents"]
    assert incident["values"]["place"] == "IQ-KI-HAW-SHERK"
    assert incident["as_coded"] == {"place": "Sherk"}


async def test_the_incidents_province_puts_its_place_first(tmp_path: Path) -> None:
    project = two_sherks(tmp_path / "p")
    async with coding(project) as (app, pilot):
        await pilot.press("ctrl+n")
        editor = place_editor(app)
        await focus(pilot, app, "#incident-form--province")
        await press(pilot, "1", "enter")  # Kirkuk; on to the place
        assert editor.has_focus
        await type_text(pilot, "Sherk")
        box = editor.candidates
        await until(pilot, lambda: box.display and box.option_count > 1, "candidates")
        assert candidate_texts(box)[0] == "Sherk · village · Hawija · Kirkuk"
        await press(pilot, "tab")  # kept open: the name is not one place
        assert editor.has_focus and box.display
        await press(pilot, "enter")  # the first: the one in Kirkuk
        await until(pilot, lambda: editor.get_raw() == "IQ-KI-HAW-SHERK", "the place chosen")
        await save_and_quit(app, pilot)
    (incident,) = records_on_disk(project, "ana")[FIRST]["incidents"]
    assert incident["values"]["province"] == "kirkuk"
    assert incident["values"]["place"] == "IQ-KI-HAW-SHERK"


async def test_a_third_place_of_the_name_can_be_added_and_tab_again_leaves(
    tmp_path: Path,
) -> None:
    project = two_sherks(tmp_path / "p")
    async with coding(project) as (app, pilot):
        editor = await sherk_named(app, pilot)
        box = editor.candidates
        assert editor.has_focus and box.display
        assert candidate_texts(box)[-1].endswith("+ add 'Sherk' as a new place…")
        for _ in range(box.option_count):
            await press(pilot, "down")
        await press(pilot, "enter")
        await until(pilot, lambda: isinstance(app.screen, AddPlaceScreen), "the add dialog")
        await press(pilot, "escape")
        await until(pilot, lambda: editor.has_focus, "the focus back in the field")
        assert editor.get_raw() == "Sherk" and box.display  # the places of the name again
        # The coder may leave the name undecided: tab once more moves on, the text is kept,
        # and the form says how to choose (not "write the id", as an import file is told).
        await press(pilot, "tab")
        await until(pilot, lambda: not editor.has_focus, "the focus to move on")
        assert editor.get_raw() == "Sherk"
        row = editor.parent
        assert isinstance(row, FieldRow)
        await until(pilot, lambda: row.has_class("-invalid"), "the inline error")
        error = str(row.query_one(".field-error").render())
        assert "names 2 places: in the field, tab lists them" in error and "id" not in error
    assert not (project.root / "places_added.csv").exists()


async def test_enter_on_a_name_of_a_district_and_its_town_asks_which(tmp_path: Path) -> None:
    """Daquq is the district and its town (the codebook tells them apart by what the article
    says): enter lists the two instead of taking the first; a digit takes either."""
    project = two_sherks(tmp_path / "p")
    async with coding(project) as (app, pilot):
        await pilot.press("ctrl+n")
        editor = place_editor(app)
        await focus(pilot, app, "#incident-form--place")
        await type_text(pilot, "Daquq")
        box = editor.candidates
        await until(pilot, lambda: box.display and box.option_count > 1, "candidates")
        await press(pilot, "enter")
        assert editor.has_focus and box.display and editor.get_raw() == "Daquq"
        shown = candidate_texts(box)
        assert len(shown) == 3 and "Daquq · district · Kirkuk" in shown[0], shown
        assert "Daquq · town · Daquq · Kirkuk" in shown[1], shown
        await press(pilot, "2")
        await until(pilot, lambda: editor.get_raw() == "IQ-KI-DAQ-DAQUQ", "the town chosen")
        precision = widget(app, "#incident-form--geo_precision")
        assert precision.get_raw() == 1  # type: ignore[attr-defined]
        # Moving to a candidate and enter takes it at once: the coder chose.
        await focus(pilot, app, "#incident-form--place")
        await type_text(pilot, "Daquq")
        await until(pilot, lambda: box.display and box.option_count > 1, "candidates")
        await press(pilot, "down", "up", "enter")
        await until(pilot, lambda: editor.get_raw() == "IQ-KI-DAQ", "the district chosen")
        assert precision.get_raw() == 2  # type: ignore[attr-defined]
