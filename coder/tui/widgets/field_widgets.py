"""One editor widget per codebook field type, plus the REGISTRY the form builds itself from.

Every editor is an ordinary Textual widget (Input, Select, SelectionList, Checkbox, TextArea) with
the small `FieldEditor` interface mixed in, so the form can treat them alike:

* `get_raw()` returns what the coder entered: a `str` for typed editors (parsed later by
  `coder.values.parse_value`, so half-typed input is never lost) or an already canonical value for
  pick-from-list editors (a Choice.value, a list of them, a bool).
* `set_value(value)` shows a stored canonical value; `set_raw(text)` shows unparsed scratch text.

Labels that come from the codebook are wrapped in `Content(...)`, which is always literal, so a
choice label such as "[unknown]" is never read as markup.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Select, SelectionList, TextArea
from textual.widgets._select import SelectOverlay

from coder.model import Field, FieldType


def _format(field: Field, value: Any) -> str:
    """Display text for a stored value in a typed editor (no import cycle on coder.values)."""
    if value is None:
        return ""
    if field.type == "number" and isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class ChoiceHighlighted(Message):
    """The cursor of a pick-from-list editor is on the choice with `value` (None: "not coded");
    the screen shows that choice's help under the field's."""

    def __init__(self, field: Field, value: Any) -> None:
        super().__init__()
        self.field = field
        self.value = value


class FieldEditor:
    """The interface every field editor offers the form (mixed into a Textual widget)."""

    field: Field
    typed: ClassVar[bool] = True
    """True when `get_raw` returns text that still has to be parsed."""

    def get_raw(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def set_raw(self, raw: str) -> None:
        """Show unparsed text kept in the record's scratch (typed editors only)."""
        self.set_value(raw)


class TextEditor(Input, FieldEditor):
    """`text`: one line of free text."""

    INPUT_TYPE: ClassVar[str] = "text"
    RESTRICT: ClassVar[str | None] = None
    MAX_LENGTH: ClassVar[int] = 0

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


class QuoteEditor(TextEditor):
    """`quote`: a passage of the article; filled by selecting text there and pressing ctrl+e."""

    @staticmethod
    def hint(field: Field) -> str:
        return "select text in the article, then ctrl+e"

    def set_value(self, value: Any) -> None:
        super().set_value(value)
        self.cursor_position = 0  # show where the passage starts


class IntegerEditor(TextEditor):
    """`integer`: digits only (Input restricts typing; range is checked on blur)."""

    INPUT_TYPE = "integer"

    @staticmethod
    def hint(field: Field) -> str:
        return _range_hint(field, "whole number")


class NumberEditor(TextEditor):
    """`number`: integer or decimal."""

    INPUT_TYPE = "number"

    @staticmethod
    def hint(field: Field) -> str:
        return _range_hint(field, "number")


class DateEditor(TextEditor):
    """`date`: ISO YYYY, YYYY-MM or YYYY-MM-DD; typing is restricted to digits and dashes."""

    RESTRICT = r"[0-9-]*"
    MAX_LENGTH = 10

    @staticmethod
    def hint(field: Field) -> str:
        return "YYYY-MM-DD (or YYYY-MM, YYYY)"


def _range_hint(field: Field, kind: str) -> str:
    if field.min is not None and field.max is not None:
        return f"{kind}, {field.min}..{field.max}"
    if field.min is not None:
        return f"{kind}, >= {field.min}"
    if field.max is not None:
        return f"{kind}, <= {field.max}"
    return kind


class LongTextEditor(TextArea, FieldEditor):
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


class _SelectEditor(Select[Any], FieldEditor):
    """A drop-down that reports which choice its open list's cursor is on."""

    typed = False

    def on_mount(self) -> None:
        self.watch(self.query_one(SelectOverlay), "highlighted", self._highlighted, init=False)

    def _highlighted(self, index: int | None) -> None:
        if index is not None and 0 <= index < len(self._options):
            value = self._options[index][1]
            shown = None if value is Select.BLANK else value
            self.post_message(ChoiceHighlighted(self.field, shown))


class ChoiceEditor(_SelectEditor):
    """`choice`: a drop-down (enter opens it, typing jumps to a label, enter picks)."""

    def __init__(self, field: Field, **kwargs: Any) -> None:
        # rich Text, not Content: Select's type-to-search only reads str/Text prompts (with
        # Content, typing "kir" found nothing). Text(...) is literal, never markup.
        options = [(Text(c.label), c.value) for c in field.choices]
        super().__init__(options, prompt="(not coded)", allow_blank=True, compact=True, **kwargs)
        self.field = field

    def get_raw(self) -> Any:
        return None if self.is_blank() else self.value

    def set_value(self, value: Any) -> None:
        choice = self.field.choice(value) if value is not None else None
        if choice is None:
            self.clear()
        else:
            self.value = choice.value


class MultiEditor(SelectionList[Any], FieldEditor):
    """`multi`: a checklist (space toggles); the value keeps codebook order."""

    typed = False

    def __init__(self, field: Field, **kwargs: Any) -> None:
        super().__init__(
            *[(Content(c.label), c.value) for c in field.choices], compact=True, **kwargs
        )
        self.field = field

    def on_selection_list_selection_highlighted(
        self, event: SelectionList.SelectionHighlighted[Any]
    ) -> None:
        if self.has_focus:  # not when `set_value` moves the cursor back to the top
            self.post_message(ChoiceHighlighted(self.field, event.selection.value))

    def get_raw(self) -> list[Any] | None:
        chosen = self.selected
        ordered = [c.value for c in self.field.choices if any(c.value == v for v in chosen)]
        return ordered or None

    def set_value(self, value: Any) -> None:
        self.deselect_all()
        if self.option_count:
            # Each incident starts with the cursor on the first choice; otherwise "down, space"
            # toggles a different choice depending on where the last incident left it.
            self.highlighted = 0
        for item in value if isinstance(value, list | tuple) else ():
            choice = self.field.choice(item)
            if choice is not None:
                self.select(choice.value)


class BooleanEditor(Checkbox, FieldEditor):
    """`boolean` with a codebook `default`: a checkbox (space toggles).

    A checkbox cannot say "not coded", so it is only used when the codebook gives a default
    (the field always has a value); see `YesNoEditor`.
    """

    typed = False

    def __init__(self, field: Field, **kwargs: Any) -> None:
        super().__init__(Content(field.label), **kwargs)
        self.field = field

    def get_raw(self) -> bool:
        return bool(self.value)

    def set_value(self, value: Any) -> None:
        self.value = bool(value)


class YesNoEditor(_SelectEditor):
    """`boolean` without a default: Yes / No / (not coded). Unknown is not "no": a box the
    coder never touched must be saved as empty, not as False."""

    typed = False

    def __init__(self, field: Field, **kwargs: Any) -> None:
        super().__init__(
            [(Text("Yes"), True), (Text("No"), False)],
            prompt="(not coded)",
            allow_blank=True,
            compact=True,
            **kwargs,
        )
        self.field = field

    def get_raw(self) -> bool | None:
        return None if self.is_blank() else bool(self.value)

    def set_value(self, value: Any) -> None:
        if isinstance(value, bool):
            self.value = value
        else:
            self.clear()


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
}
"""FieldType -> editor class. Every class takes `(field, **widget_kwargs)`."""


def make_editor(field: Field, **kwargs: Any) -> Widget:
    """The editor widget for `field`, built from REGISTRY."""
    if field.type == "boolean" and field.default is None:
        return YesNoEditor(field, **kwargs)
    return REGISTRY[field.type](field, **kwargs)  # type: ignore[arg-type]
