"""A one-line text prompt with validation as you type: used by the review to type a gold value
(checked with coder.codebook.values against the field) and to write a flag note."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

Check = Callable[[str], str | None]
"""Returns a message saying what is wrong with the text, or None when it is acceptable."""


class PromptScreen(ModalScreen[str | None]):
    DEFAULT_CSS = """
    PromptScreen { align: center middle; }
    PromptScreen > #dialog {
        width: 76; max-width: 100%; height: auto;
        border: thick $primary 60%; background: $surface; padding: 1 2;
    }
    PromptScreen #prompt-error { color: $text-error; height: auto; }
    PromptScreen #prompt-hint { color: $text-muted; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        question: str,
        initial: str = "",
        check: Check | None = None,
        hint: str = "enter: save · esc: cancel",
    ) -> None:
        super().__init__()
        self.question = question
        self.initial = initial
        self.check = check
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(self.question, id="prompt-question", markup=False)
            yield Input(self.initial, id="prompt-input")
            yield Label("", id="prompt-error", markup=False)
            yield Static(self.hint, id="prompt-hint", markup=False)

    @on(Input.Changed, "#prompt-input")
    def _changed(self, event: Input.Changed) -> None:
        problem = self.check(event.value) if self.check and event.value.strip() else None
        self.query_one("#prompt-error", Label).update(problem or "")

    @on(Input.Submitted, "#prompt-input")
    def _submit(self, event: Input.Submitted) -> None:
        problem = self.check(event.value) if self.check else None
        if problem:
            self.query_one("#prompt-error", Label).update(problem)
            self.app.bell()
            return
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
