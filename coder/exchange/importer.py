"""`coder import FILE --coder NAME`: existing codings (CSV or JSONL) into a coder's database.

The shapes are the ones `coder.exchange.export` exports (see its docstring), so an export can be
imported back without loss. Import is all or nothing: the whole file is parsed and validated
against the codebook and the articles first, every bad row is reported at once as
`file:line: field: message`, and only a clean file is written, with one durable
`CoderStore.save_checked` of the batch validated here (so each record is validated once).
Records of articles the coder had already coded are replaced.

The readers: `import_csv` (CSV details there) and `import_jsonl`, over `import_cells` (what both
share: the per-import collector of problems and tables, and the parse of a row's cells).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from uuid import UUID, uuid5

from coder.codebook.values import fill_ticked_defaults
from coder.exchange.export import ExchangeError
from coder.exchange.import_cells import GOLD_COLUMNS as GOLD_COLUMNS
from coder.exchange.import_cells import GOLD_JSON_KEY as GOLD_JSON_KEY
from coder.exchange.import_cells import Collector, Pending
from coder.exchange.import_csv import read_csv
from coder.exchange.import_jsonl import read_jsonl
from coder.jsonsafe import plain_ascii_lines
from coder.places.cache import one_look
from coder.project import Project
from coder.store.coder_store import RecordInvalid, check_batch, check_coder_name

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
    unchanged: int = 0
    """Records that coded their article as the stored ones already did: left as they were."""

    def __str__(self) -> str:
        written = self.records - self.unchanged
        text = (
            f"imported {written} article record(s) with {self.incidents} incident(s) "
            f"from {self.path} into {self.coder!r}"
        )
        if self.replaced:
            shown = ", ".join(self.replaced[:10]) + (" ..." if len(self.replaced) > 10 else "")
            text += f"; replaced {len(self.replaced)} existing record(s): {shown}"
        if self.unchanged:
            text += f"; {self.unchanged} already stored as in the file (left as they were)"
        return text


def _stable_ids(pending: Sequence[Pending], coder: str) -> None:
    """Incidents imported without an id get one derived from coder, article and position.

    A lead who corrects a spreadsheet and imports it again then gets the same incident ids, so
    gold decisions and comparisons made on the first import still find their incidents. The
    coder is part of the key so that two coders' "incident 1" never share an id.
    """
    for p in pending:
        for n, inc in enumerate(p.record.incidents, 1):
            if not inc.id:
                inc.id = uuid5(_ID_NAMESPACE, f"{coder}/{p.record.article}/{n}").hex


_JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")


def detect_format(path: Path, text: str) -> str:
    suffix = path.suffix.lower()
    if suffix in _JSONL_SUFFIXES:
        return "jsonl"
    if suffix in (".csv", ".tsv", ".txt"):
        return "csv"
    return "jsonl" if text.lstrip().startswith("{") else "csv"


def read_import_file(path: Path, *, jsonl: bool = False) -> str | bytes:
    """A UTF-8 file (BOM allowed); anything else is an ExchangeError naming the fix. `jsonl`
    (the format is known to be JSONL): plain ASCII is given as its bytes, which the JSONL
    reader reads as they are (`plain_ascii_lines`), not decoded into a copy first."""
    try:
        data = path.read_bytes()
    except OSError as e:
        raise ExchangeError(f"{path}: cannot read: {e.strerror or e}") from None
    if jsonl and plain_ascii_lines(data):
        return data
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
    known_jsonl = fmt == "jsonl" or (fmt is None and path.suffix.lower() in _JSONL_SUFFIXES)
    text = read_import_file(path, jsonl=known_jsonl)
    codebook = project.load_codebook()
    articles = project.load_articles()
    col = Collector(path, codebook)
    fmt = "jsonl" if isinstance(text, bytes) else fmt or detect_format(path, text)
    with one_look():  # place names resolved against one look at the gazetteer's files
        if isinstance(text, bytes):
            pending = read_jsonl(text, codebook, col)
        elif fmt == "csv":
            pending = read_csv(text, codebook, col)
        elif fmt == "jsonl":
            pending = read_jsonl(text, codebook, col)
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
    for p in pending:  # as the coding screen stores them (its checkboxes always hold a value)
        fill_ticked_defaults(codebook.article_fields, p.record.values)
        for incident in p.record.incidents:
            fill_ticked_defaults(codebook.incident_fields, incident.values)
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
        existing = [p.record.article for p in pending if store.has(p.record.article)]
        try:
            unchanged = set(store.save_checked(batch))
        except RecordInvalid as e:  # a value JSON cannot hold: still reported as the file's fault
            raise ImportFailed(path, [f"{path}: {k}: {v}" for k, v in e.errors.items()]) from None
    summary.replaced = [a for a in existing if a not in unchanged]
    summary.unchanged = len(unchanged)
    summary.records = len(pending)
    summary.incidents = sum(
        len(p.record.incidents) for p in pending if p.record.article not in unchanged
    )
    return summary


def _add_record_problem(p: Pending, key: str, message: str, fmt: str, col: Collector) -> None:
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
