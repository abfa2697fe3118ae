"""One coder's coding: a TinyDB JSON file per coder, one document per article.

`CoderStore` is what the TUI, import and compare use. It validates every save against the
codebook (so nothing invalid ever reaches disk), stamps timestamps, codebook version and article
hash, and writes through `SafeJSONStorage`, which makes each save atomic and durable and only
re-serializes the one record that changed. The file format is described in docs/store-format.md.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Literal, Protocol, get_args
from uuid import uuid4

from coder.codebook.model import Codebook
from coder.codebook.rules import missing_incident_error
from coder.codebook.values import validate_values
from coder.errors import CoderError
from coder.store.storage import DamagedError, LockedError, SafeJSONStorage, StoreError, WriterLock

__all__ = [
    "FORMAT",
    "ArticleLike",
    "ArticleRecord",
    "CoderStore",
    "DamagedError",
    "Incident",
    "LockedError",
    "RecordInvalid",
    "Status",
    "StoreError",
    "coder_path",
    "list_coders",
]

Status = Literal["draft", "done", "no_incident"]
STATUSES: tuple[str, ...] = get_args(Status)
FORMAT = 1
RECORDS, META = "records", "meta"
_CODER_NAME = re.compile(r"[A-Za-z0-9_.-]+")


class ArticleLike(Protocol):
    """What the store needs of an article (coder.articles.Article fits), so it does not depend
    on the article loader."""

    @property
    def id(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def sha256(self) -> str: ...


class ArticleLookup(Protocol):
    """An ArticleSet or a dict of articles by id."""

    def get(self, article_id: str, /) -> ArticleLike | None: ...


class RecordInvalid(CoderError):
    """A record was refused; `errors` maps "field" or "incident 2: field" to a message."""

    def __init__(self, errors: Mapping[str, str], article: str = "") -> None:
        self.errors = dict(errors)
        where = f"article {article!r}: " if article else ""
        lines = "; ".join(f"{k}: {v}" for k, v in self.errors.items())
        super().__init__(f"{where}not saved, {len(self.errors)} problem(s): {lines}")


@dataclass
class Incident:
    id: str = field(default_factory=lambda: uuid4().hex)
    values: dict[str, Any] = field(default_factory=dict)


@dataclass
class ArticleRecord:
    article: str
    status: Status = "draft"
    values: dict[str, Any] = field(default_factory=dict)
    incidents: list[Incident] = field(default_factory=list)
    created: str = ""
    updated: str = ""
    codebook_version: str = ""
    article_hash: str = ""
    scratch: dict[str, str] = field(default_factory=dict)

    def to_doc(self) -> dict[str, Any]:
        return {
            "article": self.article,
            "status": self.status,
            "values": _copy_values(self.values),
            "incidents": [{"id": i.id, "values": _copy_values(i.values)} for i in self.incidents],
            "created": self.created,
            "updated": self.updated,
            "codebook_version": self.codebook_version,
            "article_hash": self.article_hash,
            "scratch": dict(self.scratch),
        }

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> ArticleRecord:
        """Build a record from a stored document; ValueError says what is wrong with its shape."""
        check_doc(doc)
        return cls(
            article=doc["article"],
            status=doc["status"],
            values=_copy_values(doc["values"]),
            incidents=[Incident(i["id"], _copy_values(i["values"])) for i in doc["incidents"]],
            created=doc["created"],
            updated=doc["updated"],
            codebook_version=doc["codebook_version"],
            article_hash=doc["article_hash"],
            scratch=dict(doc.get("scratch", {})),
        )


def check_doc(doc: Mapping[str, Any]) -> None:
    """Raise ValueError saying what is wrong with a stored record document's shape."""
    _expect(doc, "article", str)
    _expect(doc, "values", dict)
    _expect(doc, "incidents", list)
    for key in ("created", "updated", "codebook_version", "article_hash"):
        _expect(doc, key, str)
    if doc.get("status") not in STATUSES:
        raise ValueError(f"status {doc.get('status')!r} is not one of {', '.join(STATUSES)}")
    scratch = doc.get("scratch", {})
    if not isinstance(scratch, dict) or not all(isinstance(v, str) for v in scratch.values()):
        raise ValueError("'scratch' must map names to text")
    for n, inc in enumerate(doc["incidents"], 1):
        if not (
            isinstance(inc, dict)
            and isinstance(inc.get("id"), str)
            and isinstance(inc.get("values"), dict)
        ):
            raise ValueError(f"incident {n} is not {{'id': text, 'values': object}}")


def _expect(doc: Mapping[str, Any], key: str, kind: type) -> None:
    if not isinstance(doc.get(key), kind):
        raise ValueError(f"{key!r} is missing or not of type {kind.__name__}")


def _copy_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """Copy deep enough for stored values (scalars and lists of scalars), much faster than
    deepcopy: callers may mutate what they get without touching the cache."""
    return {k: list(v) if isinstance(v, list) else v for k, v in values.items()}


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def check_coder_name(coder: str) -> str:
    """A name that makes a safe, visible `<name>.json` that is not the gold database."""
    if not _CODER_NAME.fullmatch(coder) or coder.startswith("."):
        raise StoreError(
            f"coder name {coder!r} is not allowed: use letters, digits, '_', '-' and '.' only, "
            "not starting with '.' (it becomes the file name of the coder's database)"
        )
    if coder.casefold() == "gold":
        raise StoreError(
            f"coder name {coder!r} is not allowed: gold.json is the adjudicated database "
            "(coder review); choose another name"
        )
    return coder


def coder_path(data_dir: Path, coder: str) -> Path:
    """Where `coder`'s database lives: `<data_dir>/<coder>.json`."""
    return Path(data_dir) / f"{check_coder_name(coder)}.json"


def list_coders(data_dir: Path) -> list[str]:
    """Coders with a database in `data_dir` (gold.json, the adjudication file, is not a coder)."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        return []
    return sorted(
        p.stem
        for p in data_dir.glob("*.json")
        if p.stem != "gold" and p.is_file() and _CODER_NAME.fullmatch(p.stem)
    )


def validate_record(
    record: ArticleRecord, codebook: Codebook, article: ArticleLike | None
) -> dict[str, str]:
    """Every problem with `record` as {"field" | "incident N: field": message}."""
    errors: dict[str, str] = {}
    if record.status not in STATUSES:
        return {"status": f"{record.status!r} is not one of {', '.join(STATUSES)}"}
    if article is not None and article.id != record.article:
        errors["article"] = f"record is for {record.article!r} but the article is {article.id!r}"
    require = record.status != "draft"
    text = article.text if article is not None else None
    errors.update(
        validate_values(codebook.article_fields, record.values, article_text=text, require=require)
    )
    missing = missing_incident_error(codebook, record.values, record.status, len(record.incidents))
    if missing is not None:
        errors["incidents"] = missing
    if record.status == "no_incident" and record.incidents:
        errors["incidents"] = (
            f"status is 'no relevant incident' but {len(record.incidents)} incident(s) are coded; "
            "delete them or change the status"
        )
    seen: dict[str, int] = {}
    for n, inc in enumerate(record.incidents, 1):
        if not isinstance(inc.id, str) or not inc.id:
            errors[f"incident {n}: id"] = "missing incident id"
        elif inc.id in seen:
            errors[f"incident {n}: id"] = f"same id as incident {seen[inc.id]}"
        else:
            seen[inc.id] = n
        problems = validate_values(
            codebook.incident_fields, inc.values, article_text=text, require=require
        )
        errors.update({f"incident {n}: {k}": v for k, v in problems.items()})
    errors.update(_scratch_errors(record, seen))
    return errors


def _scratch_errors(record: ArticleRecord, incident_numbers: Mapping[str, int]) -> dict[str, str]:
    errors: dict[str, str] = {}
    for key, raw in record.scratch.items():
        inc_id, dot, name = key.rpartition(".")
        where = (
            f"incident {incident_numbers[inc_id]}: {name}"
            if dot and inc_id in (incident_numbers)
            else key
        )
        if not isinstance(key, str) or not isinstance(raw, str):
            errors[f"scratch {key!r}"] = "unsaved input must be text"
        elif record.status != "draft":
            errors[where] = (
                f"the typed input {raw!r} is not a valid value yet; correct or clear it, "
                "or keep the article as a draft"
            )
    return errors


class CoderStore:
    """One coder's database, open for writing (holding the lock) or read-only. Thread-safe."""

    def __init__(self, path: Path, coder: str, storage: SafeJSONStorage, holder: str | None):
        self.path = path
        self.coder = coder
        self.readonly = storage.readonly
        self._storage = storage
        self._holder = holder
        self._mutex = threading.RLock()
        self._closed = False
        self._ids: dict[str, str] = {}  # article id -> document id
        self._next_id = 1

    @classmethod
    def open(cls, path: Path, *, coder: str, readonly: bool = False) -> CoderStore:
        """Open `path`; a missing file is created only when writing. Raises LockedError if
        another process is writing, DamagedError if the file cannot be read as a coder database."""
        path = Path(path)
        check_coder_name(coder)
        holder = None
        if readonly:
            holder = _probe_holder(path)
            if not path.exists():
                raise StoreError(f"{path} does not exist: {coder!r} has not coded anything yet")
        meta = {"format": FORMAT, "coder": coder, "created": _now()}
        storage = SafeJSONStorage(path, readonly=readonly, initial={META: {"1": meta}, RECORDS: {}})
        store = cls(path, coder, storage, holder)
        try:
            store._check_and_index()
        except BaseException:
            storage.close()
            raise
        return store

    def _check_and_index(self) -> None:
        data = self._storage.read()
        meta_docs = data.get(META, {})
        meta = meta_docs.get("1") if isinstance(meta_docs, dict) else None
        if not isinstance(meta, dict) or "format" not in meta:
            raise DamagedError(
                f"{self.path} is not a coder database (it has no 'meta' table); it was "
                "left unchanged. Check the file name or restore the right file."
            )
        if meta.get("format") != FORMAT:
            raise StoreError(
                f"{self.path} has format {meta.get('format')!r}; this version of coder reads "
                f"format {FORMAT}. Update coder."
            )
        if meta.get("coder") != self.coder:
            raise StoreError(
                f"{self.path} holds the coding of {meta.get('coder')!r}, not {self.coder!r}; "
                "open it under that coder's name"
            )
        for doc_id, doc in data.get(RECORDS, {}).items():
            try:
                check_doc(doc)
            except ValueError as exc:
                raise DamagedError(
                    f"{self.path}{_line_of(self.path, doc_id)}: record {doc_id} "
                    f"(article {doc.get('article')!r}): {exc}. The file was left unchanged; "
                    "repair it by hand or restore a backup."
                ) from None
            article = doc["article"]
            if article in self._ids:
                raise DamagedError(
                    f"{self.path}{_line_of(self.path, doc_id)}: article {article!r} has "
                    f"two records ({self._ids[article]} and {doc_id}); remove one by hand."
                )
            self._ids[article] = doc_id
            self._next_id = max(self._next_id, int(doc_id) + 1)

    # -- reading --------------------------------------------------------------------------------

    def get(self, article_id: str) -> ArticleRecord | None:
        with self._mutex:
            self._check_open()
            doc_id = self._ids.get(article_id)
            if doc_id is None:
                return None
            return ArticleRecord.from_doc(self._storage.read()[RECORDS][doc_id])

    def records(self) -> list[ArticleRecord]:
        """All records, sorted by article id (copies: changing them changes nothing stored)."""
        with self._mutex:
            self._check_open()
            table = self._storage.read().get(RECORDS, {})
            return [ArticleRecord.from_doc(table[self._ids[a]]) for a in sorted(self._ids)]

    # -- writing --------------------------------------------------------------------------------

    def save(
        self, record: ArticleRecord, *, codebook: Codebook, article: ArticleLike | None
    ) -> ArticleRecord:
        """Validate, stamp and durably write one record; returns the record as stored."""
        with self._mutex:
            self._check_writable()
            errors = validate_record(record, codebook, article)
            if errors:
                raise RecordInvalid(errors, record.article)
            doc_id = self._ids.get(record.article) or str(self._next_id)
            stored = self._stamp(record, codebook, article)
            self._write({doc_id: stored.to_doc()}, record.article)
            self._commit_ids({record.article: doc_id})
            return stored

    def save_many(
        self,
        records: Iterable[ArticleRecord],
        *,
        codebook: Codebook,
        articles: ArticleLookup | Mapping[str, ArticleLike],
    ) -> None:
        """Save several records in one write: if any is invalid, none is saved (errors are keyed
        "<article>: <field>")."""
        with self._mutex:
            self._check_writable()
            batch = list(records)
            errors: dict[str, str] = {}
            seen: set[str] = set()
            for record in batch:
                if record.article in seen:
                    errors[f"{record.article}: article"] = "appears more than once"
                seen.add(record.article)
                problems = validate_record(record, codebook, articles.get(record.article))
                errors.update({f"{record.article}: {k}": v for k, v in problems.items()})
            if errors:
                raise RecordInvalid(errors)
            upserts: dict[str, dict[str, Any]] = {}
            ids: dict[str, str] = {}
            next_id = self._next_id
            for record in batch:
                doc_id = self._ids.get(record.article)
                if doc_id is None:
                    doc_id, next_id = str(next_id), next_id + 1
                ids[record.article] = doc_id
                stored = self._stamp(record, codebook, articles.get(record.article))
                upserts[doc_id] = stored.to_doc()
            self._write(upserts, "")
            self._commit_ids(ids)

    def delete(self, article_id: str) -> None:
        """Remove an article's record (nothing happens if it has none)."""
        with self._mutex:
            self._check_writable()
            doc_id = self._ids.get(article_id)
            if doc_id is not None:
                self._storage.write_documents(RECORDS, {}, deletes=[doc_id])
                del self._ids[article_id]

    def close(self) -> None:
        with self._mutex:
            if not self._closed:
                self._storage.close()
                self._closed = True

    def __enter__(self) -> CoderStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- helpers --------------------------------------------------------------------------------

    def _stamp(
        self, record: ArticleRecord, codebook: Codebook, article: ArticleLike | None
    ) -> ArticleRecord:
        """A private copy of `record` with the store's stamps."""
        old = self.get(record.article)
        now = _now()
        stored = ArticleRecord.from_doc(record.to_doc())
        stored.created = old.created if old else (record.created or now)
        stored.updated = now
        stored.codebook_version = codebook.version
        stored.article_hash = (
            article.sha256
            if article is not None
            else record.article_hash or (old.article_hash if old else "")
        )
        return stored

    def _write(self, upserts: Mapping[str, dict[str, Any]], article: str) -> None:
        try:
            self._storage.write_documents(RECORDS, upserts)
        except (TypeError, ValueError) as exc:  # a value JSON cannot hold (NaN, objects)
            raise RecordInvalid({"values": f"cannot be stored as JSON: {exc}"}, article) from None

    def _commit_ids(self, ids: Mapping[str, str]) -> None:
        self._ids.update(ids)
        self._next_id = max([self._next_id, *(int(i) + 1 for i in ids.values())])

    def _check_open(self) -> None:
        if self._closed:
            raise StoreError(f"{self.path} is closed")

    def _check_writable(self) -> None:
        self._check_open()
        if self.readonly:
            why = f"because {self._holder} is writing it" if self._holder else "on request"
            raise StoreError(f"{self.path} was opened read-only {why}; nothing was saved")


def _probe_holder(path: Path) -> str | None:
    return WriterLock(Path(path)).current_holder()


def record_line(path: Path, doc_id: str) -> int | None:
    """Line of a records document in a file we wrote (one document per line), else None."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeError):
        return None
    start = text.find(f'"{RECORDS}": {{')
    pos = text.find(f'\n"{doc_id}": ', max(start, 0))
    return text.count(chr(10), 0, pos) + 2 if start >= 0 and pos >= 0 else None


def _line_of(path: Path, doc_id: str) -> str:
    """ ", line N" for a records document in a file we wrote, else ""."""
    line = record_line(path, doc_id)
    return f", line {line}" if line else ""
