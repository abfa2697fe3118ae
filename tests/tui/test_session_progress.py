"""Session.progress is kept up to date by each save instead of recounted on every header refresh:
after any sequence of saves it equals the count by definition (articles of the set whose stored
record is done or no incident), and records of articles outside the set never count."""

from __future__ import annotations

from pathlib import Path

from coder.store.coder_store import ArticleRecord
from coder.tui.coding.session import Session
from tests.project_helpers import make_project, sample_records, save


def _by_definition(session: Session) -> int:
    return sum(session.status_of(a.id) in ("done", "no incident") for a in session.articles)


def test_progress_follows_every_save(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    records = sample_records()  # a1 done, a2 draft, a3 no incident
    records.append(ArticleRecord(article="gone", status="no_incident", values={"relevant": False}))
    save(project, "ann", records)
    codebook, articles = project.load_codebook(), project.load_articles()
    with project.open_store("ann") as store:
        session = Session(codebook, articles, store)
        assert session.progress() == (2, 3)  # "gone" is not an article of this set
        assert session.index_of("a2") == 1 and session.index_of("gone") is None

        def step(article: str, status: str) -> None:
            session.open(session.index_of(article))  # type: ignore[arg-type]
            record = session.draft_record()
            record.status = status  # type: ignore[assignment]
            if status == "no_incident":
                record.incidents = []
                record.values = {"relevant": False}
            session.touch()
            session.write(record, session.generation)
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
        assert Session(codebook, articles, store).progress() == (2, 3)
