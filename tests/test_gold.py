"""gold.py and gold_build.py: decisions on disk, staleness, gold records, export --gold."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from coder.codebook.loader import load_codebook
from coder.compare.engine import compare
from coder.exchange.importer import import_file
from coder.gold.build import Adjudication, build_gold_records
from coder.gold.store import EDITED, INCIDENT, GoldStore, gold_path
from coder.project import Project
from coder.store.storage import DamagedError, LockedError
from tests.gold_data import A000, A001, A002, A003, A004, write_jsonl

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def project(tmp_path: Path) -> Project:
    root = tmp_path / "p"
    root.mkdir()
    shutil.copy(REPO / "codebook.yaml", root / "codebook.yaml")
    shutil.copy(REPO / "gazetteer.csv", root / "gazetteer.csv")
    shutil.copytree(REPO / "samples", root / "samples")
    proj = Project.locate(root)
    for coder, path in write_jsonl(tmp_path / "in").items():
        import_file(proj, path, coder)
    return proj


def adjudication(project: Project) -> Adjudication:
    codebook = project.load_codebook()
    records = project.load_records()
    return Adjudication(codebook, compare(codebook, records, bootstrap=0), records)


def unit_of(adj: Adjudication, article: str, number: int = 1) -> str:
    return adj.by_article[article][number].key


def test_items_are_the_known_disagreements(project: Project) -> None:
    adj = adjudication(project)
    got = sorted((i.unit.article, i.field) for i in adj.items())
    assert got == sorted(
        [
            (A000, "geo_precision"), (A000, "event_type"), (A000, "sub_event_type"),
            (A000, "attack_type"), (A001, "arrested"), (A002, INCIDENT),
            (A003, "certainty"), (A003, "injured"),
        ]
    )  # fmt: skip
    assert [i.field for i in adj.items("arrested")] == ["arrested"]


def test_decisions_are_on_disk_at_once_and_survive_reopen(project: Project) -> None:
    adj = adjudication(project)
    path = gold_path(project.data_dir)
    unit = adj.units[unit_of(adj, A001)]
    with GoldStore.open(path, "lea") as gold:
        gold.decide(unit.key, "arrested", 2, ["ann"], unit.based_on("arrested"))
        on_disk = json.loads(path.read_text("utf-8"))  # before close: durable already
        (doc,) = on_disk["decisions"].values()
        assert doc["value"] == 2 and doc["source"] == ["ann"] and doc["by"] == "lea"
        assert doc["based_on"] == {"ann": 2, "ben": 4}
        gold.decide(unit.key, "arrested", 3, EDITED, unit.based_on("arrested"))
        gold.flag(unit.key, "arrests in a raid: count detainees only?")
    with GoldStore.open(path, "max", readonly=True) as gold:
        d = gold.get(unit.key, "arrested")
        assert d is not None and d.value == 3 and d.source == EDITED and d.by == "lea"
        assert len(gold.decisions()) == 1
        assert gold.flags()[unit.key].note.startswith("arrests")


def test_one_writer_lock_and_damaged_file(project: Project) -> None:
    path = gold_path(project.data_dir)
    with GoldStore.open(path, "lea"), pytest.raises(LockedError):
        GoldStore.open(path, "max")
    path.write_text('{"meta": {"1": {"format": 1, "kind": "coder"}}}', "utf-8")
    before = path.read_bytes()
    with pytest.raises(DamagedError):
        GoldStore.open(path, "lea")
    assert path.read_bytes() == before


def test_gold_records_take_decisions_agreed_values_and_single_coder_articles(
    project: Project,
) -> None:
    adj = adjudication(project)
    codebook = adj.codebook
    records = project.load_records()
    path = gold_path(project.data_dir)
    with GoldStore.open(path, "lea") as gold:
        u1 = adj.units[unit_of(adj, A001)]
        gold.decide(u1.key, "arrested", 2, ["ann"], u1.based_on("arrested"))
        extra = next(u for u in adj.by_article[A002][1:] if len(u.members) == 1)
        gold.accept_incident(extra.key, False, extra.based_on(INCIDENT))
        decisions = gold.decisions()
    out = {r.article: r for r in build_gold_records(adj.report, records, codebook, decisions)}
    assert sorted(out) == [A000, A001, A002, A003, A004]
    daquq = out[A001].incidents[0].values
    assert daquq["arrested"] == 2 and daquq["fatalities"] == 2  # decided + agreed
    assert len(out[A002].incidents) == 1  # ben's background incident dropped
    assert "event_type" not in out[A000].incidents[0].values  # unsettled: left empty
    assert out[A004].incidents[0].values["kidnapped"] == 2  # ann alone, as she coded it
    settled, total = adj.progress(adj.items(), adj.fresh(decisions))
    assert (settled, total) == (2, 8)


def test_stale_when_a_coder_changes_the_value(project: Project, tmp_path: Path) -> None:
    adj = adjudication(project)
    u1 = adj.units[unit_of(adj, A001)]
    path = gold_path(project.data_dir)
    with GoldStore.open(path, "lea") as gold:
        gold.decide(u1.key, "arrested", 2, ["ann"], u1.based_on("arrested"))
        assert gold.stale(adj.units) == []
    # ben corrects his count: same incident id, new value
    lines = [json.loads(x) for x in (tmp_path / "in" / "ben.jsonl").read_text().splitlines()]
    lines[1]["incidents"][0]["arrested"] = 3
    (tmp_path / "ben2.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines))
    import_file(project, tmp_path / "ben2.jsonl", "ben")
    adj2 = adjudication(project)
    with GoldStore.open(path, "lea", readonly=True) as gold:
        (stale,) = gold.stale(adj2.units)
        assert stale.decision.field == "arrested" and "ben: 4 -> 3" in stale.reason
        fresh = adj2.fresh(gold.decisions())
    assert fresh == {}
    item = next(i for i in adj2.items() if i.field == "arrested")
    assert not adj2.is_settled(item, fresh)


def test_export_gold_csv_and_warning(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    from coder.cli import main

    out = project.root / "gold.csv"
    assert main(["export", "--gold", "--project", str(project.root), "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert "8 disagreement(s) are not settled" in err
    rows = out.read_text("utf-8").splitlines()
    assert rows[0].startswith("coder,article,status")
    assert all(r.startswith("gold,") for r in rows[1:])
    # 000:1 + 001:2 + 002:1 (ben's extra left out while unsettled) + 003:1 + 004:1
    assert len(rows) - 1 == 6


def test_gold_records_validate_against_codebook(project: Project) -> None:
    """Gold records of settled data are valid records (when: rules pruned)."""
    from coder.store.coder_store import validate_record

    adj = adjudication(project)
    codebook = load_codebook(project.codebook_path)
    records = project.load_records()
    with GoldStore.open(gold_path(project.data_dir), "lea") as gold:
        for item in adj.items():
            unit = item.unit
            if item.field == INCIDENT:
                gold.accept_incident(unit.key, True, unit.based_on(INCIDENT))
            else:
                gold.decide(unit.key, item.field, unit.value("ann", item.field), ["ann"],
                            unit.based_on(item.field))  # fmt: skip
        decisions = gold.decisions()
    articles = project.load_articles()
    for r in build_gold_records(adj.report, records, codebook, decisions):
        r.status = "done"
        assert validate_record(r, codebook, articles.get(r.article)) == {}, r.article


def test_field_that_no_longer_applies_is_settled_not_applicable(
    project: Project, tmp_path: Path
) -> None:
    """attack_type applies only to non-state perpetrators: while the perpetrator is disputed its
    disagreement is open; once the gold perpetrator is state forces it needs no decision, and it
    opens again when that decision is undone."""
    lines = [json.loads(x) for x in (tmp_path / "in" / "ben.jsonl").read_text().splitlines()]
    outpost = lines[3]["incidents"][0]
    assert lines[3]["article"] == A003
    outpost.update(perpetrator="unidentified", attack_type=7)
    (tmp_path / "ben2.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines))
    import_file(project, tmp_path / "ben2.jsonl", "ben")
    adj = adjudication(project)
    unit = adj.units[unit_of(adj, A003)]
    attack = next(i for i in adj.items() if i.unit is unit and i.field == "attack_type")
    assert any(i.unit is unit and i.field == "perpetrator" for i in adj.items())

    with GoldStore.open(gold_path(project.data_dir), "lea") as gold:
        fresh = adj.fresh(gold.decisions())
        assert adj.applies(unit, "attack_type", fresh) is None  # perpetrator unsettled
        assert adj.settled_how(attack, fresh) == ""
        assert adj.gold_value(unit, "attack_type", fresh) == (None, "unsettled")

        gold.decide(unit.key, "perpetrator", "isis", ["ann"], unit.based_on("perpetrator"))
        fresh = adj.fresh(gold.decisions())
        assert adj.applies(unit, "attack_type", fresh) is True
        assert not adj.is_settled(attack, fresh)

        gold.decide(unit.key, "perpetrator", "state_forces", EDITED, unit.based_on("perpetrator"))
        fresh = adj.fresh(gold.decisions())
        assert adj.settled_how(attack, fresh) == "not applicable"
        assert adj.gold_value(unit, "attack_type", fresh) == (None, "not applicable")
        assert adj.gold_value(unit, "claimed", fresh) == (None, "not applicable")  # agreed, moot
        values = adj.gold_values(unit, fresh)
        assert values["perpetrator"] == "state_forces"
        assert "attack_type" not in values and "claimed" not in values
        before, total = adj.progress(adj.items(), fresh)

        gold.undo(unit.key, "perpetrator")
        fresh = adj.fresh(gold.decisions())
        assert not adj.is_settled(attack, fresh)
        assert adj.progress(adj.items(), fresh) == (before - 2, total)  # perpetrator + attack
