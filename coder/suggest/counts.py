"""Counts from a quote: which number belongs to which count field, by the field's cue words.

Each `integer`/`number` incident field with `cues:` (fatalities: killed, killing, dead ...) takes
the number expression (`coder.suggest.numbers`) that belongs to one of its cue words:

* right after the cue ("killing two members", "the arrest of two others": only `of`/`the` may
  stand between), else
* before it in the same clause, at most six words earlier, with no punctuation, no other number
  and no clause word (and, who, which, that, but, after, while, when) between: "Two top Islamic
  State (ISIS) militants were killed", "at least seven civilians were killed".

A number claimed by two fields goes to neither. A field whose cues point at different figures,
or at a vague quantity ("several were killed"), gets no suggestion. A `zero:` cue ("no reports of
casualties") proposes 0 when no figure is given.
"""

from __future__ import annotations

import re
from collections import defaultdict

from coder.codebook.cues import compile_cues, is_zero_cue
from coder.codebook.model import Field
from coder.suggest.model import Suggestion
from coder.suggest.numbers import Quantity, quantities

BEFORE_WORDS = 6
_AFTER_GAP = re.compile(r"^\s*(?:of\s+)?(?:the\s+)?$", re.IGNORECASE)
_STOP = re.compile(
    r"[.;:,!?]|(?<!\w)(?:and|who|which|that|but|after|before|while|when|whom|whose)(?!\w)",
    re.IGNORECASE,
)


def count_fields(fields: tuple[Field, ...]) -> list[Field]:
    return [f for f in fields if f.type in ("integer", "number") and f.cues]


def _owner(text: str, cue: re.Match[str], qs: list[Quantity]) -> Quantity | None:
    for q in qs:
        if q.start >= cue.end() and _AFTER_GAP.match(text[cue.end() : q.start]):
            return q
    best: Quantity | None = None
    for q in qs:
        if q.end > cue.start():
            break
        gap = text[q.end : cue.start()]
        if len(gap.split()) <= BEFORE_WORDS and not _STOP.search(gap):
            best = q
    return best


def suggest_counts(fields: tuple[Field, ...], text: str, base: int) -> list[Suggestion]:
    """Count suggestions in `text` (a quote or sentence that starts at `base` in the article)."""
    qs = quantities(text)
    claims: dict[Quantity, set[str]] = defaultdict(set)
    found: dict[str, list[tuple[Quantity, re.Match[str]]]] = defaultdict(list)
    zeros: dict[str, re.Match[str]] = {}
    for f in count_fields(fields):
        plain = compile_cues(tuple(c for c in f.cues if not is_zero_cue(c)))
        zero = compile_cues(tuple(c for c in f.cues if is_zero_cue(c)))
        if zero is not None and (z := zero.search(text)) is not None:
            zeros[f.name] = z
        if plain is None:
            continue
        for cue in plain.finditer(text):
            q = _owner(text, cue, qs)
            if q is not None:
                claims[q].add(f.name)
                found[f.name].append((q, cue))
    out: list[Suggestion] = []
    for f in count_fields(fields):
        mine = [(q, c) for q, c in found.get(f.name, []) if claims[q] == {f.name}]
        values = {q.value for q, _ in mine}
        if mine and len(values) == 1 and None not in values:
            q, cue = mine[0]
            start, end = min(q.start, cue.start()), max(q.end, cue.end())
            out.append(_made(f, q.value, text, start, end, base))
        elif not found.get(f.name) and f.name in zeros:
            z = zeros[f.name]
            out.append(_made(f, 0, text, z.start(), z.end(), base))
    return out


def _made(f: Field, value: int | None, text: str, start: int, end: int, base: int) -> Suggestion:
    return Suggestion(f.name, value, text[start:end], base + start, base + end, "count")
