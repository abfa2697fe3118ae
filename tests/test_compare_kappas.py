"""The report's Cohen's kappas come from each field's prepared codes (`kappas_of_codes`) instead
of `cohen_kappa` encoding every pair of coders' values again: the figures must be the very same
floats, at every level, with ties, missing values, -0.0 and sets."""

from __future__ import annotations

import random
from itertools import combinations

import numpy as np
import pytest

from coder.agreement import cohen_kappa
from coder.compare.data import FieldData
from coder.compare.stats import kappas_of_codes

POOL = [0.0, -0.0, 1.0, 2.0, 2.5, 3.0, 7.0, 1e6, 738_000.5, 0.1, 0.2, 0.30000000000000004]


def _field(m: np.ndarray, level: str, sets: list[frozenset[str]] | None = None) -> FieldData:
    rows = np.arange(m.shape[0], dtype=np.int64)
    return FieldData("f", "f", "incident", "choice", level, m, [], rows, None, sets)


def _reference(m: np.ndarray, coders: list[str]) -> dict[str, float | None]:
    out: dict[str, float | None] = {}
    for i, j in combinations(range(len(coders)), 2):
        both = ~np.isnan(m[:, i]) & ~np.isnan(m[:, j])
        a, b = m[both, i], m[both, j]
        out[f"{coders[i]}|{coders[j]}"] = cohen_kappa(a, b) if a.size else None
    return out


@pytest.mark.parametrize("level", ["nominal", "ordinal", "interval", "ratio", "set"])
def test_kappas_of_codes_are_cohen_kappa(level: str) -> None:
    rng = random.Random(hash(level) % 1000)
    checked = 0
    for _ in range(300):
        units, width = rng.randint(1, 200), rng.randint(2, 5)
        coders = [f"c{k}" for k in range(width)]
        pool = rng.sample(POOL, rng.randint(1, 5))  # few values: ties and p_e = 1 happen
        missing = rng.choice([0.0, 0.2, 0.7, 0.95])
        m = np.asarray(
            [[np.nan if rng.random() < missing else rng.choice(pool) for _ in coders]
             for _ in range(units)]
        )  # fmt: skip
        sets = None
        if level == "set":  # codes of distinct sets, as build_field_data numbers them
            m = np.where(np.isnan(m), np.nan, np.floor(np.abs(m)) % 4)
            sets = [frozenset({"a"}), frozenset({"b"}), frozenset({"a", "b"}), frozenset()]
        try:
            codes = _field(m, level, sets).prepared().coded.codes
        except ValueError:  # e.g. no value at all
            continue
        assert kappas_of_codes(codes, coders) == _reference(m, coders)
        checked += 1
    assert checked > 200


def _old_pair_alpha(fd: FieldData, i: int, j: int) -> tuple[float | None, float | None]:
    """The per-pair computation `pair_alphas` replaced: a subset of the prepared field."""
    from coder.agreement import krippendorff_alpha, percent_agreement

    m = fd.matrix[:, [i, j]]
    both = ~np.isnan(m).any(axis=1)
    if not both.any():
        return None, None
    try:
        prepared = fd.prepared()
    except ValueError:
        return None, percent_agreement(m[both])
    sub = prepared.subset(np.flatnonzero(both), (i, j))
    return krippendorff_alpha(sub).alpha, percent_agreement(sub)


@pytest.mark.parametrize("level", ["nominal", "ordinal", "interval", "ratio"])
def test_pair_alphas_are_the_per_pair_subsets(level: str) -> None:
    """Every pair of every field as the report had it, including a field whose values have no
    meaning at its level (a negative count at ratio level: no alpha, percent agreement still)."""
    from coder.compare.stats import pair_alphas

    rng = random.Random(7)
    for k in range(40):
        units, width = rng.randint(1, 60), rng.randint(2, 5)
        m = np.array([[rng.choice([*POOL[:6], np.nan]) for _ in range(width)]
                      for _ in range(units)])  # fmt: skip
        if k % 4 == 0:
            m[rng.randrange(units), rng.randrange(width)] = -3.0
        fd = _field(m, level)
        try:
            prepared = fd.prepared()
        except ValueError:
            prepared = None
        got = pair_alphas(fd, width, prepared)
        assert got == {(i, j): _old_pair_alpha(fd, i, j)
                       for i, j in combinations(range(width), 2)}  # fmt: skip
