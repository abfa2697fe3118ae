"""The coding screen's part of the team layer: the coder's own articles, and sync (f5).

With an `assignments.yaml`, a coder is shown only the articles assigned to them, in plan order,
so the header's "n/m done" is their own progress. Sync runs `coder.team.sync` in a worker thread;
it holds the session's write guard while committing, so it never commits half of a save, and
afterwards the screen applies the plan it pulled (new articles appear, moved ones go).
"""

from __future__ import annotations

from typing import Any, Literal, Protocol

from coder.articles import ArticleSet
from coder.errors import CoderError
from coder.project import Project
from coder.team.project_plan import project_plan
from coder.tui.coding.session import Session


class SyncingScreen(Protocol):
    """What sync needs of the coding screen."""

    session: Session

    @property
    def app(self) -> Any: ...
    def save_now(self) -> bool: ...
    def load_article(self) -> None: ...
    def refresh_header(self) -> None: ...
    def notify(
        self,
        message: str,
        *,
        title: str = ...,
        severity: Literal["information", "warning", "error"] = ...,
        timeout: float | None = ...,
        markup: bool = ...,
    ) -> None: ...


def assigned_ids(
    project: Project, session: Session, coder: str | None, articles: ArticleSet | None = None
) -> list[str] | None:
    """The coder's articles in plan order, or None (every article) without a plan or when the
    coder is not in it (a lead looking around). A broken plan is a PlanError."""
    listed = articles.articles if articles is not None else session.all_articles
    plan = project_plan(project, [a.id for a in listed])
    if plan is None or coder is None or coder not in plan.assignments:
        return None
    mine = plan.articles_of(coder)
    if not mine:
        raise CoderError(
            f"assignments.yaml gives {coder} no articles yet: ask your lead to run coder assign "
            "(then coder sync)"
        )
    return mine


def start_sync(screen: SyncingScreen) -> None:
    """Save, then sync in a worker thread; the result comes back as a notification."""
    from coder.team.sync import sync

    screen.save_now()
    app = screen.app
    project: Project = app.project
    coder: str | None = app.coder
    session = screen.session
    if coder is None or session.readonly:
        screen.notify("Sync needs a coder database open for writing", severity="warning")
        return
    screen.notify("Syncing with the team…", timeout=3)

    def run() -> None:
        try:
            line = sync(project, coder, hold=session.write_guard).line()
            fresh = project.load_articles()  # the lead may have added articles
            ids = assigned_ids(project, session, coder, fresh)
        except CoderError as error:
            app.call_from_thread(
                screen.notify, str(error), title="Sync", severity="error", timeout=20
            )
            return
        app.call_from_thread(_synced, screen, line, ids, fresh)

    app.run_worker(run, thread=True, group="team-sync", exclusive=True, exit_on_error=False)


def _synced(screen: SyncingScreen, line: str, ids: list[str] | None, articles: ArticleSet) -> None:
    session = screen.session
    shown = session.article.id if session.articles else None
    session.restrict_to(ids, articles)
    if session.articles and session.article.id != shown:
        session.open(session.first_unfinished())
        screen.load_article()
    screen.refresh_header()
    screen.notify(line, title="Sync", timeout=10)
