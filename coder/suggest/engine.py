"""`suggest`: every rule of this package over one quote (or each sentence of an article).

Choice cues are read in the quote's main clause only (`main_clause`: not in "... after militants
shelled another village" or "... who were recently kidnapped", which tell of another act).
Order matters only for `when:`: the place, the counts and the date come first, then the choice
fields in codebook order, each seeing the values already known (the coder's, then the ones
suggested before it), so a sub-event type is proposed only under its event type and a field
whose `when:` is known not to hold gets nothing. Every suggestion is checked like a typed value
(`coder.codebook.values.check_value`: ranges, `min:` dates) and dropped if it would not be valid.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from coder.codebook import values as V
from coder.codebook.model import Codebook, Field
from coder.places import GazetteerError, PlaceIndex, index_for
from coder.suggest.choices import suggest_choice
from coder.suggest.counts import suggest_counts
from coder.suggest.dates import Published, event_dates, without_year
from coder.suggest.model import Suggestion
from coder.suggest.places import context_places, suggest_places
from coder.suggest.text import fold_text, sentences

EXACT_DAY = 1
"""The date-precision choice for a resolved day (ACLED's time precision 1)."""
MONTH_OR_YEAR = 3
"""The date-precision choice for a partial date (ACLED's time precision 3)."""
PUBLISHED = "article date"
"""The rule of a date taken from the coder's partial publication date (no words of the text)."""
_BACKGROUND = re.compile(
    r",?\s+(?:after|following|who\s+(?:were|was|had)|which\s+(?:were|was|had))\s",
    re.IGNORECASE,
)


def main_clause(segment: str) -> str:
    """The quote up to a clause that tells of another, earlier act ("... after militants shelled
    another village", "... two individuals who were recently kidnapped"): choice cues are read
    in this part only (counts, dates and places in the whole quote). Same length as `segment`
    up to the cut, so offsets stay valid."""
    m = _BACKGROUND.search(segment)
    return segment if m is None else segment[: m.start()]


def _index(field: Field) -> PlaceIndex | None:
    if field.gazetteer is None or not field.gazetteer.exists():
        return None
    try:
        return index_for(field.gazetteer)
    except GazetteerError:
        return None


def _date_suggestions(
    fields: tuple[Field, ...], text: str, base: int, published: Published | None
) -> list[Suggestion]:
    date_field = next((f for f in fields if f.type == "date"), None)
    if date_field is None:
        return []
    partial = published if isinstance(published, str) else None
    found = event_dates(text, published if isinstance(published, date) else None)
    if partial is not None and not found and not without_year(text):
        # the coder's partial publication date: no day can be resolved against it
        return _with_precision(
            fields, date_field, Suggestion(date_field.name, partial, "", base, base, PUBLISHED)
        )
    if not found or len({d for d, _, _ in found}) != 1:
        return []
    day, start, end = found[0]
    words = text[start:end]
    return _with_precision(
        fields,
        date_field,
        Suggestion(date_field.name, day.isoformat(), words, base + start, base + end, "date"),
    )


def _with_precision(
    fields: tuple[Field, ...], date_field: Field, one: Suggestion
) -> list[Suggestion]:
    """The date and its precision: 1 (exact day) for a day, 3 (month or year) for a partial
    date, when the codebook has a `date_precision` choice with that code."""
    names = (f"{date_field.name}_precision", "date_precision")
    precision = next((f for f in fields if f.name in names and f.type == "choice"), None)
    code = EXACT_DAY if len(str(one.value)) == len("2020-09-07") else MONTH_OR_YEAR
    choice = None
    if precision is not None:
        choice = next((c for c in precision.choices if str(c.value) == str(code)), None)
    if precision is None or choice is None:
        return [one]
    return [one, Suggestion(precision.name, choice.value, one.text, one.start, one.end, one.rule)]


def _applies(f: Field, known: Mapping[str, Any]) -> bool:
    cond = f.when
    return cond is None or V.is_empty(known.get(cond.field)) or cond.holds(known)


def suggest(
    codebook: Codebook,
    text: str,
    span: tuple[int, int],
    *,
    published: Published | None = None,
    values: Mapping[str, Any] | None = None,
) -> list[Suggestion]:
    """Suggestions for the incident whose evidence is `text[span[0]:span[1]]`.

    `values`: the incident's values so far (they steer `when:`; a field that has one still gets
    its suggestion, the form shows it only in empty fields)."""
    fields = codebook.incident_fields
    start, end = span
    segment = fold_text(text[start:end])
    known: dict[str, Any] = {k: v for k, v in (values or {}).items() if not V.is_empty(v)}
    found: list[Suggestion] = []
    place_field = next((f for f in fields if f.type == "place"), None)
    if place_field is not None and (index := _index(place_field)) is not None:
        found += suggest_places(fields, segment, start, index, place_field) or context_places(
            fields, text, span, index, place_field
        )
    found += suggest_counts(fields, segment, start)
    found += _date_suggestions(fields, segment, start, published)
    for s in found:
        known.setdefault(s.field, s.value)
    clause = main_clause(segment)
    for f in fields:
        if f.has_choices and _applies(f, known):
            hit = suggest_choice(f, clause, start, known)
            if hit is not None:
                found.append(hit)
                known.setdefault(f.name, hit.value)
    by_name = {f.name: f for f in fields}
    out = []
    for s in found:
        f = by_name[s.field]
        if _applies(f, known) and V.check_value(f, s.value) is None:
            out.append(Suggestion(s.field, s.value, text[s.start : s.end], s.start, s.end, s.rule))
    order = {f.name: i for i, f in enumerate(fields)}
    return sorted(out, key=lambda s: (order[s.field], s.start))


def suggest_article(
    codebook: Codebook, text: str, *, published: Published | None = None
) -> list[tuple[tuple[int, int], list[Suggestion]]]:
    """Each sentence of the article with its suggestions (sentences with none left out)."""
    out = []
    for span in sentences(text):
        found = suggest(codebook, text, span, published=published)
        if found:
            out.append((span, found))
    return out
