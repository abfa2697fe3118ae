"""`place`: type-ahead over the project gazetteer, and adding a place the gazetteer lacks.

One line, like a text field. Typing shows up to 8 candidates under it (any spelling, any case,
accents ignored; see `coder.places.search`), each with its hierarchy, "Daquq · district ·
Kirkuk", and the spelling that matched when it is an alternate name. up/down move the cursor in
the list and enter takes the candidate and moves to the next field, so `t o p enter` codes
Topzawa. The candidate list never takes the focus (keys typed fast always land in the field).

When nothing matches exactly, the last candidate is "+ add ...": enter opens `AddPlaceScreen`,
which asks for the kind and a known parent (type-ahead again) and records the place in
places_added.csv for the lead (`coder places list`). Nothing is ever added without that dialog.

The editor is "typed" like a text field: `get_raw()` is the chosen place's id while the field
shows it, else the text typed, which `values.parse_value` resolves (a name of exactly one place)
or rejects with the closest names, shown inline when the coder leaves the field, and kept as
scratch in a draft.
"""

from __future__ import annotations

from contextlib import suppress
from functools import partial
from pathlib import Path
from typing import Any, ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.widget import Widget
from textual.widgets import Input

from coder.codebook.model import Field
from coder.places import (
    GazetteerError,
    Place,
    gazetteer_for,
    index_for,
)
from coder.tui.form.field_editor import FieldEditor
from coder.tui.form.place_candidates import ADD, PlaceCandidates, search_options
from coder.tui.textual_compat import SteadyScrollSize

PRELOAD_BYTES = 1_000_000
"""A gazetteer larger than this (~10,000 places) is loaded in a thread as the screen opens, so
the first key typed in a place field does not wait seconds for it. A small one loads on that
key in milliseconds, and a thread competing for the interpreter while a coder types the first
keys of a session costs more than it saves."""


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _preload(path: Path) -> None:
    with suppress(GazetteerError):  # shown in the candidate list when the coder types
        index_for(path)


class PlaceEditor(SteadyScrollSize, Input, FieldEditor):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "move(1)", show=False),
        Binding("up", "move(-1)", show=False),
        Binding("enter", "pick", "Choose place", show=False),
    ]

    def __init__(self, field: Field, **kwargs: Any) -> None:
        super().__init__(placeholder="type a place, any spelling", compact=True, **kwargs)
        self.field = field
        self._place_id: str | None = None
        self._shown = ""
        self._values: list[str] = []
        self.candidates = PlaceCandidates()

    def on_mount(self) -> None:
        if isinstance(self.parent, Widget):
            self.parent.mount(self.candidates, after=self)
        path = self.field.gazetteer
        if path is not None and _size(path) > PRELOAD_BYTES:
            self.run_worker(partial(_preload, path), thread=True, group="places")

    # -- FieldEditor ------------------------------------------------------------------------

    def get_raw(self) -> str:
        if self._place_id is not None and self.value == self._shown:
            return self._place_id
        return self.value

    def set_value(self, value: Any) -> None:
        self._place_id = value if isinstance(value, str) and value else None
        self._shown = self._describe(self._place_id) if self._place_id else ""
        self.value = self._shown
        self.cursor_position = 0
        self._hide()

    def set_raw(self, raw: str) -> None:
        self._place_id, self._shown = None, ""
        self.value = raw
        self._hide()

    def _describe(self, place_id: str) -> str:
        try:
            gaz = gazetteer_for(self.field.gazetteer) if self.field.gazetteer else None
        except GazetteerError:
            return place_id
        return gaz.hierarchy(place_id) if gaz is not None and place_id in gaz else place_id

    # -- candidates -------------------------------------------------------------------------

    def _hide(self) -> None:
        self.candidates.display = False

    def _refresh_candidates(self) -> None:
        query = self.value
        if not self.has_focus or not query.strip() or query == self._shown:
            self._hide()
            return
        options, self._values = search_options(self.field.gazetteer, query)
        self.candidates.set_options(options)
        self.candidates.display = bool(options)
        if options:
            self.candidates.highlighted = 0

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input is self:
            self._refresh_candidates()  # the event goes on to the form (dirty, scratch)

    def _on_blur(self, event: events.Blur) -> None:
        self._hide()

    def action_move(self, step: int) -> None:
        if not self.candidates.display:
            self.screen.focus_next() if step > 0 else self.screen.focus_previous()
            return
        n = self.candidates.option_count
        current = self.candidates.highlighted or 0
        self.candidates.highlighted = max(0, min(n - 1, current + step))

    def action_pick(self) -> None:
        k = self.candidates.highlighted
        if not self.candidates.display or k is None or k >= len(self._values):
            self.screen.focus_next()
            return
        chosen = self._values[k]
        if not chosen:
            return
        if chosen == ADD:
            self._ask_new_place(self.value.strip())
            return
        self.set_value(chosen)
        self.screen.focus_next()

    def _ask_new_place(self, name: str) -> None:
        from coder.tui.form.add_place import AddPlaceScreen

        store = getattr(self.app, "store", None)
        if getattr(store, "readonly", False) or self.field.gazetteer is None:
            self.app.notify("Read-only: places cannot be added.", severity="warning")
            return
        coder = str(getattr(self.app, "coder", "") or "coder")

        def done(place: Place | None) -> None:
            if place is None:
                self.focus()
                return
            self.set_value(place.id)
            self.app.notify(
                f"Added {place.name} under {self._describe(place.parent)}; your lead reviews it."
            )
            self.focus()

        self.app.push_screen(AddPlaceScreen(self.field.gazetteer, name, coder), done)
