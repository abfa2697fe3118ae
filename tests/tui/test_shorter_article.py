"""Moving to a shorter article with the cursor low in the article text must not crash.

Found in tmux by a tester: in sample 001 (46 lines), F2 to the article, the cursor moved down
~40 lines, then ctrl+pagedown to 002 (15 lines): the app exited with Textual's
"ValueError: The document line index 16 is out of bounds"."""

from __future__ import annotations

import pytest

from coder.project import Project
from coder.tui.article.text import ArticleText
from tests.tui.helpers import coding, screen_of, settle, wait_for


@pytest.mark.parametrize("key", ["ctrl+pagedown", "ctrl+pageup"])
async def test_a_shorter_article_after_the_cursor_went_low(
    shipped_project: Project, key: str
) -> None:
    async with coding(shipped_project, size=(120, 40)) as (app, pilot):
        screen = screen_of(app)
        await pilot.press("ctrl+pagedown")  # 000 -> 001, the longest sample
        await wait_for(pilot, lambda: screen.session.index == 1, what="article 001")
        await pilot.press("f2")
        text = screen.query_one(ArticleText)
        await wait_for(pilot, lambda: text.has_focus, what="the article focused")
        for _ in range(60):
            await pilot.press("down")
        await settle(pilot)
        assert text.cursor_location[0] >= 16  # beyond the 15 lines of 002
        await pilot.press(key)
        want = 2 if key == "ctrl+pagedown" else 0
        await wait_for(pilot, lambda: screen.session.index == want, what="the next article")
        await settle(pilot)
        assert app.is_running
        assert text.cursor_location[0] < len(text.document.lines)
        await pilot.press("down", "down", "end")  # the cursor still moves in the new text
        await settle(pilot)
        assert app.is_running


async def test_a_save_that_lands_while_the_screen_closes(shipped_project: Project) -> None:
    """A background save (or the start-up index) reports back to the screen with
    `call_from_thread`; when the app is quitting, the header may be gone already. Seen once in a
    full run as "NoMatches: StatusHeader" raised in the save worker, failing the app."""
    from coder.tui.coding.status_header import StatusHeader

    async with coding(shipped_project, size=(120, 40)) as (app, pilot):
        screen = screen_of(app)
        await screen.query_one(StatusHeader).remove()
        screen.refresh_header()  # no header: nothing to show, nothing raised
        await settle(pilot)
        assert app.is_running
