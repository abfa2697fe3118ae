"""Codebook drift in what compare reads: records of an older codebook, choices since removed.

A codebook changes while coding goes on. Compare used to count whatever was stored: a choice the
codebook no longer has (`source_type: social_media`) went into alpha as a category of its own,
and records coded under an older codebook version were mixed in silently. Now:

- a choice (or multi) value that is not a choice of the current codebook is excluded, i.e. counted
  as missing for that coder, and listed (coder, article, field, value) so the lead can map it in
  the coder's database or with `coder import`; `coder check` lists the same records;
- records coded under another codebook version are counted per coder and version and reported
  (their values are still used when valid: a new version usually only adds or rewords).

The report carries the warnings (`ComparisonReport.drift`) and the excluded values
(`drift_values`); the table, the Markdown and the JSON show them and stderr repeats them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain, repeat
from operator import attrgetter
from typing import Any

from coder.codebook.model import Codebook, Field
from coder.codebook.values import is_empty
from coder.compare.results import DriftValue, RecordLike


@dataclass(frozen=True)
class _Incident:
    id: str
    values: Mapping[str, Any]
    suggested: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Record:
    """A record with its invalid choice values left out (the stored record is never changed)."""

    article: str
    status: str
    values: Mapping[str, Any]
    incidents: Sequence[_Incident]
    codebook_version: str


def _key(value: Any) -> Any:
    return ("bool", value) if isinstance(value, bool) else value


_PLAIN = frozenset({str, int, float})
"""Value types `_Checker.all_valid` decides by set membership."""


class _Checker:
    def __init__(self, fields: Sequence[Field]) -> None:
        self.fields = [
            (f.name, f.type == "multi", {_key(c.value) for c in f.choices})
            for f in fields
            if f.has_choices
        ]
        self.names = [name for name, _, _ in self.fields]

    def bad(self, values: Mapping[str, Any]) -> list[str]:
        out = []
        for name, multi, valid in self.fields:
            v = values.get(name)
            # Fast path for what stored records hold: a text choice (a list of them for multi)
            # that is a valid choice. For a str, _key(v) is v, so this decides as below would.
            if v is None or (
                (v.__class__ is str and v in valid)
                if not multi
                else (v.__class__ is list and all(x.__class__ is str and x in valid for x in v))
            ):
                continue
            if is_empty(v):
                continue
            items = v if multi and isinstance(v, list | tuple) else [v]
            try:
                if (multi and not isinstance(v, list | tuple)) or any(
                    _key(x) not in valid for x in items
                ):
                    out.append(name)
            except TypeError:  # an unhashable value where a choice belongs
                out.append(name)
        return out

    def all_valid(self, value_dicts: Iterable[Mapping[str, Any]]) -> bool:
        """True when `bad` would find nothing in any of `value_dicts` (False: maybe something).

        Field by field over every distinct value instead of dict by dict: the values are the
        few shared texts of `Project.load_records`, so 150k incidents x ~10 choice fields cost
        one C-level `map` per dict (no Python frame per dict) and a set per column. Only columns
        of text and numbers (lists of them for multi) and None are decided here: equal values
        of these types (1 and 1.0) are one set member and `bad` answers the same for both, as it
        looks them up in `valid` as they are. A boolean (True == 1 but `_key` keeps it apart) or
        any other type, or a value that is not a choice (an empty text included), answers False
        and the caller runs `bad` per dict as before."""
        if not self.fields:
            return True
        getters = map(attrgetter("get"), value_dicts)
        rows = list(map(tuple, map(map, getters, repeat(self.names))))
        if not rows:
            return True
        for (_, multi, valid), column in zip(self.fields, zip(*rows, strict=True), strict=True):
            if multi:
                kinds = set(map(type, column))
                kinds.discard(type(None))
                if not kinds <= {list}:
                    return False
                items = _plain_values(list(chain.from_iterable(filter(None, column))), none=False)
            else:
                items = _plain_values(column, none=True)
            if items is None or not items <= valid:
                return False
        return True


def _plain_values(values: Sequence[Any], *, none: bool) -> set[Any] | None:
    """The distinct values (less None if `none`: a missing value) when all are texts or
    numbers, else None (None inside a multi value is no choice).

    The set is made first and the types looked at among its members; only when a member is not
    a text are the types of all values looked at: a value is hidden behind an equal member of
    the set only if it is equal to it, and a text equals only texts (and str subclasses, which
    `bad` looks up as the text they equal), while a boolean equals a number (True == 1)."""
    try:
        items = set(values)
    except TypeError:  # an unhashable value where a choice belongs
        return None
    if none:
        items.discard(None)
    if all(x.__class__ is str for x in items):
        return items
    kinds = set(map(type, values))
    if none:
        kinds.discard(type(None))
    return items if kinds <= _PLAIN else None


def excluded_choices(fields: Sequence[Field], values: Mapping[str, Any]) -> dict[str, Any]:
    """The values of `values` that compare excludes: field -> stored value for every choice or
    multi field whose value is not a choice of `fields` (the adjudication shows them as excluded
    and refuses to take them into gold)."""
    return {name: values.get(name) for name in _Checker(fields).bad(values)}


def clean_records(
    codebook: Codebook, records_by_coder: Mapping[str, Sequence[RecordLike]]
) -> tuple[dict[str, Sequence[RecordLike]], list[DriftValue], dict[str, Counter[str]]]:
    """The records with invalid choice values removed, what was removed, and per coder the
    number of records per other codebook version."""
    art, inc = _Checker(codebook.article_fields), _Checker(codebook.incident_fields)
    dropped: list[DriftValue] = []
    versions: dict[str, Counter[str]] = {}
    out: dict[str, Sequence[RecordLike]] = {}
    current = str(codebook.version)
    for coder, records in records_by_coder.items():
        # Counted per distinct version first: one C-level pass instead of a str() per record.
        counted = Counter(map(getattr, records, repeat("codebook_version"), repeat(None)))
        for version, n in counted.items():
            if version is not None and str(version) != current:
                versions.setdefault(coder, Counter())[str(version)] += n
        if art.all_valid(r.values for r in records) and inc.all_valid(
            i.values for r in records for i in r.incidents
        ):  # the common case: nothing to exclude
            out[coder] = list(records)
            continue
        kept: list[RecordLike] = []
        for r in records:
            version = getattr(r, "codebook_version", None)
            bad_art = art.bad(r.values)
            bad_inc = [inc.bad(i.values) for i in r.incidents]
            if not bad_art and not any(bad_inc):
                kept.append(r)
                continue
            for name in bad_art:
                dropped.append(DriftValue(coder, r.article, "article", None, name,
                                          r.values.get(name)))  # fmt: skip
            for n, (i, names) in enumerate(zip(r.incidents, bad_inc, strict=True), 1):
                for name in names:
                    dropped.append(DriftValue(coder, r.article, "incident", n, name,
                                              i.values.get(name)))  # fmt: skip
            kept.append(
                _Record(
                    article=r.article,
                    status=r.status,
                    values={k: v for k, v in r.values.items() if k not in bad_art},
                    incidents=[
                        _Incident(
                            i.id,
                            {k: v for k, v in i.values.items() if k not in names},
                            tuple(getattr(i, "suggested", ())),
                        )
                        for i, names in zip(r.incidents, bad_inc, strict=True)
                    ],
                    codebook_version=str(version or ""),
                )
            )
        out[coder] = kept
    return out, dropped, versions


def drift_warnings(
    codebook: Codebook, dropped: Sequence[DriftValue], versions: Mapping[str, Counter[str]]
) -> list[str]:
    """Sentences for the lead: one per coder with old-version records, one for the exclusions."""
    out = []
    for coder in sorted(versions):
        olds = ", ".join(f"{n} under version {v}" for v, n in sorted(versions[coder].items()))
        out.append(
            f"{coder}: records coded under another codebook version ({olds}; current "
            f"{codebook.version}); their valid values are compared, run `coder check` to see them"
        )
    if dropped:
        fields = Counter(f"{d.field}: {d.value!r}" for d in dropped)
        shown = ", ".join(f"{k} ({n}x)" for k, n in fields.most_common(5))
        more = f" and {len(fields) - 5} more" if len(fields) > 5 else ""
        out.append(
            f"{len(dropped)} value(s) are not choices of the current codebook and were excluded "
            f"(counted as missing): {shown}{more}; map them in the coder's database (`coder "
            "check` lists the records)"
        )
    return out
