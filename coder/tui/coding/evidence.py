"""Evidence on the coding screen: find a passage in the article, select it, put it in a quote.

ctrl+f (or /) opens the find bar, whose match is selected in the article; ctrl+e copies the
article's selection (whitespace collapsed) into the quote field the coder was last in, else the
current incident's first quote field, creating an incident if there is none yet: a coder who
starts from the evidence should not have to press ctrl+n first. F2 moves between the panes.
"""

from __future__ import annotations

from typing import cast

from textual.widget import Widget

from coder.tui.article.find_bar import FindBar
from coder.tui.article.text import ArticleText
from coder.tui.coding.incidents import IncidentMixin
from coder.tui.form.editors import FieldEditor


class EvidenceMixin(IncidentMixin):
    """ctrl+e, the find keys and F2."""

    def action_evidence(self) -> None:
        if self._readonly_refused():
            return
        text = " ".join(self.query_one(ArticleText).selected_text.split())
        if not text and self._search_found_nothing():
            return
        if not text:
            self.notify(
                "Select a passage in the article first (F2 moves there; shift+arrows or the "
                "mouse select), then press ctrl+e.",
                severity="warning",
            )
            return
        target = self._quote_target()
        if target is None:
            self.notify("This codebook has no quote field.", severity="warning")
            return
        target.set_value(text)
        cast(Widget, target).focus()
        self.query_one(FindBar).display = False

    def _search_found_nothing(self) -> bool:
        """Say so and return True when the find bar is open on a search that found nothing.

        The earlier match is no longer selected then, and taking "no selection" silently (an
        empty quote, or an incident without its evidence) would look like success."""
        bar = self.query_one(FindBar)
        if not (bar.display and bar.query_text.strip() and not bar.found):
            return False
        self.notify(
            f"'{bar.query_text}' is not in the article: nothing to put in the quote. "
            "Change the search, or select the passage (shift+arrows).",
            severity="warning",
            markup=False,
        )
        return True

    def _quote_target(self) -> FieldEditor | None:
        """The focused (or last focused) quote field, else the incident's first quote field."""
        last = self._last_editor
        if last is not None and last.field.type == "quote" and cast(Widget, last).is_mounted:
            form = cast(Widget, last).parent
            in_incident = form is not None and form.parent is self._incident_form
            if not in_incident or self.session.current is not None:
                return last
        form = self._incident_form
        if form is not None and form.first_quote_editor() is not None:
            if self.session.current is None:
                self.action_new_incident()
            return form.first_quote_editor()
        if (article_form := self._article_form) is not None:
            return article_form.first_quote_editor()
        return None

    # -- find in the article --------------------------------------------------------------------

    def action_find(self) -> None:
        self.query_one(FindBar).open()

    def action_find_next(self) -> None:
        self._find_step(1)

    def action_find_previous(self) -> None:
        self._find_step(-1)

    def _find_step(self, direction: int) -> None:
        bar = self.query_one(FindBar)
        if not bar.query_text.strip():
            bar.open()
        else:
            bar.step(direction)

    def on_find_bar_closed(self, event: FindBar.Closed) -> None:
        event.stop()
        self.query_one(ArticleText).focus()

    def action_toggle_pane(self) -> None:
        text = self.query_one(ArticleText)
        if text.has_focus:
            if self._last_editor is not None and cast(Widget, self._last_editor).is_mounted:
                cast(Widget, self._last_editor).focus()
            else:
                self._focus_start()
        else:
            text.focus()
