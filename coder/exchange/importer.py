"""`coder import FILE --coder NAME`: existing codings (CSV or JSONL) into a coder's database.

The shapes are the ones `coder.exchange.export` exports (see its docstring), so an export can be
imported back without loss. Import is all or nothing: the whole file is parsed and validated
against the codebook and the articles first, every bad row is reported at once as
`file:line: field: message`, and only a clean file is written, with one durable
`CoderStore.save_checked` of the batch validated here (so each record is validated once).
Records of articles the coder had already coded are replaced.

CSV details: rows of one article are grouped into one record wherever they are in the file, and
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
import difflib
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast
from uuid import UUID, uuid5

from coder.codebook.model import Codebook, Field
from coder.exchange.export import (
    FIXED_COLUMNS,
    SUGGESTED_COLUMN,
    ExchangeError,
    check_columns,
    has_suggested_column,
    unneutralise,
)
from coder.exchange.layouts import MAX_LAYOUTS, LayoutParse, compile_layout
from coder.exchange.parse_memo import MISS, ParseMemo
from coder.exchange.place_columns import as_coded_from, derived_columns
from coder.jsonsafe import jsonl_lines
from coder.places.cache import one_look
from coder.project import Project
from coder.store.coder_store import (
    STATUSES,
    ArticleRecord,
    Incident,
    RecordInvalid,
    Status,
    check_batch,
    check_coder_name,
)

IGNORED_JSON_KEYS = ("created", "updated", "codebook_version", "article_hash", "scratch")
GOLD_COLUMNS = (
    "gold_source",
    "gold_decided",
    "gold_unsettled",
    "gold_flag",
    "gold_incident_source",
    "gold_incident_decided",
    "gold_incident_unsettled",
    "gold_incident_flag",
)
GOLD_JSON_KEY = "gold"
"""Provenance a gold export adds (coder.gold.export): read past, so a gold set imports as is."""


_ID_NAMESPACE = UUID("5b0e7c1e-8f7a-4d2b-9a51-3c0de5a1e7d0")
"""Fixed namespace for incident ids derived on import (never change it: ids would change)."""


class ImportFailed(ExchangeError):
    """The file was not imported; `problems` holds every "file:line: field: message"."""

    def __init__(self, path: Path, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        n = len(self.problems)
        head = f"{path}: nothing imported, {n} problem{'s' if n != 1 else ''}:"
        super().__init__("\n".join([head, *(f"  {p}" for p in self.problems)]))


@dataclass
class ImportSummary:
    path: Path
    coder: str
    records: int = 0
    incidents: int = 0
    replaced: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        text = (
            f"imported {self.records} article record(s) with {self.incidents} incident(s) "
            f"from {self.path} into {self.coder!r}"
        )
        if self.replaced:
            shown = ", ".join(self.replaced[:10]) + (" ..." if len(self.replaced) > 10 else "")
            text += f"; replaced {len(self.replaced)} existing record(s): {shown}"
        return text


@dataclass
class _Pending:
    """A record being built, with the file lines it came from (for messages)."""

    record: ArticleRecord
    line: int
    incident_lines: list[int] = field(default_factory=list)
    incident_numbers: list[int | None] = field(default_factory=list)
    raw_status: str = ""


_Cell = tuple[Field, dict[Any, Any], bool]
"""A field, its table of parsed text cells (`ParseMemo.texts`) and whether it is a place field
(asked once per import, not of each of a million cells)."""


class _Collector:
    """One import's problems, and what reading each row needs, worked out once per import."""

    def __init__(self, path: Path, codebook: Codebook) -> None:
        self.path = path
        self._problems: list[tuple[int, str]] = []
        self.coders: set[str] = set()
        self.unreadable: set[tuple[int, str]] = set()
        """(line, field as shown) of cells that did not parse: the validation that follows
        would only add "is required" for the value that was just refused."""
        self.memo = ParseMemo({"date": _spreadsheet_date})
        self.article_fields = self._level(codebook.article_fields)
        self.incident_fields = self._level(codebook.incident_fields)
        self.article_places = tuple(f for f in codebook.article_fields if f.type == "place")
        self.incident_places = tuple(f for f in codebook.incident_fields if f.type == "place")
        """The place fields (`as_coded_from` looks at no other) of each level."""
        names = {f.name for f in codebook.all_fields()}
        self.derived = frozenset(c for c in derived_columns(codebook) if c not in names)
        """The keys export derives from a place id (place_columns) that import reads past."""
        self.not_incident_values = (
            self.derived | {"id"} | ({"as_coded", "suggested"} - set(self.incident_fields))
        )
        """The keys of a JSONL incident that are not its values (its id, the store's own
        `as_coded` and `suggested`, the derived place keys)."""
        self.incident_cells = {
            k: c for k, c in self.incident_fields.items() if k not in self.not_incident_values
        }
        """`incident_fields` less those keys: a JSONL incident's cells are looked up here and
        its other keys passed over (a copy of each of 50k incidents without them cost more)."""
        self._layouts: dict[tuple[str, ...], LayoutParse | None] = {}

    def incident_layout(self, keys: tuple[str, ...]) -> LayoutParse | None:
        """The function that parses an incident with these keys (coder.exchange.layouts), if
        they are known ones and there are not too many layouts already."""
        try:
            return self._layouts[keys]
        except KeyError:
            pass
        if len(self._layouts) >= MAX_LAYOUTS:
            return None
        self._layouts[keys] = parse = compile_layout(
            keys, self.incident_cells, self.not_incident_values, self.memo.parse
        )
        return parse

    def _level(self, fields: Sequence[Field]) -> dict[str, _Cell]:
        return {f.name: (f, self.memo.texts(f), f.type == "place") for f in fields}

    def add(self, line: int | None, where: str, message: str) -> None:
        loc = f"{self.path}:{line}" if line else str(self.path)
        text = f"{loc}: {where}: {message}" if where else f"{loc}: {message}"
        self._problems.append((line or 0, text))

    @property
    def problems(self) -> list[str]:
        """In file order (a stable sort keeps the order of one line's problems)."""
        return [text for _, text in sorted(self._problems, key=lambda p: p[0])]


_LOOSE_DATE = re.compile(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?")
_SLASH_DATE = re.compile(r"\d{1,4}[/.]\d{1,2}[/.]\d{1,4}")


def _spreadsheet_date(raw: Any) -> Any:
    """Spreadsheets drop leading zeros ("2020-9-7"); year first, so it is still unambiguous."""
    if isinstance(raw, str):
        m = _LOOSE_DATE.fullmatch(raw.strip())
        if m:
            return "-".join(f"{int(g):02d}" if i else g for i, g in enumerate(m.groups()) if g)
    return raw


def _suggest(name: str, options: Sequence[str]) -> str:
    close = difflib.get_close_matches(name, list(options), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _status(raw: Any, has_incidents: bool) -> str:
    text = "" if raw is None else str(raw).strip().lower().replace(" ", "_").replace("-", "_")
    if not text:
        return "done" if has_incidents else "no_incident"
    return text


def _parse_into(
    by_name: Mapping[str, _Cell],
    raw: Mapping[str, Any],
    out: dict[str, Any],
    col: _Collector,
    line: int,
    prefix: str = "",
    names: dict[str, str] | None = None,
    skip: frozenset[str] = frozenset(),
    level: Mapping[str, _Cell] | None = None,
) -> None:
    """Parse `raw` into `out` (`by_name`: the fields of its level by name, `_Collector`'s); a
    place given by name (not id) puts that name in `names` (the name it was coded by) unless
    `names` has one (a `_name_as_coded` cell). Dates pass `_spreadsheet_date` first (the
    memo's `prepare`). A key in `skip` is passed over, and must then not be in `by_name`
    (`level`: all the level's fields, for the "did you mean" of an unknown key)."""
    memo = col.memo
    for key, value in raw.items():
        cell = by_name.get(key)
        if cell is None:
            if key in skip:
                continue
            known = list(by_name if level is None else level)
            col.add(line, prefix + key, "is not a field of this codebook" + _suggest(key, known))
            continue
        f, table, place = cell
        try:
            cls = value.__class__
            if cls is str or cls is int:  # most cells: one lookup (ParseMemo.texts)
                parsed = table.get(value, MISS)
            elif cls is list:  # a hit is a list of texts parsed before
                try:
                    parsed = table.get(tuple(value), MISS)
                except TypeError:  # an unhashable item: parse it the long way
                    parsed = MISS
            elif cls is bool:
                parsed = table.get((bool, value), MISS)
            else:
                parsed = MISS
            if parsed is MISS:
                parsed = memo.parse(f, value)
            elif parsed.__class__ is list:
                parsed = list(parsed)
        except ValueError as e:
            shown = _spreadsheet_date(value) if f.type == "date" else value
            col.unreadable.add((line, prefix + key))
            col.add(line, prefix + key, _refused(shown, str(e)))
            continue
        if parsed is not None:
            out[key] = parsed
            if place and names is not None and isinstance(value, str):
                text = value.strip()
                if text != parsed and key not in names:
                    names[key] = text


def _refused(raw: Any, message: str) -> str:
    """The message for a cell that did not parse, quoting the cell if the message does not."""
    shown = str(raw).strip()
    if isinstance(raw, str) and _SLASH_DATE.fullmatch(shown):
        message += (
            " (day and month order is ambiguous: write 2020-09-07; in a spreadsheet, "
            "format the column as text before typing dates)"
        )
    if shown and shown not in message:
        shown = shown if len(shown) <= 40 else shown[:39] + "…"
        return f"{shown!r}: {message}"
    return message


# ------------------------------------------------------------------------------ CSV


def _read_csv(text: str, codebook: Codebook, col: _Collector) -> list[_Pending]:
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
            col.add(1, name or f"column {n + 1}", "unknown column" + _suggest(name, known))
        elif header.index(name) != n:
            col.add(1, name, "column appears twice")
    if "article" not in header:
        col.add(1, "article", "missing column (it holds each row's article id)")
    if col.problems:
        return []
    a_cols = [c for c in header if c in a_names]
    i_cols = [c for c in header if c in i_names]
    groups: dict[str, _Pending] = {}
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as e:
            col.add(line, "", f"cannot read the row: {e}")
            break
        if not any(c.strip() for c in row):
            continue
        if len(row) > len(header) and any(c.strip() for c in row[len(header) :]):
            col.add(line, "", f"has {len(row)} cells but the header has {len(header)} columns")
            continue
        cells = {h: unneutralise(c) for h, c in zip(header, row, strict=False)}
        _csv_row(cells, line, codebook, a_cols, i_cols, groups, col)
    return _finish(groups, col)


def _suggested_cell(
    codebook: Codebook, cells: Mapping[str, str], line: int, col: _Collector
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
    groups: dict[str, _Pending],
    col: _Collector,
) -> None:
    article = cells.get("article", "").strip()
    if not article:
        col.add(line, "article", "empty: every row needs the article id")
        return
    if cells.get("coder", "").strip():
        col.coders.add(cells["coder"].strip())
    head: dict[str, Any] = {}
    head_names = as_coded_from(col.article_places, cells)
    _parse_into(
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
        pending = groups[article] = _Pending(
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
    _parse_into(col.incident_fields, i_cells, values, col, line, names=names)
    inc_id = cells.get("incident_id", "").strip()  # "" = give it a stable id (_stable_ids)
    suggested = _suggested_cell(codebook, cells, line, col)
    kept = [s for s in suggested if s in values]
    pending.record.incidents.append(Incident(inc_id, values, names, suggested=kept))
    pending.incident_lines.append(line)
    pending.incident_numbers.append(number)


def _finish(groups: Mapping[str, _Pending], col: _Collector) -> list[_Pending]:
    out = []
    for pending in groups.values():
        numbers = pending.incident_numbers
        if numbers and all(n is not None for n in numbers):
            order = sorted(range(len(numbers)), key=lambda i: cast(int, numbers[i]))
            pending.record.incidents = [pending.record.incidents[i] for i in order]
            pending.incident_lines = [pending.incident_lines[i] for i in order]
        status = _status(pending.raw_status, bool(pending.record.incidents))
        if status not in STATUSES:
            col.add(
                pending.line,
                "status",
                f"{pending.raw_status!r} is not one of " + ", ".join(STATUSES),
            )
        pending.record.status = cast(Status, status)
        out.append(pending)
    return out


# ------------------------------------------------------------------------------ JSONL


def _read_jsonl(text: str, codebook: Codebook, col: _Collector) -> list[_Pending]:
    out: dict[str, _Pending] = {}
    allowed = (
        "article",
        "coder",
        "status",
        "values",
        "incidents",
        GOLD_JSON_KEY,
        "as_coded",  # the store's own shape (coder.store.as_coded)
        *IGNORED_JSON_KEYS,
    )
    for line, obj, problem in jsonl_lines(text):
        if problem is not None:
            col.add(line, "", problem)
            continue
        if not isinstance(obj, dict):
            col.add(line, "", 'expected an object {"article": ..., "values": ..., ...}')
            continue
        for key in obj:
            if key not in allowed:
                col.add(line, key, "unknown key" + _suggest(key, allowed))
        article = obj.get("article")
        if not isinstance(article, str) or not article.strip():
            col.add(line, "article", "missing: every line needs the article id as text")
            continue
        article = article.strip()
        if isinstance(obj.get("coder"), str) and obj["coder"].strip():
            col.coders.add(obj["coder"].strip())
        if article in out:
            col.add(line, "article", f"{article!r} is already on line {out[article].line}")
            continue
        values: dict[str, Any] = {}
        names: dict[str, str] = {}
        raw_values = obj.get("values", {})
        if not isinstance(raw_values, dict):
            col.add(line, "values", "must be an object {field: value}")
        else:
            names = as_coded_from(col.article_places, raw_values)
            if isinstance(obj.get("as_coded"), dict):
                names.update({k: v for k, v in obj["as_coded"].items() if isinstance(v, str)})
            raw_values = _without_derived(raw_values, col)
            _parse_into(col.article_fields, raw_values, values, col, line, names=names)
        pending = _Pending(ArticleRecord(article=article, values=values, as_coded=names), line)
        _jsonl_incidents(obj.get("incidents", []), codebook, pending, col, line)
        status = obj.get("status")
        if status is not None and not isinstance(status, str):
            col.add(line, "status", "must be text")
        status = _status(status, bool(pending.record.incidents))
        if status not in STATUSES:
            col.add(line, "status", f"{obj.get('status')!r} is not one of " + ", ".join(STATUSES))
        pending.record.status = cast(Status, status)
        out[article] = pending
    return list(out.values())


def _jsonl_incidents(
    raw: Any, codebook: Codebook, pending: _Pending, col: _Collector, line: int
) -> None:
    if not isinstance(raw, list):
        col.add(line, "incidents", "must be a list of objects")
        return
    names = col.incident_fields
    for n, inc in enumerate(raw, start=1):
        where = f"incident {n}: "
        if not isinstance(inc, dict):
            col.add(line, f"incident {n}", "must be an object")
            continue
        inc_id = inc.get("id")
        if inc_id is not None and (not isinstance(inc_id, str) or not inc_id.strip()):
            col.add(line, f"{where}id", "must be text")
            inc_id = None
        if "values" not in names and isinstance(inc.get("values"), dict):
            flat = {k: v for k, v in inc.items() if k != "id"}
            flat.update(flat.pop("values"))
        else:
            flat = inc  # only read: the keys that are not values are left out below
        stored = flat.get("as_coded") if "as_coded" not in names else None
        suggested = flat.get("suggested", []) if "suggested" not in names else []
        if not isinstance(suggested, list) or (
            suggested and not all(s in names for s in suggested)
        ):
            col.add(line, f"{where}suggested", "must be a list of incident field names")
            suggested = []
        seen = as_coded_from(col.incident_places, flat)
        if isinstance(stored, dict):  # the store's own shape: {"id", "values", "as_coded"}
            seen.update({k: v for k, v in stored.items() if isinstance(v, str)})
        values = _by_layout(col, flat, seen)
        if values is None:  # a cell to refuse, a key to name: the long way says which
            values = {}
            _parse_into(
                col.incident_cells, flat, values, col, line, where, seen,
                skip=col.not_incident_values, level=names,
            )  # fmt: skip
        kept = [s for s in suggested if s in values] if suggested else []
        pending.record.incidents.append(
            Incident((inc_id or "").strip(), values, seen, suggested=kept)
        )
        pending.incident_lines.append(line)


def _by_layout(
    col: _Collector, flat: Mapping[str, Any], seen: dict[str, str]
) -> dict[str, Any] | None:
    """An incident's values parsed by its layout's function, or None: parse it the long way
    (`seen` may then hold a name the long way puts there again, the same)."""
    parse = col.incident_layout(tuple(flat))
    if parse is None:
        return None
    try:
        return parse(flat, seen)
    except (ValueError, TypeError):
        return None


def _without_derived(raw: dict[str, Any], col: _Collector) -> dict[str, Any]:
    """A JSONL object less the keys export derives from a place id (place_columns)."""
    derived = col.derived
    if derived.isdisjoint(raw):
        return raw
    return {k: v for k, v in raw.items() if k not in derived}


# ------------------------------------------------------------------------------ driver


def _stable_ids(pending: Sequence[_Pending], coder: str) -> None:
    """Incidents imported without an id get one derived from coder, article and position.

    A lead who corrects a spreadsheet and imports it again then gets the same incident ids, so
    gold decisions and comparisons made on the first import still find their incidents. The
    coder is part of the key so that two coders' "incident 1" never share an id.
    """
    for p in pending:
        for n, inc in enumerate(p.record.incidents, 1):
            if not inc.id:
                inc.id = uuid5(_ID_NAMESPACE, f"{coder}/{p.record.article}/{n}").hex


def detect_format(path: Path, text: str) -> str:
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    if suffix in (".csv", ".tsv", ".txt"):
        return "csv"
    return "jsonl" if text.lstrip().startswith("{") else "csv"


def read_import_file(path: Path) -> str:
    """A UTF-8 file (BOM allowed); anything else is an ExchangeError naming the fix."""
    try:
        data = path.read_bytes()
    except OSError as e:
        raise ExchangeError(f"{path}: cannot read: {e.strerror or e}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ExchangeError(
            f"{path}: not UTF-8 text (byte 0x{data[e.start]:02x} at offset {e.start}); save it "
            "as UTF-8 (Excel: 'CSV UTF-8'; LibreOffice: character set Unicode (UTF-8))"
        ) from None


def import_file(
    project: Project, path: Path, coder: str, *, fmt: str | None = None
) -> ImportSummary:
    """Validate all of `path`, then write it into `coder`'s database in one durable write."""
    path = Path(path)
    check_coder_name(coder)  # before reading a large file, not after
    text = read_import_file(path)
    codebook = project.load_codebook()
    articles = project.load_articles()
    col = _Collector(path, codebook)
    fmt = fmt or detect_format(path, text)
    with one_look():  # place names resolved against one look at the gazetteer's files
        if fmt == "csv":
            pending = _read_csv(text, codebook, col)
        elif fmt == "jsonl":
            pending = _read_jsonl(text, codebook, col)
        else:
            raise ExchangeError(f"unknown import format {fmt!r}: use csv or jsonl")
    if len(col.coders) > 1:
        # Their rows of one article were merged above: any other message would be noise.
        raise ImportFailed(
            path,
            [
                f"{path}: coder: the file holds the coding of several coders ("
                f"{', '.join(sorted(col.coders))}); import one coder at a time (keep one "
                "coder's rows, or coder export --coder NAME)"
            ],
        )
    _stable_ids(pending, coder)
    known = []
    for p in pending:
        if articles.get(p.record.article) is None:
            col.add(p.line, "article", f"{p.record.article!r} is not in {project.articles_dir}")
        else:
            known.append(p)
    # Validated once, here, with every problem mapped to its line; the store writes this batch
    # as validated (save_checked) instead of validating all of it again.
    batch = check_batch([p.record for p in known], codebook, articles, copy=False)
    for p in known:
        for key, message in batch.problems.get(p.record.article, {}).items():
            _add_record_problem(p, key, message, fmt, col)
    if col.problems:
        raise ImportFailed(path, col.problems)
    if not pending:
        raise ExchangeError(f"{path}: no codings found; nothing imported")
    summary = ImportSummary(path, coder)
    with project.open_store(coder) as store:
        summary.replaced = [p.record.article for p in pending if store.has(p.record.article)]
        try:
            store.save_checked(batch)
        except RecordInvalid as e:  # a value JSON cannot hold: still reported as the file's fault
            raise ImportFailed(path, [f"{path}: {k}: {v}" for k, v in e.errors.items()]) from None
    summary.records = len(pending)
    summary.incidents = sum(len(p.record.incidents) for p in pending)
    return summary


def _add_record_problem(p: _Pending, key: str, message: str, fmt: str, col: _Collector) -> None:
    """A validation problem at the line it comes from: an incident's own line in a CSV."""
    head, sep, rest = key.partition(": ")
    if sep and head.startswith("incident ") and head[9:].isdigit():
        n = int(head[9:])
        lines = p.incident_lines
        line = lines[n - 1] if 0 < n <= len(lines) else p.line
        shown = rest if fmt == "csv" else key
        if (line, shown) not in col.unreadable:
            col.add(line, shown, message)
    elif (p.line, key) not in col.unreadable:
        col.add(p.line, key, message)
