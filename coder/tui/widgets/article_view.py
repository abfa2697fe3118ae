"""The article pane: a literal header (title, source, date, id) and the text in a read-only
TextArea.

A TextArea renders only the visible lines, so a 4 MB article opens and scrolls as fast as a short
one (Static or Markdown would lay out the whole text). Its plain document model also means the
text is never read as markup. The current incident's quotes are highlighted through TextArea's own
highlight map (the one syntax highlighting uses), with a style we add to its theme.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from typing import ClassVar

from rich.style import Style
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.document._document import Document
from textual.document._document_navigator import DocumentNavigator
from textual.widgets import Static, TextArea
from textual.widgets.text_area import Selection

from coder.tui.widgets.fast_wrap import FastWrappedDocument

QUOTE_HIGHLIGHT = "coder.quote"

_SENTENCE_END = re.compile(r"""[.!?]+["'\u201d\u2019)\]]*(?=\s|$)|\n""")
"""A sentence ends after . ! ? (and any closing quotes or brackets) followed by white space or
the end of the text; a paragraph (line) ends one too."""
_ABBREVIATION = re.compile(
    r"(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|Gen|Lt|Col|Maj|Capt|Sgt|Brig|Sen|Rep|Gov|Prof|St|No|Jan|Feb|"
    r"Aug|Sept|Sep|Oct|Nov|Dec|approx|etc|vs|al))\.$"
)
"""A full stop that ends an abbreviation ("Gen.", "U.S.", "Jan."), not a sentence."""


def sentence_end(text: str, position: int) -> int:
    """Offset just after the end of the sentence that `position` is in (or starts at).

    Coders quote whole sentences: from a cursor inside a sentence this is past its final
    punctuation (closing quotes included); from the end of one sentence it is the end of the
    next; a paragraph ends at its line end, and a cursor at a line end goes on into the next
    paragraph. Common abbreviations ("Gen.", "U.S.") do not end a sentence.
    """
    at = position
    while at < len(text) and text[at] in " \t\n":
        at += 1  # from the end of a sentence or paragraph: the next one
    for match in _SENTENCE_END.finditer(text, at):
        if match.group() == "\n":
            return match.start()
        if _ABBREVIATION.search(text, max(0, match.start() - 8), match.start() + 1):
            continue
        return match.end()
    return len(text)


class ArticleText(TextArea):
    """Read-only, soft-wrapped article text that can highlight quoted passages.

    Soft-wrapping is most of what opening a long article costs. Textual wrapped a new text up to
    three times (at width 0, at the widget's width, and again on the resize event that the new
    virtual size causes), each pass ~0.6 s for 4 MB. Here the text is wrapped once, with the
    faster wrap of `fast_wrap`, and a rewrap at the width of the last wrap is skipped.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "alt+shift+right,full_stop",
            "select_sentence_end",
            "To sentence end",
            tooltip="Extend the selection to the end of the sentence (again: the next one)",
        ),
    ]

    def __init__(self, **kwargs: object) -> None:
        super().__init__(
            "",
            read_only=True,
            soft_wrap=True,
            show_line_numbers=False,
            highlight_cursor_line=False,
            id="article-text",
            **kwargs,  # type: ignore[arg-type]
        )
        self._quotes: tuple[str, ...] = ()
        self._starts: list[int] | None = None
        self._joined_text: str | None = None

    def _set_document(self, text: str, language: str | None) -> None:
        """TextArea._set_document for plain text, wrapping once, at the real width.

        Textual builds a WrappedDocument (one pass over every line at width 0) and then wraps it
        again at the widget's width; here the document is wrapped directly at that width.
        """
        self._highlight_query = None
        self.document = Document(text)
        self.wrapped_document = FastWrappedDocument(
            self.document, self.wrap_width, tab_width=self.indent_width
        )
        self.navigator = DocumentNavigator(self.wrapped_document)
        self._build_highlight_map()
        self.move_cursor((0, 0))
        self._rewrap_and_refresh_virtual_size()

    def _rewrap_and_refresh_virtual_size(self) -> None:
        wrapped = self.wrapped_document
        if isinstance(wrapped, FastWrappedDocument) and wrapped.wrapped_at == (
            self.wrap_width,
            self.indent_width,
        ):
            self._line_cache.clear()
            self._refresh_size()
            return
        super()._rewrap_and_refresh_virtual_size()

    def show(self, text: str) -> None:
        """Replace the text (the caller has already removed control characters)."""
        self._quotes = ()
        self._starts = None
        self._joined_text = text if "\r" not in text else None
        self.load_text(text)
        self.scroll_home(animate=False)

    # -- character offsets in the whole text ---------------------------------------------------
    # Quote highlighting, the find bar and the review pane work on the text as one string; both
    # it and the index of line starts are built on first use (a 4 MB article opens without).

    @property
    def _joined(self) -> str:
        if self._joined_text is None:
            self._joined_text = self.text
        return self._joined_text

    @property
    def joined(self) -> str:
        """The whole text as one string, lines joined by the document's newline."""
        return self._joined

    @property
    def _line_starts(self) -> list[int]:
        """Offset in `joined` of each line's first character (and one past the end)."""
        if self._starts is None:
            newline = len(self.document.newline)
            starts = [0]
            total = 0
            for line in self.document.lines:
                total += len(line) + newline
                starts.append(total)
            self._starts = starts
        return self._starts

    def offset_of(self, location: tuple[int, int]) -> int:
        row, column = location
        starts = self._line_starts
        return starts[min(row, len(starts) - 1)] + column

    def location_of_offset(self, offset: int) -> tuple[int, int]:
        row = bisect_right(self._line_starts, offset) - 1
        row = max(0, min(row, len(self.document.lines) - 1))
        return row, offset - self._line_starts[row]

    def selected_span(self) -> tuple[int, int]:
        """(start, end) offsets of the selection, in text order."""
        a, b = (self.offset_of(loc) for loc in self.selection)
        return min(a, b), max(a, b)

    def find(
        self, pattern: re.Pattern[str], position: int, direction: int
    ) -> tuple[int, int] | None:
        """The first match starting at/after `position` (direction 1) or the last one starting
        before it (-1), wrapping around the text; None if there is none."""
        text = self._joined
        if direction > 0:
            match = pattern.search(text, position) or pattern.search(text, 0)
            return match.span() if match is not None else None
        before = last = None
        for match in pattern.finditer(text):
            if match.start() < position:
                before = match
            last = match
        found = before or last
        return found.span() if found is not None else None

    def action_select_sentence_end(self) -> None:
        """Extend the selection (or select from the cursor) to the end of the sentence."""
        anchor, cursor = self.selection
        end = sentence_end(self._joined, self.offset_of(cursor))
        self.selection = Selection(anchor, self.location_of_offset(end))
        self.scroll_cursor_visible(animate=False)

    def select_span(self, start: int, end: int) -> None:
        """Select text[start:end] and scroll it into view (the cursor ends up at `end`)."""
        self.selection = Selection(self.location_of_offset(start), self.location_of_offset(end))
        self.scroll_cursor_visible(center=True, animate=False)

    def highlight_quotes(self, quotes: Iterable[str]) -> None:
        """Highlight every occurrence of each quote (whitespace-insensitive, like validation)."""
        wanted = tuple(q for q in quotes if q and q.strip())
        if wanted == self._quotes:
            return
        self._quotes = wanted
        self._build_highlight_map()
        self.refresh()

    def _set_theme(self, theme: str) -> None:
        super()._set_theme(theme)
        styles = dict(self._theme.syntax_styles)
        styles[QUOTE_HIGHLIGHT] = Style(bgcolor="dark_goldenrod", color="black", bold=True)
        self._theme.syntax_styles = styles

    def _build_highlight_map(self) -> None:
        super()._build_highlight_map()
        quotes = getattr(self, "_quotes", ())
        if not quotes:
            return
        text = self._joined
        for quote in quotes:
            pattern = r"\s+".join(re.escape(word) for word in quote.split())
            for match in re.finditer(pattern, text):
                self._add_span(match.start(), match.end())

    def _add_span(self, start: int, end: int) -> None:
        """Add a highlight for text[start:end], split per line, in UTF-8 byte columns."""
        starts = self._line_starts
        row = bisect_right(starts, start) - 1
        lines = self.document.lines
        while row < len(lines) and starts[row] < end:
            line = lines[row]
            col_start = max(start - starts[row], 0)
            col_end = min(end - starts[row], len(line))
            if col_end > col_start:
                b_start = len(line[:col_start].encode("utf-8"))
                b_end = len(line[:col_end].encode("utf-8"))
                self._highlights[row].append((b_start, b_end, QUOTE_HIGHLIGHT))
            row += 1


class ArticleView(Vertical):
    """Header with the article's metadata above the text."""

    def compose(self) -> ComposeResult:
        from coder.tui.widgets.find_bar import FindBar  # it builds on ArticleText

        yield Static("", id="article-title", markup=False)
        yield Static("", id="article-meta", markup=False)
        text = ArticleText()
        yield text
        find = FindBar(text)
        find.display = False
        yield find

    def show(self, *, id: str, title: str, source: str, date: str, text: str) -> None:
        self.query_one("#article-title", Static).update(Content(title or "(untitled)"))
        meta = "  ·  ".join(part for part in (source, date, f"id {id}") if part)
        self.query_one("#article-meta", Static).update(Content(meta))
        self.query_one(ArticleText).show(text)

    @property
    def text_area(self) -> ArticleText:
        return self.query_one(ArticleText)
