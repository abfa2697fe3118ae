"""Records in and out of coder: CSV and JSONL exports, and all-or-nothing imports.

`export` writes what R, Stata, pandas and spreadsheets read (formulas neutralised); `importer`
reads the same shapes back, every bad row reported with its line, nothing written on error.
"""

from coder.exchange.export import (
    ExchangeError,
    ExportSource,
    ExportSummary,
    export,
    neutralise,
    unneutralise,
)
from coder.exchange.importer import ImportFailed, ImportSummary, import_file

__all__ = [
    "ExchangeError",
    "ExportSource",
    "ExportSummary",
    "ImportFailed",
    "ImportSummary",
    "export",
    "import_file",
    "neutralise",
    "unneutralise",
]
