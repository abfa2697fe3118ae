"""Single values and value dicts checked against codebook Fields.

One module decides what a valid value is, so the TUI form, the store, CSV/JSONL import and
`coder check` can never disagree. Two directions:

* `parse_value` turns loose input (typed text, a CSV cell, a JSON value) into the canonical stored
  value (see docs/ARCHITECTURE.md "Values") or raises ValueError with a message for a coder;
* `check_value` / `validate_values` take stored values and say what is wrong, in words a coder can
  act on, returning messages instead of raising so a form can show them all at once.

`format_value` is the inverse of `parse_value`: `parse_value(f, format_value(f, v)) == v`.

The single values (`parse_value`, `check_value` and their rules) live in
`coder.codebook.value_parse` and are re-exported here; this module holds the validation of
whole value dicts (`validate_values`, `applicable`: a plan per tuple of fields, compiled into
one function by `_compile`), defaults, pruning and `format_value`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from coder.codebook.model import Condition, Field
from coder.codebook.rules import tie_errors
from coder.codebook.value_parse import A_WORD, CONTROL_OR_SURROGATE
from coder.codebook.value_parse import DATE_FORMAT_MESSAGE as DATE_FORMAT_MESSAGE
from coder.codebook.value_parse import MAX_SAFE_INTEGER as MAX_SAFE_INTEGER
from coder.codebook.value_parse import MULTI_SEPARATOR as MULTI_SEPARATOR
from coder.codebook.value_parse import ascii_digits as ascii_digits
from coder.codebook.value_parse import check_value as check_value
from coder.codebook.value_parse import date_interval as date_interval
from coder.codebook.value_parse import find_choice as find_choice
from coder.codebook.value_parse import is_empty as is_empty
from coder.codebook.value_parse import normalize_quote as normalize_quote
from coder.codebook.value_parse import parse_value as parse_value
from coder.codebook.value_parse import quote_in_article as quote_in_article

Holds = Callable[[Mapping[str, Any]], bool]
"""`Condition.holds` of one condition, as worked out for a plan (see `_fast_holds`)."""


@dataclass(frozen=True, eq=False, slots=True)
class _Step:
    """One field as `_Plan.passes` checks it."""

    field: Field
    good_texts: set[str] = dataclass_field(default_factory=set)
    """The texts already found non-empty and valid for this field (only for the types in
    _PASSED_TYPES, whose verdict depends on nothing but the value: choice codes, dates)."""
    good_ints: set[int] = dataclass_field(default_factory=set)
    """The same for values of type int (not bool, not float: all equal ints are the same)."""
    good_lists: set[tuple[str, ...]] = dataclass_field(default_factory=set)
    """The same for lists of texts (a multi field's answer), as tuples: only a text equals a
    text, so a list found here holds exactly these texts."""
    good: set[Any] = dataclass_field(default_factory=set)
    """The same for other values, as (type, value) or (list, items, their types): True, 1 and
    1.0 are equal and hash alike but are not all valid, nor [1, True] and [1, 1]."""


@dataclass(frozen=True)
class _Plan:
    """What validating values against one tuple of fields needs, worked out once per tuple:
    validation runs for every article and incident (50k incidents at import or check), and
    rebuilding name sets and `when` closures on each call was most of its cost."""

    known: frozenset[str]
    order: tuple[tuple[str, str | None, Holds | None], ...]
    """(name, controlling field, its condition's test) with controllers first; fields in a
    `when` cycle or controlled by an unknown field are left out: they never apply."""
    steps: dict[str, _Step]
    """Every field by name, for `passes`."""
    ties: tuple[tuple[str, dict[Any, tuple[str, Holds]]], ...]
    """The fields with a choice tied to another field's answer (coder.codebook.rules), with
    {`_tie_key` of such a choice's value: (the other field, the test of its answer)}: the
    choice `Field.choice` finds for a value is the one found under the value's key here."""
    conditional: frozenset[str]
    """The fields with a `when:` (in `order` or, in a cycle, nowhere)."""
    limit: int
    """How many good values each step remembers (the whole plan about _MEMO_LIMIT)."""
    passable: frozenset[str]
    """`known`, or no names at all when two fields share a name (then nothing passes)."""
    checked: dict[Any, str | None] = dataclass_field(
        default_factory=dict, compare=False, hash=False
    )
    """check_value's verdict per (field, type, value) for the types whose verdict depends on
    nothing else (see _MEMO_TYPES): the same few choices, numbers and dates recur in 50k
    incidents, and checking each again was most of `coder check`."""

    @functools.cached_property
    def passes(self) -> Callable[[Mapping[str, Any], str | None, bool], bool]:
        """`passes(values, article_text, require)`: True only if `validate_values` would find
        nothing wrong: the one pass nearly every record takes (50k incidents: each value one
        set lookup, most of them). It may say False for a record that is fine;
        `validate_values` then works out the messages the long way, so what a record is told
        never depends on this shortcut (tests/test_validate_fast.py compares the two on
        generated fields and values). Written for the plan once, on first use: `_compile`."""
        return _compile(self)

    def other(
        self, step: _Step, value: Any, applies: bool, article_text: str | None, require: bool
    ) -> bool:
        """`passes` for one value not among the step's good texts and whole numbers: found
        among its other good values, or checked (and remembered when it is good)."""
        cls = value.__class__
        good: set[Any]
        try:
            if cls is str or cls is int:
                key: Any = value
                good = step.good_texts if cls is str else step.good_ints
            elif cls is list and all(item.__class__ is str for item in value):
                key, good = tuple(value), step.good_lists
                if key in good:
                    return applies
            else:
                key, good = _memo_key(value), step.good
                if key in good:
                    return applies
        except TypeError:  # unhashable (a dict where a value belongs): the long way
            return False
        f = step.field
        if is_empty(value):
            return not (require and f.required and applies)
        if not applies or check_value(f, value, article_text) is not None:
            return False
        if f.type in _PASSED_TYPES:
            if len(good) >= self.limit:
                good.clear()
            good.add(key)
        return True

    def ties_ok(self, values: Mapping[str, Any]) -> bool:
        """No chosen value breaks its tie to another field's answer (rules.tie_errors)."""
        for name, tied in self.ties:
            value = values.get(name)
            if value is None or value == "" or value == [] or value == ():
                continue
            for item in value if isinstance(value, list | tuple) else (value,):
                try:  # (rules.choice_fits, with a quick `holds`)
                    tie = tied.get((_BOOL_TAG, item) if item.__class__ is bool else item)
                except TypeError:  # unhashable: no choice's value
                    continue
                if tie is None:
                    continue
                current = values.get(tie[0])
                if current is None or current == "" or current == [] or current == ():
                    continue
                if not tie[1](values):
                    return False
        return True


def _compile(plan: _Plan) -> Callable[[Mapping[str, Any], str | None, bool], bool]:
    """`plan.passes` as one function written for the plan's fields: per field a `get`, and for
    a text or whole number a set lookup, the `when:` tests inlined, nothing looked up by name.
    A loop over the fields did the same with three dict lookups more per value (a third of
    checking 50k incidents). Only names of the plan's own making are written into the source;
    the field names and everything else are objects in its namespace."""
    if not plan.passable:  # two fields share a name: always the long way
        return lambda values, article_text, require: False
    ns: dict[str, Any] = {"PASSABLE": plan.passable, "other": plan.other}
    index = {name: n for n, name in enumerate(plan.steps)}
    live: dict[str, str] = {}  # conditional field -> the local that says whether it applies
    src = [
        "def passes(values, article_text, require):",
        "    if not PASSABLE.issuperset(values):",
        "        return False",
        "    get = values.get",
    ]
    for name, ctl, holds in plan.order:
        if ctl is None:
            continue
        n = index[name]
        ns[f"H{n}"] = holds
        ctl_applies = live[ctl] if ctl in plan.conditional else "True"
        when = plan.steps[name].field.when
        parts = _text_test(when) if when is not None else None
        if when is None or parts is None:
            src.append(f"    L{n} = {ctl_applies} and H{n}(values)")
        else:  # `_fast_holds` inlined: a text answer looked up, any other asked of `holds`
            ns[f"C{n}"], ns[f"W{n}"], ns[f"H{n}"] = parts[0], parts[1], when.holds
            src.append(
                f"    L{n} = {ctl_applies} and ((c := get(C{n})).__class__ is str and c in W{n}"
                f" or c.__class__ is not str and H{n}(values))"
            )
        live[name] = f"L{n}"
    for name, step in plan.steps.items():
        n = index[name]
        ns[f"N{n}"], ns[f"S{n}"] = name, step
        ns[f"T{n}"], ns[f"I{n}"] = step.good_texts, step.good_ints
        applies = live.get(name, "False") if name in plan.conditional else "True"
        missing = f"if require and {applies}: return False" if step.field.required else "pass"
        good_but = f"if not {applies}: return False" if applies != "True" else "pass"
        src += [
            f"    v = get(N{n})",
            "    if v is None:",
            f"        {missing}",
            f"    elif (v.__class__ is str and v in T{n}) or (v.__class__ is int and v in I{n}):",
            f"        {good_but}",
        ]
        fast = _fast_test(step, n, ns)
        if fast is not None:
            src += [f"    elif {fast}:", f"        {good_but}"]
        src.append(f"    elif not other(S{n}, v, {applies}, article_text, require): return False")
    if plan.ties:
        ns["ties_ok"] = plan.ties_ok
        src.append("    if not ties_ok(values): return False")
    src.append("    return True")
    exec(compile("\n".join(src), f"<validation of {len(plan.steps)} fields>", "exec"), ns)
    function: Callable[[Mapping[str, Any], str | None, bool], bool] = ns["passes"]
    return function


def _fast_test(step: _Step, n: int, ns: dict[str, Any]) -> str | None:
    """A test, in `_compile`'s source, of `v` for the field of step `n` that is True only for a
    non-empty value `check_value` finds nothing wrong with, for the types `other` would check
    the long way (a call chain per value: 5 of the 23 values of each of 50k incidents):
    a boolean, a list of texts already found good, a quote found as it is in an ASCII article,
    a place id in the gazetteer. False sends the value to `other`, which decides."""
    f = step.field
    if f.type == "boolean":
        return "v.__class__ is bool"
    if f.type == "multi":
        ns[f"M{n}"] = step.good_lists
        return f"v.__class__ is list and tuple(v) in M{n}"
    if f.type == "quote":
        ns["QUOTE_OK"] = _quote_as_is
        return "v.__class__ is str and article_text is not None and QUOTE_OK(v, article_text)"
    if f.type == "place" and f.gazetteer is not None:
        from coder.places.values import place_test

        ns[f"P{n}"] = place_test(f.gazetteer)
        return f"v.__class__ is str and P{n}(v)"
    return None


def _quote_as_is(quote: str, article_text: str) -> bool:
    """check_value's verdict on a quote is None when this is True: two letters in a row (so not
    empty), no control character or surrogate, found as it is in an ASCII article."""
    return (
        A_WORD.search(quote) is not None
        and CONTROL_OR_SURROGATE.search(quote) is None
        and article_text.isascii()
        and quote in article_text
    )


_MEMO_TYPES = frozenset({"choice", "multi", "boolean", "integer", "number", "date"})
"""Not text (free text rarely repeats), quote (depends on the article) or place (on the
gazetteer, which can change while the process runs)."""
_MEMO_LIMIT = 100_000
_PASSED_TYPES = _MEMO_TYPES | {"text", "longtext"}
"""The types whose good values `_Plan.passes` remembers: a text's verdict too depends on nothing
but the text (the same few names recur), only a quote's on the article and a place's on the
gazetteer."""


def _check_memo(plan: _Plan, f: Field, value: Any, article_text: str | None) -> str | None:
    """check_value, remembered for the types in _MEMO_TYPES. The value's type is in the key so
    that True, 1 and 1.0 (equal and hashing alike) keep their own verdicts."""
    if f.type not in _MEMO_TYPES:
        return check_value(f, value, article_text)
    try:
        key = (f.name, _memo_key(value))
        return plan.checked[key]
    except KeyError:
        pass
    except TypeError:  # unhashable (a dict where a choice belongs): not remembered
        return check_value(f, value, article_text)
    if len(plan.checked) >= _MEMO_LIMIT:
        plan.checked.clear()
    verdict = plan.checked[key] = check_value(f, value, article_text)
    return verdict


def _memo_key(value: Any) -> Any:
    """A key under which only values with the same verdict meet: the type is in it, so True, 1
    and 1.0 (equal, hashing alike) stay apart, and a list's item types too ([1, True] is not
    [1, 1]). TypeError for an unhashable value."""
    cls = value.__class__
    if cls is list:
        items = tuple(value)
        return (cls, items, tuple(map(type, items)))
    return (cls, value)


_FAST_KEYS = (str, int, bool)


def _text_test(condition: Condition) -> tuple[str, frozenset[str]] | None:
    """(controlling field, the texts it is met by) when a text answer can be looked up in a set
    of the listed values (a text equals exactly the listed texts, and `_same` never matches it
    with a number or boolean); None: ask `condition.holds`."""
    if not all(w.__class__ in _FAST_KEYS for w in condition.values):
        return None
    return condition.field, frozenset(w for w in condition.values if w.__class__ is str)


def _fast_holds(condition: Condition) -> Holds:
    """`condition.holds`, with a text answer looked up (`_text_test`); any other answer is
    asked of `holds` itself."""
    parts = _text_test(condition)
    if parts is None:
        return condition.holds
    (name, texts), slow = parts, condition.holds

    def holds(values: Mapping[str, Any]) -> bool:
        current = values.get(name)
        if current.__class__ is str:
            return current in texts
        return slow(values)

    return holds


_BOOL_TAG = object()
"""Tags a boolean's key in `_ties_by_key` (True == 1 and they hash alike; no choice of 1 is
met by True: see coder.codebook.model's `_choice_key`)."""


def _ties_by_key(f: Field) -> dict[Any, tuple[str, Holds]]:
    """{value key: (other field, test)} of `f`'s tied choices, the first choice of equal values
    winning as in `Field.choice`; a value's key is the value, or (_BOOL_TAG, it) for a boolean.
    `ties_ok` asked `f.choice(item)` (a call and a key made per item of 50k incidents)."""
    out: dict[Any, tuple[str, Holds]] = {}
    taken: set[Any] = set()
    for c in f.choices:
        key = (_BOOL_TAG, c.value) if c.value.__class__ is bool else c.value
        if key in taken:
            continue
        taken.add(key)
        if c.when is not None:
            out[key] = (c.when.field, _fast_holds(c.when))
    return out


_PLANS: dict[int, tuple[Sequence[Field], _Plan]] = {}


def _plan(fields: Sequence[Field]) -> _Plan:
    """The plan of `fields`, kept for tuples (a codebook's fields; a list could change)."""
    entry = _PLANS.get(id(fields))
    if entry is not None and entry[0] is fields:
        return entry[1]
    if not isinstance(fields, tuple):
        return _make_plan(fields)
    if len(_PLANS) > 64:  # codebooks reloaded many times (tests): do not grow without bound
        _PLANS.clear()
    plan = _make_plan(fields)
    _PLANS[id(fields)] = (fields, plan)
    return plan


def _make_plan(fields: Sequence[Field]) -> _Plan:
    by_name = {f.name: f for f in fields}
    order: list[tuple[str, str | None, Holds | None]] = []
    state: dict[str, bool] = {}  # name -> applies at all (False: cycle or unknown controller)

    def visit(name: str, path: frozenset[str]) -> bool:
        if name in state:
            return state[name]
        f = by_name[name]
        ok = True
        if f.when is not None:
            ctl = f.when.field
            ok = ctl in by_name and ctl not in path and visit(ctl, path | {name})
        state[name] = ok
        if ok:
            when = f.when
            order.append((name, when.field, _fast_holds(when)) if when else (name, None, None))
        return ok

    for f in fields:
        visit(f.name, frozenset())
    # Two fields of one name (no codebook has them; a caller's list might) go the long way.
    steps = {f.name: _Step(f) for f in fields}
    known = frozenset(by_name) if len(by_name) == len(fields) else frozenset()
    tied = tuple(
        (f.name, _ties_by_key(f))
        for f in fields
        if f.has_choices and any(c.when is not None for c in f.choices)
    )
    conditional = frozenset(f.name for f in fields if f.when is not None)
    limit = _MEMO_LIMIT // max(1, len(steps))
    return _Plan(
        frozenset(by_name),
        tuple(order),
        steps,
        tied,
        conditional,
        limit,
        known,
    )


def applicable(fields: Sequence[Field], values: Mapping[str, Any]) -> set[str]:
    """Names of the fields that apply: no `when`, or its controlling field applies and holds.

    A field controlled by a field that does not apply does not apply either, whatever stale value
    the controller still has (chains of `when` behave as a coder expects).
    """
    live: set[str] = set()
    for name, ctl, holds in _plan(fields).order:
        if ctl is None or (ctl in live and holds is not None and holds(values)):
            live.add(name)
    return live


def validate_values(
    fields: Sequence[Field],
    values: Mapping[str, Any],
    *,
    article_text: str | None,
    require: bool,
) -> dict[str, str]:
    """{field name: message} for every problem in one article's or one incident's values.

    Unknown keys are errors; a field whose `when` does not hold must be empty; `require=False`
    (drafts) skips only the required-field check.
    """
    plan = _plan(fields)
    if plan.passes(values, article_text, require):
        return {}
    errors: dict[str, str] = {}
    known = plan.known
    for key in values:
        if key not in known:
            errors[str(key)] = "is not a field of this codebook"
    live = applicable(fields, values)
    for f in fields:
        value = values.get(f.name)
        if f.name not in live:
            if not is_empty(value):
                errors[f.name] = f"must be empty: it applies only when {_describe_when(fields, f)}"
            continue
        if is_empty(value):
            if require and f.required:
                errors[f.name] = "is required"
            continue
        message = _check_memo(plan, f, value, article_text)
        if message is not None:
            errors[f.name] = message
    for name, message in tie_errors(fields, values).items():
        errors.setdefault(name, message)
    return errors


def _describe_when(fields: Sequence[Field], f: Field) -> str:
    assert f.when is not None
    ctl = next((g for g in fields if g.name == f.when.field), None)
    label = ctl.label if ctl else f.when.field
    shown = [format_value(ctl, v) if ctl else str(v) for v in f.when.values]
    return f"{label} is {' or '.join(shown)}"


def default_values(fields: Sequence[Field]) -> dict[str, Any]:
    """Initial values for a new article or incident: each field's default, if it applies."""
    values = {f.name: f.default for f in fields if f.default is not None}
    return prune_inapplicable(fields, values)


def fill_ticked_defaults(fields: Sequence[Field], values: dict[str, Any]) -> None:
    """Give each `boolean` field with a `default` that applies and has no value its default.

    The coding screen shows such a field as a checkbox, which cannot say "not coded", so every
    record coded there holds True or False. A record imported without the field would hold
    nothing, and an analyst could not tell a coder's "no" from a field never coded by the way
    the record came in (the export showed False for some rows and NA for others)."""
    missing = [
        f for f in fields if f.type == "boolean" and f.default is not None and f.name not in values
    ]
    if not missing:
        return
    live = applicable(fields, values)
    for f in missing:
        if f.name in live:
            values[f.name] = f.default


def prune_inapplicable(fields: Sequence[Field], values: Mapping[str, Any]) -> dict[str, Any]:
    """Drop values of fields whose `when` no longer holds (unknown keys are kept for validation).

    The form calls this when a controlling answer changes, so hidden answers never get saved.
    """
    live = applicable(fields, values)
    known = {f.name for f in fields}
    return {k: v for k, v in values.items() if k in live or k not in known}


# ---------------------------------------------------------------- format


def format_value(field: Field, value: Any) -> str:
    """Display / CSV text; `parse_value` reads it back to the same value. Empty -> ""."""
    if is_empty(value):
        return ""
    if field.type == "multi" and isinstance(value, list | tuple):
        return MULTI_SEPARATOR.join(_format_scalar(v) for v in value)
    if field.type == "boolean" and isinstance(value, bool):
        return "yes" if value else "no"
    return _format_scalar(value)


def _format_scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return repr(value)
    return str(value)
