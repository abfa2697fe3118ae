"""`coder import` of a CSV file (coder.exchange.importer drives it).

Rows of one article are grouped into one record wherever they are in the file, and
their article-level cells must agree; a row whose incident cells are all empty is an article
without incidents; `incident_id` keeps incident ids stable (a new id is made when it is empty);
`incident` numbers, when given, order the incidents. An empty status becomes "done" for an article
with incidents and "no_incident" for one without. The `coder` column is informational (the
`--coder` option decides), but a file holding several coders is refused. What spreadsheets write
is read too: a BOM, CRLF, trailing empty rows, ';' or tab as separator (found from the header),
dates without leading zeros (2020-9-7); day/month dates (7/9/2020) are refused as ambiguous.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from typing import Any, cast

from coder.codebook.model import Codebook
from coder.csv_rows import csv_rows
from coder.exchange.export import (
    FIXED_COLUMNS,
    SUGGESTED_COLUMN,
    check_columns,
    has_suggested_column,
    unneutralise,
)
from coder.exchange.import_cells import (
    GOLD_COLUMNS,
    Collector,
    Pending,
    parse_into,
    status_of,
    suggest,
)
from coder.exchange.place_columns import as_coded_from, derived_columns
from coder.store.coder_store import STATUSES, ArticleRecord, Incident, Status


def read_csv(text: str, codebook: Codebook, col: Collector) -> list[Pending]:
    check_columns(codebook)
    a_names = [f.name for f in codebook.article_fields]
    i_names = [f.name for f in codebook.incident_fields]
    known = [*FIXED_COLUMNS, *a_names, *i_names, *GOLD_COLUMNS, *derived_columns(codebook)]
    if has_suggested_column(codebook):
        known.append(SUGGESTED_COLUMN)
    delimiter = _delimiter(text, known)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        col.add(None, "", "empty file")
        return []
    except csv.Error as e:
        col.add(1, "", f"cannot read the header: {e}")
        return []
    for n, name in enumerate(header):
        if name not in known:
            col.add(1, name or f"column {n + 1}", "unknown column" + suggest(name, known))
        elif header.index(name) != n:
            col.add(1, name, "column appears twice")
    if "article" not in header:
        col.add(1, "article", "missing column (it holds each row's article id)")
    if col.problems:
        return []
    a_cols = [c for c in header if c in a_names]
    i_cols = [c for c in header if c in i_names]
    groups: dict[str, Pending] = {}
    for line, row, unreadable in csv_rows(reader):
        if unreadable:
            col.add(line, "", f"cannot read the row: {unreadable}")
            break
        if len(row) > len(header) and any(c.strip() for c in row[len(header) :]):
            col.add(line, "", f"has {len(row)} cells but the header has {len(header)} columns")
            continue
        cells = {h: unneutralise(c) for h, c in zip(header, row, strict=False)}
        _csv_row(cells, line, codebook, a_cols, i_cols, groups, col)
    return _finish(groups, col)


def _suggested_cell(
    codebook: Codebook, cells: Mapping[str, str], line: int, col: Collector
) -> list[str]:
    """The `suggested` cell (coder.exchange.export.suggested_cell): incident field names
    joined with ';'."""
    if not has_suggested_column(codebook):
        return []
    raw = cells.get(SUGGESTED_COLUMN, "").strip()
    names = [n.strip() for n in raw.split(";") if n.strip()] if raw else []
    bad = [n for n in names if n not in col.incident_fields]
    if bad:
        col.add(line, SUGGESTED_COLUMN, f"{bad[0]!r} is not an incident field of this codebook")
        return []
    return names


def _delimiter(text: str, known: Sequence[str]) -> str:
    """',' unless the header reads better split on ';' (Excel's "CSV" in many European locales)
    or a tab: the header holds field names, which contain none of these."""
    first = text.split("\n", 1)[0]
    names = set(known)

    def hits(sep: str) -> int:
        return sum(h.strip().strip('"') in names for h in first.split(sep))

    return max((",", ";", "\t"), key=hits)  # ties keep the comma (first)


def _csv_row(
    cells: Mapping[str, str],
    line: int,
    codebook: Codebook,
    a_cols: Sequence[str],
    i_cols: Sequence[str],
    groups: dict[str, Pending],
    col: Collector,
) -> None:
    article = cells.get("article", "").strip()
    if not article:
        col.add(line, "article", "empty: every row needs the article id")
        return
    if cells.get("coder", "").strip():
        col.coders.add(cells["coder"].strip())
    head: dict[str, Any] = {}
    head_names = as_coded_from(col.article_places, cells)
    parse_into(
        col.article_fields,
        {c: cells.get(c, "") for c in a_cols},
        head,
        col,
        line,
        names=head_names,
    )
    status = cells.get("status", "").strip()
    pending = groups.get(article)
    if pending is None:
        pending = groups[article] = Pending(
            ArticleRecord(article=article, values=head, as_coded=head_names),
            line,
            raw_status=status,
        )
    else:
        first = pending.line
        if status != pending.raw_status:
            col.add(
                line, "status", f"{status!r} differs from line {first} ({pending.raw_status!r})"
            )
        for c in a_cols:
            if (line, c) in col.unreadable:
                continue
            if head.get(c) != pending.record.values.get(c):
                col.add(
                    line,
                    c,
                    f"differs from line {first}: an article's values must be the "
                    "same on all its rows",
                )
    inc_cells = [cells.get(c, "") for c in ("incident", "incident_id", *i_cols)]
    if not any(c.strip() for c in inc_cells):
        return
    number: int | None = None
    raw_number = cells.get("incident", "").strip()
    if raw_number:
        try:
            number = int(raw_number)
        except ValueError:
            col.add(line, "incident", f"{raw_number!r} is not an incident number (1, 2, ...)")
    values: dict[str, Any] = {}
    names = as_coded_from(col.incident_places, cells)
    i_cells = {c: cells.get(c, "") for c in i_cols}
    parse_into(col.incident_fields, i_cells, values, col, line, names=names)
    inc_id = cells.get("incident_id", "").strip()  # "" = give it a stable id (_stable_ids)
    suggested = _suggested_cell(codebook, cells, line, col)
    kept = [s for s in suggested if s in values]
    pending.record.incidents.append(Incident(inc_id, values, names, suggested=kept))
    pending.incident_lines.append(line)
    pending.incident_numbers.append(number)


def _finish(groups: Mapping[str, Pending], col: Collector) -> list[Pending]:
    out = []
    for pending in groups.values():
        numbers = pending.incident_numbers
        if numbers and all(n is not None for n in numbers):
            order = sorted(range(len(numbers)), key=lambda i: cast(int, numbers[i]))
            pending.record.incidents = [pending.record.incidents[i] for i in order]
            pending.incident_lines = [pending.incident_lines[i] for i in order]
        status = status_of(pending.raw_status, bool(pending.record.incidents))
        if status not in STATUSES:
            col.add(
                pending.line,
                "status",
                f"{pending.raw_status!r} is not one of " + ", ".join(STATUSES),
            )
        pending.record.status = cast(Status, status)
        out.append(pending)
    return out
