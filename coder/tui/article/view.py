"""The article pane: its title and metadata above the text, with the find bar under it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from coder.textsafe import clean_line
from coder.tui.article.find_bar import FindBar
from coder.tui.article.text import ArticleText


class ArticleView(Vertical):
    """Header with the article's metadata above the text."""

    def compose(self) -> ComposeResult:
        yield Static("", id="article-title", markup=False)
        yield Static("", id="article-meta", markup=False)
        text = ArticleText()
        yield text
        find = FindBar(text)
        find.display = False
        yield find

    _meta = ""

    def show(self, *, id: str, title: str, source: str, date: str, text: str) -> None:
        # From file names and files: data, never terminal escapes (coder.textsafe).
        self.query_one("#article-title", Static).update(Content(clean_line(title) or "(untitled)"))
        parts = (source, date, f"id {id}")
        self._meta = "  ·  ".join(clean_line(part) for part in parts if part)
        area = self.query_one(ArticleText)
        area.show(text)
        self._show_meta(area.wrapping, len(text))

    def _show_meta(self, wrapping: bool, chars: int) -> None:
        meta = Content(self._meta)
        if wrapping:  # why the lines further down are not wrapped yet
            meta += Content.styled(f"  ·  wrapping {chars / 1e6:.1f} MB…", "$text-muted")
        self.query_one("#article-meta", Static).update(meta)

    def on_article_text_wrap_state(self, event: ArticleText.WrapState) -> None:
        event.stop()
        self._show_meta(event.wrapping, event.chars)

    @property
    def text_area(self) -> ArticleText:
        return self.query_one(ArticleText)
