"""The review's columns at 120 and 80 columns: values readable, coder names whole, honest labels."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable

from coder.exchange.importer import import_file
from coder.tui.review.app import ReviewApp
from coder.tui.review.disagreements import DisagreementScreen
from coder.tui.review.value_table import ValueTable
from tests.gold_data import write_jsonl
from tests.tui.review_helpers import loaded, review_project


def _three_coders(tmp_path: Path):
    project = review_project(tmp_path)
    paths = write_jsonl(tmp_path / "third")
    import_file(project, paths["ann"], "alice")
    return project


def _labels(table: DataTable) -> list[str]:
    return [str(c.label.plain) for c in table.columns.values()]


async def test_dates_fit_at_120_columns_with_three_coders(tmp_path: Path) -> None:
    app = ReviewApp(_three_coders(tmp_path), None, "lea", bootstrap=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        assert "Values" in _labels(app.screen.query_one("#fields", DataTable))
        await pilot.press("a")
        while not isinstance(app.screen, DisagreementScreen):
            await pilot.pause()
        table = app.screen.query_one(ValueTable)
        while not table.row_fields:
            await pilot.pause()
        assert table.cell >= len("2020-09-03")
        assert table.header_height == 1
        assert _labels(table)[2:5] == ["1 alice", "2 ann", "3 ben"]


async def test_coder_names_whole_at_80_columns(tmp_path: Path) -> None:
    app = ReviewApp(_three_coders(tmp_path), None, "lea", bootstrap=0)
    async with app.run_test(size=(80, 30)) as pilot:
        await loaded(pilot)
        labels = _labels(app.screen.query_one("#fields", DataTable))
        assert "Values" in labels and "Pairs" not in labels and "Open" in labels
        fields = app.screen.query_one("#fields", DataTable)
        used = sum(c.get_render_width(fields) for c in fields.columns.values())
        assert used <= fields.size.width  # "Open" is not cut
        await pilot.press("a")
        while not isinstance(app.screen, DisagreementScreen):
            await pilot.pause()
        table = app.screen.query_one(ValueTable)
        while not table.row_fields:
            await pilot.pause()
        assert table.cell < len("1 alice")
        assert table.header_height == 2
        assert _labels(table)[2:5] == ["1\nalice", "2\nann", "3\nben"]
