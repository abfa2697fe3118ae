"""Pilot tests of a whole adjudication: dashboard, walk, take/edit/drop/flag, quit mid-way,
resume at the first unsettled disagreement, finish, then `coder export --gold`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import events
from textual.command import CommandList, CommandPalette
from textual.widgets import DataTable, Input, Static

from coder.cli import main
from coder.gold.store import EDITED, INCIDENT, GoldStore, gold_path
from coder.tui.dialogs.prompt import PromptScreen
from coder.tui.review.app import ReviewApp
from coder.tui.review.article import ReviewArticleView
from coder.tui.review.ci_bar import ci_bar, verdict_colour
from coder.tui.review.dashboard import ReviewDashboard
from coder.tui.review.disagreements import DisagreementScreen
from coder.tui.review.value_table import ValueTable
from tests.gold_data import A000, A001, A002, A003
from tests.tui.helpers import keys_handled, press, wait_for
from tests.tui.review_helpers import loaded, review_project


def header(app: ReviewApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def gold_on_disk(path: Path) -> dict[tuple[str, str], dict[str, Any]]:
    data = json.loads(path.read_text("utf-8"))
    return {(d["unit"], d["field"]): d for d in data["decisions"].values()}


def walk(app: ReviewApp) -> DisagreementScreen:
    assert isinstance(app.screen, DisagreementScreen), app.screen
    return app.screen


async def test_whole_adjudication(tmp_path: Path) -> None:
    project = review_project(tmp_path)
    gold = gold_path(project.data_dir)

    app = ReviewApp(project, None, "lea", bootstrap=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        assert isinstance(app.screen, ReviewDashboard)
        assert "0 of 8 disagreements settled" in header(app, "#review-header")
        assert app.screen.query_one("#fields", DataTable).row_count > 20
        await press(pilot, "a")
        screen = walk(app)
        at = lambda: (screen.item.unit.article, screen.item.field)  # noqa: E731
        assert at() == (A000, "geo_precision")
        await press(pilot, "2")  # ben's geo_precision; the walk moves on by itself
        assert at() == (A000, "event_type")
        await press(pilot, "1")  # ann's
        assert at() == (A000, "sub_event_type")
        await press(pilot, "1")
        assert at() == (A000, "attack_type")
        await press(pilot, "e")
        assert isinstance(app.screen, PromptScreen)
        await press(pilot, "x", "y", "enter")  # refused: not a choice
        assert isinstance(app.screen, PromptScreen)
        await press(pilot, "backspace", "backspace", "3", "enter")
        await pilot.pause()
        assert at() == (A001, "arrested")
        assert "4 of 8 settled" in header(app, "#walk-header")
        await press(pilot, "p")  # by hand: back to the typed value, which stays settled
        assert at() == (A000, "attack_type") and "decided" in header(app, "#walk-header")
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
        await press(pilot, "a")
        screen = walk(app)
        assert at() == (A001, "arrested")  # resumed
        await press(pilot, "1")
        assert at() == (A002, INCIDENT)
        await press(pilot, "f")  # a flag is not a decision: the walk stays
        await press(pilot, *"July attack is background", "enter")
        assert at() == (A002, INCIDENT)
        await press(pilot, "x")  # ben's background incident is not an incident
        assert at() == (A003, "injured")
        await press(pilot, "1")  # injured: ann's 2
        assert at() == (A003, "certainty")
        await press(pilot, "2")  # certainty: ben's medium, the last one
        await pilot.pause()
        assert at() == (A003, "certainty")  # nothing left to move to
        assert "all 8 settled" in header(app, "#walk-header")
        assert "Every disagreement here is settled" in header(app, "#walk-info")
        await press(pilot, "escape")
        await pilot.pause()
        assert "all 8 disagreements settled" in header(app, "#review-header")
        assert "July attack" in header(app, "#notes")
        await press(pilot, "g")  # export from the app: the same file as `coder export --gold`
        assert isinstance(app.screen, PromptScreen)
        await press(pilot, "enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("ctrl+q")

    data = json.loads(gold.read_text("utf-8"))
    assert len(data["decisions"]) == 8
    (flag,) = data["flags"].values()
    assert flag["note"] == "July attack is background" and flag["unit"].startswith(A002)
    dropped = next(d for d in data["decisions"].values() if d["field"] == INCIDENT)
    assert dropped["value"] is False and dropped["source"] == ["ann"]

    args = ["export", "--gold", "--project", str(project.root)]
    assert main([*args, "--out", str(tmp_path / "cli.csv")]) == 0
    in_app = project.root / "gold.csv"
    assert in_app.read_bytes() == (tmp_path / "cli.csv").read_bytes()
    out = tmp_path / "gold.jsonl"
    assert main([*args, "--format", "jsonl", "--out", str(out)]) == 0
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


async def test_undo_and_accept_agreed(tmp_path: Path) -> None:
    project = review_project(tmp_path)
    app = ReviewApp(project, ["ann", "ben"], "lea", bootstrap=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await press(pilot, "a", "1")
        assert len(app.session.gold.decisions()) == 1  # type: ignore[union-attr]
        assert walk(app).item.field == "event_type"  # moved on
        await press(pilot, "backspace")  # no decision on this row: undo the last one, go back
        assert app.session.gold.decisions() == {}  # type: ignore[union-attr]
        assert walk(app).item.field == "geo_precision"
        assert walk(app).query_one(ValueTable).current_field == "geo_precision"
        await press(pilot, "backspace")  # nothing left to undo
        assert app.session.gold.decisions() == {}  # type: ignore[union-attr]
        await press(pilot, "a")  # accept the values both coders gave alike
        decisions = app.session.gold.decisions()  # type: ignore[union-attr]
        fields = {f for _, f in decisions}
        assert {"event_date", "province", "perpetrator"} <= fields
        assert not fields & {"geo_precision", "event_type", "notes"}
        await pilot.press("ctrl+q")


async def test_nothing_to_compare_is_said_not_crashed(tmp_path: Path) -> None:
    project = review_project(tmp_path)
    app = ReviewApp(project, ["ann"], "lea", bootstrap=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        assert "at least two coders" in header(app, "#load-error")
        await press(pilot, "escape")


def test_ci_bar_draws_thresholds_estimate_and_range() -> None:
    text = ci_bar(0.75, (0.6, 0.9), 21)
    assert isinstance(text, Text) and len(text.plain) == 21
    assert text.plain.index("●") == 15 and text.plain[12] == "├" and text.plain[18] == "┤"
    assert text.plain[16] == "┼"  # the .800 threshold inside the range
    assert [verdict_colour(a) for a in (0.81, 0.7, 0.5, None)] == [
        "green", "yellow", "red", "bright_black",
    ]  # fmt: skip


async def test_field_that_no_longer_applies_needs_no_decision(tmp_path: Path) -> None:
    """Typing a gold perpetrator of state forces makes attack_type (when: non-state perpetrator)
    not applicable: counted settled, shown n/a, and open again once that decision is undone."""
    project = review_project(tmp_path)
    app = ReviewApp(project, None, "lea", bootstrap=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await press(pilot, "a", "n", "n", "n")
        screen = walk(app)
        assert screen.item.field == "attack_type"
        table = screen.query_one(ValueTable)
        table.focus_field("perpetrator")
        await press(pilot, "e")
        prompt = app.screen
        assert isinstance(prompt, PromptScreen)
        prompt.query_one(Input).value = "state_forces"
        await press(pilot, "enter")
        await pilot.pause()
        assert (screen.item.unit.article, screen.item.field) == (A001, "arrested")  # moved on
        assert "1 of 8 settled" in header(app, "#walk-header")
        await press(pilot, "p")
        assert screen.item.field == "attack_type"
        assert "not applicable" in header(app, "#walk-header")
        row = table.row_fields.index("attack_type")
        gold_cell = table.get_row_at(row)[-1]
        assert gold_cell.plain.startswith("∅") and "n/a" in gold_cell.plain
        table.focus_field("perpetrator")
        await press(pilot, "backspace")
        await pilot.pause()
        assert "0 of 8 settled" in header(app, "#walk-header")
        assert "open" in header(app, "#walk-header")
        await pilot.press("ctrl+q")


async def test_article_pane_scrolls_to_each_coders_quote_in_their_colour(tmp_path: Path) -> None:
    project = review_project(tmp_path)
    app = ReviewApp(project, None, "lea", bootstrap=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await press(pilot, "a")
        await pilot.pause()
        screen = walk(app)
        text = screen.query_one(ReviewArticleView).review_text
        names = {name for row in text._highlights.values() for *_, name in row}
        assert names == {"coder.quote.1", "coder.quote.2"}  # ann and ben quote different lines
        ann = text.location_of("Islamic State (ISIS) remnants fired at least five mortar")
        ben = text.location_of("Late on Thursday night, ISIS shelled Topzawa")
        assert ann is not None and ben is not None and ben[0] > ann[0]
        assert text.scroll_offset.y <= text.wrapped_document.location_to_offset(ann).y
        await press(pilot, "o")  # the next coder's quote
        await pilot.pause()
        y_ben = text.wrapped_document.location_to_offset(ben).y
        assert text.scroll_offset.y > 0
        assert text.scroll_offset.y <= y_ben < text.scroll_offset.y + text.size.height
        await press(pilot, "n", "n", "n", "n")  # A001: both quote the same passage, scrolled to
        await pilot.pause()
        assert screen.item.unit.article == A001
        names = {name for row in text._highlights.values() for *_, name in row}
        assert names == {"coder.quote.shared"}
        (row, col) = text.location_of(str(screen.item.unit.value("ann", "evidence"))) or (0, 0)
        y = text.wrapped_document.location_to_offset((row, col)).y
        assert text.scroll_offset.y <= y < text.scroll_offset.y + text.size.height
        await pilot.press("ctrl+q")


async def test_coding_apps_palette_command_opens_the_review(tmp_path: Path) -> None:
    from coder.tui.coding.app import CoderApp

    project = review_project(tmp_path)
    app = CoderApp(project, "lea")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await press(pilot, "ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette), what="palette")
        await press(pilot, *"Review agreement")

        def found() -> bool:
            palette = app.screen
            assert isinstance(palette, CommandPalette)
            commands = palette.query_one(CommandList)
            return bool(
                palette._list_visible
                and commands.option_count
                and "Review agreement" in str(commands.get_option_at_index(0).prompt)
            )

        await wait_for(pilot, found, what="the palette lists the command")
        await press(pilot, "enter")
        await loaded(pilot)
        assert isinstance(app.screen, ReviewDashboard)
        assert "0 of 8 disagreements settled" in header(app, "#review-header")
        assert "lead lea" in header(app, "#review-header")
        await press(pilot, "escape")  # back to coding, the gold lock released
        await pilot.pause()
        assert not isinstance(app.screen, ReviewDashboard)
        with GoldStore.open(gold_path(project.data_dir), "max"):
            pass
        await pilot.press("ctrl+q")


def burst(app: ReviewApp, keys: str) -> None:
    """Queue every key at once (a lead who knows the keys, an SSH burst): none waits for the
    screen to react to the one before, so a key that opens the walk or moves it on must not
    make the next keys land on the wrong row (the app routes keys one at a time: key_gate)."""
    for key in keys:
        # on the App's queue now, as the driver puts a burst it read
        app.post_message(events.Key("enter", "\r") if key == "\r" else events.Key(key, key))


async def test_a_burst_of_decision_keys_lands_on_the_right_rows(tmp_path: Path) -> None:
    project = review_project(tmp_path)
    app = ReviewApp(project, None, "lea", bootstrap=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        assert isinstance(app.screen, ReviewDashboard)
        # a: open the walk at geo_precision; 2: ben's (moves on to event_type); 1: ann's
        # (moves on to sub_event_type); 1: ann's (moves on to attack_type); e: a prompt opens,
        # 3 is typed into it, enter saves it and moves on to A001; 2 takes ben's there.
        burst(app, "a211e3\r2")
        await keys_handled(pilot)
        screen = walk(app)
        assert screen.item.unit.article != A000
        await pilot.press("ctrl+q")
    decided = gold_on_disk(gold_path(project.data_dir))
    assert [(unit[: len(A001)], field) for unit, field in decided if not unit.startswith(A000)] == [
        (A001, "arrested")
    ]
    taken = {field: (d["value"], d["source"]) for (unit, field), d in decided.items()}
    assert set(taken) == {
        "geo_precision",
        "event_type",
        "sub_event_type",
        "attack_type",
        "arrested",
    }
    assert taken["geo_precision"] == (2, ["ben"])
    assert taken["attack_type"] == (3, EDITED)
    assert taken["arrested"][1] == ["ben"]
    assert taken["event_type"][1] == ["ann"]
    assert taken["sub_event_type"][1] == ["ann"]
