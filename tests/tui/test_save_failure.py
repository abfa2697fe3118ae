"""A save that fails (read-only folder, full disk) never crashes the coding screen or loses the
edit: it is kept, shown again, retried, and quitting with it unsaved needs a second ctrl+q.

The failure is injected where the operating system reports it (`tempfile.mkstemp`, the first
thing a write does), with the errno a read-only folder or an exhausted file system gives; the
write path above it is the real one, against the real TinyDB file."""

from __future__ import annotations

import asyncio
import errno
import json
import os
import tempfile
from typing import Any

import pytest
from textual.widgets import TextArea

from coder.project import Project
from coder.store import CoderStore as CoderStoreForTest

from .conftest import records_on_disk
from .helpers import WAIT_LIMIT, coding, focus, screen_of, type_text, wait_for, widget

FIRST = "000_a9317a16385be697"


def summary_on_disk(project: Project) -> str | None:
    path = project.coder_path("ana")
    if not path.exists():
        return None
    doc = records_on_disk(project, "ana").get(FIRST)
    return None if doc is None else doc["values"].get("summary")


@pytest.mark.parametrize("code", [errno.EACCES, errno.ENOSPC])
async def test_failed_save_keeps_the_edit_retries_and_guards_quit(
    project_copy: Project, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    def refuse(*_: Any, **__: Any) -> Any:
        raise OSError(code, os.strerror(code))

    async with coding(project_copy) as (app, pilot):
        screen = screen_of(app)
        monkeypatch.setattr(tempfile, "mkstemp", refuse)
        await focus(pilot, app, "#article-form--summary")
        await type_text(pilot, "kept")
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await wait_for(pilot, lambda: screen.save_error is not None)
        assert os.strerror(code) in (screen.save_error or "")
        assert app.is_running and summary_on_disk(project_copy) is None

        await pilot.press("ctrl+pagedown")  # leave the article: the edit must not be dropped
        await app.workers.wait_for_complete()
        await wait_for(pilot, lambda: FIRST in screen.session.unsaved)
        await pilot.press("ctrl+q")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running  # refused: quitting now would lose the edit
        await pilot.press("ctrl+pageup")  # back: the unsaved edit is shown, not the disk's
        assert screen.session.article.id == FIRST
        summary = widget(app, "#article-form--summary")
        assert isinstance(summary, TextArea) and summary.text == "kept"

        monkeypatch.undo()  # the cause is gone (space freed, folder writable again)
        await wait_for(pilot, lambda: summary_on_disk(project_copy) == "kept")
        await wait_for(pilot, lambda: screen.save_error is None)
        assert not screen.session.unsaved
        await pilot.press("ctrl+q")
        await asyncio.wait_for(_until_exit(app), WAIT_LIMIT)
    assert summary_on_disk(project_copy) == "kept"


async def _until_exit(app: Any) -> None:
    while app.is_running:
        await asyncio.sleep(0.05)


async def test_second_quit_leaves_without_the_unsaved_edit(
    project_copy: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_: Any, **__: Any) -> Any:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    async with coding(project_copy) as (app, pilot):
        monkeypatch.setattr(tempfile, "mkstemp", refuse)
        await focus(pilot, app, "#article-form--summary")
        await type_text(pilot, "lost on purpose")
        await pilot.press("ctrl+q")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running
        await pilot.press("ctrl+q")
        await asyncio.wait_for(_until_exit(app), WAIT_LIMIT)
    assert app.return_code == 0


async def test_escapes_in_file_names_and_stored_values_are_shown_as_data(
    project_copy: Project,
) -> None:
    articles = project_copy.articles_dir
    (articles / f"0000_clip{OSC52}.txt").write_text("An article about Daquq.\n")
    store = CoderStoreForTest.open(project_copy.coder_path("ana"), coder="ana")
    store.close()
    db = project_copy.coder_path("ana")
    data = json.loads(db.read_text())
    data["records"]["1"] = {
        "article": f"0000_clip{OSC52}", "status": "draft", "values": {"summary": f"a{OSC2}b"},
        "incidents": [], "created": "x", "updated": "x", "codebook_version": "1",
        "article_hash": "h", "scratch": {},
    }  # fmt: skip
    db.write_text(json.dumps(data))
    async with coding(project_copy) as (app, pilot):
        screen = screen_of(app)
        assert screen.session.article.id == f"0000_clip{OSC52}"
        meta = str(widget(app, "#article-meta").render())
        assert "id 0000_clip" in meta and "\x1b" not in meta and "\x07" not in meta
        summary = widget(app, "#article-form--summary")
        assert isinstance(summary, TextArea) and summary.text == "ab"
        await pilot.press("ctrl+q")


OSC52 = "\x1b]52;c;aGk=\x07"
OSC2 = "\x1b]2;pwned\x07"
