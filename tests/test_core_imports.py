"""The core never imports Textual: `coder check`/`export` must work without a terminal and fast."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

CORE = [
    "coder.codebook.model",
    "coder.codebook.loader",
    "coder.codebook.values",
    "coder.articles",
    "coder.store.coder_store",
    "coder.project",
    "coder.exchange.export",
    "coder.exchange.importer",
    "coder.checks",
    "coder.config",
    "coder.agreement",
    "coder.compare.engine",
    "coder.gold.store",
    "coder.compare.report",
    "coder.cli",
]


def test_core_modules_do_not_import_textual() -> None:
    present = [m for m in CORE if importlib.util.find_spec(m) is not None]
    assert "coder.cli" in present and "coder.articles" in present
    code = (
        "import importlib, sys\n"
        f"for name in {present!r}:\n"
        "    importlib.import_module(name)\n"
        "from coder import cli\n"
        "cli.build_parser()\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"textual imported by the core: {result.stdout}"
