"""FieldRow: one field of the form, its label drawn in its own top rows, its editor and error.

Split from form.py; `dom_order` is shared with CodebookForm (focus order = order in the form).
"""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.geometry import Region
from textual.strip import Strip
from textual.style import Style as VisualStyle
from textual.visual import Visual
from textual.widget import Widget
from textual.widgets import Checkbox, Static

from coder.codebook.model import Field
from coder.tui.form.choice_list import ChoiceEditor, ChoiceSlot
from coder.tui.textual_compat import SteadyContainerSize


def dom_order(widget: Widget) -> tuple[int, int]:
    """Focus order = order in the form, not screen position.

    Textual sorts siblings for tab/`focus_next` by their last laid-out region. A row that was
    just shown (`when` now holds, the first incident's form) has no region yet, so a key that
    arrives before the next repaint (type-ahead) moved the focus to the wrong field.
    """
    parent = widget.parent
    return (parent.children.index(widget) if parent is not None else 0), 0


class FieldRow(SteadyContainerSize, Vertical):
    """Label (with `*` when required), the editor, and an inline error line (mounted with the
    row's first error: most rows never have one, and start-up styles every widget mounted).

    The label is drawn by the row itself, in its top padding (as many rows as the label takes
    at the row's width), not by a Label widget: a widget per field is one more for Textual to
    lay out, style, walk for the focus chain and paint on every Tab (20 fields: 20 of the
    screen's ~140 widgets), and a Label drew its line again from its markup at each change of
    focus. The row keeps the lines of its label at each width and focus, so marking the focused
    field is a repaint of its label rows from what is kept. The rest of the row is blank: its
    children cover it (see `BLANK_CONTAINERS`)."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"field-row--label"}
    """The label's style (app.tcss: muted text), as a child Label of the row had it."""

    @property
    def _focus_sort_key(self) -> tuple[int, int]:
        return dom_order(self)

    def __init__(self, field: Field, editor: Widget) -> None:
        super().__init__(classes=f"field-row type-{field.type}")
        self.field = field
        self.editor = editor
        self._error: str | None = None
        self._focused = False
        self._labelled = not isinstance(editor, Checkbox)  # a checkbox carries its own label
        self._label_lines: dict[tuple[bool, int], list[Strip]] = {}
        self._label_style: VisualStyle | None = None
        """The style the kept lines were drawn in (Textual keeps one object while it holds)."""
        if self._labelled:
            self.styles.padding = (1, 0, 0, 0)  # the label's rows (`_fit_label`)

    def _label(self, focused: bool) -> Content:
        """The label's text: accented and bold while the field has the focus."""
        label = Content.styled(self.field.label, "bold $accent" if focused else "")
        if self.field.required:
            label = label + Content.styled(" *", "bold $error")
        return label

    def label_lines(self, width: int, focused: bool | None = None) -> list[Strip]:
        """The label's lines at `width` (wrapped as a Label wraps), kept per focus and width."""
        if not self._labelled or width <= 0:
            return []
        focused = self._focused if focused is None else focused
        style = self.get_visual_style("field-row--label")
        if style is not self._label_style and style != self._label_style:
            self._label_lines.clear()  # a new theme or class: drawn again
        self._label_style = style
        key = (focused, width)
        lines = self._label_lines.get(key)
        if lines is None:
            if len(self._label_lines) > 8:  # other widths: drop them
                self._label_lines.clear()
            lines = Visual.to_strips(self, self._label(focused), width, None, style, pad=True)
            self._label_lines[key] = lines
        return lines

    def render_lines(self, crop: Region) -> list[Strip]:
        """The label's lines at the top; blank below, where the children cover the row."""
        rows = self.styles.padding.top if self._labelled else 0
        lines = self.label_lines(self.outer_size.width) if crop.y < rows else []
        blank = Strip.blank(crop.width, self.visual_style.rich_style)
        return [
            lines[y].crop(crop.x, crop.right) if y < len(lines) else blank
            for y in range(crop.y, crop.bottom)
        ]

    def on_resize(self, event: events.Resize) -> None:
        self._fit_label(event.size.width)

    def _fit_label(self, width: int) -> None:
        """Give the label as many rows as it takes at `width` (a long label wraps on a narrow
        screen): a layout only when that number changes."""
        if not self._labelled or width <= 0:
            return
        rows = len(self.label_lines(width, focused=False))
        if rows != self.styles.padding.top:
            self.styles.padding = (rows, 0, 0, 0)

    def compose(self) -> ComposeResult:
        suggestion = Static("", classes="field-suggestion", markup=False)
        if isinstance(self.editor, ChoiceEditor):
            # The open list covers the rows under its slot: the suggestion goes above it, where
            # the coder still sees what ctrl+g would take while choosing.
            yield suggestion
            yield ChoiceSlot(self.editor)  # one fixed row: the open list lays nothing out
        else:
            yield self.editor
            yield suggestion

    def show_focus(self, focused: bool) -> None:
        """Mark the label of the field with the focus, in its text (bold, accent colour): not by
        `:focus-within` on the row (Textual restyled the row with all its descendants on every
        focus change), nor by a class (a restyle); only the label's rows are drawn again, from
        lines kept for each focus, and its size does not change (no layout)."""
        if focused == self._focused:
            return
        self._focused = focused
        rows = self.styles.padding.top if self._labelled else 0
        if rows and self.is_mounted:
            # (refresh takes regions of the content area; the label is above it, in the padding)
            self.refresh(Region(0, -rows, self.outer_size.width, rows))

    def set_suggestion(self, line: str | None) -> None:
        """Show a suggested value beside the editor (dimmed, marked; not a value): None hides.
        Under a typed field, over a choice list (whose open list covers the rows below it)."""
        hint = self.query_one(".field-suggestion", Static)
        if line == getattr(self, "_suggestion", None):
            return
        self._suggestion = line
        hint.update(Content(line or ""))
        hint.set_class(bool(line), "-shown")
        self.set_class(bool(line), "-suggested")

    def set_error(self, message: str | None) -> None:
        if message == self._error:
            return  # (leaving a valid field again: no update, no layout)
        self._error = message
        shown = self.query(".field-error")
        if shown:
            shown.first(Static).update(Content(message or ""))
        elif message:  # the row's first error: its line is built now, not for every row at start
            self.mount(Static(Content(message), classes="field-error", markup=False))
        self.set_class(bool(message), "-invalid")
