"""The gold export's provenance columns (coder.gold.export); `coder import` reads it back."""

from __future__ import annotations

import csv
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from coder.exchange.importer import ImportFailed, import_file
from coder.gold.build import build_gold_records
from coder.gold.publish import write_gold
from coder.gold.store import INCIDENT, GoldStore, gold_path
from coder.project import Project
from tests.gold_data import A000, A001, A002, A003, A004
from tests.test_gold import adjudication, project, unit_of

__all__ = ["project"]  # the fixture, shared with test_gold


def _decide(project: Project, drop_extra: bool = False) -> None:
    """Lea takes ann's count of arrests in the Daquq raid (001 incident 1), types the injured of
    003, and (optionally) drops ben's background incident in 002; the rest stays open."""
    adj = adjudication(project)
    with GoldStore.open(gold_path(project.data_dir), "lea") as gold:
        u1 = adj.units[unit_of(adj, A001)]
        gold.decide(u1.key, "arrested", 2, ["ann"], u1.based_on("arrested"))
        u3 = adj.units[unit_of(adj, A003)]
        gold.decide(u3.key, "injured", 3, "edited", u3.based_on("injured"))
        if drop_extra:
            extra = next(u for u in adj.by_article[A002][1:] if len(u.members) == 1)
            gold.accept_incident(extra.key, False, extra.based_on(INCIDENT))


def _csv_rows(path: Path) -> dict[tuple[str, str], dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return {(r["article"], r["incident"]): r for r in csv.DictReader(f)}


def test_csv_provenance_per_row(project: Project) -> None:
    _decide(project)
    out = project.root / "gold.csv"
    write_gold(project, "csv", str(out))
    header = out.read_text("utf-8").splitlines()[0].split(",")
    assert header[-8:] == [
        "gold_source", "gold_decided", "gold_unsettled", "gold_flag", "gold_incident_source",
        "gold_incident_decided", "gold_incident_unsettled", "gold_incident_flag",
    ]  # fmt: skip
    assert header[:3] == ["coder", "article", "status"]  # the usual layout comes first
    rows = _csv_rows(out)

    def prov(article: str, incident: str, level: str = "incident_") -> tuple[str, str, str]:
        """The row's incident provenance (level "": the article's)."""
        r = rows[(article, incident)]
        return r[f"gold_{level}source"], r[f"gold_{level}decided"], r[f"gold_{level}unsettled"]

    assert prov(A004, "1") == ("single coder: ann", "", "")
    assert prov(A001, "2") == ("agreed", "", "")  # Fallujah arrests: the coders agree
    assert prov(A001, "1") == ("adjudicated", "arrested", "")  # ann's value taken
    assert rows[(A001, "1")]["arrested"] == "2"
    source, decided, unsettled = prov(A003, "1")
    assert (source, decided) == ("unsettled", "injured")  # typed value counts as decided
    assert unsettled.split(";") == ["certainty"] and rows[(A003, "1")]["certainty"] == ""
    source, decided, unsettled = prov(A000, "1")
    assert source == "unsettled" and decided == ""
    assert {"event_type", "sub_event_type", "geo_precision"} <= set(unsettled.split(";"))
    assert all(rows[(A000, "1")][f] == "" for f in unsettled.split(";"))
    # ben's background incident is left out while undecided: the article's columns say so,
    # the agreed sniper incident's own columns do not
    assert prov(A002, "1", "") == ("unsettled", "", "incident")
    assert prov(A002, "1") == ("agreed", "", "")
    assert prov(A001, "1", "") == ("agreed", "", "")  # article-level values: no disagreement


def test_dropping_an_incident_is_a_decision(project: Project) -> None:
    _decide(project, drop_extra=True)
    out = project.root / "gold.csv"
    write_gold(project, "csv", str(out))
    row = _csv_rows(out)[(A002, "1")]
    assert (row["gold_source"], row["gold_decided"]) == ("adjudicated", "incident")
    # the drop is the article's decision, not the kept sniper incident's
    assert (row["gold_incident_source"], row["gold_incident_decided"]) == ("agreed", "")


def test_flags_reach_the_export(project: Project) -> None:
    adj = adjudication(project)
    with GoldStore.open(gold_path(project.data_dir), "lea") as gold:
        gold.flag(unit_of(adj, A000), "codebook: shelling vs clash unclear")
    out = project.root / "gold.csv"
    write_gold(project, "csv", str(out))
    rows = _csv_rows(out)
    assert rows[(A000, "1")]["gold_incident_flag"] == "codebook: shelling vs clash unclear"
    assert rows[(A000, "1")]["gold_flag"] == ""
    assert rows[(A001, "1")]["gold_incident_flag"] == ""


def test_jsonl_provenance(project: Project) -> None:
    _decide(project)
    out = project.root / "gold.jsonl"
    write_gold(project, "jsonl", str(out))
    lines = {o["article"]: o for o in map(json.loads, out.read_text("utf-8").splitlines())}
    assert lines[A004]["gold"]["source"] == "single coder: ann"
    daquq = lines[A001]["gold"]["incidents"][0]
    assert daquq["id"] == lines[A001]["incidents"][0]["id"]
    assert (daquq["source"], daquq["decided"], daquq["unsettled"]) == (
        "adjudicated",
        ["arrested"],
        [],
    )
    assert lines[A001]["gold"]["incidents"][1]["source"] == "agreed"
    assert lines[A002]["gold"]["unsettled"] == ["incident"]
    assert "certainty" in lines[A003]["gold"]["incidents"][0]["unsettled"]


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_gold_export_imports_back(project: Project, fmt: str) -> None:
    """`coder import` of a gold export reads past the provenance and gives the gold records.
    Half-settled, it is refused (required fields left empty), naming the open fields."""
    _decide(project, drop_extra=True)
    out = project.root / f"gold.{fmt}"
    write_gold(project, fmt, str(out))
    with pytest.raises(ImportFailed, match="event_type: is required"):
        import_file(project, out, "goldset")
    adj = adjudication(project)
    with GoldStore.open(gold_path(project.data_dir), "lea") as gold:
        fresh = adj.fresh(gold.decisions())
        for item in adj.items():  # settle the rest: ann's value each time
            if not adj.is_settled(item, fresh):
                unit = item.unit
                gold.decide(
                    unit.key,
                    item.field,
                    unit.value("ann", item.field),
                    ["ann"],
                    unit.based_on(item.field),
                )
                fresh = adj.fresh(gold.decisions())
    write_gold(project, fmt, str(out))
    text = out.read_text("utf-8")
    assert '"source": "unsettled"' not in text and ",unsettled," not in text
    records = project.load_records()
    with GoldStore.open(gold_path(project.data_dir), "", readonly=True) as gold:
        expected = build_gold_records(adj.report, records, adj.codebook, gold.decisions())
    assert import_file(project, out, "goldset").records == len(expected) == 5
    imported = {r.article: r for r in project.load_records(["goldset"])["goldset"]}
    for record in expected:
        got = imported[record.article]
        assert got.status == record.status and _same(got.values) == _same(record.values)
        assert [_same(i.values) for i in got.incidents] == [
            _same(i.values) for i in record.incidents
        ]


def _same(values: Mapping[str, Any]) -> dict[str, Any]:
    """Values as compared: multi values are sets (the import sorts them)."""
    return {k: sorted(v) if isinstance(v, list) else v for k, v in values.items()}


def test_overruled_coders_free_text_does_not_become_gold(project: Project) -> None:
    """A000: the lead takes ben's event type and sub-event type; the evidence (free text, not
    compared) is then ben's quote, not ann's."""
    adj = adjudication(project)
    u = adj.units[unit_of(adj, A000)]
    assert u.value("ann", "evidence") != u.value("ben", "evidence")
    with GoldStore.open(gold_path(project.data_dir), "lea") as gold:
        for name in ("event_type", "sub_event_type"):
            gold.decide(u.key, name, u.value("ben", name), ["ben"], u.based_on(name))
    with GoldStore.open(gold_path(project.data_dir), "", readonly=True) as gold:
        decisions = gold.decisions()
    records = project.load_records()
    (rec,) = [
        r
        for r in build_gold_records(
            adjudication(project).report, records, project.load_codebook(), decisions
        )
        if r.article == A000
    ]
    assert rec.incidents[0].values["evidence"] == u.value("ben", "evidence")


def test_article_with_undecided_incident_question_is_not_no_incident() -> None:
    """One coder finished the article with an incident, the other as no incident: until the
    lead keeps or drops the incident, the gold record is unfinished, not `no_incident`."""
    from coder.compare.engine import compare
    from coder.gold.build import Adjudication
    from tests.compare_helpers import inc, make_codebook, rec

    cb = make_codebook()
    records = {
        "a": [
            rec("x1", [inc(date="2023-05-01", place="K", event_type="attack")], topic="conflict")
        ],
        "b": [rec("x1", topic="conflict")],
    }
    adj = Adjudication(cb, compare(cb, records, bootstrap=0), records)
    assert adj.record("x1", {}).status == "draft"
    unit = adj.by_article["x1"][1]
    from coder.gold.store import Decision

    keep = {(unit.key, INCIDENT): Decision(unit.key, INCIDENT, True, ["a"], {}, "lea", "now")}
    assert adj.record("x1", keep).status == "done"
    drop = {(unit.key, INCIDENT): Decision(unit.key, INCIDENT, False, ["b"], {}, "lea", "now")}
    assert adj.record("x1", drop).status == "no_incident"
