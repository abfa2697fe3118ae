"""Shared driving helpers for the coding-screen Pilot tests."""

from __future__ import annotations

import time
import unicodedata
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from textual import events
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key
from textual.pilot import Pilot
from textual.widget import Widget

from coder.project import Project
from coder.tui.coding.app import CoderApp
from coder.tui.coding.screen import CodingScreen


def app_for(project: Project, coder: str | None = "ana", readonly: bool = False) -> CoderApp:
    return CoderApp(project, coder, readonly=readonly)


@asynccontextmanager
async def coding(
    project: Project,
    coder: str | None = "ana",
    readonly: bool = False,
    *,
    size: tuple[int, int] = (120, 40),
) -> AsyncIterator[tuple[CoderApp, Pilot[Any]]]:
    """The coding app opened on `project` as `coder`, once its coding screen is up and settled
    (keys, workers, layout): the one opening every coding-screen test starts from.

    Leaving the block stops the app the way Pilot does, without the app's own quit; a test that
    asserts on what quitting saves presses ctrl+q itself."""
    app = CoderApp(project, coder, readonly=readonly)
    async with app.run_test(size=size) as pilot:
        if coder is not None:
            await wait_for(
                pilot, lambda: isinstance(app.screen, CodingScreen), what="the coding screen"
            )
        await settle(pilot)
        yield app, pilot


def screen_of(app: CoderApp) -> CodingScreen:
    assert isinstance(app.screen, CodingScreen), app.screen
    return app.screen


def widget(app: CoderApp, selector: str) -> Widget:
    return screen_of(app).query_one(selector)


WAIT_LIMIT = 600.0
"""Seconds after which `wait_for` fails the test: a bound on a hang, never a reason to go on."""


async def wait_for(
    pilot: Pilot[Any],
    predicate: Callable[[], object],
    timeout: float = WAIT_LIMIT,
    what: str | Callable[[], str] = "",
) -> None:
    """Pause until `predicate()` holds (the app has done what the test waits for).

    The test goes on as soon as the condition holds, however slow the machine; the timeout only
    turns a hang into a failure, and an app that has stopped (an exception in a handler) fails
    the wait at once instead of at the timeout."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if not pilot.app.is_running:  # crashed or quit: what it did not do, it never will
            said = what() if callable(what) else what
            raise AssertionError(f"the app stopped while waiting for {said or predicate}")
        if time.monotonic() > deadline:
            said = what() if callable(what) else what
            raise AssertionError(f"still waiting after {timeout} s: {said or predicate}")
        await pilot.pause()


async def keys_handled(pilot: Pilot[Any]) -> None:
    """Wait until every key sent so far has been handled (the app's KeyGate holds none and has
    none in flight), then for the screen to process what those keys posted."""
    app = pilot.app

    def done() -> bool:
        return app._exit or not app.is_running or not getattr(app, "keys_pending", False)

    # The App takes the keys sent so far off its queue before it runs this pause's callback:
    # from then on, the KeyGate holds those it has not handled yet.
    await pilot.pause()
    await wait_for(
        pilot,
        done,
        what=lambda: (
            f"keys handled: {len(getattr(app, '_held', ()))} held, key "
            f"{getattr(app, '_key_in_flight', None)} in flight, waiting on "
            f"{getattr(app, '_waiting', None)}, focus {app.focused}"
        ),
    )
    if not (app._exit or not app.is_running):
        await pilot.pause()


def screen_settled(app: Any) -> bool:
    """The current screen has no layout pending and no callbacks waiting for its next refresh
    (a deferred focus, a scroll to the current row)."""
    try:
        screen = app.screen
    except Exception:
        return True  # no screen: nothing left to settle
    return not (screen._callbacks or screen._layout_required or screen._scroll_required)


async def settle(pilot: Pilot[Any]) -> None:
    """Wait for the keys sent so far, the workers they started, the screen they changed (its
    layout and after-refresh callbacks) and its animations."""
    app = pilot.app
    await keys_handled(pilot)
    await app.workers.wait_for_complete()
    await wait_for(pilot, lambda: screen_settled(app), what="the screen settled")
    await pilot.wait_for_scheduled_animations()
    await keys_handled(pilot)
    await wait_for(pilot, lambda: screen_settled(app), what="the screen settled")


def key_event(key: str) -> events.Key:
    """The Key event `Pilot.press` sends for `key` ("a", "enter", "ctrl+n", " ")."""
    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    char: str | None
    try:
        char = unicodedata.lookup(_get_unicode_name_from_key(REPLACED_KEYS.get(key, key)))
    except KeyError:
        char = key if len(key) == 1 else None
    return events.Key(key, char)


async def steady(pilot: Pilot[Any]) -> None:
    """`settle` for a screenshot: text cursors stop blinking (drawn steadily), so the picture
    does not depend on the blink phase at the moment it is taken (on a loaded machine, more
    than a blink passes between the last key and the screenshot)."""
    from textual.widgets import Input, TextArea

    await settle(pilot)
    for field in pilot.app.screen.query("*"):
        if isinstance(field, (Input, TextArea)):
            field.cursor_blink = False
    await settle(pilot)


async def press(pilot: Pilot[Any], *keys: str) -> None:
    """Type `keys` as a coder does, all at the moment of the call (by the keys' own clock, which
    the choice lists' type-ahead search goes by), and wait until each has been handled before
    the next is sent (`Pilot.press` only waits until the process looks idle, which on a loaded
    machine it does before the key is handled; and its keys are stamped as they are sent, so a
    slow machine would make them look typed more than a second apart)."""
    typed_at: float | None = None
    for key in keys:
        event = key_event(key)
        if typed_at is None:
            typed_at = event.time
        event.time = typed_at
        pilot.app.post_message(event)
        await keys_handled(pilot)
        await pilot.wait_for_animation()


async def type_text(pilot: Pilot[Any], text: str) -> None:
    await press(pilot, *text)


async def focus(pilot: Pilot[Any], app: CoderApp, selector: str) -> Widget:
    w = widget(app, selector)
    w.focus()
    await wait_for(pilot, lambda: pilot.app.focused is w, what=f"focus on {selector}")
    await pilot.pause()
    return w


async def save_and_quit(app: CoderApp, pilot: Pilot[Any]) -> None:
    """ctrl+s, the save finished (its worker), ctrl+q: the database file then holds the work."""
    await pilot.press("ctrl+s")
    await app.workers.wait_for_complete()
    await pilot.press("ctrl+q")
