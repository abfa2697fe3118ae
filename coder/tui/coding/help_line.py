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

from collections.abc import Sequence
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
        self._room_for: Sequence[Content] = ()
        self._kept: LRUCache[tuple[Any, ...], list[Strip]] = LRUCache(KEPT_TEXTS)

    def show(
        self, text: Content, tail: Content | None = None, room_for: Sequence[Content] = ()
    ) -> None:
        """Show `text`, then `tail` (the choice under the cursor: kept whole if the panel cannot
        show everything). `room_for`: every tail this text may come with (the help of each
        choice of the field): the panel takes the height of the tallest at its next layout, so
        the cursor moving down a list never finds a choice's help cut.

        The screen is laid out again only when the panel must grow to show the new help: the
        text changes on every Tab and every choice the cursor passes, and a layout each time
        the height changed doubled a Tab's Python calls and quadrupled a pick's
        (bench_keys_cpu.py --calls). Moving down a list never grows it (it has room for the
        tallest choice help of the field already); a shorter help leaves it as it is until the
        next layout (a list opening or closing), with blank rows meanwhile. The form keeps the
        field with the cursor in view when the panel grows (FormScroll.keep_in_view)."""
        tail = tail or Content("")
        if text == self._text and tail == self._tail and room_for == self._room_for:
            return
        self._text, self._tail, self._room_for = text, tail, room_for
        width = self.content_size.width
        grow = width > 0 and self._rows(width) > self.size.height
        self.update(text + Content("\n") + tail if tail else text, layout=grow)

    def _rows(self, width: int) -> int:
        """The rows the panel needs at `width`: its text with the tallest tail, up to its
        `max-height`."""
        rows = self.get_content_height(Size(0, 0), Size(0, 0), width)
        cap, parent = self.styles.max_height, self.parent
        if cap is not None and isinstance(parent, Widget):
            rows = min(rows, int(cap.resolve(parent.content_size, self.app.size)))
        return rows

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """The rows the whole help takes with its tallest tail (what `render` shows may be cut
        to the rows given: `max-height`)."""
        if width <= 0:
            return 0
        tails = [t for t in (self._tail, *self._room_for) if t]
        if not tails:
            return self._height(self._text, width)
        return self._height(self._text, width) + max(self._height(t, width) for t in tails)

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
        row = lines[room - 1]
        cut = row.truncate(max(width - MORE.cell_length, 0))
        inside_a_word = row.plain[len(cut.plain) : len(cut.plain) + 1] not in ("", " ")
        if inside_a_word and (space := cut.plain.rstrip().rfind(" ")) > 0:
            cut = cut[:space]  # back to the last whole word ("2020-0" read as a date)
        last = cut.rstrip() + MORE
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
