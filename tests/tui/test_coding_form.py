"""The form's behaviour: inline validation, conditional fields, deleting incidents, literal text."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Checkbox, Input

from coder.project import Project
from coder.tui.article.text import ArticleText
from coder.tui.dialogs.confirm import ConfirmScreen
from coder.tui.form import FieldRow
from coder.tui.form.editors import ChoiceEditor

from .conftest import records_on_disk
from .helpers import app_for, coding, focus, press, save_and_quit, screen_of, type_text, widget

FIRST = "000_a9317a16385be697"


def row_error(app, name: str) -> str | None:  # type: ignore[no-untyped-def]
    row = widget(app, f"#incident-form--{name}").query_ancestor(FieldRow)
    if not row.has_class("-invalid"):
        return None
    return str(row.query_one(".field-error").render())


async def test_errors_show_on_blur_and_on_done(project_copy: Project) -> None:
    async with coding(project_copy) as (app, pilot):
        screen = screen_of(app)
        await press(pilot, "ctrl+n")
        await type_text(pilot, "2020-02-30")  # no such day
        assert row_error(app, "event_date") is None  # not while typing
        await press(pilot, "tab")
        assert row_error(app, "event_date")  # shown on leaving the field
        await focus(pilot, app, "#incident-form--fatalities")
        await type_text(pilot, "5000")
        await press(pilot, "tab")
        assert "1000" in (row_error(app, "fatalities") or "")
        # Correcting a value clears its error as soon as it is valid.
        fatal = widget(app, "#incident-form--fatalities")
        assert isinstance(fatal, Input)
        fatal.focus()
        await press(pilot, "end", "backspace")
        await pilot.pause()
        assert row_error(app, "fatalities") is None

        # Done is refused: required event type missing and the bad date; article stays open.
        await press(pilot, "ctrl+d")
        await pilot.pause()
        assert screen.session.index == 0
        assert row_error(app, "event_type") == "is required"
        assert row_error(app, "event_date")
        # Explicit save keeps the half-typed date as scratch, and the record as a draft.
        await save_and_quit(app, pilot)
    doc = records_on_disk(project_copy, "ana")[FIRST]
    assert doc["status"] == "draft"
    (incident,) = doc["incidents"]
    assert doc["scratch"] == {f"{incident['id']}.event_date": "2020-02-30"}
    assert incident["values"]["fatalities"] == 500


async def test_conditional_field_appears_and_its_value_is_dropped(project_copy: Project) -> None:
    async with coding(project_copy) as (app, pilot):
        await press(pilot, "ctrl+n")
        weapon_row = widget(app, "#incident-form--weapon").query_ancestor(FieldRow)
        assert not weapon_row.display  # no event type yet
        kind = widget(app, "#incident-form--event_type")
        assert isinstance(kind, ChoiceEditor)
        kind.focus()
        await press(pilot, "down")  # attack
        await pilot.pause()
        assert weapon_row.display
        await focus(pilot, app, "#incident-form--weapon")
        await type_text(pilot, "rifles")
        kind.focus()
        await press(pilot, "r")  # typing jumps to "Raid or arrest": a raid has no weapon field
        await pilot.pause()
        assert not weapon_row.display
        await save_and_quit(app, pilot)
    (incident,) = records_on_disk(project_copy, "ana")[FIRST]["incidents"]
    assert incident["values"]["event_type"] == "raid"
    assert "weapon" not in incident["values"]


async def test_delete_incident_asks_first(project_copy: Project) -> None:
    async with coding(project_copy) as (app, pilot):
        screen = screen_of(app)
        await press(pilot, "ctrl+n")
        await type_text(pilot, "2020-01-01")
        await press(pilot, "ctrl+n")
        await type_text(pilot, "2020-01-02")
        assert len(screen.session.record.incidents) == 2
        await press(pilot, "f8")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "escape")  # cancel: nothing deleted
        await pilot.pause()
        assert len(screen.session.record.incidents) == 2
        await press(pilot, "f8")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "enter")  # enter is on "Cancel" by default: still nothing deleted
        await pilot.pause()
        assert len(screen.session.record.incidents) == 2
        await press(pilot, "f8", "y")
        await pilot.pause()
        assert app.screen is screen
        assert len(screen.session.record.incidents) == 1
        date = widget(app, "#incident-form--event_date")
        assert isinstance(date, Input) and date.value == "2020-01-01"
        await pilot.press("ctrl+q")
    (incident,) = records_on_disk(project_copy, "ana")[FIRST]["incidents"]
    assert incident["values"]["event_date"] == "2020-01-01"


async def test_article_text_is_shown_literally(project_copy: Project) -> None:
    folder = project_copy.articles_dir
    for f in folder.iterdir():
        f.unlink()
    body = "[bold]not bold[/bold] and \x1b[31mred?\x1b[0m and كركوك [link]\n" + "x" * 500
    (folder / "aaa_markup.txt").write_text("Title [red]plain[/red]\n" + body, encoding="utf-8")
    app = app_for(Project.locate(project_copy.root))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_of(app).query_one(ArticleText)
        assert "[bold]not bold[/bold]" in text.text
        assert "\x1b" not in text.text
        assert "كركوك" in text.text
        title = str(widget(app, "#article-title").render())
        assert title == "Title [red]plain[/red]"
        rendered = "".join(
            "".join(s.text for s in text.render_line(y)) for y in range(text.size.height)
        )
        assert "[bold]not bold[/bold]" in rendered
        assert "\x1b" not in rendered
        await pilot.press("ctrl+q")


async def test_next_previous_article_and_list(project_copy: Project, tmp_path: Path) -> None:
    async with coding(project_copy, size=(80, 24)) as (app, pilot):
        screen = screen_of(app)
        assert screen.has_class("-narrow")
        await focus(pilot, app, "#article-form--summary")
        await type_text(pilot, "first")
        await press(pilot, "ctrl+pagedown")
        assert screen.session.index == 1
        await press(pilot, "alt+left")
        assert screen.session.index == 0
        summary = widget(app, "#article-form--summary")
        assert summary.text == "first"  # type: ignore[attr-defined]
        await press(pilot, "ctrl+o")
        await pilot.pause()
        assert app.screen is not screen
        await press(pilot, "escape")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("ctrl+q")
    assert records_on_disk(project_copy, "ana")[FIRST]["values"]["summary"] == "first"


async def test_without_a_name_asks_once_and_remembers(project_copy: Project) -> None:
    from coder.config import remembered_coder
    from coder.tui.dialogs.ask_name import AskNameScreen

    async with coding(project_copy, coder=None, size=(80, 24)) as (app, pilot):
        assert isinstance(app.screen, AskNameScreen)
        await type_text(pilot, "cleo")
        await press(pilot, "enter")
        await pilot.pause()
        assert screen_of(app).coder == "cleo"
        await press(pilot, "question_mark")  # help, since no text field has focus
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"
        await press(pilot, "escape")
        await pilot.press("ctrl+q")
    assert remembered_coder() == "cleo"


async def test_boolean_without_default_is_not_coded_until_answered(project_copy: Project) -> None:
    """Unknown is not "no": an untouched yes/no field is saved empty; Yes/No save True/False."""
    async with coding(project_copy) as (app, pilot):
        relevant = widget(app, "#article-form--relevant")
        assert isinstance(relevant, ChoiceEditor) and relevant.value is None
        await press(pilot, "ctrl+n")
        await type_text(pilot, "2020-09-03")
        await press(pilot, "ctrl+s")
        await app.workers.wait_for_complete()
        doc = records_on_disk(project_copy, "ana")[FIRST]
        assert "relevant" not in doc["values"]
        assert "claimed" not in doc["incidents"][0]["values"]

        await focus(pilot, app, "#article-form--relevant")
        await press(pilot, "down", "down", "enter")  # (not coded) -> Yes -> No
        claimed = await focus(pilot, app, "#incident-form--claimed")
        await press(pilot, "1")  # the first choice: Yes
        assert isinstance(claimed, ChoiceEditor) and claimed.value is True
        await press(pilot, "ctrl+s")
        await app.workers.wait_for_complete()
        doc = records_on_disk(project_copy, "ana")[FIRST]
        assert doc["values"]["relevant"] is False
        assert doc["incidents"][0]["values"]["claimed"] is True
        await pilot.press("ctrl+q")


async def test_boolean_with_default_stays_a_checkbox(shipped_project: Project) -> None:
    async with coding(shipped_project) as (app, pilot):
        await press(pilot, "ctrl+n")
        split = widget(app, "#incident-form--fatalities_split")
        assert isinstance(split, Checkbox) and split.value is False  # the codebook's default
        assert split.BUTTON_INNER == " "  # unticked is drawn empty, not as a dim "X"
        split.focus()
        await press(pilot, "space")
        assert split.value is True and split.BUTTON_INNER == "X"
        screen_of(app).sync()
        assert screen_of(app).session.record.incidents[0].values["fatalities_split"] is True
        await pilot.press("ctrl+q")


async def test_help_line_shows_the_choice_under_the_cursor(shipped_project: Project) -> None:
    async with coding(shipped_project) as (app, pilot):
        line = widget(app, "#help-line")
        await focus(pilot, app, "#article-form--relevant")
        assert "Does the article report" in str(line.render())
        await press(pilot, "down")  # the cursor (and the value) on "Yes, at least one"
        await pilot.pause()
        shown = str(line.render())
        assert "Yes, at least one incident" in shown
        assert "Code every incident in the incident forms." in shown
        await press(pilot, "down")
        await pilot.pause()
        assert "Only background, statistics" in str(line.render())
        await press(pilot, "ctrl+n")
        await focus(pilot, app, "#incident-form--target_types")  # a checklist
        await press(pilot, "down")
        await pilot.pause()
        assert "Police, federal police, Asayesh." in str(line.render())
        await pilot.press("ctrl+q")


async def test_typing_in_a_choice_jumps_to_the_choice(shipped_project: Project) -> None:
    async with coding(shipped_project) as (app, pilot):
        await press(pilot, "ctrl+n")
        province = await focus(pilot, app, "#incident-form--province")
        await press(pilot, *"nin", "enter")
        assert isinstance(province, ChoiceEditor) and province.value == "nineveh"
        assert app.focused is not province  # enter moved on
        perpetrator = await focus(pilot, app, "#incident-form--perpetrator")
        await press(pilot, *"isis", "enter")
        assert isinstance(perpetrator, ChoiceEditor) and perpetrator.value == "isis"
        precision = await focus(pilot, app, "#incident-form--date_precision")
        await press(pilot, "2")  # digits pick the n-th choice (and, the whole number, move on)
        assert isinstance(precision, ChoiceEditor) and precision.value == 2
        assert app.focused is widget(app, "#incident-form--province")
        await focus(pilot, app, "#incident-form--date_precision")
        await press(pilot, "up", "up")  # back to the first row: not coded
        assert precision.value is None
        await pilot.press("ctrl+q")


async def test_next_article_starts_at_its_first_question(shipped_project: Project) -> None:
    async with coding(shipped_project) as (app, pilot):
        await press(pilot, "ctrl+n")
        await focus(pilot, app, "#incident-form--notes")
        await press(pilot, "ctrl+pagedown")
        await pilot.pause()
        assert app.focused is widget(app, "#article-form--relevant")
        await pilot.press("ctrl+q")


async def test_checklist_cursor_starts_at_the_top_for_each_incident(
    shipped_project: Project,
) -> None:
    async with coding(shipped_project) as (app, pilot):
        await press(pilot, "ctrl+n")
        await focus(pilot, app, "#incident-form--target_types")
        await press(pilot, "down", "down", "space")  # government
        await press(pilot, "ctrl+n")
        await focus(pilot, app, "#incident-form--target_types")
        await press(pilot, "down", "space")  # police, whatever the first incident did
        screen = screen_of(app)
        screen.sync()
        first, second = (i.values for i in screen.session.record.incidents)
        assert first["target_types"] == ["government"]
        assert second["target_types"] == ["police"]
        await pilot.press("ctrl+q")
