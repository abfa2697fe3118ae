"""Reading `cues:` (and `cue_ties:`) of a codebook field or choice, every problem with its line.

Split from `coder.codebook.fields` so that file keeps to field keys; the cue syntax itself is
`coder.codebook.cues`. Cues belong on the choices of `choice` and `multi` fields and on
`integer`/`number` fields (what a number counts); on any other field type they are an error, as
is a cue that is not a valid pattern.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from coder.codebook.cues import cue_pattern, is_zero_cue
from coder.codebook.yaml_source import YList, YMap

CUE_FIELD_TYPES = ("integer", "number")
"""Field types that take `cues:` on the field itself (choice fields take them per choice)."""

Report = Callable[[int, str], None]


def read_cues(owner: YMap, report: Report, *, numbers: bool) -> tuple[str, ...]:
    """The `cues:` list of a field or choice mapping, each checked; bad ones are reported and
    left out. `numbers`: the owner is a number field (only there may a cue be `zero:`)."""
    raw = owner.get("cues")
    line = owner.key_lines.get("cues", owner.line)
    if raw is None:
        return ()
    if isinstance(raw, str):
        raw_items: list[Any] = [raw]
        lines = [line]
    elif isinstance(raw, YList):
        raw_items, lines = list(raw), list(raw.item_lines)
    else:
        report(line, "'cues' must be a list of words or patterns, e.g. cues: [ISIS, Daesh]")
        return ()
    out: list[str] = []
    for item, item_line in zip(raw_items, lines, strict=True):
        if not isinstance(item, str):
            report(item_line, f"cue {item!r} must be text (a word, a phrase or re:pattern)")
            continue
        if is_zero_cue(item) and not numbers:
            report(item_line, f"cue {item!r}: 'zero:' cues belong on integer or number fields")
            continue
        try:
            cue_pattern(item)
        except ValueError as exc:
            report(item_line, f"cue {exc}" if str(exc).startswith("'") else f"cue: {exc}")
            continue
        out.append(item)
    return tuple(out)


def field_cues(m: YMap, ftype: str, report: Report) -> tuple[str, ...]:
    """A field's own `cues:`: only number fields take them."""
    if "cues" not in m:
        return ()
    if ftype in ("choice", "multi"):
        report(
            m.key_lines["cues"],
            "put 'cues' under each choice (- value: isis / cues: [ISIS, Daesh]), not on the field",
        )
        return ()
    if ftype not in CUE_FIELD_TYPES:
        report(
            m.key_lines["cues"],
            f"a {ftype} field cannot take 'cues' (cues go on choices and on integer/number "
            "fields; dates and places are suggested without them)",
        )
        return ()
    return read_cues(m, report, numbers=True)


def cue_ties(m: YMap, ftype: str, report: Report) -> Literal["none", "first"]:
    raw = m.get("cue_ties")
    if raw is None:
        return "none"
    line = m.key_lines["cue_ties"]
    if ftype != "choice":
        report(line, "'cue_ties' applies only to choice fields")
        return "none"
    if raw not in ("none", "first"):
        report(line, f"'cue_ties' must be none or first, not {raw!r}")
        return "none"
    return "first" if raw == "first" else "none"
