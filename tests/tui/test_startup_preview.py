"""With a big database and one big JSONL articles file, the first frame reads only the article
the coder left (coder.article_peek) and the folder after it, with the database (keys held).

Here every database and articles file counts as big (`READ_AFTER_PAINT`, `PEEK_OVER` patched)
and the samples are written as one JSONL file, so the project goes the way 50k incidents and
18,939 articles do.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from coder import article_peek
from coder.project import Project
from coder.tui.coding import app as app_module
from coder.tui.coding.screen import CodingScreen

from .conftest import TUI_CODEBOOK, make_project, records_on_disk
from .helpers import coding, screen_of, wait_for, widget
from .test_startup_read_later import TypingAhead, _left_mid_article, _without_stamps


def _as_jsonl(project: Project) -> Project:
    """The project's articles moved into one articles.jsonl (same ids, titles and texts)."""
    articles = project.load_articles()
    for article in articles:
        assert article.path is not None
        article.path.unlink()
    lines = (json.dumps({"id": a.id, "title": a.title, "text": a.text}) for a in articles)
    (project.articles_dir / "articles.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    return project


async def _left_in_a_big_project(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> Project:
    """A JSONL project left mid-article, its database and articles file counting as big."""
    project = _as_jsonl(make_project(tmp_path / "p", TUI_CODEBOOK))
    await _left_mid_article(project)
    monkeypatch.setattr(app_module, "READ_AFTER_PAINT", -1)
    monkeypatch.setattr(article_peek, "PEEK_OVER", -1)
    return project


def _first_frames(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, bool, str]]:
    """(articles in the session, preview, header) at each coding screen's first frame."""
    seen: list[tuple[int, bool, str]] = []
    first_frame = CodingScreen._after_first_frame

    def watching(self: CodingScreen, later: bool) -> None:
        header = str(self.query_one("#status-header").render())
        seen.append((len(self.session.articles), self.session.preview, header))
        first_frame(self, later)

    monkeypatch.setattr(CodingScreen, "_after_first_frame", watching)
    return seen


async def test_the_first_frame_reads_only_the_article_left_and_the_rest_follows(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = await _left_in_a_big_project(tmp_path, monkeypatch)
    frames = _first_frames(monkeypatch)
    async with coding(project) as (app, _pilot):
        count, preview, header = frames[0]
        assert (count, preview) == (1, True)
        assert "…/… done" in header and "article …/…: loading…" in header
        screen = screen_of(app)
        assert screen.session.articles == project.load_articles().articles
        assert app.article_set.articles == screen.session.articles and not screen.session.preview
        header = str(widget(app, "#status-header").render())
        assert "article 2/5: draft" in header and "/5 done" in header
        assert screen.session.current == 0 and len(screen.session.record.incidents) == 1
        assert screen.focused is widget(app, "#incident-form--event_date")
        assert screen.session.indexed and not app.keys_pending


async def test_keys_typed_during_the_preview_go_where_they_would_have_gone(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    frames = _first_frames(monkeypatch)
    results = []
    for preview in (False, True):
        project = _as_jsonl(make_project(tmp_path / f"preview-{preview}", TUI_CODEBOOK))
        await _left_mid_article(project)
        monkeypatch.setattr(app_module, "READ_AFTER_PAINT", -1 if preview else 1 << 40)
        monkeypatch.setattr(article_peek, "PEEK_OVER", -1)
        frames.clear()
        app = TypingAhead(project, "ana")
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_for(pilot, lambda a=app: a.return_code is not None, what="ctrl+q to quit")
        assert app.return_value == 0
        assert [f[:2] for f in frames[:1]] == [(1, True) if preview else (5, False)]
        results.append(_without_stamps(records_on_disk(project, "ana")))
    assert results[0] == results[1]
    incidents = next(iter(d["incidents"] for d in results[1].values() if d["incidents"]))
    assert [i["values"].get("event_date") for i in incidents] == ["2020-09", "2021-01-02"]


async def test_an_articles_folder_emptied_meanwhile_exits_with_a_message(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = await _left_in_a_big_project(tmp_path, monkeypatch)
    stored = project.coder_path("ana").read_bytes()
    app = app_module.CoderApp(project, "ana")  # the preview is read here
    (project.articles_dir / "articles.jsonl").write_text("\n", "utf-8")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.return_code is not None, what="the app to exit")
    assert app.return_value == 2  # what `coder code` exits with (run_coding)
    assert project.coder_path("ana").read_bytes() == stored
