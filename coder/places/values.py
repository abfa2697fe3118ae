"""Parse and check one `place` value (a gazetteer id) for `coder.codebook.values`.

Kept here, with only the gazetteer path as input, so the codebook can call it without this
package knowing about codebooks. A gazetteer that cannot be read, or has problems, is reported
on every value with the advice to run `coder check`, never as a traceback; the one value it does
not stop is a place kept as typed (`?Daquq`, coder.places.typed), which exists for that case.

A well-formed `?Daquq` is accepted whatever the state of the gazetteer: it is what the coder
recorded, marked so it is never read as an id, and it stays so until someone chooses the place.
Refused once the gazetteer was back, it could not survive a save of its record: the coding screen
moved it to scratch, and the form resolved it to the id of the one place of that name, a place
nobody chose (without the precision and the name a choice records). `typed_unplaced` says what
it is once the gazetteer can be read, for `coder check` and for the coding screen's "done".
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from coder.places.cache import gazetteer_for, index_for
from coder.places.gazetteer import GazetteerError
from coder.places.search import resolve
from coder.places.typed import typed_name, typed_problem, typed_value


def _unusable(path: Path, error: GazetteerError) -> str:
    first = error.first(str(path))
    return f"the gazetteer cannot be read ({first}); run `coder check`"


def parse_place(path: Path | None, raw: Any) -> str:
    """An id, or a name or alternate name of exactly one place -> the id (ValueError otherwise:
    the closest names for an unknown one, the candidates for an ambiguous one). A name kept as
    typed (`?Daquq`) stays so while the gazetteer cannot be read, and is resolved as a name once
    it can (so an exported file with such values imports back into ids: an import is a choice
    of what the file says; the coding form never parses a stored `?Daquq`)."""
    if not isinstance(raw, str):
        raise ValueError("must be a place id or name (text)")
    if path is None:
        raise ValueError("this place field has no gazetteer")
    name = typed_name(raw.strip())
    try:
        index = index_for(path)
    except GazetteerError as e:
        if name is not None:  # kept as typed: what a coder records while this lasts
            return typed_value(name)
        raise ValueError(_unusable(path, e)) from None
    return resolve(index, raw if name is None else name)


def check_place(path: Path | None, value: Any) -> str | None:
    if not isinstance(value, str):
        return "must be a place id (text)"
    if path is None:
        return "this place field has no gazetteer"
    if typed_name(value) is not None:  # as recorded, whatever the gazetteer: see the docstring
        return typed_problem(value)
    try:
        gaz = gazetteer_for(path)
    except GazetteerError as e:
        return _unusable(path, e)
    if value in gaz:
        return None
    close = index_for(path).closest(value.rsplit("-", 1)[-1])
    hint = f" (closest: {', '.join(close)})" if close else ""
    return f"place id {value!r} is not in {path.name} or places_added.csv{hint}"


def typed_unplaced(path: Path | None, value: Any) -> str | None:
    """What is still to do about a place kept as typed once its gazetteer can be read: which
    place the name is, or why it is none, for whoever chooses it (None for any other value, a
    malformed one, or while the gazetteer cannot be read: then `typed_unchecked`)."""
    name = typed_name(value)
    if name is None or path is None or typed_problem(value) is not None:
        return None
    try:
        index = index_for(path)
    except GazetteerError:
        return None
    said = f"{name!r} was kept as typed while the gazetteer could not be read"
    try:
        place_id = resolve(index, name)
    except ValueError as e:
        return f"{said}; choose the place in the form: {e}"
    shown = index.gazetteer.hierarchy(place_id)
    return f"{said}; it is {shown} ({place_id}): choose it in the form"


def typed_unchecked(path: Path | None, value: Any) -> str | None:
    """The name of a place kept as typed while its gazetteer cannot be read (None for any other
    value, or once it can be read: `typed_unplaced` says what it is then)."""
    name = typed_name(value)
    if name is None or path is None or typed_problem(value) is not None:
        return None
    try:
        gazetteer_for(path)
    except GazetteerError:
        return name
    return None


def place_test(path: Path) -> Callable[[str], bool]:
    """A test that is True only for a place id `check_place(path, id)` finds nothing wrong with
    and that is not empty (validation's quick pass, coder.codebook.values); False: ask
    `check_place`. The gazetteer is looked up on each call, as check_place does."""

    def known(value: str) -> bool:
        try:
            return value in gazetteer_for(path) and not value.isspace() and value != ""
        except GazetteerError:
            return False

    return known
