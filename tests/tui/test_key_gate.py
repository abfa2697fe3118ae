"""The key gate waits for a key to be handled however long that takes, and never locks up."""

from __future__ import annotations

import asyncio

from textual import events
from textual.app import ComposeResult
from textual.widgets import Input

from coder.tui.key_gate import KeyGate

from .helpers import keys_handled, wait_for


class SlowField(Input):
    """Enter takes as long as the test wants (a slow or loaded machine), then moves the focus."""

    def __init__(self, release: asyncio.Event, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.release = release

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            await self.release.wait()
            self.screen.query_one("#b").focus()
            return
        await super()._on_key(event)


class GoneField(Input):
    """Enter moves the focus on and removes this field, with the gate's callback on its queue."""

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.screen.query_one("#b").focus()
            await self.remove()
            return
        await super()._on_key(event)


class GateApp(KeyGate[None]):
    def __init__(self, first: Input) -> None:
        super().__init__()
        self.first = first

    def compose(self) -> ComposeResult:
        yield self.first
        yield Input(id="b")


def burst(app: GateApp, keys: str) -> None:
    for key in keys:
        event = events.Key("enter", "\r") if key == "\r" else events.Key(key, key)
        app.post_message(event)


async def test_keys_typed_ahead_wait_for_a_slow_key_however_long_it_takes() -> None:
    release = asyncio.Event()
    app = GateApp(SlowField(release, id="a"))
    async with app.run_test() as pilot:
        app.first.focus()
        await wait_for(pilot, lambda: app.focused is app.first)
        burst(app, "\rxy")
        try:
            await wait_for(pilot, lambda: len(app._held) == 2, what="x and y held back")
            # Far longer than the half second after which the gate used to give up and route
            # the held keys to the field the coder was leaving.
            await asyncio.sleep(1.5)
            assert len(app._held) == 2 and app.keys_pending
            assert app.first.value == ""
        finally:
            release.set()
        await keys_handled(pilot)
        second = app.query_one("#b", Input)
        assert app.focused is second
        assert (app.first.value, second.value) == ("", "xy")


async def test_a_field_removed_while_its_key_is_followed_does_not_lock_the_keyboard() -> None:
    app = GateApp(GoneField(id="a"))
    async with app.run_test() as pilot:
        app.first.focus()
        await wait_for(pilot, lambda: app.focused is app.first)
        burst(app, "\rxy")
        await keys_handled(pilot)
        second = app.query_one("#b", Input)
        assert not app.first.is_attached
        assert app.focused is second and second.value == "xy"


async def test_keys_held_while_the_app_sets_a_screen_up_go_where_the_focus_is_then() -> None:
    """hold_keys / release_keys: the coding screen holds keys until it is complete; they are
    routed, in order, to the widget focused when it releases them, not to the one before."""
    app = GateApp(Input(id="a"))
    async with app.run_test() as pilot:
        app.first.focus()
        await wait_for(pilot, lambda: app.focused is app.first)
        app.hold_keys()
        burst(app, "xy")
        await wait_for(pilot, lambda: len(app._held) == 2, what="x and y held back")
        await pilot.pause()
        assert app.keys_pending and app.first.value == ""
        second = app.query_one("#b", Input)
        second.focus()  # the set-up moves the focus, then lets the keys through
        await wait_for(pilot, lambda: app.focused is second)
        app.release_keys()
        await keys_handled(pilot)
        assert (app.first.value, second.value) == ("", "xy")
        assert not app.keys_pending
