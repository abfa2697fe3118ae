"""Shared driving helpers for the coding-screen Pilot tests."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Coroutine
from typing import Any

from textual.pilot import Pilot
from textual.widget import Widget

from coder.project import Project
from coder.tui.coding.app import CoderApp
from coder.tui.coding.screen import CodingScreen


def run_async(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an async test with asyncio.run (the project has no async pytest plugin)."""

    @functools.wraps(test)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return wrapper


def app_for(project: Project, coder: str | None = "ana", readonly: bool = False) -> CoderApp:
    return CoderApp(project, coder, readonly=readonly)


def screen_of(app: CoderApp) -> CodingScreen:
    assert isinstance(app.screen, CodingScreen), app.screen
    return app.screen


def widget(app: CoderApp, selector: str) -> Widget:
    return screen_of(app).query_one(selector)


async def type_text(pilot: Pilot[Any], text: str) -> None:
    await pilot.press(*text)


async def focus(pilot: Pilot[Any], app: CoderApp, selector: str) -> Widget:
    w = widget(app, selector)
    w.focus()
    await pilot.pause()
    return w
