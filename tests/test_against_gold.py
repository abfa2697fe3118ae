"""`coder compare --against gold`: each coder's agreement with the adjudicated values."""

from __future__ import annotations

import json

import pytest

from coder.cli import main
from coder.gold.against import against_gold
from coder.gold.store import GoldStore, gold_path
from coder.project import Project
from tests.gold_data import A001, A003
from tests.test_gold import adjudication, project, unit_of

__all__ = ["project"]


def _decide(project: Project) -> None:
    """Lea takes ann's arrests in the Daquq raid and ben's certainty for 003, and types 003's
    injured (neither coder's value)."""
    adj = adjudication(project)
    with GoldStore.open(gold_path(project.data_dir), "lea") as gold:
        u1 = adj.units[unit_of(adj, A001)]
        gold.decide(u1.key, "arrested", 2, ["ann"], u1.based_on("arrested"))
        u3 = adj.units[unit_of(adj, A003)]
        gold.decide(u3.key, "injured", 3, "edited", u3.based_on("injured"))
        gold.decide(u3.key, "certainty", u3.value("ben", "certainty"), ["ben"],
                    u3.based_on("certainty"))  # fmt: skip


def test_no_gold_yet_is_a_clear_error(project: Project, capsys: pytest.CaptureFixture[str]):
    assert main(["compare", "--project", str(project.root), "--against", "gold"]) == 2
    err = capsys.readouterr().err
    assert "no gold set yet" in err and "coder review" in err


def test_each_coder_against_gold(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    _decide(project)
    result = against_gold(project)
    ann, ben = result.results
    assert (ann.coder, ben.coder) == ("ann", "ben")
    assert result.articles == 4  # 004 was coded by ann alone: not adjudicated, not compared
    assert ann.articles == ben.articles == 4
    # arrests: gold took ann's 2 in 001 (and the coders agree on Fallujah's)
    assert ann.field("incident", "arrested")[1] == 1.0
    assert ben.field("incident", "arrested")[1] < 1.0
    # certainty of 003: ben's; injured of 003: typed, neither coder's
    assert ben.field("incident", "certainty")[1] > ann.field("incident", "certainty")[1]
    _, injured_pa, units = ann.field("incident", "injured")
    assert units >= 1 and injured_pa is not None and injured_pa < 1.0
    # ben's background incident in 002 is not in the gold set while undecided
    assert ann.detection_f1 == 1.0 and ben.detection_f1 is not None and ben.detection_f1 < 1.0

    assert main(["compare", "--project", str(project.root), "--against", "gold",
                 "--format", "json"]) == 0  # fmt: skip
    js = json.loads(capsys.readouterr().out)
    assert js["reference"] == "gold" and set(js["coders"]) == {"ann", "ben"}
    rows = {f["field"]: f for f in js["coders"]["ann"]["fields"] if f["scope"] == "incident"}
    assert rows["arrested"]["percent_agreement"] == 1.0
    assert js["unsettled"] == result.unsettled > 0

    out = project.root / "vs_gold.md"
    args = ["compare", "--project", str(project.root), "--against", "gold", "--format",
            "markdown", "--out", str(out)]  # fmt: skip
    assert main(args) == 0
    md = out.read_text(encoding="utf-8")
    assert "| variable | ann | ben |" in md and "| incident.arrested | " in md

    assert main(["compare", "--project", str(project.root), "--against", "gold"]) == 0
    table = capsys.readouterr().out
    assert "incident detection F1" in table and "4 adjudicated articles" in table
