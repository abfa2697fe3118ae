"""The review dashboard: how reliable each variable is, who agrees with whom, what is settled.

The comparison (alignment, alpha, bootstrap CIs) runs in a worker thread behind a LoadingIndicator,
so the screen never freezes on a large project. One row per field: level, alpha in its threshold
colour, the CI bar (coder.tui.review.ci_bar), units, pairable values and open disagreements;
enter opens that field's disagreements, `a` all of them. Below: incident detection, the coder x
coder matrix, each coder's agreement with the rest as bars (who needs retraining), stale gold
decisions and flagged units.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.command import Provider
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, LoadingIndicator, Static

from coder.errors import CoderError
from coder.gold.excluded import invalid_decisions_warning
from coder.gold.store import INCIDENT
from coder.tui.review.ci_bar import alpha_text, bar, ci_bar, scale_line, verdict_colour
from coder.tui.review.commands import ScreenKeyCommands
from coder.tui.review.labels import field_label
from coder.tui.review.session import ReviewSession

BAR = 25


class ReviewDashboard(Screen[None]):
    DEFAULT_CSS = """
    ReviewDashboard #review-header { height: 1; background: $panel; padding: 0 1; }
    ReviewDashboard #review-body { height: 1fr; padding: 0 1; }
    ReviewDashboard #fields { height: auto; max-height: 24; }
    ReviewDashboard #panels { height: auto; margin-top: 1; }
    ReviewDashboard .panel { width: 1fr; height: auto; padding-right: 2; }
    ReviewDashboard #notes { height: auto; margin-top: 1; }
    ReviewDashboard #load-error { color: $text-error; padding: 1 2; }
    ReviewDashboard LoadingIndicator { height: 3; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open_field", "Disagreements", show=True, id="review.open_field",
                tooltip="Walk the disagreements of the field under the cursor"),
        Binding("a", "open_all", "All disagreements", id="review.open_all",
                tooltip="Walk every disagreement, article by article"),
        Binding("v", "vs_gold", "Coders vs gold", id="review.vs_gold",
                tooltip="Each coder's agreement with the gold values, per field"),
        Binding("r", "reload", "Recompute", id="review.reload",
                tooltip="Read the coders' databases again and recompute agreement"),
        Binding("g", "export", "Export gold", id="review.export",
                tooltip="Write the adjudicated data set (CSV, JSONL, Parquet or Stata)"),
        Binding("escape", "leave", "Back/Quit"),
        Binding("p", "team_progress", "Team progress", show=False, id="review.team_progress",
                tooltip="Each coder's progress with their assignments (coder progress)"),
    ]  # fmt: skip
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {ScreenKeyCommands}

    def __init__(self, session: ReviewSession) -> None:
        super().__init__()
        self.session = session
        self._row_fields: list[str] = []

    def compose(self) -> ComposeResult:
        yield Static("Review · computing agreement…", id="review-header", markup=False)
        with VerticalScroll(id="review-body"):
            yield LoadingIndicator()
            yield Static("", id="load-error", markup=False)
            yield DataTable(id="fields", cursor_type="row", zebra_stripes=True)
            with Horizontal(id="panels"):
                yield Static("", id="detection", classes="panel")
                yield Static("", id="matrix", classes="panel")
                yield Static("", id="coders", classes="panel")
            yield Static("", id="notes")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#load-error").display = False
        self.query_one("#fields").display = False
        self.action_reload()

    def on_resize(self) -> None:
        if self.session.adj is not None:
            self.call_after_refresh(self.refresh_view)

    def on_screen_resume(self) -> None:
        if self.session.adj is not None:
            self.refresh_view()

    # -- loading --------------------------------------------------------------------------------

    def action_reload(self) -> None:
        self.query_one(LoadingIndicator).display = True
        self._compute()

    @work(thread=True, exclusive=True, group="review-load")
    def _compute(self) -> None:
        try:
            self.session.load()
        except CoderError as error:
            self.app.call_from_thread(self._failed, str(error))
            return
        self.app.call_from_thread(self._loaded)

    def _failed(self, message: str) -> None:
        self.query_one(LoadingIndicator).display = False
        err = self.query_one("#load-error", Static)
        err.update(Text(f"Nothing to review: {message}"))
        err.display = True

    def _loaded(self) -> None:
        self.query_one(LoadingIndicator).display = False
        self.query_one("#fields").display = True
        self.refresh_view()
        self.query_one("#fields").focus()

    # -- drawing --------------------------------------------------------------------------------

    def refresh_view(self) -> None:
        s = self.session
        report = s.report
        if report is None:
            return
        items = s.items()
        settled, total = s.progress(items)
        ro = f" · READ-ONLY ({s.readonly_reason})" if s.readonly_reason else ""
        progress = (
            f"all {total} disagreements settled (g: export gold)"
            if settled == total
            else f"{settled} of {total} disagreements settled"
        )
        # most important first: the end of the line is cut on a narrow terminal
        self.query_one("#review-header", Static).update(
            Text(
                f"Review · {progress} · coders {', '.join(report.coders)} · "
                f"{len(report.articles)} articles compared · lead {s.gold.lead}{ro}"
            )
        )
        self._fill_table(s.disagreement_counts())
        self.query_one("#detection", Static).update(self._detection())
        self.query_one("#matrix", Static).update(self._matrix())
        self.query_one("#coders", Static).update(self._coders())
        self.query_one("#notes", Static).update(self._notes())

    def _fill_table(self, open_counts: dict[str, tuple[int, int]]) -> None:
        table = self.query_one("#fields", DataTable)
        report = self.session.report
        assert report is not None
        keep = table.cursor_row
        table.clear(columns=True)
        wide = self.size.width >= 100
        bar_w = BAR if wide else 15
        table.add_column("Field", width=24 if wide else 17)
        table.add_column("Level", width=8)
        table.add_column("alpha", width=6)
        table.add_column(Text.assemble("CI ", scale_line(bar_w - 3)), width=bar_w)
        table.add_column("Units", width=5)
        # pairable values, as `coder compare` calls them (not pairs of coders)
        table.add_column("Values", width=8 if wide else 6)
        table.add_column("Open", width=4)
        self._row_fields = []
        for f in report.fields:
            st = f.stats
            label = field_label(f.field, wide)
            name = f"{'· ' if f.scope == 'incident' else ''}{label}"
            table.add_row(
                Text(name, style="italic" if f.derived else ""),
                f.level,
                alpha_text(st.alpha),
                ci_bar(st.alpha, st.ci95, bar_w),
                str(st.units),
                str(st.pairable_values),
                "" if f.derived else _open_cell(open_counts.get(f.field)),
            )
            self._row_fields.append(f.field)
        table.add_row(
            Text("· incidents only some coded", style="italic"),
            *([""] * 5),
            _open_cell(open_counts.get(INCIDENT)),
        )
        self._row_fields.append(INCIDENT)
        if keep:
            table.move_cursor(row=min(keep, table.row_count - 1))

    def _detection(self) -> Text:
        report = self.session.report
        assert report is not None
        det = report.detection
        out = Text("Incident detection\n", style="bold")
        f1 = "—" if det.f1 is None else f"{det.f1:.3f}"
        out.append(
            f"F1 {f1} · {det.units} units, {det.units_all_coders} by all, "
            f"{det.units_one_coder} by one\n"
        )
        for p in det.pairs:
            pf = "—" if p.f1 is None else f"{p.f1:.2f}"
            out.append(f"{p.coders[0]}–{p.coders[1]}: ")
            out.append_text(bar(p.f1, 10))
            out.append(f" {pf} ({p.matched} matched of {p.incidents[0]}/{p.incidents[1]})\n")
        return out

    def _matrix(self) -> Text:
        report = self.session.report
        assert report is not None
        coders = report.coders
        pairs = {frozenset(p.coders): p.mean_alpha for p in report.pairs}
        w = max(6, *(len(c) for c in coders))
        out = Text("Mean alpha, coder × coder\n", style="bold")
        out.append(" " * w + "".join(c[:6].rjust(7) for c in coders) + "\n")
        for a in coders:
            out.append(a[:w].ljust(w))
            for b in coders:
                if a == b:
                    out.append("      ·", style="bright_black")
                    continue
                v = pairs.get(frozenset((a, b)))
                out.append(("      —" if v is None else f"{v:7.3f}"), style=verdict_colour(v))
            out.append("\n")
        return out

    def _coders(self) -> Text:
        report = self.session.report
        assert report is not None
        out = Text("Each coder vs the rest (mean alpha)\n", style="bold")
        agreement = report.coder_agreement()
        ranked = sorted(agreement.items(), key=lambda kv: (kv[1] is None, kv[1] or 0.0))
        for coder, v in ranked:
            out.append(coder[:10].ljust(11))
            out.append_text(bar(v, 16))
            out.append(" —" if v is None else f" {v:.3f}", style=verdict_colour(v))
            if v is not None and verdict_colour(v) == "red":
                out.append("  retrain?", style="bold red")
            out.append("\n")
        return out

    def _notes(self) -> Text:
        s = self.session
        stale = s.stale()
        flags = s.gold.flags()
        out = Text()
        report = s.report
        for warning in report.drift if report is not None else ():
            # a choice since removed is excluded from the walk's incident values: say so
            out.append(f"Codebook drift: {warning}\n", style="bold yellow")
        refused = invalid_decisions_warning(s.codebook, s.gold.decisions())
        if refused:
            out.append(f"Codebook drift: {refused}\n", style="bold yellow")
        if stale:
            out.append(
                f"Stale gold decisions ({len(stale)}): coders changed their records since\n",
                style="bold yellow",
            )
            for st in stale[:8]:
                d = st.decision
                out.append(f"  {d.unit} · {d.field}: {st.reason}\n")
            if len(stale) > 8:
                out.append(f"  … and {len(stale) - 8} more (marked in the walk)\n")
        if flags:
            out.append(f"Flagged as codebook problems ({len(flags)})\n", style="bold")
            for fl in list(flags.values())[:8]:
                out.append(f"  {fl.unit}: {fl.note}\n")
        if not stale and not flags:
            out.append("No stale decisions, no flagged units.", style="bright_black")
        return out

    # -- actions --------------------------------------------------------------------------------

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_field()

    def action_open_field(self) -> None:
        table = self.query_one("#fields", DataTable)
        if self.session.adj is None or not self._row_fields:
            return
        name = self._row_fields[table.cursor_row]
        if name.startswith("derived:"):
            self.notify("Derived from the incidents: see 'incidents only some coded'.")
            return
        self._open(name)

    def action_export(self) -> None:
        from coder.tui.review.gold_export import ask_export

        ask_export(self, self.session)

    def action_open_all(self) -> None:
        if self.session.adj is not None:
            self._open(None)

    def _open(self, field: str | None) -> None:
        from coder.tui.review.disagreements import DisagreementScreen

        items = self.session.items(field)
        if not items:
            self.notify("No disagreements here: the coders agree.")
            return
        self.app.push_screen(DisagreementScreen(self.session, field))

    def action_vs_gold(self) -> None:
        """v: each coder against the gold values (coder.tui.review.vs_gold)."""
        from coder.tui.review.vs_gold import GoldAgreementScreen

        if self.session.adj is None:
            self.notify("The comparison is still being computed.")
            return
        self.app.push_screen(GoldAgreementScreen(self.session))

    def action_team_progress(self) -> None:
        """p: each coder's progress with their assignments (coder.tui.review.progress)."""
        from coder.tui.review.progress import ProgressScreen

        self.app.push_screen(ProgressScreen(self.session.project))

    def action_leave(self) -> None:
        if len(self.app.screen_stack) > 2:
            # dismiss, not pop_screen: only dismiss runs push_review's callback, which closes the
            # gold database (releasing its lock for another review)
            self.dismiss(None)
        else:
            self.app.exit(0)


def _open_cell(counts: tuple[int, int] | None) -> Text:
    """Open disagreements of a field; ✓ once all are settled, empty when there were none."""
    if counts is None:
        return Text("")
    still, _ = counts
    return Text(str(still), style="bold") if still else Text("✓", style="green")
