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
from textual.binding import Binding, BindingType
from textual.geometry import Offset
from textual.message import Message
from textual.widgets import TextArea
from textual.widgets.text_area import Document, DocumentNavigator, Selection

from coder.tui.article.fast_wrap import FastWrappedDocument, wrap_lines
from coder.tui.textual_compat import SteadyScrollSize

QUOTE_HIGHLIGHT = "coder.quote"
SUGGEST_HIGHLIGHT = "coder.suggestion"
"""The words a suggested value came from (coder.suggest), drawn over the quote's highlight."""


def quote_pattern(quote: str) -> str:
    """Regex for a passage where any run of whitespace matches any run (a quote taken across a
    line break still lines up with the text). Empty for a blank quote."""
    return r"\s+".join(re.escape(word) for word in quote.split())


BACKGROUND_WRAP_CHARS = 200_000
"""Texts longer than this are wrapped in a thread (a 4 MB article takes ~0.1-0.3 s to wrap);
shorter ones at once (a typical article: about a millisecond)."""
FIRST_WRAP_CHARS = 30_000
"""Of a long text, this much from the top of the view is wrapped at once (several screens)."""

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


class ArticleText(SteadyScrollSize, TextArea):
    """Read-only, soft-wrapped article text that can highlight quoted passages.

    Soft-wrapping is most of what opening a long article costs. Textual wrapped a new text up to
    three times (at width 0, at the widget's width, and again on the resize event that the new
    virtual size causes), each pass ~0.6 s for 4 MB. Here the text is wrapped once, with the
    faster wrap of `fast_wrap`, and a rewrap at the width of the last wrap is skipped.

    A text over BACKGROUND_WRAP_CHARS is not waited for: the lines from the top of the view
    (FIRST_WRAP_CHARS) are wrapped at once, the others show as one row each, and the whole text
    is wrapped in a thread and installed when it is done, unless another text or width came
    since (a generation counter). The Document is the real one from the start, so selection,
    find, quote highlights and ctrl+e work during the wrap; only rows below the first screens
    look unwrapped meanwhile. Textual 8.2.8 internals used here (and only here and in
    fast_wrap): `_set_document`, `_rewrap_and_refresh_virtual_size`, `_refresh_size`,
    `_line_cache`, `_recompute_cursor_offset`, `_highlights`, `_build_highlight_map`.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "alt+shift+right,full_stop",
            "select_sentence_end",
            "To sentence end",
            tooltip="Extend the selection to the end of the sentence (again: the next one)",
        ),
    ]

    class Wrapped(Message, bubble=False):
        """From the wrap thread: the wrap of generation `generation` (stale ones are dropped)."""

        def __init__(
            self,
            generation: int,
            width: int,
            tab_width: int,
            wrap: tuple[list[list[int]], list[list[int]]],
        ) -> None:
            super().__init__()
            self.generation = generation
            self.width = width
            self.tab_width = tab_width
            self.wrap = wrap

    class WrapState(Message):
        """A background wrap started or finished (the article view says "wrapping 4.2 MB…")."""

        def __init__(self, wrapping: bool, chars: int) -> None:
            super().__init__()
            self.wrapping = wrapping
            self.chars = chars

    def __init__(self, **kwargs: object) -> None:
        # Set before TextArea.__init__, which loads the (empty) text.
        self._quotes: tuple[str, ...] = ()
        self._suggested_spans: tuple[tuple[int, int], ...] = ()
        self._starts: list[int] | None = None
        self._joined_text: str | None = None
        self._text_chars = 0
        self._generation = 0
        """Incremented by every new text or width: a wrap of an older one is ignored."""
        self._pending: tuple[int, int] | None = None
        """(width, tab width) of the wrap running in the background, if any."""
        super().__init__(
            "",
            read_only=True,
            soft_wrap=True,
            show_line_numbers=False,
            highlight_cursor_line=False,
            id="article-text",
            **kwargs,  # type: ignore[arg-type]
        )

    @property
    def wrapping(self) -> bool:
        """True while the lines below the first screens are still being wrapped in the
        background (they show unwrapped meanwhile; the text, selection and find all work)."""
        return self._pending is not None

    def _set_document(self, text: str, language: str | None) -> None:
        """TextArea._set_document for plain text, wrapping once, at the real width.

        Textual builds a WrappedDocument (one pass over every line at width 0) and then wraps it
        again at the widget's width; here the document is wrapped directly at that width (for a
        long text: its first screens; `_wrap` does the rest in a thread).
        """
        self._highlight_query = None
        self._text_chars = len(text)
        self._joined_text = self._starts = None
        self.document = Document(text)
        self.wrapped_document = FastWrappedDocument(self.document, 0, tab_width=self.indent_width)
        self.navigator = DocumentNavigator(self.wrapped_document)
        self._build_highlight_map()
        self._pending = None
        # The cursor first: the wrap places it, and the previous text's cursor may lie past the
        # end of this one (line 23 of a 46-line article, then a 16-line one: Textual raised
        # "line index out of bounds" and the app exited on the next article).
        self.move_cursor((0, 0))
        self._wrap(top_line=0)

    def _rewrap_and_refresh_virtual_size(self) -> None:
        # TextArea calls this on resize and when soft_wrap changes; a wrap at the width of the
        # last complete (or running) wrap would change nothing.
        wrapped = self.wrapped_document
        key = (self.wrap_width, self.indent_width)
        if not isinstance(wrapped, FastWrappedDocument):
            super()._rewrap_and_refresh_virtual_size()
        elif wrapped.wrapped_at == key or self._pending == key:
            self._line_cache.clear()
            self._refresh_size()
        else:
            self._wrap(top_line=self._top_line())

    def _top_line(self) -> int:
        if not self.wrapped_document.height:
            return 0
        return self.wrapped_document.offset_to_location(Offset(0, round(self.scroll_y)))[0]

    def _wrap(self, top_line: int) -> None:
        """Wrap at the current width: a short text at once; of a long one the lines from
        `top_line` on (the view) at once and all of it in a thread, installed by `_on_wrapped`.
        The view keeps `top_line` at its top."""
        wrapped = self.wrapped_document
        assert isinstance(wrapped, FastWrappedDocument)
        self._generation += 1
        width, tab_width = self.wrap_width, self.indent_width
        if not width or self._text_chars <= BACKGROUND_WRAP_CHARS:
            self._pending = None
            wrapped.wrap(width, tab_width)
        else:
            lines = self.document.lines
            stop, chars = top_line, 0
            while stop < len(lines) and chars < FIRST_WRAP_CHARS:
                chars += len(lines[stop]) + 1
                stop += 1
            wrapped.wrap_part(width, tab_width, top_line, stop)
            self._pending = (width, tab_width)
            # After the next paint: the screen shows first, and a layout passing through
            # several widths (start-up does) starts only one thread, for the last one.
            self.call_after_refresh(self._start_wrap_thread, self._generation)
            self.post_message(self.WrapState(True, self._text_chars))
        self._line_cache.clear()
        self._refresh_size()
        if top_line:
            self.scroll_to(
                y=wrapped.location_to_offset((top_line, 0)).y, animate=False, immediate=True
            )
        self._recompute_cursor_offset()  # type: ignore[no-untyped-call]

    def _start_wrap_thread(self, generation: int, settled: bool = False) -> None:
        if generation != self._generation or self._pending is None:
            return  # a newer text or width came first
        if not settled:
            # One more refresh: start-up's last width (the screen's breakpoint class narrows the
            # pane) comes with the layout after the first paint; a thread for the width before
            # would wrap 4 MB for nothing.
            self.call_after_refresh(self._start_wrap_thread, generation, True)
            return
        lines = self.document.lines
        width, tab_width = self._pending

        def wrap_all() -> None:  # in a thread: reads the (never edited) list of lines only
            result = wrap_lines(lines, width, tab_width)
            self.post_message(self.Wrapped(generation, width, tab_width, result))

        self.run_worker(wrap_all, thread=True, group="article-wrap", exit_on_error=False)

    def _on_article_text_wrapped(self, message: ArticleText.Wrapped) -> None:
        message.stop()
        wrapped = self.wrapped_document
        if (
            message.generation != self._generation
            or self._pending != (message.width, message.tab_width)
            or not isinstance(wrapped, FastWrappedDocument)
        ):
            return  # another text or width since: a newer wrap is on its way
        top = wrapped.offset_to_location(Offset(0, round(self.scroll_y)))
        cursor_row = wrapped.location_to_offset(self.cursor_location).y
        cursor_in_view = 0 <= cursor_row - self.scroll_y < self.scrollable_content_region.height
        wrapped.install(message.width, message.tab_width, *message.wrap)
        self._pending = None
        self._line_cache.clear()
        self._refresh_size()
        self._recompute_cursor_offset()  # type: ignore[no-untyped-call]
        # The rows above the view may have changed: keep its top line (and the cursor) in view.
        self.scroll_to(y=wrapped.location_to_offset(top).y, animate=False, immediate=True)
        if cursor_in_view:
            self.scroll_cursor_visible(animate=False)
        self.refresh()
        self.post_message(self.WrapState(False, self._text_chars))

    def show(self, text: str) -> None:
        """Replace the text (the caller has already removed control characters)."""
        self._quotes = ()
        self._suggested_spans = ()
        self.load_text(text)
        self.scroll_home(animate=False)

    # -- character offsets in the whole text ---------------------------------------------------
    # Quote highlighting, the find bar and the review pane work on the text as one string; both
    # it and the index of line starts are built on first use (a 4 MB article opens without).

    @property
    def _joined(self) -> str:
        if self._joined_text is None:
            # The document's own lines joined (str.splitlines also splits at \u2028 and
            # others), so offsets agree with `_line_starts` whatever the line separators.
            self._joined_text = self.document.text
        return self._joined_text

    @property
    def text(self) -> str:
        """TextArea.text, joined once per text: Textual 8.2.8's `render_line` reads `self.text`
        for every row it renders (to decide whether to draw the placeholder), which joined a
        4 MB document again per row, ~40 ms per repaint of the pane."""
        return self._joined

    @text.setter
    def text(self, value: str) -> None:
        self.load_text(value)

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

    def highlight_suggestions(self, spans: Iterable[tuple[int, int]]) -> None:
        """Mark the words suggestions came from: offsets into the text."""
        wanted = tuple(sorted(set(spans)))
        if wanted == self._suggested_spans:
            return
        self._suggested_spans = wanted
        self._build_highlight_map()
        self.refresh()

    def _set_theme(self, theme: str) -> None:
        super()._set_theme(theme)
        styles = dict(self._theme.syntax_styles)
        styles[QUOTE_HIGHLIGHT] = Style(bgcolor="dark_goldenrod", color="black", bold=True)
        styles[SUGGEST_HIGHLIGHT] = Style(bgcolor="dark_cyan", color="white", underline=True)
        self._theme.syntax_styles = styles

    def _build_highlight_map(self) -> None:
        super()._build_highlight_map()
        quotes = getattr(self, "_quotes", ())
        text = self._joined
        for quote in quotes:
            for match in re.finditer(quote_pattern(quote), text):
                self._add_span(match.start(), match.end())
        for start, end in getattr(self, "_suggested_spans", ()):
            self._add_span(start, end, SUGGEST_HIGHLIGHT)

    def _add_span(self, start: int, end: int, name: str = QUOTE_HIGHLIGHT) -> None:
        """Add highlight `name` for text[start:end], split per line, in UTF-8 byte columns."""
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
                self._highlights[row].append((b_start, b_end, name))
            row += 1
