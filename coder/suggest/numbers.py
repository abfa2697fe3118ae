"""Number expressions in English news text, read under the codebook's lowest-figure rule.

"at least five" -> 5, "two or three" -> 2, "2-3" -> 2, "a dozen" -> 12, "twenty-one" -> 21.
Vague quantities ("several", "dozens", "scores", "many") are found too but carry no value, so a
count cue next to them proposes nothing. Approximate or open figures ("about 20", "more than
40", "up to 10", "nearly 30") also carry no value: the lowest figure they allow is not stated,
and a wrong suggestion costs a coder more than none. A four-digit number from 1900 to 2100 is a
year, and a number followed by a unit ("40 kilometers", "20 minutes") is not a head count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_UNITS_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
_TENS_WORDS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_WORD = "|".join(sorted([*_UNITS_WORDS, *_TENS_WORDS], key=len, reverse=True))
_ONE = (
    rf"(?:\d{{1,3}}(?:,\d{{3}})*|\d+|(?:{_WORD})(?:[\s\-](?:{_WORD}))?"
    r"|a\s+dozen|dozen|a\s+hundred|hundred)"
)
EXACT_LOW = r"at\s+least|no\s+fewer\s+than|a\s+minimum\s+of"
APPROXIMATE = (
    r"more\s+than|over|nearly|almost|about|around|some|approximately|up\s+to|as\s+many\s+as|"
    r"roughly|an\s+estimated|fewer\s+than|less\s+than|under|dozens\s+of"
)
VAGUE = (
    r"several|dozens|scores|hundreds|thousands|many|numerous|a\s+number\s+of|a\s+few|few|"
    r"a\s+handful\s+of|multiple"
)
UNITS = (
    r"km|kms|kilometers?|kilometres?|miles?|meters?|metres?|minutes?|hours?|days?|weeks?|"
    r"months?|years?|percent|per\s+cent|%|o'?clock|am|pm|a\.m\.|p\.m\.|phases?|brigades?|times"
)
_EXPR = re.compile(
    rf"(?<![\w.,])(?:(?P<mod>{EXACT_LOW}|{APPROXIMATE})\s+)?(?P<a>{_ONE})"
    rf"(?:\s*(?:or|to|-|–)\s*(?P<b>{_ONE}))?(?![\w])(?!\s*(?:{UNITS})\b)"
    rf"|(?<![\w])(?P<vague>{VAGUE})(?![\w])",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Quantity:
    start: int
    end: int
    value: int | None
    """The lowest figure, or None for a vague or approximate quantity."""


def word_value(text: str) -> int | None:
    t = re.sub(r"\s+", " ", text.strip().lower().replace(",", ""))
    if t.isdigit():
        return int(t)
    if t in ("a dozen", "dozen"):
        return 12
    if t in ("a hundred", "hundred"):
        return 100
    parts = re.split(r"[\s\-]", t)
    if len(parts) == 1:
        return _UNITS_WORDS.get(t, _TENS_WORDS.get(t))
    if len(parts) == 2 and parts[0] in _TENS_WORDS and 0 < _UNITS_WORDS.get(parts[1], 0) < 10:
        return _TENS_WORDS[parts[0]] + _UNITS_WORDS[parts[1]]
    return None


def quantities(text: str) -> list[Quantity]:
    """Every number expression in `text`, with its lowest figure (None: vague or approximate)."""
    out: list[Quantity] = []
    for m in _EXPR.finditer(text):
        if m.group("vague"):
            out.append(Quantity(m.start(), m.end(), None))
            continue
        a = word_value(m.group("a"))
        if a is None:
            continue
        if m.group("a").isdigit() and len(m.group("a")) == 4 and 1900 <= a <= 2100:
            continue  # a year
        b = word_value(m.group("b")) if m.group("b") else None
        mod = (m.group("mod") or "").lower()
        if mod and not re.fullmatch(EXACT_LOW, mod, re.IGNORECASE):
            out.append(Quantity(m.start(), m.end(), None))
            continue
        low = min(a, b) if b is not None else a
        out.append(Quantity(m.start(), m.end(), low))
    return out
