"""A project without its gazetteer (or with a damaged one): the coding screen says so at start-up
and the place field stays usable, keeping a place as typed for the lead (coder.places.typed).

Found by a tester in tmux: a project copied without gazetteer.csv opened without a word, and the
place field said "gazetteer unreadable" with no "+ add", enter doing nothing: no way to record the
place, and no article could be marked done."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from coder.project import Project
from coder.tui.coding.app import CoderApp
from coder.tui.coding.screen import CodingScreen
from coder.tui.form import FieldRow
from coder.tui.form.place_candidates import ADD, PlaceCandidates, typed_candidates
from coder.tui.form.place_editor import PlaceEditor
from tests.conftest import REPO, write_project
from tests.places_helpers import ARTICLES, CODEBOOK, GAZETTEER, PRECISION_CODEBOOK

from .conftest import records_on_disk
from .helpers import coding, focus, press, settle, type_text, wait_for


def _said(app: CoderApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


def _gazetteer_notice(app: CoderApp) -> str | None:
    return next((m for m in _said(app) if "gazetteer" in m.lower()), None)


def _options(box: PlaceCandidates) -> list[str]:
    return [str(box.get_option_at_index(i).prompt) for i in range(box.option_count)]


async def _notice(pilot: Pilot[Any], app: CoderApp) -> str:
    """The notice, once it is shown (a minute bounds the wait: it comes right after the first
    frame, and a version that never shows one fails in a minute, not in WAIT_LIMIT)."""
    await wait_for(
        pilot, lambda: _gazetteer_notice(app) is not None, 60, what="the gazetteer notice"
    )
    said = _gazetteer_notice(app)
    assert said is not None
    return said


async def test_start_up_names_the_missing_gazetteer_and_what_to_do(tmp_path: Path) -> None:
    """The shipped codebook and samples, no gazetteer.csv: the screen opens (the coder can code
    the other fields) and says which file is missing and how to fix it, with the codebook line."""
    project = write_project(tmp_path / "p", REPO / "codebook.yaml")
    missing = project.root / "gazetteer.csv"
    assert not missing.exists()
    async with coding(project) as (app, pilot):
        said = await _notice(pilot, app)
        assert isinstance(app.screen, CodingScreen)
        assert f"no gazetteer at {missing}" in said, said
        assert "Copy the project's gazetteer.csv there" in said, said
        line = next(
            n
            for n, text in enumerate(missing.with_name("codebook.yaml").read_text().splitlines(), 1)
            if text.strip() == "- name: place"
        )
        assert f"codebook.yaml line {line}" in said, said
        assert "kept as typed" in said and "no place suggestions" in said, said
        editor = widget_place(app)
        assert "no gazetteer" in editor.placeholder


def widget_place(app: CoderApp) -> PlaceEditor:
    editor = app.screen.query_one("#incident-form--place")
    assert isinstance(editor, PlaceEditor)
    return editor


async def test_a_damaged_gazetteer_is_named_with_its_line(tmp_path: Path) -> None:
    project = write_project(
        tmp_path / "p", CODEBOOK, articles=ARTICLES, gazetteer="id,name,parent\nIQ-KI,Kirkuk,\n"
    )
    async with coding(project) as (app, pilot):
        said = await _notice(pilot, app)
        assert f"the gazetteer {project.root / 'gazetteer.csv'} cannot be read" in said, said
        assert "line 1: missing column(s) kind" in said, said


async def test_a_place_is_kept_as_typed_saved_and_the_article_can_be_done(tmp_path: Path) -> None:
    """Without a gazetteer the list offers "+ keep ... as typed" (highlighted): enter stores
    `?Topzawa` in the incident (not as unsaved scratch) and the article can be marked done."""
    project = write_project(tmp_path / "p", CODEBOOK, articles=ARTICLES)
    async with coding(project) as (app, pilot):
        await pilot.press("ctrl+n")
        await type_text(pilot, "2020-09-07")
        editor = await focus(pilot, app, "#incident-form--place")
        assert isinstance(editor, PlaceEditor)
        await type_text(pilot, "Topzawa")
        box = editor.candidates
        await wait_for(pilot, lambda: box.display and box.option_count > 0, what="candidates")
        options = _options(box)
        assert options[0] == "+ keep 'Topzawa' as typed, for your lead to place", options
        assert "gazetteer unreadable" in options[1] and "no such file" in options[1], options
        await pilot.press("enter")
        await wait_for(pilot, lambda: not editor.has_focus, what="the focus to move on")
        assert editor.value == "Topzawa · kept as typed, for your lead to place"
        assert editor.get_raw() == "?Topzawa"
        await pilot.press("ctrl+d")
        await wait_for(
            pilot,
            lambda: records_on_disk(project, "ana").get("a1", {}).get("status") == "done",
            what=lambda: f"done; said {_said(app)}",
        )
    record = records_on_disk(project, "ana")["a1"]
    (incident,) = record["incidents"]
    assert incident["values"]["place"] == "?Topzawa"
    assert not record.get("scratch")


async def test_text_merely_left_in_the_field_says_how_to_keep_it(tmp_path: Path) -> None:
    """Tab with text typed keeps nothing silently: the row says to press enter on "+ keep"."""
    project = write_project(tmp_path / "p", CODEBOOK, articles=ARTICLES)
    async with coding(project) as (app, pilot):
        await pilot.press("ctrl+n")
        editor = await focus(pilot, app, "#incident-form--place")
        assert isinstance(editor, PlaceEditor)
        await type_text(pilot, "Topzawa")
        await pilot.press("tab")
        row = editor.parent
        assert isinstance(row, FieldRow)
        await wait_for(pilot, lambda: row.has_class("-invalid"), what="the inline error")
        error = str(row.query_one(".field-error").render())
        assert "enter on \"+ keep\" keeps 'Topzawa' as typed" in error, error
        assert editor.get_raw() == "Topzawa"


async def test_once_the_gazetteer_is_back_the_field_asks_to_choose_the_place(
    tmp_path: Path,
) -> None:
    """A place kept as typed, reopened with the gazetteer in place: the field says to choose it,
    and choosing stores the gazetteer id."""
    project = write_project(tmp_path / "p", CODEBOOK, articles=ARTICLES)
    async with coding(project) as (app, pilot):
        await pilot.press("ctrl+n")
        editor = await focus(pilot, app, "#incident-form--place")
        await type_text(pilot, "Topzawa")
        await pilot.press("enter")
        await wait_for(pilot, lambda: not editor.has_focus, what="the place kept")
        await pilot.press("ctrl+q")
    (incident,) = records_on_disk(project, "ana")["a1"]["incidents"]
    assert incident["values"]["place"] == "?Topzawa"
    (project.root / "gazetteer.csv").write_text(GAZETTEER, encoding="utf-8")
    async with coding(project) as (app, pilot):
        editor = widget_place(app)
        await wait_for(pilot, lambda: editor.get_raw() == "?Topzawa", what="the stored place")
        assert editor.value == "?Topzawa · not placed: tab here to choose"
        await focus(pilot, app, "#incident-form--place")
        await pilot.press("ctrl+u")
        await type_text(pilot, "Topzawa")
        await pilot.press("enter")
        await wait_for(pilot, lambda: editor.get_raw() == "IQ-KI-DAQ-TOPZAWA", what="the id")
        await pilot.press("ctrl+q")
    (incident,) = records_on_disk(project, "ana")["a1"]["incidents"]
    assert incident["values"]["place"] == "IQ-KI-DAQ-TOPZAWA"


async def test_a_gazetteer_path_that_looks_like_markup_is_shown_as_text(tmp_path: Path) -> None:
    """The notice holds a path from the codebook: shown as written, never read as markup (a
    path with "[/x]" ended the app with a MarkupError; "[ACLED]" vanished). Found in review."""
    codebook = CODEBOOK.replace(
        "      type: place\n", "      type: place\n      gazetteer: '[ACLED] [/x] places.csv'\n", 1
    )
    project = write_project(tmp_path / "p", codebook, articles=ARTICLES)
    async with coding(project) as (app, pilot):
        said = await _notice(pilot, app)
        assert "[ACLED] [/x] places.csv" in said, said
        (notice,) = [n for n in app._notifications if "gazetteer" in n.message.lower()]
        assert not notice.markup  # drawn as the text it is
        await settle(pilot)
        assert app.is_running


async def _keep_typed_and_quit(project: Project, name: str) -> None:
    """Code incident 1 of a1 with `name` kept as typed (no gazetteer), mark it done, quit."""
    async with coding(project) as (app, pilot):
        await pilot.press("ctrl+n")
        await type_text(pilot, "2020-09-07")
        editor = await focus(pilot, app, "#incident-form--place")
        await type_text(pilot, name)
        await pilot.press("enter")
        await wait_for(pilot, lambda: not editor.has_focus, what="the place kept")
        await pilot.press("ctrl+d")
        await wait_for(
            pilot,
            lambda: records_on_disk(project, "ana").get("a1", {}).get("status") == "done",
            what=lambda: f"done; said {_said(app)}",
        )
    (incident,) = records_on_disk(project, "ana")["a1"]["incidents"]
    assert incident["values"]["place"] == f"?{name}"


@asynccontextmanager
async def _reopened_with_gazetteer(
    project: Project, name: str
) -> AsyncIterator[tuple[CoderApp, Pilot[Any], PlaceEditor]]:
    """`name` kept as typed in a1 (`_keep_typed_and_quit`), the gazetteer put back, the screen
    opened again and back on a1 (it opens on a2), the place field showing `?name`."""
    await _keep_typed_and_quit(project, name)
    (project.root / "gazetteer.csv").write_text(GAZETTEER, encoding="utf-8")
    async with coding(project) as (app, pilot):
        await pilot.press("ctrl+pageup")
        editor = widget_place(app)
        await wait_for(pilot, lambda: editor.get_raw() == f"?{name}", what="the stored place")
        yield app, pilot, editor


async def test_a_place_kept_as_typed_stays_so_when_another_field_is_edited(
    tmp_path: Path,
) -> None:
    """Reported: with the gazetteer back, an edit of any other field of the incident saved the
    place kept as typed as the id of the one place of that name, which the coder never chose
    (and without the precision or the name it was chosen by). It stays `?Topzawa` until the
    coder chooses; the field says it is not placed yet."""
    project = write_project(tmp_path / "p", PRECISION_CODEBOOK, articles=ARTICLES)
    async with _reopened_with_gazetteer(project, "Topzawa") as (app, pilot, editor):
        await focus(pilot, app, "#incident-form--fatalities")
        await type_text(pilot, "5")
        await pilot.press("tab")
        await pilot.press("ctrl+s")
        await wait_for(
            pilot,
            lambda: (
                records_on_disk(project, "ana")["a1"]["incidents"][0]["values"].get("fatalities")
                == 5
            ),
            what="the edit saved",
        )
        assert editor.get_raw() == "?Topzawa"
        assert editor.value == "?Topzawa · not placed: tab here to choose"
        # Not done while nobody has chosen the place (the store keeps it; the screen says why).
        said = " | ".join(_said(app))
        assert "Saved as a draft, no longer done: incident 1: Place: 'Topzawa' was kept" in said
        await pilot.press("ctrl+q")
    record = records_on_disk(project, "ana")["a1"]
    (incident,) = record["incidents"]
    assert incident["values"]["place"] == "?Topzawa", incident
    assert "geo_precision" not in incident["values"], incident
    assert "as_coded" not in incident, incident
    assert not record.get("scratch"), record
    assert record["status"] == "draft"


async def test_focusing_a_place_kept_as_typed_offers_the_places_to_choose(
    tmp_path: Path,
) -> None:
    """With the gazetteer back, the field lists the places the name may be when it gets the
    focus, nothing highlighted: tab or enter passes on and the place stays as typed; down and
    enter chooses, as any choice does (the precision filled, the name kept beside the id), and
    the article is done again."""
    project = write_project(tmp_path / "p", PRECISION_CODEBOOK, articles=ARTICLES)
    async with _reopened_with_gazetteer(project, "Topzawa") as (app, pilot, editor):
        await focus(pilot, app, "#incident-form--place")
        box = editor.candidates
        await wait_for(pilot, lambda: box.display and box.option_count > 0, what="candidates")
        options = _options(box)
        assert options[0] == "1 Topzawa · village · Daquq · Kirkuk", options
        assert str(box.border_title) == "'Topzawa' typed, not placed: 1 chooses"
        assert box.highlighted is None
        for passing in ("tab", "enter"):
            await press(pilot, passing)
            await wait_for(pilot, lambda: not editor.has_focus, what="the focus to move on")
            assert editor.get_raw() == "?Topzawa"
            await focus(pilot, app, "#incident-form--place")
            await wait_for(pilot, lambda: box.display, what="candidates again")
        await press(pilot, "down", "enter")
        await wait_for(pilot, lambda: editor.get_raw() == "IQ-KI-DAQ-TOPZAWA", what="the id")
        assert editor.seen == "Topzawa"
        await pilot.press("ctrl+d")
        await wait_for(
            pilot,
            lambda: records_on_disk(project, "ana")["a1"]["status"] == "done",
            what=lambda: f"done; said {_said(app)}",
        )
    (incident,) = records_on_disk(project, "ana")["a1"]["incidents"]
    assert incident["values"]["place"] == "IQ-KI-DAQ-TOPZAWA", incident
    assert incident["values"]["geo_precision"] == 1, incident
    assert incident["as_coded"] == {"place": "Topzawa"}, incident


async def test_done_is_refused_while_a_place_kept_as_typed_can_be_chosen(tmp_path: Path) -> None:
    """ctrl+d on an article whose place was kept as typed, the gazetteer back: not done, the
    cursor goes to the place, whose list offers the places of the name."""
    project = write_project(tmp_path / "p", CODEBOOK, articles=ARTICLES)
    async with _reopened_with_gazetteer(project, "Sherk") as (app, pilot, editor):
        await pilot.press("ctrl+d")
        await wait_for(pilot, lambda: editor.has_focus, what="the cursor on the place")
        said = " | ".join(_said(app))
        assert "Not marked done: incident 1: Place: 'Sherk' was kept as typed" in said, said
        box = editor.candidates
        await wait_for(pilot, lambda: box.display, what="candidates")
        assert _options(box)[0] == "1 Sherk · village · Khanaqin · Diyala", _options(box)
        row = editor.parent
        assert isinstance(row, FieldRow)
        error = str(row.query_one(".field-error").render())
        assert error == (
            "'Sherk' was kept as typed without a gazetteer: choose its place in the list"
        )
        await pilot.press("ctrl+q")
    record = records_on_disk(project, "ana")["a1"]
    assert record["incidents"][0]["values"]["place"] == "?Sherk"


def test_the_places_a_name_kept_as_typed_may_be(tmp_path: Path) -> None:
    """What focusing the field lists: the places of the name first, numbered; "+ add" (with the
    name, not the field's text) only when no place has that name; nothing while unreadable."""
    path = tmp_path / "gazetteer.csv"
    assert typed_candidates(path, "Daquq") is None
    town = "IQ-KI-DAQ-DAQUQ,Daquq,,town,IQ-KI-DAQ,,,sample\n"  # the district's town
    path.write_text(GAZETTEER + town, encoding="utf-8")
    found = typed_candidates(path, "Daquq")
    assert found is not None
    options, values, names = found
    assert set(values[:2]) == {"IQ-KI-DAQ", "IQ-KI-DAQ-DAQUQ"} and names[:2] == ["Daquq"] * 2
    assert ADD not in values
    assert [str(o.prompt)[:2] for o in options[:2]] == ["1 ", "2 "]
    found = typed_candidates(path, "Qaraj")
    assert found is not None
    options, values, names = found
    assert values[-1] == ADD and names[-1] == "Qaraj"
    assert str(options[-1].prompt).endswith("+ add 'Qaraj' as a new place…")
