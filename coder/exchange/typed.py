"""Typed exports: Parquet (pandas, R's arrow, Python's polars) and Stata .dta (Stata, R's haven).

CSV loses types: pandas reads a count with a missing value as float64 (GTD code 3 becomes 3.0),
and a single partial date makes `pd.to_datetime` fail for the whole column. These formats carry
the types: integers and integer choice codes as nullable Int64, booleans as boolean, numbers as
Float64, dates as `_start`/`_end` date columns next to the date as coded (coder.exchange.columns
says why). Stata gets choices as labelled integers with value labels and every variable labelled
from the codebook.

pandas and pyarrow are an optional extra (`pip install 'coder[typed]'`); without them these
formats are a clear error, never an ImportError. Binary output goes to a file (--out FILE) through
coder.fsutil's atomic writer.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from coder.codebook.model import Codebook, Field
from coder.codebook.values import date_interval, format_value, is_empty
from coder.errors import CoderError
from coder.exchange.columns import Column, code_of, columns, integer_choices, stata_codes
from coder.exchange.export import ExportSource, ExportSummary, check_columns
from coder.exchange.place_columns import place_data
from coder.fsutil import atomic_write_bytes

TYPED_FORMATS = ("parquet", "dta")
STATA_NAME_MAX = 32
STATA_LABEL_MAX = 80


def _pandas() -> Any:
    try:
        import pandas as pd
        import pyarrow  # noqa: F401  (pandas needs it for parquet)
    except ImportError as e:
        raise CoderError(
            f"--format parquet and --format dta need pandas and pyarrow ({e.name} is missing): "
            "install them with `pip install 'coder[typed]'`"
        ) from None
    return pd


def _rows(codebook: Codebook, sources: Iterable[ExportSource]) -> tuple[list[dict[str, Any]], int]:
    """One dict per incident (article values repeated), raw values; and the record count."""
    rows: list[dict[str, Any]] = []
    n = 0
    for label, records in sources:
        for record in records:
            n += 1
            head: dict[str, Any] = {
                "coder": label,
                "article": record.article,
                "status": record.status,
            }
            head.update({f.name: record.values.get(f.name) for f in codebook.article_fields})
            head.update(_place_values(codebook.article_fields, record.values, record.as_coded))
            if not record.incidents:
                rows.append({**head, "incident": None, "incident_id": None})
            for k, inc in enumerate(record.incidents, 1):
                row = {**head, "incident": k, "incident_id": inc.id}
                row.update({f.name: inc.values.get(f.name) for f in codebook.incident_fields})
                row.update(_place_values(codebook.incident_fields, inc.values, inc.as_coded))
                rows.append(row)
    return rows, n


def _place_values(
    fields: tuple[Field, ...], values: Mapping[str, Any], names: Mapping[str, str]
) -> dict[str, Any]:
    """The derived columns of the place fields among `fields` (place_columns), typed."""
    out: dict[str, Any] = {}
    for f in fields:
        if f.type == "place":
            out.update(place_data(f, values.get(f.name), names.get(f.name)))
    return out


def _cell(col: Column, raw: Any, stata: bool, problems: list[str]) -> Any:
    """One typed value (None: missing)."""
    if is_empty(raw):
        return None
    f = col.field
    if f is None or col.derived:
        return raw
    if col.kind == "date" or (col.part == "value" and f.type == "date"):
        try:
            first, last = date_interval(str(raw))
        except ValueError:
            problems.append(f"{f.name}: {raw!r} is not a date")
            return None
        return {"value": str(raw), "start": first, "end": last}[col.part]
    if col.kind == "boolean":
        return bool(raw) if isinstance(raw, bool) else None
    if col.kind in ("integer", "number"):
        return raw if isinstance(raw, int | float) and not isinstance(raw, bool) else None
    if col.kind == "multi":
        return format_value(f, raw)
    if col.kind == "choice":
        if stata:
            code = code_of(f, raw)
            if code is None:
                problems.append(f"{f.name}: {raw!r} is not a choice of the codebook")
            return code
        return raw if integer_choices(f) else str(raw)
    return str(raw)


def _dtype(col: Column, stata: bool) -> str:
    f = col.field
    if col.kind == "integer" or (col.kind == "choice" and f is not None
                                 and (stata or integer_choices(f))):  # fmt: skip
        return "Int64"
    return {"number": "Float64", "boolean": "boolean", "date": "object"}.get(col.kind, "string")


Extra = Mapping[str, tuple[str, Sequence[str | None]]]
"""Text columns appended after the codebook's: name -> (label, one value per row, None for
missing); the gold export's provenance (coder.gold.typed_export)."""


def build_frame(
    codebook: Codebook, sources: Iterable[ExportSource], *, stata: bool, extra: Extra | None = None
) -> Any:
    """The export as a pandas DataFrame with typed columns, and the summary."""
    pd = _pandas()
    check_columns(codebook)
    cols = columns(codebook)
    rows, n = _rows(codebook, sources)
    problems: list[str] = []
    data: dict[str, Any] = {}
    for col in cols:
        source = col.field.name if col.field is not None and not col.derived else col.name
        values = [_cell(col, r.get(source), stata, problems) for r in rows]
        if col.kind == "date" and stata:  # to_stata's %td wants datetime64
            data[col.name] = pd.to_datetime(pd.Series(values, dtype=object))
        elif col.kind == "date":  # a Parquet date32: R's arrow reads a Date, pandas a date
            import pyarrow as pa

            data[col.name] = pd.Series(values, dtype=pd.ArrowDtype(pa.date32()))
        else:
            data[col.name] = pd.Series(values, dtype=_dtype(col, stata))
    for name, (_, texts) in (extra or {}).items():
        if len(texts) != len(rows):
            raise ValueError(f"extra column {name}: {len(texts)} values for {len(rows)} rows")
        data[name] = pd.Series(list(texts), dtype="string")
    frame = pd.DataFrame(data)
    summary = ExportSummary(records=n, rows=len(rows))
    if problems:
        shown = sorted(set(problems))
        summary.warnings.append(
            f"{len(problems)} value(s) left missing: " + "; ".join(shown[:5])
            + (f" and {len(shown) - 5} more" if len(shown) > 5 else "")
            + " (run `coder check`)"
        )  # fmt: skip
    return frame, summary


def parquet_bytes(
    codebook: Codebook, sources: Iterable[ExportSource], extra: Extra | None = None
) -> tuple[bytes, ExportSummary]:
    frame, summary = build_frame(codebook, sources, stata=False, extra=extra)
    buf = io.BytesIO()
    frame.to_parquet(buf, index=False, engine="pyarrow")
    return buf.getvalue(), summary


def dta_bytes(
    codebook: Codebook, sources: Iterable[ExportSource], extra: Extra | None = None
) -> tuple[bytes, ExportSummary]:
    """Stata 118 (Unicode, Stata 14+): labelled choices, labelled variables, %td dates."""
    frame, summary = build_frame(codebook, sources, stata=True, extra=extra)
    cols = columns(codebook)
    long = [c.name for c in cols if len(c.name) > STATA_NAME_MAX]
    if long:
        raise CoderError(
            f"{codebook.path or 'codebook'}: Stata names are at most {STATA_NAME_MAX} characters: "
            f"{', '.join(long)}; shorten these field names or export --format parquet"
        )
    labels = {c.name: c.label[:STATA_LABEL_MAX] for c in cols}
    for name, (label, _) in (extra or {}).items():
        labels[name] = label[:STATA_LABEL_MAX]
        frame[name] = frame[name].astype(object).where(frame[name].notna(), "")
    value_labels = {
        c.name: dict(stata_codes(c.field))
        for c in cols
        if c.kind == "choice" and c.field is not None
    }
    for c in cols:
        if c.kind == "boolean":  # Stata has no boolean: 0/1 labelled no/yes
            value_labels[c.name] = {0: "no", 1: "yes"}
        if c.kind in ("boolean", "integer", "number") or c.name in value_labels:
            # Stata's numeric missing is NaN in a double column
            frame[c.name] = frame[c.name].astype("Float64").to_numpy("float64", na_value=np.nan)
        elif c.kind in ("text", "multi"):
            frame[c.name] = frame[c.name].astype(object).where(frame[c.name].notna(), "")
    # a str column holds at most 2045 bytes; longer text (articles' notes) goes in a strL
    strl = [
        name
        for name in [*(c.name for c in cols if c.kind in ("text", "multi")), *(extra or {})]
        if max((len(str(x).encode("utf-8")) for x in frame[name]), default=0) > 2045
    ]
    buf = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a silently renamed column or a cut label is a bug
        frame.to_stata(
            buf,
            write_index=False,
            version=118,
            convert_dates={c.name: "td" for c in cols if c.kind == "date"},
            variable_labels=labels,
            value_labels=value_labels,
            convert_strl=strl,
            data_label=(codebook.title or "coder export")[:STATA_LABEL_MAX],
        )
    return buf.getvalue(), summary


def write_typed(
    codebook: Codebook,
    sources: Iterable[ExportSource],
    fmt: str,
    out: str | None,
    extra: Extra | None = None,
) -> ExportSummary:
    """`coder export --format parquet|dta --out FILE` (`extra`: text columns appended)."""
    if out in (None, "-"):
        raise CoderError(
            f"--format {fmt} writes a binary file: give --out FILE (e.g. --out data.{fmt})"
        )
    make = parquet_bytes if fmt == "parquet" else dta_bytes
    content, summary = make(codebook, sources, extra)
    path = Path(str(out))
    try:
        atomic_write_bytes(path, content)
    except OSError as e:
        raise CoderError(f"cannot write {path}: {e.strerror or e}") from None
    return summary
