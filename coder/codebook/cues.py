"""Cues: the words in an article that propose a value for a field (`coder suggest`, the form).

A cue lives in the codebook so a lead can read and tune it and a methods section can quote it.
Three forms, all matched case-insensitively and as whole words:

* a plain phrase: `Islamic State`, `mortar*` (a trailing `*` lets the word go on: mortars,
  mortared). Words are separated by spaces, which also match a hyphen ("Counter Terrorism"
  finds "Counter-Terrorism"); typographic quotes and dashes in the article count as ASCII ones.
* slots: `ISIS|Daesh ... attacked|shelled`: `|` separates alternatives, ` ... ` allows up to
  four words in between within one clause (no `.`, `;` or `,` crossed). This is how an actor cue
  says "the actor did something" rather than "the actor is mentioned".
* `re:` and a Python regular expression, for anything else (`re:(?<!not )claimed responsibility`).
  Whole-word boundaries are then the author's job.

On number fields a cue says what a nearby number counts (`killed`, `injuring`); a `zero:` cue is
a phrase that means the count is 0 (`zero: no reports of casualties`).

`compile_cue` raises ValueError with a message the codebook loader reports with file and line.
Pure: no codebook, no Textual.
"""

from __future__ import annotations

import re

REGEX_PREFIX = "re:"
ZERO_PREFIX = "zero:"
GAP = "..."
GAP_WORDS = 4
_FLAGS = re.IGNORECASE | re.UNICODE
_SEP = r"[\s\-]+"
_GAP_RE = rf"(?:[^\w.;,]+[\w'\"]+){{0,{GAP_WORDS}}}?[^\w.;,]+"


def _phrase(text: str) -> str:
    words = text.split()
    if not words:
        raise ValueError("an empty alternative (two '|' in a row, or '|' at an end)")
    parts = []
    for w in words:
        star = w.endswith("*")
        core = w[:-1] if star else w
        if not core or "*" in core:
            raise ValueError(f"'{w}': '*' may only end a word")
        parts.append(re.escape(core) + (r"\w*" if star else ""))
    body = _SEP.join(parts)
    head = r"(?<!\w)" if re.match(r"\w", words[0]) else ""
    tail = r"(?!\w)" if re.search(r"[\w*]$", words[-1]) else ""
    return f"{head}{body}{tail}"


def _slot(text: str) -> str:
    alternatives = [a.strip() for a in text.split("|")]
    return "(?:" + "|".join(_phrase(a) for a in alternatives) + ")"


def cue_pattern(cue: str) -> str:
    """The regular expression (source) a cue stands for; ValueError if it cannot be one."""
    text = cue.strip()
    if text.startswith(ZERO_PREFIX):
        text = text[len(ZERO_PREFIX) :].strip()
    if not text:
        raise ValueError("a cue must not be empty")
    if text.startswith(REGEX_PREFIX):
        source = text[len(REGEX_PREFIX) :].strip()
        if not source:
            raise ValueError("'re:' needs a regular expression after it")
        try:
            compiled = re.compile(source, _FLAGS)
        except re.error as exc:
            raise ValueError(f"{cue!r} is not a valid regular expression: {exc}") from None
        if compiled.fullmatch(""):
            raise ValueError(f"{cue!r} matches empty text, so it would match everywhere")
        return source
    slots = [s.strip() for s in text.split(GAP)]
    if any(not s for s in slots):
        raise ValueError(f"{cue!r}: '...' must stand between two words")
    return _GAP_RE.join(_slot(s) for s in slots)


def compile_cue(cue: str) -> re.Pattern[str]:
    return re.compile(cue_pattern(cue), _FLAGS)


def is_zero_cue(cue: str) -> bool:
    return cue.strip().startswith(ZERO_PREFIX)


def compile_cues(cues: tuple[str, ...]) -> re.Pattern[str] | None:
    """One alternation of every cue (None for none), so a field costs one scan of a sentence."""
    sources = [f"(?:{cue_pattern(c)})" for c in cues]
    return re.compile("|".join(sources), _FLAGS) if sources else None
