"""A 4 MB article is wrapped in a thread: the coding screen is usable at once, find and ctrl+e work
on the whole text once it is in, and a wrap that finishes after the coder moved on is dropped.

The wrap thread is held back (`wrap_lines` waits for an Event) so "before the wrap finished" is
a fact of the test, not a race.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from textual.widgets import Input

from coder.project import Project
from coder.tui.article import text as article_view
from coder.tui.article.fast_wrap import FastWrappedDocument
from coder.tui.article.text import BACKGROUND_WRAP_CHARS, ArticleText

from .helpers import app_for, press, screen_of, widget

BIG = 4 * 1024 * 1024
MARKER = "Zebra convoy Qx7 reached the ferry"
"""A sentence only in the last part of the big article."""


def _big_text(samples: Path, tag: str, join: int) -> str:
    """~4 MB of the sample paragraphs (`join` of them per line, tagged), MARKER near the end."""
    paragraphs = [
        line
        for path in sorted(samples.glob("*.txt"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    lines: list[str] = []
    size = i = 0
    while size < BIG:
        line = f"{tag} " + " ".join(paragraphs[(i + k) % len(paragraphs)] for k in range(join))
        lines.append(line)
        size += len(line) + 1
        i += join
    lines.insert(len(lines) - 3, f"Near the end. {MARKER} at dawn. Then nothing.")
    return "\n".join(lines) + "\n"


class HeldWrap:
    """Replaces the thread's `wrap_lines`: a wrap of a text whose first word is `tag` waits
    until `release(tag)`."""

    def __init__(self) -> None:
        self.gates: dict[str, threading.Event] = {
            tag: threading.Event() for tag in ("A", "ALPHA", "BETA")
        }
        self.calls: list[str] = []
        self.real = article_view.wrap_lines

    def __call__(
        self, lines: Sequence[str], width: int, tab_width: int
    ) -> tuple[list[list[int]], list[list[int]]]:
        tag = lines[0].split()[0]
        self.calls.append(tag)
        self.gates[tag].wait(timeout=20)
        return self.real(lines, width, tab_width)

    def release(self, tag: str) -> None:
        self.gates[tag].set()

    def hold_all(self) -> None:
        for gate in self.gates.values():
            gate.clear()

    def release_all(self) -> None:
        for gate in self.gates.values():
            gate.set()


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> Iterator[HeldWrap]:
    hold = HeldWrap()
    monkeypatch.setattr(article_view, "wrap_lines", hold)
    yield hold
    hold.release_all()  # never leave a thread waiting


def _add_big(project: Project, name: str, text: str) -> None:
    assert len(text) > BACKGROUND_WRAP_CHARS
    (project.root / "samples" / name).write_text(text, encoding="utf-8")


def _fully_wrapped(text: ArticleText) -> None:
    """The installed wrap is complete, at the current width, for the text shown."""
    wrapped = text.wrapped_document
    assert isinstance(wrapped, FastWrappedDocument)
    assert not text.wrapping
    assert wrapped.wrapped_at == (text.wrap_width, text.indent_width)
    fresh = FastWrappedDocument(text.document, text.wrap_width, text.indent_width)
    assert wrapped.height == fresh.height
    assert wrapped._wrap_offsets == fresh._wrap_offsets


def _visible_rows(text: ArticleText) -> list[str]:
    return [text.render_line(y).text for y in range(text.scrollable_content_region.height)]


async def test_form_usable_while_wrapping_then_find_and_ctrl_e_near_the_end(
    project_copy: Project, held: HeldWrap
) -> None:
    _add_big(project_copy, "000_000_big.txt", _big_text(project_copy.root / "samples", "A", 1))
    app = app_for(project_copy)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        text = widget(app, "#article-text")
        assert isinstance(text, ArticleText)
        assert text.document.text.startswith("A ") and text.wrapping
        assert "wrapping" in str(widget(app, "#article-meta").render())
        # The first screens are wrapped already: no visible row is wider than the pane.
        assert all(len(row.rstrip()) <= text.wrap_width for row in _visible_rows(text))

        summary = widget(app, "#article-form--summary")
        summary.focus()
        await press(pilot, "o", "k")
        screen = screen_of(app)
        screen.sync()
        assert screen.session.record.values["summary"] == "ok"
        assert text.wrapping and held.calls == ["A"]  # typed while the wrap was still held

        held.release("A")
        await app.workers.wait_for_complete()
        await pilot.pause()
        _fully_wrapped(text)
        assert "wrapping" not in str(widget(app, "#article-meta").render())

        await press(pilot, "ctrl+f", *MARKER, "escape")
        await pilot.pause()
        assert text.selected_text == MARKER
        cursor_row = text.wrapped_document.location_to_offset(text.cursor_location).y
        assert 0 <= cursor_row - text.scroll_y < text.scrollable_content_region.height
        await press(pilot, "ctrl+e")
        await pilot.pause()
        evidence = widget(app, "#incident-form--evidence")
        assert isinstance(evidence, Input) and evidence.value == MARKER
        await pilot.press("ctrl+q")


async def test_a_wrap_finishing_after_the_switch_is_ignored(
    project_copy: Project, held: HeldWrap
) -> None:
    samples = project_copy.root / "samples"
    alpha, beta = _big_text(samples, "ALPHA", 1), _big_text(samples, "BETA", 2)  # longer lines
    _add_big(project_copy, "000_000_big.txt", alpha)
    _add_big(project_copy, "000_001_big.txt", beta)
    app = app_for(project_copy)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        text = widget(app, "#article-text")
        assert isinstance(text, ArticleText)
        assert text.document.text.startswith("ALPHA") and text.wrapping
        await press(pilot, "ctrl+pagedown")  # next article while ALPHA's wrap is held
        await pilot.pause()
        assert text.document.text.startswith("BETA") and text.wrapping
        held.release("BETA")  # BETA's wrap finishes first ...
        while text.wrapping:
            await pilot.pause(0.01)
        held.release("ALPHA")  # ... then the stale ALPHA one
        await app.workers.wait_for_complete()
        await pilot.pause()
        _fully_wrapped(text)
        assert text.document.text.startswith("BETA")
        rows = _visible_rows(text)
        assert any("BETA" in row for row in rows)
        assert not any("ALPHA" in row for row in rows), rows

        # Back to ALPHA and on to BETA again, both wraps held; ALPHA's finishes while BETA's
        # (same width) is still running: it must not be installed over BETA's text.
        held.hold_all()
        await press(pilot, "ctrl+pageup")
        await pilot.pause()
        assert text.document.text.startswith("ALPHA")
        await press(pilot, "ctrl+pagedown")
        await pilot.pause()
        assert held.calls[-2:] == ["ALPHA", "BETA"]
        held.release("ALPHA")
        while sum(w.is_running for w in app.workers if w.group == "article-wrap") > 1:
            await pilot.pause(0.01)
        await pilot.pause()
        assert text.document.text.startswith("BETA") and text.wrapping
        rows = _visible_rows(text)
        assert any("BETA" in row for row in rows)
        assert not any("ALPHA" in row for row in rows), rows
        assert all(len(row.rstrip()) <= text.wrap_width for row in rows)
        held.release("BETA")
        await app.workers.wait_for_complete()
        await pilot.pause()
        _fully_wrapped(text)
        assert text.document.text.startswith("BETA")
        assert held.calls.count("BETA") == 2
        await pilot.press("ctrl+q")
