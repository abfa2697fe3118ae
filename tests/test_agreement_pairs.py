"""The coder x coder figures made from two columns of codes (`pair_statistics`) are the very
floats the general path gives for the same pair: alpha and percent agreement of the pair's
subset of the prepared data, and of that pair with a third, empty coder beside it (which sends
every step through the code written for any number of coders)."""

from __future__ import annotations

import random
from itertools import combinations
from typing import Any

import numpy as np
import pytest

from coder.agreement import (
    Prepared,
    krippendorff_alpha,
    pair_statistics,
    pairwise_matrix,
    percent_agreement,
    prepare,
)
from coder.agreement._core import pairable, same_value_squares
from coder.agreement._data import Coded

LABELS = ["a", "b", "c", "d"]


def _value(rng: random.Random, level: str) -> Any:
    if level == "nominal":
        return rng.choice(["x", "y", "z", "w"])
    if level == "ordinal":
        return rng.randint(1, 5)
    if level == "interval":
        return rng.choice([-2.5, 0.1, 0.2, 1 / 3, 7.0, 1e6])
    if level == "ratio":
        return rng.choice([0.0, 0.1, 1.0, 2.5, 3.0, 40.0])
    return frozenset(rng.sample(LABELS, rng.randint(1, 3)))


def _rows(seed: int, level: str, units: int, coders: int, missing: float) -> list[list[Any]]:
    rng = random.Random(seed)
    rows = [
        [None if rng.random() < missing else _value(rng, level) for _ in range(coders)]
        for _ in range(units)
    ]
    rows.append([None] * coders)  # a unit nobody coded
    return rows


def _padded(p: Prepared, i: int, j: int) -> Prepared:
    """Coders i and j and an empty third coder: the pairable units are the same."""
    codes = p.coded.codes[:, [i, j]]
    codes = np.column_stack([codes, np.full(len(codes), -1, dtype=np.int64)])
    return Prepared(Coded(codes, p.coded.values, p.coded.numeric), p.metric)


@pytest.mark.parametrize("level", ["nominal", "ordinal", "interval", "ratio", "set"])
@pytest.mark.parametrize("seed", range(4))
def test_pair_statistics_are_the_general_paths_floats(level: str, seed: int) -> None:
    missing = [0.1, 0.3, 0.5, 0.7][seed]
    rows = _rows(seed, level, units=[200, 60, 30, 40][seed], coders=5, missing=missing)
    p = prepare(rows, level)
    fast = pair_statistics(p)
    assert list(fast) == list(combinations(range(5), 2))
    defined = 0
    for (i, j), (alpha, percent) in fast.items():
        sub = p.subset(coders=(i, j))
        assert alpha == krippendorff_alpha(sub).alpha  # exact: the same floats
        assert percent == percent_agreement(sub)
        wide = _padded(p, i, j)
        assert alpha == krippendorff_alpha(wide).alpha
        assert percent == percent_agreement(wide)
        defined += alpha is not None
    assert defined  # the data leaves some pair's alpha defined


def test_pairs_with_nothing_or_one_unit_in_common() -> None:
    rows = [["x", None, "x"], [None, "y", "y"], ["x", None, None], ["y", None, "y"]]
    stats = pair_statistics(prepare(rows))
    assert stats[(0, 1)] == (None, None)  # no unit coded by both
    assert stats[(1, 2)] == (None, 1.0)  # one unit: percent agreement, no alpha
    assert stats[(0, 2)] == (1.0, 1.0)  # two units, x-x and y-y: perfect agreement
    assert pairwise_matrix(prepare(rows))[0][2] == 1.0


@pytest.mark.parametrize("seed", range(3))
def test_two_coder_same_value_squares_equal_the_sorting_count(seed: int) -> None:
    rows = _rows(seed, "nominal", units=80, coders=2, missing=0.3)
    p = prepare(rows)
    two = pairable(p.coded)
    wide = pairable(_padded(p, 0, 1).coded)
    assert two.codes.shape[1] == 2 and wide.codes.shape[1] == 3
    assert np.array_equal(same_value_squares(two), same_value_squares(wide))
