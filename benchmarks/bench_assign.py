"""How long `coder assign` takes to plan a large team, against a trivial split in the same run.

For (articles, coders) = (1k, 5), (10k, 30), (50k, 100), with a 20% overlap coded by 2 coders, it
times in one run:

* baseline: a plain round-robin split of the article ids (no weights, no overlap, no pairs);
* plan: `make_plan` from scratch (seeded sample, pair-spreading overlap deal, weighted singles);
* extend: `make_plan` again with 10% more articles, one coder gone and one new, half of every
  coder's articles started (the re-run a lead does weekly);
* write: `write_plan` + `load_plan` of assignments.yaml (validated against the article ids).

Prints a Markdown table with the ratios to the baseline. `--quick` runs the first two sizes.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from coder.team import Request, load_plan, make_plan, write_plan


def best(fn: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def round_robin(ids: list[str], coders: list[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {c: [] for c in coders}
    for i, a in enumerate(ids):
        out[coders[i % len(coders)]].append(a)
    return out


def run(n: int, c: int, tmp: Path) -> str:
    ids = [f"article-{i:06d}" for i in range(n)]
    coders = [f"coder{i:03d}" for i in range(c)]
    req = Request(coders, {coders[0]: 2.0}, overlap_fraction=0.2, seed=1)
    base = best(lambda: round_robin(ids, coders))
    plan_t = best(lambda: make_plan(ids, req))
    first = make_plan(ids, req).plan
    started = {k: set(v[: len(v) // 2]) for k, v in first.assignments.items()}
    more = ids + [f"new-{i:06d}" for i in range(n // 10)]
    req2 = Request([*coders[1:], "newcomer"], {})
    extend_t = best(lambda: make_plan(more, req2, old=first, started=started))
    path = tmp / f"plan-{n}.yaml"
    known = set(ids)

    def io() -> None:
        write_plan(path, first)
        load_plan(path, known)

    io_t = best(io)
    cov, pairs = first.pairs_covered()
    return (
        f"| {n:,} | {c} | {base * 1000:.1f} ms | {plan_t * 1000:.0f} ms ({plan_t / base:.0f}x) | "
        f"{extend_t * 1000:.0f} ms ({extend_t / base:.0f}x) | {io_t * 1000:.0f} ms "
        f"({io_t / base:.0f}x) | {cov}/{pairs} |"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    sizes = [(1_000, 5), (10_000, 30)] if args.quick else [(1_000, 5), (10_000, 30), (50_000, 100)]
    print("| articles | coders | round-robin | plan | extend | write+read yaml | pairs covered |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for n, c in sizes:
            print(run(n, c, Path(tmp)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
