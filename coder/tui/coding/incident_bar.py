"""The incident tabs: how many incidents the article has and which one the form shows.

The tabs are small non-focusable buttons (the keyboard uses the screen's bindings: alt+n new,
ctrl+up/down previous/next...), so they cost nothing in the tab order; clicking works too.

The tab buttons are kept, never removed: an article with fewer incidents hides the extra ones,
and one with more mounts only the missing ones. A removed widget is garbage made of reference
cycles, which the collector never frees once the coding screen has frozen it (`gc_pause`):
remounting the tabs whenever the number of incidents changed from one article to the next left
~200 objects per tab frozen and unreachable, the largest part of a day's session's growth.
"""

from __future__ import annotations

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

    def compose(self) -> ComposeResult:
        yield Label("Incidents (0)", id="incident-count")
        yield Horizontal(id="incident-tabs")
        yield Button("+ new", id="incident-new", compact=True)

    def on_mount(self) -> None:
        self.query_one("#incident-new", Button).can_focus = False

    def show(self, count: int, current: int | None) -> None:
        label = self.query_one("#incident-count", Label)
        label.update(f"Incidents ({count})" + (":" if count else ": none"))
        tabs = self.query_one("#incident-tabs", Horizontal)
        buttons = list(tabs.query_children(Button))
        if count > len(buttons):
            added = [_tab(i) for i in range(len(buttons), count)]
            tabs.mount_all(added)
            buttons += added
        for i, button in enumerate(buttons):
            button.display = i < count
            button.set_class(i == current, "-current")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "incident-new":
            self.post_message(self.Selected(-1))
        elif event.button.name is not None:
            self.post_message(self.Selected(int(event.button.name)))


def _tab(index: int) -> Button:
    """The tab of incident `index` (0-based; labelled from 1), not focusable."""
    button = Button(str(index + 1), name=str(index), compact=True)
    button.can_focus = False
    return button
