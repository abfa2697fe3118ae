"""The rows of a CSV file that hold something, each with the line it starts on.

Articles, imports and the gazetteer all read CSV the same way: a row's line number is where it
starts (a quoted cell may span lines, so it is taken before the row is read), rows of blank
cells are passed over, and a row the csv module cannot read ends the file with a message for the
caller to report in its own way (after it, the reader's position means nothing).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Any


def csv_rows(reader: Any) -> Iterator[tuple[int, list[str], str]]:
    """(line, row, "") for each row with a non-blank cell of `reader` (a `csv.reader`), then,
    if a row cannot be read, (line, [], why) as the last item."""
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            yield line, [], str(e) or "the csv module refused it"  # never "": it is the signal
            return
        if any(cell.strip() for cell in row):
            yield line, row, ""
