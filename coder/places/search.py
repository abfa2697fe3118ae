"""Type-ahead and name resolution over a gazetteer: case-, accent- and spelling-tolerant.

Names and alternate names are folded (NFKD without combining marks, case-folded, apostrophes
and hyphens dropped, spaces collapsed), so "Daqūq", "DAQUQ" and "Da'quq" are one key. A query is
matched in rank order:

1. exact folded name or alternate name,
2. a name that starts with the query ("daq" -> Daquq),
3. a word of a name that starts with the query ("sarai" -> Ali Sarai),
4. spelling-tolerant (from 4 letters): rapidfuzz's edit-distance ratio against the names that
   share the query's first letter and are at most 2 letters longer or shorter (transliterations
   of one place almost always do; these buckets keep a 100,000-row gazetteer near a frame per
   key, see benchmarks/bench_places.py).

Within each of these, places inside the province and district already chosen in the incident
come first (`Near`: a village name found in two provinces lists the one in the incident's
province first), then the bigger place (province before district before town before village),
then the shorter name. The preference never moves a place across the ranks above: a name typed
in full still lists every place of that name before longer names. `resolve` is the strict form
for import: an id, or a name that means one place (the incident's province does not decide
between two: a province carried over from the last incident may be stale, and a wrong village of
the right name would look right to every check).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from coder.places.gazetteer import KINDS, Gazetteer, Place

# rapidfuzz is imported by the first spelling-tolerant search, not with this module: every
# program that reads a codebook with place fields imports this module, and the coding screen's
# first frame searches nothing (the import was ~15 ms of its start-up).

_DROP = re.compile(r"['’‘ʼʻ`ʿʾ´\-\.]")
_SPACE = re.compile(r"\s+")
FUZZY_CUTOFF = 72.0
FUZZY_LENGTH = 2
"""Spelling-tolerant matches are names of the query's first letter and length +- this."""
_RANK = {k: i for i, k in enumerate(KINDS)}
_MAJOR = ("admin1", "admin2", "town")
PREFIX_CAP = 200
"""At most this many prefix matches are ranked per tier (the list shows 8)."""


def fold(text: str) -> str:
    if text.isascii():  # most names: no accents to strip (NFKD is the slow part)
        bare = text
    else:
        decomposed = unicodedata.normalize("NFKD", text)
        bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACE.sub(" ", _DROP.sub("", bare.casefold())).strip()


@dataclass(frozen=True)
class Match:
    place: Place
    name: str
    """The name or alternate name that matched (what the coder saw)."""
    score: float
    how: str
    """exact, prefix, word or fuzzy."""


@dataclass(frozen=True)
class Near:
    """The province and district already chosen in the incident, each as the form holds it:
    spellings of it (a choice's label and value, text typed; a name, an alternate name or an id
    of the gazetteer), the first that names a place of that level counting. Empty, or naming no
    province/district ("unknown"), prefers nothing."""

    province: tuple[str, ...] = ()
    district: tuple[str, ...] = ()


NOWHERE = Near()
_OUTSIDE = 2
"""`PlaceIndex._distance` of a place outside the chosen province and district."""


class PlaceIndex:
    """Folded names of a gazetteer, sorted for prefix search and bucketed for fuzzy search."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        entries: list[tuple[str, str, str]] = []  # (folded, place id, shown name)
        for p in gazetteer.places.values():
            for name in (p.name, *p.alt_names):
                key = fold(name)
                if key:
                    entries.append((key, p.id, name))
        entries.sort()
        self._entries = entries
        self._keys = [e[0] for e in entries]
        # Provinces, districts and towns apart, so a one-letter query ranks them without
        # sorting thousands of villages.
        self._major = [i for i, e in enumerate(entries) if gazetteer.places[e[1]].kind in _MAJOR]
        self._major_keys = [entries[i][0] for i in self._major]
        words: list[tuple[str, int]] = []
        buckets: dict[tuple[str, int], list[int]] = defaultdict(list)
        for i, (key, _, _) in enumerate(entries):
            buckets[key[0], len(key)].append(i)
            for w in key.split(" ")[1:]:
                words.append((w, i))
        words.sort()
        self._words = words
        self._word_keys = [w for w, _ in words]
        self._buckets = {c: (idx, [entries[i][0] for i in idx]) for c, idx in buckets.items()}
        self._exact: dict[str, list[int]] = defaultdict(list)
        for i, (key, _, _) in enumerate(entries):
            self._exact[key].append(i)

    def _order(
        self, distance: Callable[[str], int]
    ) -> Callable[[int], tuple[int, int, bool, int, str]]:
        """Sort key of an entry: nearest to the incident's area, then bigger, then named by its
        main name, then shorter."""

        def key(i: int) -> tuple[int, int, bool, int, str]:
            folded, pid, shown = self._entries[i]
            place = self.gazetteer.places[pid]
            rank = _RANK.get(place.kind, 9)
            return (distance(pid), rank, shown != place.name, len(folded), folded)

        return key

    def area(self, spellings: Sequence[str], kind: str, within: str | None = None) -> str | None:
        """The id of the place of `kind` (admin1, admin2) the first of `spellings` that names one
        is: its id, or a name or alternate name of exactly one place of that kind (of several,
        the one inside `within`, if exactly one is)."""
        places = self.gazetteer.places
        for text in spellings:
            text = text.strip()
            if not text:
                continue
            own = places.get(text)
            if own is not None and own.kind == kind:
                return own.id
            found = sorted({p.id for p in self.named(text) if p.kind == kind})
            if len(found) > 1 and within is not None:
                found = [pid for pid in found if self._inside(pid, within)]
            if len(found) == 1:
                return found[0]
        return None

    def _inside(self, place_id: str, area_id: str) -> bool:
        return any(p.id == area_id for p in self.gazetteer.ancestors(place_id))

    def _distance(self, near: Near) -> Callable[[str], int]:
        """0 for a place inside the chosen district, 1 inside the chosen province (only),
        `_OUTSIDE` for the rest; every place is 0 when nothing is chosen."""
        province = self.area(near.province, "admin1")
        district = self.area(near.district, "admin2", province)
        if province is None and district is None:
            return lambda pid: 0
        known: dict[str, int] = {}

        def distance(pid: str) -> int:
            d = known.get(pid)
            if d is None:
                chain = {p.id for p in self.gazetteer.ancestors(pid)}
                d = 0 if district in chain else 1 if province in chain else _OUTSIDE
                known[pid] = d
            return d

        return distance

    def _prefix(self, keys: list[str], q: str, cap: int) -> range:
        lo = bisect.bisect_left(keys, q)
        hi = bisect.bisect_left(keys, q + "\U0010ffff", lo)
        return range(lo, min(hi, lo + cap))

    def search(self, query: str, limit: int = 8, *, near: Near = NOWHERE) -> list[Match]:
        """The best `limit` places for what the coder typed, one Match per place; of equal
        matches, those inside the incident's province and district (`near`) first."""
        q = fold(query)
        if not q:
            return []
        out: dict[str, Match] = {}
        order = self._order(self._distance(near))

        def take(indices: list[int], how: str, score: float) -> None:
            for i in sorted(indices, key=order):
                _, pid, shown = self._entries[i]
                if pid not in out and len(out) < limit:
                    out[pid] = Match(self.gazetteer.places[pid], shown, score, how)

        take(self._exact.get(q, []), "exact", 100.0)
        if len(out) < limit:
            major = self._prefix(self._major_keys, q, PREFIX_CAP)
            take([self._major[k] for k in major], "prefix", 95.0)
        if len(out) < limit:
            take(list(self._prefix(self._keys, q, PREFIX_CAP)), "prefix", 95.0)
        if len(out) < limit:
            hits = self._prefix(self._word_keys, q, PREFIX_CAP)
            take([self._words[k][1] for k in hits], "word", 90.0)
        if len(out) < limit and len(q) >= 4:
            found: list[tuple[float, int]] = []
            for n in range(len(q) - FUZZY_LENGTH, len(q) + FUZZY_LENGTH + 1):
                bucket = self._buckets.get((q[0], n))
                if bucket is None:
                    continue
                idx, keys = bucket
                # Plain edit-distance ratio: misspellings of a whole name.
                from rapidfuzz import fuzz, process  # late: see the imports

                close = process.extract(
                    q, keys, scorer=fuzz.ratio, limit=limit * 3, score_cutoff=FUZZY_CUTOFF
                )
                found.extend((float(score), idx[k]) for _, score, k in close)
            for score, i in sorted(found, key=lambda t: (-t[0], order(t[1]))):
                _, pid, shown = self._entries[i]
                if pid not in out and len(out) < limit:
                    out[pid] = Match(self.gazetteer.places[pid], shown, score, "fuzzy")
        return list(out.values())

    def named(self, text: str) -> list[Place]:
        """Places whose folded name or alternate name equals `text` folded."""
        seen: dict[str, Place] = {}
        for i in self._exact.get(fold(text), []):
            pid = self._entries[i][1]
            seen.setdefault(pid, self.gazetteer.places[pid])
        return list(seen.values())

    def spelling(self, place_id: str, text: str) -> str:
        """The place's name or alternate name that `text` is (the gazetteer's spelling of what
        the coder typed: "daqouq" -> "Daqouq"); "" when `text` is the id itself."""
        place = self.gazetteer.places.get(place_id)
        if place is None or text.strip() == place_id:
            return ""
        key = fold(text)
        return next((n for n in (place.name, *place.alt_names) if fold(n) == key), text.strip())

    def closest(self, text: str, n: int = 3) -> list[str]:
        """Names (with ids) closest to `text`, for "did you mean" messages."""
        q = fold(text)
        if not q:
            return []
        from rapidfuzz import fuzz, process  # late: see the imports

        found = process.extract(q, self._keys, scorer=fuzz.WRatio, limit=n * 3, score_cutoff=50)
        shown: dict[str, str] = {}
        for _, _, k in found:
            _, pid, name = self._entries[k]
            shown.setdefault(pid, f"{name} ({pid})")
        return list(shown.values())[:n]


def resolve(index: PlaceIndex, raw: str) -> str:
    """An id, or a name/alternate name of exactly one place -> its id; else ValueError naming
    the candidates (ambiguous) or the closest names (unknown)."""
    text = raw.strip()
    gaz = index.gazetteer
    if text in gaz:
        return text
    places = index.named(text)
    if len(places) == 1:
        return places[0].id
    if places:
        shown = "; ".join(f"{p.id} = {gaz.hierarchy(p.id)}" for p in places[:8])
        raise ValueError(f"'{text}' names {len(places)} places: write the id: {shown}")
    close = index.closest(text)
    hint = f" (closest: {', '.join(close)})" if close else ""
    raise ValueError(f"'{text}' is not a place id or name in the gazetteer{hint}")
