"""Choices from the codebook's `cues:`: a choice is proposed when one of its cues is in the quote.

A `multi` field gets every choice whose cues match. A `choice` field gets the one matching
choice; when several match, nothing (the default), or with `cue_ties: first` the one listed
first (the codebook's order is then a hierarchy: GTD's attack types, ACLED's "most serious event
type"). A choice whose own `when:` does not fit the values already known (typed or suggested) is
not proposed: a sub-event type of another event type.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any

from coder.codebook.cues import compile_cues
from coder.codebook.model import Choice, Field
from coder.suggest.model import Suggestion


@functools.lru_cache(maxsize=4096)
def _compiled(cues: tuple[str, ...]) -> re.Pattern[str] | None:
    return compile_cues(cues)


def _fits(choice: Choice, known: Mapping[str, Any]) -> bool:
    cond = choice.when
    return cond is None or cond.field not in known or cond.holds(known)


def choice_hits(
    f: Field, text: str, known: Mapping[str, Any]
) -> list[tuple[Choice, re.Match[str]]]:
    hits = []
    for c in f.choices:
        pattern = _compiled(c.cues) if c.cues else None
        if pattern is None or not _fits(c, known):
            continue
        if (m := pattern.search(text)) is not None:
            hits.append((c, m))
    return hits


def suggest_choice(f: Field, text: str, base: int, known: Mapping[str, Any]) -> Suggestion | None:
    """The suggestion for one choice or multi field in `text` (starting at `base`), if any."""
    hits = choice_hits(f, text, known)
    if not hits:
        return None
    if f.type == "multi":
        first = min((m for _, m in hits), key=lambda m: m.start())
        value: Any = [c.value for c, _ in hits]
        return Suggestion(
            f.name, value, first.group(), base + first.start(), base + first.end(), "cue"
        )
    if len(hits) > 1 and f.cue_ties != "first":
        return None
    choice, m = hits[0]
    return Suggestion(f.name, choice.value, m.group(), base + m.start(), base + m.end(), "cue")
