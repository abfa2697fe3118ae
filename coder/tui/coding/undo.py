"""ctrl+z on the coding screen: the last change to the working record, undone.

A change is a run of edits of one field (typing a district, arrowing through a list: one step, not
one per key), adding, duplicating or deleting an incident, or all the suggestions F6 takes. Before
each change the screen takes a `Snapshot` of the record's values, incidents, unparsed text and the
incident shown; undo puts the last one back. The snapshot before a field edit is the record as the
screen last *settled* it (after the previous change), not the record at the moment the edit's
message arrives: by then an autosave may already have copied the new text from the form into the
record, and undo would bring back the very typing it was asked to take away. What that settled
state does not say is where the edit was: the coder may have moved to another incident since (a
move is not a change, and settles nothing), so the step takes the incident and field from the edit
itself, and undo shows the coder that incident with the cursor in that field.

Which fields of an incident still hold the value carried from the incident before is screen
state, never stored (coder/tui/coding/suggesting.py), but it is part of what a change changes: a
suggestion accepted over a carried value removes the mark, and undoing that must bring the value
back *as carried*, so the stack keeps those marks (`UndoStack.carried`) and its snapshots too.

The stack belongs to the article open: opening another article starts a
new one (undoing into an article the coder left would be a surprise, and it is saved anyway).
No Textual here, so the rules can be tested on their own.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from coder.store.coder_store import ArticleRecord, Incident

MAX_STEPS = 200


@dataclass(frozen=True)
class Snapshot:
    what: str
    """What the change was, for the message after undo ("District", "deleted incident 2")."""
    values: dict[str, object]
    incidents: list[Incident]
    scratch: dict[str, str]
    current: int | None
    """The incident to show after undo: the one the change was made in."""
    as_coded: dict[str, str]
    """The names the article's place fields were chosen by (incidents keep their own)."""
    carried: Mapping[str, frozenset[str]] = field(default_factory=dict)
    """Incident id -> the fields still holding the value carried from the incident before."""
    edited: tuple[str | None, str] | None = None
    """(form id, field name) of the field a field edit changed, for the cursor after undo; None
    for a change to the list of incidents or one that set several fields."""

    @classmethod
    def of(
        cls,
        record: ArticleRecord,
        current: int | None,
        what: str,
        carried: Mapping[str, set[str]] | None = None,
    ) -> Snapshot:
        return cls(
            what,
            copy.deepcopy(record.values),
            copy.deepcopy(record.incidents),
            dict(record.scratch),
            current,
            dict(record.as_coded),
            {incident: frozenset(names) for incident, names in (carried or {}).items()},
        )

    def restore(self, record: ArticleRecord) -> int | None:
        """Put the snapshot back into `record`; returns the incident to show."""
        record.values = copy.deepcopy(self.values)
        record.incidents = copy.deepcopy(self.incidents)
        record.scratch = dict(self.scratch)
        record.as_coded = dict(self.as_coded)
        return self.current


class UndoStack:
    """Snapshots of one article's record, newest last."""

    def __init__(self) -> None:
        self.carried: dict[str, set[str]] = {}
        """Incident id -> the fields that still hold the value carried from the incident before
        (set and cleared by the suggestion code; kept across articles, like incident ids)."""
        self._steps: list[Snapshot] = []
        self._run: str | None = None
        """The field being edited: further edits of it belong to the same step."""
        self._base: Snapshot | None = None
        """The record after the last change the screen handled (see `settled`)."""
        self._absorb: set[str] = set()
        """Field keys whose next edit belongs to the change just pushed (see `absorb`)."""

    def __len__(self) -> int:
        return len(self._steps)

    @staticmethod
    def field_key(form: str | None, current: int | None, name: str) -> str:
        """Names one field of one form (and incident): a run of edits of one key is one step."""
        return f"{form}:{current}:{name}"

    def before_edit(
        self, form: str | None, name: str, record: ArticleRecord, current: int | None, what: str
    ) -> None:
        """Called before an edit of field `name` of `form` in incident `current` (the one shown,
        for the article form too): the step goes back to the settled record, and shows there."""
        key = self.field_key(form, current, name)
        if key in self._absorb:
            self._absorb.discard(key)
            return
        if key == self._run:
            return
        base = self._base
        snap = base or Snapshot.of(record, current, what, self.carried)
        self._push(replace(snap, what=what, current=current, edited=(form, name)))
        self._run = key

    def settled(self, record: ArticleRecord, current: int | None) -> None:
        """Called after the screen has taken in a change (an edit, an incident added, an undo,
        an article opened): the state the next edit's step goes back to."""
        self._base = Snapshot.of(record, current, "", self.carried)

    def before_change(
        self,
        record: ArticleRecord,
        current: int | None,
        what: str,
        *,
        edited: tuple[str | None, str] | None = None,
    ) -> None:
        """Called before a change to the list of incidents, or to fields set by one key: always
        its own step. `current` is the incident to show after undo; `edited` the one field the
        change set, if only one (F9's fill down: the cursor goes to the filled cell's field)."""
        self._push(replace(Snapshot.of(record, current, what, self.carried), edited=edited))
        self._run = None
        self._base = None

    def absorb(self, keys: Iterable[str]) -> None:
        """The change just pushed (`before_change`) set these fields itself, and their edit
        messages arrive after it: they are part of that step, not steps of their own (F6 takes
        several suggestions in one key, and one ctrl+z takes them all back)."""
        self._absorb = set(keys)

    def _push(self, snap: Snapshot) -> None:
        self._steps.append(snap)
        del self._steps[:-MAX_STEPS]

    def pop(self) -> Snapshot | None:
        self._run = None
        self._base = None
        self._absorb = set()
        return self._steps.pop() if self._steps else None

    def undo(self, record: ArticleRecord) -> Snapshot | None:
        """Take the last step back: `record` and the carried marks as they were before it. The
        snapshot says what was undone and which incident to show (None: nothing to undo)."""
        snap = self.pop()
        if snap is not None:
            snap.restore(record)
            self.carried.update({incident: set(names) for incident, names in snap.carried.items()})
        return snap

    def clear(self) -> None:
        self._steps.clear()
        self._run = None
        self._base = None
        self._absorb = set()
