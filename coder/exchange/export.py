"""Import and export of codings: CSV for spreadsheets and analysis, JSONL for programs.

Both formats carry the same information, so export -> import -> export is lossless:

* CSV: one row per incident with the article-level values repeated (an article without incidents
  is one row with empty incident cells). Columns: coder, article, status, incident (1-based number),
  incident_id, then the article fields, then the incident fields, in codebook order, then
  `suggested`: the incident fields whose value the coder accepted from a suggestion, joined with
  ';' in codebook order (empty: every value typed or picked). Values are written with
  `format_value` (multi values joined with ';') and read back with `parse_value`.
* JSONL: one line per coded article:
  `{"article": ID, "coder": NAME, "status": S, "values": {...}, "incidents": [{"id": UUID,
  field: value, ...}]}`. Incident values are *flat* next to their "id" (`pd.json_normalize(rows,
  "incidents", ["article", "coder"])` gives one row per incident); import also accepts the store's
  nested `{"id": ..., "values": {...}}` shape.

Spreadsheet formula injection: a cell that starts with = + - @ tab or CR would be run as a formula
by Excel/LibreOffice, so export prefixes it with a single quote. A plain number ("-3", "+2.5") is
left alone: spreadsheets read it as the number it is, and quoting it would turn fatality counts
into text. Cells that already start with a quote are prefixed too, so import can always remove
exactly one leading quote from a cell whose remainder starts with a quote or a formula character.

Import is all or nothing: every bad row is reported at once (file:line: field: message) and
nothing is written; a good file is written with one `CoderStore.save_many` call (one durable
write). Records of articles the coder had already coded are replaced, and the summary says so.

Scratch text (unparsed typing in drafts) and timestamps are not exported: they describe the
coding session, not the coding, and the store stamps imported records afresh.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TextIO

from coder.codebook.model import Codebook, Field
from coder.errors import CoderError
from coder.exchange.csvsafe import neutralise as neutralise  # re-exported: the one guard
from coder.exchange.csvsafe import safe_writer
from coder.exchange.csvsafe import unneutralise as unneutralise
from coder.store.coder_store import ArticleRecord, Incident

FIXED_COLUMNS = ("coder", "article", "status", "incident", "incident_id")
SUGGESTED_COLUMN = "suggested"
"""The last CSV column: which values came from a suggestion (left out when a codebook field has
this name; JSONL then leaves its `suggested` key out too)."""

ExportSource = tuple[str, Sequence[ArticleRecord]]
"""(coder label, records): a coder's database, or later the adjudicated gold set."""


class ExchangeError(CoderError):
    """An import or export that cannot be done; the message lists every problem."""


def check_columns(codebook: Codebook) -> None:
    """Field names must not clash with the fixed columns or between levels (one CSV header)."""
    seen: dict[str, str] = {c: "a fixed column" for c in FIXED_COLUMNS}
    for f in codebook.all_fields():
        if f.name in seen:
            raise ExchangeError(
                f"{codebook.path or 'codebook'}: {f.scope} field '{f.name}' has the same name as "
                f"{seen[f.name]}; rename it in the codebook to export or import CSV"
            )
        seen[f.name] = f"an {f.scope} field" if f.scope == "article" else "an incident field"


# ------------------------------------------------------------------------------ cells


# ------------------------------------------------------------------------------ export


@dataclass
class ExportSummary:
    records: int = 0
    rows: int = 0
    warnings: list[str] = field(default_factory=list)


def csv_header(codebook: Codebook) -> list[str]:
    from coder.exchange.place_columns import columns_of

    return [
        *FIXED_COLUMNS,
        *(c for f in codebook.article_fields for c in columns_of(f)),
        *(c for f in codebook.incident_fields for c in columns_of(f)),
        *([SUGGESTED_COLUMN] if has_suggested_column(codebook) else []),
    ]


def has_suggested_column(codebook: Codebook) -> bool:
    return all(f.name != SUGGESTED_COLUMN for f in codebook.all_fields())


def suggested_cell(codebook: Codebook, inc: Incident | None) -> str:
    """The `suggested` cell: the accepted fields in codebook order, joined with ';'."""
    if inc is None or not inc.suggested:
        return ""
    return ";".join(f.name for f in codebook.incident_fields if f.name in inc.suggested)


def _cells(
    fields: Sequence[Field], values: Mapping[str, Any], names: Mapping[str, str] | None = None
) -> list[str]:
    """The cells of `fields`; a place field is followed by its derived columns (place_columns),
    `names` the names its places were coded by (the record's `as_coded`)."""
    from coder.exchange.place_columns import SUFFIXES, place_cells

    out: list[str] = []
    for f in fields:
        out.append(csv_cell(f, values.get(f.name)))
        if f.type == "place":
            seen = (names or {}).get(f.name)
            out.extend(place_cells(f, values.get(f.name), seen) if values else [""] * len(SUFFIXES))
    return out


def csv_cell(field: Field, value: Any) -> str:
    """A value as a CSV cell. Booleans are `TRUE`/`FALSE`: R's read.csv reads only those (and
    T/F) as logical, lower-case `true` stays character, and pandas reads both as bool; the
    form's yes/no would load as text everywhere. The rest is format_value."""
    from coder.codebook.values import format_value

    if field.type == "boolean" and isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return format_value(field, value)


def export_csv(codebook: Codebook, sources: Iterable[ExportSource], out: TextIO) -> ExportSummary:
    """Write one row per incident (article values repeated); `out` should use newline=""."""
    check_columns(codebook)
    summary = ExportSummary()
    writer = safe_writer(out, lineterminator="\r\n")  # every cell neutralised (csvsafe)
    writer.writerow(csv_header(codebook))
    dropped: set[str] = set()
    incident_fields = codebook.incident_fields
    flags = has_suggested_column(codebook)
    for label, records in sources:
        for record in records:
            summary.records += 1
            dropped |= _unknown_keys(codebook, record)
            head = [label, record.article, record.status]
            article_cells = _cells(codebook.article_fields, record.values, record.as_coded)
            incidents: list[Incident | None] = [*record.incidents] or [None]
            for n, inc in enumerate(incidents, 1):
                if inc is None:
                    tail = ["", "", *article_cells, *_cells(incident_fields, {})]
                else:
                    tail = [
                        str(n),
                        inc.id,
                        *article_cells,
                        *_cells(incident_fields, inc.values, inc.as_coded),
                    ]
                if flags:
                    tail.append(suggested_cell(codebook, inc))
                writer.writerow([*head, *tail])
                summary.rows += 1
    _warn_dropped(summary, dropped)
    return summary


def record_to_json(codebook: Codebook, label: str, record: ArticleRecord) -> dict[str, Any]:
    """A place field's derived keys (place_columns: name, admin levels, coordinates, precision,
    name as coded) follow the values, flat like the CSV columns."""
    from coder.exchange.place_columns import place_json

    a_fields, i_fields = codebook.article_fields, codebook.incident_fields
    return {
        "article": record.article,
        "coder": label,
        "status": record.status,
        "values": place_json(a_fields, _ordered(a_fields, record.values), record.as_coded),
        "incidents": [
            {
                "id": inc.id,
                **place_json(i_fields, _ordered(i_fields, inc.values), inc.as_coded),
                **_suggested(inc),
            }
            for inc in record.incidents
        ],
    }


def _suggested(inc: Incident) -> dict[str, Any]:
    """JSONL: `"suggested": [fields accepted from a suggestion]`, only when there are any."""
    return {"suggested": list(inc.suggested)} if inc.suggested else {}


def export_jsonl(codebook: Codebook, sources: Iterable[ExportSource], out: TextIO) -> ExportSummary:
    """One JSON object per coded article (non-ASCII kept as is, UTF-8 output)."""
    summary = ExportSummary()
    dropped: set[str] = set()
    for label, records in sources:
        for record in records:
            dropped |= _unknown_keys(codebook, record)
            line = json.dumps(record_to_json(codebook, label, record), ensure_ascii=False)
            out.write(line + "\n")
            summary.records += 1
            summary.rows += 1
    _warn_dropped(summary, dropped)
    return summary


def export(
    codebook: Codebook, sources: Iterable[ExportSource], fmt: str, out: TextIO
) -> ExportSummary:
    if fmt == "csv":
        return export_csv(codebook, sources, out)
    if fmt == "jsonl":
        return export_jsonl(codebook, sources, out)
    raise ExchangeError(f"unknown export format {fmt!r}: use csv or jsonl")


def _ordered(fields: Sequence[Field], values: Mapping[str, Any]) -> dict[str, Any]:
    """Codebook fields in codebook order, empty ones left out (values the codebook no longer
    knows are left out too; `coder check` reports them)."""
    return {f.name: values[f.name] for f in fields if values.get(f.name) is not None}


def _unknown_keys(codebook: Codebook, record: ArticleRecord) -> set[str]:
    known_a = {f.name for f in codebook.article_fields}
    known_i = {f.name for f in codebook.incident_fields}
    out = {k for k in record.values if k not in known_a}
    for inc in record.incidents:
        out |= {k for k in inc.values if k not in known_i}
    return out


def _warn_dropped(summary: ExportSummary, dropped: set[str]) -> None:
    if dropped:
        summary.warnings.append(
            "left out values of fields the codebook does not define: "
            + ", ".join(sorted(dropped))
            + " (run `coder check` to see which records)"
        )
