"""Import's cell parsing, remembered per field and raw value for one import.

A 50k-incident import parses about a million cells, and they are the same few choices, counts,
dates and places again and again: `parse_value` (with `find_choice`'s case-folding scans and the
gazetteer's name resolution) was most of reading the file. A `ParseMemo` lives for one import,
inside one look at the gazetteer's files (`coder.places.one_look`), so a place name resolves the
same way for every row, as it would have without the memo.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from coder.codebook.model import Field
from coder.codebook.values import is_empty, parse_value

_LIMIT = 200_000
"""Cells remembered in all; then they are forgotten and remembered afresh (free text that does
not repeat does not grow the memo without bound)."""

Prepare = Callable[[Any], Any]
MISS: Any = object()
"""What `texts(field).get(cell, MISS)` gives for a cell not parsed yet."""


class ParseMemo:
    """`parse(field, raw)` is `parse_value(field, prepare(raw))`, `prepare` being the one given
    for the field's type (none: `raw` as it is), except that an empty value is always None;
    refusals (ValueError) are not kept.

    Remembered per field object (an article and an incident field may share a name): a cell of
    type str or int under itself (`texts` hands that table out, for a reader that looks it up
    first), any other value under its type as well, since True, 1 and 1.0 are equal and hash
    alike but parse apart (so do [1, True] and [1, 1])."""

    def __init__(self, prepare: Mapping[str, Prepare] | None = None) -> None:
        self._prepare = dict(prepare or {})
        self._tables: dict[int, tuple[Field, dict[Any, Any]]] = {}
        self._size = 0

    def texts(self, field: Field) -> dict[Any, Any]:
        """{cell: its parse} for `field`, where a cell of type str or int is its own key, a
        non-empty list of texts is under the tuple of its texts and a boolean under (bool, it),
        so a reader may look those up first (no other key equals such a tuple: only a text
        equals a text, and the other tuple keys start with a type); a value found there that
        is a list must be copied before it is handed on: it is shared."""
        entry = self._tables.get(id(field))
        if entry is None or entry[0] is not field:
            entry = self._tables[id(field)] = (field, {})
        return entry[1]

    def parse(self, field: Field, raw: Any) -> Any:
        table = self.texts(field)
        cls = raw.__class__
        if cls is str or cls is int:  # a text never equals a number; no bool is an int here
            key: Any = raw
        elif cls is list:
            items = tuple(raw)
            if items and all(item.__class__ is str for item in items):
                key = items  # see `texts`
            else:
                key = (cls, items, tuple(map(type, items)))
        else:
            key = (cls, raw)
        try:
            hit = table.get(key, MISS)
        except TypeError:  # unhashable (a dict where a value belongs): parse it every time
            return self._parse(field, raw)
        if hit is MISS:
            if self._size >= _LIMIT:
                for _, kept in self._tables.values():
                    kept.clear()
                self._size = 0
            hit = table[key] = self._parse(field, raw)
            self._size += 1
        return list(hit) if hit.__class__ is list else hit  # a list of choices is never shared

    def _parse(self, field: Field, raw: Any) -> Any:
        prepare = self._prepare.get(field.type)
        value = parse_value(field, raw if prepare is None else prepare(raw))
        return None if value is None or is_empty(value) else value
