"""Load and validate a codebook YAML file into `coder.codebook.model.Codebook`.

A broken codebook must never reach a coder: a typo discovered after three weeks of coding costs a
project its data. So loading checks everything and reports *every* problem at once, each as
`file:line: field 'name': what is wrong`, and raises `CodebookError` instead of returning a
half-valid codebook. YAML is read by `coder.codebook.yaml_source` (safe, line-aware; `yes`/`no` stay
strings, ISO dates stay strings).

Level of measurement (used for agreement) by type, unless a field says `level:`:
choice -> nominal (ordinal with `ordered: true`), boolean -> nominal, multi -> set,
integer/number/date -> interval, text/longtext/quote -> none. An explicit level must make sense:
ordinal needs an ordered choice, integer, number or date; interval needs integer, number or date;
ratio needs integer or number (dates have no true zero); set is only for multi and multi allows only
set or none; nominal is allowed for any single-valued field (e.g. a short `text` place name);
none is always allowed (the field is left out of agreement).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from coder.codebook import values as V
from coder.codebook.fields import FieldBuilder, suggest
from coder.codebook.model import Blind, Codebook, Condition, Field, Scope
from coder.codebook.place_keys import check_area_fields, check_precision_fields
from coder.codebook.yaml_source import YamlProblem, YList, YMap, read_yaml_quickly
from coder.errors import CoderError

TOP_KEYS = ("title", "version", "instructions", "article", "incident", "suggestions")
BLIND_KEYS = ("hide_on_overlap", "hide_for")
CODER_NAME = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9_.-]*")
"""A coder's name as the store allows it (coder.store.coder_store.check_coder_name)."""
SECTION_KEYS = {
    "article": ("fields", "require_incidents_when", "incidents_only_when"),
    "incident": ("match", "fields"),
}
_NOT_MATCHABLE = ("longtext", "quote")
SCOPES: tuple[Scope, ...] = ("article", "incident")


@dataclass(frozen=True)
class Problem:
    path: Path | None
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = str(self.path) if self.path is not None else "codebook"
        if self.line is not None:
            where += f":{self.line}"
        subject = f" field '{self.field}':" if self.field else ""
        return f"{where}:{subject} {self.message}"


class CodebookError(CoderError):
    """The codebook cannot be used; `problems` lists everything wrong with it."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__(str(self))

    def __str__(self) -> str:
        n = len(self.problems)
        head = f"The codebook has {n} problem{'s' if n != 1 else ''}; fix and try again:"
        return "\n".join([head, *(str(p) for p in self.problems)])


def load_codebook(path: Path) -> Codebook:
    """Read a UTF-8 (BOM allowed) codebook file; raise CodebookError on any problem."""
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise CodebookError([Problem(path, None, None, "no such codebook file")]) from None
    except IsADirectoryError:
        msg = "is a folder, not a codebook file (give the path of codebook.yaml)"
        raise CodebookError([Problem(path, None, None, msg)]) from None
    except UnicodeDecodeError as exc:
        msg = f"is not UTF-8 text (byte {exc.start}); save it as UTF-8"
        raise CodebookError([Problem(path, None, None, msg)]) from None
    except OSError as exc:
        msg = f"cannot be read: {exc.strerror or exc}"
        raise CodebookError([Problem(path, None, None, msg)]) from None
    return parse_codebook(text, path)


def parse_codebook(text: str, path: Path | None = None) -> Codebook:
    """Parse and validate codebook YAML text; `path` is only used in messages and kept."""
    try:
        data = read_yaml_quickly(text)
    except YamlProblem as exc:
        raise CodebookError([Problem(path, exc.line, None, exc.message)]) from None
    builder = _Builder(path)
    codebook = builder.build(data)
    if builder.problems or codebook is None:
        raise CodebookError(sorted(builder.problems, key=lambda p: p.line or 0))
    return codebook


class _Builder:
    """Collects Problems while turning the YAML tree into a Codebook."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.problems: list[Problem] = []
        # Raw `when` specs, keyed by id() of the (still referenced) Field, wait here until every
        # field of their level exists.
        self.pending_when: dict[int, tuple[Any, int]] = {}
        self.pending_choice_when: dict[int, tuple[Any, int]] = {}
        self.entries = 0  # field entries seen, valid or not
        self.precision_lines: dict[str, int] = {}
        """Line of each place field's `precision_field:` (coder.codebook.place_keys)."""
        self.area_lines: dict[tuple[str, str], int] = {}
        """Line of each (place field, level) entry of `area_fields:` (the same)."""

    def add(self, line: int | None, field: str | None, message: str) -> None:
        self.problems.append(Problem(self.path, line, field, message))

    def keys(self, m: YMap, known: tuple[str, ...], field: str | None, what: str) -> None:
        for key, line in m.duplicates:
            self.add(line, field, f"'{key}' is given twice in this {what}")
        for key, line in m.bad_keys:
            self.add(line, field, f"{key!r} is not a valid key in this {what}")
        for key in m:
            if key not in known and not (what == "codebook" and key.startswith("x-")):
                allowed = ", ".join(known)
                hint = suggest(key, known)
                self.add(m.key_lines[key], field, f"unknown key '{key}'{hint}; allowed: {allowed}")

    def text(self, m: YMap, key: str, field: str | None, *, required: bool = False) -> str:
        value = m.get(key)
        if value is None:
            if required:
                self.add(m.key_lines.get(key, m.line), field, f"'{key}' is missing")
            return ""
        if isinstance(value, bool | int | float):
            return m.raw.get(key, str(value))
        if not isinstance(value, str):
            self.add(m.key_lines[key], field, f"'{key}' must be text")
            return ""
        return value

    def build(self, data: Any) -> Codebook | None:
        if data is None:
            self.add(None, None, "is empty: a codebook needs title, version and fields")
            return None
        if not isinstance(data, YMap):
            self.add(getattr(data, "line", 1), None, "must be a mapping with title, version, ...")
            return None
        self.keys(data, TOP_KEYS, None, "codebook")
        title = self.text(data, "title", None, required=True)
        version = self.text(data, "version", None, required=True)
        instructions = self.text(data, "instructions", None)
        sections: dict[Scope, list[Field]] = {"article": [], "incident": []}
        match_raw: Any = None
        require_raw: tuple[Any, int] | None = None
        only_raw: tuple[Any, int] | None = None
        for scope in SCOPES:
            sec = data.get(scope)
            if sec is None:
                continue
            if not isinstance(sec, YMap):
                self.add(data.key_lines[scope], None, f"'{scope}' must be a mapping with 'fields'")
                continue
            self.keys(sec, SECTION_KEYS[scope], None, f"'{scope}' section")
            sections[scope] = self.fields(sec, scope)
            if scope == "incident":
                match_raw = (sec.get("match"), sec.key_lines.get("match", sec.line))
            else:
                if "require_incidents_when" in sec:
                    require_raw = (
                        sec["require_incidents_when"],
                        sec.key_lines["require_incidents_when"],
                    )
                if "incidents_only_when" in sec:
                    only_raw = (sec["incidents_only_when"], sec.key_lines["incidents_only_when"])
        if self.entries == 0:
            self.add(
                data.line, None, "has no fields: add 'article: fields:' or 'incident: fields:'"
            )
        self.check_names(sections)
        for scope in SCOPES:
            sections[scope] = self.resolve_when(sections[scope])
            sections[scope] = check_precision_fields(self, sections[scope])
            other = sections["article" if scope == "incident" else "incident"]
            sections[scope] = check_area_fields(self, sections[scope], other)
        match = self.match(match_raw, sections["incident"])
        required_when = self.require_incidents(require_raw, sections)
        only_when = self.require_incidents(only_raw, sections, key="incidents_only_when")
        extra = {k: v for k, v in data.items() if k.startswith("x-")}
        return Codebook(
            title=title,
            version=version,
            instructions=instructions,
            article_fields=tuple(sections["article"]),
            incident_fields=tuple(sections["incident"]),
            match=match,
            incidents_required_when=required_when,
            incidents_only_when=only_when,
            path=self.path,
            extra=extra,
            suggestions=self.suggestions_flag(data),
            blind=self.blind(data),
        )

    def suggestions_flag(self, data: YMap) -> bool:
        """`suggestions: true|false` (default true): whether the form proposes values; a
        mapping (`blind`) means true."""
        value = data.get("suggestions", True)
        if isinstance(value, YMap):
            return True
        if not isinstance(value, bool):
            self.add(
                data.key_lines["suggestions"],
                None,
                "'suggestions' must be true, false or a mapping with hide_on_overlap, hide_for",
            )
            return True
        return value

    def blind(self, data: YMap) -> Blind:
        """`suggestions: {hide_on_overlap: true|false, hide_for: [coder, ...]}`."""
        value = data.get("suggestions")
        if not isinstance(value, YMap):
            return Blind()
        self.keys(value, BLIND_KEYS, None, "'suggestions' mapping")
        overlap = value.get("hide_on_overlap", False)
        if not isinstance(overlap, bool):
            line = value.key_lines["hide_on_overlap"]
            self.add(line, None, "'hide_on_overlap' must be true or false")
            overlap = False
        raw = value.get("hide_for", [])
        coders: list[str] = []
        if not isinstance(raw, YList) and raw != []:
            self.add(value.key_lines["hide_for"], None, "'hide_for' must be a list of coder names")
        else:
            for n, name in enumerate(raw):
                line = raw.item_lines[n] if isinstance(raw, YList) else value.line
                if not isinstance(name, str) or not CODER_NAME.fullmatch(name):
                    self.add(line, None, f"hide_for: {name!r} is not a coder name")
                elif name in coders:
                    self.add(line, None, f"hide_for: {name!r} is given twice")
                else:
                    coders.append(name)
        return Blind(
            overlap=overlap,
            coders=tuple(coders),
            overlap_line=value.key_lines.get("hide_on_overlap"),
            coders_line=value.key_lines.get("hide_for"),
        )

    def fields(self, sec: YMap, scope: Scope) -> list[Field]:
        items = sec.get("fields")
        if items is None:
            self.add(sec.line, None, f"'{scope}' has no 'fields' list")
            return []
        if not isinstance(items, YList):
            self.add(sec.key_lines["fields"], None, "'fields' must be a list of fields")
            return []
        out = []
        self.entries += len(items)
        for item, line in zip(items, items.item_lines, strict=True):
            if not isinstance(item, YMap):
                self.add(line, None, "a field must be a mapping with name, type, ...")
                continue
            f = FieldBuilder(self, item, scope).build()
            if f is not None:
                out.append(f)
        return out

    def check_names(self, sections: dict[Scope, list[Field]]) -> None:
        seen: dict[str, Field] = {}
        for f in (*sections["article"], *sections["incident"]):
            first = seen.get(f.name)
            if first is None:
                seen[f.name] = f
                continue
            where = "" if first.scope == f.scope else f" ({first.scope} level)"
            self.add(f.line, f.name, f"name already used by the field on line {first.line}{where}")

    def resolve_when(self, fields: list[Field]) -> list[Field]:
        by_name = {f.name: f for f in fields}
        out = []
        for f in fields:
            raw = self.pending_when.pop(id(f), None)
            if raw is not None:
                f = replace(f, when=self.condition(f, raw, by_name))
            out.append(f)
        out = [self.resolve_choice_when(f, by_name) for f in out]
        by_name = {f.name: f for f in out}
        for f in out:  # a cycle would hide both fields forever
            seen, cur = {f.name}, f
            while cur.when is not None and cur.when.field in by_name:
                cur = by_name[cur.when.field]
                if cur.name in seen:
                    self.add(f.line, f.name, "'when' conditions form a cycle")
                    break
                seen.add(cur.name)
        return out

    def resolve_choice_when(self, f: Field, by_name: dict[str, Field]) -> Field:
        """Turn each choice's raw `when:` into a Condition (a choice tied to another answer)."""
        if not any(id(c) in self.pending_choice_when for c in f.choices):
            return f
        choices = []
        for c in f.choices:
            raw = self.pending_choice_when.pop(id(c), None)
            if raw is not None:
                cond = self.condition(f, raw, by_name, what=f"choice '{c.value}': 'when'")
                ctl = by_name.get(cond.field)
                if ctl is not None and any(
                    d.when is not None and d.when.field == f.name for d in ctl.choices
                ):
                    self.add(
                        raw[1],
                        f.name,
                        f"choices of '{ctl.name}' and '{f.name}' are tied "
                        "to each other: tie one to the other only",
                    )
                c = replace(c, when=cond if cond.field else None)
            choices.append(c)
        return replace(f, choices=tuple(choices))

    def require_incidents(
        self,
        raw: tuple[Any, int] | None,
        sections: dict[Scope, list[Field]],
        key: str = "require_incidents_when",
    ) -> Condition | None:
        """`article: require_incidents_when: {relevant: reported}` (or `incidents_only_when:`,
        the same form)."""
        if raw is None:
            return None
        if not sections["incident"]:
            self.add(raw[1], None, f"'{key}' needs incident fields")
            return None
        probe = Field(name=key, type="text", scope="article", label="")
        by_name = {f.name: f for f in sections["article"]}
        cond = self.condition(probe, raw, by_name, what=f"'{key}'")
        return cond if cond.field else None

    def condition(
        self,
        f: Field,
        raw: tuple[Any, int],
        by_name: dict[str, Field],
        what: str = "'when'",
    ) -> Condition:
        spec, line = raw
        bad = Condition("", ())
        if not isinstance(spec, YMap) or len(spec) != 1:
            self.add(line, f.name, f"{what} must be one 'field: value' or 'field: [values]'")
            return bad
        ((ctl_name, wanted),) = spec.items()
        ctl = by_name.get(ctl_name)
        if ctl is None or ctl_name == f.name:
            why = (
                "is this field itself"
                if ctl_name == f.name
                else f"is not a field at the {f.scope} level"
            )
            self.add(
                line,
                f.name,
                f"{what} names '{ctl_name}', which {why}" + suggest(ctl_name, list(by_name)),
            )
            return bad
        if ctl.type not in ("choice", "multi", "boolean"):
            self.add(
                line,
                f.name,
                f"{what} can depend only on a choice, multi or boolean field; "
                f"'{ctl_name}' is {ctl.type}",
            )
            return bad
        items = list(wanted) if isinstance(wanted, list) else [wanted]
        if not items:
            self.add(line, f.name, f"{what} lists no values")
        resolved = []
        for item in items:
            try:
                if ctl.type == "multi":
                    c = V.find_choice(ctl, item)
                    if c is None:
                        raise ValueError(
                            f"'{item}' is not one of: "
                            + ", ".join(str(c.value) for c in ctl.choices)
                        )
                    resolved.append(c.value)
                else:
                    resolved.append(V.parse_value(ctl, item))
            except ValueError as exc:
                self.add(line, f.name, f"{what} value for '{ctl_name}': {exc}")
        return Condition(ctl_name, tuple(resolved))

    def match(self, raw: tuple[Any, int] | None, fields: list[Field]) -> tuple[str, ...]:
        if raw is None or raw[0] is None:
            return ()
        spec, line = raw
        names = list(spec) if isinstance(spec, list) else [spec]
        by_name = {f.name: f for f in fields}
        out: list[str] = []
        for name in names:
            if not isinstance(name, str) or name not in by_name:
                self.add(
                    line,
                    str(name),
                    "'match' names a field that is not an incident field"
                    + suggest(str(name), list(by_name)),
                )
            elif by_name[name].type in _NOT_MATCHABLE:
                self.add(line, name, f"'match' cannot use a {by_name[name].type} field")
            elif name in out:
                self.add(line, name, "is listed twice in 'match'")
            else:
                out.append(name)
        return tuple(out)
