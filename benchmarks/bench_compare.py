"""Benchmark `coder compare`: 5 coders x 10,000 articles x ~3 incidents, shipped codebook.

Records are synthetic but realistic: a "true" coding per article (1-4 incidents, drawn from the
codebook's choices, dates within a few days, when-conditions respected), and each coder copies it
with controlled disagreement: each field differs with probability --noise, a coder misses an
incident with probability 5% and adds a spurious one with 3%, incidents in shuffled order. Records
are built in memory (coder.store classes, not the TinyDB store) so the benchmark measures compare.

Prints a Markdown table: wall time and tracemalloc peak of the full comparison (alignment,
reliability data, alpha + 1000-resample cluster bootstrap per field, kappas, coder matrix,
disagreement list) at 1/10 and full size, so the scaling ratio shows in one run.

    .venv/bin/python benchmarks/bench_compare.py [--articles 10000] [--coders 5]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from coder.codebook import load_codebook  # noqa: E402
from coder.compare import compare  # noqa: E402
from coder.model import Codebook, Field  # noqa: E402
from coder.store import ArticleRecord, Incident  # noqa: E402


def _value(f: Field, rng: random.Random, base_day: int) -> Any:
    if f.type == "date":
        d = base_day + rng.randint(0, 6)
        y, rem = divmod(d, 336)
        return f"{2016 + y:04d}-{rem // 28 + 1:02d}-{rem % 28 + 1:02d}"
    if f.type == "choice":
        return rng.choice(f.choices).value
    if f.type == "multi":
        k = rng.randint(1, 2)
        return sorted({c.value for c in rng.sample(f.choices, k)}, key=str)
    if f.type == "integer":
        return rng.choice([0, 0, 1, 2, 3, 5, 7])
    if f.type == "boolean":
        return rng.random() < 0.1
    if f.type in ("text",):
        return rng.choice(["Daquq", "Hawija", "Mosul", "Tikrit", "Khanaqin", "Sinjar"])
    return "x"


def _incident(cb: Codebook, rng: random.Random, base_day: int) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for f in cb.incident_fields:
        if f.type in ("longtext", "quote"):
            continue
        if not f.applies(values):
            continue
        values[f.name] = _value(f, rng, base_day)
    return values


def _perturb(cb: Codebook, truth: dict[str, Any], rng: random.Random, noise: float) -> dict:
    out = dict(truth)
    for f in cb.incident_fields:
        if f.name in out and rng.random() < noise:
            out[f.name] = _value(f, rng, 0 if f.type != "date" else rng.randint(0, 2000))
    return {k: v for k, v in out.items() if cb.field("incident", k).applies(out)}  # type: ignore[union-attr]


def synthetic(cb: Codebook, coders: int, articles: int, noise: float, seed: int = 1) -> dict:
    rng = random.Random(seed)
    names = [f"coder{i}" for i in range(coders)]
    records: dict[str, list[ArticleRecord]] = {c: [] for c in names}
    for a in range(articles):
        base = rng.randint(0, 2500)
        truth = [_incident(cb, rng, base) for _ in range(rng.choice([0, 1, 2, 3, 3, 4, 4, 5]))]
        for c in names:
            incs = [
                Incident(values=_perturb(cb, t, rng, noise)) for t in truth if rng.random() > 0.05
            ]
            if rng.random() < 0.03:
                incs.append(Incident(values=_incident(cb, rng, base)))
            rng.shuffle(incs)
            records[c].append(
                ArticleRecord(
                    article=f"art{a:06d}",
                    status="done" if incs else "no_incident",
                    values={"relevant": "reported" if incs else "not_reported"},
                    incidents=incs,
                )
            )
    return records


def run(cb: Codebook, coders: int, articles: int, noise: float, boot: int) -> dict[str, Any]:
    records = synthetic(cb, coders, articles, noise)
    n_inc = sum(len(r.incidents) for recs in records.values() for r in recs)
    tracemalloc.start()
    t0 = time.perf_counter()
    report = compare(cb, records, bootstrap=boot, seed=0)
    elapsed = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "coders": coders,
        "articles": articles,
        "incidents": n_inc,
        "units": report.detection.units,
        "fields": len(report.fields),
        "seconds": elapsed,
        "peak_mb": peak / 2**20,
        "report": report,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--coders", type=int, default=5)
    ap.add_argument("--noise", type=float, default=0.08)
    ap.add_argument("--bootstrap", type=int, default=1000)
    args = ap.parse_args()
    cb = load_codebook(ROOT / "codebook.yaml")
    rows = []
    for n in sorted({max(1, args.articles // 10), args.articles}):
        rows.append(run(cb, args.coders, n, args.noise, args.bootstrap))
    print("| coders | articles | incidents | units | fields | compare (s) | peak MB |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['coders']} | {r['articles']:,} | {r['incidents']:,} | {r['units']:,} | "
            f"{r['fields']} | {r['seconds']:.2f} | {r['peak_mb']:.0f} |"
        )


if __name__ == "__main__":
    main()
