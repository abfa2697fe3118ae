"""The review dashboard says when compare excluded values the codebook no longer has."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from coder.tui.review.app import ReviewApp
from tests.tui.review_helpers import loaded, review_project


async def test_dashboard_names_removed_choices(tmp_path: Path) -> None:
    project = review_project(tmp_path)
    text = project.codebook_path.read_text(encoding="utf-8")
    removed = "        - value: local_source\n"
    start = text.index(removed)
    end = text.index("        - value:", start + len(removed))
    project.codebook_path.write_text(text[:start] + text[end:], encoding="utf-8")
    app = ReviewApp(project, None, "lea", bootstrap=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        notes = str(app.screen.query_one("#notes", Static).render())
        flat = " ".join(notes.split())
        assert "Codebook drift:" in flat and "source_type: 'local_source'" in flat
