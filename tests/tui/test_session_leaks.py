"""A coding session does not grow: widgets and saved-state objects are not leaked per article.

Issue 12 ("a coding session gets slower as it goes"): every article switch reuses the widgets
built once (CodebookForm.load); none may be built anew and kept alive. The widgets the garbage
collector tracks are counted after a first round of switches (anything built once, on first
use, is built by then) and again after many more, with an edit and a save on each.
"""

from __future__ import annotations

import gc
from collections import Counter

from textual.pilot import Pilot
from textual.widget import Widget

from coder.project import Project
from coder.tui.coding.app import CoderApp
from coder.tui.form import FieldRow

from .conftest import records_on_disk
from .helpers import app_for, focus, press, screen_of, settle


def alive(app: CoderApp) -> tuple[Counter[str], Counter[str]]:
    """(widgets in the screen's DOM, Widget objects the garbage collector tracks, by class).

    A field row's error line is left out: it is mounted with the row's first error and then
    kept (at most one per row, checked below). The collector does not list what gc.freeze()
    froze once the screen was up; a widget built after that and kept is listed."""
    gc.collect()
    objects = Counter(
        type(o).__name__
        for o in gc.get_objects()
        if isinstance(o, Widget) and not o.has_class("field-error")
    )
    dom = Counter(
        f"{type(w).__name__}#{w.id}"
        for w in app.screen.walk_children()
        if not w.has_class("field-error")
    )
    return dom, objects


async def switches(pilot: Pilot[object], app: CoderApp, n: int) -> None:
    """`n` times: a note typed into the article, then the next article (the last wraps back)."""
    screen = screen_of(app)
    for _ in range(n):
        await focus(pilot, app, "#article-form--article_notes")
        await press(pilot, "x")
        last = screen.session.index == len(screen.session.articles) - 1
        await press(pilot, "ctrl+pageup" if last else "ctrl+pagedown")
        if last:  # back to the first article, one by one
            while screen.session.index > 0:
                await press(pilot, "ctrl+pageup")
        await settle(pilot)


async def test_no_widgets_leak_across_article_switches(shipped_project: Project) -> None:
    app = app_for(shipped_project)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+n")  # an incident on the first article: its form is shown too
        rounds = len(screen_of(app).session.articles)  # whole rounds: back on the first article,
        await switches(pilot, app, rounds)  # whose incident bar has a tab for its incident
        assert screen_of(app).session.index == 0
        dom_first, objects_first = alive(app)
        await switches(pilot, app, 3 * rounds)
        assert screen_of(app).session.index == 0
        dom_later, objects_later = alive(app)
        assert dom_later == dom_first, (dom_later - dom_first, dom_first - dom_later)
        before = objects_first
        grown = {name: n - before[name] for name, n in objects_later.items() if n > before[name]}
        assert not grown, (
            f"widgets alive after 4 rounds of article switches and not after 1: {grown}"
        )
        rows = screen_of(app).query(FieldRow)
        assert all(len(row.query(".field-error")) <= 1 for row in rows)
        await pilot.press("ctrl+q")
    # The switches did save: every article's notes hold what was typed.
    notes = [
        doc["values"].get("article_notes", "")
        for doc in records_on_disk(shipped_project, "ana").values()
    ]
    assert len(notes) == 5 and all(n.count("x") >= 2 for n in notes), notes


def _styles_and_widgets() -> tuple[int, int]:
    """(Textual StylesCache objects alive, Widget objects alive), frozen ones included."""
    from textual._styles_cache import StylesCache

    gc.unfreeze()
    try:
        gc.collect()
        objects = gc.get_objects()
        return (
            sum(1 for o in objects if isinstance(o, StylesCache)),
            sum(1 for o in objects if isinstance(o, Widget)),
        )
    finally:
        gc.freeze()


async def test_the_styles_of_widgets_gone_are_let_go(shipped_project: Project) -> None:
    """Each widget has one StylesCache; Textual's `get_inner_outer` lru_cache kept those of
    removed widgets (an incident tab each time the count of incidents changes) alive with their
    rendered lines, ~20 KB a switch for 1,024 switches. The periodic refreeze drops them."""
    from coder.tui.coding import view

    app = app_for(shipped_project)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+n")  # one incident here, none in the next: tabs come and go
        await switches(pilot, app, 2 * len(screen_of(app).session.articles))
        view._refreeze(screen_of(app))  # what every REFREEZE_EVERY articles opened runs
        styles, widgets = _styles_and_widgets()
        assert styles <= widgets, f"{styles - widgets} StylesCaches of widgets gone are kept"
        await pilot.press("ctrl+q")


async def test_stale_query_answers_are_let_go(shipped_project: Project) -> None:
    """Textual's `query_one` cache (1,024 answers per node, keyed by the count of changes below
    the node) kept every answer made stale by an incident tab added or removed, with the widget
    it found: ~5 a switch on the coding screen, for ~200 switches. The periodic refreeze keeps
    none (the attribute is listed in textual_compat.PRIVATE_ATTRIBUTES)."""
    from coder.tui.coding import view

    app = app_for(shipped_project)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+n")  # one incident here, none in the next: tabs come and go
        screen = screen_of(app)
        await switches(pilot, app, 2 * len(screen.session.articles))
        nodes = [screen, *screen.walk_children()]
        assert any(len(n._query_one_cache) for n in nodes)  # answers were cached
        view._refreeze(screen)
        stale = [
            (type(n).__name__, key[1])
            for n in nodes
            for key in n._query_one_cache.keys()  # noqa: SIM118 (an LRUCache, not iterable)
            if key[0] != n._nodes._updates
        ]
        assert stale == [], f"stale query_one answers kept: {stale[:10]}"
        await pilot.press("ctrl+q")


def _frozen_garbage() -> Counter[str]:
    """Widgets nothing reaches any more but kept because gc.freeze() froze them, by class.

    The collector never looks at frozen objects, so a widget frozen while shown and removed
    later (a reference cycle, as every widget is) is kept until the app exits. What the collector
    can see is collected first; then everything is unfrozen and collected again, keeping what it
    finds (DEBUG_SAVEALL) to count it."""
    gc.collect()
    gc.unfreeze()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        gc.collect()
        return Counter(type(o).__name__ for o in gc.garbage if isinstance(o, Widget))
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.freeze()


async def test_no_widget_gone_after_a_freeze_is_kept(shipped_project: Project) -> None:
    """The session freezes what is alive (at start-up, then when it has grown: gc_pause); the
    incident tabs shown at that moment must not be removed later, or they are kept forever:
    remounting them whenever the count of incidents changed was ~200 dead objects per tab per
    freeze, the largest part of a day's session's growth (issue 12)."""
    from coder.gc_pause import freeze_survivors

    app = app_for(shipped_project)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for _ in range(3):  # three tabs here, none on the next articles
            await press(pilot, "ctrl+n")
        assert len(screen_of(app).session.record.incidents) == 3
        await settle(pilot)
        for _ in range(3):  # a freeze with the tabs shown, then articles without them
            freeze_survivors()
            await switches(pilot, app, len(screen_of(app).session.articles))
            assert screen_of(app).session.index == 0
        kept = _frozen_garbage()
        assert not kept, f"widgets removed after being frozen, kept: {dict(kept)}"
        await pilot.press("ctrl+q")
