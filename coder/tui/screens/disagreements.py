"""Walk the disagreements one by one and settle each into the gold data.

Left: the article with every coder's evidence quotes highlighted (widgets.article_view). Right: the
unit's values, field rows x coder columns + gold (widgets.value_table), the cursor on the field in
dispute. Every key acts on the row under the cursor and is saved to coding/gold.json at once:
1..9 take that coder's value, e types a new one (parsed and checked with coder.values against the
field and the article), a accepts every value the coders already agree on, k / x keep or drop an
incident, f flags the unit as a codebook problem, backspace undoes. The walk opens at the first
unsettled disagreement, so quitting and coming back resumes where the lead stopped.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static

from coder.errors import CoderError
from coder.gold import INCIDENT
from coder.gold_build import Item
from coder.tui.review_session import ReviewSession
from coder.tui.screens.prompt import PromptScreen
from coder.tui.widgets.article_view import ArticleView
from coder.tui.widgets.value_table import ValueTable
from coder.values import check_value, format_value, parse_value

KEYS = (
    "1-9 take coder's value · e edit · a accept agreed · k/x keep/drop incident · "
    "f flag · ⌫ undo · n/p next/prev · u next unsettled · esc dashboard"
)


class DisagreementScreen(Screen[None]):
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    DEFAULT_CSS = """
    DisagreementScreen #walk-header { height: 1; background: $panel; padding: 0 1; }
    DisagreementScreen #walk-main { height: 1fr; }
    DisagreementScreen #walk-article { width: 2fr; border-right: vkey $panel-lighten-2; }
    DisagreementScreen #walk-side { width: 3fr; }
    DisagreementScreen.-narrow #walk-article { width: 1fr; }
    DisagreementScreen.-narrow #walk-side { width: 2fr; }
    DisagreementScreen ValueTable { height: 1fr; }
    DisagreementScreen #walk-info { height: auto; max-height: 4; padding: 0 1; }
    DisagreementScreen #walk-keys {
        height: auto; background: $panel; padding: 0 1; color: $text-muted;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n,pagedown", "move(1)", "Next"),
        Binding("p,pageup", "move(-1)", "Prev"),
        Binding("u", "next_unsettled", "Next unsettled"),
        *(Binding(str(k), f"take({k})", f"Take {k}", show=False) for k in range(1, 10)),
        Binding("e", "edit", "Edit"),
        Binding("a", "accept_agreed", "Accept agreed"),
        Binding("k", "incident(True)", "Keep incident", show=False),
        Binding("x", "incident(False)", "Drop incident", show=False),
        Binding("f", "flag", "Flag"),
        Binding("backspace,delete", "undo", "Undo", show=False),
        Binding("escape", "back", "Dashboard"),
    ]

    def __init__(self, session: ReviewSession, field: str | None) -> None:
        super().__init__()
        self.session = session
        self.field = field
        self.items: list[Item] = session.items(field)
        self.index = session.first_unsettled(self.items)

    def compose(self) -> ComposeResult:
        yield Static("", id="walk-header", markup=False)
        with Horizontal(id="walk-main"):
            with Vertical(id="walk-article"):
                yield ArticleView()
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
        state = "settled" if adj.is_settled(item, fresh) else "open"
        self.query_one("#walk-header", Static).update(
            Text(
                f"Disagreement {self.index + 1} of {len(self.items)} ({which}, {state}) · "
                f"{settled} of {total} settled · {unit.title} · "
                f"{'incident recorded?' if item.field == INCIDENT else item.field}"
            )
        )
        table = self.query_one(ValueTable)
        current = item.field if focus_field else (table.current_field or item.field)
        table.show(adj, unit, fresh, stale, current)
        article = s.articles.get(unit.article)
        view = self.query_one(ArticleView)
        if focus_field or getattr(self, "_shown_article", None) != unit.key:
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
            self._shown_article = unit.key
        quotes = [
            str(unit.value(c, f.name))
            for f in adj.fields(unit)
            if f.type == "quote"
            for c in unit.members
            if unit.value(c, f.name) is not None
        ]
        view.text_area.highlight_quotes(quotes)
        self._info(stale)

    def _info(self, stale: dict[tuple[str, str], str]) -> None:
        unit = self.item.unit
        out = Text()
        flag = self.session.gold.flags().get(unit.key)
        if flag is not None:
            out.append("⚑ codebook problem: ", style="bold magenta")
            out.append(flag.note + "\n")
        for (key, field), reason in stale.items():
            if key == unit.key:
                out.append(f"⚠ stale decision on {field}: {reason}\n", style="yellow")
        if self.session.readonly_reason:
            out.append(f"read-only: {self.session.readonly_reason}", style="bold red")
        self.query_one("#walk-info", Static).update(out)

    # -- moving ---------------------------------------------------------------------------------

    def action_move(self, step: int) -> None:
        new = self.index + step
        if 0 <= new < len(self.items):
            self.index = new
            self.show_item(focus_field=True)
        else:
            self.notify("That was the last one." if step > 0 else "This is the first one.")

    def action_next_unsettled(self) -> None:
        adj, fresh = self.session.ready, self.session.fresh()
        n = len(self.items)
        for k in range(1, n + 1):
            j = (self.index + k) % n
            if not adj.is_settled(self.items[j], fresh):
                self.index = j
                self.show_item(focus_field=True)
                return
        self.notify(f"All {n} disagreements here are settled.")

    def action_back(self) -> None:
        self.app.pop_screen()

    # -- deciding -------------------------------------------------------------------------------

    def _row(self) -> str | None:
        return self.query_one(ValueTable).current_field

    def _saved(self, what: str) -> None:
        self.show_item()
        self.notify(what, timeout=2)

    def action_take(self, k: int) -> None:
        unit, field = self.item.unit, self._row()
        if field is None:
            return
        if not 1 <= k <= len(unit.coders):
            self.notify(f"There is no coder {k} here.", severity="warning")
            return
        coder = unit.coders[k - 1]
        if field != INCIDENT and coder not in unit.cells:
            self.notify(f"{coder} did not record this incident.", severity="warning")
            return
        try:
            self.session.take(unit, field, coder)
        except CoderError as error:
            self.notify(str(error), severity="error")
            return
        self._saved(f"{field if field != INCIDENT else 'incident'}: took {coder}'s")

    def action_incident(self, keep: bool) -> None:
        unit = self.item.unit
        if unit.scope != "incident":
            self.notify("k / x keep or drop an incident; this is the article's own values.")
            return
        try:
            self.session.gold.accept_incident(unit.key, keep, unit.based_on(INCIDENT))
        except CoderError as error:
            self.notify(str(error), severity="error")
            return
        self._saved("incident kept" if keep else "incident dropped")

    def action_accept_agreed(self) -> None:
        try:
            n = self.session.accept_agreed(self.item.unit)
        except CoderError as error:
            self.notify(str(error), severity="error")
            return
        self._saved(f"accepted {n} agreed value(s)")

    def action_undo(self) -> None:
        field = self._row()
        if field is None or self.session.gold.get(self.item.unit.key, field) is None:
            return
        try:
            self.session.gold.undo(self.item.unit.key, field)
        except CoderError as error:
            self.notify(str(error), severity="error")
            return
        self._saved(f"{field}: decision removed")

    def action_edit(self) -> None:
        unit, name = self.item.unit, self._row()
        if name is None or name == INCIDENT:
            self.notify("Use k / x to keep or drop the incident.")
            return
        f = next(x for x in self.session.ready.fields(unit) if x.name == name)
        article = self.session.articles.get(unit.article)
        text = article.text if article is not None else None
        current, _ = self.session.ready.gold_value(unit, name, self.session.fresh())

        def check(raw: str) -> str | None:
            try:
                value = parse_value(f, raw)
            except ValueError as exc:
                return str(exc)
            return None if value is None else check_value(f, value, text)

        def done(raw: str | None) -> None:
            if raw is None:
                return
            value = parse_value(f, raw)
            try:
                self.session.edit(unit, name, value)
            except CoderError as error:
                self.notify(str(error), severity="error")
                return
            self._saved(f"{name}: gold value typed")

        hint = "enter: save · esc: cancel · empty: gold leaves it empty"
        if f.has_choices:
            hint = "choices: " + ", ".join(str(c.value) for c in f.choices)[:200] + "\n" + hint
        initial = "" if current is None else format_value(f, current)
        self.app.push_screen(
            PromptScreen(f"Gold value of {f.label} ({name})", initial, check, hint), done
        )

    def action_flag(self) -> None:
        unit = self.item.unit
        old = self.session.gold.flags().get(unit.key)

        def done(note: str | None) -> None:
            if note is None:
                return
            try:
                self.session.gold.flag(unit.key, note)
            except CoderError as error:
                self.notify(str(error), severity="error")
                return
            self._saved("flag removed" if not note.strip() else "flagged as a codebook problem")

        self.app.push_screen(
            PromptScreen(
                f"Codebook problem in {unit.title}: what do the rules not settle?",
                old.note if old else "",
                hint="enter: save · esc: cancel · empty: remove the flag",
            ),
            done,
        )
