"""Krippendorff's alpha and friends against published worked examples and the edge cases that
Krippendorff defines (pairability, no variation)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from coder.agreement import (
    NO_VARIATION,
    AlphaResult,
    classify,
    cohen_kappa,
    fleiss_kappa,
    jaccard_distance,
    krippendorff_alpha,
    masi_distance,
)

N = None
# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", Annenberg School for
# Communication Departmental Papers, section C: 4 coders (rows) x 12 units, '.' = missing.
K2011_CODERS = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
    [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
]
K2011 = [list(unit) for unit in zip(*K2011_CODERS, strict=True)]  # units x coders


@pytest.mark.parametrize(
    ("level", "expected"),
    [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797)],
)
def test_krippendorff_2011_four_coders(level: str, expected: float) -> None:
    """Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C (multiple
    coders, missing values): nominal .743, ordinal .815, interval .849, ratio .797."""
    result = krippendorff_alpha(K2011, level)
    assert result.alpha is not None
    assert round(result.alpha, 3) == expected
    # unit 12 has a single value: not pairable; 40 pairable values in 11 units (paper: n.. = 40)
    assert (result.units, result.pairable_values) == (11, 40)
    assert "1 unit with a single value" in result.note


def test_krippendorff_2011_binary_two_coders() -> None:
    """Krippendorff (2011), section A (binary data, two coders, no missing values): alpha = .095."""
    a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
    b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]
    result = krippendorff_alpha(list(zip(a, b, strict=True)), "nominal")
    assert result.alpha is not None and round(result.alpha, 3) == 0.095
    assert result.pairable_values == 20
    # 4 disagreeing units, 2 ordered pairs each: D_o = 8 / 20; D_e = 2 * 14 * 6 / (20 * 19)
    assert result.observed == pytest.approx(0.4)
    assert result.expected == pytest.approx(2 * 14 * 6 / (20 * 19))


def test_wikipedia_nominal_example() -> None:
    """Wikipedia, "Krippendorff's alpha", computational example (3 coders x 15 units, nominal,
    missing values): alpha = 0.691 (the krippendorff package's doctest gives 0.691358 too)."""
    coders = [
        [N, N, N, N, N, 3, 4, 1, 2, 1, 1, 3, 3, N, 3],
        [1, N, 2, 1, 3, 3, 4, 3, N, N, N, N, N, N, N],
        [N, N, 2, 1, 3, 4, 4, N, 2, 1, 1, 3, 3, N, 4],
    ]
    result = krippendorff_alpha(list(zip(*coders, strict=True)), "nominal")
    assert result.alpha is not None and round(result.alpha, 3) == 0.691
    # units 2 and 14 are empty, unit 1 has one value: 12 pairable units, n = 26 (as published)
    assert (result.units, result.pairable_values) == (12, 26)


def test_strings_and_ordinal_order() -> None:
    """Labels work like numbers once their order is given (same data as Krippendorff 2011)."""
    labels = {1: "very low", 2: "low", 3: "mid", 4: "high", 5: "very high"}
    data = [[labels[v] if v is not None else None for v in unit] for unit in K2011]
    order = ["very low", "low", "mid", "high", "very high"]
    result = krippendorff_alpha(data, "ordinal", order=order)
    assert result.alpha is not None and round(result.alpha, 3) == 0.815
    with pytest.raises(ValueError, match="not in the given order"):
        krippendorff_alpha(data, "ordinal", order=order[:-1])


# Fleiss (1971) example as given on Wikipedia "Fleiss' kappa": 10 subjects, 14 raters,
# 5 categories; kappa = 0.210.
FLEISS = [
    [0, 0, 0, 0, 14],
    [0, 2, 6, 4, 2],
    [0, 0, 3, 5, 6],
    [0, 3, 9, 2, 0],
    [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0],
    [3, 2, 6, 3, 0],
    [2, 5, 3, 2, 2],
    [6, 5, 2, 1, 0],
    [0, 2, 2, 3, 7],
]


def test_fleiss_kappa_wikipedia() -> None:
    """Wikipedia "Fleiss' kappa" worked example (after Fleiss 1971): kappa = 0.210."""
    kappa = fleiss_kappa(FLEISS)
    assert kappa is not None and round(kappa, 3) == 0.210


def test_alpha_on_fleiss_table_differs_slightly_from_kappa() -> None:
    """On complete data alpha is close to, not equal to, Fleiss' kappa (alpha corrects for small
    samples): checked against the krippendorff package and the identity below."""
    krippendorff = pytest.importorskip("krippendorff")
    data = [[c for c, k in enumerate(row) for _ in range(k)] for row in FLEISS]
    ours = krippendorff_alpha(data, "nominal").alpha
    theirs = krippendorff.alpha(value_counts=np.array(FLEISS), level_of_measurement="nominal")
    assert ours is not None
    assert ours == pytest.approx(float(theirs), abs=1e-12)
    kappa = fleiss_kappa(FLEISS)
    assert kappa is not None and ours != pytest.approx(kappa, abs=1e-6)
    # complete data, n values: alpha = 1 - (n - 1)/n * (1 - kappa)
    n = 10 * 14
    assert ours == pytest.approx(1 - (n - 1) / n * (1 - kappa), abs=1e-12)


def test_cohen_kappa_wikipedia() -> None:
    """Wikipedia "Cohen's kappa", simple example: 50 proposals, both yes 20, A yes/B no 5,
    A no/B yes 10, both no 15: p_o = 0.70, p_e = 0.50, kappa = 0.40."""
    a = ["yes"] * 20 + ["yes"] * 5 + ["no"] * 10 + ["no"] * 15
    b = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    kappa = cohen_kappa(a, b)
    assert kappa is not None and round(kappa, 3) == 0.400
    # units coded by one coder only are left out
    assert cohen_kappa([*a, "yes", None], [*b, None, "no"]) == pytest.approx(kappa)


def test_cohen_kappa_undefined_cases() -> None:
    assert cohen_kappa(["x", "x"], ["x", "x"]) is None
    assert cohen_kappa([None, "x"], ["y", None]) is None
    with pytest.raises(ValueError, match="differ in length"):
        cohen_kappa([1], [1, 2])


@pytest.mark.parametrize(
    ("a", "b", "masi"),
    [
        ({"A", "B"}, {"A", "B"}, 1.0),
        ({"A", "B"}, {"A", "B", "C"}, 2 / 3 * 2 / 3),  # subset: J = 2/3, M = 2/3 -> 0.444
        ({"A", "B"}, {"B", "C"}, 1 / 3 * 1 / 3),  # overlap: J = 1/3, M = 1/3 -> 0.111
        ({"A"}, {"B"}, 0.0),  # disjoint
    ],
)
def test_masi_passonneau_2006(a: set[str], b: set[str], masi: float) -> None:
    """Passonneau (2006), "Measuring agreement on set-valued items (MASI) for semantic and
    pragmatic annotation", LREC: MASI = Jaccard x M, M = 1 identical, 2/3 subset, 1/3 overlap,
    0 disjoint. {A,B} vs {A,B,C}: 0.444 (distance 0.556); {A,B} vs {B,C}: 0.111."""
    assert round(1 - masi_distance(a, b), 3) == round(masi, 3)
    assert masi_distance(a, b) == masi_distance(b, a)


def test_jaccard_and_empty_sets() -> None:
    assert jaccard_distance({"A", "B"}, {"B", "C"}) == pytest.approx(2 / 3)
    assert masi_distance(set(), set()) == 0.0 == jaccard_distance([], [])
    assert masi_distance(set(), {"A"}) == 1.0 == jaccard_distance([], ["A"])


def _naive_alpha(units: list[list[object]], delta) -> float:  # type: ignore[no-untyped-def]
    """Textbook alpha from the full coincidence matrix (Krippendorff 2011), for any distance."""
    values = sorted({v for u in units for v in u if v is not None}, key=repr)
    idx = {v: i for i, v in enumerate(values)}
    o = np.zeros((len(values), len(values)))
    for unit in units:
        vs = [v for v in unit if v is not None]
        if len(vs) < 2:
            continue
        for i, a in enumerate(vs):
            for j, b in enumerate(vs):
                if i != j:
                    o[idx[a], idx[b]] += 1 / (len(vs) - 1)
    d = np.array([[delta(a, b) for b in values] for a in values])
    n_c = o.sum(axis=1)
    n = n_c.sum()
    return float(1 - (n - 1) * (o * d).sum() / (np.outer(n_c, n_c) * d).sum())


def test_set_level_matches_textbook_coincidence_computation() -> None:
    """Set level (distance 1 - MASI or 1 - Jaccard) equals alpha computed from the full
    coincidence matrix with the scalar distance functions."""
    rng = np.random.default_rng(7)
    labels = ["a", "b", "c", "d"]
    units = []
    for _ in range(60):
        base = frozenset(x for x in labels if rng.random() < 0.4)
        row: list[object] = []
        for _coder in range(3):
            if rng.random() < 0.15:
                row.append(None)
            elif rng.random() < 0.6:
                row.append(base)
            else:
                row.append(frozenset(x for x in labels if rng.random() < 0.4))
        units.append(row)
    for kind, fn in (("masi", masi_distance), ("jaccard", jaccard_distance)):
        result = krippendorff_alpha(units, "set", set_distance=kind)  # type: ignore[arg-type]
        assert result.alpha == pytest.approx(_naive_alpha(units, fn), abs=1e-12)
        assert ("MASI" if kind == "masi" else "Jaccard") in result.note
    # lists (how `multi` values are stored) are sets: order does not matter
    as_lists = [[sorted(v) if v is not None else None for v in u] for u in units]
    assert krippendorff_alpha(as_lists, "set").alpha == krippendorff_alpha(units, "set").alpha


def _assert_clean(result: AlphaResult) -> None:
    for value in (result.alpha, result.observed, result.expected):
        assert value is None or math.isfinite(value)


def test_all_identical_is_undefined() -> None:
    for level in ("nominal", "ordinal", "interval", "ratio"):
        result = krippendorff_alpha(
            [
                [3, 3],
                [
                    3,
                    3,
                ],
                [3, None],
            ],
            level,
        )
        _assert_clean(result)
        assert result.alpha is None and result.note.startswith(NO_VARIATION)
        assert (result.units, result.pairable_values) == (2, 4)
    result = krippendorff_alpha([[{"x"}, {"x"}], [{"x"}, {"x"}]], "set")
    assert result.alpha is None and NO_VARIATION in result.note


def test_too_little_data_is_undefined_with_reason() -> None:
    cases = {
        "no unit has": [],
        "no unit has ": [[1, None], [None, 2]],
        "only 1 unit has": [[1, 2], [None, 3]],
    }
    for expected, data in cases.items():
        result = krippendorff_alpha(data, "interval")
        _assert_clean(result)
        assert result.alpha is None and expected.strip() in result.note
    single_coder = krippendorff_alpha([[1], [2], [3]], "nominal")
    assert single_coder.alpha is None and single_coder.units == 0
    everything_missing = krippendorff_alpha(np.full((5, 3), np.nan), "ratio")
    assert everything_missing.alpha is None


def test_perfect_and_systematic_disagreement() -> None:
    assert krippendorff_alpha([[1, 1], [2, 2], [3, 3]], "interval").alpha == 1.0
    result = krippendorff_alpha([[1, 2], [2, 1]], "nominal")
    assert result.alpha is not None and result.alpha < 0


def test_nan_and_none_are_missing_and_numpy_input_is_equivalent() -> None:
    as_array = np.array([[np.nan if v is None else v for v in u] for u in K2011], dtype=float)
    for level in ("nominal", "ordinal", "interval", "ratio"):
        assert krippendorff_alpha(as_array, level).alpha == pytest.approx(
            krippendorff_alpha(K2011, level).alpha, abs=1e-12
        )
    mixed = [[float("nan") if v is None else v for v in u] for u in K2011]
    assert (
        krippendorff_alpha(mixed, "interval").alpha == krippendorff_alpha(K2011, "interval").alpha
    )


def test_bad_input_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="needs numbers"):
        krippendorff_alpha([["a", "b"], ["c", "d"]], "interval")
    with pytest.raises(ValueError, match=">= 0"):
        krippendorff_alpha([[-1, 2], [3, 4]], "ratio")
    with pytest.raises(ValueError, match="unit 1"):
        krippendorff_alpha([[1, 2], [3]], "nominal")
    with pytest.raises(ValueError, match="unknown level"):
        krippendorff_alpha([[1, 2]], "none")
    with pytest.raises(ValueError, match="not a set"):
        krippendorff_alpha([["a", "b"]], "set")
    with pytest.raises(ValueError, match="comparable"):
        krippendorff_alpha([[1, "a"], [2, 2]], "ordinal")


@pytest.mark.parametrize(
    ("alpha", "verdict"),
    [
        (0.95, "acceptable"),
        (0.800, "acceptable"),
        (0.7996, "acceptable"),  # shown as 0.800
        (0.79, "tentative"),
        (0.667, "tentative"),
        (2 / 3, "tentative"),  # shown as 0.667
        (0.6664, "unacceptable"),
        (-0.2, "unacceptable"),
        (None, "undefined"),
        (float("nan"), "undefined"),
    ],
)
def test_classify(alpha: float | None, verdict: str) -> None:
    assert classify(alpha) == verdict
