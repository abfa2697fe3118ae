"""Pilot tests of a whole adjudication: dashboard, walk, take/edit/drop/flag, quit mid-way,
resume at the first unsettled disagreement, finish, then `coder export --gold`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rich.text import Text
from textual.widgets import DataTable, Static

from coder.cli import main
from coder.gold import EDITED, INCIDENT, gold_path
from coder.tui.review_app import ReviewApp
from coder.tui.screens.disagreements import DisagreementScreen
from coder.tui.screens.prompt import PromptScreen
from coder.tui.screens.review_dashboard import ReviewDashboard
from coder.tui.widgets.ci_bar import ci_bar, verdict_colour
from tests.gold_data import A000, A001, A002, A003
from tests.tui.helpers import run_async
from tests.tui.review_helpers import loaded, review_project


def header(app: ReviewApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def gold_on_disk(path: Path) -> dict[tuple[str, str], dict[str, Any]]:
    data = json.loads(path.read_text("utf-8"))
    return {(d["unit"], d["field"]): d for d in data["decisions"].values()}


def walk(app: ReviewApp) -> DisagreementScreen:
    assert isinstance(app.screen, DisagreementScreen), app.screen
    return app.screen


@run_async
async def test_whole_adjudication(tmp_path: Path) -> None:
    project = review_project(tmp_path)
    gold = gold_path(project.data_dir)

    app = ReviewApp(project, None, "lea", bootstrap=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        assert isinstance(app.screen, ReviewDashboard)
        assert "0 of 8 disagreements settled" in header(app, "#review-header")
        assert app.screen.query_one("#fields", DataTable).row_count > 20
        await pilot.press("a")
        screen = walk(app)
        item = screen.item
        assert (item.unit.article, item.field) == (A000, "geo_precision")
        await pilot.press("2")  # ben's geo_precision
        await pilot.press("u", "1")  # event_type: ann's
        await pilot.press("u", "1")  # sub_event_type: ann's
        await pilot.press("u")
        assert screen.item.field == "attack_type"
        await pilot.press("e")
        assert isinstance(app.screen, PromptScreen)
        await pilot.press("x", "y", "enter")  # refused: not a choice
        assert isinstance(app.screen, PromptScreen)
        await pilot.press("backspace", "backspace", "3", "enter")
        await pilot.pause()
        assert "4 of 8 settled" in header(app, "#walk-header")
        await pilot.press("ctrl+q")  # quit mid-way

    decided = gold_on_disk(gold)
    assert len(decided) == 4
    unit000 = next(k[0] for k in decided if k[0].startswith(A000))
    geo = decided[(unit000, "geo_precision")]
    assert geo["value"] == 2 and geo["source"] == ["ben"] and geo["by"] == "lea"
    assert geo["based_on"] == {"ann": 1, "ben": 2}
    attack = decided[(unit000, "attack_type")]
    assert attack["value"] == 3 and attack["source"] == EDITED

    app = ReviewApp(project, None, "lea", bootstrap=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        assert "4 of 8 disagreements settled" in header(app, "#review-header")
        await pilot.press("a")
        screen = walk(app)
        assert (screen.item.unit.article, screen.item.field) == (A001, "arrested")  # resumed
        await pilot.press("1")
        await pilot.press("u")
        assert (screen.item.unit.article, screen.item.field) == (A002, INCIDENT)
        await pilot.press("x")  # ben's background incident is not an incident
        await pilot.press("f")
        await pilot.press(*"July attack is background", "enter")
        await pilot.press("u")
        assert (screen.item.unit.article, screen.item.field) == (A003, "injured")
        await pilot.press("1", "u", "2")  # injured: ann's 2; certainty: ben's medium
        await pilot.pause()
        assert "8 of 8 settled" in header(app, "#walk-header")
        await pilot.press("escape")
        await pilot.pause()
        assert "8 of 8 disagreements settled" in header(app, "#review-header")
        assert "July attack" in header(app, "#notes")
        await pilot.press("ctrl+q")

    data = json.loads(gold.read_text("utf-8"))
    assert len(data["decisions"]) == 8
    (flag,) = data["flags"].values()
    assert flag["note"] == "July attack is background" and flag["unit"].startswith(A002)
    dropped = next(d for d in data["decisions"].values() if d["field"] == INCIDENT)
    assert dropped["value"] is False and dropped["source"] == ["ann"]

    out = tmp_path / "gold.jsonl"
    args = ["export", "--gold", "--project", str(project.root), "--format", "jsonl"]
    assert main([*args, "--out", str(out)]) == 0
    lines = {x["article"]: x for x in map(json.loads, out.read_text("utf-8").splitlines())}
    assert len(lines) == 5 and {x["coder"] for x in lines.values()} == {"gold"}
    topzawa = lines[A000]["incidents"][0]
    assert (topzawa["geo_precision"], topzawa["event_type"], topzawa["attack_type"]) == (
        2, "explosions_remote_violence", 3,
    )  # fmt: skip
    assert lines[A001]["incidents"][0]["arrested"] == 2
    assert len(lines[A002]["incidents"]) == 1
    outpost = lines[A003]["incidents"][0]
    assert (outpost["certainty"], outpost["injured"]) == ("medium", 2)


@run_async
async def test_undo_and_accept_agreed(tmp_path: Path) -> None:
    project = review_project(tmp_path)
    app = ReviewApp(project, ["ann", "ben"], "lea", bootstrap=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("a", "1")
        assert len(app.session.gold.decisions()) == 1  # type: ignore[union-attr]
        await pilot.press("backspace")
        assert app.session.gold.decisions() == {}  # type: ignore[union-attr]
        await pilot.press("a")  # accept the values both coders gave alike
        decisions = app.session.gold.decisions()  # type: ignore[union-attr]
        fields = {f for _, f in decisions}
        assert {"event_date", "province", "perpetrator"} <= fields
        assert not fields & {"geo_precision", "event_type", "notes"}
        await pilot.press("ctrl+q")


@run_async
async def test_nothing_to_compare_is_said_not_crashed(tmp_path: Path) -> None:
    project = review_project(tmp_path)
    app = ReviewApp(project, ["ann"], "lea", bootstrap=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        assert "at least two coders" in header(app, "#load-error")
        await pilot.press("escape")


def test_ci_bar_draws_thresholds_estimate_and_range() -> None:
    text = ci_bar(0.75, (0.6, 0.9), 21)
    assert isinstance(text, Text) and len(text.plain) == 21
    assert text.plain.index("●") == 15 and text.plain[12] == "├" and text.plain[18] == "┤"
    assert text.plain[16] == "┼"  # the .800 threshold inside the range
    assert [verdict_colour(a) for a in (0.81, 0.7, 0.5, None)] == [
        "green", "yellow", "red", "bright_black",
    ]  # fmt: skip
