"""The find bar under the article: type to find a passage; the match is SELECTED in the article,
so ctrl+e puts it into the quote field without the mouse.

Matching is case-insensitive and whitespace-tolerant (a line break in the article matches a space
typed here), like the quote check. Typing searches from where the bar was opened, so each letter
narrows the same match instead of jumping ahead; down/F3 go to the next match, up/shift+F3 (or
shift+enter) to the previous one (wrapping around). Enter (or escape) closes the bar and puts the
focus in the article with the match still selected: shift+arrows or "." then extend it. Enter is
the way out because an escape followed quickly by a key can reach the app as one alt+key (see
`coder.tui.escape_keys`).

When the query matches nothing, the selection is cleared (the cursor stays where the last match
began), so ctrl+e can never take an earlier match, still highlighted, for evidence.
"""

from __future__ import annotations

import re
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Static

from coder.tui.article.text import ArticleText, quote_pattern

COUNT_LIMIT = 999
"""Matches counted for the "3/12" indicator (a one-letter search in 4 MB stays cheap)."""


def find_pattern(query: str) -> re.Pattern[str] | None:
    """Case-insensitive, any run of whitespace in the query matches any run in the text."""
    pattern = quote_pattern(query)
    return re.compile(pattern, re.IGNORECASE) if pattern else None


class FindInput(Input):
    """The query; down / up step through matches, enter and escape close."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "step(1)", "Next match", show=False),
        Binding("up,shift+enter", "step(-1)", "Previous match", show=False),
        Binding("enter", "close", "Back to the article, match selected", show=False),
        Binding("escape", "close", "Close find", show=False),
    ]

    def action_step(self, direction: int) -> None:
        bar = self.parent
        if isinstance(bar, FindBar):
            bar.step(direction)

    def action_close(self) -> None:
        bar = self.parent
        if isinstance(bar, FindBar):
            bar.close()


class FindBar(Horizontal):
    """`Find: [query        ] 3/12` below the article text; hidden until opened."""

    class Closed(Message):
        """The coder closed the bar with escape (the screen focuses the article)."""

    def __init__(self, text: ArticleText) -> None:
        super().__init__(id="find-bar")
        self.text = text
        self._anchor = 0
        self.query_text = ""
        self.found = False
        """Whether the last search found a match (ctrl+e explains an empty selection)."""

    def compose(self) -> ComposeResult:
        yield Static(Content("Find:"), id="find-label")
        yield FindInput(placeholder="text in the article (down: next, enter: done)", compact=True)
        yield Static("", id="find-count", markup=False)

    @property
    def input(self) -> FindInput:
        return self.query_one(FindInput)

    def open(self) -> None:
        """Show and focus the bar, searching from the cursor (or the current selection)."""
        self._anchor = self.text.offset_of(self.text.selection.start)
        self.display = True
        self.input.focus()
        self.input.select_all()

    def close(self) -> None:
        self.display = False
        self.post_message(self.Closed())

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.query_text = event.value
        self._search(self._anchor, 1)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()

    def step(self, direction: int) -> None:
        """The next (1) or previous (-1) match after / before the current one."""
        start, end = self.text.selected_span()
        self._search(end if direction > 0 else start, direction)

    def _search(self, position: int, direction: int) -> None:
        pattern = find_pattern(self.query_text)
        count = self.query_one("#find-count", Static)
        if pattern is None:
            count.update("")
            return
        span = self.text.find(pattern, position, direction)
        if span is None:
            self.found = False
            start = self.text.selected_span()[0]
            self.text.select_span(start, start)  # no stale match left for ctrl+e
            count.update(Content.styled("not found", "$text-error"))
            return
        self.found = True
        self.text.select_span(*span)
        self._anchor = span[0]  # typing more narrows this match
        count.update(Content(self._count(pattern, span[0])))

    def _count(self, pattern: re.Pattern[str], start: int) -> str:
        n = index = 0
        for match in pattern.finditer(self.text.joined):
            n += 1
            if match.start() == start:
                index = n
            if n >= COUNT_LIMIT:
                return f"{index or '?'}/{COUNT_LIMIT}+"
        return f"{index}/{n}"
