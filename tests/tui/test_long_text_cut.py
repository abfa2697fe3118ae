"""A one-line field whose text is longer than the field ends in "…" while it is not focused.

Found in tmux by a tester: the evidence quote showed "attacked an Iraqi federa", cut at the
field's edge with nothing to say there was more."""

from __future__ import annotations

from coder.project import Project
from coder.tui.form.editors import QuoteEditor, TextEditor

from .helpers import coding, focus, press, settle, type_text, widget

LONG = "Unidentified gunmen attacked an Iraqi federal police checkpoint near the village at night"


def shown(editor: TextEditor) -> str:
    return editor.render_line(0).text.rstrip()


async def test_a_long_value_ends_in_an_ellipsis_until_focused(shipped_project: Project) -> None:
    async with coding(shipped_project, size=(120, 40)) as (app, pilot):
        await press(pilot, "ctrl+n")
        name = await focus(pilot, app, "#incident-form--perpetrator_name")
        assert isinstance(name, TextEditor)
        name.value = LONG
        await settle(pilot)
        room = name.scrollable_content_region.width
        assert len(LONG) > room
        assert "…" not in shown(name)  # focused: the text as typed, the cursor in it
        await press(pilot, "tab")
        await settle(pilot)
        line = shown(name)
        assert line.endswith("…") and len(line) == room, line
        assert LONG.startswith(line[:-1])
        name.value = "short name"
        await settle(pilot)
        assert shown(name) == "short name"  # fits: nothing added
        quote = widget(app, "#incident-form--evidence")
        assert isinstance(quote, QuoteEditor)
        quote.set_value(LONG)
        await settle(pilot)
        assert shown(quote).endswith("…")


async def test_a_long_value_typed_and_left_shows_its_start(shipped_project: Project) -> None:
    """Typed to its end and left with Tab, the field showed its last words with the start cut
    off (Input keeps the view where the cursor was): found in tmux by a tester."""
    async with coding(shipped_project, size=(80, 24)) as (app, pilot):
        await press(pilot, "ctrl+n")
        name = await focus(pilot, app, "#incident-form--perpetrator_name")
        assert isinstance(name, TextEditor)
        await type_text(pilot, LONG)
        await settle(pilot)
        assert name.scroll_offset.x > 0  # typing scrolled it: the start is out of view
        await press(pilot, "tab")
        await settle(pilot)
        line = shown(name)
        assert line.startswith("Unidentified gunmen") and line.endswith("…"), line
