"""The coders-vs-gold panel (review `v`, `coder compare --against gold`) against plain compare.

The panel compares every coder with the gold set on top of the review's own comparison: one
coder + gold comparison per coder, plus building the gold records. Is it cheap next to the
comparison the dashboard already ran? Synthetic codings (bench_compare.synthetic) with a lead's
decision on half of the disagreements (the first coder's value), in memory; CPU time
(time.process_time, stable on a shared machine) of `compare(bootstrap=0)` as the baseline and of
`compare_with_gold(report=...)` as the panel computes it, as a ratio in the same run.

    .venv/bin/python benchmarks/bench_vs_gold.py [--sizes 3x200,5x400]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_compare import synthetic  # noqa: E402

from coder.codebook.loader import load_codebook  # noqa: E402
from coder.compare import compare  # noqa: E402
from coder.gold.against import compare_with_gold  # noqa: E402
from coder.gold.build import Adjudication  # noqa: E402
from coder.gold.store import Decision  # noqa: E402


def _cpu(fn: object, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        fn()  # type: ignore[operator]
        best = min(best, time.process_time() - t0)
    return best


def run(coders: int, articles: int) -> dict[str, float | int]:
    cb = load_codebook(ROOT / "codebook.yaml")
    records = synthetic(cb, coders, articles, noise=0.15)
    report = compare(cb, records, bootstrap=0)
    adj = Adjudication(cb, report, records)
    decisions: dict[tuple[str, str], Decision] = {}
    for n, item in enumerate(adj.items()):
        if n % 2 or item.field.startswith("@"):
            continue
        unit = item.unit
        coder = next(c for c in unit.members if unit.value(c, item.field) is not None)
        decisions[(unit.key, item.field)] = Decision(
            unit.key, item.field, unit.value(coder, item.field), [coder],
            unit.based_on(item.field), "lead", "2026-01-01T00:00:00+00:00",
        )  # fmt: skip
    base = _cpu(lambda: compare(cb, records, bootstrap=0))
    panel = _cpu(lambda: compare_with_gold(cb, records, decisions, report=report))
    return {"coders": coders, "articles": articles, "decisions": len(decisions),
            "compare_s": base, "panel_s": panel, "ratio": panel / base}  # fmt: skip


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", default="3x200,5x400", help="CODERSxARTICLES,...")
    args = p.parse_args()
    print(f"{'coders':>6} {'articles':>8} {'decisions':>9} {'compare s':>10} {'panel s':>8} ratio")
    for size in args.sizes.split(","):
        c, a = (int(x) for x in size.split("x"))
        r = run(c, a)
        print(f"{r['coders']:>6} {r['articles']:>8} {r['decisions']:>9} {r['compare_s']:>10.3f} "
              f"{r['panel_s']:>8.3f} {r['ratio']:.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
