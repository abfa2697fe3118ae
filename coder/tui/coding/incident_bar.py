"""The incident tabs: how many incidents the article has and which one the form shows.

The tabs are small non-focusable buttons (the keyboard uses the screen's bindings: alt+n new,
ctrl+up/down previous/next...), so they cost nothing in the tab order; clicking works too.

The tab buttons are kept, never removed: an article with fewer incidents hides the extra ones,
and one with more mounts only the missing ones. A removed widget is garbage made of reference
cycles, which the collector never frees once the coding screen has frozen it (`gc_pause`):
remounting the tabs whenever the number of incidents changed from one article to the next left
~200 objects per tab frozen and unreachable, the largest part of a day's session's growth.

More tabs than the bar has room for (8 incidents at 80 columns) are shown as a window around the
current one (`tab_window`): the bar does not scroll, and the current tab and "+ new" were cut off.
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Button, Label


class IncidentBar(Horizontal):
    """`Incidents (3):  [1] [2] [3]  [+ new]`"""

    class Selected(Message):
        """The coder clicked incident `index` (0-based), or -1 for "new"."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self) -> None:
        super().__init__(id="incident-bar")
        self._shown: tuple[int, int | None] | None = None

    def compose(self) -> ComposeResult:
        yield Label("Incidents (0)", id="incident-count")
        yield Horizontal(id="incident-tabs")
        yield Button("+ new", id="incident-new", compact=True)

    def on_mount(self) -> None:
        self.query_one("#incident-new", Button).can_focus = False

    def show(self, count: int, current: int | None) -> None:
        self._shown = (count, current)
        text = f"Incidents ({count})" + (":" if count else ": none")
        label = self.query_one("#incident-count", Label)
        label.update(text)
        tabs = self.query_one("#incident-tabs", Horizontal)
        buttons = list(tabs.query_children(Button))
        if count > len(buttons):
            added = [_tab(i) for i in range(len(buttons), count)]
            tabs.mount_all(added)
            buttons += added
        width = self.content_size.width
        room = (width - len(text) - COUNT_PADDING - NEW_CELLS) // TAB_CELLS if width else None
        first, last = tab_window(count, current, room)
        for i, button in enumerate(buttons):
            button.display = first <= i < last
            button.set_class(i == current, "-current")

    def on_resize(self, event: events.Resize) -> None:
        """The room for tabs changed (the terminal, the form pane): show the window again."""
        if self._shown is not None:
            self.show(*self._shown)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "incident-new":
            self.post_message(self.Selected(-1))
        elif event.button.name is not None:
            self.post_message(self.Selected(int(event.button.name)))


TAB_CELLS = 6
"""Cells a tab takes (app.tcss: `min-width: 5`, `margin-right: 1`; numbers up to 999)."""
NEW_CELLS = 8
"""Cells of "+ new" (app.tcss: `min-width: 8`)."""
COUNT_PADDING = 2
"""The count label's padding (app.tcss: `padding: 0 1`)."""


def tab_window(count: int, current: int | None, room: int | None) -> tuple[int, int]:
    """Which tabs to show, as (first, end): all when they fit (or `room` is unknown, before the
    first layout), else `room` tabs (at least one) with the current one as near the middle as
    the ends allow."""
    if room is None or count <= room:
        return 0, count
    room = max(1, room)
    first = min(max(0, (current or 0) - room // 2), count - room)
    return first, first + room


def _tab(index: int) -> Button:
    """The tab of incident `index` (0-based; labelled from 1), not focusable."""
    button = Button(str(index + 1), name=str(index), compact=True)
    button.can_focus = False
    return button
