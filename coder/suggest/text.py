"""Where a quote is in the article, and the article's sentences, as offsets into its text.

The coding screen stores an evidence quote with its whitespace collapsed (ctrl+e joins the
selected lines) and the store compares quotes after folding typographic quotes and dashes
(`coder.codebook.values.normalize_quote`). To point back at the article's own words, the quote is
searched in a folded copy of the article that remembers, for each of its characters, where it
came from.
"""

from __future__ import annotations

import functools
import re

from coder.codebook.value_parse import QUOTE_FOLD
from coder.codebook.values import normalize_quote

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])|\n\s*")
_ABBREVIATIONS = ("Sept.", "Sep.", "Oct.", "Nov.", "Dec.", "Jan.", "Feb.", "Aug.", "Mr.", "Dr.")


def fold_text(text: str) -> str:
    """Typographic quotes and dashes as ASCII, length unchanged (offsets stay valid)."""
    return text.translate(QUOTE_FOLD)


@functools.lru_cache(maxsize=2)
def _folded_with_map(text: str) -> tuple[str, list[int]]:
    """Folded text and, per character, its offset in `text`: built once per article (a Python
    loop over a 4 MB article takes a second; the form asks again on every change of a quote)."""
    out: list[str] = []
    where: list[int] = []
    space = False
    for i, ch in enumerate(fold_text(text)):
        if ch.isspace():
            if not space and out:
                out.append(" ")
                where.append(i)
            space = True
            continue
        space = False
        out.append(ch)
        where.append(i)
    return "".join(out), where


def locate_quote(quote: str, text: str) -> tuple[int, int] | None:
    """The span of `quote` in `text` (whitespace and typographic quotes ignored), or None."""
    needle = normalize_quote(quote)
    if not needle:
        return None
    folded, where = _folded_with_map(text)
    at = folded.find(needle)
    if at < 0:
        return None
    return where[at], where[at + len(needle) - 1] + 1


def sentences(text: str) -> list[tuple[int, int]]:
    """Spans of the article's sentences: split after . ! ? before a capital, and at line breaks;
    not after a month abbreviation ("on Sept. 7")."""
    return list(_sentences(text))


@functools.lru_cache(maxsize=2)
def _sentences(text: str) -> tuple[tuple[int, int], ...]:
    """Once per article: the form and `context_places` ask on every change of a quote."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        before = text[start : m.start()]
        if before.rstrip().endswith(_ABBREVIATIONS) and "\n" not in m.group():
            continue
        _add(spans, text, start, m.start())
        start = m.end()
    _add(spans, text, start, len(text))
    return tuple(spans)


def _add(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    chunk = text[start:end]
    lead = len(chunk) - len(chunk.lstrip())
    trail = len(chunk.rstrip())
    if trail > lead:
        spans.append((start + lead, start + trail))
