"""Choosing a place fills its precision and keeps the name it was chosen by (Pilot, real files)."""

from __future__ import annotations

from pathlib import Path

from coder.tui.form.add_place import AddPlaceScreen
from coder.tui.form.choice_list import ChoiceEditor
from coder.tui.form.place_editor import PlaceEditor
from tests.places_helpers import PRECISION_CODEBOOK, make_place_project

from .conftest import records_on_disk
from .helpers import coding, focus, save_and_quit, type_text, widget
from .test_place_editor import until


def _editors(app: object) -> tuple[PlaceEditor, ChoiceEditor]:
    place = widget(app, "#incident-form--place")  # type: ignore[arg-type]
    precision = widget(app, "#incident-form--geo_precision")  # type: ignore[arg-type]
    assert isinstance(place, PlaceEditor) and isinstance(precision, ChoiceEditor)
    return place, precision


async def test_choosing_a_place_fills_its_precision_and_one_undo_restores_both(
    tmp_path: Path,
) -> None:
    project = make_place_project(tmp_path / "p", codebook=PRECISION_CODEBOOK)
    async with coding(project) as (app, pilot):
        await pilot.press("ctrl+n")
        await type_text(pilot, "2020-09-07")
        place, precision = _editors(app)
        await focus(pilot, app, "#incident-form--place")
        await type_text(pilot, "daqouq")
        await until(pilot, lambda: place.candidates.display, "candidates")
        await pilot.press("enter")
        await until(pilot, lambda: precision.get_raw() == 2, "the district's precision")
        assert place.get_raw() == "IQ-KI-DAQ" and place.seen == "Daqouq"
        assert precision.has_focus  # enter moved on to the precision, filled: enter accepts it
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        (inc,) = records_on_disk(project, "ana")["a1"]["incidents"]
        assert inc["values"]["place"] == "IQ-KI-DAQ" and inc["values"]["geo_precision"] == 2
        assert inc["as_coded"] == {"place": "Daqouq"}

        # Another field, then a village: precision 1. One ctrl+z puts back the district and
        # its precision 2 (a run of edits of one field is one step: coder/tui/coding/undo.py).
        await focus(pilot, app, "#incident-form--fatalities")
        await type_text(pilot, "3")
        await focus(pilot, app, "#incident-form--place")  # selects all: typing replaces
        await type_text(pilot, "topz")
        await until(pilot, lambda: place.candidates.display, "candidates")
        await pilot.press("enter")
        await until(pilot, lambda: precision.get_raw() == 1, "the village's precision")
        assert place.seen == "Topzawa"
        await pilot.press("ctrl+z")
        await until(pilot, lambda: place.get_raw() == "IQ-KI-DAQ", "the place undone")
        assert precision.get_raw() == 2 and place.seen == "Daqouq"
        await pilot.press("ctrl+z", "ctrl+z")
        await until(pilot, lambda: place.get_raw() == "", "the first choice undone")
        assert precision.get_raw() is None
        await save_and_quit(app, pilot)
    (inc,) = records_on_disk(project, "ana")["a1"]["incidents"]
    assert "place" not in inc["values"] and "geo_precision" not in inc["values"]
    assert "as_coded" not in inc


async def test_a_name_left_in_the_field_is_the_place_with_its_precision(tmp_path: Path) -> None:
    project = make_place_project(tmp_path / "p", codebook=PRECISION_CODEBOOK)
    async with coding(project) as (app, pilot):
        await pilot.press("ctrl+n")
        place, precision = _editors(app)
        await focus(pilot, app, "#incident-form--place")
        await type_text(pilot, "tobzawa")  # an alternate name, typed in full, then tab
        await pilot.press("tab")
        await until(pilot, lambda: precision.get_raw() == 1, "the precision")
        assert place.value == "Topzawa · village · Daquq · Kirkuk"
        assert place.seen == "Tobzawa"  # the gazetteer's spelling of what was typed
        # The coder may still say "near": the precision is theirs to change.
        await pilot.press("down", "enter")
        await until(pilot, lambda: precision.get_raw() == 2, "the coder's precision")
        await save_and_quit(app, pilot)
    (inc,) = records_on_disk(project, "ana")["a1"]["incidents"]
    assert inc["values"]["place"] == "IQ-KI-DAQ-TOPZAWA" and inc["values"]["geo_precision"] == 2
    assert inc["as_coded"] == {"place": "Tobzawa"}


async def test_an_added_village_is_precision_one_and_reopens_with_its_name(tmp_path: Path) -> None:
    project = make_place_project(tmp_path / "p", codebook=PRECISION_CODEBOOK)
    async with coding(project) as (app, pilot):
        await pilot.press("ctrl+n")
        await type_text(pilot, "2020-09-07")
        place, precision = _editors(app)
        await focus(pilot, app, "#incident-form--place")
        await type_text(pilot, "Kani Masi")
        await until(pilot, lambda: place.candidates.display, "candidates")
        for _ in range(place.candidates.option_count):
            await pilot.press("down")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, AddPlaceScreen), "the add dialog")
        await type_text(pilot, "khan")
        await until(pilot, lambda: len(app.screen._values) > 0, "parent candidates")  # type: ignore[attr-defined]
        await pilot.press("enter")
        await until(pilot, lambda: not isinstance(app.screen, AddPlaceScreen), "the dialog")
        await until(pilot, lambda: precision.get_raw() == 1, "the village's precision")
        await save_and_quit(app, pilot)
    (inc,) = records_on_disk(project, "ana")["a1"]["incidents"]
    assert inc["values"]["place"] == "IQ-DI-KHN-KANIMASI" and inc["values"]["geo_precision"] == 1
    assert inc["as_coded"] == {"place": "Kani Masi"}

    # Reopened: the name it was coded by is still known, and saved again unchanged.
    async with coding(project) as (app, pilot):
        place, _ = _editors(app)
        await until(pilot, lambda: place.get_raw() == "IQ-DI-KHN-KANIMASI", "the incident")
        assert place.seen == "Kani Masi"
        await focus(pilot, app, "#incident-form--fatalities")
        await type_text(pilot, "3")
        await save_and_quit(app, pilot)
    (inc,) = records_on_disk(project, "ana")["a1"]["incidents"]
    assert inc["values"]["fatalities"] == 3 and inc["as_coded"] == {"place": "Kani Masi"}


async def test_an_unsure_spelling_match_is_offered_but_not_taken_by_enter(tmp_path: Path) -> None:
    project = make_place_project(tmp_path / "p", codebook=PRECISION_CODEBOOK)
    async with coding(project) as (app, pilot):
        await pilot.press("ctrl+n")
        place, precision = _editors(app)
        await focus(pilot, app, "#incident-form--place")
        await type_text(pilot, "hawiga")  # a sure misspelling (83): highlighted, enter takes it
        await until(pilot, lambda: place.candidates.display, "candidates")
        assert place.candidates.highlighted == 0
        await pilot.press("enter")
        await until(pilot, lambda: place.get_raw() == "IQ-KI-HAW", "Hawija")
        assert precision.get_raw() == 2 and place.seen == "Hawija"

        await focus(pilot, app, "#incident-form--place")
        await type_text(pilot, "jalawi")  # Jalawla at 77: offered, not highlighted
        await until(pilot, lambda: place.candidates.display, "candidates")
        assert place.candidates.option_count == 2 and place.candidates.highlighted is None
        await pilot.press("enter")  # leaves the text; nothing else is coded
        await until(pilot, lambda: not place.has_focus, "the focus to move on")
        assert place.get_raw() == "jalawi" and precision.get_raw() == 2
        await focus(pilot, app, "#incident-form--place")
        await pilot.press("end", "backspace", "i")  # the list again: down takes the first
        await until(pilot, lambda: place.candidates.display, "candidates")
        await pilot.press("down", "enter")
        await until(pilot, lambda: place.get_raw() == "IQ-DI-KHN-JALAWLA", "Jalawla")
        assert precision.get_raw() == 1


async def test_done_is_refused_with_a_precision_finer_than_the_place(tmp_path: Path) -> None:
    """Precision 1 (a named town) with the district Daquq coded cannot be right: `coder check`
    warns about stored data, and ctrl+d refuses to mark it done and puts the cursor on it."""
    project = make_place_project(tmp_path / "p", codebook=PRECISION_CODEBOOK)
    async with coding(project) as (app, pilot):
        await pilot.press("ctrl+n")
        await type_text(pilot, "2020-09-07")
        place, precision = _editors(app)
        await focus(pilot, app, "#incident-form--place")
        await type_text(pilot, "daqouq")
        await until(pilot, lambda: place.candidates.display, "candidates")
        await pilot.press("enter")
        await until(pilot, lambda: precision.has_focus and precision.get_raw() == 2, "precision")
        await pilot.press("1")  # "a named town": finer than a district
        await until(pilot, lambda: precision.get_raw() == 1, "precision 1")
        await focus(pilot, app, "#incident-form--fatalities")
        await pilot.press("ctrl+d")
        await until(pilot, lambda: precision.has_focus, "the cursor on the precision")
        shown = [str(n.message) for n in app._notifications]
        assert any("Not marked done" in m and "finer than" in m for m in shown), shown
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        assert records_on_disk(project, "ana")["a1"]["status"] != "done"
        await pilot.press("2")
        await until(pilot, lambda: precision.get_raw() == 2, "precision 2")
        await pilot.press("ctrl+d")
        await until(
            pilot, lambda: records_on_disk(project, "ana")["a1"]["status"] == "done", "done"
        )
