"""The name a place was coded by, kept beside the place id: `as_coded` in a record.

A place field stores the gazetteer id (`IQ-KI-DAQ`), so "Daquq" and "Daqouq" are one value. What
the coder saw is worth keeping too: a reviewer checking a disagreement, or a lead auditing the
gazetteer's alternate names, wants to know that the article said "Daqouq" (and a spelling that
keeps being chosen by fuzzy match is a missing alternate name). Each incident (and the record,
for article-level place fields) holds `as_coded: {field: name}`: the name or alternate name the
coder chose the place by, or the text import resolved. It is optional (absent: not known), is
only ever about a place field that holds a value, and never affects agreement.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from coder.codebook.model import Field

MAX_NAME = 200
"""Longer than any place name; a longer text is not a name but pasted text."""


def as_coded_errors(
    fields: Sequence[Field], values: Mapping[str, Any], names: Mapping[str, Any]
) -> dict[str, str]:
    """{"<field>.as_coded": message} for each entry of `names` the store must refuse."""
    if not names:  # nearly every record and incident
        return {}
    by_name = {f.name: f for f in fields}
    errors: dict[str, str] = {}
    for key, name in names.items():
        where = f"{key}.as_coded"
        f = by_name.get(key)
        if f is None:
            errors[where] = "is not a field of this codebook"
        elif f.type != "place":
            errors[where] = (
                f"only place fields keep the name they were coded by ({key} is {f.type})"
            )
        elif not isinstance(name, str) or not name.strip():
            errors[where] = "must be the name the place was coded by (text)"
        elif len(name) > MAX_NAME or "\n" in name or "\r" in name:
            errors[where] = f"must be one line of at most {MAX_NAME} characters"
        elif values.get(key) in (None, ""):
            errors[where] = f"names a place ({name!r}) but the field has no place"
    return errors


def prune_as_coded(values: Mapping[str, Any], names: Mapping[str, str]) -> dict[str, str]:
    """`names` without the fields that hold no value now (a place cleared, or moved to scratch
    because it no longer validates): what the coding screen saves."""
    return {k: v for k, v in names.items() if values.get(k) not in (None, "")}
