"""coder.compare.lsap: scipy's assignment solver loaded without importing scipy.optimize."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from scipy.optimize import linear_sum_assignment as scipy_solve

from coder.compare import lsap


def test_answers_as_scipy_on_tied_weights() -> None:
    """Ties decide which incidents pair up: every answer must be scipy's, tie for tie."""
    rng = np.random.default_rng(7)
    for _ in range(3000):
        n, m = (int(x) for x in rng.integers(1, 8, size=2))
        weight = rng.integers(0, 4, size=(n, m)) / 4.0  # few distinct values: many ties
        for maximize in (True, False):
            ours = lsap.linear_sum_assignment(weight, maximize=maximize)
            theirs = scipy_solve(weight, maximize=maximize)
            assert [a.tolist() for a in ours] == [a.tolist() for a in theirs]


def test_falls_back_to_the_public_import(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lsap, "_from_extension", lambda: None)
    lsap._solver.cache_clear()
    try:
        assert lsap._solver() is scipy_solve
    finally:
        lsap._solver.cache_clear()


def test_compare_does_not_import_scipy_optimize() -> None:
    code = (
        "import sys\n"
        "from coder.compare.alignment import align\n"
        "from coder.compare.similarity import Matcher\n"
        "from tests.compare_helpers import inc, make_codebook\n"
        "cb = make_codebook()\n"
        "units = align(cb, {'a1': {'ann': [inc(date='2020-09-07', place='Daquq'),\n"
        "    inc(date='2021', place='Hawija')], 'bob': [inc(date='2020-09-07', place='Daquq'),\n"
        "    inc(date='2021', place='Hawija')]}})\n"
        "assert len(units[0].units) == 2, units\n"
        "assert 'scipy.optimize' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
