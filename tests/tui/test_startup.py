"""Start-up of the coding screen: what is left out of the first frame, and what must still hold.

The screen is painted before all of it is built (the incident form of an article without
incidents is mounted right after the first frame; every stored record is read in a worker), so
keys typed from the first moment must wait for the widgets they are meant for; the stylesheet is
applied to each widget once, not again on the first resume and resize; and a damaged or locked
database still stops or restricts the session before anything is written.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.css.stylesheet import Stylesheet
from textual.dom import DOMNode
from textual.widget import Widget
from textual.widgets import Input, TextArea

from coder.project import Project
from coder.tui.coding.app import CoderApp
from coder.tui.form.editors import ChoiceEditor

from .helpers import coding, key_event, screen_of, settle, wait_for, widget

TYPED = ["down", "enter", *"Mortars", "ctrl+n", *"2020-09-03"]
"""relevant: Yes (enter moves on to the summary), a summary, a new incident and its date."""


class TypingAhead(CoderApp):
    """Types `TYPED` the moment it is mounted, before the coding screen is even composed."""

    typed_before_the_screen: bool | None = None

    def on_mount(self) -> None:  # Textual runs CoderApp.on_mount too
        self.typed_before_the_screen = self.coding is None or not self.coding.is_mounted
        for key in TYPED:
            self.post_message(key_event(key))


async def test_keys_typed_during_start_up_land_in_their_fields(project_copy: Project) -> None:
    app = TypingAhead(project_copy, "ana")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.coding is not None, what="the coding screen")
        await settle(pilot)
        screen = screen_of(app)
        assert app.typed_before_the_screen
        relevant = widget(app, "#article-form--relevant")
        assert isinstance(relevant, ChoiceEditor) and relevant.get_raw() is True
        summary = widget(app, "#article-form--summary")
        assert isinstance(summary, TextArea) and summary.text == "Mortars"
        assert screen.session.current == 0 and len(screen.session.record.incidents) == 1
        date = widget(app, "#incident-form--event_date")
        assert isinstance(date, Input) and date.value == "2020-09-03"
        assert app.focused is date
        assert not app.keys_pending


async def test_an_article_opened_with_an_incident_has_its_form_in_the_first_frame(
    project_copy: Project,
) -> None:
    async with coding(project_copy) as (app, pilot):
        await pilot.press("ctrl+n")
        await settle(pilot)
        await pilot.press("ctrl+q")  # saves: the article now has an incident
    app = CoderApp(project_copy, "ana")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.coding is not None, what="the coding screen")
        screen = screen_of(app)
        await wait_for(pilot, lambda: screen.is_mounted, what="the screen mounted")
        assert screen.query("#incident-form")  # composed with the screen, not after
        await settle(pilot)
        assert screen.query_one("#incident-form").display


@pytest.mark.parametrize("width", [120, 80])
async def test_every_widget_is_styled_once_on_the_way_to_the_first_frame(
    project_copy: Project, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    """Textual styled each of the screen's widgets three times before: when mounted, again on the
    first ScreenResume and again when the first Resize set the breakpoint class. Focus changes
    restyle the few widgets that gain or lose it."""
    styled: dict[int, int] = {}
    apply = Stylesheet.apply

    def counting(self: Stylesheet, node: DOMNode, *args: Any, **kwargs: Any) -> None:
        if isinstance(node, Widget):
            styled[id(node)] = styled.get(id(node), 0) + 1
        apply(self, node, *args, **kwargs)

    monkeypatch.setattr(Stylesheet, "apply", counting)
    async with coding(project_copy, size=(width, 40)) as (app, _pilot):
        widgets = list(screen_of(app).walk_children(with_self=True))
        assert len(widgets) > 50  # the incident form (mounted after the first frame) too
        again = [w for w in widgets if styled.get(id(w), 0) > 1]
        assert len(again) <= 5, [type(w).__name__ for w in again]
        assert screen_of(app).has_class("-wide" if width >= 110 else "-narrow")


@pytest.mark.parametrize("read_later", [False, True])
async def test_a_damaged_database_stops_before_anything_is_written(
    project_copy: Project, monkeypatch: pytest.MonkeyPatch, read_later: bool
) -> None:
    """Read before the first frame (no screen shown) or, a big one, after it."""
    from coder.tui.coding import app as app_module

    monkeypatch.setattr(app_module, "READ_AFTER_PAINT", -1 if read_later else 1 << 40)
    path = project_copy.coder_path("ana")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('{"_default": {}}\n', encoding="utf-8")
    app = CoderApp(project_copy, "ana")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.return_code is not None, what="the app to exit")
    assert app.return_value == 2  # the CLI's exit status, with the store's message
    assert (app.coding is not None) is read_later
    assert path.read_text(encoding="utf-8") == '{"_default": {}}\n'


async def test_read_only_session_counts_progress_and_takes_no_typing(project_copy: Project) -> None:
    async with coding(project_copy) as (app, pilot):
        await pilot.press("ctrl+n")  # a draft with one incident
        await settle(pilot)
        await pilot.press("ctrl+q")
    stored = project_copy.coder_path("ana").read_bytes()
    async with coding(project_copy, readonly=True) as (app, pilot):
        screen = screen_of(app)
        assert screen.session.readonly and screen.session.indexed
        assert "0/5 done" in str(widget(app, "#status-header").render())
        await pilot.press("ctrl+n", *"2020")
        await settle(pilot)
        assert len(screen.session.record.incidents) == 1
        await pilot.press("ctrl+q")
    assert project_copy.coder_path("ana").read_bytes() == stored
