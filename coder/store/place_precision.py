"""A coded precision finer than the coded place: a warning for `coder check`, a refusal of done.

Choosing a place fills its precision (coder.codebook.place_keys), and the coder may make it coarser
("near Daquq": 2 although Daquq is a town). A precision *finer* than the place itself (1, a named
town, with the district Daquq coded; or 2 with a province) cannot be right: either the place or the
precision is wrong. Codes are read as ACLED's and GTD's are, lower = more precise. The store and
import accept it (an imported data set may follow other rules) and `coder check` lists each one
with the record's line as a warning; the coding screen refuses to mark an article done with one
(`precision_problems`), as it refuses any other known error.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from coder.codebook.model import Codebook, Field
from coder.places import KIND_WORDS, GazetteerError, gazetteer_for
from coder.store.records import ArticleRecord


def precision_warnings(codebook: Codebook, record: ArticleRecord) -> list[str]:
    """ "incident 2: ..." (or the field alone at article level) for each contradiction."""
    out = []
    for key, message in precision_problems(codebook, record).items():
        where, _, _ = key.rpartition(": ")
        out.append(f"{where}: {message}" if where else message)
    return out


def precision_problems(codebook: Codebook, record: ArticleRecord) -> dict[str, str]:
    """Each contradiction keyed as `validate_record` keys a problem ("geo_precision", "incident
    2: geo_precision"): the coding screen refuses "done" with them and puts the cursor there (a
    draft may hold one while the coder works; `coder check` and import only warn)."""
    out = {
        f.precision_field or f.name: m
        for f, m in _check(_placed(codebook.article_fields), record.values)
    }
    placed = _placed(codebook.incident_fields)
    if placed:
        for n, inc in enumerate(record.incidents, 1):
            for f, message in _check(placed, inc.values):
                out[f"incident {n}: {f.precision_field}"] = message
    return out


_Placed = tuple[tuple[Field, Path], ...]
"""The place fields with a precision field and a gazetteer, each with its gazetteer's path (the
field's own Path object: coder.places.cache finds it without comparing paths)."""


def _check(placed: _Placed, values: Mapping[str, Any]) -> list[tuple[Field, str]]:
    out: list[tuple[Field, str]] = []
    for f, path in placed:
        place_id, coded = values.get(f.name), values.get(f.precision_field)  # type: ignore[arg-type]
        if place_id.__class__ is not str or coded.__class__ is not int:  # (a bool is no int)
            continue
        try:
            place = gazetteer_for(path).get(place_id)
        except GazetteerError:
            return out  # reported as the gazetteer's problem
        expected = f.precision_code(place.kind) if place is not None else None
        if place is None or expected is None or coded >= expected:
            continue
        kind = KIND_WORDS.get(place.kind, place.kind)
        out.append(
            (
                f,
                f"{f.precision_field} {coded} is finer than {f.name} {place.name} ({place_id}), "
                f"a {kind} ({f.precision_field} {expected}): code the exact place or precision "
                f"{expected}",
            )
        )
    return out


_PLACED: dict[int, tuple[tuple[Field, ...], _Placed]] = {}


def _placed(fields: tuple[Field, ...]) -> _Placed:
    """The place fields with a precision field and a gazetteer, worked out once per tuple of
    fields: `coder check` asks for every article and incident."""
    entry = _PLACED.get(id(fields))
    if entry is not None and entry[0] is fields:
        return entry[1]
    placed = tuple(
        (f, f.gazetteer)
        for f in fields
        if f.type == "place" and f.precision_field is not None and f.gazetteer is not None
    )
    if len(_PLACED) > 64:  # codebooks loaded many times (tests): do not grow without bound
        _PLACED.clear()
    _PLACED[id(fields)] = (fields, placed)
    return placed
