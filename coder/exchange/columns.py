"""The typed columns of a data set: what `--format parquet|dta` write and the dictionary lists.

Kept free of pandas so `coder codebook --format markdown|csv` (the data dictionary that ships
with a data set) works without the optional `[typed]` extra, and so the dictionary and the typed
exports can never disagree about a column's name, type or codes.

Decisions, documented in the README ("Typed exports and the data dictionary"):
- Every date field is three columns, whatever the data: `NAME` the date as coded (ISO text,
  `2020-09` for a partial date), `NAME_start` and `NAME_end` the first and last day it covers
  (dates). A column's type never depends on what the coders happened to enter, so a script that
  reads one export reads the next; a partial date no longer makes `pd.to_datetime` fail for the
  whole column, and `NAME_start == NAME_end` says the date is exact.
- Choices keep their codebook values; in Stata they are labelled integers: the codebook's own
  integer codes when every choice value is an integer (GTD's attack types 1-9), else 1..n in
  codebook order, with the choice labels as value labels.
- Multi fields are one text column, values joined with ";" as in the CSV.
- A place field is its gazetteer id (text) and the derived columns of coder.exchange.place_columns:
  `_name`, `_admin1`, `_admin2`, `_name_as_coded` text, `_latitude`/`_longitude` float,
  `_precision` integer, the same as the CSV's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, cast

from coder.codebook.model import Codebook, Field
from coder.exchange.place_columns import DERIVED_KINDS, DERIVED_LABELS, SUFFIXES

Kind = Literal["text", "integer", "number", "boolean", "date", "choice", "multi"]
Part = Literal["value", "start", "end"]

FIXED = (
    ("coder", "Coder (or gold)"),
    ("article", "Article identifier"),
    ("status", "Coding status (done, no_incident, draft)"),
    ("incident", "Incident number within the article (1-based; missing: no incident)"),
    ("incident_id", "Incident identifier"),
)
_KIND = {
    "text": "text",
    "longtext": "text",
    "quote": "text",
    "choice": "choice",
    "multi": "multi",
    "integer": "integer",
    "number": "number",
    "date": "date",
    "boolean": "boolean",
    "place": "text",  # the gazetteer id, followed by the derived place columns
}


@dataclass(frozen=True)
class Column:
    """One column of a typed export."""

    name: str
    label: str
    kind: Kind
    field: Field | None = None
    part: Part = "value"
    derived: str = ""
    """For a place field's derived column, its suffix (`_latitude`); its value comes from the
    gazetteer, not from the record (coder.exchange.place_columns)."""


def columns(codebook: Codebook) -> list[Column]:
    """Every column in export order: the fixed ones, then article fields, then incident fields."""
    out = [Column(n, lab, "integer" if n == "incident" else "text") for n, lab in FIXED]
    for f in (*codebook.article_fields, *codebook.incident_fields):
        kind: Kind = _KIND[f.type]  # type: ignore[assignment]
        if kind == "date":
            out.append(Column(f.name, f"{f.label} (as coded)", "text", f, "value"))
            out.append(Column(f"{f.name}_start", f"{f.label}: first day", "date", f, "start"))
            out.append(Column(f"{f.name}_end", f"{f.label}: last day", "date", f, "end"))
        else:
            out.append(Column(f.name, f.label, kind, f))
        if f.type == "place":
            for s in SUFFIXES:
                label = f"{f.label}: {DERIVED_LABELS[s]}"
                out.append(Column(f.name + s, label, cast(Kind, DERIVED_KINDS[s]), f, derived=s))
    return out


def integer_choices(f: Field) -> bool:
    """Whether every choice value is an integer (then it is its own code, in every format)."""
    return bool(f.choices) and all(
        isinstance(c.value, int) and not isinstance(c.value, bool) for c in f.choices
    )


def stata_codes(f: Field) -> list[tuple[int, str]]:
    """(code, label) per choice for Stata's value labels, in codebook order."""
    if integer_choices(f):
        return [(int(c.value), c.label) for c in f.choices]
    return [(i, c.label) for i, c in enumerate(f.choices, 1)]


def code_of(f: Field, value: object) -> int | None:
    """A choice value's Stata code (None: not a choice of the codebook, e.g. since removed)."""
    choice = f.choice(value)
    if choice is None:
        return None
    if integer_choices(f):
        return int(choice.value)
    return f.choices.index(choice) + 1


def names(cols: Sequence[Column]) -> list[str]:
    return [c.name for c in cols]
