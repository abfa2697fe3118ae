"""Codebook drift: compare excludes choices since removed and names old versions; check reads
the gold database."""

from __future__ import annotations

import dataclasses
import io
import json

import pytest
from rich.console import Console

from coder.cli import main
from coder.compare.engine import compare
from coder.compare.json_form import report_json
from coder.compare.report import render_markdown, render_table
from coder.gold.store import GoldStore, gold_path
from coder.project import Project
from tests.compare_helpers import inc, make_codebook, rec
from tests.gold_data import A003
from tests.test_gold import adjudication, project, unit_of

__all__ = ["project"]
CB = make_codebook()


def _records():
    a = [
        rec("x1", [inc(date="2023-05-01", place="K", event_type="riot")], topic="conflict"),
        rec("x2", [inc(date="2023-05-02", place="M", event_type="attack")], topic="politics"),
        rec("x3", [inc(date="2023-05-03", place="D", event_type="protest")], topic="social"),
    ]
    b = [
        rec("x1", [inc(date="2023-05-01", place="K", event_type="riot")], topic="conflict"),
        rec("x2", [inc(date="2023-05-02", place="M", event_type="attack")], topic="politics"),
        rec("x3", [inc(date="2023-05-03", place="D", event_type="attack")], topic="other"),
    ]
    b[2] = dataclasses.replace(b[2], codebook_version="0.9")
    return {"a": a, "b": b}


def test_removed_choices_are_excluded_and_listed():
    report = compare(CB, _records(), bootstrap=0)
    got = sorted((d.coder, d.article, d.scope, d.incident, d.field, d.value)
                 for d in report.drift_values)  # fmt: skip
    assert got == [
        ("a", "x1", "incident", 1, "event_type", "riot"),
        ("a", "x3", "article", None, "topic", "social"),
        ("b", "x1", "incident", 1, "event_type", "riot"),
    ]
    et = next(f for f in report.fields if f.field == "event_type")
    assert et.stats.units == 2  # x1's riot/riot is not an agreement on a category of its own
    assert et.stats.percent_agreement == 0.5
    topic = next(f for f in report.fields if f.field == "topic")
    assert topic.stats.units == 2  # x3: a's removed choice is missing
    assert not [d for d in report.disagreements if d.field == "topic" and d.article == "x3"]


def test_drift_is_reported_everywhere():
    report = compare(CB, _records(), bootstrap=0)
    assert any("b: records coded under another codebook version (1 under version 0.9" in w
               for w in report.drift)  # fmt: skip
    assert any("3 value(s) are not choices of the current codebook" in w for w in report.drift)
    out = io.StringIO()
    render_table(report, Console(file=out, width=100, color_system=None))
    flat = " ".join(out.getvalue().split())
    assert "Warning: 3 value(s) are not choices" in flat and "event_type: 'riot' (2x)" in flat
    assert "Codebook drift: b: records coded under another codebook version" in render_markdown(
        report
    )
    js = json.loads(json.dumps(report_json(report)))
    assert len(js["codebook_drift"]["excluded_values"]) == 3


def test_records_are_left_as_stored():
    records = _records()
    compare(CB, records, bootstrap=0)
    assert records["a"][0].incidents[0].values["event_type"] == "riot"


def test_check_reports_gold_values_the_codebook_does_not_accept(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--project", str(project.root)]) == 0
    capsys.readouterr()
    adj = adjudication(project)
    with GoldStore.open(gold_path(project.data_dir), "lea") as gold:
        u3 = adj.units[unit_of(adj, A003)]
        gold.decide(u3.key, "source_type", "social_media", "edited", u3.based_on("source_type"))
        gold.decide(u3.key, "old_field", 1, "edited", {})
        gold.decide(u3.key, "injured", 3, "edited", u3.based_on("injured"))  # valid
    assert main(["check", "--project", str(project.root)]) == 1
    out = capsys.readouterr().out
    flat = " ".join(out.split())
    assert "gold.json: error:" in flat
    assert "source_type: gold value 'social_media' is not one of:" in flat
    assert "decision on 'old_field', which the codebook no longer has" in flat
    assert "injured" not in flat


@pytest.mark.parametrize(
    ("kind", "choices", "stored", "excluded"),
    [
        ("choice", ["1", "2"], ["1", "2", None], 0),  # all valid: the column check decides
        ("choice", ["1", "2"], ["1", "3"], 1),  # a removed choice
        ("choice", ["1", "2"], ["1", ""], 0),  # an empty text: missing, not excluded
        ("choice", [1, 2], [1, 2.0, None], 0),  # numbers look themselves up
        ("choice", [1, 2], [1, True], 1),  # True == 1, but a boolean is no numeric choice
        ("choice", [True, False], [True, 1], 1),  # and 1 is no boolean choice
        ("multi", ["a", "b"], [["a"], [], ["a", "b"], None], 0),
        ("multi", ["a", "b"], [["a"], ["c"]], 1),
        ("multi", [1, 2], [[1], [True]], 1),
        ("multi", ["a", "b"], [["a"], "a"], 1),  # a text where a list belongs
        ("choice", [1, 2], [True, 1], 1),  # the boolean first: it is the set's member
        ("choice", [1, 2], [1.0, None, True], 1),  # hidden behind an equal float
        ("choice", [0, 1], [0, False], 1),
        ("choice", ["1", "2"], ["1", ["1"]], 1),  # a list where a text belongs: unhashable
        ("choice", ["1", "2"], ["1", ("1",)], 1),  # a tuple: hashable, no choice
        ("multi", ["a", "b"], [["a", True], ["b"]], 1),
        ("multi", [1, 2], [[1, 2], [2.0], None, []], 0),
    ],
)
def test_column_check_agrees_with_the_per_record_one(kind, choices, stored, excluded):
    """`all_valid` (field by field over distinct values) says valid exactly when nothing is to
    be excluded, except that it may send a column it cannot decide (an empty text) to `bad`
    (dict by dict); and compare excludes what `bad` names."""
    from coder.codebook.model import Choice, Field
    from coder.compare.drift import _Checker

    choice_list = tuple(Choice(c, str(c)) for c in choices)
    field = Field(name="f", type=kind, scope="incident", label="F", choices=choice_list)
    checker = _Checker([field])
    dicts = [{"f": v} for v in stored]
    found = [name for d in dicts for name in checker.bad(d)]
    assert len(found) == excluded
    if checker.all_valid(dicts):
        assert not found
    else:
        assert found or "" in stored


@pytest.mark.parametrize("seed", range(6))
def test_column_check_never_passes_what_bad_excludes(seed):
    """On random mixed columns (texts, numbers, booleans, lists, None): whenever `all_valid`
    says valid, `bad` finds nothing, and it does say valid when every value is a choice."""
    import random

    from coder.codebook.model import Choice, Field
    from coder.compare.drift import _Checker

    rng = random.Random(seed)
    pool = ["a", "b", "c", "", 0, 1, 2, 1.0, 2.5, True, False, None, ("a",)]
    for kind in ("choice", "multi"):
        choices = rng.sample(["a", "b", 1, 2, True], 3)
        field = Field(name="f", type=kind, scope="incident", label="F",
                      choices=tuple(Choice(c, str(c)) for c in choices))  # fmt: skip
        checker = _Checker([field])
        for _ in range(200):
            if kind == "multi":
                stored = [rng.choice([None, rng.sample(pool, rng.randint(0, 2)), rng.choice(pool)])
                          for _ in range(rng.randint(0, 6))]  # fmt: skip
            else:
                stored = [rng.choice([*pool, ["a"]]) for _ in range(rng.randint(0, 6))]
            dicts = [{"f": v} for v in stored]
            if checker.all_valid(dicts):
                assert not [n for d in dicts for n in checker.bad(d)], stored
        valid = [c for c in choices if c.__class__ is not bool]
        good = [[rng.choice(valid)] if kind == "multi" else rng.choice(valid) for _ in range(9)]
        assert checker.all_valid([{"f": v} for v in [*good, None]])
