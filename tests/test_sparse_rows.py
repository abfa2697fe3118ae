"""coder.agreement.sparse_rows: the bootstrap's sparse products without importing scipy.sparse,
by scipy's own compiled kernels (loaded by coder.scipy_extensions) and checked against it."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from scipy import sparse

from coder.agreement import sparse_rows
from coder.agreement.sparse_rows import SparseRows
from coder.scipy_extensions import extension


def _triples(  # type: ignore[no-untyped-def]
    rng: np.random.Generator, n_rows: int, n_cols: int, nnz: int, whole: bool
):
    rows = rng.integers(0, n_rows, size=nnz)
    cols = rng.integers(0, max(n_cols, 1), size=nnz)  # many equal triples: duplicates summed
    data = np.ones(nnz) if whole else 1 / rng.integers(1, 6, size=nnz)
    return rows, cols, data


@pytest.mark.parametrize("whole", [True, False])
def test_products_are_scipys(whole: bool) -> None:
    """The same canonical matrix (columns sorted, duplicates summed) and the same kernels as
    scipy.sparse.csr_matrix. Counts (whole numbers, as the bootstrap's value counts) give the
    same bits; fractions (the ordinal pair weights) may differ in the last bit where a row holds
    more than 16 equal triples' values, which scipy adds in its unstable sort's order."""
    rng = np.random.default_rng(11)
    for _ in range(200):
        n_rows, n_cols = (int(x) for x in rng.integers(1, 40, size=2))
        rows, cols, data = _triples(rng, n_rows, n_cols, int(rng.integers(0, 120)), whole)
        ours = SparseRows(rows, cols, data, (n_rows, n_cols))
        theirs = sparse.csr_matrix((data, (rows, cols)), shape=(n_rows, n_cols))
        xt = rng.integers(0, 4, size=(n_rows, 7)).astype(float)  # resampling counts
        x = rng.random((n_cols, 3))
        same = np.array_equal if whole else lambda a, b: np.allclose(a, b, rtol=1e-14, atol=0)
        assert same(ours.transposed_times(xt), theirs.T @ xt)
        assert same(ours.times(x), theirs @ x)
        assert np.array_equal(ours.indptr, theirs.indptr)
        assert np.array_equal(ours.indices, theirs.indices)


def test_few_equal_triples_are_added_as_scipy_adds_them() -> None:
    """Rows of up to 16 entries (an article's value pairs, nearly always): scipy's sort keeps
    equal columns in input order there, and so do we: the same bits for fractions too."""
    rng = np.random.default_rng(5)
    for _ in range(300):
        n_rows = int(rng.integers(1, 30))
        rows = np.repeat(np.arange(n_rows), rng.integers(0, 17, size=n_rows))
        cols = rng.integers(0, 4, size=rows.size)
        data = 1 / rng.integers(1, 7, size=rows.size)
        ours = SparseRows(rows, cols, data, (n_rows, 4))
        theirs = sparse.csr_matrix((data, (rows, cols)), shape=(n_rows, 4))
        assert np.array_equal(ours.data, theirs.data)
        xt = rng.integers(0, 4, size=(n_rows, 5)).astype(float)
        assert np.array_equal(ours.transposed_times(xt), theirs.T @ xt)


def test_an_empty_matrix_gives_zeros() -> None:
    empty = SparseRows(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0), (3, 0))
    assert empty.transposed_times(np.ones((3, 2))).shape == (0, 2)
    none = SparseRows(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0), (3, 2))
    assert np.array_equal(none.times(np.ones((2, 4))), np.zeros((3, 4)))


def test_scipys_kernels_are_the_ones_in_use() -> None:
    """On the scipy coder installs, the kernels load from their file (a scipy that moved or
    changed them would fall back to importing scipy.sparse: correct, but slower; this says so)."""
    assert sparse_rows._kernels() is not None
    assert extension("optimize", "_lsap") is not None
    assert extension("sparse", "_no_such_module") is None


def test_shapes_outside_the_matrix_are_refused() -> None:
    """The compiled kernels check nothing: a short operand or an index past the shape would
    read or write outside the arrays, so both are refused first, as scipy refuses them."""
    m = SparseRows(np.array([0, 2]), np.array([1, 0]), np.ones(2), (3, 2))
    with pytest.raises(ValueError):
        m.transposed_times(np.ones((1, 2)))
    with pytest.raises(ValueError):
        m.times(np.ones((3, 2)))
    with pytest.raises(ValueError):
        SparseRows(np.array([0]), np.array([2]), np.ones(1), (3, 2))
    with pytest.raises(ValueError):
        SparseRows(np.array([3]), np.array([0]), np.ones(1), (3, 2))


def test_falls_back_to_scipy_sparse(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sparse_rows, "_kernels", lambda: None)
    rng = np.random.default_rng(3)
    rows, cols, data = _triples(rng, 9, 5, 30, whole=False)
    ours = SparseRows(rows, cols, data, (9, 5))
    theirs = sparse.csr_matrix((data, (rows, cols)), shape=(9, 5))
    xt = rng.random((9, 4))
    assert np.array_equal(ours.transposed_times(xt), theirs.T @ xt)
    assert np.array_equal(ours.times(rng.random((5, 2))).shape, (9, 2))


def test_compare_imports_neither_scipy_sparse_nor_optimize() -> None:
    code = (
        "import sys\n"
        "from coder.compare import compare\n"
        "from tests.compare_helpers import inc, make_codebook, rec\n"
        "def two(day, n):\n"
        "    return [inc(date=f'2020-09-0{day}', place='Daquq', fatalities=n),\n"
        "            inc(date='2021-01-01', place='Hawija', fatalities=n + 1)]\n"
        "a = [rec(f'k{k}', two(k, 1), topic='conflict') for k in range(1, 4)]\n"
        "b = [rec(f'k{k}', two(k + 1, 2), topic='other') for k in range(1, 4)]\n"
        "report = compare(make_codebook(), {'ann': a, 'bob': b}, bootstrap=50)\n"
        "assert any(f.stats.ci95 for f in report.fields), report  # a bootstrap ran\n"
        "assert any(len(u.members) == 2 for a in report.aligned for u in a.units)  # paired\n"
        "heavy = ('scipy.sparse', 'scipy.optimize', 'numpy.f2py')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert done.stdout.strip() == "[]"
