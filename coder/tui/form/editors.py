"""One editor widget per codebook field type, plus the REGISTRY the form builds itself from.

Every editor is an ordinary Textual widget (Input, TextArea, Checkbox, or an inline OptionList from
`choice_list`) with the small `FieldEditor` interface, so the form can treat them alike:

* `get_raw()` returns what the coder entered: a `str` for typed editors (parsed later by
  `values.parse_value`, so half-typed input is never lost) or an already canonical value for
  pick-from-list editors (a Choice.value, a list of them, a bool).
* `set_value(value)` shows a stored canonical value; `set_raw(text)` shows unparsed scratch text.

Labels that come from the codebook are wrapped in `Content(...)`, which is always literal, so a
choice label such as "[unknown]" is never read as markup.
"""

from __future__ import annotations

import time
from typing import Any, ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Size
from textual.reactive import Reactive
from textual.widget import Widget
from textual.widgets import Checkbox, TextArea
from textual.widgets.input import Selection

from coder.codebook.model import Field, FieldType
from coder.tui.form.choice_list import ChoiceEditor, ChoiceHighlighted, MultiEditor
from coder.tui.form.cut_input import CutInput
from coder.tui.form.field_editor import INPUT_COMPONENT_CLASSES, FieldEditor
from coder.tui.form.place_editor import PlaceEditor
from coder.tui.textual_compat import SteadyScrollSize, own_component_classes

__all__ = ["REGISTRY", "ChoiceEditor", "ChoiceHighlighted", "FieldEditor", "MultiEditor"]


def _format(field: Field, value: Any) -> str:
    """Display text for a stored value in a typed editor (no import of coder.codebook.values)."""
    if value is None:
        return ""
    if field.type == "number" and isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class TextEditor(SteadyScrollSize, CutInput, FieldEditor):
    """`text`: one line of free text."""

    COMPONENT_CLASSES: ClassVar[set[str]] = INPUT_COMPONENT_CLASSES

    INPUT_TYPE: ClassVar[str] = "text"
    RESTRICT: ClassVar[str | None] = None
    MAX_LENGTH: ClassVar[int] = 0

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)
    """Widget.virtual_size without its layout: Input sets it to the text's width on every typed
    character, and each layout lays out the whole screen again (and redraws every scroll bar).
    The field's size never depends on its text (one row, the form's width); the Input scrolls its
    text itself. (A repaint still follows.)"""

    def __init__(self, field: Field, **kwargs: Any) -> None:
        super().__init__(
            placeholder=self.hint(field),
            type=self.INPUT_TYPE,  # type: ignore[arg-type]
            restrict=self.RESTRICT,
            max_length=self.MAX_LENGTH,
            compact=True,
            **kwargs,
        )
        self.field = field

    @staticmethod
    def hint(field: Field) -> str:
        return ""

    def get_raw(self) -> str:
        return self.value

    def set_value(self, value: Any) -> None:
        self.value = _format(self.field, value)
        self.cursor_position = len(self.value)

    async def action_submit(self) -> None:
        """Enter moves on, like tab and like enter in a choice list (`2018`, enter, `3` must
        never become `20183`)."""
        self.screen.focus_next()


own_component_classes(TextEditor)


class QuoteEditor(TextEditor):
    """`quote`: a passage of the article; filled by selecting text there and pressing ctrl+e."""

    @staticmethod
    def hint(field: Field) -> str:
        return "select text in the article, then ctrl+e"

    def set_value(self, value: Any) -> None:
        super().set_value(value)
        self.cursor_position = 0  # show where the passage starts

    def on_focus(self, event: events.Focus) -> None:
        """Keep Input's select-all on focus (typing replaces the quote) but with the cursor at the
        start: Input puts it at the end, which scrolls a long passage to its last words.
        (Textual runs Input's own handler after this one: the change waits for it.)"""
        if not event.from_app_focus:
            self.call_later(self._cursor_home)

    def _cursor_home(self) -> None:
        if not self.selection.is_empty:
            self.selection = Selection(len(self.value), 0)
        else:
            self.cursor_position = 0


class IntegerEditor(TextEditor):
    """`integer`: a whole number, checked on blur with the range.

    Typing is not restricted: Input's `integer` type drops every character its pattern refuses,
    so `2-3` became `23` and `1.5` became `15`, stored as done values without a word. Kept as
    typed, such text is an error on the field and the edit stays in the draft (scratch)."""

    @staticmethod
    def hint(field: Field) -> str:
        return _range_hint(field, "whole number")


class NumberEditor(TextEditor):
    """`number`: integer or decimal; not restricted while typing, for the reason given at
    `IntegerEditor`."""

    @staticmethod
    def hint(field: Field) -> str:
        return _range_hint(field, "number")


class DateEditor(TextEditor):
    """`date`: ISO YYYY, YYYY-MM or YYYY-MM-DD. Typing is restricted to digits, dashes and the
    separators coders type by habit ("/" "."), which are kept so that the field says what is
    wrong with `7/9/2020` instead of silently showing `792020`."""

    RESTRICT = r"[0-9./-]*"
    MAX_LENGTH = 10
    _said_at = 0.0

    @staticmethod
    def hint(field: Field) -> str:
        return "YYYY-MM-DD (or YYYY-MM, YYYY)"

    def restricted(self) -> None:
        """A key the field refused (a letter, or one past the 10 characters of YYYY-MM-DD):
        rung, as Input does, and said, at most once a second: a terminal's bell is often
        silent, and a coder typing on into a full date saw keys vanish without a word."""
        super().restricted()
        now = time.monotonic()
        if now - self._said_at < 1.0:
            return
        self._said_at = now
        full = len(self.value) >= self.MAX_LENGTH and self.selection.is_empty
        why = "is full (YYYY-MM-DD)" if full else "takes digits and - / . only"
        self.notify(f"{self.field.label} {why}: key not typed", severity="warning", markup=False)


def _range_hint(field: Field, kind: str) -> str:
    if field.min is not None and field.max is not None:
        return f"{kind}, {field.min}..{field.max}"
    if field.min is not None:
        return f"{kind}, >= {field.min}"
    if field.max is not None:
        return f"{kind}, <= {field.max}"
    return kind


class LongTextEditor(SteadyScrollSize, TextArea, FieldEditor):
    """`longtext`: several lines; tab leaves the field instead of indenting."""

    def __init__(self, field: Field, **kwargs: Any) -> None:
        super().__init__(
            soft_wrap=True, tab_behavior="focus", show_line_numbers=False, compact=True, **kwargs
        )
        self.field = field

    def get_raw(self) -> str:
        return self.text

    def set_value(self, value: Any) -> None:
        self.load_text(_format(self.field, value))


class BooleanEditor(Checkbox, FieldEditor):
    """`boolean` with a codebook `default`: a checkbox (space toggles).

    A checkbox cannot say "not coded", so it is only used when the codebook gives a default
    (the field always has a value); see `YesNoEditor`.
    """

    typed = False

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "toggle_button", "Toggle", show=False),
        Binding("enter", "next_field", "Next field", show=False),
    ]
    """Enter moves on, as from every other field; Checkbox's own enter ticked the box, so
    `2 enter 1 enter` typed from fatalities stored a tick the coder never meant."""

    def __init__(self, field: Field, **kwargs: Any) -> None:
        super().__init__(Content(field.label), **kwargs)
        self.field = field
        self.BUTTON_INNER = " "  # unticked until a value says otherwise (watch_value)

    def get_raw(self) -> bool:
        return bool(self.value)

    def action_next_field(self) -> None:
        self.screen.focus_next()

    def watch_value(self) -> None:
        # Textual draws "X" in both states (only its colour changes): show the state itself.
        self.BUTTON_INNER = "X" if self.value else " "
        super().watch_value()  # the `-on` class and the Changed message the form listens to

    def set_value(self, value: Any) -> None:
        self.value = bool(value)


class YesNoEditor(ChoiceEditor):
    """`boolean` without a default: (not coded) / Yes / No. Unknown is not "no": a field the
    coder never touched must be saved as empty, not as False."""

    def __init__(self, field: Field, **kwargs: Any) -> None:
        super().__init__(field, [("Yes", True), ("No", False)], **kwargs)


REGISTRY: dict[FieldType, type[Widget]] = {
    "text": TextEditor,
    "longtext": LongTextEditor,
    "quote": QuoteEditor,
    "integer": IntegerEditor,
    "number": NumberEditor,
    "date": DateEditor,
    "choice": ChoiceEditor,
    "multi": MultiEditor,
    "boolean": BooleanEditor,
    "place": PlaceEditor,
}
"""FieldType -> editor class. Every class takes `(field, **widget_kwargs)`."""


def make_editor(field: Field, **kwargs: Any) -> Widget:
    """The editor widget for `field`, built from REGISTRY."""
    if field.type == "boolean" and field.default is None:
        return YesNoEditor(field, **kwargs)
    return REGISTRY[field.type](field, **kwargs)  # type: ignore[arg-type]
