"""`place`: type-ahead over the project gazetteer, and adding a place the gazetteer lacks.

One line, like a text field. Typing shows up to 8 candidates under it (any spelling, any case,
accents ignored; see `coder.places.search`), each with its hierarchy, "Daquq · district ·
Kirkuk", and the spelling that matched when it is an alternate name. up/down move the cursor in
the list and enter takes the candidate and moves to the next field, so `t o p enter` codes
Topzawa. The candidate list never takes the focus (keys typed fast always land in the field).

When nothing matches exactly, the last candidate is "+ add ...": enter opens `AddPlaceScreen`,
which asks for the kind and a known parent (type-ahead again) and records the place in
places_added.csv for the lead (`coder places list`). Nothing is ever added without that dialog.

Choosing a place (enter on a candidate, the add dialog, or leaving the field with text that names
exactly one place) calls `picked_hook` first, so the form can fill the codebook's
`precision_field` in the same edit (one ctrl+z undoes both), and remembers the name or alternate
name the place was chosen by (`seen`: "Daqouq" for Daquq), which the record keeps beside the id.

The editor is "typed" like a text field: `get_raw()` is the chosen place's id while the field
shows it, else the text typed, which `values.parse_value` resolves (a name of exactly one place)
or rejects with the closest names, shown inline when the coder leaves the field, and kept as
scratch in a draft.
"""

from __future__ import annotations

from collections.abc import Callable
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
    resolve,
)
from coder.tui.form.field_editor import INPUT_COMPONENT_CLASSES, FieldEditor
from coder.tui.form.place_candidates import ADD, PlaceCandidates, search_candidates
from coder.tui.textual_compat import SteadyScrollSize, own_component_classes

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
    COMPONENT_CLASSES: ClassVar[set[str]] = INPUT_COMPONENT_CLASSES
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
        self._names: list[str] = []
        self._seen = ""
        self.candidates = PlaceCandidates()
        self.picked_hook: Callable[[Field, Place], None] | None = None
        """Called with the place just chosen, before the field shows it (the form fills the
        precision field)."""

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
        self._seen = ""
        self.value = self._shown
        self.cursor_position = 0
        self._hide()

    def set_raw(self, raw: str) -> None:
        self._place_id, self._shown, self._seen = None, "", ""
        self.value = raw
        self._hide()

    @property
    def seen(self) -> str:
        """The name or alternate name the place shown was chosen by ("" if none is shown)."""
        return self._seen if self._place_id is not None and self.value == self._shown else ""

    def show_seen(self, name: str) -> None:
        """After `set_value`: the name the stored place was chosen by (from the record)."""
        if self._place_id is not None:
            self._seen = name

    def _choose(self, place_id: str, seen: str) -> None:
        place = self._place(place_id)
        if place is not None and self.picked_hook is not None:
            self.picked_hook(self.field, place)
        self.set_value(place_id)
        self._seen = seen

    def _place(self, place_id: str) -> Place | None:
        if self.field.gazetteer is None:
            return None
        try:
            return gazetteer_for(self.field.gazetteer).get(place_id)
        except GazetteerError:
            return None

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
        options, self._values, self._names, sure = search_candidates(self.field.gazetteer, query)
        self.candidates.set_options(options)
        self.candidates.display = bool(options)
        if options:  # an unsure first candidate is not highlighted (place_candidates.SURE_FUZZY)
            self.candidates.highlighted = 0 if sure or len(options) == 1 else None
            self.call_after_refresh(self._show_typing)

    def _show_typing(self) -> None:
        """Scroll the form so the list shows and the line being typed stays in view (on a
        24-line terminal the list scrolled the field itself out of sight)."""
        if self.candidates.display:
            self.candidates.scroll_visible(animate=False)
            if isinstance(self.parent, Widget):  # the field's row: its label too, if it fits
                self.parent.scroll_visible(animate=False)
            self.scroll_visible(animate=False)

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input is self:
            self._refresh_candidates()  # the event goes on to the form (dirty, scratch)

    def _on_blur(self, event: events.Blur) -> None:
        self._hide()
        self._resolve_typed()

    def _resolve_typed(self) -> None:
        """Text left in the field that names exactly one place is that place, as if chosen
        (the precision is filled and the field shows its hierarchy); other text stays, and the
        form shows why it is not a place."""
        text = self.value.strip()
        path = self.field.gazetteer
        if self._place_id is not None or not text or path is None:
            return
        try:
            index = index_for(path)
            place_id = resolve(index, text)
        except (GazetteerError, ValueError):
            return
        self._choose(place_id, index.spelling(place_id, text))

    def action_move(self, step: int) -> None:
        if not self.candidates.display:
            self.screen.focus_next() if step > 0 else self.screen.focus_previous()
            return
        n = self.candidates.option_count
        current = self.candidates.highlighted
        target = (0 if step > 0 else n - 1) if current is None else current + step
        self.candidates.highlighted = max(0, min(n - 1, target))

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
        self._choose(chosen, self._names[k])
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
            self._choose(place.id, place.name)
            self.app.notify(
                f"Added {place.name} under {self._describe(place.parent)}; your lead reviews it."
            )
            self.focus()

        self.app.push_screen(AddPlaceScreen(self.field.gazetteer, name, coder), done)


own_component_classes(PlaceEditor)
