"""A key on a `OneFrameScreen` is painted in one frame, after all its steps (coder/tui/key_gate.py):
a Tab used to be painted in two or three frames (the editors first, the labels and the help line
as the focus messages reached the form and the screen), each rendering every row between."""

from __future__ import annotations

import asyncio

from textual.app import ComposeResult
from textual.message import Message
from textual.screen import Screen
from textual.visual import VisualType
from textual.widgets import Input, Static

from coder.project import Project
from coder.tui.form import CodebookForm, FormScroll
from coder.tui.key_gate import KeyGate, OneFrameScreen

from .helpers import coding, keys_handled, press, screen_of, settle, wait_for


class Seen(Message):
    """The field changed: the screen shows it below, after some slow work."""


class Mirror(Static):
    """A line whose every render notes what the other line showed at that moment."""

    def __init__(self, other: Static | None = None, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.other = other
        self.renders: list[str] = []

    def render(self) -> VisualType:
        if self.other is not None:
            self.renders.append(str(self.other.content))
        return super().render()


class Field(Input):
    """Each key shows itself on the top line at once and asks the screen for the bottom one."""

    def on_input_changed(self, event: Input.Changed) -> None:
        self.screen.query_one("#top", Static).update(event.value)
        self.post_message(Seen())


def compose_lines() -> ComposeResult:
    bottom = Mirror(id="bottom")
    yield Mirror(bottom, id="top")
    yield Field(id="field")
    yield bottom


class Slow:
    """The screen's part of a key: slower than a frame (16 ms), then the bottom line."""

    after_refresh: list[list[str]]

    async def on_seen(self, message: Seen) -> None:
        assert isinstance(self, Screen)
        await asyncio.sleep(0.1)  # work that takes longer than a frame (a busy machine)
        field = self.query_one("#field", Input)
        self.query_one("#bottom", Static).update(field.value)
        top = self.query_one("#top", Mirror)
        self.call_after_refresh(lambda: self.after_refresh.append(list(top.renders)))


class OneFrame(Slow, OneFrameScreen):
    def __init__(self) -> None:
        super().__init__()
        self.after_refresh = []

    def compose(self) -> ComposeResult:
        yield from compose_lines()


class Plain(Slow, Screen[None]):
    def __init__(self) -> None:
        super().__init__()
        self.after_refresh = []

    def compose(self) -> ComposeResult:
        yield from compose_lines()


class LinesApp(KeyGate[None]):
    def __init__(self, screen: Screen[None]) -> None:
        super().__init__()
        self.first = screen

    def on_mount(self) -> None:
        self.push_screen(self.first)


async def painted_after(screen: Screen[None]) -> tuple[list[str], list[list[str]]]:
    """What the bottom line showed each time the top line was rendered after the key "x" (to
    paint it, or to measure it), and those renders when the after-refresh callback ran."""
    app = LinesApp(screen)
    async with app.run_test() as pilot:
        await wait_for(pilot, lambda: app.screen is screen)
        field = screen.query_one("#field", Input)
        field.focus()
        await wait_for(pilot, lambda: app.focused is field)
        top = screen.query_one("#top", Mirror)
        await keys_handled(pilot)
        top.renders.clear()
        await pilot.press("x")
        await keys_handled(pilot)
        await wait_for(pilot, lambda: bool(top.renders) and bool(screen.after_refresh))
        await pilot.pause()
        assert not app.painting_held
        return top.renders, screen.after_refresh


async def test_a_key_is_painted_once_it_is_handled_everywhere() -> None:
    renders, after_refresh = await painted_after(OneFrame())
    assert renders and set(renders) == {"x"}  # drawn only once the bottom line was "x" too
    assert after_refresh == [renders]  # the after-refresh work ran after that frame


async def test_without_it_the_top_line_is_painted_a_frame_early() -> None:
    """What the test above guards against (so it can fail): Textual paints the first step."""
    renders, _ = await painted_after(Plain())
    assert renders[0] == ""


async def test_a_tab_to_a_field_out_of_view_is_laid_out_scrolled_at_once(
    shipped_project: Project,
) -> None:
    """Tab through every incident field at 120x40 (the form scrolls several times, lists open
    and close): each time the screen is laid out and painted after a Tab, the form is already
    where the Tab scrolls it. Textual scrolled after the next refresh: the field was painted
    first where the form had been, then the scroll in a frame of its own, which Textual 8.2.8
    paints whole (a scroll-only reflow after a layout finds every widget changed)."""
    async with coding(shipped_project, size=(120, 40)) as (app, pilot):
        await press(pilot, "ctrl+n")
        await settle(pilot)
        screen = screen_of(app)
        scroll = screen.query_one(FormScroll)
        seen: list[float] = []
        screen.screen_layout_refresh_signal.subscribe(
            screen, lambda _: seen.append(scroll.scroll_offset.y), immediate=True
        )
        moves = 0
        for _ in range(len(screen.query_one("#incident-form", CodebookForm).rows)):
            before = scroll.scroll_offset.y
            seen.clear()
            await press(pilot, "tab")
            await settle(pilot)
            after = scroll.scroll_offset.y
            moves += after != before
            assert set(seen) <= {after}, (app.focused, before, seen)
        assert moves > 2  # the form did scroll
