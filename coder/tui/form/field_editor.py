"""FieldEditor: the small interface every field editor offers the form (mixed into a widget).

In its own module so that the editors of `field_widgets` and `choice_list` share it without an
import cycle.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from coder.codebook.model import Field

INPUT_COMPONENT_CLASSES: set[str] = {"input--cursor", "input--placeholder", "input--selection"}
"""Input's component classes less `input--suggestion` (no editor has a suggester): Textual styles
every component class of a widget again, one virtual node each, whenever its focus changes, so
the one-line editors drop the one they never draw (`inherit_component_classes=False`)."""


class FieldEditor:
    """`get_raw()` returns what the coder entered: a `str` for typed editors (parsed later, so
    half-typed input is never lost) or an already canonical value for pick-from-list editors;
    `set_value(value)` shows a stored canonical value; `set_raw(text)` shows unparsed scratch."""

    field: Field
    typed: ClassVar[bool] = True
    """True when `get_raw` returns text that still has to be parsed."""
    value_hook: Callable[[], None] | None = None
    """Called synchronously when a pick-from-list editor's value changes (the form shows or hides
    the fields that depend on it at once, so `enter` in a burst of keys moves to the right one)."""

    def get_raw(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def set_raw(self, raw: str) -> None:
        """Show unparsed text kept in the record's scratch (typed editors only)."""
        self.set_value(raw)
