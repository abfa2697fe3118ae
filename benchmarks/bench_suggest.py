"""Precision and recall of the suggestions on the five samples (the table in the README).

    .venv/bin/python benchmarks/bench_suggest.py [--wrong]

Scores `coder.suggest` against tests/fixtures/suggest_expectations.yaml (hand-coded incidents of
samples/) with the shipped codebook and gazetteer, and prints the per-field table; `--wrong`
also lists every wrong suggestion. Also times the suggestion of every incident (CPU time, a
ratio to loading the codebook in the same run, which is stable under load).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from coder.codebook import load_codebook
from coder.suggest.score import Case, load_cases, score, table

ROOT = Path(__file__).resolve().parent.parent
EXPECTATIONS = ROOT / "tests" / "fixtures" / "suggest_expectations.yaml"


def sample_cases() -> list[Case]:
    return load_cases(EXPECTATIONS, ROOT / "samples")


def main() -> int:
    t0 = time.process_time()
    codebook = load_codebook(ROOT / "codebook.yaml")
    load_cpu = time.process_time() - t0
    cases = sample_cases()
    t0 = time.process_time()
    tallies = score(codebook, cases)
    score_cpu = time.process_time() - t0
    print(table(tallies))
    if "--wrong" in sys.argv:
        print()
        for name, t in tallies.items():
            for w in t.wrong:
                print(f"wrong {name}: {w}")
    per = score_cpu / len(cases)
    print(
        f"\n{len(cases)} incidents; suggesting one costs {1000 * per:.1f} ms CPU "
        f"({per / load_cpu:.2f}x loading the codebook)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
