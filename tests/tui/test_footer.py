"""The coding screen's footer (KeyBar): no widgets built or leaked per focus change; whole keys.

Textual 8.2.8's Footer recomposed on every focus change and never freed the old FooterKey widgets
(Textualize/textual#6666): each Tab built and leaked ~26 of them. These tests count what is alive.
"""

from __future__ import annotations

import gc
from collections import Counter

from textual.pilot import Pilot
from textual.widget import Widget

from coder.project import Project
from coder.tui.coding.actions import ACTIONS
from coder.tui.coding.app import CoderApp
from coder.tui.coding.key_bar import KeyBar

from .helpers import app_for, coding, screen_of


def alive(app: CoderApp) -> tuple[int, Counter[str]]:
    """(widgets in the screen's DOM, Widget objects the garbage collector tracks, by class)."""
    gc.collect()
    objects = Counter(type(o).__name__ for o in gc.get_objects() if isinstance(o, Widget))
    return len(list(app.screen.walk_children())), objects


async def tabs(pilot: Pilot[object], n: int) -> None:
    for _ in range(n):
        await pilot.press("tab")
        await pilot.pause()


async def test_no_widgets_leak_across_focus_changes(shipped_project: Project) -> None:
    async with coding(shipped_project) as (app, pilot):
        await pilot.press("ctrl+n")  # an incident: its form is in the Tab order too
        await pilot.pause()
        # One round of the whole focus chain first: widgets built on first focus (a choice list's
        # scroll bar) are built once, not leaked.
        await tabs(pilot, len(screen_of(app).focus_chain))
        await tabs(pilot, 10)
        dom_10, objects_10 = alive(app)
        await tabs(pilot, 90)
        dom_100, objects_100 = alive(app)
        assert dom_100 == dom_10
        grown = {
            name: n - objects_10[name] for name, n in objects_100.items() if n > objects_10[name]
        }
        assert not grown, f"widgets alive after 100 Tabs and not after 10: {grown}"
        assert objects_100["FooterKey"] == 0
        await pilot.press("ctrl+q")


async def test_footer_shows_whole_keys_in_importance_order(shipped_project: Project) -> None:
    for width in (80, 120):
        app = app_for(shipped_project)
        async with app.run_test(size=(width, 24)) as pilot:
            await pilot.pause()
            bar = screen_of(app).query_one(KeyBar)
            line = bar.line(bar.content_size.width).plain
            assert len(line) <= bar.content_size.width
            entries = [f"{h.key} {h.description}" for h in bar.hints]
            shown = [e for e in entries if e in line]
            # A prefix of the footer rows (importance order), each whole, then only the palette.
            assert shown == entries[: len(shown)]
            assert line.split() == "  ".join([*shown, "^p palette"]).split()
            assert [h.action for h in bar.hints] == [a.action for a in ACTIONS if a.footer]
            assert len(shown) >= (8 if width == 120 else 6)
            await pilot.press("ctrl+q")


async def test_clicking_a_footer_key_runs_its_action(shipped_project: Project) -> None:
    async with coding(shipped_project) as (app, pilot):
        bar = screen_of(app).query_one(KeyBar)
        assert await pilot.click(KeyBar, offset=(3, 0))  # "f1 Help"
        await pilot.pause()
        from coder.tui.coding.help import HelpScreen

        assert isinstance(app.screen, HelpScreen), bar
        await pilot.press("escape")
        await pilot.press("ctrl+q")
