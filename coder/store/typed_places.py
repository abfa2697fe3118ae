"""The places kept as typed (`?Daquq`, coder.places.typed) in a record, and what is to be done
about each: listed by `coder check`, and refused by the coding screen's "done".

The store accepts a well-formed `?Daquq` whatever the state of the gazetteer (coder.places.values
says why), so its validation no longer reports them; this module does, as place_precision does
for a precision finer than its place:

* while the gazetteer cannot be read, the name waits for the lead (`waiting_typed`: a warning);
* once it can, nobody has chosen the place yet (`unplaced_typed`: an error in `coder check`, and
  the coding screen refuses "done" with it, the cursor on the field, where the coder chooses).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from coder.codebook.model import Codebook, Field
from coder.places.typed import is_typed
from coder.places.values import typed_unchecked, typed_unplaced
from coder.store.records import ArticleRecord


def unplaced_typed(codebook: Codebook, record: ArticleRecord) -> dict[str, str]:
    """{"place" | "incident N: place": which place the name is, or why none} for each place kept
    as typed whose gazetteer can now be read, keyed as `validate_record` keys a problem."""
    return dict(_said(codebook, record, typed_unplaced))


def waiting_typed(codebook: Codebook, record: ArticleRecord) -> dict[str, str]:
    """{key: the name} for each place kept as typed whose gazetteer still cannot be read."""
    return dict(_said(codebook, record, typed_unchecked))


def _said(
    codebook: Codebook,
    record: ArticleRecord,
    say: Callable[[Path | None, Any], str | None],
) -> Iterator[tuple[str, str]]:
    for key, f, value in _typed_values(codebook, record):
        said = say(f.gazetteer, value)
        if said is not None:
            yield key, said


def _typed_values(codebook: Codebook, record: ArticleRecord) -> Iterator[tuple[str, Field, Any]]:
    """(key, field, value) of each value kept as typed in the record's place fields."""
    article = [f for f in codebook.article_fields if f.type == "place"]
    incident = [f for f in codebook.incident_fields if f.type == "place"]
    yield from _in(article, record.values, "")
    if incident:
        for n, inc in enumerate(record.incidents, 1):
            yield from _in(incident, inc.values, f"incident {n}: ")


def _in(
    fields: list[Field], values: Mapping[str, Any], where: str
) -> Iterator[tuple[str, Field, Any]]:
    for f in fields:
        value = values.get(f.name)
        if is_typed(value):
            yield f"{where}{f.name}", f, value
