"""Fast paths (encode once, set-distance table, batched bootstrap) pinned to slow references."""

from __future__ import annotations

import itertools
import random
from typing import Any

import numpy as np
import pytest

from coder.agreement import (
    _core,
    bootstrap_alpha_ci,
    bootstrap_alpha_cis,
    krippendorff_alpha,
    masi_distance,
    pairwise_matrix,
    percent_agreement,
    prepare,
    prepare_sets,
)
from coder.compare.similarity import _pair_jaccard

LABELS = ["a", "b", "c", "d", "e", "f"]


def _random_sets(rng: random.Random, units: int, coders: int) -> list[list[Any]]:
    rows = []
    for _ in range(units):
        row: list[Any] = []
        for _ in range(coders):
            if rng.random() < 0.15:
                row.append(None)
            else:
                row.append(frozenset(rng.sample(LABELS, rng.randint(1, 3))))
        rows.append(row)
    return rows


def _explicit_set_alpha(rows: list[list[Any]]) -> float:
    """Krippendorff (2011) by the book: coincidence matrix over distinct sets, scalar MASI."""
    values = sorted({v for r in rows for v in r if v is not None}, key=sorted)
    idx = {v: i for i, v in enumerate(values)}
    o = np.zeros((len(values), len(values)))
    for r in rows:
        present = [v for v in r if v is not None]
        m = len(present)
        if m < 2:
            continue
        for i, j in itertools.permutations(range(m), 2):
            o[idx[present[i]], idx[present[j]]] += 1 / (m - 1)
    delta = np.array([[masi_distance(a, b) for b in values] for a in values])
    n_c = o.sum(axis=1)
    n = n_c.sum()
    d_o = (o * delta).sum() / n
    d_e = (np.outer(n_c, n_c) * delta).sum() / (n * (n - 1))
    return float(1 - d_o / d_e)


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_set_alpha_with_distance_table_equals_explicit_coincidences(seed: int) -> None:
    rows = _random_sets(random.Random(seed), units=60, coders=4)
    expected = _explicit_set_alpha(rows)
    got = krippendorff_alpha(rows, "set").alpha
    assert got == pytest.approx(expected, abs=1e-12)
    # already-coded input, as compare passes it
    distinct = list(dict.fromkeys(v for r in rows for v in r if v is not None))
    code = {v: i for i, v in enumerate(distinct)}
    codes = np.array([[-1 if v is None else code[v] for v in r] for r in rows])
    fast = krippendorff_alpha(prepare_sets(codes, distinct)).alpha
    assert fast == pytest.approx(expected, abs=1e-12)


def test_set_alpha_without_table_matches_table(monkeypatch: pytest.MonkeyPatch) -> None:
    rows = _random_sets(random.Random(7), units=80, coders=3)
    with_table = krippendorff_alpha(rows, "set")
    monkeypatch.setattr(_core, "_MAX_TABLE", 0)  # force the pairwise path (huge V)
    assert prepare(rows, "set").metric.table is None
    without = krippendorff_alpha(rows, "set")
    assert with_table.alpha == pytest.approx(without.alpha, abs=1e-12)
    assert with_table.expected == pytest.approx(without.expected, abs=1e-12)


def test_prepare_sets_rejects_bad_codes() -> None:
    s = [frozenset({"a"}), frozenset({"b"})]
    with pytest.raises(ValueError, match="index into sets"):
        prepare_sets(np.array([[0, 2]]), s)
    with pytest.raises(ValueError, match="distinct"):
        prepare_sets(np.array([[0, 1]]), [s[0], s[0]])


@pytest.mark.parametrize("level", ["nominal", "ordinal", "interval", "set"])
def test_prepared_pairwise_matrix_equals_raw(level: str) -> None:
    rng = random.Random(3)
    if level == "set":
        rows: list[list[Any]] = _random_sets(rng, 50, 4)
    else:
        rows = [[rng.choice([None, 1, 2, 3, 5]) for _ in range(4)] for _ in range(50)]
    p = prepare(rows, level)
    for statistic in ("alpha", "percent"):
        raw = pairwise_matrix(rows, level, statistic=statistic)  # type: ignore[arg-type]
        fast = pairwise_matrix(p, statistic=statistic)  # type: ignore[arg-type]
        for r, f in zip(itertools.chain(*raw), itertools.chain(*fast), strict=True):
            assert (r is None) == (f is None)
            if r is not None:
                assert f == pytest.approx(r, abs=1e-12)
    assert percent_agreement(p) == pytest.approx(percent_agreement(rows), abs=1e-12)


def test_batched_bootstrap_equals_each_field_alone() -> None:
    """Fields sharing the article count share weights; every CI equals its solo run."""
    rng = random.Random(5)
    np_rng = np.random.default_rng(5)
    groups = np.repeat(np.arange(40), 3)
    nominal = [[rng.choice([None, "x", "y", "z"]) for _ in range(3)] for _ in range(120)]
    interval = np_rng.integers(0, 6, size=(120, 3)).astype(float)
    interval[np_rng.random((120, 3)) < 0.2] = np.nan
    sets = _random_sets(rng, 120, 3)
    short = [[rng.choice(["x", "y"]) for _ in range(2)] for _ in range(30)]
    items = [
        (prepare(nominal, "nominal"), groups),
        (prepare(interval, "interval"), groups),
        (prepare(sets, "set"), groups.tolist()),
        (prepare(short, "nominal"), np.arange(30) // 2),
        (prepare(nominal, "ordinal"), groups),
    ]
    batched = bootstrap_alpha_cis(items, n_boot=300, seed=11)
    for (p, g), ci in zip(items, batched, strict=True):
        alone = bootstrap_alpha_ci(p, p.level, g, n_boot=300, seed=11)
        assert ci == alone
        raw = nominal if p.level in ("nominal", "ordinal") and p.shape[0] == 120 else None
        if raw is not None:  # raw data and a list of groups give the same stream
            assert bootstrap_alpha_ci(raw, p.level, list(g), n_boot=300, seed=11) == alone


def test_groups_array_numbered_in_first_appearance_order() -> None:
    """The article numbering decides which article a draw picks: array and list must agree."""
    rows = [[rng_v, (rng_v + k) % 3] for k, rng_v in enumerate([0, 1, 2, 0, 1, 2, 1, 0, 2, 2])]
    g_list = ["z", "z", "a", "a", "m", "m", "b", "b", "c", "c"]
    g_arr = np.array([9, 9, 1, 1, 5, 5, 2, 2, 3, 3])
    a = bootstrap_alpha_ci(rows, "nominal", g_list, n_boot=200, seed=3)
    b = bootstrap_alpha_ci(rows, "nominal", g_arr, n_boot=200, seed=3)
    assert a == b


def test_alignment_jaccard_matrix_equals_scalar() -> None:
    rng = random.Random(2)
    sets: list[frozenset[Any] | None] = [
        None if rng.random() < 0.2 else frozenset(rng.sample(LABELS, rng.randint(1, 3)))
        for _ in range(12)
    ]
    n = len(sets)
    i, j = np.divmod(np.arange(n * n), n)
    has = np.asarray([s is not None for s in sets])
    got = _pair_jaccard(sets, i, j, has[i] & has[j]).reshape(n, n)
    for i, a in enumerate(sets):
        for j, b in enumerate(sets):
            if a is not None and b is not None:
                assert got[i, j] == len(a & b) / len(a | b)


def test_pairable_units_worked_out_once_per_prepared(monkeypatch: pytest.MonkeyPatch) -> None:
    """Alpha, percent agreement and the bootstrap of one Prepared share its pairable units;
    the figures are those of the raw data."""
    rows = [[1, 1, None], [2, 3, 3], [1, None, None], [3, 3, 3], [2, 2, 1]]
    p = prepare(rows, "nominal")
    calls: list[int] = []
    real = _core.pairable

    def counted(coded: Any) -> Any:
        calls.append(1)
        return real(coded)

    monkeypatch.setattr("coder.agreement.prepared.pairable", counted)
    assert krippendorff_alpha(p) == krippendorff_alpha(rows, "nominal")
    assert percent_agreement(p) == percent_agreement(rows)
    bootstrap_alpha_cis([(p, np.arange(len(rows)))], n_boot=20)
    assert len(calls) == 1
    assert percent_agreement(p) == percent_agreement(rows)  # after the bootstrap freed them
    assert len(calls) == 2
    sub = p.subset(np.array([0, 1, 4]), (0, 1))
    assert sub.pairable is not p.pairable and len(sub.pairable.index) == 3
