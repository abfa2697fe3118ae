"""A coder's whole session through the keyboard, checked against the TinyDB file on disk."""

from __future__ import annotations

from textual.widgets import Checkbox, Input, TextArea
from textual.widgets.text_area import Selection

from coder.project import Project
from coder.store.coder_store import CoderStore
from coder.tui.article.text import ArticleText
from coder.tui.coding.screen import AUTOSAVE_SECONDS
from coder.tui.form import CodebookForm, FieldRow
from coder.tui.form.editors import ChoiceEditor, MultiEditor

from .conftest import records_on_disk
from .helpers import coding, focus, press, save_and_quit, screen_of, type_text, widget

FIRST = "000_a9317a16385be697"
PASSAGE = "ISIS shelled Topzawa village with at least five mortars"


def select_in_article(app, passage: str) -> None:  # type: ignore[no-untyped-def]
    """Select `passage` in the article TextArea, as shift+arrows or the mouse would."""
    text = widget(app, "#article-text")
    assert isinstance(text, TextArea)
    for row, line in enumerate(text.document.lines):
        col = line.find(passage)
        if col >= 0:
            text.selection = Selection((row, col), (row, col + len(passage)))
            return
    raise AssertionError(f"{passage!r} not in the article")


async def test_whole_session_saves_everything_and_shows_it_again(project_copy: Project) -> None:
    async with coding(project_copy) as (app, pilot):
        screen = screen_of(app)
        assert screen.session.article.id == FIRST  # resumes at the first unfinished article

        # Article level: boolean, longtext, multi.
        await focus(pilot, app, "#article-form--relevant")  # boolean, no default: Yes/No
        await press(pilot, "down", "enter")  # (not coded) -> Yes; enter moves on
        await type_text(pilot, "Mortars on Topzawa.")
        await press(pilot, "tab")  # topics
        await press(pilot, "space", "down", "down", "space")  # security + economy

        # Incident 1, every field type, by keyboard.
        await press(pilot, "ctrl+n")
        assert app.focused is widget(app, "#incident-form--event_date")
        await type_text(pilot, "2020-09-03")
        await press(pilot, "tab")  # event type (an inline choice list)
        await press(pilot, "down", "down", "enter")  # blank -> attack -> shelling, next field
        await pilot.pause()
        assert app.focused is widget(app, "#incident-form--weapon")  # shown for shelling
        await type_text(pilot, "mortar")
        await press(pilot, "tab")
        await type_text(pilot, "0")
        await press(pilot, "tab")
        await type_text(pilot, "1500.5")
        await press(pilot, "tab", "y")  # claimed: Yes (typing jumps to the label)
        # Evidence from the article: select, ctrl+e.
        select_in_article(app, PASSAGE)
        await press(pilot, "ctrl+e")
        assert app.focused is widget(app, "#incident-form--evidence")
        await press(pilot, "tab")
        await type_text(pilot, "night attack")

        # Incident 2: duplicate (the next night), then change its date.
        await press(pilot, "ctrl+t")
        assert screen.session.current == 1
        date = await focus(pilot, app, "#incident-form--event_date")
        assert isinstance(date, Input) and date.value == "2020-09-03"
        date.value = ""
        await type_text(pilot, "2020-09-04")
        await press(pilot, "ctrl+up")
        assert screen.session.current == 0
        await press(pilot, "ctrl+s")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.press("ctrl+q")

    doc = records_on_disk(project_copy, "ana")[FIRST]
    assert doc["status"] == "draft"
    assert doc["values"] == {
        "relevant": True,
        "summary": "Mortars on Topzawa.",
        "topics": ["security", "economy"],
    }
    first, second = (i["values"] for i in doc["incidents"])
    assert first == {
        "event_date": "2020-09-03",
        "event_type": "shelling",
        "weapon": "mortar",
        "fatalities": 0,
        "cost": 1500.5,
        "claimed": True,
        "evidence": PASSAGE,
        "notes": "night attack",
    }
    assert second == {**first, "event_date": "2020-09-04"}
    assert doc["scratch"] == {}

    # Reopen: the same record is shown in the widgets.
    async with coding(project_copy) as (app, pilot):
        screen = screen_of(app)
        assert screen.session.article.id == FIRST  # still a draft: resumed here
        assert widget(app, "#article-form--relevant").value is True  # type: ignore[attr-defined]
        topics = widget(app, "#article-form--topics")
        assert isinstance(topics, MultiEditor) and topics.selected == ["security", "economy"]
        kind = widget(app, "#incident-form--event_type")
        assert isinstance(kind, ChoiceEditor) and kind.value == "shelling"
        evidence = widget(app, "#incident-form--evidence")
        assert isinstance(evidence, Input) and evidence.value == PASSAGE
        assert len(screen.session.record.incidents) == 2
        # The quote is highlighted in the article.
        text = screen.query_one(ArticleText)
        assert any(
            name == "coder.quote" for spans in text._highlights.values() for *_, name in spans
        )
        await press(pilot, "ctrl+down")
        date = widget(app, "#incident-form--event_date")
        assert isinstance(date, Input) and date.value == "2020-09-04"


async def test_quit_without_saving_keeps_typing_as_draft(project_copy: Project) -> None:
    async with coding(project_copy) as (app, pilot):
        await focus(pilot, app, "#article-form--summary")
        await type_text(pilot, "typed, never saved")
        await press(pilot, "ctrl+n")
        await type_text(pilot, "2020-13")  # not a valid date yet: must survive as scratch
        await pilot.press("ctrl+q")
    doc = records_on_disk(project_copy, "ana")[FIRST]
    assert doc["status"] == "draft"
    assert doc["values"]["summary"] == "typed, never saved"
    (incident,) = doc["incidents"]
    assert doc["scratch"] == {f"{incident['id']}.event_date": "2020-13"}

    async with coding(project_copy) as (app, pilot):
        date = widget(app, "#incident-form--event_date")
        assert isinstance(date, Input) and date.value == "2020-13"


async def test_locked_database_opens_read_only_and_refuses_to_save(
    project_copy: Project,
) -> None:
    holder = project_copy.open_store("ana")  # another window is coding as ana
    try:
        async with coding(project_copy) as (app, pilot):
            screen = screen_of(app)
            assert screen.session.readonly
            header = str(widget(app, "#status-header").render())
            assert "READ-ONLY" in header
            assert all(form.disabled for form in screen.query(CodebookForm))
            await press(pilot, "ctrl+s")
            await pilot.pause()
            assert any("Read-only" in str(n.message) for n in app._notifications)
            await press(pilot, "ctrl+n")
            assert screen.session.record.incidents == []
            await pilot.press("ctrl+q")
        assert holder.get(FIRST) is None
    finally:
        holder.close()
    assert not project_copy.coder_path("ana").exists() or FIRST not in records_on_disk(
        project_copy, "ana"
    )


async def test_shipped_codebook_done_needs_required_fields(shipped_project: Project) -> None:
    async with coding(shipped_project, coder="bo") as (app, pilot):
        screen = screen_of(app)
        relevant = widget(app, "#article-form--relevant")
        assert isinstance(relevant, ChoiceEditor)
        await press(pilot, "ctrl+d")  # nothing coded: refused, errors shown inline
        await pilot.pause()
        assert screen.session.index == 0
        assert "-invalid" in widget(app, "#article-form--relevant").query_ancestor(FieldRow).classes
        # Mark the article "no relevant incident": needs only the article's required answer.
        relevant.focus()
        await press(pilot, "n")  # typing jumps to "No codable incident" and sets it
        await pilot.pause()
        assert relevant.value == "not_reported"
        await press(pilot, "f4")
        await pilot.pause()
        assert screen.session.index == 1  # moved on to the next article
        await pilot.press("ctrl+q")
    doc = records_on_disk(shipped_project, "bo")[FIRST]
    assert doc["status"] == "no_incident"
    assert doc["incidents"] == []
    with CoderStore.open(shipped_project.coder_path("bo"), coder="bo") as store:
        assert store.get(FIRST) is not None
    _ = Checkbox  # every editor class is importable from textual


async def test_debounced_autosave_writes_while_the_app_runs(project_copy: Project) -> None:
    async with coding(project_copy) as (app, pilot):
        await focus(pilot, app, "#article-form--summary")
        await type_text(pilot, "autosaved")
        assert "unsaved" in str(widget(app, "#status-header").render())
        await pilot.pause(AUTOSAVE_SECONDS + 0.5)
        await app.workers.wait_for_complete()
        await pilot.pause()
        doc = records_on_disk(project_copy, "ana")[FIRST]  # on disk before quitting
        assert doc["values"]["summary"] == "autosaved"
        assert "saved" in str(widget(app, "#status-header").render())
        assert "unsaved" not in str(widget(app, "#status-header").render())
        await pilot.press("ctrl+q")


async def test_find_in_article_selects_the_match_for_evidence(project_copy: Project) -> None:
    async with coding(project_copy) as (app, pilot):
        screen = screen_of(app)
        text = screen.query_one(ArticleText)
        await press(pilot, "ctrl+n")
        await press(pilot, "ctrl+f")
        await pilot.pause()
        await type_text(pilot, "MORTAR")  # any case; the first match from the cursor
        await pilot.pause()
        assert text.selected_text == "mortar"
        assert text.selection.start[0] == 1  # line 2: "...at least five mortar shells..."
        await press(pilot, "down", "down")  # the next matches: line 3, then line 5
        assert text.selection.start[0] == 4
        await press(pilot, "shift+enter")
        assert text.selection.start[0] == 2
        # Whitespace-tolerant: two spaces typed match the one in the article.
        find = screen.query_one("#find-bar FindInput")
        assert isinstance(find, Input)
        find.value = ""
        await type_text(pilot, "shelled  topzawa village")
        await pilot.pause()
        assert text.selected_text == "shelled Topzawa village"
        await press(pilot, "escape")  # back in the article: shift+arrows extend the selection
        assert app.focused is text
        await press(pilot, *["shift+right"] * 5)
        assert text.selected_text == "shelled Topzawa village with"
        await press(pilot, "ctrl+e")
        await pilot.pause()
        evidence = widget(app, "#incident-form--evidence")
        assert isinstance(evidence, Input) and evidence.value == "shelled Topzawa village with"
        assert app.focused is evidence
        assert not screen.query_one("#find-bar").display  # closed by ctrl+e
        form = screen.query_one("#incident-form", CodebookForm)
        assert form.check_field("evidence") is None  # found in the article: it validates
        await save_and_quit(app, pilot)
    (incident,) = records_on_disk(project_copy, "ana")[FIRST]["incidents"]
    assert incident["values"]["evidence"] == "shelled Topzawa village with"


async def test_editing_a_done_article_keeps_it_done_only_while_it_validates(
    project_copy: Project,
) -> None:
    async with coding(project_copy) as (app, pilot):
        screen = screen_of(app)
        await press(pilot, "ctrl+n")
        await type_text(pilot, "2020-09-03")
        await press(pilot, "tab", "s")  # event type: shelling
        await press(pilot, "ctrl+d")
        await pilot.pause()
        assert screen.session.index == 1
        await press(pilot, "alt+left")  # back to the done article
        await pilot.pause()
        assert screen.session.record.status == "done"

        # A valid edit: still done.
        await focus(pilot, app, "#article-form--summary")
        await type_text(pilot, "ok")
        await press(pilot, "ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert records_on_disk(project_copy, "ana")[FIRST]["status"] == "done"
        assert screen.demoted is None

        # A new, empty incident: saved as a draft, and the coder is told why.
        await press(pilot, "ctrl+n", "ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert records_on_disk(project_copy, "ana")[FIRST]["status"] == "draft"
        messages = [str(n.message) for n in app._notifications]
        assert any("no longer done" in m and "Event date: is required" in m for m in messages)
        header = str(widget(app, "#status-header").render())
        assert "DRAFT, not done" in header and "Event date" in header

        # Completing the incident makes it done again on the next save.
        await type_text(pilot, "2020-09-04")
        await press(pilot, "tab", "r")  # raid
        await press(pilot, "ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert records_on_disk(project_copy, "ana")[FIRST]["status"] == "done"
        assert "DRAFT" not in str(widget(app, "#status-header").render())
        await pilot.press("ctrl+q")
    doc = records_on_disk(project_copy, "ana")[FIRST]
    assert doc["status"] == "done" and len(doc["incidents"]) == 2
