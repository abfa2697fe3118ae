"""scipy's `linear_sum_assignment` without the 0.25 s of importing `scipy.optimize`.

Alignment needs one function of scipy.optimize, a compiled extension (`scipy.optimize._lsap`),
loaded from its file on the first call (coder.scipy_extensions): the very same code. If it
cannot be, the public import is used.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import numpy as np
import numpy.typing as npt

from coder.scipy_extensions import extension


def linear_sum_assignment(
    cost: npt.ArrayLike, maximize: bool = False
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """`scipy.optimize.linear_sum_assignment(cost, maximize)` (the same compiled function)."""
    return _solver()(cost, maximize=maximize)  # type: ignore[no-any-return]


@cache
def _solver() -> Any:
    return _from_extension() or _public()


def _public() -> Any:
    from scipy.optimize import linear_sum_assignment as solve

    return solve


def _from_extension() -> Any:
    """The extension's function, or None when it cannot be loaded."""
    module = extension("optimize", "_lsap")
    return None if module is None else getattr(module, "linear_sum_assignment", None)
