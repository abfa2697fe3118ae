"""A big coder's database is read after the coding screen's first frame (coder.tui.coding.app).

The frame shows the article the coder left with "loading…" in the header while a worker thread
parses the database; keys typed meanwhile are held and then handled in order, where they would
have gone had the database been read first. Here every database counts as big
(`READ_AFTER_PAINT` patched), so the project's small one goes the same way as 50k incidents.
"""

from __future__ import annotations

from typing import Any

import pytest

from coder.project import Project
from coder.tui.coding import app as app_module
from coder.tui.coding.app import CoderApp
from coder.tui.coding.screen import CodingScreen

from .conftest import records_on_disk
from .helpers import coding, key_event, press, screen_of, settle, type_text, wait_for, widget

TYPED = ["ctrl+n", *"2021-01-02", "tab", *"1", "ctrl+q"]
"""Typed from the first moment: a new incident (after the one stored), its date, a choice in the
next field, then quit. Had ctrl+n been handled before the record was shown, the new incident
would have been added to an empty record and replaced by the stored one."""


class TypingAhead(CoderApp):
    """Types `TYPED` the moment it is mounted, before the coding screen is composed."""

    def on_mount(self) -> None:  # Textual runs CoderApp.on_mount too
        for key in TYPED:
            self.post_message(key_event(key))


async def _left_mid_article(project: Project) -> None:
    """A first session that stops in the second article's first incident, in its date."""
    async with coding(project) as (app, pilot):
        await press(pilot, "ctrl+pagedown", "ctrl+n")
        await type_text(pilot, "2020-09")
        await press(pilot, "ctrl+q")
        await wait_for(pilot, lambda: app.return_code is not None, what="ctrl+q to quit")


def _typed_at_launch(project: Project, monkeypatch: pytest.MonkeyPatch, later: bool) -> Any:
    monkeypatch.setattr(app_module, "READ_AFTER_PAINT", -1 if later else 1 << 40)
    return TypingAhead(project, "ana")


def _without_stamps(records: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The records without what differs from run to run (times, random incident ids)."""
    drop = {"created", "updated", "active_seconds"}
    out = {a: {k: v for k, v in doc.items() if k not in drop} for a, doc in records.items()}
    for doc in out.values():
        for n, incident in enumerate(doc.get("incidents", [])):
            doc["scratch"] = {
                k.replace(incident["id"], str(n)): v for k, v in doc.get("scratch", {}).items()
            }
            incident["id"] = n
    return out


async def test_keys_typed_while_the_database_is_read_go_where_they_would_have_gone(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from .conftest import TUI_CODEBOOK, make_project

    results = []
    loading_at_first_frame = []
    first_frame = CodingScreen._after_first_frame

    def watching(self: CodingScreen, later: bool) -> None:
        loading_at_first_frame.append(self.session.loading)
        first_frame(self, later)

    monkeypatch.setattr(CodingScreen, "_after_first_frame", watching)
    for later in (False, True):
        project = make_project(tmp_path / f"later-{later}", TUI_CODEBOOK)
        await _left_mid_article(project)
        loading_at_first_frame.clear()
        app = _typed_at_launch(project, monkeypatch, later)
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_for(pilot, lambda a=app: a.return_code is not None, what="ctrl+q to quit")
        assert app.return_value == 0
        assert loading_at_first_frame[-1:] == [later]  # the first frame came before the read
        results.append(_without_stamps(records_on_disk(project, "ana")))
    read_first, read_later = results
    assert read_later == read_first
    incidents = next(iter(d["incidents"] for d in read_later.values() if d["incidents"]))
    assert [i["values"].get("event_date") for i in incidents] == ["2020-09", "2021-01-02"]
    assert len(incidents[1]["values"]) == 2  # the choice typed after the tab


async def test_the_first_frame_says_loading_and_the_record_follows(
    project_copy: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _left_mid_article(project_copy)
    monkeypatch.setattr(app_module, "READ_AFTER_PAINT", -1)
    headers: list[str] = []
    first_frame = CodingScreen._after_first_frame

    def watching(self: CodingScreen, later: bool) -> None:
        headers.append(str(self.query_one("#status-header").render()))
        first_frame(self, later)

    monkeypatch.setattr(CodingScreen, "_after_first_frame", watching)
    async with coding(project_copy) as (app, _pilot):
        screen = screen_of(app)
        assert "loading…" in headers[0] and "…/5 done" in headers[0]
        header = str(widget(app, "#status-header").render())
        assert "loading" not in header and "article 2/5: draft" in header
        assert screen.session.current == 0 and len(screen.session.record.incidents) == 1
        assert screen.focused is widget(app, "#incident-form--event_date")  # where it was left
        assert screen.session.indexed and not app.keys_pending


async def test_a_big_database_opened_read_only_takes_no_typing(
    project_copy: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _left_mid_article(project_copy)
    stored = project_copy.coder_path("ana").read_bytes()
    monkeypatch.setattr(app_module, "READ_AFTER_PAINT", -1)
    async with coding(project_copy, readonly=True) as (app, pilot):
        screen = screen_of(app)
        assert screen.session.readonly and screen.session.indexed
        assert "READ-ONLY: opened with --readonly" in str(widget(app, "#status-header").render())
        assert widget(app, "#incident-form").disabled
        await pilot.press("ctrl+n", *"2020")
        await settle(pilot)
        assert len(screen.session.record.incidents) == 1
        await pilot.press("ctrl+q")
    assert project_copy.coder_path("ana").read_bytes() == stored
