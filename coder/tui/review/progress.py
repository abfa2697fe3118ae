"""The lead's progress screen, next to the review dashboard (`p` there): `coder progress` live.

One row per coder (assigned, done, no incident, draft, not started, incidents, active minutes,
last activity) and the overlap subsample's completeness. Reading every coder's database runs in
a worker thread, so a large team never freezes the screen; `r` reads again (after a sync).
Everything shown comes from files, so it is plain text (`Text`), never markup.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from coder.errors import CoderError
from coder.project import Project
from coder.team.progress import TeamProgress, printable, team_progress

COLUMNS = (
    "coder",
    "assigned",
    "done",
    "no incident",
    "draft",
    "not started",
    "incidents",
    "min/article",
    "minutes",
    "last activity",
)


class ProgressScreen(Screen[None]):
    DEFAULT_CSS = """
    ProgressScreen #progress-header { height: 1; background: $panel; padding: 0 1; }
    ProgressScreen #progress-table { height: auto; max-height: 30; margin: 1 1 0 1; }
    ProgressScreen #progress-notes { height: auto; padding: 1 2; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "reload", "Read again"),
        Binding("escape", "app.pop_screen", "Back"),
    ]

    def __init__(self, project: Project) -> None:
        super().__init__()
        self.project = project
        self.report: TeamProgress | None = None

    def compose(self) -> ComposeResult:
        yield Static("Team progress · reading the coders' databases…", id="progress-header")
        yield DataTable(id="progress-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="progress-notes", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns(*COLUMNS)
        self.action_reload()

    def action_reload(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="team-progress")
    def _load(self) -> None:
        try:
            report = team_progress(self.project)
        except CoderError as error:
            self.app.call_from_thread(self._show_error, str(error))
            return
        self.app.call_from_thread(self._show, report)

    def _show_error(self, message: str) -> None:
        self.query_one("#progress-notes", Static).update(Text(message))

    def _show(self, report: TeamProgress) -> None:
        self.report = report
        table = self.query_one(DataTable)
        table.clear()
        for c in report.coders:
            table.add_row(
                Text(c.coder),
                *(
                    Text(str(v), justify="right")
                    for v in (c.assigned, c.done, c.no_incident, c.draft, c.not_started)
                ),
                Text(str(c.incidents), justify="right"),
                Text(f"{c.active_minutes['median']:g}", justify="right"),
                Text(f"{c.active_minutes['total']:g}", justify="right"),
                Text(printable(c.last_activity or "-")),
            )
        done = sum(c.done + c.no_incident for c in report.coders)
        assigned = sum(c.assigned for c in report.coders)
        self.query_one("#progress-header", Static).update(
            Text(f"Team progress · {done} of {assigned} assignments finished")
        )
        notes = (
            f"Overlap subsample: {report.overlap_complete} of {report.overlap_articles} articles "
            "finished by all their coders."
            if report.has_plan
            else "No assignments.yaml: every coder is counted against every article."
        )
        self.query_one("#progress-notes", Static).update(Text(notes))
