"""The adjudication (gold) database: a project lead's decisions on the coders' disagreements.

`coding/gold.json` is a TinyDB JSON file written through the same crash-safe storage and one-writer
lock as the coders' databases (`coder.store.storage.SafeJSONStorage`): every decision is durable the
moment `decide` returns, a kill at any time leaves the old or the new file, and a second review
window gets a `LockedError` instead of silently overwriting the first one's work.

What is stored is the *decision*, not a copy of the data: for one value of one unit (an article's
article-level values, or an aligned incident unit, keyed as `alignment.Unit.key`) the
value chosen, where it came from (the coders whose value it took, or "edited"), who decided and
when, and `based_on`: each coder's stored value at that moment. When coders later change their
records, `stale()` compares `based_on` with their current values, so a decision taken on values
that no longer exist is shown again instead of silently overriding the new coding. Whether an
incident recorded by only some coders is in the gold data is a decision on the pseudo-field
`INCIDENT` (value True/False). Building the gold records lives in `coder.gold.build`.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Literal, Protocol

from coder.store.storage import DamagedError, SafeJSONStorage, StoreError

__all__ = [
    "EDITED",
    "GOLD_FILE",
    "INCIDENT",
    "Decision",
    "Flag",
    "GoldStore",
    "Stale",
    "gold_path",
]

GOLD_FILE = "gold.json"
FORMAT = 1
META, DECISIONS, FLAGS = "meta", "decisions", "flags"
INCIDENT = "@incident"
"""Pseudo-field of the decision whether an incident unit is in the gold data (value: bool)."""
EDITED: Literal["edited"] = "edited"
Source = list[str] | Literal["edited"]


def gold_path(data_dir: Path) -> Path:
    return Path(data_dir) / GOLD_FILE


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def same_value(a: Any, b: Any) -> bool:
    """Equality of stored values as JSON holds them, so True never equals 1."""
    if a is None or b is None:
        return a is b
    if type(a) is type(b) and type(a) in (str, int, bool):
        return bool(a == b)  # the common case, without serialising (build_gold_records' loop)
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


@dataclass(frozen=True)
class Decision:
    unit: str
    field: str
    value: Any
    source: Source
    """The coders whose value was taken (in coder order), or "edited" for a value the lead typed."""
    based_on: Mapping[str, Any]
    """Each coder's stored value (None: empty or not recorded) when the decision was taken."""
    by: str
    at: str

    def to_doc(self) -> dict[str, Any]:
        source = self.source if self.source == EDITED else list(self.source)
        return {
            "unit": self.unit,
            "field": self.field,
            "value": self.value,
            "source": source,
            "based_on": dict(self.based_on),
            "by": self.by,
            "at": self.at,
        }

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> Decision:
        for key in ("unit", "field", "by", "at"):
            if not isinstance(doc.get(key), str):
                raise ValueError(f"{key!r} is missing or not text")
        source = doc.get("source")
        if not (
            source == EDITED
            or (isinstance(source, list) and all(isinstance(s, str) for s in source))
        ):
            raise ValueError("'source' must be a list of coder names or \"edited\"")
        if not isinstance(doc.get("based_on"), dict):
            raise ValueError("'based_on' must map coders to values")
        return cls(
            doc["unit"],
            doc["field"],
            doc.get("value"),
            source,
            dict(doc["based_on"]),
            doc["by"],
            doc["at"],
        )


@dataclass(frozen=True)
class Flag:
    """A unit the lead marked as a codebook problem (the rules do not settle it)."""

    unit: str
    note: str
    by: str
    at: str


@dataclass(frozen=True)
class Stale:
    decision: Decision
    reason: str


class UnitValues(Protocol):
    """What staleness needs of an adjudication unit (coder.gold.build.UnitView fits)."""

    def value(self, coder: str, field: str) -> Any: ...

    @property
    def members(self) -> tuple[str, ...]: ...

    @property
    def coders(self) -> tuple[str, ...]: ...


class GoldStore:
    """The gold database of one project, open for writing (holding the lock) or read-only."""

    def __init__(self, path: Path, lead: str, storage: SafeJSONStorage | None) -> None:
        self.path = path
        self.lead = lead
        self.readonly = storage is None or storage.readonly
        self._storage = storage
        self._mutex = threading.RLock()
        self._decisions: dict[tuple[str, str], tuple[str, Decision]] = {}
        self._flags: dict[str, tuple[str, Flag]] = {}
        self._next_id = 1

    @classmethod
    def open(cls, path: Path, lead: str, readonly: bool = False) -> GoldStore:
        """Open (and, when writing, create) the gold database. A missing file opened read-only is
        an empty gold set. Raises LockedError if another review is writing, DamagedError if the
        file is not a gold database (it is then left untouched)."""
        path = Path(path)
        if readonly and not path.exists():
            return cls(path, lead, None)
        initial = {META: {"1": {"format": FORMAT, "kind": "gold", "created": _now()}}}
        storage = SafeJSONStorage(
            path, readonly=readonly, initial={**initial, DECISIONS: {}, FLAGS: {}}
        )
        store = cls(path, lead, storage)
        try:
            store._load()
        except BaseException:
            storage.close()
            raise
        return store

    def _load(self) -> None:
        assert self._storage is not None
        data = self._storage.read()
        meta = data.get(META, {}).get("1")
        if not isinstance(meta, dict) or meta.get("kind") != "gold":
            raise DamagedError(
                f"{self.path} is not a gold (adjudication) database: it has no gold 'meta' "
                "record. It was left unchanged; move it away to start a new adjudication."
            )
        if meta.get("format") != FORMAT:
            raise StoreError(f"{self.path} has format {meta.get('format')!r}; update coder.")
        for doc_id, doc in data.get(DECISIONS, {}).items():
            try:
                d = Decision.from_doc(doc)
            except ValueError as exc:
                raise DamagedError(
                    f"{self.path}: decision {doc_id}: {exc}. The file was left unchanged; "
                    "repair it by hand or restore a backup."
                ) from None
            self._decisions[(d.unit, d.field)] = (doc_id, d)
            self._next_id = max(self._next_id, int(doc_id) + 1)
        for doc_id, doc in data.get(FLAGS, {}).items():
            if not all(isinstance(doc.get(k), str) for k in ("unit", "note", "by", "at")):
                raise DamagedError(f"{self.path}: flag {doc_id} is malformed; repair it by hand.")
            self._flags[doc["unit"]] = (
                doc_id,
                Flag(doc["unit"], doc["note"], doc["by"], doc["at"]),
            )
            self._next_id = max(self._next_id, int(doc_id) + 1)

    # -- reading --------------------------------------------------------------------------------

    def decisions(self) -> dict[tuple[str, str], Decision]:
        """Every decision by (unit key, field)."""
        with self._mutex:
            return {k: d for k, (_, d) in self._decisions.items()}

    def get(self, unit: str, field: str) -> Decision | None:
        with self._mutex:
            found = self._decisions.get((unit, field))
            return None if found is None else found[1]

    def flags(self) -> dict[str, Flag]:
        with self._mutex:
            return {k: f for k, (_, f) in self._flags.items()}

    def stale(self, units: Mapping[str, UnitValues]) -> list[Stale]:
        """Decisions whose `based_on` no longer matches the coders' current values (or whose unit
        no longer exists: a coder deleted the incident or it now aligns differently)."""
        out: list[Stale] = []
        for d in self.decisions().values():
            reason = stale_reason(d, units.get(d.unit))
            if reason is not None:
                out.append(Stale(d, reason))
        return sorted(out, key=lambda s: (s.decision.unit, s.decision.field))

    # -- writing --------------------------------------------------------------------------------

    def decide(
        self,
        unit_key: str,
        field: str,
        value: Any,
        source: Source,
        based_on: Mapping[str, Any],
    ) -> Decision:
        """Record (or replace) the gold value of `field` in a unit; durable when it returns."""
        if source != EDITED and (not isinstance(source, list) or not source):
            raise ValueError("source must name the coders whose value was taken, or be 'edited'")
        decision = Decision(unit_key, field, value, source, dict(based_on), self.lead, _now())
        with self._mutex:
            doc_id = self._doc_id(self._decisions.get((unit_key, field)))
            self._write(DECISIONS, {doc_id: decision.to_doc()})
            self._decisions[(unit_key, field)] = (doc_id, decision)
        return decision

    def accept_incident(
        self, unit_key: str, accept: bool, based_on: Mapping[str, bool] | None = None
    ) -> Decision:
        """Keep (True) or drop (False) an incident unit in the gold data. `based_on` maps each
        coder of the article to whether they recorded the incident; the source is the coders
        whose view was taken (those who recorded it, or those who did not)."""
        seen = dict(based_on or {})
        agreeing = [c for c in sorted(seen) if bool(seen[c]) == bool(accept)]
        return self.decide(unit_key, INCIDENT, bool(accept), agreeing or EDITED, seen)

    def undo(self, unit_key: str, field: str) -> None:
        with self._mutex:
            found = self._decisions.get((unit_key, field))
            if found is not None:
                self._write(DECISIONS, {}, deletes=[found[0]])
                del self._decisions[(unit_key, field)]

    def flag(self, unit_key: str, note: str) -> None:
        """Mark a unit as a codebook problem with a note; an empty note removes the flag."""
        with self._mutex:
            found = self._flags.get(unit_key)
            if not note.strip():
                if found is not None:
                    self._write(FLAGS, {}, deletes=[found[0]])
                    del self._flags[unit_key]
                return
            flag = Flag(unit_key, note.strip(), self.lead, _now())
            doc_id = self._doc_id(found)
            self._write(
                FLAGS,
                {doc_id: {"unit": flag.unit, "note": flag.note, "by": flag.by, "at": flag.at}},
            )
            self._flags[unit_key] = (doc_id, flag)

    def close(self) -> None:
        if self._storage is not None:
            self._storage.close()

    def __enter__(self) -> GoldStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _doc_id(self, found: tuple[str, Any] | None) -> str:
        if found is not None:
            return found[0]
        doc_id = str(self._next_id)
        self._next_id += 1
        return doc_id

    def _write(
        self, table: str, upserts: Mapping[str, Any], deletes: tuple[str, ...] | list[str] = ()
    ) -> None:
        if self._storage is None or self.readonly:
            raise StoreError(f"{self.path} is open read-only; the decision was not saved")
        try:
            self._storage.write_documents(table, upserts, deletes)
        except (TypeError, ValueError) as exc:
            raise StoreError(f"cannot store this value as JSON: {exc}") from None


def stale_reason(d: Decision, unit: UnitValues | None) -> str | None:
    """Why decision `d` no longer fits the coders' current values, or None if it still does."""
    if unit is None:
        return "the unit no longer exists (a coder changed, added or deleted this incident)"
    changed = []
    for coder in sorted(set(d.based_on) | set(unit.coders)):
        now = coder in unit.members if d.field == INCIDENT else unit.value(coder, d.field)
        before = d.based_on.get(coder)
        if not same_value(now, before):
            changed.append(f"{coder}: {_short(before)} -> {_short(now)}")
    return ("values changed since the decision (" + "; ".join(changed) + ")") if changed else None


def _short(value: Any) -> str:
    if value is None:
        return "empty"
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 30 else text[:29] + "…"
