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


async def test_a_cut_help_ends_on_a_whole_word() -> None:
    """A tester saw "is 2020-0 … F1: all of it": the cut fell inside a date."""
    from textual.app import App, ComposeResult

    from coder.tui.coding.help_line import MORE, HelpLine

    class One(App[None]):
        CSS = "HelpLine { height: 2; width: 29; }"

        def compose(self) -> ComposeResult:
            yield HelpLine(id="help")

    app = One()
    async with app.run_test() as pilot:
        panel = app.query_one(HelpLine)
        panel.show(
            labelled("Event date", "The day it happened, e.g. 2020-06-15, as the article says it.")
        )
        await pilot.pause()
        rows = [line.text.rstrip() for line in panel.render_lines(panel.outer_size.region)]
        assert rows[-1].endswith(MORE.plain), rows
        kept = rows[-1].removesuffix(MORE.plain)
        whole = "Event date: The day it happened, e.g. 2020-06-15, as the article says it."
        shown = " ".join([rows[0].strip(), kept.strip()])
        assert kept.strip() and whole.startswith(shown), rows
        assert whole[len(shown)] == " ", rows  # the next character starts a new word
