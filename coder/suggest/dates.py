"""Event dates from a quote, resolved against the article's publication date.

The publication date is, in this order: the coded article date (the coder's own decision, the
first `date` field of the article form), the article's `date` (a .jsonl/.csv column), or a date
printed on a line of its own near the top of the text (Rudaw prints `07-09-2020`, day first;
`2020-09-07` and `September 7, 2020` are read too). Without one, weekdays and "yesterday" give
nothing: a guess at the week would be a wrong suggestion.

The rule table (news reports speak of the past):

| in the quote                                   | event date                                |
|------------------------------------------------|-------------------------------------------|
| on Monday, early Monday, Monday night, the      | the latest Monday on or before publication |
| Monday attack                                  | (an article of Monday: that Monday)        |
| last Monday                                    | the latest Monday before publication       |
| today, this morning, tonight, at dawn today    | the publication date                       |
| yesterday, last night                          | the day before publication                 |
| on 7 September, on Sept. 7, September 7        | that day in the publication year (the year |
|                                                | before if that would be after publication) |
| 7 September 2020, Sept. 7, 2020                | that day, publication date or not          |

A weekday or date right after told/said/announced/stated/released/added ("told Rudaw on
Tuesday", "a statement released on Monday") is when the report was made, not the event, and is
skipped. If the quote's expressions resolve to different days, nothing is suggested. A resolved
day comes with date precision 1 (exact day), ACLED's convention that the codebook follows.

When the article shows no date, the coder may code the publication date as far as the text lets
them defend it (`article_date: 2018`, or `2018-03`): that partial date is then the base
(`publication_base`). No day can be resolved against it, so an incident's date is suggested as
that partial date with precision 3 (month or year only), which is what the codebook's
instructions ask for when the publication date is unknown; a date with its year in the quote
("on 7 September 2017") still gives its day, and a day without a year ("on 7 September") gives
nothing (it could be the year before).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
_MON = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WD = "|".join(_WEEKDAYS)
_EXPR = re.compile(
    rf"(?<!\w)(?:"
    rf"(?P<last>last\s+)?(?P<wd>{_WD})(?!\w)"
    rf"|(?P<today>today|this\s+morning|tonight|this\s+evening|this\s+afternoon)(?!\w)"
    rf"|(?P<yesterday>yesterday|last\s+night)(?!\w)"
    rf"|(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m1>{_MON})\.?(?!\w)(?:,?\s+(?P<y1>\d{{4}}))?"
    rf"|(?P<m2>{_MON})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?!\w)(?:,?\s+(?P<y2>\d{{4}}))?"
    rf")",
    re.IGNORECASE,
)
_REPORTED = re.compile(
    r"(?<!\w)(?:told|said|says|announced|stated|released|added|confirmed|reported)(?!\w)"
    r"[^.;]{0,30}?\bon\s+$",
    re.IGNORECASE,
)
_HEADER_LINES = 8
_HEADER_DMY = re.compile(r"^\s*(\d{1,2})-(\d{1,2})-(\d{4})\s*$")
_HEADER_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")
_HEADER_MDY = re.compile(rf"^\s*(?P<m>{_MON})\.?\s+(?P<d>\d{{1,2}}),?\s+(?P<y>\d{{4}})\s*$", re.I)
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_PARTIAL = re.compile(r"^\d{4}(?:-(?:0[1-9]|1[0-2]))?$")

Published = date | str
"""A publication base: a day, or a partial ISO date the coder coded ("2018", "2018-03")."""


def _day(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def header_date(text: str) -> date | None:
    """A publication date printed on its own line among the article's first lines."""
    for line in text.split("\n")[:_HEADER_LINES]:
        if m := _HEADER_DMY.match(line):
            return _day(int(m[3]), int(m[2]), int(m[1]))
        if m := _HEADER_ISO.match(line):
            return _day(int(m[1]), int(m[2]), int(m[3]))
        if (m := _HEADER_MDY.match(line)) and _month(m["m"]) is not None:
            return _day(int(m["y"]), _month(m["m"]) or 0, int(m["d"]))
    return None


def _iso(value: Any) -> date | None:
    if isinstance(value, str) and (m := _ISO.match(value.strip())):
        return _day(int(m[1]), int(m[2]), int(m[3]))
    return None


def publication_date(text: str, article_date: str = "", coded: Any = None) -> date | None:
    """The coded article date, else the article's `date`, else a date in its header."""
    return _iso(coded) or _iso(article_date) or header_date(text)


def partial_date(value: Any) -> str | None:
    """`value` if it is a partial ISO date (a year, or a year and month), else None."""
    if isinstance(value, str) and _PARTIAL.match(value.strip()):
        return value.strip()
    return None


def publication_base(text: str, article_date: str = "", coded: Any = None) -> Published | None:
    """`publication_date`, else the coder's partial article date ("2018"): what incident dates
    are suggested against."""
    return publication_date(text, article_date, coded) or partial_date(coded)


def without_year(text: str) -> bool:
    """Whether `text` names a day of a month without its year ("on 7 September")."""
    return any((m["d1"] or m["d2"]) and not (m["y1"] or m["y2"]) for m in _EXPR.finditer(text))


def _month(word: str) -> int | None:
    if word == "may" or word == "MAY":  # the verb, not the month (the month is written May)
        return None
    return _MONTHS.get(word.lower().rstrip("."))


def _resolve(m: re.Match[str], published: date | None) -> date | None:
    if m["wd"]:
        if published is None:
            return None
        wd = _WEEKDAYS.index(m["wd"].lower())
        back = (published.weekday() - wd) % 7
        if m["last"] and back == 0:
            back = 7
        return published - timedelta(days=back)
    if m["today"]:
        return published
    if m["yesterday"]:
        return published - timedelta(days=1) if published else None
    month = _month(m["m1"] or m["m2"])
    if month is None:
        return None
    day, year = int(m["d1"] or m["d2"]), m["y1"] or m["y2"]
    if year:
        return _day(int(year), month, day)
    if published is None:
        return None
    found = _day(published.year, month, day)
    if found is not None and found > published:
        found = _day(published.year - 1, month, day)
    return found


def event_dates(text: str, published: date | None) -> list[tuple[date, int, int]]:
    """(day, start, end) of each event-date expression in `text` that resolves to a day."""
    out = []
    for m in _EXPR.finditer(text):
        if _REPORTED.search(text[max(0, m.start() - 60) : m.start()]):
            continue
        day = _resolve(m, published)
        if day is not None:
            out.append((day, m.start(), m.end()))
    return out
