"""What a terminal shows after each key equals the whole screen drawn afresh.

Textual sends a terminal only the lines that changed (partial updates of the compositor); the
coding screen draws parts of itself without a widget of their own (a field's label in its row's
padding, `FieldRow`), keeps lines it drew (the help line, a row's label per focus), and repaints
only the label rows on a change of focus. A mistake in any of those leaves a stale cell on the
terminal (a label still marked as focused, an old help text) that no single render shows. So
here every update the app sends is played onto an emulated terminal, cell by cell, and after each
key it must equal a full render of the screen. Dialogs count too: what the article list (ctrl+o)
drew over the header must be gone once it closes.

A full render must also cover every cell of the screen: a line that comes out shorter than it
claims to be (a widget's text measured wider than it is) is drawn short on the terminal, and the
cells past its end keep whatever was there before, a dialog's border, for the rest of the session.
"""

from __future__ import annotations

from typing import Any

import pytest
from rich.console import Console
from rich.style import Style
from textual.app import App
from textual.screen import Screen

from coder.project import Project
from coder.tui.coding.screen import CodingScreen
from coder.tui.form import FieldRow
from coder.tui.textual_compat import whole_frame

from .helpers import coding, press, screen_of, steady

Cell = tuple[str, Style | None]


class Terminal:
    """The cells of a terminal that is sent Textual's updates (cursor moves and text)."""

    def __init__(self, width: int, height: int) -> None:
        self.cells: list[list[Cell]] = [[(" ", None)] * width for _ in range(height)]

    def play(self, update: Any, console: Console) -> None:
        x = y = 0
        for segment in console.render(update):
            if segment.control:
                for control in segment.control:
                    if control[0].name == "CURSOR_MOVE_TO":
                        x, y = int(control[1]), int(control[2])
                continue
            for char in segment.text:
                if char == "\n":
                    continue
                if 0 <= y < len(self.cells) and 0 <= x < len(self.cells[y]):
                    self.cells[y][x] = (char, segment.style)
                x += 1

    def lines(self) -> list[str]:
        return ["".join(char for char, _ in row) for row in self.cells]


def full_render(app: Any) -> list[list[Cell]]:
    """The screen on top (the coding screen or a dialog) drawn whole, now: every line as wide as
    the screen, cell by cell."""
    rows = []
    width = app.size.width
    for y, strip in enumerate(whole_frame(app.screen)):
        row: list[Cell] = []
        for segment in strip:
            if not segment.control:
                row.extend((char, segment.style) for char in segment.text)
        text = "".join(char for char, _ in row)
        assert len(row) == width, (
            f"row {y} of {type(app.screen).__name__} is {len(row)} cells, not {width} "
            f"(claims {strip.cell_length}): {text!r}"
        )
        rows.append(row)
    return rows


def watch_terminal(app: Any, monkeypatch: pytest.MonkeyPatch) -> Terminal:
    """An emulated terminal showing the screen as it is now, on a cleared terminal, then every
    update the app sends it from now on (what `App._display` writes; nothing while a batch of
    updates is held), from whichever screen is on top."""
    width, height = app.size
    terminal = Terminal(width, height)
    for y, row in enumerate(full_render(app)):
        terminal.cells[y][: len(row)] = row
    console = Console(width=width, height=height, color_system="truecolor")
    original = App._display

    def display(self: App[Any], screen: Screen[Any], update: Any) -> None:
        if update is not None and not self._batch_count:
            terminal.play(update, console)
        original(self, screen, update)

    monkeypatch.setattr(App, "_display", display)
    return terminal


async def press_and_compare(pilot: Any, terminal: Terminal, keys: list[str]) -> None:
    """Press each key; after each, the terminal must show what a full render of the screen does."""
    app = pilot.app
    for n, key in enumerate(keys):
        await press(pilot, key)
        await steady(pilot)  # no blinking cursor: every frame is a key's
        expected = full_render(app)
        got = terminal.cells
        wrong = [y for y in range(len(expected)) if got[y] != expected[y]]
        assert not wrong, f"after key {n} ({key}), rows {wrong} differ:\n" + "\n".join(
            f"sent {terminal.lines()[y]!r}\nfull {''.join(c for c, _ in expected[y])!r}"
            for y in wrong[:3]
        )


SIZES = pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])


@SIZES
async def test_terminal_matches_the_screen_after_each_key(
    shipped_project: Project, size: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    async with coding(shipped_project, size=size) as (app, pilot):
        await press(pilot, "ctrl+n")
        await steady(pilot)
        terminal = watch_terminal(app, monkeypatch)
        keys = ["tab"] * 24 + ["shift+tab"] * 6 + ["down", "tab", "2", "tab", "tab", "up"]
        await press_and_compare(pilot, terminal, keys)
        # The focused field's label is marked (bold) on the terminal, the others are not.
        focused_rows = [row for row in screen_of(app).query(FieldRow) if row.editor is app.focused]
        assert focused_rows
        row = focused_rows[0]
        x, y = row.region.x, row.region.y
        assert terminal.cells[y][x][1] is not None and terminal.cells[y][x][1].bold


@SIZES
async def test_the_article_list_leaves_nothing_behind(
    shipped_project: Project, size: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The article list covers the whole screen, the header's line too; closed (an article
    chosen, or Esc), the coding screen is drawn over all of it. Found in tmux: "──╮" of the
    list's border stayed at the right end of the header for the rest of the session."""
    async with coding(shipped_project, size=size) as (app, pilot):
        await steady(pilot)
        terminal = watch_terminal(app, monkeypatch)
        keys = ["ctrl+o", "down", "enter", "ctrl+o", "escape", "2", "ctrl+o", "up", "enter"]
        await press_and_compare(pilot, terminal, keys)
        assert isinstance(app.screen, CodingScreen)
