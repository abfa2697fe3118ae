"""scipy's `linear_sum_assignment` without the 0.25 s of importing `scipy.optimize`.

Alignment needs one function of scipy.optimize, a compiled extension (`scipy.optimize._lsap`),
but importing it runs the package's `__init__`, which imports all of scipy.optimize with
scipy.linalg and more: a quarter of a second of every `coder compare` (and most of one at
1,000 articles). The extension only needs numpy, so it is loaded from its file on the first
call, the very same code; if that file is not where scipy has kept it, or loading it fails for
any reason, the public import is used.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt


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
    """The extension's function, loaded under a private name; None when it cannot be."""
    try:
        import scipy

        folder = Path(scipy.__file__).parent / "optimize"
        for suffix in importlib.machinery.EXTENSION_SUFFIXES:
            path = folder / f"_lsap{suffix}"
            if path.is_file():
                spec = importlib.util.spec_from_file_location("_lsap", path)
                if spec is None or spec.loader is None:
                    return None
                module = importlib.util.module_from_spec(spec)
                spec.loader.exec_module(module)
                return getattr(module, "linear_sum_assignment", None)
    except Exception:  # any failure: the public import decides
        return None
    return None
