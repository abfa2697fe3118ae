"""AddPlaceScreen: a coder adds a place the gazetteer lacks, under a known parent.

Three lines, all keyboard: the name (prefilled with what was typed), the kind (village, town or
site: left/right or v/t/s), and the parent, found by the same type-ahead as the field (districts
and towns first). enter in the parent line with a candidate highlighted adds the place to
places_added.csv and closes; esc cancels and adds nothing. No coordinates are asked: export gives
the place its parent's point with a precision that says so.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from coder.errors import CoderError
from coder.places import Place, gazetteer_for
from coder.places.added import ADDABLE_KINDS, add_place
from coder.tui.form.place_candidates import PlaceCandidates, search_options

PARENT_KINDS = ("admin2", "town", "admin1", "village", "site")


class KindPicker(Static, can_focus=True):
    """village · town · site, one highlighted; left/right or the first letter choose."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "step(-1)", show=False),
        Binding("right", "step(1)", show=False),
        Binding("v", "pick('village')", show=False),
        Binding("t", "pick('town')", show=False),
        Binding("s", "pick('site')", show=False),
    ]

    def __init__(self, **kwargs: object) -> None:
        super().__init__("", **kwargs)  # type: ignore[arg-type]
        self.kind = "village"

    def on_mount(self) -> None:
        self._show()

    def _show(self) -> None:
        parts = [
            Content.styled(f" {k} ", "reverse bold") if k == self.kind else Content(f" {k} ")
            for k in ADDABLE_KINDS
        ]
        self.update(Content(" ").join(parts))

    def action_step(self, step: int) -> None:
        i = (ADDABLE_KINDS.index(self.kind) + step) % len(ADDABLE_KINDS)
        self.action_pick(ADDABLE_KINDS[i])

    def action_pick(self, kind: str) -> None:
        self.kind = kind
        self._show()


class AddPlaceScreen(ModalScreen[Place | None]):
    DEFAULT_CSS = """
    AddPlaceScreen { align: center middle; }
    AddPlaceScreen > #dialog {
        width: 80; max-width: 100%; height: auto;
        border: thick $primary 60%; background: $surface; padding: 1 2;
    }
    AddPlaceScreen #add-error { color: $text-error; height: auto; }
    AddPlaceScreen .hint { color: $text-muted; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("down", "move(1)", show=False),
        Binding("up", "move(-1)", show=False),
    ]

    def __init__(self, gazetteer: Path, name: str, coder: str) -> None:
        super().__init__()
        self.gazetteer = gazetteer
        self.initial = name
        self.coder = coder
        self._values: list[str] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(
                "A place the gazetteer lacks. Your lead reviews what you add.", markup=False
            )
            yield Label("Name")
            yield Input(self.initial, id="add-name", compact=True)
            yield Label("Kind (← →)")
            yield KindPicker(id="add-kind")
            yield Label("Under (a district, town or province the gazetteer has)")
            yield Input("", id="add-parent", placeholder="type the parent", compact=True)
            yield PlaceCandidates(id="add-candidates")
            yield Label("", id="add-error", markup=False)
            yield Static("tab: next · enter in 'Under': add · esc: cancel", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#add-parent", Input).focus()

    @on(Input.Changed, "#add-parent")
    def _parent_changed(self, event: Input.Changed) -> None:
        options, values = search_options(self.gazetteer, event.value, PARENT_KINDS, allow_add=False)
        self._values = values
        box = self.query_one("#add-candidates", PlaceCandidates)
        box.set_options(options)
        box.display = bool(options) and bool(event.value.strip())
        if options:
            box.highlighted = 0

    def action_move(self, step: int) -> None:
        box = self.query_one("#add-candidates", PlaceCandidates)
        if not box.display or box.option_count == 0:
            return
        box.highlighted = max(0, min(box.option_count - 1, (box.highlighted or 0) + step))

    @on(Input.Submitted, "#add-name")
    def _name_done(self, event: Input.Submitted) -> None:
        self.focus_next()

    @on(Input.Submitted, "#add-parent")
    def _submit(self, event: Input.Submitted) -> None:
        box = self.query_one("#add-candidates", PlaceCandidates)
        error = self.query_one("#add-error", Label)
        k = box.highlighted
        if not box.display or k is None or k >= len(self._values) or not self._values[k]:
            error.update("Choose the parent: type part of its name, then enter.")
            self.app.bell()
            return
        name = self.query_one("#add-name", Input).value
        kind = self.query_one("#add-kind", KindPicker).kind
        try:
            place = add_place(
                gazetteer_for(self.gazetteer), name, kind, self._values[k], self.coder
            )
        except (CoderError, OSError) as e:
            error.update(str(e))
            self.app.bell()
            return
        self.dismiss(place)

    def action_cancel(self) -> None:
        self.dismiss(None)
