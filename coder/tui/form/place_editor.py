"""`place`: type-ahead over the project gazetteer, and adding a place the gazetteer lacks.

One line, like a text field. Typing shows up to 8 candidates under it (any spelling, any case,
accents ignored; see `coder.places.search`), each with its hierarchy, "Daquq · district ·
Kirkuk", and the spelling that matched when it is an alternate name. up/down move the cursor in
the list and enter takes the candidate and moves to the next field, so `t o p enter` codes
Topzawa. The candidate list never takes the focus (keys typed fast always land in the field).

Candidates inside the province and district already chosen in the incident come first
(`near_hook`, filled by the form from the fields the codebook's `area_fields:` names; the ranking
is `coder.places.Near`'s), so with Kirkuk chosen, "sherk" lists the Sherk in Kirkuk before the
one in Diyala.

A name several places share ("Sherk": a village in Diyala and one in Kirkuk; "Daquq": the
district and its town) is not one place, and leaving the field with it would only say so. So
tab, or enter unless the coder moved to a candidate, keeps the coder in the field and lists just
the places of that name, numbered, with their district and province, the nearest first and
highlighted: enter takes it, a digit or up/down + enter another, and "+ add" (the last) is for a
further place of that name. Typing goes back to the type-ahead; tab again leaves the text as
typed (the form then shows that it names several places). A province chosen before does not pick
for the coder: it may be carried over from the last incident, and one key confirms it.

When nothing matches exactly, the last candidate is "+ add ...": enter opens `AddPlaceScreen`,
which asks for the kind and a known parent (type-ahead again) and records the place in
places_added.csv for the lead (`coder places list`). Nothing is ever added without that dialog.

While the gazetteer cannot be read (missing, damaged: the screen says so at start-up), there is
nothing to choose and no parent to add under, so the list offers "+ keep 'Daquq' as typed"
instead: enter stores `?Daquq` (coder.places.typed), shown as "Daquq · kept as typed, for your
lead to place", which the lead places once the gazetteer is back. Text merely left in the field
is not kept: the form says to press enter on "+ keep".

Once the gazetteer can be read, a stored `?Daquq` stays exactly as stored until someone chooses
the place: the field shows "?Daquq · not placed: tab here to choose" and `kept_typed()`
hands the form the stored value, which it never parses (parsing resolved the name to the id of
its one place on any edit of the incident, a place nobody chose). Focusing the field lists the
places the name may be, numbered, nothing highlighted (enter or tab passes on, as before): a
digit, or down and enter, chooses one the way any candidate is chosen (precision, `seen`).

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
    NOWHERE,
    GazetteerError,
    Near,
    Place,
    gazetteer_for,
    index_for,
    resolve,
)
from coder.places.cache import known_error
from coder.places.typed import is_typed, typed_label, typed_name, typed_value
from coder.tui.form.cut_input import CutInput
from coder.tui.form.field_editor import INPUT_COMPONENT_CLASSES, FieldEditor
from coder.tui.form.place_candidates import (
    ADD,
    KEEP,
    PlaceCandidates,
    name_candidates,
    search_candidates,
    typed_candidates,
)
from coder.tui.textual_compat import SteadyScrollSize, own_component_classes

PLACEHOLDER = "type a place, any spelling"
UNREADABLE_PLACEHOLDER = "no gazetteer: type the place, enter keeps it as typed"
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


class PlaceEditor(SteadyScrollSize, CutInput, FieldEditor):
    COMPONENT_CLASSES: ClassVar[set[str]] = INPUT_COMPONENT_CLASSES
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "move(1)", show=False),
        Binding("up", "move(-1)", show=False),
        Binding("enter", "pick", "Choose place", show=False),
        Binding("tab", "leave", show=False),
    ]

    def __init__(self, field: Field, **kwargs: Any) -> None:
        super().__init__(placeholder=PLACEHOLDER, compact=True, **kwargs)
        self.field = field
        self._place_id: str | None = None
        self._shown = ""
        self._values: list[str] = []
        self._names: list[str] = []
        self._seen = ""
        self._moved = False
        """The coder moved the cursor in the list since it last changed: enter takes that
        candidate even on a name of several places."""
        self._held = False
        """The list shows the places of the name typed, for the coder to choose one
        (`_hold_places_of_name`); digits pick and tab leaves."""
        self.candidates = PlaceCandidates()
        self.picked_hook: Callable[[Field, Place], None] | None = None
        """Called with the place just chosen, before the field shows it (the form fills the
        precision field)."""
        self.near_hook: Callable[[Field], Near] | None = None
        """The province and district chosen so far in the field's incident (the form reads
        them), so that the places inside them are listed first."""

    def on_mount(self) -> None:
        if isinstance(self.parent, Widget):
            self.parent.mount(self.candidates, after=self)
        path = self.field.gazetteer
        if path is not None and known_error(path) is not None:
            self.placeholder = UNREADABLE_PLACEHOLDER
        elif path is not None and _size(path) > PRELOAD_BYTES:
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

    def kept_typed(self) -> str | None:
        """The stored place kept as typed (`?Daquq`) while the field still shows it, which the
        form stores as it is, unparsed; None for anything else (a place chosen, text typed)."""
        if self._place_id is not None and self.value == self._shown and is_typed(self._place_id):
            return self._place_id
        return None

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
        name = typed_name(place_id)
        if name is not None:  # (known_error: no gazetteer read here, on every incident shown)
            path = self.field.gazetteer
            return typed_label(name, readable=path is not None and known_error(path) is None)
        try:
            gaz = gazetteer_for(self.field.gazetteer) if self.field.gazetteer else None
        except GazetteerError:
            return place_id
        return gaz.hierarchy(place_id) if gaz is not None and place_id in gaz else place_id

    # -- candidates -------------------------------------------------------------------------

    def _near(self) -> Near:
        return self.near_hook(self.field) if self.near_hook is not None else NOWHERE

    def _release(self) -> None:
        if self._held:
            self._held = False
            self.candidates.release()

    def _hide(self) -> None:
        self._release()
        self.candidates.display = False

    def _refresh_candidates(self) -> None:
        self._release()
        self._moved = False
        query = self.value
        if not self.has_focus or not query.strip() or query == self._shown:
            self._hide()
            return
        options, self._values, self._names, sure = search_candidates(
            self.field.gazetteer, query, near=self._near()
        )
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

    def on_blur(self, event: events.Blur) -> None:
        self._hide()
        self._resolve_typed()

    def on_focus(self, event: events.Focus) -> None:
        # (Input's own focus handler runs as well and selects the text: typing replaces it.)
        if self._place_id is not None and is_typed(self._place_id):  # (any other: no work)
            self._offer_typed()

    def _offer_typed(self) -> None:
        """A place kept as typed, its gazetteer readable: list the places the name may be for
        the coder to choose from, numbered, nothing highlighted (enter and tab pass on, leaving
        it as typed: choosing is the coder's act, never a key pressed to move on)."""
        name = typed_name(self.kept_typed())
        path = self.field.gazetteer
        if name is None or path is None or known_error(path) is not None:
            return
        found = typed_candidates(path, name, self._near())
        if found is None:
            return
        options, self._values, self._names = found
        box = self.candidates
        box.set_options(options)
        keys = "1" if len(options) == 1 else f"1-{len(options)}"
        box.hold(f"{name!r} typed, not placed: {keys} chooses")
        box.display = True
        box.highlighted = None
        self._held = True
        self._moved = False
        self.call_after_refresh(self._show_typing)

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

    def several_places(self) -> str | None:
        """What to do about text left in the field that names several places (None for any
        other text or a chosen place). The core's message (`resolve`) asks for the id, which is
        what an import file needs; here the field lists the places to choose from."""
        text = self.value.strip()
        path = self.field.gazetteer
        if (self._place_id is not None and self.value == self._shown) or not text or not path:
            return None
        try:
            n = len(index_for(path).named(text))
        except GazetteerError:
            return None
        if n < 2:
            return None
        return f"{text!r} names {n} places: in the field, tab lists them to choose one"

    def unreadable_hint(self) -> str | None:
        """What to do about text left in the field while the gazetteer cannot be read (None
        when it can, or for a place kept or chosen)."""
        text = " ".join(self.value.split())
        path = self.field.gazetteer
        if (self._place_id is not None and self.value == self._shown) or not text or not path:
            return None
        error = known_error(path)
        if error is None:
            return None
        first = error.first(str(path))
        return (
            f'the gazetteer cannot be read ({first}): in the field, enter on "+ keep" keeps '
            f"{text!r} as typed for your lead to place"
        )

    def unplaced_hint(self) -> str | None:
        """What to do about a place kept as typed once the gazetteer can be read, said where the
        list is (the core's message, for `coder check`, asks for an id when the name is several
        places'); None for anything else."""
        name = typed_name(self.kept_typed())
        path = self.field.gazetteer
        if name is None or path is None or known_error(path) is not None:
            return None
        return f"{name!r} was kept as typed without a gazetteer: choose its place in the list"

    def _hold_places_of_name(self) -> bool:
        """If the text typed names several places (and none is chosen), list just those for the
        coder to choose from and return True; else False (the text is one place or none)."""
        if self._place_id is not None and self.value == self._shown:
            return False
        text = self.value.strip()
        found = name_candidates(self.field.gazetteer, text, self._near())
        if found is None:
            return False
        options, self._values, self._names = found
        places = len(options) - 1
        box = self.candidates
        box.set_options(options)
        box.hold(f"{places} places named {text!r}: choose 1-{places}")
        box.display = True
        box.highlighted = 0
        self._held = True
        self.call_after_refresh(self._show_typing)
        return True

    def action_leave(self) -> None:
        """tab: on to the next field, unless the text names several places: then they are
        listed to choose from first (a second tab leaves)."""
        if not self._held and self._hold_places_of_name():
            return
        self.screen.focus_next()

    def on_key(self, event: events.Key) -> None:
        """A digit picks that candidate while the places of a name are listed."""
        char = event.character
        if not self._held or char is None or not char.isdigit():
            return
        n = int(char)
        if 1 <= n <= len(self._values):
            event.stop()
            event.prevent_default()
            self.candidates.highlighted = n - 1
            self.action_pick()

    def action_move(self, step: int) -> None:
        if not self.candidates.display:
            self.screen.focus_next() if step > 0 else self.screen.focus_previous()
            return
        self._moved = True
        n = self.candidates.option_count
        current = self.candidates.highlighted
        target = (0 if step > 0 else n - 1) if current is None else current + step
        self.candidates.highlighted = max(0, min(n - 1, target))

    def action_pick(self) -> None:
        k = self.candidates.highlighted
        if not self.candidates.display or k is None or k >= len(self._values):
            if not self._held and self._hold_places_of_name():
                return  # a name of several places, no candidate highlighted: which one?
            self.screen.focus_next()
            return
        if not self._held and not self._moved and self._hold_places_of_name():
            return  # the first of several places of the name typed: which one? (one more enter)
        chosen = self._values[k]
        if not chosen:
            return
        if chosen == ADD:  # (the name: the field may show a place kept as typed)
            self._ask_new_place(self._names[k] or self.value.strip())
            return
        if chosen == KEEP:
            self._keep_typed(self._names[k])
            return
        self._choose(chosen, self._names[k])
        self.screen.focus_next()

    def _keep_typed(self, name: str) -> None:
        """Store the name as typed (the gazetteer cannot be read): `?name`, for the lead."""
        try:
            value = typed_value(name)
        except ValueError as e:
            self.app.notify(str(e), severity="warning")
            return
        self.set_value(value)
        self.screen.focus_next()

    def _ask_new_place(self, name: str) -> None:
        from coder.tui.form.add_place import AddPlaceScreen

        store = getattr(self.app, "store", None)
        if getattr(store, "readonly", False) or self.field.gazetteer is None:
            self.app.notify("Read-only: places cannot be added.", severity="warning")
            return
        coder = str(getattr(self.app, "coder", "") or "coder")
        held = self._held

        def done(place: Place | None) -> None:
            if place is None:
                self.focus()
                if held:  # back to the places of the name the coder was choosing from
                    self._hold_places_of_name()
                return
            self._choose(place.id, place.name)
            self.app.notify(
                f"Added {place.name} under {self._describe(place.parent)}; your lead reviews it."
            )
            # On to the next field, as a pick from the list goes. Back in this field, with the
            # cursor at its start, the next keys went in front of the place shown and replaced
            # the value just added with that text (a tester's "325Kani Masi · village · ...").
            # (`focus` is carried out later, from the app's queue: the move goes after it.)
            self.focus()
            self.app.call_later(self.screen.focus_next)

        self.app.push_screen(AddPlaceScreen(self.field.gazetteer, name, coder), done)


own_component_classes(PlaceEditor)
