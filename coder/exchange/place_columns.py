"""The columns a `place` field adds to every export: name, admin levels, coordinates, precision.

After the field's own column (the gazetteer id, what the coder chose) come `<field>_name`,
`<field>_admin1`, `<field>_admin2` (names, as ACLED publishes them), `<field>_latitude`,
`<field>_longitude`, `<field>_precision` (ACLED geo precision of the coordinates: 1 town or
village with its own point, 2 district, 3 province) and `<field>_name_as_coded` (the name or
alternate name the coder chose the place by, `as_coded` in the database). A place without
coordinates (most villages) takes the point of its nearest ancestor that has one, and the
precision of that ancestor, so an analysis never mistakes a district centroid for the village.

CSV writes them as text; JSONL puts them flat beside the id (numbers as numbers, empty ones
left out); Parquet and Stata type them (latitude/longitude float, precision integer, the rest
text; see coder.exchange.columns). Import ignores all but `_name_as_coded`, which it reads back
into the record, so an exported file imports back unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from coder.codebook.model import Codebook, Field

AS_CODED = "_name_as_coded"
SUFFIXES = ("_name", "_admin1", "_admin2", "_latitude", "_longitude", "_precision", AS_CODED)
DERIVED_LABELS = {
    "_name": "name in the gazetteer",
    "_admin1": "province (admin1)",
    "_admin2": "district (admin2)",
    "_latitude": "latitude (own, else the nearest ancestor's)",
    "_longitude": "longitude (own, else the nearest ancestor's)",
    "_precision": "precision of the point (1 own point, 2 district, 3 province)",
    AS_CODED: "name the coder chose it by",
}
DERIVED_KINDS = {
    "_name": "text",
    "_admin1": "text",
    "_admin2": "text",
    "_latitude": "number",
    "_longitude": "number",
    "_precision": "integer",
    AS_CODED: "text",
}


def columns_of(field: Field) -> list[str]:
    """The CSV columns of one field: itself, plus the derived ones of a place field."""
    if field.type != "place":
        return [field.name]
    return [field.name, *(field.name + s for s in SUFFIXES)]


def derived_columns(codebook: Codebook) -> list[str]:
    return [c for f in codebook.all_fields() for c in columns_of(f)[1:]]


def place_data(field: Field, value: object, as_coded: str | None = None) -> dict[str, Any]:
    """{column: typed value or None} of the derived columns of one place value (all None for an
    empty value; only the name as coded for an id the gazetteer does not have)."""
    from coder.places import GazetteerError, gazetteer_for

    out: dict[str, Any] = {field.name + s: None for s in SUFFIXES}
    out[field.name + AS_CODED] = as_coded or None
    if not isinstance(value, str) or not value or field.gazetteer is None:
        return out
    try:
        gaz = gazetteer_for(Path(field.gazetteer))
    except GazetteerError:
        return out  # export warns through `coder check`; the ids are still exported
    place = gaz.get(value)
    where = gaz.locate(value)
    if place is None or where is None:
        return out
    n = field.name
    out[n + "_name"] = place.name
    out[n + "_admin1"] = where.admin1.name if where.admin1 else None
    out[n + "_admin2"] = where.admin2.name if where.admin2 else None
    out[n + "_latitude"] = where.latitude
    out[n + "_longitude"] = where.longitude
    out[n + "_precision"] = where.precision
    return out


def gazetteer_warnings(codebook: Codebook) -> list[str]:
    """One warning per gazetteer of a place field that cannot be read: its derived columns are
    exported empty (the ids, and places kept as typed, are exported as stored)."""
    from coder.codebook.place_keys import fields_by_gazetteer
    from coder.places import GazetteerError, gazetteer_for

    out: list[str] = []
    for path, fields in fields_by_gazetteer(codebook.all_fields()).items():
        try:
            gazetteer_for(path)
        except GazetteerError as e:
            first = e.first(str(path))
            columns = ", ".join(f"{f.name}_name, {f.name}_admin1 ..." for f in fields)
            out.append(
                f"the gazetteer cannot be read ({first}): {columns} are empty; "
                "`coder check` says what to fix"
            )
    return out


def place_cells(field: Field, value: object, as_coded: str | None = None) -> list[str]:
    """The derived CSV cells of a place value (coordinates with 5 decimals, about a metre)."""
    data = place_data(field, value, as_coded)
    cells: list[str] = []
    for s in SUFFIXES:
        v = data[field.name + s]
        if v is None:
            cells.append("")
        elif s in ("_latitude", "_longitude"):
            cells.append(f"{v:.5f}")
        else:
            cells.append(str(v))
    return cells


def place_json(
    fields: tuple[Field, ...], values: Mapping[str, Any], names: Mapping[str, str]
) -> dict[str, Any]:
    """`values` (a JSONL object's, in codebook order) with the derived keys of each place
    field right after its id (empty ones left out, as the values are)."""
    by_name = {f.name: f for f in fields}
    out: dict[str, Any] = {}
    for key, value in values.items():
        out[key] = value
        f = by_name.get(key)
        if f is not None and f.type == "place" and value is not None:
            data = place_data(f, value, names.get(key))
            out.update({k: v for k, v in data.items() if v is not None})
    return out


def as_coded_from(fields: tuple[Field, ...], cells: Mapping[str, Any]) -> dict[str, str]:
    """{place field: name as coded} read back from the `<field>_name_as_coded` cells/keys."""
    out: dict[str, str] = {}
    for f in fields:
        if f.type == "place":
            raw = cells.get(f.name + AS_CODED)
            if isinstance(raw, str) and raw.strip():
                out[f.name] = raw.strip()
    return out
