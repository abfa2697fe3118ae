"""What a coder database holds: article records and their incidents, and the rules a record must
meet before it is stored.

Kept apart from `coder_store` (the file, the lock, the id index) so the record model, its
validation and a validated batch (`CheckedBatch`, used by the store and by import) can be read,
and imported, without the storage machinery.

A record is validated exactly once on its way to disk: `validate_record` (or `check_batch`, which
runs it for each record of a batch) and then a copy is made (`ArticleRecord.to_doc`); the store
writes that copy and hands back a record built from it without checking its shape again, since it
made it itself. `ArticleRecord.from_doc` (with `check_doc`) is for documents read from a file.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, get_args
from uuid import uuid4

from coder.codebook.model import Codebook
from coder.codebook.rules import missing_incident_error, unexpected_incidents_error
from coder.codebook.values import validate_values
from coder.errors import CoderError
from coder.places.cache import one_look
from coder.store.as_coded import as_coded_errors

Status = Literal["draft", "done", "no_incident"]
STATUSES: tuple[str, ...] = get_args(Status)


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
    as_coded: dict[str, str] = field(default_factory=dict)
    """{place field: the name or alternate name the coder chose the place by} ("Daqouq" for
    the id of Daquq): what the coder saw, kept beside the id (coder.store.as_coded)."""
    suggested: list[str] = field(default_factory=list)
    """Fields whose value the coder accepted from a suggestion (coder.suggest) and did not type:
    `coder compare --typed-only` leaves them out. Stored only when not empty."""

    def to_doc(self, copy: bool = True) -> dict[str, Any]:
        values = _copy_values(self.values) if copy else self.values
        doc: dict[str, Any] = {"id": self.id, "values": values}
        if self.as_coded:
            doc["as_coded"] = dict(self.as_coded)
        if self.suggested:
            doc["suggested"] = list(self.suggested)
        return doc


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
    active_seconds: int = 0
    """Seconds the article was open with input (idle stretches not counted): coder progress."""
    as_coded: dict[str, str] = field(default_factory=dict)
    """The names the article-level place fields were chosen by (see Incident.as_coded)."""

    def to_doc(self, copy: bool = True) -> dict[str, Any]:
        """The stored document; `copy=False` shares the value dicts (for a caller that drops
        the record, as import does)."""
        doc = {
            "article": self.article,
            "status": self.status,
            "values": _copy_values(self.values) if copy else self.values,
            "incidents": [i.to_doc(copy) for i in self.incidents],
            "created": self.created,
            "updated": self.updated,
            "codebook_version": self.codebook_version,
            "article_hash": self.article_hash,
            "scratch": dict(self.scratch),
            "active_seconds": self.active_seconds,
        }
        if self.as_coded:
            doc["as_coded"] = dict(self.as_coded)
        return doc

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> ArticleRecord:
        """Build a record from a stored document; ValueError says what is wrong with its shape."""
        check_doc(doc)
        return cls.from_checked_doc(doc)

    @classmethod
    def from_checked_doc(cls, doc: Mapping[str, Any], *, copy: bool = True) -> ArticleRecord:
        """A record of a document whose shape is known to be right: checked when the file was
        opened, or made by `to_doc`, so reading 50k records skips 50k checks. A private copy
        unless `copy=False`, which shares the document's value dicts (for a caller that owns
        the document and drops it, `CoderStore.take_records`)."""
        if not copy:
            return cls(
                article=doc["article"],
                status=doc["status"],
                values=doc["values"],
                incidents=[
                    Incident(
                        i["id"],
                        i["values"],
                        i.get("as_coded", {}),
                        suggested=list(i.get("suggested", ())),
                    )
                    for i in doc["incidents"]
                ],
                created=doc["created"],
                updated=doc["updated"],
                codebook_version=doc["codebook_version"],
                article_hash=doc["article_hash"],
                scratch=doc.get("scratch", {}),
                active_seconds=doc.get("active_seconds", 0),
                as_coded=doc.get("as_coded", {}),
            )
        return cls(
            article=doc["article"],
            status=doc["status"],
            values=_copy_values(doc["values"]),
            incidents=[
                Incident(
                    i["id"],
                    _copy_values(i["values"]),
                    dict(i.get("as_coded", {})),
                    suggested=list(i.get("suggested", ())),
                )
                for i in doc["incidents"]
            ],
            created=doc["created"],
            updated=doc["updated"],
            codebook_version=doc["codebook_version"],
            article_hash=doc["article_hash"],
            scratch=dict(doc.get("scratch", {})),
            active_seconds=doc.get("active_seconds", 0),
            as_coded=dict(doc.get("as_coded", {})),
        )


def check_doc(doc: Mapping[str, Any]) -> None:
    """Raise ValueError saying what is wrong with a stored record document's shape."""
    if not _well_formed(doc):  # nearly every document is: one pass, no message worked out
        _say_what_is_wrong(doc)


def _say_what_is_wrong(doc: Mapping[str, Any]) -> None:
    """check_doc the long way: raise ValueError for the first thing wrong, if any."""
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
    active = doc.get("active_seconds", 0)
    if not isinstance(active, int) or isinstance(active, bool) or active < 0:
        raise ValueError("'active_seconds' must be a whole number of seconds, 0 or more")
    _check_names_shape(doc.get("as_coded", {}), "'as_coded'")
    for n, inc in enumerate(doc["incidents"], 1):
        if not (
            isinstance(inc, dict)
            and isinstance(inc.get("id"), str)
            and isinstance(inc.get("values"), dict)
        ):
            raise ValueError(f"incident {n} is not {{'id': text, 'values': object}}")
        _check_names_shape(inc.get("as_coded", {}), f"incident {n}: 'as_coded'")
        suggested = inc.get("suggested", [])
        if not isinstance(suggested, list) or not all(isinstance(s, str) for s in suggested):
            raise ValueError(f"incident {n}: 'suggested' must be a list of field names")


_TEXT_KEYS = ("article", "created", "updated", "codebook_version", "article_hash")


def _well_formed(doc: Mapping[str, Any]) -> bool:
    """True only for a document `check_doc` accepts (exact types, as JSON makes them); False
    sends it the long way, which says what is wrong. Opening a 50k-incident database checks
    every document: this is that check without a function call per key."""
    get = doc.get
    if (
        any(get(key).__class__ is not str for key in _TEXT_KEYS)
        or get("values").__class__ is not dict
        or get("incidents").__class__ is not list
        or get("status") not in STATUSES
        or not _text_map(get("scratch", _NONE), values_only=True)
        or not _text_map(get("as_coded", _NONE))
    ):
        return False
    active = get("active_seconds", 0)
    if active.__class__ is not int or active < 0:
        return False
    for inc in doc["incidents"]:
        if inc.__class__ is not dict:
            return False
        inc_get = inc.get
        if inc_get("id").__class__ is not str or inc_get("values").__class__ is not dict:
            return False
        if not _text_map(inc_get("as_coded", _NONE)):
            return False
        suggested = inc_get("suggested", _NONE)
        if suggested is not _NONE and (
            suggested.__class__ is not list or any(s.__class__ is not str for s in suggested)
        ):
            return False
    return True


_NONE: Any = {}
"""What `_well_formed` reads for a key that is not there: an empty mapping (or list) is fine."""


def _text_map(names: Any, values_only: bool = False) -> bool:
    """An absent or empty dict, or one of text to text (`values_only`: any keys)."""
    if names is _NONE:
        return True
    if names.__class__ is not dict:
        return False
    if values_only:
        return all(v.__class__ is str for v in names.values())
    return all(k.__class__ is str and v.__class__ is str for k, v in names.items())


def _check_names_shape(names: Any, where: str) -> None:
    if not isinstance(names, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in names.items()
    ):
        raise ValueError(f"{where} must map field names to text")


def _expect(doc: Mapping[str, Any], key: str, kind: type) -> None:
    if not isinstance(doc.get(key), kind):
        raise ValueError(f"{key!r} is missing or not of type {kind.__name__}")


def _copy_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """Copy deep enough for stored values (scalars and lists of scalars), much faster than
    deepcopy: callers may mutate what they get without touching the cache."""
    return {k: list(v) if isinstance(v, list) else v for k, v in values.items()}


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
    errors.update(as_coded_errors(codebook.article_fields, record.values, record.as_coded))
    missing = missing_incident_error(codebook, record.values, record.status, len(record.incidents))
    if missing is not None:
        errors["incidents"] = missing
    unexpected = unexpected_incidents_error(
        codebook, record.values, record.status, len(record.incidents)
    )
    if unexpected is not None:
        errors["incidents"] = unexpected
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
        problems.update(as_coded_errors(codebook.incident_fields, inc.values, inc.as_coded))
        if problems:
            errors.update({f"incident {n}: {k}": v for k, v in problems.items()})
        for name in inc.suggested:
            if name not in inc.values:
                errors[f"incident {n}: suggested"] = (
                    f"'{name}' is listed as accepted from a suggestion but has no value"
                )
    if record.scratch:
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


@dataclass(frozen=True)
class Checked:
    """One record of a `CheckedBatch`: its document (a copy taken right after validation) and
    the sha256 of the article it was checked against (None when the article was not given)."""

    doc: dict[str, Any]
    article_hash: str | None


@dataclass(frozen=True)
class CheckedBatch:
    """Records validated once against one codebook, ready for `CoderStore.save_checked`.

    Import validates a whole file to report every problem with its line, then writes it: with a
    batch, the store writes what import validated instead of validating it all a second time.
    The documents are copies, so changing the records afterwards changes nothing written.
    """

    codebook_version: str
    records: tuple[Checked, ...]
    problems: Mapping[str, Mapping[str, str]]
    """article id -> {"field" | "incident N: field" | "article": message}; empty if all valid."""

    def errors(self) -> dict[str, str]:
        """The problems keyed "<article>: <field>", as `RecordInvalid` reports a batch."""
        return {f"{a}: {k}": v for a, found in self.problems.items() for k, v in found.items()}


CODING_KEYS = ("status", "values", "incidents", "as_coded")
"""What a record says about its article; the rest (created, updated, the codebook version and
the article's hash, time spent, scratch) is the store's or the coding screen's bookkeeping."""


def same_coding(doc: Mapping[str, Any], stored: Mapping[str, Any]) -> bool:
    """Whether document `doc` codes its article as `stored` does (see CODING_KEYS), value for
    value and type for type: Python's `==` takes True for 1 and 1 for 1.0, and a codebook that
    turned a yes/no field into a 0/1 choice must get the re-imported 1, not keep True."""
    return all(_same_json(doc.get(key), stored.get(key)) for key in CODING_KEYS)


def _same_json(a: Any, b: Any) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same_json(v, b[k]) for k, v in a.items())
    if isinstance(a, list):
        return len(a) == len(b) and all(map(_same_json, a, b))
    return bool(a == b)


def check_batch(
    records: Iterable[ArticleRecord],
    codebook: Codebook,
    articles: ArticleLookup | Mapping[str, ArticleLike],
    *,
    copy: bool = True,
) -> CheckedBatch:
    """Validate each record once (and that no article appears twice) and copy it (`copy=False`:
    the documents share the records' value dicts, for a caller that drops the records and
    never changes them, as import does)."""
    checked: list[Checked] = []
    problems: dict[str, dict[str, str]] = {}
    seen: set[str] = set()
    with one_look():  # the gazetteer's files looked at once per batch, not per place value
        for record in records:
            found: dict[str, str] = {}
            if record.article in seen:
                found["article"] = "appears more than once"
            seen.add(record.article)
            article = articles.get(record.article)
            found.update(validate_record(record, codebook, article))
            if found:
                problems.setdefault(record.article, {}).update(found)
            sha = article.sha256 if article is not None else None
            checked.append(Checked(record.to_doc(copy), sha))
    return CheckedBatch(codebook.version, tuple(checked), problems)
