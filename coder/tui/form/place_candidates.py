"""The candidate list of a place field and the search that fills it.

Shared by the place editor and the add-a-place dialog (its parent type-ahead); kept apart so the
editor can open the dialog and the dialog can reuse the list without importing each other.
"""

from __future__ import annotations

from pathlib import Path

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from coder.places import Gazetteer, GazetteerError, Match, PlaceIndex, gazetteer_for, index_for

ADD = "\x00add"
MAX_CANDIDATES = 8
SURE_FUZZY = 80.0
"""A list whose best candidate is only a spelling-tolerant match below this score ("bashir" ->
Basra, 73) opens with nothing highlighted: enter then leaves the text as typed (shown as not a
place, with the closest names) instead of coding a different place; down picks the first."""


class PlaceCandidates(OptionList):
    """The candidate list under a place field: never focused, driven by the field's keys."""

    DEFAULT_CSS = """
    PlaceCandidates { height: auto; max-height: 10; border: none; padding: 0; display: none; }
    """
    can_focus = False


def candidate_label(gaz: Gazetteer, m: Match) -> Content:
    shown = Content(gaz.hierarchy(m.place.id))
    if m.name != m.place.name:
        shown = shown + Content.styled(f"  (as {m.name!r})", "dim")
    return shown


def search_options(
    path: Path | None, query: str, kinds: tuple[str, ...] | None = None, *, allow_add: bool = True
) -> tuple[list[Option], list[str]]:
    """(options, value per option: a place id or ADD) for `query`."""
    options, values, _, _ = search_candidates(path, query, kinds, allow_add=allow_add)
    return options, values


def search_candidates(
    path: Path | None, query: str, kinds: tuple[str, ...] | None = None, *, allow_add: bool = True
) -> tuple[list[Option], list[str], list[str], bool]:
    """(options, value per option: a place id or ADD, the name or alternate name that matched:
    what the coder saw, stored beside the id; whether the first candidate is a sure match, see
    SURE_FUZZY) for `query`."""
    if path is None:
        return [Option("this field has no gazetteer", disabled=True)], [""], [""], False
    try:
        gaz: Gazetteer = gazetteer_for(path)
        index: PlaceIndex = index_for(path)
    except GazetteerError as e:
        first = e.problems[0] if e.problems else str(e)
        return (
            [Option(Content(f"gazetteer unreadable: {first}; run coder check"), disabled=True)],
            [""],
            [""],
            False,
        )
    matches = index.search(query, MAX_CANDIDATES * (3 if kinds else 1))
    if kinds is not None:
        matches = [m for m in matches if m.place.kind in kinds][:MAX_CANDIDATES]
    options = [Option(candidate_label(gaz, m)) for m in matches]
    values = [m.place.id for m in matches]
    names = [m.name for m in matches]
    if allow_add and query.strip() and not any(m.how == "exact" for m in matches):
        options.append(Option(Content.styled(f"+ add {query.strip()!r} as a new place…", "italic")))
        values.append(ADD)
        names.append(query.strip())
    sure = bool(matches) and (matches[0].how != "fuzzy" or matches[0].score >= SURE_FUZZY)
    return options, values, names, sure
