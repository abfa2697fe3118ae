"""scipy's compiled extensions loaded from their files, without their packages' `__init__`.

coder needs two compiled functions of scipy: the assignment solver (`scipy.optimize._lsap`,
for alignment) and the sparse matrix products (`scipy.sparse._sparsetools`, for the bootstrap).
Importing either package the public way runs its `__init__`, which imports far more:
scipy.optimize with scipy.linalg (0.25 s), scipy.sparse with scipy's array-API layer, which
walks numpy and so imports numpy.f2py, numpy.testing and numpy.ma (0.17-0.24 s). Every
`coder compare` paid both. The extensions themselves need only numpy, so each is loaded from
its file under a private name: the very same compiled code. When the file is not where scipy
keeps it, or loading fails for any reason, the caller uses the public import instead.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
from functools import cache
from pathlib import Path
from types import ModuleType


@cache
def extension(package: str, name: str) -> ModuleType | None:
    """scipy's compiled module `scipy.<package>.<name>`, loaded from its file, or None when it
    cannot be. Python keeps it in sys.modules as the top-level `name` (`_lsap`), never as
    `scipy.<package>.<name>`: a later public import of the package loads its own copy."""
    try:
        import scipy

        folder = Path(scipy.__file__).parent / package
        for suffix in importlib.machinery.EXTENSION_SUFFIXES:
            path = folder / f"{name}{suffix}"
            if path.is_file():
                spec = importlib.util.spec_from_file_location(name, path)
                if spec is None or spec.loader is None:
                    return None
                module = importlib.util.module_from_spec(spec)
                spec.loader.exec_module(module)
                return module
    except Exception:  # any failure: the caller's public import decides
        return None
    return None
