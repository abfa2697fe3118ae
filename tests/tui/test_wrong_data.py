"""The ways wrong data could be saved as done from the coding screen, each driven by keys
through the real app and checked on the TinyDB file: a stale find match taken as evidence, an
escape merged with the next key, a "relevant" article done without incidents, and a sub-event
type that does not belong to its event type."""

from __future__ import annotations

from textual.widgets import Input

from coder.project import Project
from coder.tui.article.text import ArticleText
from coder.tui.form.editors import ChoiceEditor

from .conftest import records_on_disk
from .helpers import app_for, coding, focus, save_and_quit, screen_of, type_text, wait_for, widget

FIRST = "000_a9317a16385be697"


async def test_ctrl_e_after_not_found_takes_no_stale_match(shipped_project: Project) -> None:
    async with coding(shipped_project) as (app, pilot):
        screen = screen_of(app)
        text = screen.query_one(ArticleText)
        await pilot.press("ctrl+n", "ctrl+f")
        await type_text(pilot, "mortar")
        await pilot.pause()
        assert text.selected_text == "mortar"  # found and selected
        await type_text(pilot, "zzq")  # "mortarzzq": not in the article
        await pilot.pause()
        assert "not found" in str(screen.query_one("#find-count").render())
        assert text.selected_text == ""  # the earlier match is no longer selected
        await pilot.press("ctrl+e")
        await pilot.pause()
        evidence = widget(app, "#incident-form--evidence")
        assert isinstance(evidence, Input) and evidence.value == ""
        assert any("is not in the article" in n.message for n in app._notifications)
        await save_and_quit(app, pilot)
    (incident,) = records_on_disk(shipped_project, "ana")[FIRST]["incidents"]
    assert "evidence" not in incident["values"]


async def test_ctrl_n_after_not_found_adds_no_incident_without_its_quote(
    shipped_project: Project,
) -> None:
    """Quote first (ctrl+n from the find bar) on a search that found nothing is refused as
    ctrl+e is: an incident without the evidence the coder meant would pass for the quote-first
    incident."""
    async with coding(shipped_project) as (app, pilot):
        screen = screen_of(app)
        await pilot.press("ctrl+f")
        await type_text(pilot, "zzqq")
        await wait_for(pilot, lambda: "not found" in str(screen.query_one("#find-count").render()))
        await pilot.press("ctrl+n")
        await wait_for(
            pilot, lambda: any("is not in the article" in n.message for n in app._notifications)
        )
        assert screen.session.record.incidents == []
        await pilot.press(
            "escape", "ctrl+n"
        )  # back in the article, nothing selected: a plain ctrl+n
        await wait_for(pilot, lambda: len(screen.session.record.incidents) == 1)


def test_an_escape_read_alone_is_never_merged_with_the_next_key(shipped_project: Project) -> None:
    """What Textual's Linux driver builds once the app exists: the terminal's bytes as they come
    in separate reads (escape, then "." 50 ms later) are two keys, not one "." that lost its
    escape; an arrow key (one read) is still an arrow."""
    from textual.drivers import linux_driver

    app_for(shipped_project)  # the app installs the parser
    parser = linux_driver.XTermParser()
    keys = [e.key for chunk in ("\x1b", ".") for e in parser.feed(chunk)]
    assert keys == ["escape", "full_stop"]
    keys = [e.key for chunk in ("\x1b", "a") for e in parser.feed(chunk)]
    assert keys == ["escape", "a"]
    assert [e.key for e in parser.feed("\x1b[A")] == ["up"]


async def test_enter_in_the_find_bar_returns_with_the_match_selected(
    shipped_project: Project,
) -> None:
    """Esc is not needed: enter leaves the find bar; "." then extends to the sentence end."""
    async with coding(shipped_project) as (app, pilot):
        screen = screen_of(app)
        text = screen.query_one(ArticleText)
        await pilot.press("ctrl+n", "ctrl+f")
        await type_text(pilot, "ISIS shelled")
        await pilot.press("enter", "full_stop", "ctrl+e")
        await pilot.pause()
        assert not screen.query_one("#find-bar").display
        evidence = widget(app, "#incident-form--evidence")
        assert isinstance(evidence, Input)
        assert evidence.value.startswith("ISIS shelled Topzawa village")
        assert evidence.value.endswith(".")  # to the end of the sentence
        assert text.selected_text.startswith("ISIS shelled")
        await pilot.press("ctrl+q")


async def test_done_is_refused_for_a_relevant_article_without_incidents(
    shipped_project: Project,
) -> None:
    async with coding(shipped_project) as (app, pilot):
        screen = screen_of(app)
        relevant = await focus(pilot, app, "#article-form--relevant")
        await pilot.press("1")  # Yes, at least one incident
        assert isinstance(relevant, ChoiceEditor) and relevant.value == "reported"
        await pilot.press("ctrl+d")
        await pilot.pause()
        assert screen.session.article.id == FIRST  # not moved on
        assert any("no incident is coded" in n.message for n in app._notifications)
        await pilot.press("f4")  # "no incident" contradicts the answer just as much
        await pilot.pause()
        assert screen.session.article.id == FIRST
        await save_and_quit(app, pilot)
    assert records_on_disk(shipped_project, "ana")[FIRST]["status"] == "draft"


async def test_the_form_offers_only_the_sub_event_types_of_the_event_type(
    shipped_project: Project,
) -> None:
    async with coding(shipped_project) as (app, pilot):
        await pilot.press("ctrl+n")
        sub = await focus(pilot, app, "#incident-form--sub_event_type")
        assert isinstance(sub, ChoiceEditor)
        assert sub.option_count == 1 + 13  # no event type yet: every sub-event type
        event = await focus(pilot, app, "#incident-form--event_type")
        await pilot.press("1")  # battles; the number moves on to the sub-event type
        await pilot.pause()
        assert app.focused is sub
        assert sub.values[1:] == [
            "armed_clash",
            "government_regains_territory",
            "non_state_overtakes_territory",
        ]
        await pilot.press("1")
        assert sub.value == "armed_clash"
        event.focus()
        await pilot.pause()
        await pilot.press("2")  # explosions / remote violence: armed_clash no longer fits
        await pilot.pause()
        assert sub.value is None and "shelling_artillery" in sub.values
        await focus(pilot, app, "#incident-form--sub_event_type")
        await pilot.press("3")
        assert sub.value == "shelling_artillery"
        await save_and_quit(app, pilot)
    (incident,) = records_on_disk(shipped_project, "ana")[FIRST]["incidents"]
    values = incident["values"]
    assert (values["event_type"], values["sub_event_type"]) == (
        "explosions_remote_violence",
        "shelling_artillery",
    )
