"""The columns a `place` field adds to a CSV export: name, admin levels, coordinates, precision.

After the field's own column (the gazetteer id, what the coder chose) come `<field>_name`,
`<field>_admin1`, `<field>_admin2` (names, as ACLED publishes them), `<field>_latitude`,
`<field>_longitude` and `<field>_precision` (ACLED geo precision: 1 town or village with its own
point, 2 district, 3 province). A place without coordinates (most villages) takes the point of
its nearest ancestor that has one, and the precision of that ancestor, so an analysis never
mistakes a district centroid for the village. Import ignores these columns (they are derived
from the id), so an exported file imports back unchanged.
"""

from __future__ import annotations

from pathlib import Path

from coder.codebook.model import Codebook, Field

SUFFIXES = ("_name", "_admin1", "_admin2", "_latitude", "_longitude", "_precision")


def columns_of(field: Field) -> list[str]:
    """The CSV columns of one field: itself, plus the derived ones of a place field."""
    if field.type != "place":
        return [field.name]
    return [field.name, *(field.name + s for s in SUFFIXES)]


def derived_columns(codebook: Codebook) -> list[str]:
    return [c for f in codebook.all_fields() for c in columns_of(f)[1:]]


def place_cells(field: Field, value: object) -> list[str]:
    """The derived cells of a place value (all empty for an empty or unknown id)."""
    from coder.places import gazetteer_for

    empty = [""] * len(SUFFIXES)
    if not isinstance(value, str) or not value or field.gazetteer is None:
        return empty
    gaz = gazetteer_for(Path(field.gazetteer))
    place = gaz.get(value)
    where = gaz.locate(value)
    if place is None or where is None:
        return empty
    return [
        place.name,
        where.admin1.name if where.admin1 else "",
        where.admin2.name if where.admin2 else "",
        "" if where.latitude is None else f"{where.latitude:.5f}",
        "" if where.longitude is None else f"{where.longitude:.5f}",
        str(where.precision),
    ]
