"""coder progress against a plan, and active time as the coding session records it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coder.cli import main
from coder.store.coder_store import ArticleRecord
from coder.tui.coding.session import IDLE_SECONDS, Session
from tests.project_helpers import make_project
from tests.team.git_team import code, write_two_coder_plan


def test_progress_json_per_coder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = make_project(tmp_path)
    write_two_coder_plan(project)
    code(project, "ann", "a1", "Topzawa")
    codebook, articles = project.load_codebook(), project.load_articles()
    with project.open_store("ann") as store:
        store.save(
            ArticleRecord("a2", "draft", active_seconds=300),
            codebook=codebook,
            article=articles.get("a2"),
        )
        record = store.get("a1")
        assert record is not None
        record.active_seconds = 120
        store.save(record, codebook=codebook, article=articles.get("a1"))
    assert main(["progress", "--project", str(project.root), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    ann, bob = doc["coders"]["ann"], doc["coders"]["bob"]
    assert {k: ann[k] for k in ("assigned", "done", "no_incident", "draft", "not_started")} == {
        "assigned": 2,
        "done": 1,
        "no_incident": 0,
        "draft": 1,
        "not_started": 0,
    }
    assert ann["incidents"] == 1
    assert ann["active_minutes"] == {"median": 3.5, "total": 7.0}
    assert ann["last_activity"] is not None
    assert bob["not_started"] == 2 and bob["last_activity"] is None
    assert doc["overlap"] == {"articles": 1, "complete": 0}
    assert main(["progress", "--project", str(project.root)]) == 0
    table = capsys.readouterr().out
    assert "overlap subsample: 0 of 1 articles finished by all their coders" in table


def test_active_time_skips_idle_stretches(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    with project.open_store("ann") as store:
        session = Session(project.load_codebook(), project.load_articles(), store)
        now = [1000.0]
        session.monotonic = lambda: now[0]
        session.open(0)
        for step in (30.0, 30.0, IDLE_SECONDS + 1, 10.0):  # reading, typing, away, typing
            now[0] += step
            session.touch()
        assert session.record.active_seconds == 70
        session.write(session.draft_record(), session.generation)
        session.open(1)
        session.open(0)
        now[0] += 5
        session.touch()
        assert session.record.active_seconds == 75  # adds to what was stored
        stored = store.get(session.record.article)
        assert stored is not None and stored.active_seconds == 70
