"""Single values against codebook Fields: `parse_value` (loose input -> the canonical stored
value, or ValueError with a message for a coder) and `check_value` (a stored value -> what is
wrong with it, or None), with the date, number, choice and quote rules they share.

`coder.codebook.values` re-exports all of it and adds the validation of whole value dicts (a
plan per field list, compiled into one function: see there) and `format_value`.
"""

from __future__ import annotations

import calendar
import functools
import math
import re
import unicodedata
from datetime import date
from typing import Any

from coder.codebook.model import Choice, Field

_DATE_RE = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")
DATE_FORMAT_MESSAGE = "date must be YYYY, YYYY-MM or YYYY-MM-DD"
_TRUE = {"true", "yes", "y", "1", "t", "on"}
_FALSE = {"false", "no", "n", "0", "f", "off"}
_THOUSANDS_RE = re.compile(r"^[-+]?[0-9]{1,3}(,[0-9]{3})+$")
MAX_SAFE_INTEGER = 2**53 - 1
"""The largest whole number a double holds exactly: R, Stata, pandas and numpy read every stored
number without loss or overflow (a 400-digit count would crash compare's statistics)."""
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
CONTROL_OR_SURROGATE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
QUOTE_FOLD = str.maketrans(
    {
        "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "«": '"', "»": '"',
        "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "`": "'",
        "–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-",
    }
)  # fmt: skip
"""Typographic quotes and dashes folded to ASCII before quotes are compared; coder.suggest.text
folds the article with this same table, so its offsets point at what the store matched."""
_SPACE_RE = re.compile(r"\s+")
MULTI_SEPARATOR = ";"


def is_empty(value: Any) -> bool:
    """None, "" (or only whitespace) and [] are 'not coded'."""
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip() == ""
    return isinstance(value, list | tuple) and len(value) == 0


# ---------------------------------------------------------------- dates


def _parse_date(text: str) -> tuple[int, int | None, int | None]:
    m = _DATE_RE.match(text)
    if not m:
        raise ValueError(DATE_FORMAT_MESSAGE)
    year = int(m.group(1))
    month = int(m.group(2)) if m.group(2) else None
    day = int(m.group(3)) if m.group(3) else None
    if year < 1:
        raise ValueError("the year must be 0001 or later")
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"{text} has no month {month:02d}: {DATE_FORMAT_MESSAGE}")
    if month is not None and day is not None:
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise ValueError(f"{text} is not a real day: {year}-{month:02d} has {last} days")
    return year, month, day


def date_interval(value: str) -> tuple[date, date]:
    """First and last day a (possibly partial) ISO date covers: "2019-02" -> Feb 1..28."""
    year, month, day = _parse_date(value)
    if month is None:
        return date(year, 1, 1), date(year, 12, 31)
    if day is None:
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    return date(year, month, day), date(year, month, day)


# ---------------------------------------------------------------- quotes


def normalize_quote(text: str) -> str:
    """Canonical form for the quote-in-article check.

    NFKC, typographic quotes/apostrophes/dashes to ASCII, every whitespace run (line breaks,
    non-breaking spaces) to one space, trimmed. Case and wording must still match exactly: a quote
    is evidence, so it must be the article's own words.
    """
    text = unicodedata.normalize("NFKC", text).translate(QUOTE_FOLD)
    return _SPACE_RE.sub(" ", text).strip()


def quote_in_article(quote: str, article_text: str) -> bool:
    """Whether the quote's normalised form is in the article's.

    A quote copied from an ASCII article is found as it is, without normalising the article
    (most of a 50k-incident check's quote time): for ASCII text NFKC changes nothing, the
    typographic map acts character by character and a whitespace run inside the quote is a
    whole run of the article too, so a quote found as it is is found normalised as well.
    (`isascii` is a flag of the string, not a scan.)"""
    if article_text.isascii() and quote in article_text:
        return True
    return normalize_quote(quote) in _normalized_article(article_text)


@functools.lru_cache(maxsize=4)
def _normalized_article(article_text: str) -> str:
    """Normalising a 4 MB article takes ~0.5 s; a save checks every quote against the same text
    (and a string's hash is cached by Python, so the lookup is cheap after the first)."""
    return normalize_quote(article_text)


# ---------------------------------------------------------------- choices


def _choice_list(field: Field) -> str:
    values = [str(c.value) for c in field.choices]
    shown = ", ".join(values[:12])
    return shown + (f", ... ({len(values)} in all)" if len(values) > 12 else "")


def _as_number(text: str) -> int | float | None:
    try:
        return int(text)
    except ValueError:
        pass
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def find_choice(field: Field, raw: Any) -> Choice | None:
    """The Choice `raw` denotes: its value (3 and "3" alike for numeric codes) or, failing that,
    its value or label ignoring case. Booleans never match."""
    if isinstance(raw, bool) or raw is None:
        return None
    exact = field.choice(raw)
    if exact is not None:
        return exact
    text = str(raw).strip()
    number = _as_number(text)
    for c in field.choices:
        if isinstance(c.value, str) and c.value == text:
            return c
        if number is not None and not isinstance(c.value, str | bool) and c.value == number:
            return c
    folded = text.casefold()
    for key in (lambda c: str(c.value), lambda c: c.label):
        hits = [c for c in field.choices if key(c).casefold() == folded]
        if len(hits) == 1:
            return hits[0]
    return None


def _as_written(value: Any) -> str:
    """A value as a file spells it: JSON's true/false/null, not Python's True/False/None (a
    JSONL `"claimed": false` was refused as "'False' is not one of ...", a spelling the user
    never wrote)."""
    if value is True or value is False:
        return "true" if value else "false"
    return "null" if value is None else str(value)


def _parse_choice(field: Field, raw: Any) -> Any:
    c = find_choice(field, raw)
    if c is None:
        raise ValueError(f"'{_as_written(raw)}' is not one of: {_choice_list(field)}")
    return c.value


# ---------------------------------------------------------------- parse


def parse_value(field: Field, raw: Any) -> Any:
    """Loose input -> canonical stored value; "" -> None. Raises ValueError(message for a coder)."""
    if raw is None or (isinstance(raw, str) and raw.strip() == ""):
        return None
    t = field.type
    if t in ("text", "quote", "longtext"):
        if not isinstance(raw, str):
            raise ValueError("must be text")
        return raw.strip() if t != "longtext" else raw.strip("\n").rstrip()
    if t == "choice":
        return _parse_choice(field, raw)
    if t == "multi":
        return _parse_multi(field, raw)
    if t == "integer":
        return _parse_integer(raw)
    if t == "number":
        return _parse_number(raw)
    if t == "date":
        if isinstance(raw, date):
            return raw.isoformat()[:10]
        if isinstance(raw, int) and not isinstance(raw, bool):
            raw = str(raw)
        if not isinstance(raw, str):
            raise ValueError(DATE_FORMAT_MESSAGE)
        text = ascii_digits(raw.strip())
        _parse_date(text)
        return text
    if t == "place":
        from coder.places.values import parse_place

        return parse_place(field.gazetteer, raw)
    if t == "boolean":
        if isinstance(raw, bool):
            return raw
        word = str(raw).strip().casefold()
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
        raise ValueError("must be yes or no")
    raise ValueError(f"unknown field type {t!r}")


def _parse_multi(field: Field, raw: Any) -> list[Any] | None:
    if isinstance(raw, str):
        items: list[Any] = [p.strip() for p in raw.split(MULTI_SEPARATOR) if p.strip()]
    elif isinstance(raw, list | tuple | set | frozenset):
        items = [p for p in raw if not is_empty(p)]
    else:
        items = [raw]
    chosen = [find_choice(field, item) for item in items]
    for item, c in zip(items, chosen, strict=True):
        if c is None:
            raise ValueError(f"'{_as_written(item)}' is not one of: {_choice_list(field)}")
    result = [c.value for c in field.choices if any(c is x for x in chosen)]
    return result or None


def ascii_digits(text: str) -> str:
    """Arabic-Indic, Persian, full-width and other Unicode decimal digits as 0-9 (a date typed
    on an Arabic keyboard is the same date; stored and exported it must read as one)."""
    if text.isascii():
        return text
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)


def _bounded(number: int | float, whole: bool) -> None:
    """Whole numbers (of integer and number fields) must fit a double exactly; fractional
    numbers are doubles already (finite: checked when parsed)."""
    if (whole or isinstance(number, int)) and abs(number) > MAX_SAFE_INTEGER:
        kind = "whole number" if whole else "number"
        raise ValueError(
            f"is too large: a {kind} must lie between -{MAX_SAFE_INTEGER:,} and "
            f"{MAX_SAFE_INTEGER:,} (what R, Stata and pandas hold exactly)"
        )


def _parse_integer(raw: Any) -> int:
    number = _parse_integer_unbounded(raw)
    _bounded(number, True)
    return number


def _parse_integer_unbounded(raw: Any) -> int:
    if isinstance(raw, bool):
        raise ValueError("must be a whole number")
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float):
        if raw.is_integer():
            _bounded(raw, True)
            return int(raw)
        raise ValueError("must be a whole number")
    text = ascii_digits(str(raw).strip())
    if len(text) > 40:
        raise ValueError("must be a whole number (this one has too many digits)")
    if _THOUSANDS_RE.match(text):
        text = text.replace(",", "")
    number = _as_number(text)
    if number is None or (isinstance(number, float) and not number.is_integer()):
        raise ValueError("must be a whole number")
    return int(number)


def _parse_number(raw: Any) -> int | float:
    number = _parse_number_unbounded(raw)
    _bounded(number, False)
    return number


def _parse_number_unbounded(raw: Any) -> int | float:
    if isinstance(raw, bool):
        raise ValueError("must be a number")
    if isinstance(raw, int | float):
        if isinstance(raw, float) and not math.isfinite(raw):
            raise ValueError("must be a number")
        return raw
    text = ascii_digits(str(raw).strip())
    if len(text) > 40:
        raise ValueError("must be a number (this one has too many digits)")
    if _THOUSANDS_RE.match(text.split(".")[0]):
        text = text.replace(",", "")
    number = _as_number(text)
    if number is None:
        raise ValueError("must be a number")
    return number


# ---------------------------------------------------------------- check

A_WORD = re.compile(r"[^\W\d_]{2}")
"""Two letters in a row: the least a quote needs to be evidence. A "2" or a "," is found in any
article (inside "07-09-2020"), so it passed as a verbatim passage and the article was done."""


def check_value(field: Field, value: Any, article_text: str | None = None) -> str | None:
    """What is wrong with a stored value (type, range, choices, quote in article); None if ok.

    Empty values are fine here: whether a field must be filled is `validate_values`' business.
    """
    if is_empty(value):
        return None
    t = field.type
    if t in ("text", "longtext", "quote"):
        if not isinstance(value, str):
            return "must be text"
        if CONTROL_OR_SURROGATE.search(value) is not None:  # one scan in the common case
            if _CONTROL_RE.search(value):  # its ranges leave out tab and newline
                return "contains control characters"
            return (
                "contains a lone surrogate (an unpaired \\ud800-\\udfff), which no UTF-8 file "
                "can hold; retype the text"
            )
        if t == "text" and "\n" in value:
            return "must be a single line"
        if t == "quote" and A_WORD.search(value) is None:
            return "is not a passage: quote the words of the article that report it"
        if t == "quote" and article_text is not None and not quote_in_article(value, article_text):
            return "this passage does not appear in the article"
        return None
    if t == "choice":
        if field.choice(value) is None:
            return f"'{_as_written(value)}' is not one of: {_choice_list(field)}"
        return None
    if t == "multi":
        if not isinstance(value, list | tuple):
            return "must be a list of choices"
        for item in value:
            if field.choice(item) is None:
                return f"'{_as_written(item)}' is not one of: {_choice_list(field)}"
        if len({str(v) for v in value}) != len(value):
            return "lists a choice twice"
        return None
    if t == "boolean":
        return None if isinstance(value, bool) else "must be yes or no"
    if t == "place":
        from coder.places.values import check_place

        return check_place(field.gazetteer, value)
    if t == "integer" and (isinstance(value, bool) or not isinstance(value, int)):
        return "must be a whole number"
    if t == "number" and (
        isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value)
    ):
        return "must be a number"
    if t == "date":
        return _check_date(field, value)
    if isinstance(value, int) and abs(value) > MAX_SAFE_INTEGER:
        return f"is too large: at most {MAX_SAFE_INTEGER:,} in size"
    return _check_range(field, value)


def _check_range(field: Field, value: int | float) -> str | None:
    if isinstance(field.min, int | float) and value < field.min:
        return f"must be at least {field.min}"
    if isinstance(field.max, int | float) and value > field.max:
        return f"must be at most {field.max}"
    return None


def _check_date(field: Field, value: Any) -> str | None:
    """A partial date passes a bound if any day it covers does (2019 is not before 2019-07-01)."""
    if not isinstance(value, str):
        return DATE_FORMAT_MESSAGE
    try:
        first, last = date_interval(value)
    except ValueError as exc:
        return str(exc)
    if isinstance(field.min, str) and last < date_interval(field.min)[0]:
        return f"must be on or after {field.min}"
    if isinstance(field.max, str) and first > date_interval(field.max)[1]:
        return f"must be on or before {field.max}"
    return None


# ---------------------------------------------------------------- whole records
