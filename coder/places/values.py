"""Parse and check one `place` value (a gazetteer id) for `coder.codebook.values`.

Kept here, with only the gazetteer path as input, so the codebook can call it without this
package knowing about codebooks. A gazetteer that cannot be read, or has problems, is reported
on every value with the advice to run `coder check`, never as a traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from coder.places.cache import gazetteer_for, index_for
from coder.places.gazetteer import GazetteerError
from coder.places.search import resolve


def _unusable(path: Path, error: GazetteerError) -> str:
    first = error.problems[0] if error.problems else str(path)
    return f"the gazetteer cannot be read ({first}); run `coder check`"


def parse_place(path: Path | None, raw: Any) -> str:
    """An id, or a name or alternate name of exactly one place -> the id (ValueError otherwise:
    the closest names for an unknown one, the candidates for an ambiguous one)."""
    if not isinstance(raw, str):
        raise ValueError("must be a place id or name (text)")
    if path is None:
        raise ValueError("this place field has no gazetteer")
    try:
        return resolve(index_for(path), raw)
    except GazetteerError as e:
        raise ValueError(_unusable(path, e)) from None


def check_place(path: Path | None, value: Any) -> str | None:
    if not isinstance(value, str):
        return "must be a place id (text)"
    if path is None:
        return "this place field has no gazetteer"
    try:
        gaz = gazetteer_for(path)
    except GazetteerError as e:
        return _unusable(path, e)
    if value in gaz:
        return None
    close = index_for(path).closest(value.rsplit("-", 1)[-1])
    hint = f" (closest: {', '.join(close)})" if close else ""
    return f"place id {value!r} is not in {path.name} or places_added.csv{hint}"


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
