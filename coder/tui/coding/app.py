"""CoderApp: opens a project for one coder and hosts the coding screen.

`run_coding` is what `coder code` calls. Everything that can fail before the UI starts (codebook,
articles, database) fails as a CoderError with a clear message, so the CLI prints it instead of a
traceback. A database that another window is writing is opened read-only, and the header says so.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from textual.app import SystemCommand
from textual.screen import Screen

from coder.articles import ArticleSet
from coder.codebook import Codebook
from coder.config import auto_advance, remembered_coder
from coder.errors import CoderError
from coder.gc_pause import freeze_survivors, gc_paused, hold_until_frozen, thaw
from coder.project import Project
from coder.store import CoderStore, LockedError
from coder.tui.base_app import BaseApp
from coder.tui.coding.actions import palette_entries
from coder.tui.coding.resume import load_position, resume_index
from coder.tui.coding.screen import CodingScreen
from coder.tui.coding.session import Session
from coder.tui.coding.team_sync import assigned_ids


class CoderApp(BaseApp):
    """The coding workbench for one project (keys routed one at a time: see `key_gate`)."""

    def __init__(
        self,
        project: Project,
        coder: str | None,
        *,
        readonly: bool = False,
        codebook: Codebook | None = None,
        articles: ArticleSet | None = None,
        clock: Callable[[str], str | None] | None = None,
    ) -> None:
        with gc_paused():  # loading makes no garbage for the collector to find (gc_pause)
            super().__init__(project, codebook=codebook, articles=articles, clock=clock)
        self.coder = coder
        self.force_readonly = readonly
        self.store: CoderStore | None = None
        self.coding: CodingScreen | None = None
        self.auto_advance = auto_advance()
        """A choice picked by its number moves on to the next field (choice_list)."""
        self._quit_unsaved = False
        """Set by a refused quit: the next ctrl+q quits although the edit could not be saved."""

    def on_mount(self) -> None:
        self.title = f"coder · {self.codebook.title}"
        self.start_as(self.coder)

    def start(self, name: str) -> None:
        """Open the coder's database (read-only if another window has it) and start coding."""
        self.coder = name
        hold_until_frozen()  # the collector waits until what start-up loads is frozen
        reason = ""
        try:
            if self.force_readonly:
                reason = "opened with --readonly"
                self.store = self.project.open_store(name, readonly=True)
            else:
                try:
                    self.store = self.project.open_store(name)
                except LockedError as locked:
                    reason = f"another window is coding as {name}"
                    self.store = self.project.open_store(name, readonly=True)
                    self.notify(
                        str(locked), title="Opened read-only", severity="warning", timeout=15
                    )
        except CoderError as error:
            self.exit(2, message=str(error))
            return
        session = Session(self.codebook, self.article_set, self.store)
        try:  # with assignments.yaml: only this coder's articles, in plan order
            session.restrict_to(assigned_ids(self.project, session, name))
        except CoderError as error:
            self.exit(2, message=str(error))
            return
        position = load_position(self.project.root, name)
        session.open(resume_index(session, position))
        self.coding = CodingScreen(session, coder=name, readonly_reason=reason, clock=self.clock)
        self.coding.resume_at = position  # the incident and field it was in (resume.py)
        self.push_screen(self.coding)
        self.call_after_refresh(self._after_first_frame, session)

    def _after_first_frame(self, session: Session) -> None:
        """What the first frame does not need: every stored record read (the progress count,
        the article list) in a worker thread, then the objects loaded frozen (gc_pause)."""

        def index() -> None:
            try:
                session.index_all()
            finally:  # the collector runs again even if this failed (the app is closing...)
                self.call_from_thread(self._indexed)

        self.run_worker(index, thread=True, group="start-up", exit_on_error=False)

    def _indexed(self) -> None:
        if self.coding is not None and self.coding.is_mounted:
            self.coding.refresh_header()
        freeze_survivors()  # what is loaded now lives all session; the collector runs again

    async def action_quit(self) -> None:
        """Quit after the final save has reached the disk. When it cannot (full disk, read-only
        folder...), the window stays open with the edit; a second ctrl+q quits without it."""
        coding = self.coding
        if coding is not None and coding.is_mounted:
            coding.save_now()
            coding.remember_position()
            await self.workers.wait_for_complete()
            if not coding.all_saved and not self._quit_unsaved:
                self._quit_unsaved = True
                self.notify(
                    f"Not quitting: the last edit is not saved ({coding.save_error}). Fix the "
                    "cause and it saves by itself, or press ctrl+q again to quit and lose it.",
                    title="Unsaved edit",
                    severity="error",
                    timeout=20,
                )
                return
        self.exit(0)

    def on_unmount(self) -> None:
        if self.store is not None:
            self.store.close()
        thaw()  # the session's objects can be collected again (tests run many apps in one process)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Every coding action in the command palette (ctrl+p), next to Textual's own."""
        yield from super().get_system_commands(screen)
        if isinstance(screen, CodingScreen):
            for title, help_text, action in palette_entries():
                yield SystemCommand(
                    title, help_text, lambda action=action: screen.run_action(action)
                )
            yield SystemCommand(
                "Review agreement",
                "Agreement per field, the coders' disagreements and adjudication (coder review)",
                self.open_review,
            )

    def open_review(self) -> None:
        """The review dashboard on top of coding (coder.tui.review); the lead is this coder."""
        from coder.tui.review.app import push_review  # review is loaded only when opened

        if self.coding is not None and self.coding.is_mounted:
            self.coding.save_now()
        push_review(self, self.project, self.codebook, self.article_set, self.coder or "lead")


def run_coding(project: Project, coder: str | None, readonly: bool) -> int:
    """Run the coding UI; returns the exit status (0 ok, 1 cancelled, 2 error)."""
    if coder is None:
        coder = remembered_coder()
    app = CoderApp(project, coder, readonly=readonly)
    result = app.run()
    return result if isinstance(result, int) else 1
