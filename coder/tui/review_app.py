"""The review mode of the coder app: `coder review` and the coding app's "Review agreement".

`ReviewApp` is the coding app (same look, same quit key) started on the review dashboard instead
of the coding screen. The lead's name (stored with every gold decision) is --coder, else the
remembered name, else asked. The gold database is opened for writing; if another review holds it,
it opens read-only and the screens say so.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual import events
from textual.app import App

from coder.articles import ArticleSet
from coder.config import remember_coder, remembered_coder
from coder.errors import CoderError
from coder.gold import GoldStore, gold_path
from coder.model import Codebook
from coder.project import Project
from coder.store import LockedError
from coder.tui.app import CoderApp
from coder.tui.review_session import BOOTSTRAP, ReviewSession
from coder.tui.screens.ask_name import AskNameScreen
from coder.tui.screens.review_dashboard import ReviewDashboard


def open_session(
    project: Project,
    codebook: Codebook,
    articles: ArticleSet,
    coders: Sequence[str] | None,
    lead: str,
    bootstrap: int = BOOTSTRAP,
) -> ReviewSession:
    path = gold_path(project.data_dir)
    reason = ""
    try:
        gold = GoldStore.open(path, lead)
    except LockedError as locked:
        reason = f"another review is adjudicating ({locked})"
        gold = GoldStore.open(path, lead, readonly=True)
    return ReviewSession(
        project, codebook, articles, coders, gold, readonly_reason=reason, bootstrap=bootstrap
    )


def push_review(
    app: App[int], project: Project, codebook: Codebook, articles: ArticleSet, lead: str
) -> ReviewSession | None:
    """Open the dashboard on top of whatever `app` shows (the coding app's palette command)."""
    try:
        session = open_session(project, codebook, articles, None, lead)
    except CoderError as error:
        app.notify(str(error), severity="error")
        return None
    screen = ReviewDashboard(session)

    def closed(_: object) -> None:
        session.gold.close()

    app.push_screen(screen, closed)
    return session


class ReviewApp(CoderApp):
    """The coder app in review mode."""

    def __init__(
        self,
        project: Project,
        coders: Sequence[str] | None,
        lead: str | None,
        *,
        bootstrap: int = BOOTSTRAP,
    ) -> None:
        super().__init__(project, lead)
        self.review_coders = list(coders) if coders else None
        self.lead = lead
        self.bootstrap = bootstrap
        self.session: ReviewSession | None = None

    def on_mount(self, event: events.Mount) -> None:  # type: ignore[override]
        # Textual also runs the base class's on_mount (it would open the coding screen).
        event.prevent_default()
        self.title = f"coder review · {self.codebook.title}"
        if self.lead:
            self._start(self.lead)
        else:
            self.push_screen(AskNameScreen(), self._named)

    def _named(self, name: str | None) -> None:
        if not name:
            self.exit(1, message="No name given: gold decisions record who took them.")
            return
        remember_coder(name)
        self._start(name)

    def _start(self, lead: str) -> None:
        try:
            self.session = open_session(
                self.project,
                self.codebook,
                self.article_set,
                self.review_coders,
                lead,
                self.bootstrap,
            )
        except CoderError as error:
            self.exit(2, message=str(error))
            return
        self.push_screen(ReviewDashboard(self.session))

    async def action_quit(self) -> None:
        self.exit(0)

    def on_unmount(self, event: events.Unmount) -> None:  # type: ignore[override]
        event.prevent_default()
        if self.session is not None:
            self.session.gold.close()


def run_review(project: Project, coders: Sequence[str] | None, lead: str | None = None) -> int:
    app = ReviewApp(project, coders, lead or remembered_coder())
    result = app.run()
    return result if isinstance(result, int) else 1
