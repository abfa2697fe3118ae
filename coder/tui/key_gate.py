"""KeyGate: an App mixin that hands keys to widgets one at a time, so type-ahead is never lost.

Textual routes a key when the App takes it off its queue: it posts it to whatever is focused at
that moment. Keys that arrive together (a fast typist, an SSH burst, a paste of keystrokes) are
therefore all posted to the same widget before it has handled the first; when that first key
moves the focus (tab, enter leaving a choice, ctrl+n opening an incident), the keys after it are
handled by the widget the coder has already left, and are lost or typed into the wrong field.

The gate holds later keys back until the previous one has been handled everywhere it can go:
it follows the key with a callback through the queues of the focused widget and each of its
ancestors, up to the App (where non-priority bindings such as tab run, and where `Widget.focus`
sets the focus with `call_later`). Only then is the next key routed, to the widget that has the
focus now. A key whose handling is stuck (a widget removed meanwhile) releases the gate after
`KEY_GATE_TIMEOUT` seconds, so the keyboard can never lock up.
"""

from __future__ import annotations

from collections import deque
from functools import partial
from typing import Any

from textual import events
from textual.app import App, ReturnType
from textual.message_pump import MessagePump
from textual.timer import Timer

from coder.tui.textual_compat import has_queued_messages, parent_of

KEY_GATE_TIMEOUT = 10.0
"""Only for a key whose handling never completes. It must be far longer than a key can take on a
loaded machine: at 0.5 s, a Tab that took 0.6 s (8 coders on 2 cores) released the next key while
the focus was still on the field being left, and "tab D" typed the D into the choice list above;
at 3 s it still happened with the load average at 20."""
MAX_ROUNDS = 6


class KeyGate(App[ReturnType]):
    """An App (subclass it instead of App) whose keys are routed one at a time."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._held: deque[events.Key] = deque()
        self._key_in_flight = 0
        """Serial number of the key being handled (0: none), so a late callback of a key that
        timed out does not release the gate for the next one."""
        self._key_serial = 0
        self._key_timer: Timer | None = None

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            self._held.append(event)
            if not self._key_in_flight:
                await self._next_key()
            return
        await super().on_event(event)

    async def _next_key(self) -> None:
        while self._held and not self._key_in_flight:
            event = self._held.popleft()
            self._key_serial += 1
            serial = self._key_in_flight = self._key_serial
            chain = self._focus_chain()
            await super().on_event(event)
            if self._key_in_flight != serial:
                continue
            self._key_timer = self.set_timer(KEY_GATE_TIMEOUT, partial(self._release, serial))
            self._follow(serial, chain)

    def _focus_chain(self) -> list[MessagePump]:
        """The focused widget (else the screen) and its ancestors, below the App."""
        try:
            node: MessagePump | None = self.focused or self.screen
        except Exception:  # no screen yet: nothing to follow
            return []
        chain: list[MessagePump] = []
        while node is not None and node is not self:
            chain.append(node)
            node = parent_of(node)
        return chain

    def _follow(self, serial: int, chain: list[MessagePump], rounds: int = 0) -> None:
        """Run after `chain[0]` has handled what is queued now, then the next, then the App.

        A key's handling can post more messages (enter bubbles up to the App, whose binding makes
        an Input post Submitted, whose handler closes a dialog): while the App or the chain,
        taken afresh from the focus, still has messages queued, it is followed again, so the next
        key goes where that handling left the focus (MAX_ROUNDS at most; then the next key goes).
        """
        if self._key_in_flight != serial:
            return
        while chain:
            node, chain = chain[0], chain[1:]
            if node.call_later(self._follow, serial, chain, rounds):
                return
        busy = [node for node in self._focus_chain() if has_queued_messages(node)]
        if rounds < MAX_ROUNDS and (busy or has_queued_messages(self)):
            self.call_later(self._follow, serial, busy, rounds + 1)
        else:
            self.call_later(self._release, serial)

    async def _release(self, serial: int) -> None:
        if self._key_in_flight != serial:
            return
        self._key_in_flight = 0
        if self._key_timer is not None:
            self._key_timer.stop()
            self._key_timer = None
        await self._next_key()
