"""The data dictionary that ships with a data set: `coder codebook --format markdown|csv`.

One row per column of the exports (coder.exchange.columns, so the dictionary describes exactly
what `--format parquet|dta` write, and the CSV's columns are the same less the `_start`/`_end`
date columns, plus its last column `suggested`): variable, label, scope, type, level of
measurement, the codes and their labels, when the variable applies, and the codebook's help.
Everything in it comes from the codebook file, so it is data: CSV cells are neutralised like an
export, Markdown cells escaped.
"""

from __future__ import annotations

import csv
import io

from coder.codebook.model import Codebook, Field
from coder.exchange.columns import Column, columns, integer_choices, stata_codes
from coder.exchange.export import neutralise

DICTIONARY_FORMATS = ("markdown", "csv")
HEADER = ("variable", "label", "scope", "type", "level", "codes", "applies_when", "description")


def codes_text(f: Field) -> str:
    """`3 = Bombing` for integer choices; `1 = rebels: Rebel group` (Stata code = value: label)
    for text choices, whose value is what CSV and Parquet hold and the code what Stata holds."""
    if integer_choices(f):
        return "; ".join(f"{code} = {label}" for code, label in stata_codes(f))
    return "; ".join(
        f"{code} = {c.value}: {c.label}"
        for (code, _), c in zip(stata_codes(f), f.choices, strict=True)
    )


def _row(col: Column) -> list[str]:
    f = col.field
    if f is None:
        return [col.name, col.label, "", col.kind, "", "", "", ""]
    if col.derived:  # a place field's column from the gazetteer (coder.exchange.place_columns)
        return [col.name, col.label, f.scope, col.kind, "", "", _when(f), "from the gazetteer"]
    codes = codes_text(f) if f.has_choices and col.part == "value" else ""
    when = _when(f)
    kind = "date" if col.part != "value" else (
        "text (ISO date as coded: YYYY, YYYY-MM or YYYY-MM-DD)" if f.type == "date" else col.kind
    )  # fmt: skip
    help_line = f.help.strip().splitlines()[0] if f.help.strip() and col.part == "value" else ""
    return [col.name, col.label, f.scope, kind, f.level, codes, when, help_line]


def _when(f: Field) -> str:
    return "" if f.when is None else f"{f.when.field} in ({', '.join(map(str, f.when.values))})"


def rows(codebook: Codebook) -> list[list[str]]:
    return [_row(c) for c in columns(codebook)]


def render_dictionary(codebook: Codebook, fmt: str) -> str:
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(HEADER)
        for r in rows(codebook):
            w.writerow([neutralise(c) for c in r])
        return buf.getvalue()
    title = codebook.title or "Codebook"
    lines = [
        f"# Data dictionary: {_md(title)} (codebook version {_md(str(codebook.version))})",
        "",
        "One row per column of `coder export --format parquet|dta`; the CSV export has the same "
        "columns less the `_start`/`_end` date columns, and ends with `suggested` (the incident "
        "fields whose value was accepted from a suggestion, joined with `;`). Codes: Stata's "
        "labelled integer = the value in CSV and Parquet: its label.",
        "",
        "| " + " | ".join(HEADER) + " |",
        "|" + "---|" * len(HEADER),
    ]
    lines += ["| " + " | ".join(_md(c) for c in r) + " |" for r in rows(codebook)]
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("\r", " ")
