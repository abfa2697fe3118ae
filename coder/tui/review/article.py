"""The article pane of the disagreement walk: each coder's evidence quotes in that coder's colour,
scrolled to the unit's evidence when a unit is shown.

A subclass of the coding screen's article view (widgets.article_view, not ours to change): the
same read-only, soft-wrapped TextArea, but with one highlight style per coder (the value table
draws that coder's column header and quote cells in the same colour) and one for a passage that
several coders quoted alike. The lead sees at once whose reading of the article each value is.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

from rich.style import Style
from textual.app import ComposeResult
from textual.widgets import Static, TextArea

from coder.tui.article.text import ArticleText, quote_pattern
from coder.tui.article.view import ArticleView

SHARED = "coder.quote.shared"
COLOURS = ("#1f5f8b", "#7b2d7b", "#2e6b2e", "#8b4f13", "#5a4a9e", "#7a2f3f")
"""Backgrounds of coder 1, 2, ... (white text on them; cycled beyond six coders)."""
SHARED_STYLE = Style(bgcolor="dark_goldenrod", color="black", bold=True)
CONTEXT_LINES = 2
"""Lines of text kept above a quote the pane scrolls to."""


def coder_style(n: int) -> Style:
    """The highlight of coder number `n` (1-based), shared with the value table."""
    return Style(bgcolor=COLOURS[(n - 1) % len(COLOURS)], color="white", bold=True)


def _highlight_name(n: int) -> str:
    return f"coder.quote.{(n - 1) % len(COLOURS) + 1}"


class ReviewArticleText(ArticleText):
    """ArticleText with per-coder quote highlights and scrolling to a quote."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self._coder_quotes: tuple[tuple[str, ...], ...] = ()

    def highlight_coder_quotes(self, quotes: Sequence[Sequence[str]]) -> None:
        """`quotes[n]`: the quotes of coder n+1. A passage quoted alike by several coders gets
        the shared colour; otherwise later coders' highlights are drawn over earlier ones."""
        wanted = tuple(tuple(q for q in qs if q and q.strip()) for qs in quotes)
        if wanted == self._coder_quotes:
            return
        self._coder_quotes = wanted
        self._build_highlight_map()
        self.refresh()

    def show(self, text: str) -> None:
        self._coder_quotes = ()
        super().show(text)

    def _set_theme(self, theme: str) -> None:
        super()._set_theme(theme)
        styles = dict(self._theme.syntax_styles)
        for n in range(1, len(COLOURS) + 1):
            styles[_highlight_name(n)] = coder_style(n)
        styles[SHARED] = SHARED_STYLE
        self._theme.syntax_styles = styles

    def _build_highlight_map(self) -> None:
        TextArea._build_highlight_map(self)  # the base map, without ArticleText's single style
        per_coder = getattr(self, "_coder_quotes", ())
        if not per_coder:
            return
        count: dict[str, int] = {}
        for qs in per_coder:
            for q in set(" ".join(q.split()) for q in qs):
                count[q] = count.get(q, 0) + 1
        for n, qs in enumerate(per_coder, 1):
            for quote in qs:
                key = " ".join(quote.split())
                name = SHARED if count.get(key, 0) > 1 else _highlight_name(n)
                for match in re.finditer(quote_pattern(quote), self._joined):
                    self._add_span(match.start(), match.end(), name)

    def location_of(self, quote: str) -> tuple[int, int] | None:
        """(row, column) of the first occurrence of `quote` (whitespace-insensitive)."""
        if not quote.strip():
            return None
        match = re.search(quote_pattern(quote), self._joined)
        if match is None:
            return None
        row = bisect_right(self._line_starts, match.start()) - 1
        return row, match.start() - self._line_starts[row]

    def scroll_to_quote(self, quote: str) -> bool:
        """Scroll so the quote is near the top (soft wrap taken into account); False if the
        text does not contain it."""
        where = self.location_of(quote)
        if where is None:
            return False
        y = self.wrapped_document.location_to_offset(where).y
        self.scroll_to(y=max(0, y - CONTEXT_LINES), animate=False)
        return True


class ReviewArticleView(ArticleView):
    """ArticleView whose text pane is a ReviewArticleText."""

    def compose(self) -> ComposeResult:
        yield Static("", id="article-title", markup=False)
        yield Static("", id="article-meta", markup=False)
        yield ReviewArticleText()

    @property
    def review_text(self) -> ReviewArticleText:
        return self.query_one(ReviewArticleText)
