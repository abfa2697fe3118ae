"""Quote first: select the passage in the article, ctrl+n, and the new incident has it as its
evidence, with the cursor on the incident's first field.

Coders read before they code: the incident is found in the text, so the passage is where an
incident starts. From the article pane (or the find bar, its match selected) ctrl+n takes the
selection into the new incident's first quote field, which saves the trip back to the article and
the ctrl+e. From the form, or with nothing selected, ctrl+n adds an incident as before (carried
values only), and arrives with the suggestions of its evidence. ctrl+z takes the incident back.
"""

from __future__ import annotations

from textual.widget import Widget

from coder.tui.article.find_bar import FindBar
from coder.tui.article.text import ArticleText
from coder.tui.coding.suggesting import SuggestMixin


class QuoteFirstMixin(SuggestMixin):
    """ctrl+n from the article with a passage selected: a new incident quoting it."""

    def action_new_incident(self) -> None:
        passage = self._passage_for_new_incident()
        if not passage and self._in_article() and self._search_found_nothing():
            return  # the coder meant "this match": an incident without it is not what they asked
        before = len(self.session.record.incidents)
        super().action_new_incident()
        form = self._incident_form
        if len(self.session.record.incidents) > before:
            self.mark_carried()  # a suggestion may replace a carried value
            self.show_suggestions()
        if not passage or form is None or self.session.current is None:
            return
        quote = form.first_quote_editor()
        if quote is None:
            return
        quote.set_value(passage)
        self.refresh_suggestions()  # the new incident arrives with its evidence's suggestions
        self.query_one(FindBar).display = False
        self.notify("New incident: the selected passage is its evidence.", timeout=2)

    def _passage_for_new_incident(self) -> str:
        """The article's selection (whitespace collapsed) when the coder is in the article pane
        or the find bar; "" otherwise (ctrl+n in the form never takes an old selection)."""
        if not self._in_article():
            return ""
        return " ".join(self.query_one(ArticleText).selected_text.split())

    def _in_article(self) -> bool:
        """The focus is in the article pane or its find bar (where ctrl+n means quote first)."""
        focused: Widget | None = self.focused
        bar = self.query_one(FindBar)
        return focused is self.query_one(ArticleText) or (
            focused is not None and bar in focused.ancestors
        )
