"""What a terminal shows after each key equals the whole screen drawn afresh.

Textual sends a terminal only the lines that changed (partial updates of the compositor); the
coding screen draws parts of itself without a widget of their own (a field's label in its row's
padding, `FieldRow`), keeps lines it drew (the help line, a row's label per focus), and repaints
only the label rows on a change of focus. A mistake in any of those leaves a stale cell on the
terminal (a label still marked as focused, an old help text) that no single render shows. So
here every update the app sends is played onto an emulated terminal, cell by cell, and after each
key it must equal a full render of the screen.
"""

from __future__ import annotations

from typing import Any

import pytest
from rich.console import Console
from rich.style import Style

from coder.project import Project
from coder.tui.form.form import FieldRow
from coder.tui.textual_compat import Compositor, whole_frame

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
    """The screen drawn whole, now."""
    rows = []
    for strip in whole_frame(screen_of(app)):
        row: list[Cell] = []
        for segment in strip:
            if not segment.control:
                row.extend((char, segment.style) for char in segment.text)
        rows.append(row)
    return rows


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
async def test_terminal_matches_the_screen_after_each_key(
    shipped_project: Project, size: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    async with coding(shipped_project, size=size) as (app, pilot):
        await press(pilot, "ctrl+n")
        await steady(pilot)  # no blinking cursor: every frame is a key's
        terminal = Terminal(*size)
        console = Console(width=size[0], height=size[1], color_system="truecolor")
        terminal.cells = full_render(app)
        original = Compositor.render_update
        screen = screen_of(app)

        def sent(self: Compositor, *args: Any, **kwargs: Any) -> Any:
            update = original(self, *args, **kwargs)
            if update is not None and app.screen is screen:
                terminal.play(update, console)
            return update

        monkeypatch.setattr(Compositor, "render_update", sent)
        keys = ["tab"] * 24 + ["shift+tab"] * 6 + ["down", "tab", "2", "tab", "tab", "up"]
        for n, key in enumerate(keys):
            await press(pilot, key)
            await steady(pilot)
            expected = full_render(app)
            got = terminal.cells
            wrong = [y for y in range(size[1]) if got[y] != expected[y]]
            assert not wrong, f"after key {n} ({key}), rows {wrong} differ:\n" + "\n".join(
                f"sent {terminal.lines()[y]!r}\nfull {''.join(c for c, _ in expected[y])!r}"
                for y in wrong[:3]
            )
        # The focused field's label is marked (bold) on the terminal, the others are not.
        focused_rows = [row for row in screen_of(app).query(FieldRow) if row.editor is app.focused]
        assert focused_rows
        row = focused_rows[0]
        x, y = row.region.x, row.region.y
        assert terminal.cells[y][x][1] is not None and terminal.cells[y][x][1].bold
