"""KeyBar: the coding screen's footer, one row of its most important keys, built once.

Why not Textual's Footer: it recomposes on every focus change (each Tab), building one FooterKey
widget per binding of the focus chain and restyling them all, and in textual 8.2.8 the old
FooterKeys are never freed (the Footer's data binding keeps them: Textualize/textual#6666). On
the coding screen (~26 keys) that cost 0.2-0.3 s of CPU per Tab and leaked 26 widgets each time;
it also cut its last key in half at 80 and 120 columns.

KeyBar is a single widget that renders text: the keys it is given, in that order (importance),
as many whole entries as fit in its width; the command palette key is always at the right edge.
The keys do not depend on the focus, so nothing happens on Tab; a resize re-renders one line.
Every other key is in F1 help and the command palette (ctrl+p). Clicking an entry runs its
action on the screen, as clicking a Footer key did.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from textual.content import Content
from textual.widget import Widget


class KeyHint(NamedTuple):
    key: str
    """As shown ("f1", "^s": App.get_key_display)."""
    description: str
    action: str
    """Run on click, in the screen's namespace ("screen.<action>") unless it names another."""


GAP = 2
"""Spaces between two entries."""


class KeyBar(Widget, can_focus=False):
    """`f1 Help  ^s Save  ^d Done  ...              ^p palette`"""

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        padding: 0 1;
        color: $footer-foreground;
        background: $footer-background;
    }
    """
    ALLOW_SELECT = False

    def __init__(
        self, hints: Sequence[KeyHint], right: KeyHint | None = None, *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.hints = tuple(hints)
        self.right = right
        self._rendered: tuple[int, Content] | None = None

    def render(self) -> Content:
        width = self.content_size.width
        if self._rendered is None or self._rendered[0] != width:
            self._rendered = (width, self.line(width))
        return self._rendered[1]

    def line(self, width: int) -> Content:
        """The hints that fit in `width` cells, whole ones only, `right` at the right edge."""
        right = _hint(self.right) if self.right is not None else Content()
        room = width - (right.cell_length + GAP if right else 0)
        left = Content()
        for hint in self.hints:
            entry = _hint(hint)
            needed = entry.cell_length + (GAP if left else 0)
            if needed > room:
                break
            left = left + Content(" " * GAP) + entry if left else entry
            room -= needed
        if not right:
            return left
        pad = max(width - left.cell_length - right.cell_length, GAP if left else 0)
        return left + Content(" " * pad) + right


def _hint(hint: KeyHint) -> Content:
    action = hint.action if "." in hint.action else f"screen.{hint.action}"
    click = f"@click={action}"
    key = Content.styled(hint.key, f"bold $footer-key-foreground {click}")
    return key + Content.styled(" " + hint.description, f"$footer-description-foreground {click}")
