"""CutInput: an Input that, while not focused, shows its text from the start and ends in "…"
where the text runs past its edge.

Textual's Input keeps the view where the cursor left it: a coder who typed a long perpetrator
name or an evidence quote and moved on saw its last words with the start cut off, and a text
longer than the field was cut at its edge, both without a sign of more. Unfocused, the view goes
back to the start and the last cell says "…"; focused, it is Input's own (the cursor decides).
Put it before Input among the bases.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.segment import Segment
from textual import events
from textual.strip import Strip
from textual.widgets import Input


class CutInput(Input):
    def on_blur(self, event: events.Blur) -> None:
        # (Input's own blur handler runs as well: Textual calls each class's in turn.) After
        # what the blur sets off (the form may write the value back, which moves the cursor
        # and the view to its end), so later.
        self.call_later(self._view_from_start)

    def _view_from_start(self) -> None:
        """The cursor to the start, which scrolls the view there (Input scrolls to its cursor
        and nowhere else). Unfocused the cursor is not shown, and focusing selects the text."""
        if not self.has_focus:
            self.cursor_position = 0

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        room = self.scrollable_content_region.width
        if y or self.has_focus or room < 2 or not self.value:
            return strip
        if cell_len(self.value) - self.scroll_offset.x <= room:
            return strip
        end = room - 1
        style = next((seg.style for seg in strip.crop(end, end + 1)), None)
        more = Strip([Segment("…", style)], 1)
        return Strip.join([strip.crop(0, end), more]).extend_cell_length(
            strip.cell_length, self.rich_style
        )
