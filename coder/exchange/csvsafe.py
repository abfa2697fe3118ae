"""The one CSV-injection guard: every CSV coder writes goes through `neutralise` (`safe_writer`).

A spreadsheet runs a cell as a formula when its first meaningful character is `=`, `+`, `-` or
`@` (and LibreOffice/Excel also trigger DDE through `|`). "Meaningful" is wider than it looks:
Excel skips leading spaces, tabs and line breaks, non-breaking and ideographic spaces
(U+00A0, U+3000), and invisible format characters (BOM U+FEFF, zero-width U+200B, bidi
overrides U+202E...), and some locales read full-width `＝＋－＠` as the ASCII signs. So a value
is looked at after all of those, and if what is left would start a formula (or start with a
quote, see below), the whole cell gets one leading `'`, which spreadsheets show as text and
`coder import` removes again (`unneutralise`).

Plain numbers (`-3`, `+2.5`, `1e5`) are left alone: they are data, and a minus sign that starts
a number runs nothing. A cell that itself starts with `'` is quoted too, so `unneutralise` is an
exact inverse: unneutralise(neutralise(x)) == x for every text x (tested with hypothesis).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable
from typing import Any, TextIO

FORMULA_START = frozenset("=+-@|\t\r\n'") | frozenset("\uff1d\uff0b\uff0d\uff20\uff5c")
"""Characters that make a cell a formula (or DDE) when first; full-width forms included."""

_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", re.ASCII)


def _skipped(ch: str) -> bool:
    """Characters a spreadsheet passes over before deciding a cell is a formula."""
    return ch.isspace() or unicodedata.category(ch) in ("Cf", "Cc", "Zs", "Zl", "Zp")


def needs_quote(cell: str) -> bool:
    """Would a spreadsheet run `cell` (or is it already one of our quoted cells)?"""
    if not cell or (cell[0].isascii() and cell[0].isalnum()):
        return False  # the common case (a word, a code, a date): one check, no regex
    if _PLAIN_NUMBER.fullmatch(cell):
        return False
    for ch in cell:
        if ch in FORMULA_START:
            return True
        if not _skipped(ch):
            return False
    return False


def neutralise(cell: str) -> str:
    """`cell`, or `'` + `cell` when a spreadsheet would run it (see the module docstring)."""
    return "'" + cell if needs_quote(cell) else cell


def unneutralise(cell: str) -> str:
    """Undo `neutralise`: drop the one quote it adds (exact inverse)."""
    if cell.startswith("'") and needs_quote(cell[1:]):
        return cell[1:]
    return cell


class SafeWriter:
    """`csv.writer` with every cell, header included, passed through `neutralise`."""

    def __init__(self, out: TextIO, **kwargs: Any) -> None:
        self._writer = csv.writer(out, **kwargs)

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow([neutralise("" if c is None else str(c)) for c in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def safe_writer(out: TextIO, **kwargs: Any) -> SafeWriter:
    """The CSV writer every CSV of coder is written with (export, gold, compare reports)."""
    return SafeWriter(out, **kwargs)
