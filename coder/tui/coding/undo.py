"""ctrl+z on the coding screen: the last change to the working record, undone.

A change is a run of edits of one field (typing a district, arrowing through a list: one step,
not one per key), or adding, duplicating or deleting an incident. Before each change the screen
takes a `Snapshot` of the record's values, incidents, unparsed text and the incident shown; undo
puts the last one back. The snapshot before a field edit is the record as the screen last
*settled* it (after the previous change), not the record at the moment the edit's message
arrives: by then an autosave may already have copied the new text from the form into the record,
and undo would bring back the very typing it was asked to take away.

The stack belongs to the article open: opening another article starts a
new one (undoing into an article the coder left would be a surprise, and it is saved anyway).
No Textual here, so the rules can be tested on their own.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, replace

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
    as_coded: dict[str, str]
    """The names the article's place fields were chosen by (incidents keep their own)."""

    @classmethod
    def of(cls, record: ArticleRecord, current: int | None, what: str) -> Snapshot:
        return cls(
            what,
            copy.deepcopy(record.values),
            copy.deepcopy(record.incidents),
            dict(record.scratch),
            current,
            dict(record.as_coded),
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
        self._steps: list[Snapshot] = []
        self._run: str | None = None
        """The field being edited: further edits of it belong to the same step."""
        self._base: Snapshot | None = None
        """The record after the last change the screen handled (see `settled`)."""

    def __len__(self) -> int:
        return len(self._steps)

    def before_edit(self, key: str, record: ArticleRecord, current: int | None, what: str) -> None:
        """Called before a field edit; `key` names the field (and incident) edited."""
        if key == self._run:
            return
        base = self._base
        self._push(replace(base, what=what) if base else Snapshot.of(record, current, what))
        self._run = key

    def settled(self, record: ArticleRecord, current: int | None) -> None:
        """Called after the screen has taken in a change (an edit, an incident added, an undo,
        an article opened): the state the next edit's step goes back to."""
        self._base = Snapshot.of(record, current, "")

    def before_change(self, record: ArticleRecord, current: int | None, what: str) -> None:
        """Called before a change to the list of incidents: always its own step."""
        self._push(Snapshot.of(record, current, what))
        self._run = None
        self._base = None

    def _push(self, snap: Snapshot) -> None:
        self._steps.append(snap)
        del self._steps[:-MAX_STEPS]

    def pop(self) -> Snapshot | None:
        self._run = None
        self._base = None
        return self._steps.pop() if self._steps else None

    def clear(self) -> None:
        self._steps.clear()
        self._run = None
        self._base = None
