"""The incident tabs: how many incidents the article has and which one the form shows.

The tabs are small non-focusable buttons (the keyboard uses the screen's bindings: alt+n new,
ctrl+up/down previous/next...), so they cost nothing in the tab order; clicking works too.
Buttons are only remounted when the number of incidents changes.
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
        self._count = -1
        self._current: int | None = None

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
        if count != self._count:
            self._count = count
            tabs.remove_children()
            buttons = [Button(str(i + 1), name=str(i), compact=True) for i in range(count)]
            for button in buttons:
                button.can_focus = False
            tabs.mount_all(buttons)
            for i, button in enumerate(buttons):
                button.set_class(i == current, "-current")
        else:
            for button in tabs.query(Button):
                button.set_class(button.name == str(current), "-current")
        self._current = current

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "incident-new":
            self.post_message(self.Selected(-1))
        elif event.button.name is not None:
            self.post_message(self.Selected(int(event.button.name)))
