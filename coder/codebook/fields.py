"""Validation of one codebook field entry (and its choices) for `coder.codebook.loader`.

Split from `coder.codebook` so each file stays readable: this module knows the field keys, the
types and levels of measurement, and turns one YAML field mapping into a `Field`, reporting every
problem through the owning loader (the `Reporter`), which adds file and line.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from coder.codebook import values as V
from coder.codebook.field_cues import cue_ties, field_cues, read_cues
from coder.codebook.model import FIELD_TYPES, LEVELS, Choice, Field, Level, Scope
from coder.codebook.place_keys import read_areas, read_precision
from coder.codebook.yaml_source import YList, YMap


class Reporter(Protocol):
    """What FieldBuilder needs from the codebook loader."""

    pending_when: dict[int, tuple[Any, int]]
    path: Path | None
    pending_choice_when: dict[int, tuple[Any, int]]
    precision_lines: dict[str, int]
    area_lines: dict[tuple[str, str], int]

    def add(self, line: int | None, field: str | None, message: str) -> None: ...

    def keys(self, m: YMap, known: tuple[str, ...], field: str | None, what: str) -> None: ...

    def text(self, m: YMap, key: str, field: str | None, *, required: bool = False) -> str: ...


FIELD_KEYS = (
    "name", "type", "label", "help", "required", "default", "choices",
    "ordered", "min", "max", "when", "level", "gazetteer", "carry", "cues", "cue_ties",
    "precision_field", "precision_codes", "area_fields",
)  # fmt: skip
CHOICE_KEYS = ("value", "label", "help", "when", "cues")
_NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_DEFAULT_LEVEL: dict[str, Level] = {
    "choice": "nominal", "boolean": "nominal", "multi": "set", "integer": "interval",
    "number": "interval", "date": "interval", "text": "none", "longtext": "none", "quote": "none",
    "place": "nominal",
}  # fmt: skip
_LEVEL_TYPES: dict[str, tuple[str, ...]] = {
    "ordinal": ("choice", "integer", "number", "date"),
    "interval": ("integer", "number", "date"),
    "ratio": ("integer", "number"),
    "set": ("multi",),
    "nominal": tuple(t for t in FIELD_TYPES if t != "multi"),
}


def suggest(word: str, options: tuple[str, ...] | list[str]) -> str:
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _humanize(name: str) -> str:
    return name.replace("_", " ").strip().capitalize() or name


class FieldBuilder:
    def __init__(self, owner: Reporter, m: YMap, scope: Scope) -> None:
        self.o, self.m, self.scope = owner, m, scope
        self.name = m.get("name") if isinstance(m.get("name"), str) else None

    def add(self, key: str | None, message: str) -> None:
        line = self.m.key_lines.get(key, self.m.line) if key else self.m.line
        self.o.add(line, self.name, message)

    def build(self) -> Field | None:
        m = self.m
        self.o.keys(m, FIELD_KEYS, self.name, "field")
        if "name" not in m:
            self.add(None, "a field needs a 'name'")
        elif self.name is None or not _NAME_RE.match(self.name):
            self.add(
                "name",
                f"name {m['name']!r} must be an identifier: letters, digits and _, "
                "not starting with a digit (e.g. event_date)",
            )
        ftype = m.get("type")
        if ftype is None:
            self.add(None, f"needs a 'type': one of {', '.join(FIELD_TYPES)}")
        elif ftype not in FIELD_TYPES:
            self.add(
                "type",
                f"unknown type '{ftype}'{suggest(str(ftype), FIELD_TYPES)}; "
                f"types are: {', '.join(FIELD_TYPES)}",
            )
        label = self.o.text(m, "label", self.name) or _humanize(self.name or "")
        help_ = self.o.text(m, "help", self.name)
        required, ordered = self.flag("required"), self.flag("ordered")
        if self.name is None or not _NAME_RE.match(self.name) or ftype not in FIELD_TYPES:
            return None
        choices = self.choices(ftype)
        if ordered and ftype != "choice":
            self.add("ordered", "'ordered' applies only to choice fields")
        lo, hi = self.bound("min", ftype), self.bound("max", ftype)
        if lo is not None and hi is not None and _greater(lo, hi):
            self.add("max" if "max" in m else "min", f"min ({lo}) is greater than max ({hi})")
        level = self.level(ftype, ordered)
        f = Field(
            name=self.name,
            type=ftype,
            scope=self.scope,
            label=label,
            help=help_,
            required=required,
            choices=choices,
            ordered=ordered,
            min=lo,
            max=hi,
            level=level,
            line=m.line,
            gazetteer=self.gazetteer(ftype),
            gazetteer_line=self.m.key_lines.get("gazetteer") if ftype == "place" else None,
            cues=field_cues(m, ftype, self.report_line),
            cue_ties=cue_ties(m, ftype, self.report_line),
            area_fields=read_areas(self, ftype),
        )
        target, codes = read_precision(self, ftype)
        f = replace(f, default=self.default(f), carry=self.carry(f))
        if target is not None:
            f = replace(f, precision_field=target, precision_codes=codes)
        if "when" in m:
            self.o.pending_when[id(f)] = (m["when"], m.key_lines["when"])
        return f

    def report_line(self, line: int, message: str) -> None:
        self.o.add(line, self.name, message)

    def gazetteer(self, ftype: str) -> Path | None:
        """`place` fields: `gazetteer:` (default gazetteer.csv) beside the codebook file."""
        raw = self.m.get("gazetteer")
        if ftype != "place":
            if raw is not None:
                self.add("gazetteer", "'gazetteer' applies only to place fields")
            return None
        if raw is not None and (not isinstance(raw, str) or not raw.strip()):
            self.add("gazetteer", f"'gazetteer' must be a file name, not {raw!r}")
            raw = None
        base = self.o.path.parent if self.o.path is not None else Path.cwd()
        return (base / (raw or "gazetteer.csv")).resolve()

    def carry(self, f: Field) -> bool:
        carry = self.flag("carry")
        if carry and f.scope != "incident":
            self.add("carry", "'carry' applies only to incident fields (it fills a new incident)")
            return False
        if carry and f.type == "quote":
            self.add("carry", "a quote cannot be carried: each incident needs its own evidence")
            return False
        return carry

    def flag(self, key: str) -> bool:
        value = self.m.get(key, False)
        if not isinstance(value, bool):
            self.add(key, f"'{key}' must be true or false, not {value!r}")
            return False
        return value

    def choices(self, ftype: str) -> tuple[Choice, ...]:
        raw = self.m.get("choices")
        if ftype not in ("choice", "multi"):
            if raw is not None:
                self.add("choices", "'choices' apply only to choice and multi fields")
            return ()
        if not isinstance(raw, YList) or not raw:
            self.add(
                "choices" if raw is not None else None,
                f"a {ftype} field needs a non-empty 'choices' list",
            )
            return ()
        out: list[Choice] = []
        for item, line in zip(raw, raw.item_lines, strict=True):
            c = self.choice(item, line)
            if c is None:
                continue
            if any(str(c.value) == str(d.value) for d in out):
                self.o.add(line, self.name, f"choice value '{c.value}' is listed twice")
                self.o.pending_choice_when.pop(id(c), None)
                continue
            out.append(c)
        return tuple(out)

    def choice(self, item: Any, line: int) -> Choice | None:
        label, help_, when = None, "", None
        cues: tuple[str, ...] = ()
        if isinstance(item, YMap):
            if "value" not in item:
                key = next(iter(item), "value")
                hint = f" (write '- value: {key}' and put the label under 'label:')"
                self.o.add(
                    line,
                    self.name,
                    "a choice needs 'value:'" + ("" if key in CHOICE_KEYS else hint),
                )
                return None
            self.o.keys(item, CHOICE_KEYS, self.name, "choice")
            label = self.o.text(item, "label", self.name) or None
            help_ = self.o.text(item, "help", self.name)
            if "when" in item:
                when = (item["when"], item.key_lines["when"])
            cues = read_cues(item, self.report_line, numbers=False)
            item = item["value"]
        if isinstance(item, bool):
            self.o.add(
                line,
                self.name,
                f"choice value {str(item).lower()} is a boolean: quote it "
                f"('{str(item).lower()}') or use a boolean field",
            )
            return None
        if isinstance(item, float) and item != item:
            item = None
        if not isinstance(item, str | int | float) or (isinstance(item, str) and not item.strip()):
            self.o.add(line, self.name, f"choice value {item!r} must be text or a number")
            return None
        if isinstance(item, str) and (item != item.strip() or V.MULTI_SEPARATOR in item):
            self.o.add(
                line,
                self.name,
                f"choice value {item!r} must not contain ';' or start/end with spaces",
            )
            return None
        c = Choice(value=item, label=label or str(item), help=help_, cues=cues)
        if when is not None:  # resolved by the loader once every field of the level exists
            self.o.pending_choice_when[id(c)] = when
        return c

    def bound(self, key: str, ftype: str) -> int | float | str | None:
        if key not in self.m:
            return None
        value = self.m[key]
        if ftype not in ("integer", "number", "date"):
            self.add(key, f"'{key}' applies only to integer, number and date fields")
            return None
        probe = Field(name=self.name or "", type=ftype, scope=self.scope, label="")  # type: ignore[arg-type]
        if ftype == "date" and isinstance(value, int) and not isinstance(value, bool):
            value = self.m.raw.get(key, str(value))  # `min: 2019` is the year 2019
        if isinstance(value, date):
            value = value.isoformat()
        try:
            if ftype != "date" and isinstance(value, str):
                raise ValueError(
                    "must be a number" if ftype == "number" else "must be a whole number"
                )
            parsed = V.parse_value(probe, value)
        except ValueError as exc:
            self.add(
                key, f"'{key}' {exc}" if not str(exc).startswith("date") else f"'{key}': {exc}"
            )
            return None
        return parsed  # type: ignore[no-any-return]

    def level(self, ftype: str, ordered: bool) -> Level:
        default: Level = "ordinal" if ftype == "choice" and ordered else _DEFAULT_LEVEL[ftype]
        if "level" not in self.m:
            return default
        lvl = self.m["level"]
        if lvl not in LEVELS:
            self.add(
                "level",
                f"unknown level {lvl!r}{suggest(str(lvl), LEVELS)}; "
                f"levels are: {', '.join(LEVELS)}",
            )
            return default
        if lvl == "none":
            return "none"
        if ftype not in _LEVEL_TYPES[lvl]:
            fits = ", ".join(_LEVEL_TYPES[lvl])
            self.add("level", f"level '{lvl}' does not fit a {ftype} field (it needs: {fits})")
            return default
        if lvl == "ordinal" and ftype == "choice" and not ordered:
            self.add("level", "level 'ordinal' needs 'ordered: true' (choices listed low to high)")
            return default
        return lvl  # type: ignore[no-any-return]

    def default(self, f: Field) -> Any:
        if "default" not in self.m or self.m["default"] is None:
            return None
        raw = self.m["default"]
        if f.type == "quote":
            self.add("default", "a quote field cannot have a default (it must come from the text)")
            return None
        if f.type == "date" and isinstance(raw, int) and not isinstance(raw, bool):
            raw = self.m.raw.get("default", str(raw))
        if f.type in ("integer", "number") and isinstance(raw, str):
            self.add("default", f"default {raw!r} must be a number")
            return None
        try:
            value = V.parse_value(f, raw)
        except ValueError as exc:
            self.add("default", f"default {raw!r}: {exc}")
            return None
        message = V.check_value(f, value)
        if message is not None:
            self.add("default", f"default {raw!r}: {message}")
            return None
        return value


def _greater(lo: Any, hi: Any) -> bool:
    if isinstance(lo, str) and isinstance(hi, str):
        return V.date_interval(lo)[0] > V.date_interval(hi)[1]
    return bool(lo > hi)
