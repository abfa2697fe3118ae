"""Every notice on screen is plain text: what it quotes (a path, a codebook label, a place
name, a commit subject in a sync refusal) came from a file or from git. A reviewer found the
sync refusal quoting a commit subject: "[/] wip" ended the coding screen with a MarkupError and
"[WIP] codebook" lost its first word. `BaseApp.notify` makes every notice text, whichever
widget or screen posts it (Widget.notify passes markup=True itself)."""

from __future__ import annotations

from coder.project import Project

from .helpers import coding, screen_of, wait_for


async def test_a_notice_quoting_brackets_shows_them_and_the_app_goes_on(
    shipped_project: Project,
) -> None:
    subject = "refused: commit 1a2b3c4 ([/] wip [WIP] codebook [b]x)"
    async with coding(shipped_project) as (app, pilot):
        screen_of(app).notify(subject, title="Sync", severity="error")
        app.notify(subject + " again")
        await wait_for(pilot, lambda: len(app._notifications) >= 2)
        await pilot.pause()
        assert app.is_running
        shown = [str(n.message) for n in app._notifications]
        assert subject in shown and subject + " again" in shown
        assert all(not n.markup for n in app._notifications)
        await pilot.press("ctrl+q")
