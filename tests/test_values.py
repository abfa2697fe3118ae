"""Values: parse, check, format round-trip, partial dates, when-conditions, quote normalisation."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coder.codebook.loader import parse_codebook
from coder.codebook.model import Field
from coder.codebook.values import (
    check_value,
    date_interval,
    default_values,
    format_value,
    is_empty,
    normalize_quote,
    parse_value,
    prune_inapplicable,
    validate_values,
)

CODEBOOK = parse_codebook("""
title: T
version: 1
incident:
  fields:
    - {name: note, type: text}
    - {name: story, type: longtext}
    - {name: kind, type: choice, choices: [armed_clash, indirect_fire, other], required: true}
    - {name: code, type: choice, choices: [{value: 1, label: Assassination}, 2, 6, 9]}
    - {name: targets, type: multi, choices: [military, police, civilians]}
    - {name: dead, type: integer, min: 0, max: 1000}
    - {name: share, type: number, min: 0}
    - {name: day, type: date, min: 2017-06, max: "2020"}
    - {name: claimed, type: boolean}
    - {name: evidence, type: quote, required: true}
    - {name: kind_other, type: text, when: {kind: other}, required: true}
    - {name: hostages, type: integer, when: {code: 6}}
    - {name: hostage_note, type: text, when: {hostages_known: true}}
    - {name: hostages_known, type: boolean, when: {code: 6}, default: false}
""")
F = {f.name: f for f in CODEBOOK.incident_fields}
FIELDS = CODEBOOK.incident_fields
ARTICLE = (
    "Two \u2018senior\u2019 ISIS militants\n"
    "were killed in a \u201csurprise operation\u201d at dawn."
)


def test_is_empty() -> None:
    assert all(is_empty(v) for v in (None, "", "  ", []))
    assert not any(is_empty(v) for v in (0, False, "x", [1]))


@pytest.mark.parametrize(
    ("name", "raw", "expected"),
    [
        ("note", "  Daquq  ", "Daquq"),
        ("note", "", None),
        ("story", "line one\nline two\n", "line one\nline two"),
        ("kind", "armed_clash", "armed_clash"),
        ("kind", "Armed_Clash", "armed_clash"),
        ("code", "1", 1),
        ("code", 6, 6),
        ("code", " 6 ", 6),
        ("code", "assassination", 1),
        ("targets", "police;military", ["military", "police"]),
        ("targets", ["civilians", "military", "civilians"], ["military", "civilians"]),
        ("targets", "", None),
        ("dead", "7", 7),
        ("dead", "1,200", 1200),
        ("dead", 3.0, 3),
        ("share", "2.5", 2.5),
        ("share", "3", 3),
        ("day", "2019-07", "2019-07"),
        ("day", "2019", "2019"),
        ("day", date(2019, 7, 4), "2019-07-04"),
        ("claimed", "yes", True),
        ("claimed", "TRUE", True),
        ("claimed", "1", True),
        ("claimed", "no", False),
        ("claimed", False, False),
    ],
)
def test_parse_value(name: str, raw: Any, expected: Any) -> None:
    value = parse_value(F[name], raw)
    assert value == expected and type(value) is type(expected)


@pytest.mark.parametrize(
    ("name", "raw", "message"),
    [
        ("kind", "foo", "'foo' is not one of: armed_clash, indirect_fire, other"),
        ("code", "7", "'7' is not one of: 1, 2, 6, 9"),
        ("code", True, "is not one of"),
        ("targets", "police;navy", "'navy' is not one of"),
        ("dead", "7.5", "must be a whole number"),
        ("dead", "seven", "must be a whole number"),
        ("dead", True, "must be a whole number"),
        ("share", "nan", "must be a number"),
        ("day", "July 2019", "date must be YYYY, YYYY-MM or YYYY-MM-DD"),
        ("day", "2019-02-30", "not a real day"),
        ("day", "2019-13", "no month 13"),
        ("claimed", "maybe", "must be yes or no"),
        ("note", 5, "must be text"),
    ],
)
def test_parse_value_errors(name: str, raw: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_value(F[name], raw)


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("dead", -1, "must be at least 0"),
        ("dead", 1001, "must be at most 1000"),
        ("dead", "3", "must be a whole number"),
        ("dead", True, "must be a whole number"),
        ("share", -0.5, "must be at least 0"),
        ("code", "6", "'6' is not one of"),  # stored values must be canonical
        ("kind", "foo", "'foo' is not one of: armed_clash, indirect_fire, other"),
        ("targets", ["police", "police"], "twice"),
        ("targets", "police", "must be a list"),
        ("day", "2017-05-31", "on or after 2017-06"),
        ("day", "2021-01", "on or before 2020"),
        ("day", "2019-7-4", "date must be YYYY, YYYY-MM or YYYY-MM-DD"),
        ("claimed", "yes", "must be yes or no"),
        ("note", "two\nlines", "single line"),
        ("note", "bell\x07", "control characters"),
        ("evidence", "killed in a raid", "this passage does not appear in the article"),
        # in the article (a digit of a date, a comma) but no passage: never evidence
        ("evidence", "2", "is not a passage"),
        ("evidence", ",", "is not a passage"),
    ],
)
def test_check_value_errors(name: str, value: Any, message: str) -> None:
    result = check_value(F[name], value, ARTICLE)
    assert result is not None and message in result


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("day", "2017"),  # a partial date overlapping the bound passes
        ("day", "2017-06"),
        ("day", "2020-12-31"),
        ("dead", 0),
        ("code", 6),
        ("targets", ["military", "civilians"]),
        ("story", "two\nlines"),
        ("evidence", "Two 'senior' ISIS militants were killed"),  # straight vs curly, line break
        ("evidence", 'a  "surprise\n operation"'),
    ],
)
def test_check_value_ok(name: str, value: Any) -> None:
    assert check_value(F[name], value, ARTICLE) is None


def test_quote_unchecked_without_article() -> None:
    assert check_value(F["evidence"], "anything at all") is None


def test_normalize_quote() -> None:
    assert (
        normalize_quote(" \u201cHe\u2019s\u00a0here\u201d\n\t\u2014 now ") == '"He\'s here" - now'
    )


def test_date_interval() -> None:
    assert date_interval("2019") == (date(2019, 1, 1), date(2019, 12, 31))
    assert date_interval("2020-02") == (date(2020, 2, 1), date(2020, 2, 29))
    assert date_interval("2019-02") == (date(2019, 2, 1), date(2019, 2, 28))
    assert date_interval("2019-07-04") == (date(2019, 7, 4), date(2019, 7, 4))
    with pytest.raises(ValueError, match="YYYY"):
        date_interval("04/07/2019")


def base() -> dict[str, Any]:
    return {"kind": "armed_clash", "evidence": "ISIS militants were killed"}


def test_validate_values_ok_and_required() -> None:
    assert validate_values(FIELDS, base(), article_text=ARTICLE, require=True) == {}
    errors = validate_values(FIELDS, {}, article_text=ARTICLE, require=True)
    assert errors == {"kind": "is required", "evidence": "is required"}
    assert validate_values(FIELDS, {}, article_text=ARTICLE, require=False) == {}


def test_validate_values_unknown_keys_and_bad_values_even_in_drafts() -> None:
    values = {**base(), "bogus": 1, "dead": -2}
    errors = validate_values(FIELDS, values, article_text=ARTICLE, require=False)
    assert errors == {"bogus": "is not a field of this codebook", "dead": "must be at least 0"}


def test_when_conditions() -> None:
    # condition does not hold: the dependent field must be empty
    values = {**base(), "kind_other": "a riot"}
    errors = validate_values(FIELDS, values, article_text=ARTICLE, require=True)
    assert errors == {"kind_other": "must be empty: it applies only when Kind is other"}
    # condition holds: the dependent field is required
    values = {**base(), "kind": "other"}
    errors = validate_values(FIELDS, values, article_text=ARTICLE, require=True)
    assert errors == {"kind_other": "is required"}
    values["kind_other"] = "a riot"
    assert validate_values(FIELDS, values, article_text=ARTICLE, require=True) == {}
    # numeric code condition; a chained condition fails when its controller does not apply
    values = {**base(), "code": 6, "hostages": 2, "hostages_known": True, "hostage_note": "x"}
    assert validate_values(FIELDS, values, article_text=ARTICLE, require=True) == {}
    values["code"] = 2
    errors = validate_values(FIELDS, values, article_text=ARTICLE, require=True)
    assert set(errors) == {"hostages", "hostages_known", "hostage_note"}
    pruned = prune_inapplicable(FIELDS, {**values, "bogus": 1})
    assert pruned == {**base(), "code": 2, "bogus": 1}


def test_default_values_respect_when() -> None:
    assert default_values(FIELDS) == {}
    assert F["hostages_known"].default is False


ROUND_TRIP: list[tuple[str, Any]] = [
    ("note", "Daquq"),
    ("story", "a\nb"),
    ("kind", "indirect_fire"),
    ("code", 9),
    ("targets", ["military", "civilians"]),
    ("dead", 12),
    ("share", 0.1),
    ("share", 4),
    ("day", "2018-03"),
    ("claimed", True),
    ("claimed", False),
    ("evidence", "at dawn"),
]


@pytest.mark.parametrize(("name", "value"), ROUND_TRIP)
def test_format_parse_round_trip(name: str, value: Any) -> None:
    text = format_value(F[name], value)
    assert isinstance(text, str) and text
    again = parse_value(F[name], text)
    assert again == value and type(again) is type(value)
    assert check_value(F[name], again) is None


def test_format_value_shapes() -> None:
    assert format_value(F["targets"], ["military", "police"]) == "military;police"
    assert format_value(F["claimed"], True) == "yes"
    assert format_value(F["dead"], None) == ""


def _field(name: str) -> Field:
    return F[name]


@given(st.integers(min_value=0, max_value=1000))
def test_integer_round_trip_property(n: int) -> None:
    assert parse_value(_field("dead"), format_value(_field("dead"), n)) == n


@given(st.floats(min_value=0, allow_nan=False, allow_infinity=False))
def test_number_round_trip_property(x: float) -> None:
    assert parse_value(_field("share"), format_value(_field("share"), x)) == x


@given(st.dates(min_value=date(2017, 6, 1), max_value=date(2020, 12, 31)))
def test_date_round_trip_property(d: date) -> None:
    for text in (d.isoformat(), d.isoformat()[:7], d.isoformat()[:4]):
        value = parse_value(_field("day"), text)
        assert format_value(_field("day"), value) == text
        assert check_value(_field("day"), value) is None
        first, last = date_interval(text)
        assert first <= d <= last


@given(st.sets(st.sampled_from(["military", "police", "civilians"])))
def test_multi_round_trip_property(chosen: set[str]) -> None:
    value = parse_value(_field("targets"), sorted(chosen))
    assert value == ([c for c in ("military", "police", "civilians") if c in chosen] or None)
    assert parse_value(_field("targets"), format_value(_field("targets"), value)) == value


@given(st.text(alphabet=st.sampled_from(list("ab \n\u201c\u201d\"'\u2019")), max_size=30))
def test_quote_normalisation_property(passage: str) -> None:
    article = "xx " + passage + " yy"
    # any passage of an article, re-spaced and with quote styles swapped, still matches
    altered = passage.replace("\n", " ").replace("\u201c", '"').replace("\u2019", "'")
    if normalize_quote(altered) and re.search(r"[ab]{2}", altered):  # a passage has a word
        assert check_value(_field("evidence"), altered, article) is None
