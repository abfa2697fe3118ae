"""`precision_field`, `precision_codes` and `area_fields`: a `place` field tied to other fields.

Event data code a place together with how precisely it is known (ACLED geo_precision 1 town,
2 district, 3 province; GTD's specificity 1-5). Choosing a place in the form fills that field, so
the coder types one answer instead of two and the two cannot drift apart by accident; the coder
may still change it (ACLED codes "near Daquq" as 2 although Daquq is a town). A codebook says so
on the place field:

    - name: place
      type: place
      precision_field: geo_precision      # a choice or integer field of the same level
      precision_codes: {site: 1}          # optional: kind -> code, over the defaults

The defaults are coder.places.PRECISION (town, village, site 1; admin2 2; admin1 3). The loader
checks that the field exists at the same level, is a choice or integer field, and that every code
is one of its choices (or within its min/max), each problem with the line of the key.

The place field's candidates list the places inside the incident's province and district first
(coder.places.Near). Which fields hold them the codebook says, since names do not (ACLED calls
them admin1/admin2, GTD provstate, the shipped codebook province):

    - name: place
      type: place
      area_fields: {admin1: province, admin2: district}   # gazetteer level -> field holding it

A mapping keyed by the gazetteer's own levels (coder.places KINDS), not a list of names or a
`province_field:` and `district_field:` pair: each level is held by one field at most, either may
be left out, the words are those `precision_codes` and the gazetteer file already use, and
"province" or "governorate" would each be wrong for some country. The loader checks that the
key is on a place field, that each level is admin1 or admin2 (the levels the ranking knows), and
that each named field is a choice or text field of the same level other than the place field
(a choice's label or value, or the text typed, names the area), each problem with the line of
the level's entry; a wrong entry is dropped.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, Protocol

from coder.codebook import values as V
from coder.codebook.model import Codebook, Field
from coder.codebook.yaml_source import YMap
from coder.places import KINDS, PRECISION

PRECISION_KEYS = ("precision_field", "precision_codes")
AREA_KEY = "area_fields"
AREA_NOUNS = {"admin1": "province", "admin2": "district"}
"""The gazetteer levels `area_fields` may name a field for (coder.places.Near ranks by these)."""
AREA_LEVELS = tuple(AREA_NOUNS)
AREA_TYPES = ("choice", "text")


class Owner(Protocol):
    """The loader, as far as this module needs it (coder.codebook.fields.Reporter)."""

    precision_lines: dict[str, int]
    area_lines: dict[tuple[str, str], int]

    def add(self, line: int | None, field: str | None, message: str) -> None: ...


class FieldBuilder(Protocol):
    """coder.codebook.fields.FieldBuilder, as far as this module needs it (no import: the
    builder imports this module)."""

    m: YMap
    name: str | None

    @property
    def o(self) -> Owner: ...

    def add(self, key: str | None, message: str) -> None: ...


def suggest(word: str, options: Sequence[str]) -> str:
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def read_precision(b: FieldBuilder, ftype: str) -> tuple[str | None, tuple[tuple[str, int], ...]]:
    """(precision_field, codes) of one field entry; problems reported through the builder."""
    m = b.m
    target, codes = m.get("precision_field"), m.get("precision_codes")
    if ftype != "place":
        for key in PRECISION_KEYS:
            if key in m:
                b.add(key, f"'{key}' applies only to place fields")
        return None, ()
    if target is None:
        if codes is not None:
            b.add(
                "precision_codes", "'precision_codes' needs 'precision_field' (the field to fill)"
            )
        return None, ()
    if not isinstance(target, str) or not target.strip():
        b.add("precision_field", f"'precision_field' must be a field name, not {target!r}")
        return None, ()
    merged = dict(PRECISION)
    if codes is not None:
        merged.update(_codes(b, codes))
    if b.name is not None:
        b.o.precision_lines[b.name] = m.key_lines.get("precision_field", m.line)
    return target.strip(), tuple((k, merged[k]) for k in KINDS)


def read_areas(b: FieldBuilder, ftype: str) -> tuple[tuple[str, str], ...]:
    """(level, field name) of one field entry's `area_fields`, in AREA_LEVELS order; problems
    reported through the builder. The fields themselves are checked by `check_area_fields`."""
    raw = b.m.get(AREA_KEY)
    if raw is None:
        return ()
    if ftype != "place":
        b.add(AREA_KEY, f"'{AREA_KEY}' applies only to place fields")
        return ()
    if not isinstance(raw, YMap) or not raw:
        b.add(
            AREA_KEY,
            f"'{AREA_KEY}' must map gazetteer levels to the fields holding them, "
            "e.g. {admin1: province, admin2: district}",
        )
        return ()
    found: dict[str, str] = {}
    for level, target in raw.items():
        line = raw.key_lines.get(level, raw.line)
        if level not in AREA_LEVELS:
            b.o.add(
                line,
                b.name,
                f"{AREA_KEY}: unknown level {level!r}{suggest(str(level), AREA_LEVELS)}; "
                "levels are: " + ", ".join(f"{k} ({v})" for k, v in AREA_NOUNS.items()),
            )
        elif not isinstance(target, str) or not target.strip():
            b.o.add(line, b.name, f"{AREA_KEY}: {level} must name a field, not {target!r}")
        else:
            found[level] = target.strip()
            if b.name is not None:
                b.o.area_lines[b.name, level] = line
    return tuple((level, found[level]) for level in AREA_LEVELS if level in found)


def _codes(b: FieldBuilder, raw: Any) -> dict[str, int]:
    if not isinstance(raw, YMap):
        b.add(
            "precision_codes",
            "'precision_codes' must map kinds to codes, e.g. {town: 1, admin2: 2, admin1: 3}",
        )
        return {}
    out: dict[str, int] = {}
    for kind, code in raw.items():
        if kind not in KINDS:
            b.add(
                "precision_codes",
                f"unknown kind {kind!r}{suggest(str(kind), KINDS)}; kinds are: {', '.join(KINDS)}",
            )
        elif not isinstance(code, int) or isinstance(code, bool):
            b.add("precision_codes", f"the code of {kind} must be a whole number, not {code!r}")
        else:
            out[kind] = code
    return out


def check_precision_fields(owner: Owner, fields: Sequence[Field]) -> list[Field]:
    """Check each place field's `precision_field` against the fields of its level; a wrong one
    is reported and dropped (the form then fills nothing)."""
    by_name = {f.name: f for f in fields}
    out: list[Field] = []
    for f in fields:
        if f.precision_field is not None:
            line = owner.precision_lines.get(f.name, f.line)
            problem = _target_problem(f, by_name)
            if problem is not None:
                owner.add(line, f.name, problem)
                f = replace(f, precision_field=None, precision_codes=())
        out.append(f)
    return out


def _target_problem(f: Field, by_name: dict[str, Field]) -> str | None:
    name = f.precision_field
    assert name is not None
    target = by_name.get(name)
    if target is None:
        others = [n for n in by_name if n != f.name]
        return (
            f"precision_field '{name}' is not a field of the {f.scope} level{suggest(name, others)}"
        )
    if target is f:
        return "precision_field names the place field itself: name the precision field"
    if target.type not in ("choice", "integer"):
        return f"precision_field '{name}' is a {target.type} field: it must be choice or integer"
    for kind, code in f.precision_codes:
        if target.type == "choice" and target.choice(code) is None:
            shown = ", ".join(str(c.value) for c in target.choices)
            return (
                f"precision code {code} (for {kind}) is not a choice of '{name}' ({shown}); "
                "set precision_codes"
            )
        if target.type == "integer" and V.check_value(target, code) is not None:
            return f"precision code {code} (for {kind}): {V.check_value(target, code)}"
    return None


def check_area_fields(
    owner: Owner, fields: Sequence[Field], elsewhere: Sequence[Field] = ()
) -> list[Field]:
    """Check each place field's `area_fields` against the fields of its level (`elsewhere`: the
    other level's, named in the hint); a wrong entry is reported and dropped (its level then
    ranks nothing first)."""
    by_name = {f.name: f for f in fields}
    other = {f.name: f for f in elsewhere}
    out: list[Field] = []
    for f in fields:
        if f.area_fields:
            kept: list[tuple[str, str]] = []
            seen: dict[str, str] = {}
            for level, name in f.area_fields:
                problem = _area_problem(f, level, name, by_name, other)
                if problem is None and name in seen:
                    problem = f"{AREA_KEY}: '{name}' is named for both {seen[name]} and {level}"
                if problem is not None:
                    owner.add(owner.area_lines.get((f.name, level), f.line), f.name, problem)
                else:
                    seen[name] = level
                    kept.append((level, name))
            f = replace(f, area_fields=tuple(kept))
        out.append(f)
    return out


def _area_problem(
    f: Field, level: str, name: str, by_name: dict[str, Field], other: dict[str, Field]
) -> str | None:
    target = by_name.get(name)
    if target is None:
        if name in other:
            return (
                f"{AREA_KEY}: {level} '{name}' is a field of the {other[name].scope} level: "
                f"name a field of the {f.scope} level, as the place field"
            )
        others = [n for n in by_name if n != f.name]
        return (
            f"{AREA_KEY}: {level} '{name}' is not a field of the {f.scope} level"
            f"{suggest(name, others)}"
        )
    if target is f:
        return (
            f"{AREA_KEY}: {level} names the place field itself: name the field that holds the "
            f"{AREA_NOUNS[level]}"
        )
    if target.type not in AREA_TYPES:
        return f"{AREA_KEY}: {level} '{name}' is {_a(target.type)} field: it must be choice or text"
    return None


def _a(word: str) -> str:
    return f"an {word}" if word[:1] in "aeiou" else f"a {word}"


def fields_by_gazetteer(fields: Iterable[Field]) -> dict[Path, list[Field]]:
    """The place fields among `fields` grouped by the gazetteer file they use (one notice or
    warning per file, naming its fields), in the fields' order."""
    by_path: dict[Path, list[Field]] = {}
    for f in fields:
        if f.type == "place" and f.gazetteer is not None:
            by_path.setdefault(f.gazetteer, []).append(f)
    return by_path


def gazetteer_notices(codebook: Codebook) -> list[str]:
    """One notice per gazetteer of the codebook's place fields that cannot be read (the file,
    what is wrong, what to do: coder.places.notice); [] when all can. Reads each gazetteer (the
    cached load every later look uses), so the coding screen calls it in a worker thread."""
    from coder.places.notice import gazetteer_notice

    out: list[str] = []
    for path, fields in fields_by_gazetteer(codebook.all_fields()).items():
        first = fields[0]
        said = gazetteer_notice(
            path, [f.name for f in fields], codebook.path, first.gazetteer_line, first.line
        )
        if said is not None:
            out.append(said)
    return out
