"""coder.csv_rows: the one walk over CSV rows that articles, imports and the gazetteer share."""

from __future__ import annotations

import csv
import io

from coder.csv_rows import csv_rows


def rows(text: str) -> list[tuple[int, list[str], str]]:
    return list(csv_rows(csv.reader(io.StringIO(text, newline=""))))


def test_rows_are_numbered_by_the_line_they_start_on_and_blank_ones_passed_over() -> None:
    text = 'id,text\n\na,"two\nlines"\n , \nb,after\n'
    assert rows(text) == [
        (1, ["id", "text"], ""),
        (3, ["a", "two\nlines"], ""),
        (6, ["b", "after"], ""),
    ]


def test_an_unreadable_row_ends_the_walk_with_why() -> None:
    # A small limit of its own: reading CSV articles raises the process-wide limit to 2**31 - 1
    # (coder.articles), and a field one longer than that, after such a test in the same worker,
    # took 23 GB until the kernel killed the worker.
    limit = csv.field_size_limit(1_000)
    try:
        found = rows(f"id,text\na,{'x' * 1_001}\nb,after\n")
    finally:
        csv.field_size_limit(limit)
    assert found[0] == (1, ["id", "text"], "")
    line, row, why = found[-1]
    assert (line, row, len(found)) == (2, [], 2)
    assert "field larger than field limit" in why
