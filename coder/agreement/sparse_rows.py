"""A matrix with few non-zeros per row, and its two products the bootstrap needs.

The bootstrap keeps per-article sufficient statistics as an articles x values matrix of counts
(and, for ordinal fields, of value-pair weights): a few non-zeros per article among thousands
of columns. Its replicates are products of that matrix's transpose with a block of resampling
weights. scipy.sparse does this in compiled code, but importing scipy.sparse costs 0.17-0.24 s
(see coder.scipy_extensions), so the matrix is kept here in scipy's CSR layout (canonical:
each row's columns sorted, duplicates summed) and multiplied by the same compiled functions,
`csr_matvecs` and `csc_matvecs` of `scipy.sparse._sparsetools`, loaded from their file: the same
additions in the same order as `scipy.sparse.csr_matrix`'s products. If that extension cannot
be loaded, scipy.sparse itself does the products.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import numpy as np

from coder.agreement._data import FloatArray, IntArray
from coder.scipy_extensions import extension


class SparseRows:
    """An n_rows x n_cols matrix from (row, column, value) triples: what
    `scipy.sparse.csr_matrix((data, (rows, cols)), shape)` makes. Values of equal (row, column)
    are added in input order, as scipy adds them in a row of up to 16 entries (beyond, its
    unstable sort decides: a last-bit difference at most, and none for whole numbers)."""

    def __init__(
        self, rows: IntArray, cols: IntArray, data: FloatArray, shape: tuple[int, int]
    ) -> None:
        n_rows, n_cols = shape
        self.shape = shape
        rows = np.asarray(rows, dtype=np.int64)
        cols = np.asarray(cols, dtype=np.int64)
        if rows.shape != cols.shape or not (_within(rows, n_rows) and _within(cols, n_cols)):
            # as scipy refuses them: the compiled kernels check nothing
            raise ValueError(f"row or column index outside a {n_rows} x {n_cols} matrix")
        self.data: FloatArray = np.zeros(0)
        self.indices: IntArray = np.zeros(0, dtype=np.int64)
        row_of: IntArray = self.indices
        if rows.size and n_cols:
            # Equal (row, column) keys made adjacent by a stable sort (so their values are added
            # in input order); the rows come nearly sorted (by article), where a stable sort
            # is near linear: np.unique's sort took twice as long as scipy's own building.
            key = rows * n_cols + cols
            order = np.argsort(key, kind="stable")
            key = key[order]
            first = np.empty(key.size, dtype=bool)
            first[:1] = True
            np.not_equal(key[1:], key[:-1], out=first[1:])
            group = np.cumsum(first) - 1
            weights = np.asarray(data, dtype=np.float64)[order]
            summed = np.bincount(group, weights=weights, minlength=int(group[-1]) + 1)
            self.data = np.asarray(summed, dtype=np.float64)  # (float already: typed for mypy)
            row_of, self.indices = np.divmod(key[first], n_cols)
        self.indptr = np.zeros(n_rows + 1, dtype=np.int64)
        np.cumsum(np.bincount(row_of, minlength=n_rows), out=self.indptr[1:])

    def times(self, x: FloatArray) -> FloatArray:
        """self @ x for a dense n_cols x k `x`: n_rows x k."""
        x = np.ascontiguousarray(x, dtype=np.float64)
        _check_operand(x, self.shape[1])
        kernels = _kernels()
        if kernels is None:
            return np.asarray(self._scipy() @ x)
        n_rows, n_cols = self.shape
        k = x.shape[1]
        out = np.zeros((n_rows, k))
        kernels.csr_matvecs(n_rows, n_cols, k, *self._arrays(), x.ravel(), out.ravel())
        return out

    def transposed_times(self, xt: FloatArray) -> FloatArray:
        """self.T @ xt for a dense n_rows x k `xt` (C order, as the bootstrap makes it once per
        block of weights, not once per field): n_cols x k."""
        xt = np.ascontiguousarray(xt, dtype=np.float64)
        _check_operand(xt, self.shape[0])
        kernels = _kernels()
        if kernels is None:
            return np.asarray(self._scipy().T @ xt)
        n_rows, n_cols = self.shape
        k = xt.shape[1]
        out = np.zeros((n_cols, k))
        kernels.csc_matvecs(n_cols, n_rows, k, *self._arrays(), xt.ravel(), out.ravel())
        return out

    def _arrays(self) -> tuple[IntArray, IntArray, FloatArray]:
        """CSR's three arrays, as the kernels take them (the transpose's CSC is the same)."""
        return self.indptr, self.indices, self.data

    def _scipy(self) -> Any:
        from scipy import sparse

        return sparse.csr_matrix((self.data, self.indices, self.indptr), shape=self.shape)


def _within(index: IntArray, size: int) -> bool:
    return not index.size or (int(index.min()) >= 0 and int(index.max()) < size)


def _check_operand(x: FloatArray, rows: int) -> None:
    """scipy's shape check: the compiled kernels would read past the end of a smaller `x`."""
    if x.ndim != 2 or x.shape[0] != rows:
        raise ValueError(f"operand of shape {x.shape}: {rows} rows expected")


@cache
def _kernels() -> Any:
    """scipy's compiled sparse kernels, or None (then scipy.sparse is imported)."""
    module = extension("sparse", "_sparsetools")
    if module is None or not all(hasattr(module, f) for f in ("csr_matvecs", "csc_matvecs")):
        return None
    return module
