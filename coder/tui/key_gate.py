"""KeyGate: an App mixin that hands keys to widgets one at a time, so type-ahead is never lost.

Textual routes a key when the App takes it off its queue: it posts it to whatever is focused at
that moment. Keys that arrive together (a fast typist, an SSH burst, a paste of keystrokes) are
therefore all posted to the same widget before it has handled the first; when that first key
moves the focus (tab, enter leaving a choice, ctrl+n opening an incident), the keys after it are
handled by the widget the coder has already left, and are lost or typed into the wrong field.

The gate holds later keys back until the previous one has been handled everywhere it can go:
it follows the key with a callback through the queues of the focused widget and each of its
ancestors, up to the App (where non-priority bindings such as tab run, and where `Widget.focus`
sets the focus with `call_later`), and through the screen's after-refresh callbacks (a screen
that moves the focus with `call_after_refresh`, e.g. to the first question of the next
article). Only then is the next key routed, to the widget that has the focus now.

There is no time limit: on a slow or loaded machine a key may take seconds to be handled, and
the keys typed after it must still go where it left the focus. The gate waits only for things
that will happen. A widget followed through is watched: if it goes away before it ran the
callback (removed, its message loop ended), the gate goes on without it rather than wait for a
callback that will never run, so the keyboard can never lock up. When the app is exiting, the
held keys are dropped.

An app can also hold every key back while it finishes setting a screen up (`hold_keys`, then
`release_keys`): the coding screen is painted first and mounts what its first frame does not show
right after, and keys typed meanwhile wait, in order, for the widgets they are meant for.

One frame per key (`OneFrameScreen`): on a screen that asks for it, nothing is painted while a key
is being handled, so the frame after the key shows all it changed at once. Textual paints on a
timer (60 times a second) whatever has asked for a repaint by then; a Tab's work takes longer than
that, in steps that each change something (the editors' focus styles, the list opening, then the
field labels and the help line as the focus messages reach the form and the screen), so it was
painted in two or three frames, each rendering the rows between the first and the last change:
a third of a Tab's CPU time. The hold is Textual's own `App.batch_update`, taken when the key is
routed and given back when the gate lets the next key go, or before it waits on the screen's
after-refresh callbacks (they are promised a painted screen), or when the screen is no longer
the current one. The held screen does not run those callbacks while painting is held.
"""

from __future__ import annotations

from collections import deque
from contextlib import ExitStack
from typing import Any

from textual import events
from textual.app import App, ReturnType
from textual.message_pump import MessagePump
from textual.screen import Screen
from textual.timer import Timer

from coder.tui.textual_compat import (
    after_refresh,
    app_exiting,
    has_after_refresh_callbacks,
    has_queued_messages,
    is_gone,
    parent_of,
    post_callback,
)

MAX_ROUNDS = 8
"""How many times the gate follows the messages a key's handling posted (each round goes through
every queue once). It counts hops, not time, so it does not depend on the machine's speed; it only
stops a widget that keeps posting (a background job reporting progress) from holding keys back."""
WATCH_INTERVAL = 0.1
"""How often the gate checks that the widget it waits on is still able to run its callback."""


class KeyGate(App[ReturnType]):
    """An App (subclass it instead of App) whose keys are routed one at a time."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._held: deque[events.Key] = deque()
        self._key_in_flight = 0
        """Serial number of the key being handled (0: none)."""
        self._key_serial = 0
        self._step = 0
        """Token of the callback the gate waits for, so a callback that was given up on (its
        widget went away) and runs late after all does not advance the gate twice."""
        self._waiting: tuple[MessagePump, list[MessagePump], int] | None = None
        """The widget (or screen) whose callback the gate waits for, the rest of the chain, and
        the round."""
        self._watch: Timer | None = None
        self._holds = 0
        """Keys wait while this is above 0 (`hold_keys`)."""
        self._paint_hold: ExitStack | None = None
        """The `batch_update` held while a key is handled on a `OneFrameScreen`."""
        self._paint_screen: Screen[Any] | None = None

    def hold_keys(self) -> None:
        """Hold every key back, in order, until `release_keys` (as often as this was called)."""
        self._holds += 1

    def release_keys(self) -> None:
        """End one `hold_keys`; the keys held are then routed as usual, one at a time."""
        self._holds = max(0, self._holds - 1)
        if not self._holds and self._held and not self._key_in_flight:
            post_callback(self, self._next_key)

    @property
    def keys_pending(self) -> bool:
        """True while a key is being handled or held back (the type-ahead is not all handled)."""
        return bool(self._held) or bool(self._key_in_flight) or bool(self._holds)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            if event.key == "ctrl+j":
                event = _as_enter(event)
            self._held.append(event)
            if not self._key_in_flight:
                await self._next_key()
            return
        await super().on_event(event)

    def _exiting(self) -> bool:
        return app_exiting(self)

    async def _next_key(self) -> None:
        while self._held and not self._key_in_flight and not self._holds:
            if self._exiting():
                self._held.clear()  # nothing left to type into
                return
            event = self._held.popleft()
            self._key_serial += 1
            serial = self._key_in_flight = self._key_serial
            chain = self._focus_chain()
            self._hold_painting()
            await super().on_event(event)
            if self._key_in_flight != serial:
                continue
            if self._watch is None:
                self._watch = self.set_interval(WATCH_INTERVAL, self._check_waiting)
            self._step += 1
            self._follow(serial, self._step, chain)

    def _current_screen(self) -> Screen[Any] | None:
        try:
            return self.screen
        except Exception:  # no screen (starting or exiting)
            return None

    def _focus_chain(self) -> list[MessagePump]:
        """The focused widget (else the screen) and its ancestors, below the App."""
        node: MessagePump | None = self.focused or self._current_screen()
        chain: list[MessagePump] = []
        while node is not None and node is not self:
            chain.append(node)
            node = parent_of(node)
        return chain

    def _follow(self, serial: int, step: int, chain: list[MessagePump], rounds: int = 0) -> None:
        """Run after `chain[0]` has handled what is queued now, then the next, then the App.

        A key's handling can post more messages (enter bubbles up to the App, whose binding makes
        an Input post Submitted, whose handler closes a dialog): while the App or the chain,
        taken afresh from the focus, still has messages queued, or the screen has callbacks to run
        after its next refresh, it is followed again, so the next key goes where that handling
        left the focus (MAX_ROUNDS at most; then the next key goes).
        """
        if self._key_in_flight != serial or step != self._step:
            return
        self._waiting = None
        if self._paint_screen is not self._current_screen():
            self._end_painting_hold()  # a dialog opened (or closed): it paints as usual
        if self._exiting():
            post_callback(self, self._release, serial)
            return
        while chain:
            node, chain = chain[0], chain[1:]
            if is_gone(node):
                continue
            self._step += 1
            if post_callback(node, self._follow, serial, self._step, chain, rounds):
                self._waiting = (node, chain, rounds)
                return
        if rounds >= MAX_ROUNDS:
            post_callback(self, self._release, serial)
            return
        busy = [node for node in self._focus_chain() if has_queued_messages(node)]
        screen = self._current_screen()
        self._step += 1
        if busy or has_queued_messages(self):
            post_callback(self, self._follow, serial, self._step, busy, rounds + 1)
        elif screen is not None and has_after_refresh_callbacks(screen):
            # e.g. `call_after_refresh(self._focus_start)`: ours runs after those, in order
            step = self._step
            self._end_painting_hold()  # they run after the key's frame is painted

            def follow_up() -> None:
                post_callback(self, self._follow, serial, step, [], rounds + 1)

            after_refresh(screen, follow_up, self)
            self._waiting = (screen, [], rounds + 1)
        else:
            post_callback(self, self._release, serial)

    def _check_waiting(self) -> None:
        """Go on without a widget that went away before it ran the gate's callback."""
        if not self._key_in_flight or self._waiting is None:
            return
        node, chain, rounds = self._waiting
        if is_gone(node):
            self._waiting = None
            self._step += 1
            post_callback(self, self._follow, self._key_in_flight, self._step, chain, rounds)

    async def _release(self, serial: int) -> None:
        if self._key_in_flight != serial:
            return
        self._key_in_flight = 0
        self._waiting = None
        self._end_painting_hold()
        await self._next_key()
        if not self._key_in_flight and self._watch is not None:
            self._watch.stop()
            self._watch = None

    # -- one frame per key ------------------------------------------------------------------------

    @property
    def painting_held(self) -> bool:
        """True while a key is handled on a `OneFrameScreen` (its frame is painted after)."""
        return self._paint_hold is not None

    def _hold_painting(self) -> None:
        screen = self._current_screen()
        if self._paint_hold is None and isinstance(screen, OneFrameScreen):
            hold = ExitStack()
            hold.enter_context(self.batch_update())
            self._paint_hold, self._paint_screen = hold, screen
        elif self._paint_hold is not None and self._paint_screen is not screen:
            self._end_painting_hold()

    def _end_painting_hold(self) -> None:
        hold, self._paint_hold = self._paint_hold, None
        screen, self._paint_screen = self._paint_screen, None
        if hold is None:
            return
        hold.close()
        for shown in {screen, self._current_screen()}:
            if shown is not None:
                shown.check_idle()  # paint what the key changed (and run the after-refresh work)


class OneFrameScreen(Screen[None]):
    """A screen painted once per key, after the key is handled (see the module docstring)."""

    def on_idle(self, event: events.Idle) -> None:
        """While a key is handled: neither paint (Textual's batch) nor run the callbacks that
        wait for the next refresh (Textual runs them at once in a batch): they run after the
        frame is painted, as they would without the hold."""
        app = self.app
        if isinstance(app, KeyGate) and app.painting_held:
            event.prevent_default()


def _as_enter(event: events.Key) -> events.Key:
    """ctrl+j (a newline) read as the Enter it was: keys typed before Textual puts the terminal
    in raw mode (the first second of a start-up, longer on a loaded machine) pass the terminal's
    line discipline, which turns Enter's carriage return into a newline; typed ahead at start-up,
    `2`, Enter answered the first question but never moved on. No screen binds ctrl+j."""
    enter = events.Key("enter", "\r")
    enter.time = event.time
    return enter
