"""The codebook's data model: what a project asks its coders to record.

These frozen dataclasses are the contract between every part of `coder`: the loader in
`coder.codebook` builds them from YAML, `values` validates values against them, the store
checks records with them, the TUI builds its form from them and `coder.compare` picks the level of
measurement from them. Nothing here knows about files, YAML or Textual.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

FieldType = Literal[
    "text", "longtext", "choice", "multi", "integer", "number", "date", "boolean", "quote", "place"
]
MANY_FIELDS = 500
"""More fields than a coding form should hold: the coding screen builds a widget per field, so
it opens slowly (seconds at a few thousand, minutes at 10,000); `coder check` and `coder code`
say so."""

FIELD_TYPES: tuple[FieldType, ...] = (
    "text",
    "longtext",
    "choice",
    "multi",
    "integer",
    "number",
    "date",
    "boolean",
    "quote",
    "place",
)

Level = Literal["nominal", "ordinal", "interval", "ratio", "set", "none"]
"""Level of measurement used for agreement. `set` is the MASI distance for `multi` fields."""
LEVELS: tuple[Level, ...] = ("nominal", "ordinal", "interval", "ratio", "set", "none")

Scope = Literal["article", "incident"]

ChoiceValue = str | int | float
"""A choice keeps the type its codebook gave it: GTD attack types are integers 1-9."""


@dataclass(frozen=True)
class Choice:
    value: ChoiceValue
    label: str
    help: str = ""
    when: Condition | None = None
    """A choice tied to a choice of another field (`when: {event_type: battles}` on an ACLED
    sub-event type): it fits only while that field holds one of the listed values. See
    `coder.codebook.rules`."""
    cues: tuple[str, ...] = ()
    """Words in an article that propose this choice (`coder.codebook.cues`, `coder.suggest`)."""


@dataclass(frozen=True)
class Condition:
    """A `when:` clause: the field applies only while `field` holds one of `values`.

    For a `multi` controlling field the condition holds when any selected value is listed; for a
    boolean controlling field `values` holds booleans.
    """

    field: str
    values: tuple[Any, ...]

    def holds(self, values: Mapping[str, Any]) -> bool:
        current = values.get(self.field)
        if current is None:
            return False
        if isinstance(current, list | tuple | set | frozenset):
            return any(_same(v, w) for v in current for w in self.values)
        return any(_same(current, w) for w in self.values)


_BOOLEAN = object()


def _choice_key(value: Any) -> Any:
    """A dict key under which equal values meet and a boolean never meets a number (True == 1
    and hash(True) == hash(1), so booleans get a key of their own, tagged with a private object
    no outside value can hold)."""
    return (_BOOLEAN, value) if isinstance(value, bool) else value


def _same(a: Any, b: Any) -> bool:
    """Equality that never confuses True with 1, so `when: {flag: 1}` is not met by a boolean."""
    if isinstance(a, bool) != isinstance(b, bool):
        return False
    return bool(a == b)


@dataclass(frozen=True)
class Field:
    name: str
    type: FieldType
    scope: Scope
    label: str
    help: str = ""
    required: bool = False
    default: Any = None
    choices: tuple[Choice, ...] = ()
    ordered: bool = False
    min: int | float | str | None = None
    max: int | float | str | None = None
    when: Condition | None = None
    level: Level = "nominal"
    """Resolved level of measurement (explicit `level:` or the type's default)."""
    line: int = 0
    """Line of the field's entry in the codebook file, for error messages."""
    gazetteer: Path | None = None
    """`place` fields: the project gazetteer (the value is one of its ids; see coder.places)."""
    gazetteer_line: int | None = None
    """Line of the field's `gazetteer:` key (None: the default gazetteer.csv), for messages."""
    carry: bool = False
    """`carry: true`: a new incident of the same article starts with the previous incident's
    value (province, district, source...), as INCEpTION's "remember"; the coder changes it."""
    cues: tuple[str, ...] = ()
    """Number fields: the words that say what a nearby number counts (`killed`, `injuring`)."""
    cue_ties: Literal["none", "first"] = "none"
    """When cues of several choices of a single-choice field match: `none` suggests nothing,
    `first` suggests the one listed first (a hierarchy such as GTD's attack types)."""
    precision_field: str | None = None
    """`place` fields: the field of the same level that choosing a place fills with the place's
    precision code (`precision_field: geo_precision`); see coder.codebook.place_keys."""
    precision_codes: tuple[tuple[str, int], ...] = ()
    """(gazetteer kind, code) for `precision_field`: the defaults (town, village, site 1;
    admin2 2; admin1 3) with the codebook's `precision_codes:` over them."""
    area_fields: tuple[tuple[str, str], ...] = ()
    """`place` fields: (gazetteer level, field of the same level holding it), admin1 before
    admin2 (`area_fields: {admin1: province, admin2: district}`): the candidates list the places
    inside the answered province and district first; see coder.codebook.place_keys."""

    def precision_code(self, kind: str) -> int | None:
        """The code `precision_field` takes for a place of `kind` (None: no precision field)."""
        return self._precision_index.get(kind) if self.precision_field else None

    @functools.cached_property
    def _precision_index(self) -> dict[str, int]:
        """`precision_codes` as a dict (the later of two entries for a kind wins), built once:
        `coder check` asks for every incident's place (see `_choice_index`)."""
        return dict(self.precision_codes)

    @property
    def has_choices(self) -> bool:
        return self.type in ("choice", "multi")

    def choice(self, value: Any) -> Choice | None:
        """The Choice whose value equals `value` (booleans never match numeric codes).

        A dict lookup: validation asks this for every choice value of every record, and a scan
        of a 40-choice list made it most of what importing or checking 50k incidents cost."""
        try:
            return self._choice_index.get(_choice_key(value))
        except TypeError:  # an unhashable value (a list where one choice belongs) matches nothing
            return None

    @functools.cached_property
    def _choice_index(self) -> dict[Any, Choice]:
        """Choices by `_choice_key` of their value; the first of equal values wins, as a scan
        would. Built on first use (cached_property writes the instance dict, so a frozen
        dataclass can hold it; it is not a field, so equality and repr ignore it)."""
        index: dict[Any, Choice] = {}
        for c in self.choices:
            index.setdefault(_choice_key(c.value), c)
        return index

    def label_for(self, value: Any) -> str:
        c = self.choice(value)
        return c.label if c else str(value)

    def applies(self, values: Mapping[str, Any]) -> bool:
        """Whether this field is shown/validated given the other values at its level."""
        return self.when is None or self.when.holds(values)


@dataclass(frozen=True)
class Blind:
    """`suggestions: {hide_on_overlap: true, hide_for: [bob]}`: where the form proposes nothing
    although suggestions are on (`coder.suggest.blind`). Lines point errors at the codebook."""

    overlap: bool = False
    """Hidden on the reliability subsample: the overlap articles of assignments.yaml."""
    coders: tuple[str, ...] = ()
    """Hidden for these coders on every article."""
    overlap_line: int | None = None
    coders_line: int | None = None


@dataclass(frozen=True)
class Codebook:
    title: str
    version: str
    instructions: str
    article_fields: tuple[Field, ...]
    incident_fields: tuple[Field, ...]
    match: tuple[str, ...] = ()
    """Incident fields that identify an incident across coders (used for alignment)."""
    incidents_required_when: Condition | None = None
    """`article: require_incidents_when: {relevant: reported}`: an article whose answer says it
    reports incidents cannot be done (or "no incident") without at least one incident."""
    incidents_only_when: Condition | None = None
    """`article: incidents_only_when: {relevant: reported}`: the mirror rule, an article with
    incidents cannot be done while that field is answered otherwise ("No codable incident")."""
    path: Path | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)
    suggestions: bool = True
    """`suggestions: false` at the top of the codebook: the form proposes no values (a blind
    reliability subsample); `coder suggest` still works for the lead."""
    blind: Blind = field(default_factory=Blind)
    """`suggestions:` as a mapping: the articles and coders that see none (`Blind`)."""

    def fields(self, scope: Scope) -> tuple[Field, ...]:
        return self.article_fields if scope == "article" else self.incident_fields

    def field(self, scope: Scope, name: str) -> Field | None:
        for f in self.fields(scope):
            if f.name == name:
                return f
        return None

    def all_fields(self) -> Sequence[Field]:
        return (*self.article_fields, *self.incident_fields)
