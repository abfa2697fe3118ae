"""F9: the article's incidents as a table, one row each, the fields as columns, and fill-down.

The form shows one incident at a time; a coder checking that five incidents of one article share
the date, or giving the last three the same source, wants them side by side. The table lists
every incident's fields (not the notes and quotes: long text, shown cut), the cursor moves by cell,
and `d` (ditto) copies the value of the cell above into the cell under the cursor, so a value is
filled down a column one key per row. enter closes the table on that incident and field; escape
closes it where the form was.

A filled value goes through the same rules as the form: a field that no longer applies (`when`)
and a tied choice that no longer fits (a sub-event type of another event type) are cleared, and
ctrl+z on the screen undoes each fill. A value that does not fit the incident below is not
copied at all (`coder.codebook.rules.why_unfit`): a sub-event type goes only beside its own event
type. Into an incident of another event type it would be cleared at once by the tie rule above,
taking that incident's own sub-event type with it; into one whose event type is not set yet it
would be a pairing nobody chose, found only when done is refused. The notice says which incident
and why; the cursor stays on it, so the coder fills the event type first. Cells and headings are
plain `rich.text.Text`, never markup, cut with "…" (nothing is cut silently).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.coordinate import Coordinate
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from coder.codebook.model import Field
from coder.codebook.rules import choice_fits, why_unfit
from coder.codebook.values import is_empty, prune_inapplicable
from coder.places import gazetteer_for
from coder.places.typed import typed_name
from coder.tui.coding.next_required import NextRequiredMixin
from coder.tui.coding.session import Session

CELL_WIDTH = 24
"""Terminal cells a cell or heading shows, "…" included: a date, a label's first words, a name."""


def table_fields(fields: tuple[Field, ...]) -> list[Field]:
    """The columns: every incident field but long text."""
    return [f for f in fields if f.type != "longtext"]


def cell_text(field: Field, value: Any) -> Text:
    """What a cell shows: a choice's label, a place's name, the text; "" for not coded."""
    if is_empty(value):
        return Text("")
    if field.type == "choice":
        shown = field.label_for(value)
    elif field.type == "multi" and isinstance(value, list):
        shown = ", ".join(field.label_for(v) for v in value)
    elif field.type == "place" and (typed := typed_name(value)) is not None:
        shown = f"{typed} (as typed)"  # kept while the gazetteer could not be read
    elif field.type == "place" and field.gazetteer is not None:
        try:
            place = gazetteer_for(field.gazetteer).get(str(value))
        except Exception:  # an unreadable gazetteer: the id is still the value
            place = None
        shown = place.name if place is not None else str(value)
    elif isinstance(value, bool):
        shown = "yes" if value else "no"
    else:
        shown = str(value)
    return cut(shown)


def cut(shown: str) -> Text:
    """`shown` on one line of at most CELL_WIDTH cells, ending in "…" when it was longer (the
    project's rule: nothing is cut silently; cells, not characters, so wide letters count)."""
    text = Text(" ".join(shown.split()), no_wrap=True)
    text.truncate(CELL_WIDTH, overflow="ellipsis")
    return text


@dataclass(frozen=True)
class Filled:
    """What `fill_down` did: `changed` the incident, or not; `skipped` says why the value above
    was not copied (it does not fit the incident), "" when there was no such reason."""

    changed: bool
    skipped: str = ""


def fill_down(session: Session, row: int, name: str) -> Filled:
    """Copy incident `row - 1`'s value of `name` into incident `row`; unchanged if there is
    no incident or no value above (a fill never erases), it is the same, or it does not fit
    that incident (`why_unfit`: its own `when`
    or its choice's tie to another field's answer, an empty answer included). Fields the new
    value switches off, and tied choices that no longer fit it, are cleared (the form's own
    rules)."""
    if row <= 0 or row >= len(session.record.incidents):
        return Filled(False)
    fields = session.codebook.incident_fields
    above = session.record.incidents[row - 1].values.get(name)
    target = session.record.incidents[row]
    if target.values.get(name) == above:
        return Filled(False)
    field = next(f for f in fields if f.name == name)
    if is_empty(above):
        # A fill never erases: `d` on the row under an empty cell would wipe a value coded
        # there, a slip one key away from the one meant (delete in the form clears a field).
        return Filled(False, "the cell above is empty: nothing to copy")
    if why := why_unfit(fields, field, above, target.values):
        return Filled(False, why)
    values = dict(target.values)
    values[name] = copy.deepcopy(above)
    for f in fields:  # a sub-event type of the old event type no longer fits the new one
        if f.type == "choice" and f.name in values:
            choice = f.choice(values[f.name])
            if choice is not None and not choice_fits(choice, values):
                del values[f.name]
    target.values = prune_inapplicable(fields, values)
    # Text typed there that was not a value yet is replaced too: kept, it was shown and saved
    # in the value's place, and the fill was lost without a word (a tester's "2020-09-0").
    session.record.scratch.pop(f"{target.id}.{name}", None)
    session.touch()
    return Filled(True)


class IncidentTable(ModalScreen[tuple[int, str] | None]):
    """The table; dismissed with (incident, field) on enter, None on escape."""

    DEFAULT_CSS = """
    IncidentTable { align: center middle; }
    IncidentTable > Vertical {
        width: 100%; height: 100%; border: round $primary; background: $surface;
    }
    IncidentTable DataTable { height: 1fr; }
    IncidentTable #table-help { height: auto; color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("d", "fill_down", "Fill down (copy the cell above)"),
        Binding("escape,f9", "close", "Close"),
    ]

    def __init__(self, screen: NextRequiredMixin, start: tuple[int, str | None]) -> None:
        super().__init__()
        self.coding = screen
        self.fields = table_fields(screen.session.codebook.incident_fields)
        self.start = start

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Incidents of this article"
            yield DataTable(cursor_type="cell", zebra_stripes=True)
            yield Static(
                "arrows: move · d: copy the cell above (fill down) · enter: open the incident "
                "at that field · escape: close · ctrl+z in the form undoes a fill",
                id="table-help",
                markup=False,
            )

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column(Text("#"), key="#")
        for f in self.fields:
            table.add_column(cut(f.label), key=f.name)
        for i, incident in enumerate(self.coding.session.record.incidents):
            cells = [cell_text(f, incident.values.get(f.name)) for f in self.fields]
            table.add_row(Text(str(i + 1)), *cells, key=str(i))
        row, name = self.start
        names = [f.name for f in self.fields]
        column = names.index(name) + 1 if name in names else 1
        table.cursor_coordinate = Coordinate(row, column)
        table.focus()

    def _at(self) -> tuple[int, Field | None]:
        coordinate = self.query_one(DataTable).cursor_coordinate
        column = coordinate.column - 1
        return coordinate.row, self.fields[column] if 0 <= column < len(self.fields) else None

    def action_fill_down(self) -> None:
        row, field = self._at()
        if field is None:
            return
        s = self.coding.session
        if self.coding.session.readonly:
            self.notify("Read-only: nothing can be changed here.", severity="warning")
            return
        if row <= 0:
            self.notify("The first incident has no cell above to copy.", timeout=2)
            return
        # Undone, it shows the incident filled with the cursor in the field (the coder may have
        # closed the table and moved on): not the incident shown when F9 was pressed.
        self.coding.undo.before_change(
            s.record,
            row,
            f"fill down of {field.label} into incident {row + 1}",
            edited=("incident-form", field.name),
        )
        filled = fill_down(s, row, field.name)
        if not filled.changed:
            self.coding.undo.pop()  # nothing changed: no empty undo step
            if filled.skipped:  # the cursor stays: the coder sees which incident was passed
                self.notify(  # codebook labels: text, never markup
                    f"Incident {row + 1} not filled: {filled.skipped}.",
                    severity="warning",
                    markup=False,
                )
            return
        # An error ctrl+d marked on that cell is settled: shown again with the incident, it
        # stood under the date the fill had just put there (a tester's find).
        self.coding.errors.incidents.get(row, {}).pop(field.name, None)
        # The form under the table shows the filled values at once: an autosave while the
        # table is open copies the form into the session, which would undo the fill.
        self.coding.show_incident()
        table = self.query_one(DataTable)
        values = s.record.incidents[row].values
        for k, f in enumerate(self.fields, 1):  # the fill may have cleared dependent fields
            table.update_cell_at(Coordinate(row, k), cell_text(f, values.get(f.name)))
        if row + 1 < table.row_count:
            table.cursor_coordinate = Coordinate(row + 1, table.cursor_coordinate.column)

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        """enter (DataTable's own binding) or a click: open the incident at that field."""
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        row, field = self._at()
        self.dismiss((row, field.name if field is not None else ""))

    def action_close(self) -> None:
        self.dismiss(None)
