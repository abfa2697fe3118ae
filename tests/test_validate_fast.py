"""The one pass most records take (`_Plan.passes`) against the definition of validation.

`validate_values` first asks the plan of its fields whether a values dict is certainly valid
(remembered good values, set lookups) and only works out messages when it is not. These tests
generate fields (every type, `when:` chains and cycles, tied choices, required or not) and
values (right, wrong, empty, of lookalike types: True, 1 and 1.0; [1, True] and [1, 1]), and
check, for a series of values against one plan (so remembered values are reused), that the
messages are exactly those of the definition written with `check_value` alone, and that the
pass says valid exactly when the definition finds nothing.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from coder.codebook.model import Choice, Condition, Field
from coder.codebook.rules import tie_errors
from coder.codebook.values import (
    _describe_when,
    _plan,
    applicable,
    check_value,
    is_empty,
    quote_in_article,
    validate_values,
)

NAMES = ("a", "b", "c", "d", "e")
ARTICLE = "Gunmen attacked a checkpoint. Police said two were killed.\n\nNo group claimed it."
SCALARS: tuple[Any, ...] = (
    None, "", " ", "x", "y", "z", "1", 1, 0, 2, True, False, 1.0, 2.5, float("inf"),
    2**60, "2020", "2020-02", "2020-02-30", "2019-13", "a\nb", "bad\x01", "\ud800",
    "Police said two", "police said two", "two  were killed", "nowhere in it",
)  # fmt: skip
VALUES = st.one_of(
    st.sampled_from(SCALARS),
    st.lists(st.sampled_from(("x", "y", "z", 1, True, 1.0)), max_size=3),
    st.just(("x",)),
    st.just({"x": 1}),
)
CHOICE_VALUES = st.sampled_from(("x", "y", "z", 1, 2, 1.0, True))


@st.composite
def field_lists(draw: st.DrawFn) -> tuple[Field, ...]:
    fields = []
    for name in draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=5, unique=True)):
        kind = draw(
            st.sampled_from(
                ("choice", "multi", "integer", "number", "date", "boolean", "text", "longtext",
                 "quote", "place")
            )
        )  # fmt: skip
        when = None
        if draw(st.booleans()):
            when = Condition(
                draw(st.sampled_from((*NAMES, "zz"))),
                tuple(draw(st.lists(CHOICE_VALUES, min_size=1, max_size=2))),
            )
        choices: tuple[Choice, ...] = ()
        if kind in ("choice", "multi"):
            values = draw(st.lists(CHOICE_VALUES, min_size=1, max_size=4))
            choices = tuple(
                Choice(
                    v,
                    f"c{i}",
                    when=Condition(draw(st.sampled_from(NAMES)), (draw(CHOICE_VALUES),))
                    if draw(st.integers(0, 3)) == 0
                    else None,
                )
                for i, v in enumerate(values)
            )
        bounds: dict[str, Any] = {}
        if kind in ("integer", "number"):
            bounds = {"min": draw(st.sampled_from((None, 0, 1))), "max": 2}
        elif kind == "date":
            bounds = {"min": draw(st.sampled_from((None, "2020-02"))), "max": None}
        fields.append(
            Field(
                name, kind, "incident", name.upper(),  # type: ignore[arg-type]
                required=draw(st.booleans()), choices=choices, when=when, **bounds,
            )
        )  # fmt: skip
    return tuple(fields)


def definition(
    fields: tuple[Field, ...], values: dict[str, Any], text: str | None, require: bool
) -> dict[str, str]:
    """validate_values as it reads without plans or remembered verdicts."""
    errors: dict[str, str] = {}
    names = {f.name for f in fields}
    for key in values:
        if key not in names:
            errors[str(key)] = "is not a field of this codebook"
    live = applicable(fields, values)
    for f in fields:
        value = values.get(f.name)
        if f.name not in live:
            if not is_empty(value):
                errors[f.name] = f"must be empty: it applies only when {_describe_when(fields, f)}"
        elif is_empty(value):
            if require and f.required:
                errors[f.name] = "is required"
        elif (message := check_value(f, value, text)) is not None:
            errors[f.name] = message
    for name, message in tie_errors(fields, values).items():
        errors.setdefault(name, message)
    return errors


def fitting(f: Field) -> st.SearchStrategy[Any]:
    """Values a field of this kind is likely to hold (so that most records get far enough to
    meet the tied choices and `when:` chains), besides any value at all."""
    codes = [c.value for c in f.choices] or ["x"]
    own = {
        "choice": st.sampled_from(codes),
        "multi": st.lists(st.sampled_from(codes), min_size=1, max_size=2),
        "integer": st.sampled_from((0, 1, 2)),
        "number": st.sampled_from((0, 1.5, 2)),
        "date": st.sampled_from(("2020", "2020-03-01")),
        "boolean": st.booleans(),
    }.get(f.type, st.sampled_from(("x", "Police said two", "two  were killed")))
    return st.one_of(own, own, VALUES)


@st.composite
def cases(draw: st.DrawFn) -> tuple[tuple[Field, ...], list[dict[str, Any]]]:
    fields = draw(field_lists())
    series = []
    for _ in range(draw(st.integers(1, 6))):
        values = {f.name: draw(fitting(f)) for f in fields if draw(st.integers(0, 4))}
        if draw(st.integers(0, 5)) == 0:
            values["zz"] = "x"
        series.append(values)
    return fields, series


@settings(max_examples=400, deadline=None)
@given(cases(), st.booleans(), st.sampled_from((None, ARTICLE, ARTICLE.replace("two", "twö"))))
def test_the_pass_and_the_messages_are_the_definitions(
    case: tuple[tuple[Field, ...], list[dict[str, Any]]], require: bool, text: str | None
) -> None:
    fields, series = case
    plan = _plan(fields)
    for values in [*series, *series]:  # the second time round, verdicts are remembered
        expected = definition(fields, values, text, require)
        assert plan.passes(values, text, require) == (not expected), (values, expected)
        assert validate_values(fields, values, article_text=text, require=require) == expected


def test_lookalike_values_keep_their_own_verdicts() -> None:
    """Remembering a good value never lets an equal value of another type through."""
    number = Field("n", "integer", "incident", "N")
    codes = Field("m", "multi", "incident", "M", choices=(Choice(1, "one"), Choice(2, "two")))
    fields = (number, codes)
    assert validate_values(fields, {"n": 1, "m": [1, 2]}, article_text=None, require=True) == {}
    assert validate_values(fields, {"n": True}, article_text=None, require=True) == {
        "n": "must be a whole number"
    }
    assert validate_values(fields, {"n": 1.0}, article_text=None, require=True) == {
        "n": "must be a whole number"
    }
    assert validate_values(fields, {"m": [True, 2]}, article_text=None, require=True) == {
        "m": "'true' is not one of: 1, 2"
    }
    assert validate_values(fields, {"m": [1, 1.0]}, article_text=None, require=True) == {}
    assert validate_values(fields, {"m": [1, 1]}, article_text=None, require=True) == {
        "m": "lists a choice twice"
    }


def test_a_quote_of_an_ascii_article_is_found_as_it_normalises() -> None:
    """The shortcut for a quote found verbatim in an ASCII article agrees with normalising."""
    text = "He said `no`  to\tthem.\nThen   left."
    for quote in ("said `no`", "no`  to\tthem.\nThen", " to\t", "left.", "`no`", "them. Then"):
        assert quote_in_article(quote, text) is True
    assert quote_in_article("said 'no'", text) is True  # normalised on both sides
    assert quote_in_article("e\u0301", "cafe\u0301") is True
    assert quote_in_article("nothing", text) is False


# -- the shape of a stored document: the one-pass check agrees with check_doc's messages --------

_GOOD_DOC: dict[str, Any] = {
    "article": "a1",
    "status": "done",
    "values": {"relevant": "reported"},
    "incidents": [{"id": "i1", "values": {}, "as_coded": {"place": "Daquq"}, "suggested": []}],
    "created": "",
    "updated": "",
    "codebook_version": "1",
    "article_hash": "",
    "scratch": {"x": "1"},
    "active_seconds": 3,
    "as_coded": {},
}
_ODD = (None, 0, -1, True, 1.5, "", "draft", "x", [], ["x"], [1], {}, {"a": "b"}, {"a": 1},
        {1: "a"}, [{}], [{"id": "i", "values": {}}])  # fmt: skip


def _variants() -> list[dict[str, Any]]:
    """The good document with one key changed to each odd value, or removed, and the same for
    its incident's keys."""
    out: list[dict[str, Any]] = [_GOOD_DOC]
    for key in _GOOD_DOC:
        out.append({k: v for k, v in _GOOD_DOC.items() if k != key})
        out.extend({**_GOOD_DOC, key: odd} for odd in _ODD)
    incident = _GOOD_DOC["incidents"][0]
    for key in incident:
        out.append({**_GOOD_DOC, "incidents": [{k: v for k, v in incident.items() if k != key}]})
        out.extend({**_GOOD_DOC, "incidents": [{**incident, key: odd}]} for odd in _ODD)
    return out


def test_the_document_check_passes_exactly_the_good_shapes() -> None:
    from coder.store.records import _say_what_is_wrong, _well_formed

    for doc in _variants():
        try:
            _say_what_is_wrong(doc)
        except ValueError:
            assert not _well_formed(doc), doc
        else:
            assert _well_formed(doc), doc
