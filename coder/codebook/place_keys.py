"""`precision_field` and `precision_codes`: a `place` field tied to a geo-precision field.

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
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import replace
from typing import Any, Protocol

from coder.codebook import values as V
from coder.codebook.model import Field
from coder.codebook.yaml_source import YMap
from coder.places import KINDS, PRECISION

PRECISION_KEYS = ("precision_field", "precision_codes")


class Owner(Protocol):
    """The loader, as far as this module needs it (coder.codebook.fields.Reporter)."""

    precision_lines: dict[str, int]

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
