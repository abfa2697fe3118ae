"""Incident alignment: which incidents of different coders are the same event."""

from __future__ import annotations

import random

import numpy as np
import pytest

from coder.compare.alignment import BORDERLINE, MIN_SIMILARITY, align
from coder.compare.similarity import Matcher, match_fields
from tests.compare_helpers import inc, make_codebook

CB = make_codebook()


def _units(result, article="a1"):
    """{frozenset of (coder, incident id)} for one article, order-free."""
    (aligned,) = [a for a in result if a.article == article]
    return {frozenset((c, m.incident_id) for c, m in u.members.items()) for u in aligned.units}


def test_swapped_order_pairs_by_content():
    a1 = inc(date="2023-05-01", place="Kirkuk", event_type="attack")
    a2 = inc(date="2023-06-10", place="Mosul", event_type="protest")
    b1 = inc(date="2023-06-10", place=" mosul ", event_type="protest")
    b2 = inc(date="2023-05-01", place="KIRKUK", event_type="attack")
    result = align(CB, {"a1": {"a": [a1, a2], "b": [b1, b2]}})
    assert _units(result) == {
        frozenset({("a", a1.id), ("b", b2.id)}),
        frozenset({("a", a2.id), ("b", b1.id)}),
    }


def test_extra_incident_by_one_coder_is_its_own_unit():
    a1 = inc(date="2023-05-01", place="Kirkuk", event_type="attack")
    a2 = inc(date="2023-05-03", place="Erbil", event_type="arrest")
    b1 = inc(date="2023-05-01", place="Kirkuk", event_type="attack")
    result = align(CB, {"a1": {"a": [a1, a2], "b": [b1]}})
    assert _units(result) == {
        frozenset({("a", a1.id), ("b", b1.id)}),
        frozenset({("a", a2.id)}),
    }


def test_consecutive_nights_pair_by_date():
    """Same place, same type, one day apart: only the date tells them apart."""
    a1 = inc(date="2023-05-01", place="Daquq", event_type="attack")
    a2 = inc(date="2023-05-02", place="Daquq", event_type="attack")
    b1 = inc(date="2023-05-02", place="Daquq", event_type="attack")
    b2 = inc(date="2023-05-01", place="Daquq", event_type="attack", fatalities=3)
    result = align(CB, {"a1": {"a": [a2, a1], "b": [b1, b2]}})
    assert _units(result) == {
        frozenset({("a", a1.id), ("b", b2.id)}),
        frozenset({("a", a2.id), ("b", b1.id)}),
    }


def test_one_incident_each_below_threshold_stays_apart():
    """The threshold holds for single incidents too: a Kirkuk abduction and a Mosul car bomb
    are two units, each missing for the other coder, not one unit with spurious disagreements."""
    a1 = inc(date="2020-09-07", place="Kirkuk", event_type="arrest")
    b1 = inc(date="2020-09-20", place="Mosul", event_type="attack")
    result = align(CB, {"a1": {"a": [a1], "b": [b1], "c": []}})
    assert _units(result) == {frozenset({("a", a1.id)}), frozenset({("b", b1.id)})}
    assert result[0].coders == ("a", "b", "c")
    assert all(u.similarity is None for u in result[0].units)


def test_one_incident_each_similar_is_one_unit_with_its_similarity():
    a1 = inc(date="2023-05-01", place="Kirkuk", event_type="attack")
    b1 = inc(date="2023-05-02", place="kirkuk", event_type="attack")
    c1 = inc(date="2023-05-01", place="Kirkuk", event_type="protest")
    (art,) = align(CB, {"a1": {"a": [a1], "b": [b1], "c": [c1]}})
    (unit,) = art.units
    assert set(unit.members) == {"a", "b", "c"}
    # pairs: a-b (1 + .5 + 1)/3, a-c (1 + 1 + 0)/3, b-c (.5 + 1 + 0)/3
    assert unit.similarity == pytest.approx((2.5 + 2 + 1.5) / 9)
    assert unit.borderline is (unit.similarity < BORDERLINE)


def test_dissimilar_incidents_are_not_forced_together():
    a1 = inc(date="2023-05-01", place="Kirkuk", event_type="attack")
    a2 = inc(date="2023-07-01", place="Mosul", event_type="attack")
    b1 = inc(date="2023-05-01", place="Kirkuk", event_type="attack")
    b2 = inc(date="2020-01-01", place="Basra", event_type="arrest")
    result = align(CB, {"a1": {"a": [a1, a2], "b": [b1, b2]}})
    assert _units(result) == {
        frozenset({("a", a1.id), ("b", b1.id)}),
        frozenset({("a", a2.id)}),
        frozenset({("b", b2.id)}),
    }


def test_partial_dates_overlap_and_decay():
    m = Matcher(match_fields(make_codebook(match=("date",))))
    feats, sets = m.features(
        [
            inc(date="2023-05"),
            inc(date="2023-05-17"),
            inc(date="2023-06-02"),
            inc(date="2023-06-03"),
        ]
    )
    s = m.similarity(feats, sets)
    assert s[0, 1] == 1.0  # May 17 lies inside May
    assert s[0, 2] == 0.5**2  # June 2 is two days after May 31
    assert s[2, 3] == 0.5
    assert np.allclose(s, s.T)


def test_one_sided_match_field_counts_as_disagreement():
    m = Matcher(match_fields(CB))
    feats, sets = m.features(
        [inc(date="2023-05-01", place="X", event_type="attack"), inc(date="2023-05-01", place="x")]
    )
    s = m.similarity(feats, sets)
    assert s[0, 1] == 2 / 3


def test_three_coders_unit_holds_one_incident_per_coder():
    a1 = inc(date="2023-05-01", place="Kirkuk", event_type="attack")
    a2 = inc(date="2023-05-02", place="Kirkuk", event_type="attack")
    b1 = inc(date="2023-05-02", place="Kirkuk", event_type="attack")
    c1 = inc(date="2023-05-01", place="Kirkuk", event_type="attack")
    c2 = inc(date="2023-05-02", place="kirkuk", event_type="attack")
    c3 = inc(date="2023-09-09", place="Basra", event_type="protest")
    result = align(CB, {"a1": {"c": [c3, c2, c1], "a": [a2, a1], "b": [b1]}})
    assert _units(result) == {
        frozenset({("a", a1.id), ("c", c1.id)}),
        frozenset({("a", a2.id), ("b", b1.id), ("c", c2.id)}),
        frozenset({("c", c3.id)}),
    }
    for unit in result[0].units:
        assert len(unit.members) == len(set(unit.members))
        assert unit.key.startswith("a1:")


def test_deterministic_under_shuffled_input():
    rng = random.Random(7)
    base: dict[str, dict[str, list]] = {}
    for art in range(30):
        base[f"art{art:02d}"] = {
            coder: [
                inc(
                    date=f"2023-05-{rng.randint(1, 4):02d}",
                    place=rng.choice(["Kirkuk", "Mosul", "Daquq"]),
                    event_type=rng.choice(["attack", "protest"]),
                )
                for _ in range(rng.randint(0, 4))
            ]
            for coder in ("a", "b", "c")
        }
    reference = [(a.article, [(u.index, u.key) for u in a.units]) for a in align(CB, base)]
    for _ in range(5):
        shuffled = {}
        for art in rng.sample(sorted(base), len(base)):
            coders = rng.sample(sorted(base[art]), 3)
            shuffled[art] = {c: rng.sample(base[art][c], len(base[art][c])) for c in coders}
        got = [(a.article, [(u.index, u.key) for u in a.units]) for a in align(CB, shuffled)]
        assert got == reference


def test_min_similarity_is_respected_everywhere():
    rng = random.Random(3)
    incidents = {
        "x": {
            c: [
                inc(
                    date=f"2023-0{rng.randint(1, 9)}-0{rng.randint(1, 9)}",
                    place=rng.choice("ABC"),
                    event_type=rng.choice(["attack", "arrest"]),
                )
                for _ in range(3)
            ]
            for c in "abcd"
        }
    }
    m = Matcher(match_fields(CB))
    for unit in align(CB, incidents)[0].units:
        members = list(unit.members.values())
        if len(members) < 2:
            continue
        feats, sets = m.features(
            [type("I", (), {"id": x.incident_id, "values": x.values})() for x in members]
        )
        s = m.similarity(feats, sets)
        # every member joined with at least MIN_SIMILARITY mean similarity to earlier members
        for k in range(1, len(members)):
            assert s[k, :k].mean() >= MIN_SIMILARITY - 1e-12


def test_no_match_fields_falls_back_to_structured_fields():
    cb = make_codebook(match=())
    names = [f.name for f in match_fields(cb)]
    assert "date" in names and "event_type" in names
    assert "place" not in names and "quote" not in names


def test_content_order_sorts_as_the_sorted_reprs() -> None:
    """`canonical` compares lazily; the order must be the one of (sorted item reprs, id)."""
    from coder.compare.incident_order import canonical, content_key

    rng = random.Random(7)
    pool: list[object] = ["a", "b", "A", "it's", 'say "x"', 0, 1, -1, 0.0, -0.0, 1.0, True,
                          False, None, [], ["x"], ["x", "y"], [1], [True]]  # fmt: skip
    keys = ["a", "ab", "b", "a'b", 'q"', "a_b", "z"]

    class Inc:
        def __init__(self, id: str, values: dict[object, object]) -> None:
            self.id, self.values = id, values

    for trial in range(400):
        incidents = []
        for n in range(rng.randint(2, 6)):
            chosen = rng.sample(keys, rng.randint(0, len(keys)))
            values: dict[object, object] = {k: rng.choice(pool) for k in chosen}
            if trial % 50 == 0 and n == 0:
                values[1] = "a non-text key"
            incidents.append(Inc(rng.choice("xyz") + str(n % 2), values))
        want = sorted(incidents, key=content_key)  # type: ignore[arg-type]
        assert canonical(incidents) == want  # type: ignore[arg-type]
