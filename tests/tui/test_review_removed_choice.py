"""A choice removed from the codebook cannot be taken into gold, at the article level too.

Incident values compare excluded never reached the walk; article values were read from the raw
records, so review's `1` took ann's `relevant: unclear` (removed) into gold.json, the gold export
wrote it and `coder import` refused the file.
"""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import DataTable, Static

from coder.cli import main
from coder.gold.store import GoldStore, gold_path
from coder.tui.review.app import ReviewApp
from coder.tui.review.dashboard import ReviewDashboard
from coder.tui.review.disagreements import DisagreementScreen
from coder.tui.review.value_table import ValueTable
from tests.gold_three import A003, Lines, drop_choice, line_of, three_coder_project
from tests.tui.helpers import press, wait_for
from tests.tui.review_helpers import loaded


def _relevant_disputed(lines: Lines) -> None:
    line_of(lines, "ann", A003)["values"]["relevant"] = "unclear"
    cai = line_of(lines, "cai", A003)  # "No codable incident": then none coded, as the codebook
    cai["values"]["relevant"] = "not_reported"  # wants (incidents_only_when)
    cai["incidents"], cai["status"] = [], "no_incident"


def _decisions(path: Path) -> dict[tuple[str, str], object]:
    if not path.exists():
        return {}
    data = json.loads(path.read_text("utf-8"))
    return {(d["unit"], d["field"]): d["value"] for d in data["decisions"].values()}


async def test_taking_a_removed_article_choice_is_refused(tmp_path: Path) -> None:
    project = three_coder_project(tmp_path, _relevant_disputed)
    drop_choice(project, "unclear")
    gold = gold_path(project.data_dir)
    app = ReviewApp(project, None, "lea", bootstrap=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        dash = app.screen
        assert isinstance(dash, ReviewDashboard)
        table = dash.query_one("#fields", DataTable)
        table.move_cursor(row=dash._row_fields.index("relevant"))
        await press(pilot, "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DisagreementScreen), what="walk")
        walk = app.screen
        assert isinstance(walk, DisagreementScreen)
        assert (walk.item.unit.article, walk.item.field) == (A003, "relevant")
        await press(pilot, "1")  # ann's: a choice the codebook no longer has
        assert (A003, "relevant") not in _decisions(gold)
        await wait_for(
            pilot,
            lambda: any(
                "not a choice of the current codebook" in n.message for n in app._notifications
            ),
            what="the refusal",
        )
        values = walk.query_one(ValueTable)
        cells = [str(c) for c in values.get_row_at(values.row_fields.index("relevant"))]
        assert "⊘ unclear" in cells  # ann's stored value, shown as excluded
        info = " ".join(str(walk.query_one("#walk-info", Static).render()).split())
        assert "1 ann unclear (not a choice of the codebook: excluded)" in info
        await press(pilot, "2")  # ben's `reported` is valid
        await wait_for(pilot, lambda: _decisions(gold).get((A003, "relevant")) == "reported")
        await pilot.press("ctrl+q")


def test_export_and_check_refuse_a_gold_decision_on_a_removed_article_choice(
    tmp_path: Path, capsys: object
) -> None:
    """A gold.json written before the fix (or before the choice was removed) keeps the value:
    the export leaves it out and says so, `coder check` names it."""
    project = three_coder_project(tmp_path, _relevant_disputed)
    with GoldStore.open(gold_path(project.data_dir), "lea") as store:
        store.decide(A003, "relevant", "unclear", ["ann"], {"ann": "unclear", "ben": "reported",
                                                           "cai": "not_reported"})  # fmt: skip
    drop_choice(project, "unclear")
    out = tmp_path / "gold.jsonl"
    args = ["export", "--gold", "--format", "jsonl", "--out", str(out)]
    assert main([*args, "--project", str(project.root)]) == 0
    err = capsys.readouterr().err  # type: ignore[attr-defined]
    rows = [json.loads(x) for x in out.read_text("utf-8").splitlines()]
    a003 = next(r for r in rows if r["article"] == A003)
    assert "unclear" not in json.dumps(a003)
    assert "relevant: 'unclear'" in err and "no longer accepts" in err
    assert main(["check", "--project", str(project.root)]) != 0
    flat = " ".join(capsys.readouterr().out.split())  # type: ignore[attr-defined]
    assert "gold.json: error:" in flat and "relevant: gold value 'unclear' is not one of" in flat
