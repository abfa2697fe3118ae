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
from coder.suggest.text import fold_text, sentences

MAX_WORDS = 4
RETOLD_WORDS = 4
"""Content words (five letters or more) the next sentence must share with a quote to count as
telling the same event again."""
CONTEXT = "place (context)"
"""The rule of a place read outside the quote (`context_places`)."""
_CONTENT = re.compile(r"[^\W\d_]{5,}")
_COMMON = frozenset(
    [
        "about",
        "after",
        "against",
        "among",
        "before",
        "being",
        "between",
        "could",
        "other",
        "their",
        "there",
        "these",
        "those",
        "three",
        "which",
        "while",
        "would",
        "where",
        "said",
        "says",
        "according",
    ]
)
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
    direction: bool = False
    """A direction from the place ("south of Kirkuk"): not where the event was, but where the
    quote points (`context_places` keeps to its province)."""


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
            if phrase.isupper() and len(phrase) > 2:
                break
            place = _pick(places, before, after)
            if place is not None:
                near, direction = bool(_NEAR.search(before)), bool(_DIRECTION.search(before))
                out.append(Mention(place, start, end, near, direction))
            break
        i += 1
    return out


def best_mention(found: list[Mention]) -> Mention | None:
    found = [m for m in found if not m.direction]
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
    return [] if m is None else _from_mention(fields, text, base, index, place_field, m, "place")


def context_places(
    fields: tuple[Field, ...],
    text: str,
    span: tuple[int, int],
    index: PlaceIndex,
    place_field: Field,
) -> list[Suggestion]:
    """The place of a quote that names none: the one named by the rest of its sentence (the
    coder quoted only part of it), else by the next sentence when that sentence tells the same
    event again ("Islamic State members assaulted an outpost located outside the Ali Sarai
    village") and the place lies in a province the quote's sentence points at ("outside a
    village south of the city of Kirkuk")."""
    whole, retold = around(text, span)
    for start, end in [whole] if whole != span else []:
        segment = fold_text(text[start:end])
        m = best_mention(mentions(index, segment))
        if m is not None:
            return _from_mention(fields, segment, start, index, place_field, m, CONTEXT)
    gaz = index.gazetteer
    pointed = mentions(index, fold_text(text[whole[0] : whole[1]]))
    provinces = {_admin1(gaz, m.place) for m in pointed} - {None}
    if retold is None or not provinces:
        return []
    segment = fold_text(text[retold[0] : retold[1]])
    m = best_mention(mentions(index, segment))
    if m is None or _admin1(gaz, m.place) not in provinces:
        return []
    return _from_mention(fields, segment, retold[0], index, place_field, m, CONTEXT)


def around(text: str, span: tuple[int, int]) -> tuple[tuple[int, int], tuple[int, int] | None]:
    """(the sentence(s) the quote sits in, the next sentence if it shares at least RETOLD_WORDS
    content words with them: it retells the event)."""
    spans = sentences(text)
    inside = [s for s in spans if s[1] > span[0] and s[0] < span[1]]
    if not inside:
        return span, None
    whole = (min(inside[0][0], span[0]), max(inside[-1][1], span[1]))
    later = [s for s in spans if s[0] >= whole[1]]
    if later and len(_words(text[slice(*whole)]) & _words(text[slice(*later[0])])) >= RETOLD_WORDS:
        return whole, later[0]
    return whole, None


def _words(text: str) -> set[str]:
    return {w.lower() for w in _CONTENT.findall(text)} - _COMMON


def _admin1(gaz: Gazetteer, place: Place) -> str | None:
    top = gaz.admin(place.id, "admin1")
    return top.id if top is not None else None


def _from_mention(
    fields: tuple[Field, ...],
    text: str,
    base: int,
    index: PlaceIndex,
    place_field: Field,
    m: Mention,
    rule: str,
) -> list[Suggestion]:
    gaz = index.gazetteer
    words = text[m.start : m.end]
    span = (base + m.start, base + m.end)
    out = [Suggestion(place_field.name, m.place.id, words, *span, rule)]
    if (pf := province_field(fields, gaz)) is not None:
        value = province_choice(pf, gaz, m.place)
        if value is not None:
            out.append(Suggestion(pf.name, value, words, *span, rule))
    geo = next((f for f in fields if f.name == "geo_precision" and f.type == "choice"), None)
    if geo is not None:
        level = PRECISION.get(m.place.kind, 1)
        if m.near and level == 1:
            level = 2
        choice = next((c.value for c in geo.choices if str(c.value) == str(level)), None)
        if choice is not None:
            out.append(Suggestion(geo.name, choice, words, *span, rule))
    return out
