"""Rules across fields: choices tied to another field's choice, and articles that need incidents.

Two codebook keys say what a single field cannot:

* `when:` on a *choice* ties it to a choice of another field at the same level. ACLED's
  sub-event types belong to one event type each, so `shelling_artillery` carries
  `when: {event_type: explosions_remote_violence}`; a record that pairs it with `battles` is
  wrong data, whichever way it arrived (the form, an import, a hand-edited database).
* `require_incidents_when:` in the `article:` section names an article answer that promises
  incidents (`relevant: reported`): such an article cannot be done, or "no incident", with
  none coded.

The form asks `fitting_choices` what to offer, and `coder.codebook.values.validate_values` and
`coder.store.coder_store.validate_record` ask the `*_errors` functions, so the store, import and
`coder check` refuse or report exactly what the form prevents. A tied choice is accepted while its
controlling field is still empty (a draft may be filled in any order); "required" catches the
empty field when the article is done. A value copied for the coder (F9's fill-down) asks the
stricter `why_unfit`: it lands only beside the answer it belongs to. This module imports only the
model, so `values` can use it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from coder.codebook.model import Choice, Codebook, Condition, Field


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == ()


def choice_fits(choice: Choice, values: Mapping[str, Any]) -> bool:
    """Whether `choice` may be chosen given the other values at its level."""
    when = choice.when
    return when is None or _empty(values.get(when.field)) or when.holds(values)


def fitting_choices(field: Field, values: Mapping[str, Any]) -> tuple[Choice, ...]:
    """The choices the form offers now: all of them, less those tied to another answer."""
    if not any(c.when is not None for c in field.choices):
        return field.choices
    return tuple(c for c in field.choices if choice_fits(c, values))


def tied_fields(fields: Sequence[Field]) -> dict[str, set[str]]:
    """{controlling field: names of the fields whose choices it filters}."""
    out: dict[str, set[str]] = {}
    for f in fields:
        for c in f.choices:
            if c.when is not None:
                out.setdefault(c.when.field, set()).add(f.name)
    return out


def why_unfit(
    fields: Sequence[Field], field: Field, value: Any, values: Mapping[str, Any]
) -> str | None:
    """Why `value` may not be put into `field` beside the other `values` at its level, or None
    when it fits: the field's own `when:` must hold, and so must each chosen choice's.

    Stricter than `choice_fits` on purpose: an empty controlling field does not admit a tied
    choice here. A coder filling a draft in any order sets the event type later; a value copied
    on the coder's behalf (F9's fill-down) into an incident with no event type is a sub-event
    type nobody chose an event type for, refused only later when the article is marked done.
    The reason names the controlling field as it stands and what the value needs, e.g.
    "Event type not set ('Armed clash (battles)' needs 'Battles')"."""
    if field.when is not None and not field.when.holds(values):
        return _unmet(fields, field.when, values, field.label)
    if _empty(value):
        return None
    for c in _chosen(field, value):
        if c.when is not None and not c.when.holds(values):
            return _unmet(fields, c.when, values, c.label)
    return None


def _unmet(fields: Sequence[Field], cond: Condition, values: Mapping[str, Any], what: str) -> str:
    """`why_unfit`'s reason: the controlling field's state and the answers `what` needs."""
    ctl = next((g for g in fields if g.name == cond.field), None)
    label = ctl.label if ctl is not None else cond.field

    def shown(answer: Any) -> str:
        items = answer if isinstance(answer, list | tuple) else [answer]
        return ", ".join(ctl.label_for(v) if ctl is not None else str(v) for v in items)

    needs = " or ".join(f"'{shown(v)}'" for v in cond.values)
    current = values.get(cond.field)
    state = f"{label} not set" if _empty(current) else f"{label} is '{shown(current)}'"
    return f"{state} ('{what}' needs {needs})"


def _chosen(field: Field, value: Any) -> list[Choice]:
    items = value if isinstance(value, list | tuple) else [value]
    return [c for item in items if (c := field.choice(item)) is not None]


def _describe(fields: Sequence[Field], cond: Condition) -> str:
    ctl = next((g for g in fields if g.name == cond.field), None)
    label = ctl.label if ctl is not None else cond.field
    shown = " or ".join(f"'{v}'" for v in cond.values)
    return f"{label} {shown}"


_TIED: dict[int, tuple[Sequence[Field], tuple[Field, ...]]] = {}


def _tied(fields: Sequence[Field]) -> tuple[Field, ...]:
    """The fields with a choice tied to another answer (only they can break a tie), worked out
    once per tuple of fields: tie_errors runs for every article and incident validated."""
    entry = _TIED.get(id(fields))
    if entry is not None and entry[0] is fields:
        return entry[1]
    tied = tuple(f for f in fields if f.has_choices and any(c.when is not None for c in f.choices))
    if isinstance(fields, tuple):
        if len(_TIED) > 64:  # codebooks reloaded many times (tests): do not grow without bound
            _TIED.clear()
        _TIED[id(fields)] = (fields, tied)
    return tied


def tie_errors(fields: Sequence[Field], values: Mapping[str, Any]) -> dict[str, str]:
    """{field: message} for each chosen value whose tie to another field's answer is broken."""
    errors: dict[str, str] = {}
    for f in _tied(fields):
        if _empty(values.get(f.name)):
            continue
        for c in _chosen(f, values[f.name]):
            if choice_fits(c, values):
                continue
            assert c.when is not None
            current = values.get(c.when.field)
            fitting = ", ".join(str(d.value) for d in fitting_choices(f, values)) or "none"
            errors[f.name] = (
                f"'{c.value}' belongs to {_describe(fields, c.when)}, not to '{current}'; "
                f"change one of them (fitting here: {fitting})"
            )
            break
    return errors


def missing_incident_error(
    codebook: Codebook, values: Mapping[str, Any], status: str, incidents: int
) -> str | None:
    """Why a done / no-incident article with no incident breaks `require_incidents_when`."""
    cond = codebook.incidents_required_when
    if cond is None or status == "draft" or incidents > 0 or not cond.holds(values):
        return None
    label, shown = _answered(codebook, cond.field, values.get(cond.field))
    return (
        f"'{label}' is answered '{shown}' but no incident is coded: add the incidents "
        "(ctrl+n) or change the answer"
    )


def unexpected_incidents_error(
    codebook: Codebook, values: Mapping[str, Any], status: str, incidents: int
) -> str | None:
    """Why a done article with incidents breaks `incidents_only_when` (its answer says there
    are none). An unanswered field is left to `required:`; a draft may be half-way."""
    cond = codebook.incidents_only_when
    if cond is None or status != "done" or incidents == 0:
        return None
    answer = values.get(cond.field)
    if _empty(answer) or cond.holds(values):
        return None
    label, shown = _answered(codebook, cond.field, answer)
    return (
        f"'{label}' is answered '{shown}' but {incidents} incident(s) are coded: change the "
        "answer or delete the incidents (F8)"
    )


def _answered(codebook: Codebook, name: str, answer: Any) -> tuple[str, str]:
    """The article field's label and the answer as the coder saw it, for the two incident rules'
    messages."""
    ctl = codebook.field("article", name)
    if ctl is None:
        return name, str(answer)
    return ctl.label, ctl.label_for(answer)
