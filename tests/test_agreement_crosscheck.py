"""Our alpha against the `krippendorff` package (test-only dependency) on random data, and the
pairwise helpers against their definitions."""

from __future__ import annotations

import numpy as np
import pytest

from coder.agreement import (
    agreement_with_others,
    cohen_kappa,
    krippendorff_alpha,
    pairwise_matrix,
    percent_agreement,
)

krippendorff = pytest.importorskip("krippendorff")


def _random_data(seed: int, units: int = 200, coders: int = 4, values: int = 7) -> np.ndarray:
    """Noisy copies of a true value per unit, ~20% missing: agreement well inside (0, 1)."""
    rng = np.random.default_rng(seed)
    truth = rng.integers(0, values, size=units)
    data = np.where(
        rng.random((units, coders)) < 0.7, truth[:, None], rng.integers(0, values, (units, coders))
    ).astype(float)
    data[rng.random(data.shape) < 0.2] = np.nan
    return data + (1 if seed % 2 else 0)  # odd seeds: no zero (ratio with and without 0)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("level", ["nominal", "ordinal", "interval", "ratio"])
def test_matches_krippendorff_package(seed: int, level: str) -> None:
    data = _random_data(seed, coders=3 + seed % 3)
    theirs = float(krippendorff.alpha(reliability_data=data.T, level_of_measurement=level))
    as_lists = [[None if np.isnan(v) else int(v) for v in row] for row in data]
    for form in (data, as_lists):
        ours = krippendorff_alpha(form, level)
        assert ours.alpha is not None
        assert abs(ours.alpha - theirs) < 1e-9


def test_matches_package_with_many_distinct_floats() -> None:
    rng = np.random.default_rng(3)
    truth = rng.gamma(2.0, 10.0, size=120)
    data = truth[:, None] + rng.normal(0, 4, size=(120, 3))
    data = np.abs(np.round(data, 1))
    data[rng.random(data.shape) < 0.1] = np.nan
    for level in ("ordinal", "interval", "ratio"):
        theirs = float(krippendorff.alpha(reliability_data=data.T, level_of_measurement=level))
        ours = krippendorff_alpha(data, level).alpha
        assert ours is not None and abs(ours - theirs) < 1e-9


def test_percent_agreement_definition() -> None:
    data = [
        ["a", "a", "a"],  # 6/6 ordered pairs agree
        ["a", "b", None],  # 0/2
        ["a", "a", "b"],  # 2/6
        ["c", None, None],  # not pairable
    ]
    assert percent_agreement(data) == pytest.approx((1 + 0 + 1 / 3) / 3)
    assert percent_agreement([["a", None], [None, "b"]]) is None
    assert percent_agreement([[["x", "y"], ["y", "x"]], [["x"], ["y"]]]) == 0.5  # sets


def test_pairwise_matrix_and_agreement_with_others() -> None:
    rng = np.random.default_rng(11)
    truth = rng.integers(0, 4, size=300)
    good = [truth, truth, np.where(rng.random(300) < 0.9, truth, (truth + 1) % 4)]
    bad = rng.integers(0, 4, size=300)
    data = [[int(c[u]) for c in (*good, bad)] for u in range(300)]
    matrix = pairwise_matrix(data, "nominal")
    assert all(matrix[i][i] is None for i in range(4))
    assert matrix[0][1] == 1.0 and matrix[1][0] == 1.0
    pair = krippendorff_alpha([[r[0], r[3]] for r in data], "nominal").alpha
    assert matrix[0][3] == pair
    percent = pairwise_matrix(data, statistic="percent")
    assert percent[0][2] == pytest.approx(np.mean(good[0] == good[2]))
    kappa_02 = cohen_kappa([r[0] for r in data], [r[2] for r in data])
    assert kappa_02 is not None and matrix[0][2] is not None
    assert abs(kappa_02 - matrix[0][2]) < 0.01  # alpha ~ kappa for 2 coders, large n
    others = agreement_with_others(data, "nominal")
    assert others[3] is not None and others[0] is not None
    assert others[3] == min(v for v in others if v is not None) and others[3] < 0.1
    assert others[0] == pytest.approx(np.mean([matrix[0][j] for j in (1, 2, 3)]))
    assert agreement_with_others([[1, None], [2, None]]) == [None, None]
