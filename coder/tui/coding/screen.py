"""The coding screen: the article on the left, the codebook form on the right.

`CodingScreen` is assembled from one layer per concern, each in its own module and each building
on the one before, so a change to (say) how evidence is captured is read and made in one file:

* coding_view.CodingView: layout, showing the session's article/record/incident, the help line;
* coding_save.SaveMixin: autosave, ctrl+s, done / no incident, next / previous article;
* coding_incidents.IncidentMixin: add, duplicate, delete, move between incidents;
* coding_evidence.EvidenceMixin: find in the article, ctrl+e into a quote field, F2;
* suggesting.SuggestMixin: values suggested from the evidence, ctrl+g / F6 accept;
* quote_first.QuoteFirstMixin: ctrl+n from the article makes the selected passage a new
  incident's evidence;
* resume.ResumeMixin: reopens at the article, incident and field the coder left;
* next_required.NextRequiredMixin: ctrl+r, the next required field still empty;
* incident_table_key.IncidentTableMixin: F9, the incidents side by side, fill-down
  (incident_table: the table, imported when first opened);
* coding_actions: the table of keys, footer words and palette help for all of them.

This module adds the bindings and the two actions that open other screens. The screen is the only
place that talks to the `Session` (the non-Textual controller). Quitting waits for the last write
(`save_now`).
"""

from __future__ import annotations

from typing import Any, ClassVar, cast

from textual.binding import BindingType

from coder.tui.coding.actions import ACTIONS, coding_bindings
from coder.tui.coding.incident_table_key import IncidentTableMixin
from coder.tui.coding.saving import AUTOSAVE_SECONDS
from coder.tui.coding.view import STATUS_WORDS

__all__ = ["ACTIONS", "AUTOSAVE_SECONDS", "STATUS_WORDS", "CodingScreen"]


class CodingScreen(IncidentTableMixin):
    """See the module docstring."""

    BINDINGS: ClassVar[list[BindingType]] = coding_bindings()

    def action_article_list(self) -> None:
        """Every article with its status; the one chosen is opened (after saving this one)."""
        from coder.tui.coding.article_list import ArticleListScreen, ArticleRow

        s = self.session
        self.sync()
        s.index_all()  # normally done already, in the background after the first frame
        rows = [
            ArticleRow(a.id, a.title, cast(Any, s.status_of(a.id)), s.incidents_of(a.id))
            for a in s.articles
        ]

        def chosen(article_id: str | None) -> None:
            if article_id is not None and (i := s.index_of(article_id)) is not None:
                self._open(i)

        self.app.push_screen(ArticleListScreen(rows, s.article.id), chosen)

    def action_team_sync(self) -> None:
        """f5: coder sync from the screen, in a worker (coder.tui.coding.team_sync)."""
        from coder.tui.coding.team_sync import start_sync

        start_sync(self)

    def action_help(self) -> None:
        """The codebook's help, opened at the field the coder was last in."""
        from coder.tui.coding.help import HelpScreen

        focused = self._last_editor.field if self._last_editor is not None else None
        self.app.push_screen(HelpScreen(self.session.codebook, focused))
