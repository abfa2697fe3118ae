"""A field reached by Tab or shift+Tab is shown with its label, at 80x24 too: the form scrolls
the whole row into view, not only the editor (the label is drawn in the row's top rows)."""

from __future__ import annotations

from coder.project import Project
from coder.tui.form import FieldRow

from .helpers import coding, keys_handled, press, settle


def focused_row(app) -> FieldRow | None:  # type: ignore[no-untyped-def]
    node = app.focused
    while node is not None and not isinstance(node, FieldRow):
        node = node.parent
    return node


async def test_every_field_reached_backwards_shows_its_label(shipped_project: Project) -> None:
    async with coding(shipped_project, size=(80, 24)) as (app, pilot):
        await press(pilot, "ctrl+n")
        for _ in range(40):  # down to the end of the incident form
            await press(pilot, "tab")
        await keys_handled(pilot)
        await settle(pilot)
        scroll = app.screen.query_one("#form-scroll")
        hidden = []
        for _ in range(40):
            await press(pilot, "shift+tab")
            await keys_handled(pilot)
            await settle(pilot)
            row = focused_row(app)
            if row is None:
                continue
            top, pane = row.region.y, scroll.content_region.y
            if top < pane:
                hidden.append((row.field.name, top, pane))
        assert not hidden, hidden
