"""Places from the gazetteer: the most specific place the quote names, and what follows from it.

Every run of one to four words is looked up among the gazetteer's names and alternate names
(folded: case, accents, apostrophes and hyphens ignored; `coder.places.fold`), longest first. A
mention is left out when it is a dateline in capitals ("ERBIL, Kurdistan Region -"), or a
direction from a place ("south of Kirkuk", "40 km from Daquq": the event was not there). A name
of several places is read from the words around it: "Kirkuk province" (province), "the district
of Daquq", "a village in Daquq", "Daquq district" (district), "the town of Daquq" (town), else
the town that gives the district its name, as the codebook's instructions say.

Of the mentions, the most specific kind wins (site and village before town before district
before province); two different places of that kind give no suggestion. From the place follow
the province (a choice field whose choices are the gazetteer's provinces) and the location
precision (a choice field named `geo_precision` with ACLED's 1/2/3: the place's own kind, and 2
for a town or village the quote puts the event "near" or "outside" of).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from coder.codebook.model import Field
from coder.places import KINDS, PRECISION, Gazetteer, Place, PlaceIndex, fold
from coder.suggest.model import Suggestion

MAX_WORDS = 4
_TOKEN = re.compile(r"[\w'’\-]+")
_DIRECTION = re.compile(
    r"(?:(?:north|south|east|west)(?:[\s\-]?(?:east|west))?(?:ern)?(?:\s+part)?\s+of"
    r"|\d+\s*(?:km|kms|kilometers?|kilometres?|miles?)\s+(?:\w+\s+)?(?:from|of|away\s+from)"
    r"|from)\s+(?:the\s+)?(?:(?:city|town|province|district)\s+of\s+)?$",
    re.IGNORECASE,
)
_NEAR = re.compile(
    r"(?:near|outside|around|close\s+to|outskirts\s+of|vicinity\s+of)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_KIND_BEFORE = {
    "admin1": re.compile(r"(?:province|governorate)\s+of\s+(?:the\s+)?$", re.I),
    "admin2": re.compile(r"(?:district\s+of|a\s+village\s+in|area\s+of)\s+(?:the\s+)?$", re.I),
    "town": re.compile(r"(?:town|city)\s+of\s+(?:the\s+)?$", re.I),
    "village": re.compile(r"village\s+of\s+(?:the\s+)?$", re.I),
}
_KIND_AFTER = {
    "admin1": re.compile(r"^\s+(?:province|governorate)\b", re.I),
    "admin2": re.compile(r"^\s+(?:district|area)\b", re.I),
    "town": re.compile(r"^\s+(?:town|city)\b", re.I),
    "village": re.compile(r"^\s+village\b", re.I),
}


@dataclass(frozen=True)
class Mention:
    place: Place
    start: int
    end: int
    near: bool


def _kind_wanted(before: str, after: str) -> str | None:
    for kind, rx in _KIND_BEFORE.items():
        if rx.search(before):
            return kind
    for kind, rx in _KIND_AFTER.items():
        if rx.search(after):
            return kind
    return None


def _pick(places: list[Place], before: str, after: str) -> Place | None:
    if len(places) == 1:
        return places[0]
    wanted = _kind_wanted(before, after)
    narrowed = [p for p in places if p.kind == wanted] if wanted else []
    if len(narrowed) == 1:
        return narrowed[0]
    towns = [p for p in places if p.kind == "town"]
    return towns[0] if len(towns) == 1 and not narrowed else None


def mentions(index: PlaceIndex, text: str) -> list[Mention]:
    tokens = list(_TOKEN.finditer(text))
    out: list[Mention] = []
    i = 0
    while i < len(tokens):
        for n in range(min(MAX_WORDS, len(tokens) - i), 0, -1):
            start, end = tokens[i].start(), tokens[i + n - 1].end()
            phrase = text[start:end]
            if phrase.endswith(("'s", "’s")):
                phrase, end = phrase[:-2], end - 2
            if not fold(phrase) or not (places := index.named(phrase)):
                continue
            i += n - 1
            before, after = text[max(0, start - 40) : start], text[end : end + 20]
            if (phrase.isupper() and len(phrase) > 2) or _DIRECTION.search(before):
                break
            place = _pick(places, before, after)
            if place is not None:
                out.append(Mention(place, start, end, bool(_NEAR.search(before))))
            break
        i += 1
    return out


def best_mention(found: list[Mention]) -> Mention | None:
    if not found:
        return None
    rank = max(KINDS.index(m.place.kind) if m.place.kind in KINDS else 0 for m in found)
    top = [m for m in found if KINDS.index(m.place.kind) == rank]
    return top[0] if len({m.place.id for m in top}) == 1 else None


def province_field(fields: tuple[Field, ...], gaz: Gazetteer) -> Field | None:
    """The choice field whose choices are the gazetteer's provinces (at least three match)."""
    names = {
        fold(n) for p in gaz.places.values() if p.kind == "admin1" for n in (p.name, *p.alt_names)
    }
    for f in fields:
        if f.type == "choice" and sum(fold(c.label) in names for c in f.choices) >= 3:
            return f
    return None


def province_choice(f: Field, gaz: Gazetteer, place: Place) -> Any:
    admin1 = gaz.admin(place.id, "admin1")
    if admin1 is None:
        return None
    names = {fold(n) for n in (admin1.name, *admin1.alt_names)}
    for c in f.choices:
        if fold(c.label) in names or fold(str(c.value)) in names:
            return c.value
    return None


def suggest_places(
    fields: tuple[Field, ...], text: str, base: int, index: PlaceIndex, place_field: Field
) -> list[Suggestion]:
    m = best_mention(mentions(index, text))
    if m is None:
        return []
    gaz = index.gazetteer
    words = text[m.start : m.end]
    span = (base + m.start, base + m.end)
    out = [Suggestion(place_field.name, m.place.id, words, *span, "place")]
    if (pf := province_field(fields, gaz)) is not None:
        value = province_choice(pf, gaz, m.place)
        if value is not None:
            out.append(Suggestion(pf.name, value, words, *span, "place"))
    geo = next((f for f in fields if f.name == "geo_precision" and f.type == "choice"), None)
    if geo is not None:
        level = PRECISION.get(m.place.kind, 1)
        if m.near and level == 1:
            level = 2
        choice = next((c.value for c in geo.choices if str(c.value) == str(level)), None)
        if choice is not None:
            out.append(Suggestion(geo.name, choice, words, *span, "place"))
    return out
