"""What import's CSV and JSONL readers share: the collector of one import's problems and of
the tables reading a row needs (worked out once per import), the record being built, and the
parse of one row's cells into values (`parse_into`, the long way that reports every cell)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coder.codebook.model import Codebook, Field
from coder.exchange.layouts import MAX_LAYOUTS, LayoutParse, compile_layout
from coder.exchange.parse_memo import MISS, ParseMemo
from coder.exchange.place_columns import derived_columns
from coder.places.typed import typed_name
from coder.store.coder_store import ArticleRecord

IGNORED_JSON_KEYS = ("created", "updated", "codebook_version", "article_hash", "scratch")
GOLD_COLUMNS = (
    "gold_source",
    "gold_decided",
    "gold_unsettled",
    "gold_flag",
    "gold_incident_source",
    "gold_incident_decided",
    "gold_incident_unsettled",
    "gold_incident_flag",
)
GOLD_JSON_KEY = "gold"
"""Provenance a gold export adds (coder.gold.export): read past, so a gold set imports as is."""


@dataclass
class Pending:
    """A record being built, with the file lines it came from (for messages)."""

    record: ArticleRecord
    line: int
    incident_lines: list[int] = field(default_factory=list)
    incident_numbers: list[int | None] = field(default_factory=list)
    raw_status: str = ""


_Cell = tuple[Field, dict[Any, Any], bool]
"""A field, its table of parsed text cells (`ParseMemo.texts`) and whether it is a place field
(asked once per import, not of each of a million cells)."""


class Collector:
    """One import's problems, and what reading each row needs, worked out once per import."""

    def __init__(self, path: Path, codebook: Codebook) -> None:
        self.path = path
        self._problems: list[tuple[int, str]] = []
        self.coders: set[str] = set()
        self.unreadable: set[tuple[int, str]] = set()
        """(line, field as shown) of cells that did not parse: the validation that follows
        would only add "is required" for the value that was just refused."""
        self.memo = ParseMemo({"date": _spreadsheet_date})
        self.article_fields = self._level(codebook.article_fields)
        self.incident_fields = self._level(codebook.incident_fields)
        self.article_places = tuple(f for f in codebook.article_fields if f.type == "place")
        self.incident_places = tuple(f for f in codebook.incident_fields if f.type == "place")
        """The place fields (`as_coded_from` looks at no other) of each level."""
        names = {f.name for f in codebook.all_fields()}
        self.derived = frozenset(c for c in derived_columns(codebook) if c not in names)
        """The keys export derives from a place id (place_columns) that import reads past."""
        self.not_incident_values = (
            self.derived | {"id"} | ({"as_coded", "suggested"} - set(self.incident_fields))
        )
        """The keys of a JSONL incident that are not its values (its id, the store's own
        `as_coded` and `suggested`, the derived place keys)."""
        self.incident_cells = {
            k: c for k, c in self.incident_fields.items() if k not in self.not_incident_values
        }
        """`incident_fields` less those keys: a JSONL incident's cells are looked up here and
        its other keys passed over (a copy of each of 50k incidents without them cost more)."""
        self._layouts: dict[tuple[str, ...], LayoutParse | None] = {}

    def incident_layout(self, keys: tuple[str, ...]) -> LayoutParse | None:
        """The function that parses an incident with these keys (coder.exchange.layouts), if
        they are known ones and there are not too many layouts already."""
        try:
            return self._layouts[keys]
        except KeyError:
            pass
        if len(self._layouts) >= MAX_LAYOUTS:
            return None
        self._layouts[keys] = parse = compile_layout(
            keys, self.incident_cells, self.not_incident_values, self.memo.parse
        )
        return parse

    def _level(self, fields: Sequence[Field]) -> dict[str, _Cell]:
        return {f.name: (f, self.memo.texts(f), f.type == "place") for f in fields}

    def add(self, line: int | None, where: str, message: str) -> None:
        loc = f"{self.path}:{line}" if line else str(self.path)
        text = f"{loc}: {where}: {message}" if where else f"{loc}: {message}"
        self._problems.append((line or 0, text))

    @property
    def problems(self) -> list[str]:
        """In file order (a stable sort keeps the order of one line's problems)."""
        return [text for _, text in sorted(self._problems, key=lambda p: p[0])]


_LOOSE_DATE = re.compile(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?")
_SLASH_DATE = re.compile(r"\d{1,4}[/.]\d{1,2}[/.]\d{1,4}")


def _spreadsheet_date(raw: Any) -> Any:
    """Spreadsheets drop leading zeros ("2020-9-7"); year first, so it is still unambiguous."""
    if isinstance(raw, str):
        m = _LOOSE_DATE.fullmatch(raw.strip())
        if m:
            return "-".join(f"{int(g):02d}" if i else g for i, g in enumerate(m.groups()) if g)
    return raw


def suggest(name: str, options: Sequence[str]) -> str:
    close = difflib.get_close_matches(name, list(options), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def status_of(raw: Any, has_incidents: bool) -> str:
    text = "" if raw is None else str(raw).strip().lower().replace(" ", "_").replace("-", "_")
    if not text:
        return "done" if has_incidents else "no_incident"
    return text


def parse_into(
    by_name: Mapping[str, _Cell],
    raw: Mapping[str, Any],
    out: dict[str, Any],
    col: Collector,
    line: int,
    prefix: str = "",
    names: dict[str, str] | None = None,
    skip: frozenset[str] = frozenset(),
    level: Mapping[str, _Cell] | None = None,
) -> None:
    """Parse `raw` into `out` (`by_name`: the fields of its level by name, `Collector`'s); a
    place given by name (not id) puts that name in `names` (the name it was coded by) unless
    `names` has one (a `_name_as_coded` cell). Dates pass `_spreadsheet_date` first (the
    memo's `prepare`). A key in `skip` is passed over, and must then not be in `by_name`
    (`level`: all the level's fields, for the "did you mean" of an unknown key)."""
    memo = col.memo
    for key, value in raw.items():
        cell = by_name.get(key)
        if cell is None:
            if key in skip:
                continue
            known = list(by_name if level is None else level)
            col.add(line, prefix + key, "is not a field of this codebook" + suggest(key, known))
            continue
        f, table, place = cell
        try:
            cls = value.__class__
            if cls is str or cls is int:  # most cells: one lookup (ParseMemo.texts)
                parsed = table.get(value, MISS)
            elif cls is list:  # a hit is a list of texts parsed before
                try:
                    parsed = table.get(tuple(value), MISS)
                except TypeError:  # an unhashable item: parse it the long way
                    parsed = MISS
            elif cls is bool:
                parsed = table.get((bool, value), MISS)
            else:
                parsed = MISS
            if parsed is MISS:
                parsed = memo.parse(f, value)
            elif parsed.__class__ is list:
                parsed = list(parsed)
        except ValueError as e:
            shown = _spreadsheet_date(value) if f.type == "date" else value
            col.unreadable.add((line, prefix + key))
            col.add(line, prefix + key, _refused(shown, str(e)))
            continue
        if parsed is not None:
            out[key] = parsed
            if place and names is not None and isinstance(value, str):
                text = value.strip()
                if text != parsed and key not in names:
                    names[key] = typed_name(text) or text  # `?Daquq`, placed: "Daquq"


def _refused(raw: Any, message: str) -> str:
    """The message for a cell that did not parse, quoting the cell if the message does not."""
    shown = str(raw).strip()
    if isinstance(raw, str) and _SLASH_DATE.fullmatch(shown):
        message += (
            " (day and month order is ambiguous: write 2020-09-07; in a spreadsheet, "
            "format the column as text before typing dates)"
        )
    if shown and shown not in message:
        shown = shown if len(shown) <= 40 else shown[:39] + "…"
        return f"{shown!r}: {message}"
    return message
