"""The coding screen's actions in one table: keys, footer words, palette help.

The footer, the command palette (ctrl+p) and the help screen all read `ACTIONS`, so an action has
one name and one key everywhere, and adding an action is one row here plus its `action_` method
on the screen. Row order is importance: the footer (`KeyBar`) shows the `footer` rows in this
order, as many as fit in its width, whatever has the focus; every row is in F1 help and the
palette.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from textual.app import App
from textual.binding import Binding, BindingType

from coder.tui.coding.key_bar import KeyHint


class Action(NamedTuple):
    action: str
    keys: str
    """Comma-separated Textual key names; the first is the one shown."""
    description: str
    """Footer and palette words."""
    help: str
    """What the palette says under the description."""
    footer: bool
    """Shown in the footer (when it fits)."""


ACTIONS: tuple[Action, ...] = (
    Action("help", "f1", "Help", "The codebook's instructions and every field's help", True),
    Action("save", "ctrl+s", "Save", "Save the article now (as a draft unless it is done)", True),
    Action(
        "done", "ctrl+d", "Done", "Check everything, mark the article done, go to the next", True
    ),
    Action(
        "new_incident",
        "ctrl+n",
        "New incident",
        "Add an incident; from the article, the selected passage becomes its evidence",
        True,
    ),
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
        "Find text in the article (down: next match, enter: back); ctrl+e takes the match",
        True,
    ),
    Action(
        "next_required",
        "ctrl+r",
        "Next required",
        "Jump to the next required field still empty (over optional ones)",
        False,
    ),
    Action(
        "accept_suggestion",
        "ctrl+g",
        "Accept suggestion",
        "Take the focused field's suggested value (◇, proposed from the evidence quote)",
        False,
    ),
    Action(
        "accept_all_suggestions",
        "f6",
        "Accept all",
        "Take every suggested value (◇) of this incident into its empty fields",
        False,
    ),
    Action(
        "next_empty_field",
        "f7",
        "Next empty field",
        "Move to the next field of the form that has no value yet (past accepted suggestions)",
        False,
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
    Action(
        "incident_table",
        "f9",
        "Incidents table",
        "The article's incidents side by side; d copies the cell above (fill down)",
        False,
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
    Action(
        "team_sync",
        "f5",
        "Sync with team",
        "Send your work to the team's repository and get the others' (coder sync, git)",
        False,
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


def footer_hints(app: App[object]) -> tuple[list[KeyHint], KeyHint | None]:
    """The footer's keys (the `footer` rows, in ACTIONS order) and the palette key at its right."""
    hints = [
        KeyHint(
            app.get_key_display(Binding(a.keys.split(",")[0], a.action)), a.description, a.action
        )
        for a in ACTIONS
        if a.footer
    ]
    palette = None
    if app.ENABLE_COMMAND_PALETTE:
        key = app.get_key_display(Binding(app.COMMAND_PALETTE_BINDING, "command_palette"))
        palette = KeyHint(key, "palette", "app.command_palette")
    return hints, palette


def palette_entries() -> Iterator[tuple[str, str, str]]:
    """(title "Description (key)", help, action) for each action, for the command palette."""
    for a in ACTIONS:
        yield f"{a.description} ({a.keys.split(',')[0]})", a.help, a.action
