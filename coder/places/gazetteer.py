"""The project gazetteer: places with ids, a parent hierarchy, admin levels and coordinates.

A project codes a place as the id of a row of `gazetteer.csv` (project root), not as free text,
so "Daquq" and "Daqouq" are one value and every export can carry admin levels and coordinates.
Columns: `id, name, alt_names` (`;`-separated, any script), `kind` (admin1, admin2, town,
village, site), `parent` (an id), `latitude, longitude` (optional), `source`.

Places a coder adds while coding (a village the gazetteer lacks, under a known parent) live in
`places_added.csv` next to it (see `coder.places.added`) and are loaded into the same
`Gazetteer`, marked `added`, until the lead merges them (`coder places merge`).

Loading never raises on bad rows: it returns the places that are usable plus every problem as
"file:line: message", so `coder check` can list them all at once.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from coder.csv_rows import csv_rows
from coder.errors import CoderError
from coder.places.typed import TYPED_MARK

COLUMNS = ("id", "name", "alt_names", "kind", "parent", "latitude", "longitude", "source")
KINDS = ("admin1", "admin2", "town", "village", "site")
PRECISION = {"admin1": 3, "admin2": 2, "town": 1, "village": 1, "site": 1}
"""ACLED geo precision of a place of each kind: town 1, district 2, province 3."""
ALT_SEPARATOR = ";"
GAZETTEER_FILE = "gazetteer.csv"


class GazetteerError(CoderError):
    """The gazetteer cannot be read; the message lists every problem as file:line: message."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        shown = self.problems[:20]
        more = len(self.problems) - len(shown)
        super().__init__("\n".join(shown) + (f"\n... and {more} more" if more > 0 else ""))

    def first(self, fallback: str) -> str:
        """The first problem (file:line: message), or `fallback` when none was listed: what a
        one-line message about an unreadable gazetteer quotes."""
        return self.problems[0] if self.problems else fallback


@dataclass(frozen=True)
class Place:
    id: str
    name: str
    kind: str
    parent: str = ""
    alt_names: tuple[str, ...] = ()
    latitude: float | None = None
    longitude: float | None = None
    source: str = ""
    line: int = 0
    added: bool = False
    """True for a coder-added place from places_added.csv (not yet merged)."""
    added_by: str = ""


@dataclass(frozen=True)
class Located:
    """Where a place lies for export: admin ids, coordinates (own or inherited) and precision."""

    admin1: Place | None
    admin2: Place | None
    latitude: float | None
    longitude: float | None
    precision: int
    """ACLED geo precision of the coordinates: the place's own kind, or that of the ancestor
    whose coordinates it took (a village without a point under a district is 2)."""


@dataclass
class Gazetteer:
    places: dict[str, Place] = field(default_factory=dict)
    path: Path | None = None
    problems: list[str] = field(default_factory=list)

    def __contains__(self, place_id: object) -> bool:
        return place_id in self.places

    def __len__(self) -> int:
        return len(self.places)

    def get(self, place_id: str) -> Place | None:
        return self.places.get(place_id)

    def ancestors(self, place_id: str) -> Iterator[Place]:
        """The place itself, then its parent, ... up to the root (stops at a cycle)."""
        seen: set[str] = set()
        current = self.places.get(place_id)
        while current is not None and current.id not in seen:
            seen.add(current.id)
            yield current
            current = self.places.get(current.parent) if current.parent else None

    def admin(self, place_id: str, kind: str) -> Place | None:
        """The place's ancestor (or itself) of `kind` admin1/admin2."""
        return next((p for p in self.ancestors(place_id) if p.kind == kind), None)

    def locate(self, place_id: str) -> Located | None:
        chain = list(self.ancestors(place_id))
        if not chain:
            return None
        own = chain[0]
        with_point = next((p for p in chain if p.latitude is not None), None)
        if with_point is None:
            lat = lon = None
            precision = PRECISION.get(own.kind, 1)
        else:
            lat, lon = with_point.latitude, with_point.longitude
            precision = max(PRECISION.get(p.kind, 1) for p in chain[: chain.index(with_point) + 1])
        return Located(
            admin1=next((p for p in chain if p.kind == "admin1"), None),
            admin2=next((p for p in chain if p.kind == "admin2"), None),
            latitude=lat,
            longitude=lon,
            precision=precision,
        )

    def hierarchy(self, place_id: str) -> str:
        """ "Daquq · district · Kirkuk": name, kind in words, then the names of its ancestors."""
        chain = list(self.ancestors(place_id))
        if not chain:
            return place_id
        own = chain[0]
        parts = [own.name, KIND_WORDS.get(own.kind, own.kind), *(p.name for p in chain[1:])]
        if own.added:
            parts.append("added")
        return " · ".join(parts)

    def children(self, place_id: str) -> list[Place]:
        return [p for p in self.places.values() if p.parent == place_id]


KIND_WORDS = {
    "admin1": "province",
    "admin2": "district",
    "town": "town",
    "village": "village",
    "site": "site",
}


def read_csv_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row) of a UTF-8 CSV file with a header; problems raise GazetteerError."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise GazetteerError([f"{path}: no such file"]) from None
    except UnicodeDecodeError as e:
        raise GazetteerError([f"{path}: not UTF-8 text ({e.reason} at byte {e.start})"]) from None
    except OSError as e:
        raise GazetteerError([f"{path}: cannot read: {e.strerror}"]) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip().lower() for h in next(reader)]
        while header and header[0].startswith("#"):  # leading comment lines: credits, licence
            header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise GazetteerError(
            [f"{path}:1: empty file: the header row is {','.join(COLUMNS)}"]
        ) from None
    missing = [c for c in ("id", "name", "kind", "parent") if c not in header]
    if missing:
        raise GazetteerError(
            [f"{path}:1: missing column(s) {', '.join(missing)}; the header is {','.join(COLUMNS)}"]
        )
    for line, row, unreadable in csv_rows(reader):
        if unreadable:
            raise GazetteerError([f"{path}:{line}: cannot read the row: {unreadable}"])
        yield line, {h: (row[i].strip() if i < len(row) else "") for i, h in enumerate(header)}


def _coordinate(text: str, low: float, high: float, what: str) -> tuple[float | None, str | None]:
    if not text:
        return None, None
    try:
        value = float(text)
    except ValueError:
        return None, f"{what} {text!r} is not a number (decimal degrees, e.g. 35.139)"
    if not math.isfinite(value) or not low <= value <= high:
        return None, f"{what} {text} is out of range ({low:g} to {high:g})"
    return value, None


def parse_place(
    path: Path, line: int, row: dict[str, str], *, added: bool = False
) -> tuple[Place | None, list[str]]:
    """One row -> a Place and the problems with it (file:line: message)."""
    where = f"{path}:{line}"
    problems: list[str] = []
    pid, name, kind = row.get("id", ""), row.get("name", ""), row.get("kind", "").lower()
    if not pid:
        problems.append(f"{where}: id is empty: every place needs an id")
    elif any(ch in pid for ch in ";,\n") or pid != pid.strip():
        problems.append(f"{where}: id {pid!r} must not contain ';', ',' or spaces at the ends")
    elif pid.startswith(TYPED_MARK):
        problems.append(
            f"{where}: id {pid!r} must not start with {TYPED_MARK!r} (it marks a place a coder "
            "kept as typed)"
        )
    if not name:
        problems.append(f"{where}: {pid or 'place'}: name is empty")
    if kind not in KINDS:
        problems.append(f"{where}: {pid}: kind {kind!r} is not one of {', '.join(KINDS)}")
    lat, e1 = _coordinate(row.get("latitude", ""), -90.0, 90.0, "latitude")
    lon, e2 = _coordinate(row.get("longitude", ""), -180.0, 180.0, "longitude")
    for e in (e1, e2):
        if e:
            problems.append(f"{where}: {pid}: {e}")
    if (lat is None) != (lon is None) and not (e1 or e2):
        problems.append(f"{where}: {pid}: give both latitude and longitude, or neither")
        lat = lon = None
    if problems and (not pid or not name or kind not in KINDS or pid.startswith(TYPED_MARK)):
        return None, problems  # (an id with the typed mark would read as a place kept as typed)
    alts = tuple(a.strip() for a in row.get("alt_names", "").split(ALT_SEPARATOR) if a.strip())
    place = Place(
        id=pid,
        name=name,
        kind=kind,
        parent=row.get("parent", ""),
        alt_names=alts,
        latitude=lat,
        longitude=lon,
        source=row.get("source", ""),
        line=line,
        added=added,
        added_by=row.get("coder", ""),
    )
    return place, problems


def check_tree(gaz: Gazetteer, places: Iterable[Place], path_of: dict[str, Path]) -> list[str]:
    """Unknown parents, cycles and admin levels in the wrong place, for the given places."""
    problems: list[str] = []
    for p in places:
        where = f"{path_of.get(p.id, gaz.path)}:{p.line}"
        if p.parent and p.parent not in gaz.places:
            close = _close(p.parent, [i for i in gaz.places if i != p.id])
            problems.append(f"{where}: {p.id}: parent {p.parent!r} is not an id{close}")
            continue
        if not p.parent and p.kind != "admin1":
            problems.append(f"{where}: {p.id}: a {p.kind} needs a parent (only admin1 has none)")
        if p.kind == "admin1" and p.parent:
            problems.append(f"{where}: {p.id}: an admin1 place has no parent (got {p.parent!r})")
        seen = [p.id]
        current = gaz.places.get(p.parent) if p.parent else None
        while current is not None:
            if current.id in seen:
                cycle = " -> ".join([*seen, current.id])
                problems.append(f"{where}: {p.id}: parents form a cycle: {cycle}")
                break
            seen.append(current.id)
            current = gaz.places.get(current.parent) if current.parent else None
        if p.kind == "admin2" and p.parent and gaz.places[p.parent].kind != "admin1":
            problems.append(f"{where}: {p.id}: an admin2 place's parent must be an admin1")
    return problems


def _close(word: str, options: list[str]) -> str:
    import difflib

    close = difflib.get_close_matches(word, options, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _merged_or_same(first: Place, again: Place) -> bool:
    """A row of places_added.csv whose id is already known is no problem when it is
    - in the gazetteer itself: a place the lead merged, brought back by a coder's copy from
      before the merge, or by a coder appending at the same time (git's union merge of the file
      keeps both sides' lines); the gazetteer's row is the place now, the next merge drops this;
    - the same place added twice: two coders who add one village under one parent get one id,
      and the union merge keeps both their rows.
    Any other repeated id (two different places) is still reported."""
    if not first.added:
        return True
    return (first.name, first.kind, first.parent) == (again.name, again.kind, again.parent)


def load_gazetteer(path: Path, added_path: Path | None = None) -> Gazetteer:
    """Read `path` (and the coder-added places in `added_path`, if it exists).

    Raises GazetteerError only when a file cannot be read at all; row problems are collected in
    `Gazetteer.problems` and the bad rows left out.
    """
    gaz = Gazetteer(path=path)
    path_of: dict[str, Path] = {}
    sources: list[tuple[Path, bool]] = [(path, False)]
    if added_path is not None and added_path.is_file():
        sources.append((added_path, True))
    for src, added in sources:
        for line, row in read_csv_rows(src):
            place, problems = parse_place(src, line, row, added=added)
            gaz.problems.extend(problems)
            if place is None:
                continue
            if place.id in gaz.places:
                first = gaz.places[place.id]
                if added and _merged_or_same(first, place):
                    continue
                gaz.problems.append(
                    f"{src}:{line}: id {place.id!r} is already used on "
                    f"{path_of[place.id]}:{first.line}"
                )
                continue
            gaz.places[place.id] = place
            path_of[place.id] = src
    gaz.problems.extend(check_tree(gaz, list(gaz.places.values()), path_of))
    return gaz
