"""The candidate list of a place field and the search that fills it.

Shared by the place editor and the add-a-place dialog (its parent type-ahead); kept apart so the
editor can open the dialog and the dialog can reuse the list without importing each other.
"""

from __future__ import annotations

from pathlib import Path

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from coder.places import (
    NOWHERE,
    Gazetteer,
    GazetteerError,
    Match,
    Near,
    PlaceIndex,
    gazetteer_for,
    index_for,
)

ADD = "\x00add"
KEEP = "\x00keep"
"""The value of "+ keep ... as typed", offered instead of "+ add" while the gazetteer cannot be
read (coder.places.typed)."""
MAX_CANDIDATES = 8
SURE_FUZZY = 80.0
"""A list whose best candidate is only a spelling-tolerant match below this score ("bashir" ->
Basra, 73) opens with nothing highlighted: enter then leaves the text as typed (shown as not a
place, with the closest names) instead of coding a different place; down picks the first."""


class PlaceCandidates(OptionList):
    """The candidate list under a place field: never focused, driven by the field's keys."""

    DEFAULT_CSS = """
    PlaceCandidates { height: auto; max-height: 10; border: none; padding: 0; display: none; }
    PlaceCandidates.-held { max-height: 11; border-top: solid $accent; }
    """
    can_focus = False

    def hold(self, title: str) -> None:
        """Show the list as the places the typed name may be (`title` says so, on a rule above
        the list), until `release`."""
        self.border_title = Content(title)  # holds a gazetteer name: text, never markup
        self.add_class("-held")

    def release(self) -> None:
        self.border_title = None
        self.remove_class("-held")


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


def _add_label(query: str) -> Content:
    return Content.styled(f"+ add {query.strip()!r} as a new place…", "italic")


def search_candidates(
    path: Path | None,
    query: str,
    kinds: tuple[str, ...] | None = None,
    *,
    allow_add: bool = True,
    near: Near = NOWHERE,
) -> tuple[list[Option], list[str], list[str], bool]:
    """(options, value per option: a place id or ADD, the name or alternate name that matched:
    what the coder saw, stored beside the id; whether the first candidate is a sure match, see
    SURE_FUZZY) for `query`; places inside the incident's province and district (`near`)
    first."""
    if path is None:
        return [Option("this field has no gazetteer", disabled=True)], [""], [""], False
    try:
        gaz: Gazetteer = gazetteer_for(path)
        index: PlaceIndex = index_for(path)
    except GazetteerError as e:
        return unreadable_candidates(e, query, allow_add)
    matches = index.search(query, MAX_CANDIDATES * (3 if kinds else 1), near=near)
    if kinds is not None:
        matches = [m for m in matches if m.place.kind in kinds][:MAX_CANDIDATES]
    options = [Option(candidate_label(gaz, m)) for m in matches]
    values = [m.place.id for m in matches]
    names = [m.name for m in matches]
    if allow_add and query.strip() and not any(m.how == "exact" for m in matches):
        options.append(Option(_add_label(query)))
        values.append(ADD)
        names.append(query.strip())
    sure = bool(matches) and (matches[0].how != "fuzzy" or matches[0].score >= SURE_FUZZY)
    return options, values, names, sure


def unreadable_candidates(
    error: GazetteerError, query: str, allow_keep: bool
) -> tuple[list[Option], list[str], list[str], bool]:
    """What the list offers while the gazetteer cannot be read: first (highlighted, so enter
    takes it) "+ keep ... as typed", for the lead to place later, then why there is nothing to
    choose from. Adding a place needs a parent from the gazetteer, so it is not offered."""
    first = error.first(str(error))
    reason = Option(
        Content.styled(f"no places to choose from: gazetteer unreadable: {first}", "dim"),
        disabled=True,
    )
    name = " ".join(query.split())
    if not allow_keep or not name:
        return [reason], [""], [""], False
    keep = Option(Content.styled(f"+ keep {name!r} as typed, for your lead to place", "italic"))
    return [keep, reason], [KEEP, ""], [name, ""], True


def name_candidates(
    path: Path | None, text: str, near: Near = NOWHERE
) -> tuple[list[Option], list[str], list[str]] | None:
    """When `text` is the name (or an alternate name) of several places: (numbered options, a
    place id or ADD per option, the name matched per option) for the coder to choose from,
    nearest to the incident's province and district first, each with its district and province
    so that they can be told apart, and last "+ add" (the article's place may be yet another of
    that name). None when `text` names one place or none: the field takes it, or says why not."""
    read = _readable(path) if text.strip() else None
    if read is None or len(read[1].named(text)) < 2:
        return None
    gaz, index = read
    matches = [m for m in index.search(text, MAX_CANDIDATES, near=near) if m.how == "exact"]
    return _choices(gaz, matches, add=text)


def typed_candidates(
    path: Path | None, name: str, near: Near = NOWHERE
) -> tuple[list[Option], list[str], list[str]] | None:
    """For a place kept as typed (`?Daquq`) once its gazetteer can be read: (numbered options,
    a place id or ADD per option, the name matched per option), the places the name may be as
    the type-ahead ranks them (the one place of that exact name first), and "+ add" last unless
    a place has that name. None while the gazetteer cannot be read."""
    read = _readable(path)
    if read is None:
        return None
    gaz, index = read
    matches = index.search(name, MAX_CANDIDATES, near=near)
    exact = any(m.how == "exact" for m in matches)
    return _choices(gaz, matches, add=None if exact else name)


def _readable(path: Path | None) -> tuple[Gazetteer, PlaceIndex] | None:
    """The gazetteer at `path` and its index, or None (no gazetteer, or it cannot be read)."""
    if path is None:
        return None
    try:
        return gazetteer_for(path), index_for(path)
    except GazetteerError:
        return None


def _choices(
    gaz: Gazetteer, matches: list[Match], add: str | None
) -> tuple[list[Option], list[str], list[str]]:
    """Numbered options for `matches` (a place id and the name matched per option), and last
    "+ add `add`" when `add` is given."""
    labels = [candidate_label(gaz, m) for m in matches]
    values = [m.place.id for m in matches]
    names = [m.name for m in matches]
    if add is not None:
        labels.append(_add_label(add))
        values.append(ADD)
        names.append(add.strip())
    return _numbered(labels), values, names


def _numbered(labels: list[Content]) -> list[Option]:
    """The options `labels`, numbered from 1 (a digit picks one in a held list)."""
    width = len(str(len(labels)))
    return [
        Option(Content.styled(f"{n:>{width}} ", "$text-muted") + label)
        for n, label in enumerate(labels, 1)
    ]
