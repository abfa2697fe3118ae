"""The coding session without any Textual: which article is open, its working record, the current
incident, what is unsaved, and how a record is turned into something the store will accept.

Keeping this out of the widgets keeps the UI thin and lets the save rules be read in one place:

* A draft never fails to save. Values that do not validate yet (a quote not found in the
  article, a number out of range, text that does not parse) are moved to the record's `scratch`
  as the text the coder typed, so quitting or a crash never loses typing.
* "done" and "no relevant incident" are validated fully by the store; errors come back as
  `RecordInvalid.errors` keyed "field" or "incident N: field" and the screen maps them onto widgets.
* Writes are serialised by `CoderStore` (thread-safe); `generation` lets a slow background save
  know whether the coder changed something meanwhile, so "saved" is never shown for stale data.
"""

from __future__ import annotations

import copy
import re
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from coder.articles import Article, ArticleSet
from coder.codebook.model import Codebook, Field
from coder.codebook.values import (
    default_values,
    format_value,
    normalize_quote,
    prune_inapplicable,
    validate_values,
)
from coder.store import prune_as_coded
from coder.store.coder_store import ArticleRecord, CoderStore, Incident, Status

IDLE_SECONDS = 180.0
"""A pause longer than this between two inputs counts as away, not as coding time."""
_INCIDENT_KEY = re.compile(r"^incident (\d+): (.+)$")
FINISHED = ("done", "no_incident")


@dataclass
class ErrorMap:
    """RecordInvalid.errors split by where they show: article form, or incident N (0-based)."""

    article: dict[str, str] = field(default_factory=dict)
    incidents: dict[int, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def from_errors(cls, errors: Mapping[str, str]) -> ErrorMap:
        out = cls()
        for key, message in errors.items():
            m = _INCIDENT_KEY.match(key)
            if m:
                out.incidents.setdefault(int(m.group(1)) - 1, {})[m.group(2)] = message
            else:
                out.article[key] = message
        return out

    def __bool__(self) -> bool:
        return bool(self.article or self.incidents)


class Session:
    """One coder working through one ArticleSet with one CoderStore."""

    def __init__(self, codebook: Codebook, articles: ArticleSet, store: CoderStore | None) -> None:
        """`store` None: the coder's database is still being read (a big one is read after the
        coding screen's first frame, coder.tui.coding.app); `attach` gives it. Until then the
        session shows an article with no stored record, and nothing can be saved."""
        self._write_lock = threading.Lock()
        self.codebook = codebook
        self.articles: list[Article] = list(articles.articles)
        self._article_set = articles
        self._store = store
        self._records: dict[str, ArticleRecord] = {}
        """The stored records read so far, by article: each one when it is first needed (the
        article opened, the status of the next one), all of them once `index_all` has run. A
        save replaces its article's entry, so an entry is always what the file holds."""
        self._indexed = False
        self._positions: dict[str, int] = {}
        self._finished: set[str] = set()
        """Articles of this set whose stored record is finished, once `index_all` has run:
        `progress` is asked on every header refresh, so it is counted once and then kept up to
        date by `write`, never recounted over every article."""
        self._place(self.articles)
        self.preview = False
        """True while `articles` is only the article start-up shows before the folder is read
        (coder.article_peek): counts of articles are not known; `restrict_to` ends it."""
        self.index = 0
        self.record = ArticleRecord(article="")
        self.current: int | None = None
        """Index of the incident the form shows (None when there are none)."""
        self.generation = 0
        """Bumped on every change; a save remembers the generation it wrote."""
        self.saved_generation = 0
        self._written: dict[str, int] = {}
        self.unsaved: dict[str, tuple[ArticleRecord, int]] = {}
        """Records whose last write failed (full disk, read-only folder...), by article: kept
        until a retry writes them, and shown again when the coder comes back to the article."""
        self._normalized: tuple[str, str] | None = None
        self.monotonic: Callable[[], float] = time.monotonic
        """The clock of active time (a test gives its own)."""
        self._last_input: float | None = None
        self._active = 0.0
        self._active_base = 0

    @property
    def store(self) -> CoderStore:
        if self._store is None:
            raise RuntimeError("the coder's database is still being read (Session.attach)")
        return self._store

    @property
    def loading(self) -> bool:
        """True until the coder's database is given (`attach`)."""
        return self._store is None

    def attach(self, store: CoderStore) -> None:
        """The coder's database, read after the session was made: what was shown meanwhile had
        no stored record; `open` the article again to show its record."""
        with self._write_lock:
            self._store = store
            self._records.clear()
            self._finished = set()

    @property
    def write_guard(self) -> threading.Lock:
        """Held while a record is being written: `coder sync` commits only between saves."""
        return self._write_lock

    # -- navigation ---------------------------------------------------------------------------

    @property
    def article(self) -> Article:
        return self.articles[self.index]

    @property
    def readonly(self) -> bool:
        return self._store is not None and self._store.readonly

    @property
    def dirty(self) -> bool:
        return self.generation != self.saved_generation

    def first_unfinished(self) -> int:
        for i, a in enumerate(self.articles):
            r = self.stored(a.id)
            if r is None or r.status == "draft":
                return i
        return 0

    def next_unfinished(self, after: int) -> int | None:
        """The first article after `after` (wrapping round) not yet done or marked "no
        incident": where F4 and ctrl+d go on to, so a coder never lands on finished work."""
        n = len(self.articles)
        for step in range(1, n):
            i = (after + step) % n
            r = self.stored(self.articles[i].id)
            if r is None or r.status == "draft":
                return i
        return None

    def open(self, index: int) -> None:
        """Make article `index` current with a private working copy of its record."""
        self.index = index
        stored = self.stored(self.article.id)
        pending = self.unsaved.get(self.article.id)
        if pending is not None:  # an edit that could not be saved: show it, and keep it dirty
            self.record = copy.deepcopy(pending[0])
            self.current = 0 if self.record.incidents else None
            self.saved_generation = self.generation
            self.generation += 1
            return
        if stored is not None:
            self.record = copy.deepcopy(stored)
        else:
            self.record = ArticleRecord(
                article=self.article.id, values=default_values(self.codebook.article_fields)
            )
        self.current = 0 if self.record.incidents else None
        self.saved_generation = self.generation  # generations never restart: see `write`
        self._last_input, self._active = self.monotonic(), 0.0  # reading counts from opening
        self._active_base = self.record.active_seconds

    @property
    def all_articles(self) -> list[Article]:
        """Every article of the project, whatever the plan shows this coder."""
        return list(self._article_set.articles)

    def restrict_to(
        self, article_ids: Sequence[str] | None, article_set: ArticleSet | None = None
    ) -> None:
        """Show only these articles, in this order (the coder's assignments; None: all), taken
        from `article_set` if given (articles a sync brought in). The open article stays current
        if it is still listed; call `open` after this otherwise."""
        current = self.articles[self.index].id if self.articles else None
        if article_set is not None:
            self._article_set = article_set
            self.preview = False
        if article_ids is None:
            self.articles = list(self._article_set.articles)
        else:
            found = (self._article_set.get(a) for a in article_ids)
            self.articles = [a for a in found if a is not None]
        self._place(self.articles)
        self.index = self.index_of(current) or 0 if current is not None else 0

    def _place(self, articles: Sequence[Article]) -> None:
        """Index the articles shown (`index_of`, what `progress` counts) after they changed."""
        positions: dict[str, int] = {}
        for i, a in enumerate(articles):
            positions.setdefault(a.id, i)
        with self._write_lock:
            self._positions = positions
            self._finished = self._finished_among(positions)

    def _finished_among(self, positions: Mapping[str, int]) -> set[str]:
        """The articles in `positions` whose record read so far is finished (under the lock)."""
        return {a for a, r in self._records.items() if r.status in FINISHED and a in positions}

    def index_of(self, article_id: str) -> int | None:
        return self._positions.get(article_id)

    # -- editing the working record ------------------------------------------------------------

    def touch(self) -> None:
        self.generation += 1
        self._count_active()

    def _count_active(self) -> None:
        """Add the time since the last input to the record's active time, unless it was an idle
        stretch (over IDLE_SECONDS: the coder was away), for `coder progress`."""
        now = self.monotonic()
        if self._last_input is not None and now - self._last_input <= IDLE_SECONDS:
            self._active += now - self._last_input
            self.record.active_seconds = self._active_base + int(self._active)
        self._last_input = now

    def set_article_values(
        self,
        values: dict[str, Any],
        raw: Mapping[str, str],
        as_coded: Mapping[str, str] | None = None,
    ) -> None:
        self.record.values = values
        self._set_scratch("", raw)
        if as_coded is not None:
            self.record.as_coded = prune_as_coded(values, as_coded)

    def set_incident_values(
        self,
        index: int,
        values: dict[str, Any],
        raw: Mapping[str, str],
        as_coded: Mapping[str, str] | None = None,
    ) -> None:
        """The incident's values and unparsed text (and the names its places were chosen by,
        `as_coded`, when given: coder.store.as_coded)."""
        incident = self.record.incidents[index]
        incident.values = values
        if incident.suggested:  # a value cleared or replaced is no longer the suggestion's
            incident.suggested = [n for n in incident.suggested if n in values]
        self._set_scratch(incident.id + ".", raw)
        if as_coded is not None:
            incident.as_coded = prune_as_coded(values, as_coded)

    def _set_scratch(self, prefix: str, raw: Mapping[str, str]) -> None:
        scratch = self.record.scratch
        for key in [k for k in scratch if _scratch_prefix(k) == prefix]:
            del scratch[key]
        scratch.update({prefix + name: text for name, text in raw.items()})

    def scratch_for(self, incident: Incident | None) -> dict[str, str]:
        prefix = incident.id + "." if incident is not None else ""
        return {
            k[len(prefix) :]: v
            for k, v in self.record.scratch.items()
            if _scratch_prefix(k) == prefix
        }

    def add_incident(self, values: dict[str, Any] | None = None) -> int:
        names: dict[str, str] = {}
        if values is None:
            values = self.carried_values()
            names = self._carried_names(values)
        self.record.incidents.append(Incident(values=copy.deepcopy(values), as_coded=names))
        self.current = len(self.record.incidents) - 1
        self.touch()
        return self.current

    def carried_values(self) -> dict[str, Any]:
        """A new incident's values: the defaults, and each `carry: true` field's value in the
        incident shown (else the last one), so the second incident of an article in Kirkuk
        starts in Kirkuk."""
        fields = self.codebook.incident_fields
        values = default_values(fields)
        incidents = self.record.incidents
        if incidents:
            source = incidents[self.current if self.current is not None else -1].values
            for f in fields:
                if f.carry and f.name in source:
                    values[f.name] = copy.deepcopy(source[f.name])
        return prune_inapplicable(fields, values)

    def _carried_names(self, values: Mapping[str, Any]) -> dict[str, str]:
        """The names a carried place was chosen by go with it (the coder saw the same)."""
        incidents = self.record.incidents
        if not incidents:
            return {}
        source = incidents[self.current if self.current is not None else -1]
        return {k: v for k, v in source.as_coded.items() if values.get(k) == source.values.get(k)}

    def duplicate_incident(self, index: int) -> int:
        """Copy incident `index` (values and unparsed text) to a new incident right after it.

        The list of fields taken from a suggestion goes with the values: a value the coder
        accepted from a suggestion and then copied was still never typed, in either incident
        (`coder compare --typed-only` leaves it out of both)."""
        source = self.record.incidents[index]
        twin = Incident(
            values=copy.deepcopy(source.values),
            as_coded=dict(source.as_coded),
            suggested=list(source.suggested),
        )
        self.record.incidents.insert(index + 1, twin)
        for name, text in self.scratch_for(source).items():
            self.record.scratch[f"{twin.id}.{name}"] = text
        self.current = index + 1
        self.touch()
        return self.current

    def delete_incident(self, index: int) -> None:
        gone = self.record.incidents.pop(index)
        self._set_scratch(gone.id + ".", {})
        n = len(self.record.incidents)
        self.current = None if n == 0 else min(index, n - 1)
        self.touch()

    # -- saving ---------------------------------------------------------------------------------

    def draft_record(self) -> ArticleRecord:
        """A copy of the working record that the store always accepts as a draft (or as its
        current status if it is still complete): invalid values move to scratch as text."""
        rec = copy.deepcopy(self.record)
        found = self._quote_found
        moved = _to_scratch(rec.values, self.codebook.article_fields, found, rec.scratch, "")
        for inc in rec.incidents:
            moved |= _to_scratch(
                inc.values, self.codebook.incident_fields, found, rec.scratch, inc.id + "."
            )
        rec.as_coded = prune_as_coded(rec.values, rec.as_coded)
        for inc in rec.incidents:
            inc.as_coded = prune_as_coded(inc.values, inc.as_coded)
        if rec.status != "draft" and (moved or rec.scratch or self.errors_for(rec, rec.status)):
            rec.status = "draft"
        return rec

    def _quote_found(self, quote: str) -> bool:
        """Quote-in-article check with the article normalised once (matters for 4 MB texts)."""
        article = self.article
        if self._normalized is None or self._normalized[0] != article.id:
            self._normalized = (article.id, normalize_quote(article.text))
        return normalize_quote(quote) in self._normalized[1]

    def errors_for(self, record: ArticleRecord, status: Status) -> dict[str, str]:
        """What the store would refuse if `record` were saved with `status`, and, to mark it
        finished, what the store accepts but a coder with the article and the gazetteer in front
        of them fixes first: a precision finer than its place (imports may follow other rules),
        a place kept as typed that can now be chosen (coder.store.typed_places)."""
        from coder.store.coder_store import validate_record

        rec = copy.copy(record)
        rec.status = status
        errors = validate_record(rec, self.codebook, self.article)
        if status == "done":
            from coder.store.place_precision import precision_problems  # (rapidfuzz: not at start)

            for key, message in precision_problems(self.codebook, rec).items():
                errors.setdefault(key, message)
        if status in FINISHED:
            from coder.store.typed_places import unplaced_typed

            for key, message in unplaced_typed(self.codebook, rec).items():
                errors.setdefault(key, message)
        return errors

    def write(self, record: ArticleRecord, generation: int) -> ArticleRecord | None:
        """Store `record` (may run in a worker thread); marks clean if nothing changed since.

        Background saves can finish out of order; a snapshot older than one already written for
        the same article is skipped (None), so the file never goes back in time.
        """
        article = self.get_article(record.article)
        with self._write_lock:
            if generation < self._written.get(record.article, -1):
                return None
            try:
                stored = self.store.save(record, codebook=self.codebook, article=article)
            except BaseException:
                pending = self.unsaved.get(record.article)
                if pending is None or pending[1] <= generation:
                    self.unsaved[record.article] = (copy.deepcopy(record), generation)
                raise
            pending = self.unsaved.get(record.article)
            if pending is not None and pending[1] <= generation:
                del self.unsaved[record.article]
            self._written[record.article] = generation
            self._records[stored.article] = stored
            if stored.status in FINISHED and stored.article in self._positions:
                self._finished.add(stored.article)
            else:
                self._finished.discard(stored.article)
            if record.article == self.article.id and generation > self.saved_generation:
                self.saved_generation = generation
            return stored

    def get_article(self, article_id: str) -> Article | None:
        i = self.index_of(article_id)
        return self.articles[i] if i is not None else None

    # -- overview -------------------------------------------------------------------------------

    def stored(self, article_id: str) -> ArticleRecord | None:
        """The article's record as stored (None: not started), read from the store the first
        time it is asked for. Not a copy: never change it."""
        r = self._records.get(article_id)
        store = self._store
        if r is not None or self._indexed or store is None or not store.has(article_id):
            return r
        got = store.get(article_id)
        # A save (another thread) may have stored a newer one meanwhile: that one stays.
        return self._records.setdefault(article_id, got) if got is not None else None

    def index_all(self) -> None:
        """Read every stored record once, for the progress count and the article list.

        Not needed to show the first article, so the app runs it after the first frame, in a
        worker thread: copying 18,939 records (50k incidents) took ~0.3 s of the start-up. Saves
        may run meanwhile; what they stored is newer than this snapshot and is kept."""
        if self._indexed:
            return
        snapshot = self.store.records()
        with self._write_lock:
            for r in snapshot:
                self._records.setdefault(r.article, r)
            self._indexed = True
            self._finished = self._finished_among(self._positions)

    @property
    def indexed(self) -> bool:
        """Whether every stored record has been read (`index_all`): `progress` is known."""
        return self._indexed

    def status_of(self, article_id: str) -> str:
        r = self.stored(article_id)
        if r is None:
            return "not started"
        return {"draft": "draft", "done": "done", "no_incident": "no incident"}[r.status]

    def incidents_of(self, article_id: str) -> int:
        r = self.stored(article_id)
        return len(r.incidents) if r else 0

    def progress(self) -> tuple[int | None, int]:
        """(finished, all) articles of this set, kept up to date by `write`; finished is None
        until `index_all` has counted them."""
        return (len(self._finished) if self._indexed else None), len(self.articles)

    def quotes(self) -> list[str]:
        """The current incident's quote values and quote text, to highlight in the article."""
        if self.current is None:
            return []
        inc = self.record.incidents[self.current]
        out = []
        scratch = self.scratch_for(inc)
        for f in self.codebook.incident_fields:
            if f.type == "quote":
                v = inc.values.get(f.name) or scratch.get(f.name)
                if isinstance(v, str) and v.strip():
                    out.append(v)
        return out


def _scratch_prefix(key: str) -> str:
    inc_id, dot, _ = key.rpartition(".")
    return inc_id + dot


def _to_scratch(
    values: dict[str, Any],
    fields: tuple[Field, ...],
    quote_found: Callable[[str], bool],
    scratch: dict[str, str],
    prefix: str,
) -> bool:
    """Move values that do not validate (besides `required`) into scratch; True if any moved."""
    problems = validate_values(fields, values, article_text=None, require=False)
    by_name = {f.name: f for f in fields}
    for f in fields:
        quote = values.get(f.name)
        if f.type == "quote" and isinstance(quote, str) and not quote_found(quote):
            problems[f.name] = "this passage does not appear in the article"
    for name in problems:
        if name in values:
            owner = by_name.get(name)
            shown = format_value(owner, values[name]) if owner is not None else ""
            if shown:
                scratch[prefix + name] = shown
            del values[name]
    return bool(problems)
