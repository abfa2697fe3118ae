"""What alignment decided, visible: the units CSV, borderline pairings, detection rows."""

from __future__ import annotations

import csv
import io

from rich.console import Console

from coder.compare.engine import compare
from coder.compare.report import render_disagreements_csv, render_markdown, render_table
from coder.compare.units_csv import DETECTION_FIELD, render_units_csv
from tests.compare_helpers import inc, make_codebook, rec

CB = make_codebook()


def _report():
    a = [
        # one incident each, nothing alike: a Kirkuk abduction, a Mosul car bomb
        rec("k1", [inc(date="2020-09-07", place="Kirkuk", event_type="arrest", fatalities=0)]),
        # alike but for the type and a day: paired, borderline
        rec("k2", [inc(date="2020-10-01", place="Daquq", event_type="attack")]),
        rec("k3", [inc(date="2020-11-01", place="Hawija", event_type="attack")]),
    ]
    b = [
        rec("k1", [inc(date="2020-09-20", place="Mosul", event_type="attack", fatalities=4)]),
        rec("k2", [inc(date="2020-10-02", place="Daquq", event_type="protest")]),
        rec("k3", [inc(date="2020-11-01", place="hawija", event_type="attack")]),
    ]
    c = [rec("k3")]  # coded k3 and recorded no incident
    return compare(CB, {"a": a, "b": b, "c": c}, bootstrap=0)


def _csv(render, report) -> list[dict[str, str]]:
    out = io.StringIO()
    render(report, out)
    return list(csv.DictReader(io.StringIO(out.getvalue())))


def test_dissimilar_single_incidents_are_not_one_unit_and_make_no_disagreements():
    report = _report()
    k1 = next(a for a in report.aligned if a.article == "k1")
    assert [set(u.members) for u in k1.units] == [{"a"}, {"b"}]
    assert not [d for d in report.disagreements if d.article == "k1" and d.scope == "incident"]
    (pair,) = [p for p in report.detection.pairs if p.coders == ("a", "b")]
    assert pair.matched == 2 and pair.f1 == 2 * 2 / 6


def test_units_csv_lists_members_similarity_and_borderline():
    rows = _csv(render_units_csv, _report())
    by = {(r["article"], r["unit"]): r for r in rows}
    assert set(by) == {("k1", "1"), ("k1", "2"), ("k2", "1"), ("k3", "1")}
    assert by[("k1", "1")]["incident a"] and not by[("k1", "1")]["incident b"]
    assert by[("k1", "1")]["similarity"] == "" and by[("k1", "1")]["borderline"] == "FALSE"
    k2 = by[("k2", "1")]
    # date .5, place 1, type 0 -> 0.5: paired at the threshold, a borderline pairing
    assert (k2["coders"], k2["similarity"], k2["borderline"]) == ("2", "0.5000", "TRUE")
    k3 = by[("k3", "1")]
    assert (k3["coders"], k3["n_coders_article"], k3["similarity"]) == ("2", "3", "1.0000")
    assert k3["incident c"] == "" and k3["borderline"] == "FALSE"


def test_borderline_pairings_are_flagged_in_table_and_markdown():
    report = _report()
    out = io.StringIO()
    render_table(report, Console(file=out, width=80, color_system=None))
    flat = " ".join(out.getvalue().split())
    assert "1 incident unit paired with a similarity below 0.75" in flat
    assert "k2 unit 1 (0.50)" in flat
    assert "k2 unit 1 (0.50)" in render_markdown(report)


def test_disagreements_csv_numbers_units_from_one_and_lists_partial_incidents():
    report = _report()
    rows = _csv(render_disagreements_csv, report)
    k2 = [r for r in rows if r["article"] == "k2" and r["field"] == "event_type"]
    assert [(r["unit"], r["a"], r["b"]) for r in k2] == [("1", "attack", "protest")]
    detected = {(r["article"], r["unit"]): r for r in rows if r["field"] == DETECTION_FIELD}
    assert set(detected) == {("k1", "1"), ("k1", "2"), ("k3", "1")}
    assert (detected[("k1", "1")]["a"], detected[("k1", "1")]["b"]) == ("recorded", "not recorded")
    # c coded k3 and recorded nothing; c did not code k1 at all
    assert detected[("k3", "1")]["c"] == "not recorded"
    assert detected[("k1", "2")]["c"] == ""


def test_plain_unit_weights_are_the_products_values():
    """The plain-float weights of units of one or two members equal the matrix product's, bit
    for bit, on similarities like the matcher's (finite, in [0, 1], many exact ties)."""
    import random

    import numpy as np

    from coder.compare.assignment import plain_unit_weights, unit_weights

    rng = random.Random(7)
    checked = 0
    for _ in range(300):
        n = rng.randint(2, 12)
        sim = np.asarray(
            [[rng.choice([0.0, 0.5, 1.0, 1 / 3, rng.random()]) for _ in range(n)] for _ in range(n)]
        )
        cut = rng.randint(1, n - 1)
        members = list(range(cut))
        rng.shuffle(members)
        units: list[list[int]] = []
        while members:
            size = rng.choice([1, 2, 2, 3]) if rng.random() < 0.2 else rng.choice([1, 2])
            units.append(sorted(members[:size]))
            members = members[size:]
        rows = list(range(cut, n))
        plain = plain_unit_weights(sim.tolist(), rows, units)
        product = unit_weights(sim, rows, units).tolist()
        if any(len(u) > 2 for u in units):
            # Larger units: the same mean, added in member order (BLAS's order is its own).
            assert np.allclose(plain, product, rtol=1e-15, atol=0)
            continue
        assert plain == product
        checked += 1
    assert checked > 100


def test_plain_weights_of_a_larger_unit_are_its_mean_in_member_order():
    """A unit of three or more members weighs an incident by the mean of its similarities to
    them, each times 1/n and added in member order: the same float on every machine."""
    from coder.compare.assignment import plain_unit_weights

    third = 1.0 / 3
    sims = [[0.0, 0.0, 0.0, 0.0], [0.0] * 4, [0.0] * 4, [0.1, 0.7, 0.2, 0.0]]
    weights = plain_unit_weights(sims, [3], [[0, 1, 2], [1]])
    assert weights == [[(0.1 * third + 0.7 * third) + 0.2 * third, 0.7]]


def test_a_nan_similarity_keeps_the_products_answer():
    """The product carries a NaN to every unit through its zeros (NaN * 0 is NaN), so an
    article whose similarities hold one is never paired by the plain-float weights."""
    import numpy as np

    from coder.compare.assignment import greedy_units

    sim = np.asarray([[1.0, 0.9], [0.9, np.nan]])
    assert greedy_units((1, 1), sim, 0.5) == [[0], [1]]
    assert greedy_units((1, 1), np.nan_to_num(sim, nan=1.0), 0.5) == [[0, 1]]
