"""The coders-vs-gold panel (`v` on the review dashboard): each coder's agreement with the gold
values per field, from three real coder databases and a gold.json written by the walk's keys; the
figures follow the decisions and equal `coder compare --against gold`'s."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from coder.cli import main
from coder.tui.review.app import ReviewApp
from coder.tui.review.dashboard import ReviewDashboard
from coder.tui.review.disagreements import DisagreementScreen
from coder.tui.review.vs_gold import GoldAgreementScreen
from tests.gold_three import A000, three_coder_project
from tests.tui.helpers import press, wait_for
from tests.tui.review_helpers import loaded


def cell(screen: GoldAgreementScreen, field: str, coder: str) -> str:
    """The panel's cell of `field` (its row label) and `coder` (its column), as text."""
    table = screen.query_one(DataTable)
    assert screen.result is not None
    col = 1 + screen.result.coders.index(coder)
    for r in range(table.row_count):
        row = table.get_row_at(r)
        if str(row[0]).removeprefix("· ").removesuffix(" *") == field:
            return " ".join(str(row[col]).split())
    raise AssertionError(f"no row {field!r}")


def panel(app: ReviewApp) -> GoldAgreementScreen:
    assert isinstance(app.screen, GoldAgreementScreen), app.screen
    return app.screen


def computed(app: Any, ready: Any = lambda r: True) -> bool:
    s = app.screen
    return isinstance(s, GoldAgreementScreen) and s.result is not None and ready(s.result)


async def settle_three(pilot: Pilot[Any]) -> None:
    """The lead's first three decisions in the walk: geo_precision ben's 2, event_type and
    sub_event_type ann's (explosions, shelling)."""
    await loaded(pilot)
    await press(pilot, "a", "2", "1", "1", "escape")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ReviewDashboard), what="dashboard")


def cli_against_gold(project_root: Path, tmp_path: Path) -> dict[str, Any]:
    out = tmp_path / "against.json"
    args = ["compare", "--against", "gold", "--format", "json", "--out", str(out)]
    assert main([*args, "--project", str(project_root)]) == 0
    data: dict[str, Any] = json.loads(out.read_text("utf-8"))
    return data


async def test_panel_shows_each_coder_against_gold_and_follows_decisions(tmp_path: Path) -> None:
    project = three_coder_project(tmp_path)
    app = ReviewApp(project, None, "lea", bootstrap=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await press(pilot, "v")  # before any decision: says what to do
        await wait_for(
            pilot,
            lambda: (
                "No gold decisions yet"
                in str(app.screen.query_one("#vs-gold-notes", Static).render())
            ),
            what="the empty panel",
        )
        await press(pilot, "escape")
        await settle_three(pilot)
        await press(pilot, "v")
        await wait_for(pilot, lambda: computed(app), what="the panel computed")
        screen = panel(app)
        # ann gave geo_precision 1 at 000 (gold: ben's 2), cai too; 5 incident units have gold
        assert cell(screen, "geo_precision", "ann").endswith("80% n5")
        assert cell(screen, "geo_precision", "ben").endswith("1.000 100% n5")
        assert cell(screen, "event_type", "ann").endswith("1.000 100% n5")
        labels = [str(screen.query_one(DataTable).get_row_at(r)[0]) for r in range(5, 12)]
        assert "· event_type *" in labels  # aligns incidents: marked, left out of the mean
        assert cell(screen, "event_type", "cai").endswith("80% n5")
        # attack_type at 000 is unsettled (no gold value): 2 units, both agreed by all
        assert cell(screen, "attack_type", "ann").endswith("100% n2")
        # the figures are `coder compare --against gold`'s
        cli = cli_against_gold(project.root, tmp_path)
        assert screen.result is not None
        for coder in ("ann", "ben", "cai"):
            mine = {(f["scope"], f["field"]): f for f in cli["coders"][coder]["fields"]}
            vs = screen.result.results[screen.result.coders.index(coder)]
            for (scope, name), f in mine.items():
                alpha, pa, units = vs.field(scope, name)
                assert (None if alpha is None else round(alpha, 4)) == f["alpha"], (coder, name)
                assert (None if pa is None else round(pa, 4)) == f["percent_agreement"]
                assert units == f["units"]
        geo = next(f for f in cli["coders"]["ann"]["fields"] if f["field"] == "geo_precision")
        assert geo["percent_agreement"] == 0.8 and geo["units"] == 5

        # enter on attack_type opens its disagreements; cai's 2 settles it; back: recomputed
        table = screen.query_one(DataTable)
        rows = [str(table.get_row_at(r)[0]) for r in range(table.row_count)]
        table.move_cursor(row=rows.index("· attack_type"))
        await press(pilot, "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DisagreementScreen), what="walk")
        walk = app.screen
        assert isinstance(walk, DisagreementScreen)
        assert (walk.item.unit.article, walk.item.field) == (A000, "attack_type")
        await press(pilot, "3", "escape")
        await wait_for(
            pilot,
            lambda: computed(app, lambda r: r.results[0].field("incident", "attack_type")[2] == 3),
            what="the panel recomputed after the decision",
        )
        assert cell(panel(app), "attack_type", "ann").endswith("67% n3")  # 2 of 3 now
        assert cell(panel(app), "attack_type", "cai").endswith("100% n3")  # no variation: alpha —
        await pilot.press("ctrl+q")


async def test_panel_is_in_the_command_palette(tmp_path: Path) -> None:
    project = three_coder_project(tmp_path)
    app = ReviewApp(project, None, "lea", bootstrap=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle_three(pilot)
        await press(pilot, "ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette), what="palette")
        await press(pilot, *"vs gold")

        def listed() -> bool:
            commands = app.screen.query_one(CommandList)
            return any(
                "Coders vs gold (v)" in str(commands.get_option_at_index(i).prompt)
                for i in range(commands.option_count)
            )

        await wait_for(pilot, listed, what="the palette lists the panel")
        await press(pilot, "enter")
        await wait_for(pilot, lambda: computed(app), what="the panel from the palette")
        await pilot.press("ctrl+q")
