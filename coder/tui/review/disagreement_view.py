"""The disagreement walk's display and movement (the screen: screens/disagreements.py).

Drawing one unit at a time: the header (which disagreement, how many settled), the value table with
the cursor on the field in dispute, the article scrolled to the coders' quotes, and the info lines
under the table. The decision keys live in disagreement_decisions.DecisionMixin; both layers are
kept apart so the rules of *what* a key decides are read without the drawing code.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from coder.codebook.model import Field
from coder.codebook.values import format_value
from coder.gold.build import Item
from coder.gold.store import INCIDENT
from coder.textsafe import clean
from coder.tui.review.article import ReviewArticleView, coder_style
from coder.tui.review.gold_export import ask_export
from coder.tui.review.session import ReviewSession
from coder.tui.review.value_table import ValueTable

KEYS = (
    "1-9 take coder's value · e edit · a accept agreed · k/x keep/drop incident · f flag · "
    "⌫ undo · n/p next/prev · u next unsettled · o next quote · g export gold · esc dashboard · "
    "^q quit"
)


class DisagreementView(Screen[None]):
    """The walk over `session.items(field)`: one unit shown at a time, n / p / u to move."""

    def __init__(self, session: ReviewSession, field: str | None) -> None:
        super().__init__()
        self.session = session
        self.field = field
        self.items: list[Item] = session.items(field)
        self.index = session.first_unsettled(self.items)
        self._shown_article: str | None = None
        self._shown_unit: str | None = None
        self._quote_at = 0
        self._stale: dict[tuple[str, str], str] = {}
        self._all_settled = False
        self._last = ""
        """What the last key did ("attack_type = 3 (ann's)"), shown until the next one."""
        self._history: list[tuple[int, str]] = []
        """(item index, field) of each decision taken in this walk, for undo after moving on."""

    def compose(self) -> ComposeResult:
        yield Static("", id="walk-header", markup=False)
        with Horizontal(id="walk-main"):
            with Vertical(id="walk-article"):
                yield ReviewArticleView()
            with Vertical(id="walk-side"):
                yield ValueTable(id="values")
                yield Static("", id="walk-info", markup=False)
        yield Static(KEYS, id="walk-keys", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.show_item(focus_field=True)
        self.query_one(ValueTable).focus()
        # Column widths depend on the pane's width, known only after the first layout.
        self.call_after_refresh(self.show_item)

    def on_resize(self) -> None:
        if self.is_mounted:
            self.call_after_refresh(self.show_item)

    # -- drawing --------------------------------------------------------------------------------

    @property
    def item(self) -> Item:
        return self.items[self.index]

    def show_item(self, focus_field: bool = False) -> None:
        s = self.session
        adj = s.ready
        item = self.item
        unit = item.unit
        fresh = s.fresh()
        stale = {(st.decision.unit, st.decision.field): st.reason for st in s.stale()}
        settled, total = s.progress(self.items)
        which = "all fields" if self.field is None else self.field
        state = adj.settled_how(item, fresh) or "open"
        what = "incident coded?" if item.field == INCIDENT else item.field
        # what is being decided first: the end of the line is cut on a narrow terminal
        count = (
            f"all {total} settled ({which})"
            if settled == total
            else f"disagreement {self.index + 1} of {len(self.items)} ({which}, {state}) · "
            f"{settled} of {total} settled"
        )
        self.query_one("#walk-header", Static).update(
            Text(f"{what} · {unit.title} · {count}", style="bold" if settled == total else "")
        )
        table = self.query_one(ValueTable)
        current = item.field if focus_field else (table.current_field or item.field)
        table.show(adj, unit, fresh, stale, current)
        self._show_article(new_unit=focus_field or self._shown_unit != unit.key)
        self._stale = stale
        self._all_settled = settled == total
        self._info()

    def _quotes(self) -> list[list[str]]:
        """Each coder's quotes in this unit (codebook order), in coder order."""
        adj, unit = self.session.ready, self.item.unit
        quote_fields = [f.name for f in adj.fields(unit) if f.type == "quote"]
        return [
            [str(unit.value(c, name)) for name in quote_fields if unit.value(c, name) is not None]
            for c in unit.coders
        ]

    def _show_article(self, new_unit: bool) -> None:
        unit = self.item.unit
        view = self.query_one(ReviewArticleView)
        if self._shown_article != unit.article:
            article = self.session.articles.get(unit.article)
            if article is None:
                view.show(
                    id=unit.article, title="(article file not found)", source="", date="", text=""
                )
            else:
                view.show(
                    id=article.id,
                    title=article.title,
                    source=article.source,
                    date=article.date,
                    text=article.text,
                )
            self._shown_article = unit.article
        view.review_text.highlight_coder_quotes(self._quotes())
        if new_unit:
            self._shown_unit = unit.key
            self._quote_at = 0
            # after layout: the soft-wrapped lines depend on the pane's width
            self.call_after_refresh(self._scroll_to_quote)

    def _scroll_to_quote(self) -> bool:
        quotes = [q for qs in self._quotes() for q in qs]
        if not quotes:
            return False
        text = self.query_one(ReviewArticleView).review_text
        for k in range(len(quotes)):
            if text.scroll_to_quote(quotes[(self._quote_at + k) % len(quotes)]):
                return True
        return False

    def action_next_quote(self) -> None:
        n = sum(len(qs) for qs in self._quotes())
        if n == 0:
            self.notify("No evidence quote in this unit.")
            return
        self._quote_at = (self._quote_at + 1) % n
        self._scroll_to_quote()

    def _info(self) -> None:
        """Below the table: the row under the cursor in full, what the last key did, and the
        unit's flag, stale decisions, read-only state; or that nothing is left to settle."""
        unit = self.item.unit
        stale = self._stale
        out = self._row_detail()
        if self._last:
            out.append(f"{self._last}\n", style="green")
        if self._all_settled:
            rest = self.session.progress(self.session.items())
            out.append("✓ Every disagreement here is settled. ", style="bold green")
            if self.field is not None and rest[0] < rest[1]:
                out.append(
                    f"{rest[1] - rest[0]} remain in other fields: esc, then a.\n", style="bold"
                )
            else:
                out.append("esc: back to the dashboard · g: export the gold data\n", style="bold")
        flag = self.session.gold.flags().get(unit.key)
        if flag is not None:
            out.append("⚑ codebook problem: ", style="bold magenta")
            out.append(flag.note + "\n")
        for (key, field), reason in stale.items():
            if key == unit.key:
                out.append(f"⚠ stale decision on {field}: {reason}\n", style="yellow")
        if self.session.readonly_reason:
            out.append(f"read-only: {self.session.readonly_reason}", style="bold red")
        out.rstrip()
        self.query_one("#walk-info", Static).update(out)

    def _row_detail(self) -> Text:
        """Each coder's value of the row under the cursor, untruncated, with choice labels."""
        unit, name = self.item.unit, self._row()
        out = Text()
        if name is None:
            return out
        if name == INCIDENT:
            out.append("incident coded: ", style="bold")
            seen = [f"{c} {'yes' if c in unit.cells else 'no'}" for c in unit.coders]
            out.append(" · ".join(seen) + "\n")
            return out
        f = self.session.ready.field(unit, name)
        if f is None:
            return out
        out.append(f"{f.label}: ", style="bold")
        for n, c in enumerate(unit.coders, 1):
            v = unit.value(c, name)
            out.append(f"{n} {c}", style=coder_style(n))
            excluded, stored = unit.excluded_value(c, name)
            if excluded:  # a choice the codebook no longer has: shown, never taken
                out.append(f" {clean(str(stored))} (not a choice of the codebook: excluded)")
            else:
                out.append(f" {_labelled(f, v) if c in unit.cells else '(no incident)'}")
            out.append("  " if n < len(unit.coders) else "\n")
        return out

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if self.is_mounted and self.items:
            self._info()

    # -- moving ---------------------------------------------------------------------------------

    def action_move(self, step: int) -> None:
        new = self.index + step
        if 0 <= new < len(self.items):
            self.index = new
            self._last = ""
            self.show_item(focus_field=True)
        else:
            self.notify("That was the last one." if step > 0 else "This is the first one.")

    def action_next_unsettled(self) -> None:
        found = self.session.next_unsettled(self.items, self.index)
        if found is None:
            self.notify(f"All {len(self.items)} disagreements here are settled.")
            return
        self.index = found
        self._last = ""
        self.show_item(focus_field=True)

    def action_export(self) -> None:
        ask_export(self, self.session)

    def action_back(self) -> None:
        self.app.pop_screen()

    def _row(self) -> str | None:
        return self.query_one(ValueTable).current_field

    def _open_now(self) -> bool:
        return not self.session.ready.is_settled(self.item, self.session.fresh())


def short_value(f: Field, value: object) -> str:
    """A value on one line, cut to 40 characters, for "what the last key did"."""
    text = " ".join(clean(format_value(f, value)).split())
    return text if len(text) <= 40 else text[:39] + "…"


def _labelled(f: Field, value: object) -> str:
    """A value as stored, with the codebook's labels of its choices: `3 (Bombing/explosion)`."""
    if value is None:
        return "(empty)"
    if f.has_choices:
        items = value if isinstance(value, list) else [value]
        return clean("; ".join(f"{format_value(f, v)} ({f.label_for(v)})" for v in items))
    return " ".join(clean(format_value(f, value)).split())
