"""compare(): which units, which values, and the statistics on small hand-checked cases."""

from __future__ import annotations

import pytest

from coder.agreement import krippendorff_alpha
from coder.compare import CompareError, compare, report_json
from tests.compare_helpers import inc, make_codebook, rec

CB = make_codebook()


def _field(report, scope, name):
    (f,) = [f for f in report.fields if f.scope == scope and f.field == name]
    return f


def test_nominal_article_field_by_hand():
    # topic: (conflict, conflict), (politics, conflict), (other, other), (conflict, conflict)
    # coincidences: conflict-conflict 4, conflict-politics 1+1, other-other 2; n = 8
    # D_o = 2/8; n_c: conflict 5, politics 1, other 2; D_e = (8*8 - 25 - 1 - 4) / (8*7) = 34/56
    # alpha = 1 - (2/8) / (34/56) = 1 - 14/34 = 10/17
    a = [rec("x1", topic="conflict"), rec("x2", topic="politics"), rec("x3", topic="other"),
         rec("x4", topic="conflict")]  # fmt: skip
    b = [rec("x1", topic="conflict"), rec("x2", topic="conflict"), rec("x3", topic="other"),
         rec("x4", topic="conflict")]  # fmt: skip
    report = compare(CB, {"a": a, "b": b}, bootstrap=0)
    f = _field(report, "article", "topic")
    assert f.alpha == pytest.approx(10 / 17)
    assert f.stats.units == 4 and f.stats.pairable_values == 8
    assert f.stats.percent_agreement == pytest.approx(3 / 4)
    assert f.stats.threshold == "unacceptable"
    assert f.stats.ci95 is None  # bootstrap 0
    dis = [d for d in report.disagreements if d.field == "topic"]
    assert [(d.article, dict(d.values)) for d in dis] == [
        ("x2", {"a": "politics", "b": "conflict"})
    ]


def test_ordinal_choice_uses_codebook_order():
    a = [rec(f"x{i}", relevance=v) for i, v in enumerate(["low", "mid", "high", "mid", "low"])]
    b = [rec(f"x{i}", relevance=v) for i, v in enumerate(["low", "high", "high", "mid", "mid"])]
    report = compare(CB, {"a": a, "b": b}, bootstrap=0)
    expected = krippendorff_alpha([[0, 0], [1, 2], [2, 2], [1, 1], [0, 1]], "ordinal")
    f = _field(report, "article", "relevance")
    assert f.level == "ordinal"
    assert f.alpha == pytest.approx(expected.alpha)


def test_incident_fields_use_aligned_units_and_when_is_missing():
    # x1: one incident each, similarity (.5 + 1 + 0) / 3 = .5 -> one unit. x2: a has two, b one
    # (matches the 05-02 incident).
    a = [
        rec("x1", [inc(date="2023-05-01", place="K", event_type="attack", fatalities=2,
                       weapon=["gun"])]),
        rec("x2", [inc(date="2023-05-02", place="K", event_type="attack", fatalities=5,
                       weapon=["gun", "bomb"]),
                   inc(date="2023-05-09", place="M", event_type="protest", fatalities=0)]),
    ]  # fmt: skip
    b = [
        rec("x1", [inc(date="2023-05-02", place="k", event_type="arrest", fatalities=3)]),
        rec("x2", [inc(date="2023-05-02", place="K", event_type="attack", fatalities=4,
                       weapon=["gun"])]),
    ]  # fmt: skip
    report = compare(CB, {"a": a, "b": b}, bootstrap=0)
    fat = _field(report, "incident", "fatalities")
    ref = krippendorff_alpha([[2, 3], [5, 4], [0, None]], "interval")
    assert fat.alpha == pytest.approx(ref.alpha)
    assert fat.stats.units == 2
    # date: interval on day numbers; x1 one day apart, x2 equal
    date = _field(report, "incident", "date")
    d1 = 738641.0  # 2023-05-01 ordinal
    ref = krippendorff_alpha([[d1, d1 + 1], [d1 + 1, d1 + 1], [d1 + 8, None]], "interval")
    assert date.alpha == pytest.approx(ref.alpha)
    assert date.matching_field and not fat.matching_field
    # weapon applies only to attacks: b's arrest in x1 has no weapon -> missing, not disagreement
    weapon = _field(report, "incident", "weapon")
    assert weapon.stats.pairable_values == 2  # only x2's unit
    assert not [d for d in report.disagreements if d.field == "weapon" and d.article == "x1"]
    det = report.detection
    assert det.units == 3 and det.matched == 2
    assert det.f1 == pytest.approx(2 * 2 / (3 + 2))
    n_inc = _field(report, "article", "derived:n_incidents")
    assert n_inc.derived and n_inc.level == "interval"
    keys = [u.key for a in report.aligned for u in a.units]
    assert len(set(keys)) == len(keys)


def test_no_variation_is_undefined_not_nan():
    a = [rec(f"x{i}", topic="conflict") for i in range(3)]
    report = compare(CB, {"a": a, "b": list(a)}, bootstrap=50)
    f = _field(report, "article", "topic")
    assert f.alpha is None
    assert "no variation" in f.stats.alpha_note
    assert f.stats.threshold == "undefined" and f.stats.ci95 is None
    assert f.stats.percent_agreement == 1.0
    js = report_json(report)
    (jf,) = [x for x in js["fields"] if x["field"] == "topic"]
    assert jf["alpha"] is None and jf["ci95"] is None


def test_single_coder_and_no_overlap_are_clear_errors():
    with pytest.raises(CompareError, match="at least two coders"):
        compare(CB, {"a": [rec("x1", topic="other")]})
    with pytest.raises(CompareError, match="no article was finished"):
        compare(CB, {"a": [rec("x1", topic="other")], "b": [rec("x2", topic="other")]})
    with pytest.raises(CompareError, match="no article was finished"):
        compare(
            CB, {"a": [rec("x1", topic="other")], "b": [rec("x1", status="draft", topic="other")]}
        )


def test_bootstrap_is_seeded_and_contains_alpha():
    import random

    rng = random.Random(1)
    topics = ["conflict", "politics", "other"]
    a, b = [], []
    for i in range(60):
        t = rng.choice(topics)
        a.append(rec(f"x{i}", topic=t))
        b.append(rec(f"x{i}", topic=t if rng.random() < 0.8 else rng.choice(topics)))
    r1 = compare(CB, {"a": a, "b": b}, bootstrap=300, seed=5)
    r2 = compare(CB, {"b": b, "a": a}, bootstrap=300, seed=5)
    f1, f2 = _field(r1, "article", "topic"), _field(r2, "article", "topic")
    assert f1.stats.ci95 == f2.stats.ci95
    assert f1.stats.ci95 is not None
    assert f1.stats.ci95[0] <= f1.alpha <= f1.stats.ci95[1]
    assert report_json(r1) == report_json(r2)


def test_coder_matrix_points_at_the_odd_coder():
    import random

    rng = random.Random(2)
    topics = ["conflict", "politics", "other"]
    recs = {"a": [], "b": [], "c": []}
    for i in range(80):
        t = rng.choice(topics)
        recs["a"].append(rec(f"x{i}", topic=t))
        recs["b"].append(rec(f"x{i}", topic=t))
        recs["c"].append(rec(f"x{i}", topic=rng.choice(topics)))
    report = compare(CB, recs, bootstrap=0)
    pairs = {p.coders: p for p in report.pairs}
    assert pairs[("a", "b")].mean_alpha == pytest.approx(1.0)
    assert pairs[("a", "c")].mean_alpha < 0.5
    others = report.coder_agreement()
    assert min(others, key=lambda c: others[c]) == "c"
