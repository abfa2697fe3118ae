"""The review mode of the coder app: `coder review` and the coding app's "Review agreement".

`ReviewApp` is the coding app (same look, same quit key) started on the review dashboard instead
of the coding screen. The lead's name (stored with every gold decision) is --coder, else the
remembered name, else asked. The gold database is opened for writing; if another review holds it,
it opens read-only and the screens say so.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import App

from coder.articles import ArticleSet
from coder.codebook.model import Codebook
from coder.config import remembered_coder
from coder.errors import CoderError
from coder.gold.store import GoldStore, gold_path
from coder.project import Project
from coder.store.coder_store import LockedError
from coder.tui.base_app import BaseApp
from coder.tui.review.dashboard import ReviewDashboard
from coder.tui.review.session import BOOTSTRAP, ReviewSession


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


class ReviewApp(BaseApp):
    """The coder app in review mode: the dashboard first, the gold database open for writing."""

    NO_NAME = "No name given: gold decisions record who took them."

    def __init__(
        self,
        project: Project,
        coders: Sequence[str] | None,
        lead: str | None,
        *,
        bootstrap: int = BOOTSTRAP,
    ) -> None:
        super().__init__(project)
        self.review_coders = list(coders) if coders else None
        self.lead = lead
        self.bootstrap = bootstrap
        self.session: ReviewSession | None = None

    def on_mount(self) -> None:
        self.title = f"coder review · {self.codebook.title}"
        self.start_as(self.lead)

    def start(self, name: str) -> None:
        self.lead = name
        try:
            self.session = open_session(
                self.project,
                self.codebook,
                self.article_set,
                self.review_coders,
                name,
                self.bootstrap,
            )
        except CoderError as error:
            self.exit(2, message=str(error))
            return
        self.push_screen(ReviewDashboard(self.session))

    async def action_quit(self) -> None:
        self.exit(0)

    def on_unmount(self) -> None:
        if self.session is not None:
            self.session.gold.close()


def run_review(project: Project, coders: Sequence[str] | None, lead: str | None = None) -> int:
    app = ReviewApp(project, coders, lead or remembered_coder())
    result = app.run()
    return result if isinstance(result, int) else 1
