"""JSONL incidents parsed by their layout's function (coder.exchange.layouts) against the long
way (`import_cells.parse_into`): the same database, or the same problems, for the same file.

Each file is imported twice into a real project, once as import runs and once with no layout
function at all; lines share layouts, so later incidents go the short way after the first
ones taught the memo their cells, and the bad cells come after that.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from coder.exchange import import_cells
from coder.exchange.importer import ImportFailed, import_file
from coder.project import Project
from tests.places_helpers import make_place_project
from tests.project_helpers import make_project


def _import(project: Project, path: Path, coder: str) -> tuple[str, Any]:
    """("ok", every record as stored) or ("failed", the problems)."""
    try:
        import_file(project, path, coder)
    except ImportFailed as e:
        return "failed", e.problems
    with project.open_store(coder, readonly=True) as store:
        records = store.records()
    return "ok", [
        (r.article, r.status, r.values, [(i.id, i.values, i.as_coded) for i in r.incidents])
        for r in records
    ]


def _both_ways(
    project: Project, tmp_path: Path, lines: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> tuple[str, Any]:
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), "utf-8")
    short = _import(project, path, "short")
    with monkeypatch.context() as m:
        m.setattr(import_cells.Collector, "incident_layout", lambda self, keys: None)
        long = _import(project, path, "long")
    assert short == long
    return short


def _incident(n: int, **cells: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": f"{n:032d}",
        "event_date": "2020-09",
        "attack_type": 3,
        "weapon": " mortar ",
        "fatalities": 2,
        "cost": -1.5,
        "claimed": False,
        "place": "@home",
    }
    base.update(cells)
    return base


def _line(article: str, incidents: list[dict[str, Any]]) -> dict[str, Any]:
    values = {"relevant": True}
    return {"article": article, "status": "done", "values": values, "incidents": incidents}


def test_good_incidents_are_stored_as_the_long_way_stores_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_project(tmp_path / "p")
    lines = [
        _line("a1", [_incident(1), _incident(2, fatalities=0, weapon="")]),
        _line("a2", [_incident(3), _incident(4, claimed=True, event_date="2020-9-7")]),
        _line("a3", [_incident(5, cost=2), _incident(6, attack_type="3")]),
    ]
    verdict, records = _both_ways(project, tmp_path, lines, monkeypatch)
    assert verdict == "ok" and len(records) == 3


@pytest.mark.parametrize(
    "cells",
    [
        {"attack_type": 99},  # not a choice: refused after the layout's function was written
        {"fatalities": "many"},
        {"claimed": [{"x": 1}]},  # an unhashable list
        {"cost": {"a": 1}},
        {"event_date": "07/09/2020"},
        {"colour": "red"},  # a key that is no field: a layout of its own, the long way
    ],
)
def test_a_bad_cell_after_good_ones_is_reported_as_the_long_way_reports_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cells: dict[str, Any]
) -> None:
    project = make_project(tmp_path / "p")
    lines = [
        _line("a1", [_incident(1), _incident(2)]),
        _line("a2", [_incident(3), _incident(4, **cells)]),
    ]
    verdict, problems = _both_ways(project, tmp_path, lines, monkeypatch)
    assert verdict == "failed" and any(":2: incident 2: " in p for p in problems)


def test_places_given_by_name_keep_the_name_either_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_place_project(tmp_path / "p")
    places = ["IQ-KI-DAQ", " Tobzawa ", "JALULA", "IQ-KI-DAQ", "Dāqūq", "Tobzawa"]
    lines = [
        _line(f"a{n}", [{"id": f"{n:032d}", "event_date": "2020-09-03", "place": p}])
        for n, p in enumerate(places[:2], 1)
    ]
    lines[1]["incidents"] += [
        {"id": f"{n:032d}", "event_date": "2020-09-03", "place": p}
        for n, p in enumerate(places[2:], 3)
    ]
    lines[1]["incidents"][-1]["as_coded"] = {"place": "Topzawa"}
    verdict, records = _both_ways(project, tmp_path, lines, monkeypatch)
    assert verdict == "ok"
    as_coded = [i[2] for r in records for i in r[3]]
    assert as_coded[1] == {"place": "Tobzawa"} and as_coded[0] == {}
