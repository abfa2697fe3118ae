"""CoderApp: opens a project for one coder and hosts the coding screen.

`run_coding` is what `coder code` calls. Everything that can fail before the UI starts (codebook,
articles, database) fails as a CoderError with a clear message, so the CLI prints it instead of a
traceback. A database that another window is writing is opened read-only, and the header says so.
A place field whose gazetteer cannot be read does not stop the coding screen (the coder can code
every other field, and keep places as typed): it is said once, after the first frame, naming the
file, what is wrong and what to do (`_check_gazetteers`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from textual.app import SystemCommand
from textual.screen import Screen

from coder.article_peek import peek_article
from coder.articles import ArticleSet
from coder.codebook import Codebook
from coder.config import auto_advance, remembered_coder
from coder.errors import CoderError
from coder.gc_pause import freeze_survivors, gc_paused, hold_until_frozen, thaw
from coder.project import Project
from coder.store import CoderStore, LockedError
from coder.team.project_plan import plan_path
from coder.tui.base_app import BaseApp
from coder.tui.coding.actions import palette_entries
from coder.tui.coding.resume import Position, load_position, resume_index
from coder.tui.coding.screen import CodingScreen
from coder.tui.coding.session import Session
from coder.tui.coding.team_sync import assigned_ids

GAZETTEER_NOTICE_SECONDS = 20
"""How long the start-up notice of a gazetteer that cannot be read stays: long enough to read,
not so long that it hides the form at 80x24 (a tester found a minute too long); the place
field's placeholder and candidate list keep saying it."""
READ_AFTER_PAINT = 1_000_000
"""A coder's database bigger than this (bytes) is read after the coding screen's first frame: a
smaller one takes less than ~20 ms, not worth a frame that says "loading"."""


def _big_database(project: Project, name: str) -> bool:
    """Whether `name`'s database is read after the first frame (over READ_AFTER_PAINT)."""
    try:
        return project.coder_path(name).stat().st_size > READ_AFTER_PAINT
    except (OSError, CoderError):
        return False  # no database yet, or a bad name: `_open_store` says what is wrong


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
        self._articles_later = False
        """The articles given to Textual's first frame are only the one it shows (`_preview`);
        the folder is read with the coder's database, after that frame."""
        if articles is None and coder and not readonly:
            articles = self._preview(project, coder)
            self._articles_later = articles is not None
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

    @staticmethod
    def _preview(project: Project, coder: str) -> ArticleSet | None:
        """Just the article the coder left, when the database is read after the first frame
        and the articles are one big JSONL file (`article_peek`), without an assignments plan
        (which needs every id); else None: the folder is read before the first frame."""
        if not _big_database(project, coder) or plan_path(project).exists():
            return None
        position = load_position(project.root, coder)
        found = peek_article(project.articles_dir, position.article) if position else None
        return ArticleSet([found]) if found is not None else None

    def on_mount(self) -> None:
        self.title = f"coder · {self.codebook.title}"
        self.start_as(self.coder)

    def start(self, name: str) -> None:
        """Open the coder's database (read-only if another window has it) and start coding.

        A big database (over READ_AFTER_PAINT bytes) is read after the coding screen's first
        frame, in a worker thread: 50k incidents take ~0.5 s to parse and check, and the frame
        does not wait for them. It shows the article the coder left (or the first one) with
        "loading" in the header; keys typed meanwhile are held, in order, until the record is
        shown (`read_later`)."""
        self.coder = name
        hold_until_frozen()  # the collector waits until what start-up loads is frozen
        if _big_database(self.project, name):
            self.read_later(name)
            return
        try:
            self.store, reason, warning = self._open_store(name)
        except CoderError as error:
            self.exit(2, message=str(error))
            return
        if warning:
            self.notify(warning, title="Opened read-only", severity="warning", timeout=15)
        session = self._session(self.store, name)
        if session is None:
            return
        position = load_position(self.project.root, name)
        session.open(resume_index(session, position))
        self._push_coding(session, name, reason, position)
        self.call_after_refresh(self._after_first_frame, session)

    def _open_store(self, name: str) -> tuple[CoderStore, str, str]:
        """(the store, why it is read-only or "", the warning to show): safe in a worker."""
        if self.force_readonly:
            return self.project.open_store(name, readonly=True), "opened with --readonly", ""
        try:
            return self.project.open_store(name), "", ""
        except LockedError as locked:
            store = self.project.open_store(name, readonly=True)
            return store, f"another window is coding as {name}", str(locked)

    def _session(self, store: CoderStore | None, name: str) -> Session | None:
        """The session over this coder's articles (only theirs with assignments.yaml)."""
        session = Session(self.codebook, self.article_set, store)
        try:  # with assignments.yaml: only this coder's articles, in plan order
            session.restrict_to(assigned_ids(self.project, session, name))
        except CoderError as error:
            self.exit(2, message=str(error))
            return None
        return session

    def _push_coding(
        self, session: Session, name: str, reason: str, position: Position | None
    ) -> None:
        self.coding = CodingScreen(session, coder=name, readonly_reason=reason, clock=self.clock)
        self.coding.resume_at = position  # the incident and field it was in (resume.py)
        self.push_screen(self.coding)

    def read_later(self, name: str) -> None:
        """Paint the coding screen first, then read the database in a worker thread."""
        session = self._session(None, name)
        if session is None:
            return
        position = load_position(self.project.root, name)
        at = session.index_of(position.article) if position is not None else None
        session.preview = self._articles_later  # only the article shown, until `_read`
        session.open(at or 0)  # the article's text now; its stored record once read
        self.hold_keys()  # released by `_read`, once the record is shown
        self._push_coding(session, name, "", position)
        self.call_after_refresh(self._read_in_worker, session, name, position)

    def _read_in_worker(self, session: Session, name: str, position: Position | None) -> None:
        """After the first frame (a thread started before it slowed the frame down)."""

        def read() -> None:
            try:
                articles = self._all_articles()
                opened = self._open_store(name)
            except CoderError as error:
                self.call_from_thread(self._unreadable, str(error))
            except BaseException:
                self.call_from_thread(self._unreadable, "")
                raise
            else:
                self.call_from_thread(self._read, session, articles, opened, position)

        self.run_worker(read, thread=True, group="start-up", exit_on_error=False)

    def _all_articles(self) -> ArticleSet | None:
        """The whole articles folder when the first frame had only its article (in the
        worker); None when it had them all."""
        if not self._articles_later:
            return None
        found = self.project.load_articles()
        if not found.articles:
            raise CoderError(f"no articles to code in {self.project.articles_dir}")
        return found

    def _unreadable(self, message: str) -> None:
        self.exit(2, message=message or "the coder's database could not be read")

    def _read(
        self,
        session: Session,
        articles: ArticleSet | None,
        opened: tuple[CoderStore, str, str],
        position: Position | None,
    ) -> None:
        self.store, reason, warning = opened
        if articles is not None:  # the whole folder: the preview's article is shown from it
            self.article_set = articles
            self._articles_later = False
            session.restrict_to(None, articles)
        if self.coding is None or not self.coding.is_attached or self._exiting():
            self.release_keys()
            return
        try:
            session.attach(self.store)
            if warning:
                self.notify(warning, title="Opened read-only", severity="warning", timeout=15)
            self.coding.database_read(reason, resume_index(session, position))
        finally:
            self.release_keys()
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
        self._check_gazetteers()

    def _check_gazetteers(self) -> None:
        """Say once, at start-up, which place field's gazetteer cannot be read, why and what to
        do (coder.places.notice), instead of leaving the coder to find out by typing a place.
        In a worker thread: a big gazetteer takes a second to read (the load is the cached one
        the place fields then use)."""
        codebook = self.codebook
        if not any(f.type == "place" for f in codebook.all_fields()):
            return

        def look() -> None:
            from coder.codebook.place_keys import gazetteer_notices

            for message in gazetteer_notices(codebook):
                self.call_from_thread(self._gazetteer_notice, message)

        self.run_worker(look, thread=True, group="start-up", exit_on_error=False)

    def _gazetteer_notice(self, message: str) -> None:
        self.notify(
            message,  # a path and a file's problem: text, never markup
            title="Gazetteer",
            severity="error",
            timeout=GAZETTEER_NOTICE_SECONDS,
            markup=False,
        )

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
