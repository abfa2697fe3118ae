"""Asks who is coding, once per data folder: every record is stored in `<coder>.json`, so the name
must be a safe file name - the same rule the store enforces, checked here while typing so the coder
sees the problem before anything is written."""

from __future__ import annotations

import re
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.validation import ValidationResult, Validator
from textual.widgets import Input, Label, Static

NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
"""Coder names become file names (`<coder>.json`): this is at least as strict as the store's check,
and also refuses "gold", the adjudication database's name."""
NAME_MAX = 64


def name_problem(name: str) -> str | None:
    """Why `name` cannot be a coder name, or None when it can."""
    if not name:
        return "Type a name (letters, digits, _ - .)."
    if len(name) > NAME_MAX:
        return f"At most {NAME_MAX} characters."
    if name.casefold() == "gold":
        return "“gold” is reserved for the adjudicated records; choose another name."
    if not NAME_RE.match(name):
        if not name[0].isascii() or not name[0].isalnum():
            return "Start with a letter or digit."
        return "Use only letters, digits, _ - . (no spaces)."
    return None


class CoderName(Validator):
    """Textual validator wrapping `name_problem` (leading/trailing spaces are ignored)."""

    def validate(self, value: str) -> ValidationResult:
        problem = name_problem(value.strip())
        return self.success() if problem is None else self.failure(problem)


class AskNameScreen(ModalScreen[str | None]):
    """Dismisses with the coder's name, or None if the coder pressed escape."""

    DEFAULT_CSS = """
    AskNameScreen {
        align: center middle;
    }
    AskNameScreen > #dialog {
        width: 60;
        max-width: 100%;
        height: auto;
        border: thick $primary 60%;
        background: $surface;
        padding: 1 2;
    }
    AskNameScreen #question {
        margin-bottom: 1;
    }
    AskNameScreen #error {
        color: $text-error;
        height: 1;
    }
    AskNameScreen #hint {
        color: $text-muted;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, initial: str = "") -> None:
        super().__init__()
        self.initial = initial

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(
                "Who is coding? Your name is saved with every record.", id="question", markup=False
            )
            yield Input(
                self.initial,
                placeholder="your name, e.g. alice",
                max_length=NAME_MAX + 8,
                validators=[CoderName()],
                validate_on=["changed", "submitted"],
                id="name",
            )
            yield Label("", id="error", markup=False)
            yield Static("enter: save · esc: cancel", id="hint", markup=False)

    @on(Input.Changed, "#name")
    def _show_problem(self, event: Input.Changed) -> None:
        # No scolding for an empty box: the coder has not typed anything yet.
        result = event.validation_result
        message = "" if result is None or result.is_valid or not event.value else _first(result)
        self.query_one("#error", Label).update(message)

    @on(Input.Submitted, "#name")
    def _submit(self, event: Input.Submitted) -> None:
        result = event.validation_result
        if result is not None and not result.is_valid:
            self.query_one("#error", Label).update(_first(result))
            self.app.bell()
            return
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)


def _first(result: ValidationResult) -> str:
    descriptions = result.failure_descriptions
    return descriptions[0] if descriptions else "Not a valid name."
