"""The canonical order of one coder's incidents in an article (alignment's rule 1).

Incidents are put in content order (the sorted reprs of their value items, then the id) so the
units never depend on the order a coder saved incidents in. `ContentOrder` compares as that key
does without building it.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from coder.compare.similarity import IncidentLike


def canonical(incidents: Sequence[IncidentLike]) -> list[IncidentLike]:
    """Content order, so that the order a coder saved incidents in never changes the units:
    by `content_key`, which `ContentOrder` compares without building it."""
    if len(incidents) < 2:
        return list(incidents)
    return sorted(incidents, key=ContentOrder)


def content_key(incident: IncidentLike) -> tuple[list[str], str]:
    """The canonical order's key: the reprs of the value items, sorted, then the id."""
    return sorted(map(repr, incident.values.items())), incident.id


_SAME_REPR = frozenset({str, int, bool, type(None)})
"""Types whose equal values (of the same type) have equal reprs (not float: 0.0 == -0.0)."""


@lru_cache(maxsize=256)
def _key_order(keys: tuple[Any, ...]) -> tuple[str, ...] | None:
    """The keys in the order of their items' reprs, or None when a key is not text.

    For two different text keys, repr((k1, v1)) and repr((k2, v2)) differ first inside the
    keys' reprs (a string's repr is never a proper prefix of another's: its closing quote would
    be unescaped inside the other), so sorting the items' reprs sorts them by repr(key)."""
    if not all(k.__class__ is str for k in keys):
        return None
    return tuple(sorted(keys, key=repr))


class ContentOrder:
    """Sort key that compares exactly as `content_key` does, making reprs only as far as the
    first difference: incidents usually differ in their first field, so most of the 20-odd
    reprs per incident were never needed (1.5 s of 5 coders x 10k articles)."""

    __slots__ = ("incident", "keys")

    def __init__(self, incident: IncidentLike) -> None:
        self.incident = incident
        self.keys = _key_order(tuple(incident.values))

    def __lt__(self, other: ContentOrder) -> bool:
        a, b = self.incident, other.incident
        keys_a, keys_b = self.keys, other.keys
        if keys_a is None or keys_b is None:
            return content_key(a) < content_key(b)
        values_a, values_b = a.values, b.values
        for ka, kb in zip(keys_a, keys_b, strict=False):
            va, vb = values_a[ka], values_b[kb]
            kind = va.__class__
            if ka == kb and kind is vb.__class__ and kind in _SAME_REPR and va == vb:
                continue  # the same item repr
            ra, rb = repr((ka, va)), repr((kb, vb))
            if ra != rb:
                return ra < rb
        if len(keys_a) != len(keys_b):
            return len(keys_a) < len(keys_b)
        return a.id < b.id
