"""Containers drawn as blank rows of their background (Textual's public `Widget.BLANK`).

Textual asks every widget whose area overlaps what a frame repaints for its lines, and composes
a container's lines as it does a widget's (its background, the colours of its ancestors, each
line cropped), all of them: a one-row change in the form (a typed character, the cursor of a
list) had the screen, the main row and the form pane compose their 38 rows each. A container
with no border and no content of its own, only children, looks the same drawn blank: `BLANK`
says so, and its lines cost nothing. The form's own containers (coder.tui.form.form and
choice_list) set it too. (The article pane has a border: not blank.)
"""

from __future__ import annotations

from textual.containers import Horizontal, Vertical


class BlankHorizontal(Horizontal):
    """A Horizontal with no border and no content: drawn blank (see the module docstring)."""

    BLANK = True


class BlankVertical(Vertical):
    """A Vertical with no border and no content: drawn blank (see the module docstring)."""

    BLANK = True
