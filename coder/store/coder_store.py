"""One coder's coding: a TinyDB JSON file per coder, one document per article.

`CoderStore` is what the TUI, import and compare use. It validates every save against the
codebook (so nothing invalid ever reaches disk), stamps timestamps, codebook version and article
hash, and writes through `SafeJSONStorage`, which makes each save atomic and durable and only
re-serializes the one record that changed. The file format is described in docs/store-format.md.
The records themselves and their validation are in `coder.store.records` (re-exported here).

A save validates the record once, copies it once into the document that is written, and returns
a record built from that document: no second validation, no record -> doc -> record -> doc.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from coder.codebook.model import Codebook
from coder.gc_pause import gc_paused
from coder.store.records import (
    STATUSES,
    ArticleLike,
    ArticleLookup,
    ArticleRecord,
    Checked,
    CheckedBatch,
    Incident,
    RecordInvalid,
    Status,
    check_batch,
    check_doc,
    same_coding,
    validate_record,
)
from coder.store.storage import DamagedError, LockedError, SafeJSONStorage, StoreError, WriterLock

__all__ = [
    "FORMAT",
    "STATUSES",
    "ArticleLike",
    "ArticleLookup",
    "ArticleRecord",
    "CheckedBatch",
    "CoderStore",
    "DamagedError",
    "Incident",
    "LockedError",
    "RecordInvalid",
    "Status",
    "StoreError",
    "check_batch",
    "check_doc",
    "coder_path",
    "list_coders",
    "validate_record",
]

FORMAT = 1
RECORDS, META = "records", "meta"
_CODER_NAME = re.compile(r"[A-Za-z0-9_.-]+")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


WINDOWS_RESERVED = frozenset(
    ["con", "prn", "aux", "nul"] + [f"{d}{n}" for d in ("com", "lpt") for n in range(1, 10)]
)
"""Device names Windows will not use as a file name (`nul.json` included)."""


def check_coder_name(coder: str) -> str:
    """A name that makes a safe, visible `<name>.json` that is not the gold database."""
    if not _CODER_NAME.fullmatch(coder) or coder.startswith("."):
        raise StoreError(
            f"coder name {coder!r} is not allowed: use letters, digits, '_', '-' and '.' only, "
            "not starting with '.' (it becomes the file name of the coder's database)"
        )
    if coder.split(".")[0].casefold() in WINDOWS_RESERVED:
        raise StoreError(
            f"coder name {coder!r} is not allowed: Windows reserves it as a device name, so a "
            "project folder with this database could not be copied to or opened on Windows; "
            "choose another name"
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
        # Parsing makes a few objects per stored value and none of them cycles: with the cyclic
        # collector on, a 50k-incident file set off dozens of full collections (see gc_paused).
        with gc_paused():
            storage = SafeJSONStorage(
                path, readonly=readonly, initial={META: {"1": meta}, RECORDS: {}}
            )
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
            return ArticleRecord.from_checked_doc(self._storage.read()[RECORDS][doc_id])

    def has(self, article_id: str) -> bool:
        """Whether the coder has a record of `article_id` (without copying it)."""
        with self._mutex:
            self._check_open()
            return article_id in self._ids

    def records(self) -> list[ArticleRecord]:
        """All records, sorted by article id (copies: changing them changes nothing stored).

        Every stored document had its shape checked when the file was opened (or was made by a
        save), so they are copied, not checked again; the collector is paused meanwhile."""
        with self._mutex, gc_paused():
            self._check_open()
            table = self._storage.read().get(RECORDS, {})
            ids = self._ids
            return [ArticleRecord.from_checked_doc(table[ids[a]]) for a in sorted(ids)]

    def take_records(self) -> list[ArticleRecord]:
        """All records, sorted by article id, made from the parsed documents themselves (no
        copy), and the store closed: for a reader that wants everything once (compare, review,
        gold export). Copying 5 coders' 10k records was half of what reading them cost."""
        with self._mutex, gc_paused():
            self._check_open()
            if not self.readonly:
                raise StoreError(f"{self.path} is open for writing: use records()")
            table = self._storage.read().get(RECORDS, {})
            ids = self._ids
            out = [ArticleRecord.from_checked_doc(table[ids[a]], copy=False) for a in sorted(ids)]
            self._ids = {}
            self._storage.drop_cache()
        self.close()
        return out

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
            checked = Checked(record.to_doc(), article.sha256 if article is not None else None)
            doc_id = self._ids.get(record.article) or str(self._next_id)
            doc = self._stamp(checked, codebook.version, doc_id)
            self._write({doc_id: doc}, record.article)
            self._commit_ids({record.article: doc_id})
            return ArticleRecord.from_checked_doc(doc)

    def save_many(
        self,
        records: Iterable[ArticleRecord],
        *,
        codebook: Codebook,
        articles: ArticleLookup | Mapping[str, ArticleLike],
    ) -> None:
        """Save several records in one write: if any is invalid, none is saved (errors are keyed
        "<article>: <field>")."""
        self.save_checked(check_batch(records, codebook, articles))

    def save_checked(self, batch: CheckedBatch) -> list[str]:
        """Write a batch `check_batch` validated, in one durable write, without validating it
        again; a batch with problems is refused whole (RecordInvalid, keyed "<article>: ...").

        A record that codes its article as the stored one already does (`same_coding`) is left
        as it is, and its article is in the list returned: importing the same file twice must
        not stamp every record as updated (sync then pushed them all as changed work) nor reset
        what the coding screen keeps beside the coding (time spent, notes in scratch)."""
        with self._mutex:
            self._check_writable()
            if batch.problems:
                raise RecordInvalid(batch.errors())
            upserts: dict[str, dict[str, Any]] = {}
            ids: dict[str, str] = {}
            unchanged: list[str] = []
            stored = self._storage.read()[RECORDS]
            next_id = self._next_id
            now = _now()  # one write, one time: the batch's records are saved together
            for checked in batch.records:
                article = checked.doc["article"]
                doc_id = self._ids.get(article)
                if doc_id is None:
                    doc_id, next_id = str(next_id), next_id + 1
                elif self._unchanged(checked, batch.codebook_version, stored[doc_id]):
                    unchanged.append(article)
                    continue
                ids[article] = doc_id
                upserts[doc_id] = self._stamp(checked, batch.codebook_version, doc_id, now)
            if upserts:
                self._write(upserts, "")
                self._commit_ids(ids)
            return unchanged

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

    @staticmethod
    def _unchanged(checked: Checked, codebook_version: str, old: Mapping[str, Any]) -> bool:
        """The stored record needs no write: the same coding, checked against the same codebook
        version and article text (otherwise the stamps `coder check` reads must be renewed)."""
        return (
            same_coding(checked.doc, old)
            and old.get("codebook_version") == codebook_version
            and checked.article_hash in (None, old.get("article_hash"))
        )

    def _stamp(
        self, checked: Checked, codebook_version: str, doc_id: str, now: str | None = None
    ) -> dict[str, Any]:
        """`checked`'s document (already a private copy) with the store's stamps: created kept
        from the stored record, updated `now` (the time of the call if not given), the codebook
        version and the article's hash."""
        doc = checked.doc
        old = self._storage.read()[RECORDS].get(doc_id)  # a new id is in no document yet
        now = now or _now()
        doc["created"] = old["created"] if old else (doc["created"] or now)
        doc["updated"] = now
        doc["codebook_version"] = codebook_version
        if checked.article_hash is not None:
            doc["article_hash"] = checked.article_hash
        elif not doc["article_hash"] and old:
            doc["article_hash"] = old["article_hash"]
        return doc

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
