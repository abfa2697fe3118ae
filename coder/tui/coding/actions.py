"""The coding screen's actions in one table: keys, footer words, palette help.

The footer, the command palette (ctrl+p) and the help screen all read `ACTIONS`, so an action has
one name and one key everywhere, and adding an action is one row here plus its `action_` method
on the screen. Row order is importance: it is the footer's order whatever has the focus.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from textual.binding import ActiveBinding, Binding, BindingType


class Action(NamedTuple):
    action: str
    keys: str
    """Comma-separated Textual key names; the first is the one shown."""
    description: str
    """Footer and palette words."""
    help: str
    """What the palette says under the description."""
    footer: bool


ACTIONS: tuple[Action, ...] = (
    Action("help", "f1", "Help", "The codebook's instructions and every field's help", True),
    Action("save", "ctrl+s", "Save", "Save the article now (as a draft unless it is done)", True),
    Action(
        "done", "ctrl+d", "Done", "Check everything, mark the article done, go to the next", True
    ),
    Action("new_incident", "ctrl+n", "New incident", "Add an empty incident and show it", True),
    Action(
        "evidence",
        "ctrl+e",
        "Evidence",
        "Put the passage selected in the article into a quote",
        True,
    ),
    Action(
        "find",
        "ctrl+f",
        "Find",
        "Find text in the article (down: next match, enter: back); the match is selected for ctrl+e",
        True,
    ),
    Action("find_next", "f3", "Find next", "Select the next match of the last search", False),
    Action("find_previous", "shift+f3", "Find previous", "Select the previous match", False),
    Action("toggle_pane", "f2", "Article/form", "Move between the article text and the form", True),
    Action(
        "article_list", "ctrl+o,ctrl+l", "Articles", "List articles with status, filter, jump", True
    ),
    Action(
        "no_incident", "f4", "No incident", "Mark the article as having no relevant incident", True
    ),
    Action("duplicate_incident", "ctrl+t", "Duplicate", "Copy this incident into a new one", True),
    Action("delete_incident", "f8", "Delete incident", "Delete this incident (asks first)", True),
    Action(
        "undo",
        "ctrl+z",
        "Undo",
        "Undo the last change: a field's edit, an incident added, copied or deleted",
        False,
    ),
    Action("next_incident", "ctrl+down,alt+down", "Next incident", "Show the next incident", False),
    Action("prev_incident", "ctrl+up,alt+up", "Prev incident", "Show the previous incident", False),
    Action(
        "next_article",
        "ctrl+pagedown,alt+right",
        "Next article",
        "Save, open the next article",
        True,
    ),
    Action(
        "prev_article", "ctrl+pageup,alt+left", "Prev article", "Save, open the previous one", False
    ),
)


def coding_bindings() -> list[BindingType]:
    """The screen's BINDINGS: every row of ACTIONS, plus the typing-free aliases.

    ctrl keys are priority bindings so they work from inside any field (an Input would otherwise
    take ctrl+e / ctrl+f for itself); "?" and "/" only reach the screen where they are not typed.
    """
    return [
        *(
            Binding(
                a.keys, a.action, a.description, show=a.footer, priority=a.keys.startswith("ctrl")
            )
            for a in ACTIONS
        ),
        Binding("question_mark", "help", "Help", show=False),
        Binding("slash", "find", "Find", show=False),
    ]


def in_action_order(bindings: dict[str, ActiveBinding]) -> dict[str, ActiveBinding]:
    """`bindings` sorted in ACTIONS order (importance), others last.

    Textual keeps the position where a key was first bound down the focus chain, so without this
    the scroll containers' own ctrl+pagedown put "Next article" first in the footer, and the
    order changed with the focused widget.
    """
    order = {a.action: i for i, a in enumerate(ACTIONS)}
    return dict(
        sorted(bindings.items(), key=lambda kv: order.get(kv[1].binding.action, len(order)))
    )


def palette_entries() -> Iterator[tuple[str, str, str]]:
    """(title "Description (key)", help, action) for each action, for the command palette."""
    for a in ACTIONS:
        yield f"{a.description} ({a.keys.split(',')[0]})", a.help, a.action
