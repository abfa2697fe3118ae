"""Another revision's `coder` package beside this tree's, for the benchmarks' `--baseline REV`.

A ratio taken in one run, the same commands on both revisions' code alternating under the same
load, is what these shared, noisy machines can measure; seconds from different runs are not.
"""

from __future__ import annotations

import subprocess
import tarfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def baseline_code(rev: str, into: Path) -> Path:
    """`coder/` of git revision `rev` unpacked under `into / "code"`; returns the folder to put
    first on PYTHONPATH (or sys.path) to run that revision's code."""
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", rev, "coder"], check=True, capture_output=True
    ).stdout
    target = into / "code"
    target.mkdir(parents=True, exist_ok=True)
    tar_path = into / "code.tar"
    tar_path.write_bytes(archive)
    with tarfile.open(tar_path) as tar:
        tar.extractall(target, filter="data")
    return target
