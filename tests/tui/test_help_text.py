"""The help line's 'Label: help' text: a field or choice without help shows its label alone.

Found in tmux by a tester: a choice without help showed "Not reported: -", read as a value."""

from __future__ import annotations

from coder.codebook.model import Choice, Field
from coder.tui.coding.view import field_help, labelled


def test_a_choice_or_field_without_help_shows_its_label_alone() -> None:
    assert labelled("Not reported", "").plain == "Not reported"
    assert labelled("Not reported", "  \n ").plain == "Not reported"
    bare = Field(name="x", type="choice", scope="incident", label="Event type", required=True,
                 choices=(Choice("a", "A"),))  # fmt: skip
    assert field_help(bare).plain == "Event type *"


def test_help_is_one_line_after_its_bold_label() -> None:
    shown = labelled("Battles", "Armed clash\n  between two groups.")
    assert shown.plain == "Battles: Armed clash between two groups."
    assert [s.style for s in shown.spans if s.end <= len("Battles")] == ["bold"]
