"""The comparison of a generated project is exactly the report of the code before the speed-ups.

tests/fixtures/compare_golden.json was written by f2324ac (see tests/compare_golden.py): every
figure, unit, disagreement and drift warning of 4 coders x 80 articles with the shipped codebook.
The faster paths (drift check, alignment features, members sharing the records' values,
disagreements read row by row, memoised validation) must not change a byte of it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.compare_golden import golden_report

FIXTURE = Path(__file__).parent / "fixtures" / "compare_golden.json"


def _first_difference(a: Any, b: Any, where: str = "") -> str | None:
    if type(a) is not type(b):
        return f"{where}: {a!r} != {b!r}"
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                return f"{where}.{k}: only in {'new' if k in a else 'fixture'}"
            found = _first_difference(a[k], b[k], f"{where}.{k}")
            if found:
                return found
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{where}: {len(a)} items != {len(b)}"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            found = _first_difference(x, y, f"{where}[{i}]")
            if found:
                return found
        return None
    return None if a == b else f"{where}: {a!r} != {b!r}"


def test_report_is_the_one_the_code_before_made() -> None:
    expected = json.loads(FIXTURE.read_text())
    got = json.loads(json.dumps(golden_report()))
    assert got["disagreements"] and got["units"] and got["codebook_drift"]["warnings"]
    assert _first_difference(got, expected) is None, _first_difference(got, expected)
