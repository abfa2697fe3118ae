"""Krippendorff's alpha: coder.agreement against the `krippendorff` package, same data, one run.

    .venv/bin/python benchmarks/bench_alpha.py [--units 100000]

The package builds a units x V x V coincidence array (V = distinct values), so its memory grows with
V^2; it runs here in a subprocess limited to ~6 GB of address space so that a MemoryError is
reported instead of taking the machine down. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

import numpy as np

from coder.agreement import bootstrap_alpha_ci, krippendorff_alpha

LIMIT_BYTES = 6 * 1024**3
CHILD = """
import resource, sys, time
import numpy as np
resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
import krippendorff
data = np.load(sys.argv[1])
best = float("inf")
try:
    for _ in range(3):
        t = time.perf_counter()
        a = krippendorff.alpha(reliability_data=data.T, level_of_measurement=sys.argv[2])
        best = min(best, time.perf_counter() - t)
except MemoryError:
    print("MemoryError")
else:
    print(f"{{best:.6f}} {{float(a)!r}}")
"""


def make_data(units: int, coders: int, distinct: int, seed: int) -> np.ndarray:
    """Units with a true value, coders agreeing ~80%, ~10% missing (NaN)."""
    rng = np.random.default_rng(seed)
    truth = rng.integers(0, distinct, size=units)
    noise = rng.integers(0, distinct, size=(units, coders))
    data = np.where(rng.random((units, coders)) < 0.8, truth[:, None], noise).astype(float)
    data[rng.random(data.shape) < 0.1] = np.nan
    return data


def package(data: np.ndarray, level: str) -> tuple[str, float | None, float | None]:
    """(status, seconds, alpha) of krippendorff.alpha in a memory-limited subprocess."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "data.npy"
        np.save(path, data)
        proc = subprocess.run(
            [sys.executable, "-c", CHILD.format(limit=LIMIT_BYTES), str(path), level],
            capture_output=True,
            text=True,
            check=False,
        )
    out = proc.stdout.strip()
    if out == "MemoryError" or "MemoryError" in proc.stderr:
        return "MemoryError", None, None
    if proc.returncode != 0 or not out:
        return f"failed ({proc.stderr.strip().splitlines()[-1:]})", None, None
    seconds, alpha = out.split()
    return "ok", float(seconds), float(alpha)


def ours(data: Any, level: str, repeat: int = 3) -> tuple[float, float | None, float]:
    """(best seconds, alpha, peak MiB traced) of coder.agreement.krippendorff_alpha."""
    best = float("inf")
    alpha = None
    for _ in range(repeat):
        t = time.perf_counter()
        alpha = krippendorff_alpha(data, level).alpha
        best = min(best, time.perf_counter() - t)
    tracemalloc.start()
    krippendorff_alpha(data, level)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return best, alpha, peak


def fmt(x: float | None, digits: int = 3) -> str:
    return "-" if x is None else f"{x:.{digits}f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--coders", type=int, default=5)
    args = parser.parse_args()
    rows: list[list[str]] = []
    header = ["case", "ours (s)", "ours peak MiB", "package (s)", "package / ours", "alpha ours",
              "alpha package"]  # fmt: skip

    cases = [
        ("nominal, ~10 categories", make_data(args.units, args.coders, 10, 1), "nominal"),
        ("interval, count with 150 values", make_data(args.units, args.coders, 150, 2), "interval"),
        ("ordinal, 150 values", make_data(args.units, args.coders, 150, 2), "ordinal"),
        ("ratio, 150 values", make_data(args.units, args.coders, 150, 2), "ratio"),
    ]
    for name, data, level in cases:
        label = f"{name} ({args.coders} coders x {args.units:,} units)"
        sec, alpha, peak = ours(data, level)
        status, their_sec, their_alpha = package(data, level)
        ratio = f"{their_sec / sec:.1f}x" if their_sec else status
        rows.append([label, fmt(sec), f"{peak:.0f}", fmt(their_sec) if their_sec else status,
                     ratio, fmt(alpha, 6), fmt(their_alpha, 6)])  # fmt: skip
        if level == "nominal":  # the path compare.py uses: Python lists, None = missing
            lists = [[None if np.isnan(v) else int(v) for v in row] for row in data]
            sec_l, alpha_l, peak_l = ours(lists, level)
            rows.append([f"{label}, list-of-lists input", fmt(sec_l), f"{peak_l:.0f}",
                         fmt(their_sec) if their_sec else status,
                         f"{their_sec / sec_l:.1f}x" if their_sec else status,
                         fmt(alpha_l, 6), fmt(their_alpha, 6)])  # fmt: skip

    articles, per_article = 10_000, 3
    groups = np.repeat(np.arange(articles), per_article).tolist()
    for level, distinct in (("nominal", 10), ("interval", 150), ("ordinal", 10)):
        data = make_data(articles * per_article, args.coders, distinct, 3)
        t = time.perf_counter()
        ci = bootstrap_alpha_ci(data, level, groups, n_boot=1000, seed=0)
        sec = time.perf_counter() - t
        case = f"bootstrap CI B=1000, {level}, {articles:,} articles x {per_article} units"
        interval = f"[{fmt(ci.low)}, {fmt(ci.high)}]"
        rows.append([case, fmt(sec), "-", "n/a", "n/a", interval, "-"])

    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print(
        f"\npackage run in a subprocess with RLIMIT_AS = {LIMIT_BYTES / 1024**3:.0f} GiB "
        f"(best of 3); ours best of 3, numpy {np.__version__}"
    )


if __name__ == "__main__":
    main()
