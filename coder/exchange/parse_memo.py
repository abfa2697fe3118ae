"""Import's cell parsing, remembered per field and raw value for one import.

A 50k-incident import parses about a million cells, and they are the same few choices, counts,
dates and places again and again: `parse_value` (with `find_choice`'s case-folding scans and the
gazetteer's name resolution) was most of reading the file. A `ParseMemo` lives for one import,
inside one look at the gazetteer's files (`coder.places.one_look`), so a place name resolves the
same way for every row, as it would have without the memo.
"""

from __future__ import annotations

from typing import Any

from coder.codebook.model import Field
from coder.codebook.values import parse_value

_REMEMBERED = frozenset({"choice", "multi", "integer", "number", "date", "boolean", "place"})
"""Text is not remembered: free text rarely repeats, and its parse is a strip."""
_LIMIT = 200_000


class ParseMemo:
    """`parse(field, raw)` is `parse_value(field, raw)`; refusals (ValueError) are not kept."""

    def __init__(self) -> None:
        self._parsed: dict[Any, Any] = {}

    def parse(self, field: Field, raw: Any) -> Any:
        if field.type not in _REMEMBERED:
            return parse_value(field, raw)
        cls = raw.__class__
        # The type is part of the key: True, 1 and 1.0 are equal and hash alike, but parse apart.
        key = (field.name, field.type, cls, tuple(raw) if cls is list else raw)
        try:
            hit = self._parsed.get(key, _MISS)
        except TypeError:  # unhashable (a dict where a value belongs): parse it every time
            return parse_value(field, raw)
        if hit is _MISS:
            if len(self._parsed) >= _LIMIT:
                self._parsed.clear()
            hit = self._parsed[key] = parse_value(field, raw)
        return list(hit) if hit.__class__ is list else hit  # a list of choices is never shared


_MISS = object()
