"""The coders' values for one adjudication unit side by side: field rows x coder columns + gold.

Rows are the unit's fields in codebook order (an incident unit starts with an "incident recorded"
row). A row whose coders' values differ is marked ≠ (● when it is a disagreement the statistic
counts); the gold column shows the value the gold record will hold and how it was reached:
✓ decided, ✎ edited, ? unsettled, ⚠ stale decision, = agreed, 1 one coder only, ∅ not
applicable (the field's `when:` fails under the gold values). Each coder's column header and
quote cells are drawn in that coder's highlight colour in the article pane
(widgets.review_article). Values are coded data: always rich Text, never markup.
"""

from __future__ import annotations

from collections.abc import Mapping

from rich.style import Style
from rich.text import Text
from textual.widgets import DataTable

from coder.codebook.model import Field
from coder.codebook.values import format_value
from coder.gold.build import Adjudication, UnitView
from coder.gold.store import INCIDENT, Decision, same_value
from coder.textsafe import clean
from coder.tui.review.article import coder_style

MARK = {
    "decided": ("✓", "green"),
    "edited": ("✎", "cyan"),
    "unsettled": ("?", "bold red"),
    "agreed": ("=", "bright_black"),
    "one coder": ("1", "bright_black"),
    "first coder": ("~", "yellow"),
    "not applicable": ("∅", "bright_black"),
    "empty": (" ", ""),
}
CELL = 22
DATE_WIDTH = len("2020-09-03")


def _cell(text: str, style: str | Style = "", width: int = CELL) -> Text:
    text = " ".join(text.split())
    if len(text) > width:
        text = text[: width - 1] + "…"
    return Text(text, style=style)


class ValueTable(DataTable[Text]):
    """Shows one unit; `row_fields` maps row index to field name (INCIDENT for the first row)."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(cursor_type="row", zebra_stripes=False, **kwargs)  # type: ignore[arg-type]
        self.row_fields: list[str] = []
        self.cell = CELL
        self.label_w = 14

    def show(
        self,
        adj: Adjudication,
        unit: UnitView,
        fresh: Mapping[tuple[str, str], Decision],
        stale: Mapping[tuple[str, str], str],
        current: str,
    ) -> None:
        self.clear(columns=True)
        # Fit every column in the pane: the gold column must never scroll out of sight.
        width = self.size.width or 72
        for self.label_w in (16, 14) if width >= 70 else (14,):
            # 1 for the mark column, 2 for a vertical scrollbar (a long unit, a short terminal)
            room = width - 1 - 2 - self.label_w - 2 * (len(unit.coders) + 3)
            # coders' columns and the gold column (2 wider, for its mark) share what is left;
            # the gold column's 2 are taken once, not from every column
            self.cell = max(6, min(CELL, (room - 2) // (len(unit.coders) + 1)))
            if self.cell >= DATE_WIDTH:  # a full date fits: keep the wider field names
                break
        self.add_column("", width=1)
        self.add_column("Field", width=self.label_w)
        # "1 alice" cut to "1 alic" hides who is who: a name that does not fit beside its number
        # goes on a second header line
        two_lines = any(len(f"{n} {c}") > self.cell for n, c in enumerate(unit.coders, 1))
        self.header_height = 2 if two_lines else 1
        for n, coder in enumerate(unit.coders, 1):
            head = f"{n}\n{coder[: self.cell]}" if two_lines else f"{n} {coder}"
            self.add_column(Text(head, style=coder_style(n)), width=self.cell)
        self.add_column("gold", width=self.cell + 2)
        self.row_fields = []
        if unit.scope == "incident":
            kept = adj.incident_kept(unit, fresh)
            how = (
                "decided" if (unit.key, INCIDENT) in fresh else ("agreed" if kept else "unsettled")
            )
            cells = [
                _cell(
                    "yes" if c in unit.cells else "NO",
                    "" if c in unit.cells else "bold",
                    self.cell,
                )
                for c in unit.coders
            ]
            differs = len(unit.members) < len(unit.coders)
            gold = "—" if kept is None else ("keep" if kept else "drop")
            self._add(
                INCIDENT,
                "incident coded",
                differs,
                True,
                cells,
                gold,
                how,
                (unit.key, INCIDENT) in stale,
            )
        for f in adj.fields(unit):
            values = [unit.value(c, f.name) for c in unit.coders]
            given = [v for v in values if v is not None]
            differs = any(not same_value(v, given[0]) for v in given[1:]) if given else False
            disputed = (unit.key, f.name) in adj.disputed
            cells = [
                _excluded_cell(unit, c, f.name, self.cell)
                or _cell(
                    "·" if c not in unit.cells else _fmt(f, v),
                    _cell_style(f, v, n),
                    self.cell,
                )
                for n, (c, v) in enumerate(zip(unit.coders, values, strict=True), 1)
            ]
            value, how = adj.gold_value(unit, f.name, fresh)
            self._add(
                f.name,
                f.label if len(f.name) < 4 else f.name,
                differs,
                disputed,
                cells,
                _fmt(f, value),
                how,
                (unit.key, f.name) in stale,
            )
        if current in self.row_fields:
            self.move_cursor(row=self.row_fields.index(current))

    def _add(
        self,
        name: str,
        label: str,
        differs: bool,
        disputed: bool,
        cells: list[Text],
        gold: str,
        how: str,
        stale: bool,
    ) -> None:
        mark = (
            Text("●", style="bold red")
            if disputed and differs
            else (Text("≠", style="yellow") if differs else Text(" "))
        )
        sym, style = MARK.get(how, (" ", ""))
        if stale:
            sym, style = "⚠", "bold yellow"
        if not gold and how in ("decided", "edited"):
            gold = "(empty)"
        if how == "not applicable":
            gold = "n/a"
        gold_text = Text(f"{sym} ", style=style)
        gold_text.append_text(
            _cell(gold, "bold" if how in ("decided", "edited") else "", self.cell)
        )
        label_text = Text(label[: self.label_w], style="bold" if differs else "")
        self.add_row(mark, label_text, *cells, gold_text)
        self.row_fields.append(name)

    def focus_field(self, name: str) -> None:
        """Put the cursor on the row of field `name` (if the unit has one)."""
        if name in self.row_fields:
            self.move_cursor(row=self.row_fields.index(name))

    @property
    def current_field(self) -> str | None:
        if not self.row_fields:
            return None
        return self.row_fields[min(self.cursor_row, len(self.row_fields) - 1)]


def _excluded_cell(unit: UnitView, coder: str, name: str, width: int) -> Text | None:
    """A value compare excluded (a choice the codebook no longer has), marked ⊘ and struck
    through: the lead sees what the coder wrote, and `1`..`9` refuses to take it, saying why
    (ReviewSession.take)."""
    excluded, stored = unit.excluded_value(coder, name)
    if not excluded:
        return None
    shown = ", ".join(map(str, stored)) if isinstance(stored, list) else str(stored)
    return _cell(f"⊘ {clean(shown)}", "strike dim", width)


def _fmt(f: Field, value: object) -> str:
    return "" if value is None else clean(format_value(f, value))  # data, never escapes


def _cell_style(f: Field, value: object, n: int) -> str | Style:
    """Quotes in the coder's highlight colour (as in the article pane); empty cells dimmed."""
    if value is None:
        return "bright_black"
    return coder_style(n) if f.type == "quote" else ""
