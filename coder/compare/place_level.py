"""Place fields compared a second time at district (admin2) level.

A place field is compared by gazetteer id (nominal): "Topzawa" against "Daquq" is a
disagreement. Leads also need to know whether coders at least agree on the district (ACLED
publishes admin2, and many analyses aggregate to it), so each place field gets a derived
variable `derived:<field>_admin2`: every value replaced by its admin2 ancestor (a value above
district level, a province, stays itself, so "Kirkuk province" and "Daquq" still differ). Being
derived, it is reported but never adjudicated: the gold set settles the place itself.

Without a readable gazetteer there are no districts: the derived variable has no values (and the
place is compared by the ids as stored), and `place_warnings` says so. A place a coder kept as
typed (`?Daquq`, coder.places.typed) has no district either; it is compared as typed, and
`place_warnings` counts them.
"""

from __future__ import annotations

from collections.abc import Container, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from coder.codebook.model import Field
from coder.codebook.values import is_empty
from coder.places.typed import TYPED_MARK, is_typed, typed_name

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
    from coder.places import GazetteerError, gazetteer_for

    unreadable = False
    try:
        gaz = gazetteer_for(Path(field.gazetteer)) if field.gazetteer is not None else None
    except GazetteerError:  # said once by place_warnings; no district is known
        gaz, unreadable = None, True
    name = admin2_name(field)
    codes: dict[str, int] = {}

    def district(value: Any) -> str | None:
        if is_empty(value) or not isinstance(value, str) or unreadable or is_typed(value):
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


def place_warnings(
    fields: Sequence[Field],
    records_by_coder: Mapping[str, Sequence[Any]],
    articles: Container[str],
) -> list[str]:
    """Sentences for the lead about the place fields compared: a gazetteer that cannot be read
    (places compared by the ids as stored, no district level), and the places coders kept as
    typed in the finished records of the `articles` compared (compared as typed: such a value
    agrees only with the same name)."""
    from coder.codebook.place_keys import fields_by_gazetteer
    from coder.compare.results import COMPARED_STATUSES
    from coder.places import GazetteerError, gazetteer_for

    by_path = fields_by_gazetteer(fields)
    if not by_path:
        return []
    places = [f for group in by_path.values() for f in group]
    out: list[str] = []
    for path, group in by_path.items():
        names = [f.name for f in group]
        try:
            gazetteer_for(path)
        except GazetteerError as e:
            first = e.first(str(path))
            out.append(
                f"the gazetteer of {', '.join(names)} cannot be read ({first}): places are "
                "compared by the ids as stored, without the district level; `coder check` "
                "says what to fix"
            )
    article = [f.name for f in places if f.scope == "article"]
    incident = [f.name for f in places if f.scope == "incident"]
    typed: list[tuple[str, str]] = []
    mark = TYPED_MARK
    for coder, records in records_by_coder.items():
        # Flat comprehensions, the mark tested inline: this walks every incident of every
        # coder (150k at 5 x 10k) for values that are almost never there (0.3 s as a loop).
        kept = [r for r in records if r.status in COMPARED_STATUSES and r.article in articles]
        values = [r.values.get(n) for r in kept for n in article]
        if incident:
            values += [i.values.get(n) for r in kept for i in r.incidents for n in incident]
        typed += [(coder, v) for v in values if v.__class__ is str and v[:1] == mark]
    if typed:
        coders = sorted({c for c, _ in typed})
        names = sorted({typed_name(v) or "" for _, v in typed})
        shown = ", ".join(repr(n) for n in names[:5]) + (" ..." if len(names) > 5 else "")
        out.append(
            f"{len(typed)} place value(s) of {', '.join(coders)} were kept as typed while the "
            f"gazetteer could not be read ({shown}): compared as typed, so they agree only with "
            "the same name; place them in the form first (`coder check` lists them)"
        )
    return out
