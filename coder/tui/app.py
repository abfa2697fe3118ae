"""CoderApp: opens a project for one coder and hosts the coding screen.

`run_coding` is what `coder code` calls. Everything that can fail before the UI starts (codebook,
articles, database) fails as a CoderError with a clear message, so the CLI prints it instead of a
traceback. A database that another window is writing is opened read-only, and the header says so.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import ClassVar

from textual.app import SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from coder.articles import ArticleSet
from coder.config import remember_coder, remembered_coder
from coder.errors import CoderError
from coder.model import Codebook
from coder.project import Project
from coder.store import CoderStore, LockedError
from coder.tui.key_gate import KeyGate
from coder.tui.screens.ask_name import AskNameScreen
from coder.tui.screens.coding import CodingScreen
from coder.tui.screens.coding_actions import palette_entries
from coder.tui.session import Session


class CoderApp(KeyGate[int]):
    """The coding workbench for one project (keys routed one at a time: see `key_gate`)."""

    CSS_PATH = "app.tcss"
    TITLE = "coder"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit (saves)", priority=True),
    ]

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
        """`clock` formats the store's UTC stamps for the header (default: local HH:MM); tests
        pass a fixed one so screenshots do not depend on the time of day."""
        super().__init__()
        self.clock = clock
        self.project = project
        self.coder = coder
        self.force_readonly = readonly
        self.codebook = codebook if codebook is not None else project.load_codebook()
        self.article_set = articles if articles is not None else project.load_articles()
        if not self.article_set.articles:
            raise CoderError(f"no articles to code in {project.articles_dir}")
        self.store: CoderStore | None = None
        self.coding: CodingScreen | None = None

    def on_mount(self) -> None:
        self.title = f"coder · {self.codebook.title}"
        if self.coder:
            self.start(self.coder)
        else:
            self.push_screen(AskNameScreen(), self._named)

    def _named(self, name: str | None) -> None:
        if not name:
            self.exit(1, message="No coder name given; nothing was opened.")
            return
        remember_coder(name)
        self.start(name)

    def start(self, coder: str) -> None:
        """Open the coder's database (read-only if another window has it) and start coding."""
        self.coder = coder
        reason = ""
        try:
            if self.force_readonly:
                reason = "opened with --readonly"
                self.store = self.project.open_store(coder, readonly=True)
            else:
                try:
                    self.store = self.project.open_store(coder)
                except LockedError as locked:
                    reason = f"another window is coding as {coder}"
                    self.store = self.project.open_store(coder, readonly=True)
                    self.notify(
                        str(locked), title="Opened read-only", severity="warning", timeout=15
                    )
        except CoderError as error:
            self.exit(2, message=str(error))
            return
        session = Session(self.codebook, self.article_set, self.store)
        session.open(session.first_unfinished())
        self.coding = CodingScreen(session, coder=coder, readonly_reason=reason, clock=self.clock)
        self.push_screen(self.coding)

    async def action_quit(self) -> None:
        """Quit after the final save has reached the disk."""
        if self.coding is not None and self.coding.is_mounted:
            self.coding.save_now()
            await self.workers.wait_for_complete()
        self.exit(0)

    def on_unmount(self) -> None:
        if self.store is not None:
            self.store.close()

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
        """The review mode on top of coding (coder.tui.review_app); the lead is this coder."""
        from coder.tui.review_app import push_review

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


def run_review(project: Project, coders: list[str] | None, lead: str | None = None) -> int:
    """`coder review`: the review mode of this app (coder.tui.review_app)."""
    from coder.tui.review_app import run_review as run

    return run(project, coders, lead)
