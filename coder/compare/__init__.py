"""Comparing coders: incident alignment, agreement per field, and the report a lead reads.

`alignment` pairs the coders' incidents into units; `data` turns values into units x coders
matrices; `stats` computes the figures with coder.agreement; `engine.compare` puts them together
into a `results.ComparisonReport`; `json_form` and `report` (table, Markdown, CSV) present it.
"""

from coder.compare.engine import compare
from coder.compare.json_form import report_json
from coder.compare.report import run_compare
from coder.compare.results import (
    COMPARED_STATUSES,
    CompareError,
    ComparisonReport,
    Disagreement,
    FieldResult,
)

__all__ = [
    "COMPARED_STATUSES",
    "CompareError",
    "ComparisonReport",
    "Disagreement",
    "FieldResult",
    "compare",
    "report_json",
    "run_compare",
]
