"""`area_fields`: the place candidates rank first the places inside the province and district
held by the fields the codebook names (ACLED's admin1/admin2), never by a guess from a field's
name (Pilot, a real project and database)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from coder.project import Project
from coder.tui.coding.app import CoderApp
from coder.tui.form.place_editor import PlaceEditor
from tests.conftest import write_project
from tests.places_helpers import ARTICLES, GAZETTEER
from tests.test_place_area_codebook import AREA_CODEBOOK

from .conftest import records_on_disk
from .helpers import coding, focus, press, save_and_quit, type_text, widget
from .test_place_editor import candidate_texts, until

KIRKUK_SHERK = "IQ-KI-HAW-SHERK,Sherk,,village,IQ-KI-HAW,,,test: a second Sherk\n"
"""With the Sherk in Diyala (Khanaqin) the gazetteer already has, a village name two provinces
share; unranked, Diyala's is listed first."""
IN_KIRKUK = "Sherk · village · Hawija · Kirkuk"


def project_of(root: Path, codebook: str) -> Project:
    return write_project(root, codebook, articles=ARTICLES, gazetteer=GAZETTEER + KIRKUK_SHERK)


def place_editor(app: CoderApp) -> PlaceEditor:
    editor = widget(app, "#incident-form--place")
    assert isinstance(editor, PlaceEditor)
    return editor


async def first_sherk(app: CoderApp, pilot: Pilot[Any]) -> str:
    """The first candidate the place field lists for "Sherk"."""
    editor = place_editor(app)
    await focus(pilot, app, "#incident-form--place")
    await type_text(pilot, "Sherk")
    box = editor.candidates
    await until(pilot, lambda: box.display and box.option_count > 1, "candidates")
    return candidate_texts(box)[0]


async def test_the_province_in_admin1_puts_its_sherk_first(tmp_path: Path) -> None:
    project = project_of(tmp_path / "p", AREA_CODEBOOK)
    async with coding(project) as (app, pilot):
        await pilot.press("ctrl+n")
        await focus(pilot, app, "#incident-form--admin1")
        await press(pilot, "1", "enter")  # kirkuk
        assert await first_sherk(app, pilot) == IN_KIRKUK
        editor = place_editor(app)
        await press(pilot, "tab", "enter")  # the places of the name, then the first
        await until(pilot, lambda: editor.get_raw() == "IQ-KI-HAW-SHERK", "the place chosen")
        await save_and_quit(app, pilot)
    (incident,) = records_on_disk(project, "ana")["a1"]["incidents"]
    assert incident["values"]["admin1"] == "kirkuk"
    assert incident["values"]["place"] == "IQ-KI-HAW-SHERK"


async def test_the_district_typed_in_admin2_puts_its_sherk_first(tmp_path: Path) -> None:
    project = project_of(tmp_path / "p", AREA_CODEBOOK)
    async with coding(project) as (app, pilot):
        await pilot.press("ctrl+n")
        await focus(pilot, app, "#incident-form--admin2")
        await type_text(pilot, "Hawijah")  # an alternate name of the district
        assert await first_sherk(app, pilot) == IN_KIRKUK


async def test_a_field_named_province_but_not_declared_ranks_nothing(tmp_path: Path) -> None:
    undeclared = AREA_CODEBOOK.replace("name: admin1", "name: province").replace(
        "        admin1: admin1\n", ""
    )
    project = project_of(tmp_path / "p", undeclared)
    async with coding(project) as (app, pilot):
        await pilot.press("ctrl+n")
        await focus(pilot, app, "#incident-form--province")
        await press(pilot, "1", "enter")  # kirkuk, but the place field does not name the field
        assert await first_sherk(app, pilot) == "Sherk · village · Khanaqin · Diyala"
