"""HelpLine: the help of the focused field (and of the highlighted choice) under the form.

It changes on every Tab and every choice the cursor passes, and a Tab cycles through the same
few dozen texts: each was wrapped and drawn again from its text every time it came back (about
a tenth of a Tab's painting). The lines drawn for a text are kept (per size and style) and
served again when the text returns.

Its height follows the text, up to a cap (app.tcss: a third of the form pane, 4 rows on a
short terminal, where the form needs its rows). A help longer than that is cut at the field's
help, never at the choice under the cursor (the part that changes as the cursor moves), and its
last row says so: F1 opens the whole codebook at the field (coder.tui.coding.help).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Static

if TYPE_CHECKING:
    from textual.css.styles import RulesMap

KEPT_TEXTS = 128
"""Texts whose lines are kept: a codebook's fields and their choices, with room to spare."""

MORE = Content.styled(" … F1: all of it", "bold")
"""Ends the last row of the field's help when the panel cannot show all of it."""


class HelpLine(Static):
    """A Static that keeps the lines it drew for each text it showed (see the module docstring).
    Show text with `show`."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__("", markup=False, **kwargs)
        self._text = Content("")
        self._tail = Content("")
        self._kept: LRUCache[tuple[Any, ...], list[Strip]] = LRUCache(KEPT_TEXTS)

    def show(self, text: Content, tail: Content | None = None) -> int:
        """Show `text`, then `tail` (the choice under the cursor: kept whole if the panel cannot
        show everything). Returns the rows the panel will grow by at the next layout (negative:
        shrink), for the form above it to keep the field with the cursor clear of them.

        The screen is laid out again only when the panel needs another number of rows: the
        text changes on every Tab and every choice the cursor passes, and most have the height
        of the one before. Not waiting for the next layout for it (a list opening) matters: the
        panel showed a help cut short until then, and on reopening grew over the field with the
        cursor when the first key was typed."""
        tail = tail or Content("")
        if text == self._text and tail == self._tail:
            return 0
        self._text, self._tail = text, tail
        whole = text + Content("\n") + tail if tail else text
        if self.content_size.width <= 0:  # not laid out yet: the first layout sizes it
            self.update(whole)
            return 0
        grow = self._rows_for(whole) - self.outer_size.height
        self.update(whole, layout=grow != 0)
        return grow

    def _rows_for(self, whole: Content) -> int:
        """The rows the panel takes to show `whole` at its width, up to its `max-height`."""
        rows = self._height(whole, self.content_size.width) + self.styles.gutter.height
        cap, parent = self.styles.max_height, self.parent
        if cap is not None and isinstance(parent, Widget):
            rows = min(rows, int(cap.resolve(parent.content_size, self.app.size)))
        return rows

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """The rows the whole help takes (what `render` shows may be cut to the rows given)."""
        whole = self._text + Content("\n") + self._tail if self._tail else self._text
        return self._height(whole, width) if width > 0 else 0

    def _height(self, text: Content, width: int) -> int:
        """Rows `text` wraps to at `width`, wrapped by this widget's rules (text-wrap...), as
        Textual measures a Static (it passes its styles as the rules map, as here)."""
        return text.get_height(cast("RulesMap", self.styles), width)

    def render(self) -> Content:
        """The help, cut to the rows the panel has: the end of the field's help goes (its last
        row ends with `MORE`); the choice under the cursor stays whole, when it fits."""
        width, height = self.content_size
        text, tail = self._text, self._tail
        lines = text.wrap(width) if width > 0 else []
        tail_lines = tail.wrap(width) if width > 0 and tail else []
        if height <= 0 or len(lines) + len(tail_lines) <= height:
            return text + Content("\n") + tail if tail else text
        if len(tail_lines) >= height:  # the choice alone fills the panel: cut everything
            lines, tail_lines = [*lines, *tail_lines], []
        room = height - len(tail_lines)
        last = lines[room - 1].truncate(max(width - MORE.cell_length, 0)).rstrip() + MORE
        return Content("\n").join([*lines[: room - 1], last, *tail_lines])

    def render_lines(self, crop: Region) -> list[Strip]:
        """The lines drawn for this text at this size and style, drawn once (everything that
        changes how they look is in the key: text, size, style, theme, a mouse selection)."""
        size = self.outer_size  # (crop is in the widget's own area, padding included)
        key = (
            self._text,
            self._tail,
            size,
            self.visual_style,
            self.app.theme,
            self.text_selection,
        )
        lines = self._kept.get(key)
        if lines is None:
            lines = super().render_lines(size.region)
            self._kept[key] = lines
        return [line.crop(crop.x, crop.right) for line in lines[crop.y : crop.bottom]]
