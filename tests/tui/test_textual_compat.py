"""Fails, by name, when a Textual upgrade changes an internal coder relies on.

Every private module, attribute and method coder uses is listed in coder.tui.textual_compat;
this test checks each against the installed Textual, so an upgrade is a one-file review.
"""

from __future__ import annotations

import inspect
from typing import ClassVar

import pytest
from textual.geometry import Region
from textual.widgets import TextArea
from textual.widgets.text_area import Document, WrappedDocument

from coder.project import Project
from coder.tui import textual_compat as compat


@pytest.mark.parametrize(
    ("cls", "name"), [(c, n) for c, names in compat.PRIVATE_HOOKS.items() for n in names]
)
def test_private_methods_still_exist(cls: type, name: str) -> None:
    member = inspect.getattr_static(cls, name, None)
    assert member is not None, f"Textual's {cls.__name__}.{name} is gone: see textual_compat"


async def test_private_attributes_still_exist_on_fresh_instances() -> None:
    from textual.app import App
    from textual.message_pump import MessagePump
    from textual.screen import Screen

    app: App[None] = App()
    async with app.run_test():
        instances = {
            TextArea: TextArea("x"),
            WrappedDocument: WrappedDocument(Document("ab")),
            MessagePump: app.screen,
            Screen: app.screen,
            App: app,
            compat.XTermParser: compat.XTermParser(),
            compat.Compositor: compat.BandedCompositor(),
        }
        missing = [
            f"{cls.__name__}.{name}"
            for cls, names in compat.PRIVATE_ATTRIBUTES.items()
            for name in names
            if not hasattr(instances[cls], name)
        ]
        assert missing == []
        assert compat.is_gone(app.screen) is False
        assert compat.app_exiting(app) is False
        assert compat.has_after_refresh_callbacks(app.screen) in (True, False)


def test_wrapped_functions_keep_their_shape() -> None:
    assert compat.compute_wrap_offsets("one two three", 7, 4) == [4, 8]
    options = [type("O", (), {"disabled": d})() for d in (False, True, False)]
    assert compat.find_next_enabled_no_wrap(options, 0, 1) == 2
    assert list(inspect.signature(compat.compute_wrap_offsets).parameters)[:3] == [
        "text",
        "width",
        "tab_size",
    ]


async def test_message_queue_and_bindings_accessors() -> None:
    from textual.app import App
    from textual.binding import BindingType

    class Tiny(App[None]):
        BINDINGS: ClassVar[list[BindingType]] = [("x", "bell", "Ring")]

    app = Tiny()
    async with app.run_test():
        assert compat.has_queued_messages(app) in (True, False)
        assert ("x", "bell") in [(k, b.action) for k, b in compat.declared_bindings(app)]
        assert compat.parent_of(app.screen) is app


async def test_banded_compositor_sends_what_textual_sends(shipped_project: Project) -> None:
    """A partial update rendered row band by row band reaches the terminal exactly as Textual's
    own (the box around all dirty regions), for far-apart fields, an open choice list over the
    rows below it, and the whole form pane."""
    from textual._compositor import Compositor

    from coder.tui.coding.app import CoderApp
    from coder.tui.form.editors import ChoiceEditor

    from .helpers import coding, press, screen_of, settle, widget

    async with coding(shipped_project, size=(120, 40)) as (app, pilot):
        await press(pilot, "ctrl+n")
        widget(app, "#incident-form--province").focus()  # an open list covers the rows below
        await settle(pilot)
        screen = screen_of(app)
        compositor = screen._compositor
        assert isinstance(compositor, compat.BandedCompositor)
        editor = widget(app, "#incident-form--province")
        assert isinstance(editor, ChoiceEditor) and editor.region.height > 1
        far = widget(app, "#incident-form--source_type").region  # rows below, in view or not
        cases = [
            {editor.region, far},
            {widget(app, "#incident-form--event_date").region, far, Region(3, 38, 40, 1)},
            {widget(app, "#form-scroll").region},
            {Region(0, 0, 120, 1), Region(10, 20, 5, 3), Region(100, 39, 20, 1)},
        ]
        for case in cases:  # Textual clips what it marks dirty to the screen (update_widgets)
            regions = {r.intersection(screen.region) for r in case} - {Region()}
            assert len(regions) == len(case), case
            compositor._dirty_regions = set(regions)
            banded = compositor.render_partial_update()
            compositor._dirty_regions = set(regions)
            textuals = Compositor.render_partial_update(compositor)
            assert banded is not None and textuals is not None
            sent = banded.render_segments(app.console)
            assert sent == textuals.render_segments(app.console), regions
        assert isinstance(app, CoderApp)
