"""A place kept as typed: what a coder records when the gazetteer cannot be read.

A place field stores a gazetteer id. When the gazetteer is missing or damaged (a project copied
without its `gazetteer.csv`, a wrong `gazetteer:` path) no id can be chosen, yet the coder can go
on coding: the form offers "+ keep 'Daquq' as typed", which stores `?Daquq`, the name after a
`?` (no gazetteer id starts with one: the gazetteer check refuses it). The value is explicit, so
it is never mistaken for an id and nothing typed is accepted silently:

* while the gazetteer cannot be read, the store accepts it (and only it: an unmarked text is
  still refused), `coder check` lists each one as a warning, export writes it as it is and
  compare compares it as typed (it agrees only with the same name) and says so;
* once the gazetteer can be read, it stays as stored until someone chooses the place: the store
  still accepts it (an edit of another field must not change it), `coder check` reports it as
  an error saying which place the name is, or why it is not one, the coding screen will not
  mark its article done, and the form lists the places of the name for the coder to choose
  (coder.store.typed_places). `coder import` of an exported file resolves a name of exactly
  one place to its id, as it does any name.
"""

from __future__ import annotations

import re

TYPED_MARK = "?"
MAX_TYPED = 200
"""Longer than any place name (coder.store.as_coded.MAX_NAME): a longer text is pasted text."""
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def is_typed(value: object) -> bool:
    return isinstance(value, str) and value.startswith(TYPED_MARK)


def typed_name(value: object) -> str | None:
    """The name of a place kept as typed (`?Daquq` -> "Daquq"), None for any other value."""
    if not is_typed(value):
        return None
    assert isinstance(value, str)
    return value[len(TYPED_MARK) :]


def typed_value(name: str) -> str:
    """`name` kept as typed (`?` and the name, spaces folded); ValueError for what is not a name
    (empty, several lines, control characters, longer than MAX_TYPED)."""
    if _CONTROL.search(name.replace("\n", " ").replace("\t", " ")) is not None:
        raise ValueError("a place kept as typed must be plain text")
    text = " ".join(name.split())
    while text.startswith(TYPED_MARK):
        text = text[len(TYPED_MARK) :].lstrip()
    if not text:
        raise ValueError("type the place's name to keep it as typed")
    if len(text) > MAX_TYPED:
        raise ValueError(f"a place's name has at most {MAX_TYPED} characters")
    return TYPED_MARK + text


def typed_problem(value: str) -> str | None:
    """What is wrong with a stored value kept as typed (None: it is as `typed_value` makes it)."""
    name = typed_name(value)
    if name is None:
        return None
    try:
        well_formed = typed_value(name)
    except ValueError as e:
        return str(e)
    return None if well_formed == value else f"write it as {well_formed!r}"


def typed_label(name: str, *, readable: bool = False) -> str:
    """What the form shows for a place kept as typed: while the gazetteer cannot be read, and
    once it can (`readable`: the coder, or the lead, now chooses the place; the stored `?name`
    is shown as it is, so nobody takes it for a place chosen)."""
    if readable:
        return f"{TYPED_MARK}{name} · not placed: tab here to choose"
    return f"{name} · kept as typed, for your lead to place"
