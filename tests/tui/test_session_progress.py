"""Session.progress is kept up to date by each save instead of recounted on every header refresh:
after any sequence of saves it equals the count by definition (articles of the set whose stored
record is done or no incident), and records of articles outside the set never count.

The session reads the stored records lazily (the start-up does not copy them all before the first
frame; `index_all` runs afterwards, in a worker): before that the count is unknown (None), each
record asked for is read on its own, and saves made before or while the index is built are never
overwritten by the older snapshot it read."""

from __future__ import annotations

from pathlib import Path

from coder.articles import ArticleSet
from coder.codebook import Codebook
from coder.project import Project
from coder.store.coder_store import ArticleRecord
from coder.tui.coding.session import Session
from tests.project_helpers import make_project, sample_records, save


def _by_definition(session: Session) -> int:
    return sum(session.status_of(a.id) in ("done", "no incident") for a in session.articles)


def _write(session: Session, article: str, status: str) -> None:
    """Open `article`, give it `status` and save it as the screen does."""
    session.open(session.index_of(article))  # type: ignore[arg-type]
    record = session.draft_record()
    record.status = status  # type: ignore[assignment]
    if status == "no_incident":
        record.incidents = []
        record.values = {"relevant": False}
    session.touch()
    session.write(record, session.generation)


def _project(tmp_path: Path) -> tuple[Project, Codebook, ArticleSet]:
    project = make_project(tmp_path)
    records = sample_records()  # a1 done, a2 draft, a3 no incident
    records.append(ArticleRecord(article="gone", status="no_incident", values={"relevant": False}))
    save(project, "ann", records)
    return project, project.load_codebook(), project.load_articles()


def test_progress_follows_every_save(tmp_path: Path) -> None:
    project, codebook, articles = _project(tmp_path)
    with project.open_store("ann") as store:
        session = Session(codebook, articles, store)
        assert session.progress() == (None, 3)  # not counted before index_all
        session.index_all()
        assert session.progress() == (2, 3)  # "gone" is not an article of this set
        assert session.index_of("a2") == 1 and session.index_of("gone") is None

        def step(article: str, status: str) -> None:
            _write(session, article, status)
            assert session.progress() == (_by_definition(session), 3)

        step("a2", "no_incident")
        assert session.progress() == (3, 3)
        step("a1", "draft")
        step("a3", "draft")
        assert session.progress() == (1, 3)
        step("a3", "no_incident")
        step("a3", "no_incident")  # saving a finished article again counts it once
        assert session.progress() == (2, 3)
    with project.open_store("ann", readonly=True) as store:  # and a new session agrees
        fresh = Session(codebook, articles, store)
        fresh.index_all()
        assert fresh.progress() == (2, 3)


def test_saves_before_the_index_are_kept_and_counted(tmp_path: Path) -> None:
    project, codebook, articles = _project(tmp_path)
    with project.open_store("ann") as store:
        session = Session(codebook, articles, store)
        assert session.status_of("a1") == "done"  # read on its own, before any index
        assert session.first_unfinished() == 1  # a2, the draft
        _write(session, "a1", "draft")
        _write(session, "a2", "no_incident")
        assert session.progress() == (None, 3)
        session.index_all()
        assert session.status_of("a1") == "draft" and session.status_of("a2") == "no incident"
        assert session.progress() == (_by_definition(session), 3) == (2, 3)


def test_a_save_while_the_index_is_read_is_not_undone(tmp_path: Path) -> None:
    """The snapshot `index_all` copies is taken before a save lands (the worker thread and a
    background save interleave): the saved record, not the snapshot's older one, stays."""
    project, codebook, articles = _project(tmp_path)
    with project.open_store("ann") as store:
        session = Session(codebook, articles, store)
        snapshot = store.records()  # what the worker read, a1 still done

        def stale_records() -> list[ArticleRecord]:
            _write(session, "a1", "draft")  # the save lands after the snapshot was read
            return snapshot

        store.records = stale_records  # type: ignore[method-assign]
        session.index_all()
        assert session.status_of("a1") == "draft"
        assert session.progress() == (_by_definition(session), 3) == (1, 3)


def test_restricting_the_articles_moves_the_index_and_the_count(tmp_path: Path) -> None:
    """With assignments (and after a sync) the session shows a subset in plan order: positions
    and the count are of that subset."""
    project, codebook, articles = _project(tmp_path)
    with project.open_store("ann") as store:
        session = Session(codebook, articles, store)
        session.index_all()
        session.restrict_to(["a3", "a2"])
        assert session.index_of("a3") == 0 and session.index_of("a2") == 1
        assert session.index_of("a1") is None
        assert session.progress() == (1, 2)  # a3 (no incident); a1, done, is not listed
        _write(session, "a2", "done")
        assert session.status_of("a2") == "done"
        assert session.progress() == (_by_definition(session), 2) == (2, 2)
        session.restrict_to(None)
        assert session.index_of("a1") == 0
        assert session.progress() == (_by_definition(session), 3) == (3, 3)
