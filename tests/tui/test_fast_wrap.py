"""The article pane's fast soft-wrap gives exactly Textual's wrap offsets."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import get_character_cell_size
from textual._cells import cell_len
from textual._wrap import compute_wrap_offsets
from textual.document._document import Document
from textual.document._wrapped_document import WrappedDocument
from textual.geometry import Offset

from coder.tui.article.fast_wrap import SIMPLE_RANGES, FastWrappedDocument, wrap_offsets

# Mostly prose; also long words, runs of spaces, tabs, curly quotes, CJK (double width) and
# combining marks, so both the fast path and the fallback are exercised.
ALPHABET = st.sampled_from(
    [*"abc de  fgh ij\tk“”’é—ж", "x" * 30, "中", "\u0301", "\u064b", "  ", "\u00ad", "\xa0", "   "]
)


def test_simple_characters_are_one_cell_wide() -> None:
    for low, high in SIMPLE_RANGES:
        for code in range(low, high + 1):
            assert get_character_cell_size(chr(code)) == 1 == cell_len(chr(code)), hex(code)


LINES = st.lists(ALPHABET, max_size=80).map("".join)


@settings(max_examples=2000, deadline=None)
@given(line=LINES, width=st.integers(min_value=1, max_value=40))
def test_same_offsets_as_textual(line: str, width: int) -> None:
    assert wrap_offsets(line, width, 4) == compute_wrap_offsets(line, width, tab_size=4)


@settings(max_examples=100, deadline=None)
@given(lines=st.lists(LINES, min_size=1, max_size=8), width=st.integers(min_value=1, max_value=40))
def test_wrapped_document_state_matches(lines: list[str], width: int) -> None:
    document = Document("\n".join(lines))
    expected = WrappedDocument(document, width, tab_width=4)
    fast = FastWrappedDocument(document, 0, tab_width=4)
    fast.wrap(width, 4)
    assert fast._wrap_offsets == expected._wrap_offsets
    assert list(fast._offset_to_line_info) == expected._offset_to_line_info
    assert list(fast._line_index_to_offsets) == expected._line_index_to_offsets
    assert fast._tab_width_cache == expected._tab_width_cache
    assert fast.height == expected.height
    assert fast.lines == expected.lines


def test_a_partial_wrap_wraps_its_lines_and_leaves_the_others_one_row() -> None:
    lines = [("word " * (7 * n + 3)).strip() for n in range(12)]
    document = Document("\n".join(lines))
    full = FastWrappedDocument(document, 20, tab_width=4)
    part = FastWrappedDocument(document, 20, tab_width=4)
    part.wrap_part(20, 4, 3, 7)
    assert part.wrapped_at is None and full.wrapped_at == (20, 4)
    for i in range(len(lines)):
        expected = full.get_offsets(i) if 3 <= i < 7 else []
        assert part.get_offsets(i) == expected, i
    assert part.height == len(lines) + sum(len(full.get_offsets(i)) for i in range(3, 7))
    row = part.location_to_offset((5, 0)).y
    assert part.offset_to_location(Offset(0, row)) == (5, 0)
    part.install(20, 4, full._wrap_offsets, full._tab_width_cache)
    assert part.height == full.height and part.wrapped_at == (20, 4)
