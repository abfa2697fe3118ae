"""HelpLine: the help of the focused field (and of the highlighted choice) under the form.

It changes on every Tab and every choice the cursor passes, and a Tab cycles through the same
few dozen texts: each was wrapped and drawn again from its text every time it came back (about
a tenth of a Tab's painting). The lines drawn for a text are kept (per size and style) and
served again when the text returns.
"""

from __future__ import annotations

from typing import Any

from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import Static

KEPT_TEXTS = 128
"""Texts whose lines are kept: a codebook's fields and their choices, with room to spare."""


class HelpLine(Static):
    """A Static that keeps the lines it drew for each text it showed (see the module docstring).
    Show text with `show`; the screen lays it out (its height follows the text) at the next
    layout, not on each change."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__("", markup=False, **kwargs)
        self._text = Content("")
        self._kept: LRUCache[tuple[Any, ...], list[Strip]] = LRUCache(KEPT_TEXTS)

    def show(self, text: Content) -> None:
        """Show `text` without laying the screen out again (Static.update would)."""
        if text != self._text:
            self._text = text
            self.update(text, layout=False)

    def render_lines(self, crop: Region) -> list[Strip]:
        """The lines drawn for this text at this size and style, drawn once (everything that
        changes how they look is in the key: text, size, style, theme, a mouse selection)."""
        size = self.outer_size  # (crop is in the widget's own area, padding included)
        key = (self._text, size, self.visual_style, self.app.theme, self.text_selection)
        lines = self._kept.get(key)
        if lines is None:
            lines = super().render_lines(size.region)
            self._kept[key] = lines
        return [line.crop(crop.x, crop.right) for line in lines[crop.y : crop.bottom]]
