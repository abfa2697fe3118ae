"""Coders against gold (`v` on the review dashboard): the training and feedback loop.

Once the lead has settled some disagreements, the gold records are the reference: this screen
shows each coder's agreement with them field by field (coder.gold.against, the same figures as
`coder compare --against gold`): Krippendorff's alpha at the field's level, percent agreement and
the number of units, one column per coder, with the mean over the codebook's fields on top (who
needs retraining) and incident detection F1 below. It is computed in a worker thread from the
review session's records, comparison and gold decisions, and again whenever the screen comes
back (after a walk opened from here with enter, or `r`), so the figures follow the decisions.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.command import Provider
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, LoadingIndicator, Static

from coder.compare.data import is_derived
from coder.errors import CoderError
from coder.gold.against import AgainstGold, compare_with_gold
from coder.tui.review.ci_bar import verdict_colour
from coder.tui.review.commands import ScreenKeyCommands
from coder.tui.review.labels import field_label
from coder.tui.review.session import ReviewSession

SUMMARY = "mean alpha"
DETECTION = "incident detection F1"
ARTICLES = "articles"
NO_GOLD = (
    "No gold decisions yet: settle some disagreements first (a: all of them, enter on a field: "
    "that field's), then come back with v. Agreed values alone are not a reference."
)


def matching_fields(result: AgainstGold) -> set[tuple[str, str]]:
    """The fields used to align incidents (their alpha is inflated, as `coder compare` marks)."""
    return {
        (f.scope, f.field)
        for r in result.results
        if r.report is not None
        for f in r.report.fields
        if f.matching_field
    }


def mean_alpha(result: AgainstGold, coder_index: int) -> float | None:
    """A coder's mean alpha with gold over the codebook's fields, None when no field has a
    figure. Derived fields (they repeat the incidents) and matching fields (inflated by the
    alignment) are left out."""
    r = result.results[coder_index]
    skip = matching_fields(result)
    alphas = [
        a
        for scope, name in result.fields
        if not is_derived(name) and (scope, name) not in skip
        for a, _, _ in [r.field(scope, name)]
        if a is not None
    ]
    return sum(alphas) / len(alphas) if alphas else None


def figure_cell(alpha: float | None, pa: float | None, n: int, width: int) -> Text:
    """`0.812  92% n12`: alpha in its threshold colour, percent agreement, units."""
    out = Text(justify="right")
    out.append("   —  " if alpha is None else f"{alpha:6.3f}", style=verdict_colour(alpha))
    out.append("    " if pa is None else f" {pa:4.0%}")
    if width >= 16:
        out.append(f" n{n}", style="bright_black")
    return out


class GoldAgreementScreen(Screen[None]):
    DEFAULT_CSS = """
    GoldAgreementScreen #vs-gold-header { height: auto; background: $panel; padding: 0 1; }
    GoldAgreementScreen #vs-gold-body { height: 1fr; padding: 0 1; }
    GoldAgreementScreen #vs-gold-table { height: 1fr; }
    GoldAgreementScreen #vs-gold-notes { height: auto; margin-top: 1; }
    GoldAgreementScreen LoadingIndicator { height: 3; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open_field", "Disagreements", id="vs_gold.open_field"),
        Binding("r", "reload", "Recompute", id="vs_gold.reload"),
        Binding("escape", "app.pop_screen", "Dashboard", id="vs_gold.back"),
    ]
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {ScreenKeyCommands}

    def __init__(self, session: ReviewSession) -> None:
        super().__init__()
        self.session = session
        self.result: AgainstGold | None = None
        self._row_fields: list[str | None] = []

    def compose(self) -> ComposeResult:
        yield Static("Coders vs gold · computing…", id="vs-gold-header", markup=False)
        with Vertical(id="vs-gold-body"):
            yield LoadingIndicator()
            yield DataTable(id="vs-gold-table", cursor_type="row", zebra_stripes=True)
            yield Static("", id="vs-gold-notes", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).display = False
        self.action_reload()

    def on_screen_resume(self) -> None:
        if self.result is not None:  # back from a walk: decisions may have changed
            self.action_reload()

    def on_resize(self) -> None:
        if self.result is not None:
            self.call_after_refresh(self._show, self.result)

    # -- computing ------------------------------------------------------------------------------

    def action_reload(self) -> None:
        self.query_one(LoadingIndicator).display = True
        self._compute()

    @work(thread=True, exclusive=True, group="vs-gold")
    def _compute(self) -> None:
        s = self.session
        try:
            if s.report is None:
                s.load()
            if not s.gold.decisions():
                raise CoderError(NO_GOLD)
            result = compare_with_gold(
                s.codebook, s.records, s.gold.decisions(), report=s.report, where=str(s.gold.path)
            )
        except CoderError as error:
            self.app.call_from_thread(self._failed, str(error))
            return
        self.app.call_from_thread(self._show, result)

    def _failed(self, message: str) -> None:
        self.result = None
        self.query_one(LoadingIndicator).display = False
        self.query_one(DataTable).display = False
        self.query_one("#vs-gold-header", Static).update(Text("Coders vs gold · nothing yet"))
        self.query_one("#vs-gold-notes", Static).update(Text(message))

    # -- drawing --------------------------------------------------------------------------------

    def _show(self, result: AgainstGold) -> None:
        self.result = result
        self.query_one(LoadingIndicator).display = False
        unsettled = (
            f" · {result.unsettled} disagreement(s) unsettled (no gold value yet)"
            if result.unsettled
            else " · every disagreement settled"
        )
        self.query_one("#vs-gold-header", Static).update(
            Text(f"Coders vs gold · {result.articles} adjudicated articles{unsettled}")
        )
        self._fill(result)
        self.query_one("#vs-gold-notes", Static).update(
            Text(
                "Each cell: alpha with the gold values (red < 0.667 ≤ yellow < 0.8 ≤ green), "
                "percent agreement, n units. * aligns incidents (inflated; not in the mean). "
                "enter: that field's disagreements · r: recompute."
            )
        )

    def _fill(self, result: AgainstGold) -> None:
        table = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear(columns=True)
        coders = len(result.coders)
        field_w = 24 if self.size.width >= 100 else 18
        room = max(10, (self.size.width - field_w - 6) // max(1, coders) - 2)
        cell_w = min(18, room)
        table.add_column("field", width=field_w)
        for c in result.coders:
            table.add_column(Text(c[:cell_w], justify="right"), width=cell_w)
        self._row_fields = []
        means = [mean_alpha(result, i) for i in range(coders)]
        table.add_row(
            Text(SUMMARY, style="bold"),
            *(
                figure_cell(m, None, r.articles, 0)
                for m, r in zip(means, result.results, strict=True)
            ),
        )
        self._row_fields.append(None)
        matching = matching_fields(result)
        for scope, name in result.fields:
            label = f"{'· ' if scope == 'incident' else ''}{field_label(name, field_w > 18)}"
            if (scope, name) in matching:
                label = label[: field_w - 2] + " *"
            table.add_row(
                Text(label[:field_w], style="italic" if is_derived(name) else "", no_wrap=True),
                *(figure_cell(*r.field(scope, name), cell_w) for r in result.results),
            )
            self._row_fields.append(None if is_derived(name) else name)
        table.add_row(
            Text(DETECTION),
            *(figure_cell(r.detection_f1, None, 0, 0) for r in result.results),
        )
        self._row_fields.append(None)
        table.add_row(
            Text(ARTICLES),
            *(Text(str(r.articles), justify="right") for r in result.results),
        )
        self._row_fields.append(None)
        table.display = True
        if keep:
            table.move_cursor(row=min(keep, table.row_count - 1))
        table.focus()

    # -- actions --------------------------------------------------------------------------------

    def action_open_field(self) -> None:
        from coder.tui.review.disagreements import DisagreementScreen

        table = self.query_one(DataTable)
        if self.session.adj is None or not self._row_fields:
            return
        name = self._row_fields[min(table.cursor_row, len(self._row_fields) - 1)]
        if name is None:
            self.notify("Pick a field's row to see its disagreements.")
            return
        if not self.session.items(name):
            self.notify("No disagreements on this field: the coders agree.")
            return
        self.app.push_screen(DisagreementScreen(self.session, name))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_field()
