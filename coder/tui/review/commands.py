"""The review screens' own keys in the command palette (ctrl+p), named as in the footer.

A lead who forgets that `v` opens the coders-vs-gold panel finds it by typing "gold" in the
palette. Every binding of the calling screen that has an id and a description is offered; the
tooltip, when there is one, is the help line. Used as `COMMANDS` of the review screens, so it
works in `coder review` and when the coding app pushed the dashboard.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider


class ScreenKeyCommands(Provider):
    def _entries(self) -> Iterator[tuple[str, str, Callable[[], object]]]:
        screen = self.screen
        for b in getattr(screen, "BINDINGS", ()):
            if not isinstance(b, Binding) or not b.id or not b.description:
                continue
            key = b.key_display or b.key.split(",")[0]
            title = f"{b.description} ({key})"
            yield title, b.tooltip or b.description, partial(screen.run_action, b.action)

    async def discover(self) -> Hits:
        for title, help_text, run in self._entries():
            yield DiscoveryHit(title, run, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, run in self._entries():
            score = max(matcher.match(title), matcher.match(help_text))
            if score > 0:
                yield Hit(score, matcher.highlight(title), run, help=help_text)
