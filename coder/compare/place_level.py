"""Place fields compared a second time at district (admin2) level.

A place field is compared by gazetteer id (nominal): "Topzawa" against "Daquq" is a
disagreement. Leads also need to know whether coders at least agree on the district (ACLED
publishes admin2, and many analyses aggregate to it), so each place field gets a derived
variable `derived:<field>_admin2`: every value replaced by its admin2 ancestor (a value above
district level, a province, stays itself, so "Kirkuk province" and "Daquq" still differ). Being
derived, it is reported but never adjudicated: the gold set settles the place itself.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from coder.codebook.model import Field
from coder.codebook.values import is_empty

Cells = tuple[Mapping[str, Any] | None, ...]


def admin2_name(field: Field) -> str:
    return f"derived:{field.name}_admin2"


def admin2_label_field(field: Field) -> Field:
    """A text Field that shows the district values in disagreement lists."""
    return Field(
        name=admin2_name(field), type="text", scope=field.scope, label=f"{field.label} (district)"
    )


def admin2_cells(
    field: Field, values: Sequence[Any], n_coders: int
) -> tuple[npt.NDArray[np.float64], list[Cells]]:
    """(units x coders matrix of district codes, per-row cells {derived name: district shown})
    from the field's value in every cell, row by row (`n_coders` cells a row)."""
    from coder.places import gazetteer_for

    gaz = gazetteer_for(Path(field.gazetteer)) if field.gazetteer is not None else None
    name = admin2_name(field)
    codes: dict[str, int] = {}

    def district(value: Any) -> str | None:
        if is_empty(value) or not isinstance(value, str):
            return None
        if gaz is None or value not in gaz:
            return value
        place = gaz.admin(value, "admin2")
        return gaz.hierarchy(place.id if place is not None else value)

    flat: list[float] = []
    cells: list[Mapping[str, Any] | None] = []
    # Per distinct stored value: its matrix code and the one cell {derived name: district} that
    # every cell with that value shares (cells are read-only), so 5 coders x 10k articles look
    # each place up once, not 130k times, and hold a few hundred small dicts, not 130k.
    seen: dict[Any, tuple[float, Mapping[str, Any] | None]] = {}
    nan = np.nan
    for value in values:
        key = (value.__class__, value)
        try:
            code, shared = seen[key]
        except KeyError:
            shown = district(value)
            if shown is None:
                code, shared = nan, None
            else:
                code, shared = float(codes.setdefault(shown, len(codes))), {name: shown}
            seen[key] = (code, shared)
        except TypeError:  # an unhashable value where a place id belongs: never a district
            code, shared = nan, None
        flat.append(code)
        cells.append(shared)
    units = len(values) // n_coders if n_coders else 0
    matrix = np.asarray(flat, dtype=np.float64).reshape(units, n_coders)
    return matrix, [tuple(cells[u * n_coders : (u + 1) * n_coders]) for u in range(units)]
