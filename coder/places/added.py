"""Places a coder adds while coding: `places_added.csv` next to the gazetteer.

The gazetteers a project can get (GeoNames, OCHA) lack most villages a news report names, so
adding a place is routine, not an exception. A coder adds a name, a kind (town, village, site)
and a *known* parent; no coordinates are needed, because export gives a place without a point
its parent's, with a precision that says so. Nothing is added silently: the coder confirms in the
form, and the file records who added what and when, for the lead to review and merge into the
gazetteer (`coder places list`, `coder places merge`).

The id is `<parent id>-<NAME>` (the gazetteer's own convention), so two coders who add the same
village under the same parent get the same id (and agree), and merging keeps every stored value
valid. Several coders may share one project folder, so appends take a short `flock` and rewrite
the file atomically with `coder.fsutil`.
"""

from __future__ import annotations

import csv
import fcntl
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from coder.errors import CoderError
from coder.fsutil import atomic_write
from coder.places.gazetteer import COLUMNS, Gazetteer, Place, read_csv_rows
from coder.places.search import fold

ADDED_FILE = "places_added.csv"
ADDED_COLUMNS = (*COLUMNS, "coder", "added")
ADDABLE_KINDS = ("village", "town", "site")


class PlaceAddError(CoderError):
    """A place cannot be added (unknown parent, empty name, a kind that cannot be added)."""


def added_path(gazetteer_path: Path) -> Path:
    return gazetteer_path.with_name(ADDED_FILE)


def make_id(parent: str, name: str) -> str:
    slug = re.sub(r"[^0-9A-Z]", "", fold(name).upper())
    if not slug:  # a name in a script without Latin letters: keep its letters
        slug = re.sub(r"[\s;,]", "", fold(name))
    return f"{parent}-{slug}"


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold `path`'s lock (places_added.csv.lock): the form appending a place and `coder sync`
    merging the team's rows into the file take it, so neither rewrites the file under the
    other (a row read before the other's rewrite would be lost when the file is written back)."""
    lock = path.with_name(path.name + ".lock")
    with open(lock, "a+", encoding="utf-8") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def read_added_rows(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        return []
    return [row for _, row in read_csv_rows(path)]


def write_rows(path: Path, rows: Sequence[dict[str, str]], columns: Sequence[str]) -> None:
    def write(out: object) -> None:
        writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\n")  # type: ignore[arg-type]
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in columns})

    atomic_write(path, write)


def add_place(gaz: Gazetteer, name: str, kind: str, parent: str, coder: str) -> Place:
    """Record a coder-added place and return it (an existing place of the same name and parent
    is returned instead of a duplicate)."""
    assert gaz.path is not None
    name = " ".join(name.split())
    if not name:
        raise PlaceAddError("the new place needs a name")
    if kind not in ADDABLE_KINDS:
        raise PlaceAddError(f"kind {kind!r}: a coder can add a {', '.join(ADDABLE_KINDS)}")
    if parent not in gaz:
        raise PlaceAddError(f"parent {parent!r} is not in the gazetteer: choose a known place")
    for p in gaz.children(parent):
        if fold(p.name) == fold(name) or any(fold(a) == fold(name) for a in p.alt_names):
            return p
    target = added_path(gaz.path)
    with locked(target):
        rows = read_added_rows(target)
        taken = set(gaz.places) | {r.get("id", "") for r in rows}
        base = make_id(parent, name)
        for row in rows:  # another coder added it since this gazetteer was loaded
            if row.get("parent") == parent and fold(row.get("name", "")) == fold(name):
                return _place(row, len(rows) + 1)
        pid, n = base, 2
        while pid in taken:
            pid, n = f"{base}-{n}", n + 1
        row = {
            "id": pid,
            "name": name,
            "kind": kind,
            "parent": parent,
            "source": f"added by {coder}",
            "coder": coder,
            "added": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        write_rows(target, [*rows, row], ADDED_COLUMNS)
    return _place(row, len(rows) + 2)


def _place(row: dict[str, str], line: int) -> Place:
    return Place(
        id=row["id"],
        name=row["name"],
        kind=row["kind"],
        parent=row["parent"],
        source=row.get("source", ""),
        line=line,
        added=True,
        added_by=row.get("coder", ""),
    )
