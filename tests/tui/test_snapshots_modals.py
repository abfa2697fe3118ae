"""SVG snapshots of the modal screens over a tiny host app, at 80x24 and 120x40.

Regenerate after an intended change with `pytest tests/tui/test_snapshots_modals.py
--snapshot-update` and look at the SVGs in tests/tui/__snapshots__/ before committing them.
The codebook and rows are built in the test (not read from fixtures) so that edits to shared
fixture files cannot change these pictures.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from coder.tui.coding.article_list import ArticleListScreen
from coder.tui.coding.help import HelpScreen
from coder.tui.dialogs.ask_name import AskNameScreen
from coder.tui.dialogs.confirm import ConfirmScreen
from tests.tui.helpers import press, steady
from tests.tui.test_modals import Host, rows, small_codebook

SIZES = [(80, 24), (120, 40)]


def typing(*keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """A run_before that settles, types `keys` (each handled before the next) and settles:
    snap_compare's own `press=` only waits until the process looks idle, which on a loaded
    machine it does before the keys are handled."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await steady(pilot)
        await press(pilot, *keys)
        await steady(pilot)

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_help(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(
        Host(HelpScreen(small_codebook(), None)), terminal_size=size, run_before=steady
    )


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_help_scrolled_to_field(snap_compare: Any, size: tuple[int, int]) -> None:
    codebook = small_codebook()
    kind = codebook.incident_fields[1]
    assert snap_compare(Host(HelpScreen(codebook, kind)), terminal_size=size, run_before=steady)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_article_list(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(
        Host(ArticleListScreen(rows(), current="a05")), terminal_size=size, run_before=steady
    )


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_article_list_filtered(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(
        Host(ArticleListScreen(rows(), current="a05")),
        terminal_size=size,
        run_before=typing(*"draft", "down"),
    )


def test_confirm(snap_compare: Any) -> None:
    screen = ConfirmScreen("Delete incident 2 of 3 [mortar attack]? This cannot be undone.")
    assert snap_compare(Host(screen), run_before=steady)


def test_ask_name_error(snap_compare: Any) -> None:
    assert snap_compare(Host(AskNameScreen()), run_before=typing(*"bad name!"))
