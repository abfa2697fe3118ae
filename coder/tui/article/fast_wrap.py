"""Soft-wrapping for the article pane, several times faster than Textual's for plain prose.

Opening an article in a TextArea wraps every line of it; for a 4 MB article Textual's
`compute_wrap_offsets` (a generic routine: tabs, double-width characters, per-chunk cell
lengths) is most of the time spent. Article lines almost never contain tabs or wide characters,
and for those lines the same greedy word wrap is a few integer comparisons per word. Other lines
go through Textual's routine, so the result is identical (a test compares both on random text).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from typing import overload

from textual.expand_tabs import get_tab_widths

from coder.tui.textual_compat import WrappedDocument, compute_wrap_offsets

# Characters that always take exactly one cell and, besides " ", are not whitespace: Latin, Greek
# and Cyrillic letters without combining marks, general punctuation such as curly quotes and
# dashes (a test checks each against Rich).
# Tabs, wide characters, combining marks and anything else go through Textual's routine.
SIMPLE_RANGES = (
    (0x20, 0x7E),
    (0xA1, 0x2FF),
    (0x370, 0x482),
    (0x48A, 0x52F),
    (0x2010, 0x2027),
    (0x2030, 0x205E),
    (0x20AC, 0x20AC),
)
_NOT_SIMPLE = re.compile("[^" + "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b in SIMPLE_RANGES) + "]")


def wrap_offsets(line: str, width: int, tab_size: int) -> list[int]:
    """`textual._wrap.compute_wrap_offsets(line, width, tab_size)`, fast for simple lines.

    Textual's greedy wrap, restated per line break instead of per word: a line starting at `p`
    breaks at the last word start in (p, p + width] (a word start follows a space); if there is
    none the word is longer than the line and is folded at p + width. In simple lines every
    character is one cell and the only whitespace is " ", so `str.rfind` finds the breaks.
    """
    if not width:
        return []
    if _NOT_SIMPLE.search(line):
        return compute_wrap_offsets(line, width, tab_size=tab_size)
    n = len(line)
    if n <= width:
        return []
    out: list[int] = []
    p = 0
    while n - p > width:
        limit = p + width
        j = line.rfind(" ", p, limit)
        s = -1
        if j >= 0:
            if j + 1 < limit or line[limit] != " ":
                s = j + 1
            else:  # a run of spaces reaches past the limit: break before the word it follows
                r = j
                while r > p and line[r - 1] == " ":
                    r -= 1
                k = line.rfind(" ", p, r)
                if k >= 0:
                    s = k + 1
        p = s if s > p else limit  # no word start in (p, limit]: fold the word
        out.append(p)
    return out


class _RowToLine(Sequence[tuple[int, int]]):
    """WrappedDocument's `_offset_to_line_info` (row -> (line, section)) computed on access
    from the first row of each line: a 4 MB article has ~150,000 rows, and building a tuple
    for each was half the cost of opening it."""

    def __init__(self, first_rows: list[int]) -> None:
        self.first_rows = first_rows

    def __len__(self) -> int:
        return self.first_rows[-1]

    @overload
    def __getitem__(self, y: int) -> tuple[int, int]: ...
    @overload
    def __getitem__(self, y: slice) -> list[tuple[int, int]]: ...
    def __getitem__(self, y: int | slice) -> tuple[int, int] | list[tuple[int, int]]:
        if isinstance(y, slice):
            return [self[i] for i in range(*y.indices(len(self)))]
        if y < 0:
            y += len(self)
        if not 0 <= y < len(self):
            raise IndexError(y)
        line = bisect_right(self.first_rows, y) - 1
        return line, y - self.first_rows[line]


class _LineToRows(Sequence[list[int]]):
    """WrappedDocument's `_line_index_to_offsets` (line -> its rows), computed on access."""

    def __init__(self, first_rows: list[int]) -> None:
        self.first_rows = first_rows

    def __len__(self) -> int:
        return len(self.first_rows) - 1

    @overload
    def __getitem__(self, i: int) -> list[int]: ...
    @overload
    def __getitem__(self, i: slice) -> list[list[int]]: ...
    def __getitem__(self, i: int | slice) -> list[int] | list[list[int]]:
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        return list(range(self.first_rows[i], self.first_rows[i + 1]))


def wrap_lines(
    lines: Sequence[str], width: int, tab_width: int, start: int = 0, stop: int | None = None
) -> tuple[list[list[int]], list[list[int]]]:
    """Wrap offsets and tab widths (WrappedDocument's per-line lists) of `lines[start:stop]`.

    A pure function that only reads its arguments, so the article pane can run it in a thread
    for a long article (a Document's list of lines is replaced, never edited, in a read-only
    TextArea).
    """
    wrap_offsets_all: list[list[int]] = []
    line_tab_widths: list[list[int]] = []
    for line in lines[start:stop]:
        if _NOT_SIMPLE.search(line) or not line:
            tab_sections = get_tab_widths(line, tab_width)
            line_tab_widths.append([w for _, w in tab_sections])
            wrap_offsets_all.append(
                compute_wrap_offsets(
                    line, width, tab_size=tab_width, precomputed_tab_sections=tab_sections
                )
                if width
                else []
            )
        else:
            line_tab_widths.append(_NO_TABS)
            wrap_offsets_all.append(wrap_offsets(line, width, tab_width))
    return wrap_offsets_all, line_tab_widths


_NO_TABS = [0]
"""Tab widths of a line without tabs (shared: Textual only reads these lists)."""


class FastWrappedDocument(WrappedDocument):
    """WrappedDocument with the fast `wrap` above and a cached `height` (Textual sums it over
    every line on each layout pass; the article is read-only, so it changes only on `wrap`).

    It can also be wrapped in part (`wrap_part`: some lines wrapped, the others one row each)
    and completed later (`install`), which is how the article pane shows a long article at once
    and wraps the rest in a thread. Textual 8.2.8's WrappedDocument keeps its state in the
    private `_wrap_offsets`, `_offset_to_line_info`, `_line_index_to_offsets`, `_tab_width_cache`
    and `_width`/`_tab_width`; only this class writes them.
    """

    _height: int | None = None
    wrapped_at: tuple[int, int] | None = None
    """(width, tab width) of the last full wrap: the same wrap again would change nothing."""

    def wrap(self, width: int, tab_width: int | None = None) -> None:
        if tab_width:
            self._tab_width = tab_width
        tab_width = self._tab_width
        lines = self.document.lines
        if not width:  # nothing is wrapped at width 0 (Textual would still scan every line)
            self.install(width, tab_width, [[] for _ in lines], [_NO_TABS] * len(lines))
            return
        self.install(width, tab_width, *wrap_lines(lines, width, tab_width))

    def wrap_part(self, width: int, tab_width: int, start: int, stop: int) -> None:
        """Wrap lines[start:stop] only; every other line is one (unwrapped) row for now."""
        lines = self.document.lines
        offsets, tabs = wrap_lines(lines, width, tab_width, start, stop)
        n = len(lines)
        stop = min(stop, n)
        all_offsets: list[list[int]] = [[] for _ in range(start)]
        all_offsets += offsets
        all_offsets += [[] for _ in range(n - stop)]
        all_tabs = [_NO_TABS] * start + tabs + [_NO_TABS] * (n - stop)
        self.install(width, tab_width, all_offsets, all_tabs, complete=False)

    def install(
        self,
        width: int,
        tab_width: int,
        offsets: list[list[int]],
        tab_widths: list[list[int]],
        *,
        complete: bool = True,
    ) -> None:
        """Take per-line wrap offsets and tab widths (from `wrap_lines`) as the wrap."""
        first_rows: list[int] = []
        current = 0
        for line_offsets in offsets:
            first_rows.append(current)
            current += len(line_offsets) + 1
        first_rows.append(current)
        self._width = width
        self._tab_width = tab_width
        self._wrap_offsets = offsets
        self._offset_to_line_info = _RowToLine(first_rows)  # type: ignore[assignment]
        self._line_index_to_offsets = _LineToRows(first_rows)  # type: ignore[assignment]
        self._tab_width_cache = tab_widths
        self._height = current
        self.wrapped_at = (width, tab_width) if complete else None

    def wrap_range(self, *args: object, **kwargs: object) -> None:  # edits (never, read-only)
        self._height = None
        self.wrapped_at = None
        # Textual's incremental rewrap edits these in place: give it real lists.
        self._offset_to_line_info = list(self._offset_to_line_info)
        self._line_index_to_offsets = [list(rows) for rows in self._line_index_to_offsets]
        self._tab_width_cache = [list(widths) for widths in self._tab_width_cache]
        super().wrap_range(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def height(self) -> int:
        if self._height is None:
            self._height = sum(len(offsets) + 1 for offsets in self._wrap_offsets)
        return self._height
