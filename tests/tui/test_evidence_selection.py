"""Selecting evidence: extend to the sentence end (alt+shift+right or "."), and a long passage put
in the quote field by ctrl+e is shown from its start."""

from __future__ import annotations

from textual.widgets import Input

from coder.project import Project
from coder.tui.article.text import ArticleText, sentence_end

from .helpers import coding, press, widget
from .test_coding_session import select_in_article

LONG = (
    "The mortars didn\u2019t hit any houses or properties inside the village, but around four "
    "ISIS individuals started to shoot at the houses"
)


def test_sentence_end_stops_after_the_punctuation_and_its_closing_quote() -> None:
    text = 'Gen. Ali said U.S. troops left. "We fled!" she said.\nNext one. Last'
    assert text[: sentence_end(text, 0)] == "Gen. Ali said U.S. troops left."
    start = text.index("troops")
    assert text[start : sentence_end(text, start)] == "troops left."
    after = sentence_end(text, 0)  # again from the end of a sentence: the next one
    assert text[after : sentence_end(text, after)] == ' "We fled!"'
    # a paragraph ends at its line end; from there the next paragraph's first sentence
    line_end = text.index("\n")
    assert sentence_end(text, text.index("she")) == line_end
    assert text[line_end : sentence_end(text, line_end)] == "\nNext one."
    assert sentence_end(text, text.index("Last")) == len(text)  # no punctuation at the end


async def test_sentence_key_extends_the_selection_then_ctrl_e_shows_the_start(
    project_copy: Project,
) -> None:
    async with coding(project_copy, size=(80, 24)) as (app, pilot):
        text = widget(app, "#article-text")
        assert isinstance(text, ArticleText)
        text.focus()
        select_in_article(app, "The mortars didn")
        await press(pilot, "alt+shift+right")
        selected = text.selected_text
        assert selected.startswith("The mortars didn\u2019t hit any houses")
        assert selected.endswith("a ground attack by ISIS militants.\u201d")  # closing quote too
        await press(pilot, "full_stop")  # the next sentence is on the next line: it goes on
        assert text.selected_text.startswith(selected) and len(text.selected_text) > len(selected)

        select_in_article(app, LONG)
        await press(pilot, "ctrl+e")
        await pilot.pause()
        evidence = widget(app, "#incident-form--evidence")
        assert isinstance(evidence, Input) and evidence.value == LONG
        assert app.focused is evidence
        assert evidence.cursor_position == 0 and evidence.scroll_x == 0  # its start is shown
        await pilot.press("ctrl+q")
