"""Benchmark `coder compare`: 5 coders x 10,000 articles x ~3 incidents, shipped codebook.

Records are synthetic but realistic: a "true" coding per article (1-4 incidents, drawn from the
codebook's choices, dates within a few days, when-conditions respected), and each coder copies it
with controlled disagreement: each field differs with probability --noise, a coder misses an
incident with probability 5% and adds a spurious one with 3%, incidents in shuffled order. Records
are built in memory (coder.store classes, not the TinyDB store) so the benchmark measures compare.

Prints a Markdown table: CPU time (time.process_time: on a shared machine wall time grows with the
load, CPU time much less) of the full comparison (alignment, reliability data, alpha + 1000-resample
cluster bootstrap per field, kappas, coder matrix) and of `to_json()` (which makes the disagreement
list: compare() only counts it, the rows are made when first read, so compare and to_json are summed
for the speed-up), timed in a run WITHOUT tracemalloc (tracemalloc slows every allocation
several-fold), then the tracemalloc peak from a separate run, at 1/10 and full size so the scaling
shows in one run. `--baseline REV` also runs the same data through the code of git revision REV
(extracted with `git archive` into a temporary directory, run in a subprocess), so the speed-up is a
ratio measured on the same machine at the same time.

    .venv/bin/python benchmarks/bench_compare.py [--articles 10000] [--coders 5] [--baseline REV]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tarfile
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CODE_ROOT = Path(os.environ.get("CODER_BENCH_CODE", ROOT))
sys.path.insert(0, str(CODE_ROOT))

from coder.codebook.loader import load_codebook  # noqa: E402
from coder.codebook.model import Codebook, Field  # noqa: E402
from coder.codebook.rules import fitting_choices  # noqa: E402
from coder.compare import compare, report_json  # noqa: E402
from coder.store.coder_store import ArticleRecord, Incident  # noqa: E402

_PLACES = ("IQ-KI", "IQ-DI", "IQ-SD", "IQ-NI")
"""Gazetteer ids of the shipped gazetteer.csv (the four northern provinces), for `place` fields."""


def _value(f: Field, rng: random.Random, base_day: int, values: dict[str, Any]) -> Any:
    if f.type == "date":
        d = base_day + rng.randint(0, 6)
        y, rem = divmod(d, 336)
        return f"{2016 + y:04d}-{rem // 28 + 1:02d}-{rem % 28 + 1:02d}"
    if f.type == "choice":  # only choices tied to the values so far (sub_event_type)
        return rng.choice(fitting_choices(f, values) or f.choices).value
    if f.type == "place":
        return rng.choice(_PLACES)
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
        values[f.name] = _value(f, rng, base_day, values)
    return values


def _perturb(cb: Codebook, truth: dict[str, Any], rng: random.Random, noise: float) -> dict:
    out = dict(truth)
    for f in cb.incident_fields:
        if f.name in out and rng.random() < noise:
            out[f.name] = _value(f, rng, 0 if f.type != "date" else rng.randint(0, 2000), out)
    for f in cb.incident_fields:  # a changed event_type can untie the sub-event type
        if f.type == "choice" and f.name in out:
            fits = fitting_choices(f, out)
            if fits and all(c.value != out[f.name] for c in fits):
                out[f.name] = rng.choice(fits).value
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
    """Time compare + to_json without tracemalloc, then measure the peak in a second run."""
    records = synthetic(cb, coders, articles, noise)
    n_inc = sum(len(r.incidents) for recs in records.values() for r in recs)
    t0 = time.process_time()
    report = compare(cb, records, bootstrap=boot, seed=0)
    elapsed = time.process_time() - t0
    t0 = time.process_time()
    js = report_json(report)
    json_s = time.process_time() - t0
    tracemalloc.start()
    compare(cb, records, bootstrap=boot, seed=0)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "coders": coders,
        "articles": articles,
        "incidents": n_inc,
        "units": report.detection.units,
        "fields": len(report.fields),
        "seconds": elapsed,
        "json_seconds": json_s,
        "peak_mb": peak / 2**20,
        "alphas": [f["alpha"] for f in js["fields"]],
        "ci": [f["ci95"] for f in js["fields"]],
    }


def _baseline(rev: str, argv: list[str]) -> list[dict[str, Any]]:
    """Run this script on the coder package of git revision `rev`, in a subprocess."""
    with tempfile.TemporaryDirectory() as tmp:
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", rev, "coder"], check=True, capture_output=True
        ).stdout
        tar_path = Path(tmp) / "code.tar"
        tar_path.write_bytes(archive)
        with tarfile.open(tar_path) as tar:
            tar.extractall(tmp, filter="data")
        env = dict(os.environ, CODER_BENCH_CODE=tmp)
        out = subprocess.run(
            [sys.executable, __file__, *argv, "--json"],
            check=True,
            capture_output=True,
            text=True,
            env=env,
        ).stdout
    rows: list[dict[str, Any]] = json.loads(out)
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--coders", type=int, default=5)
    ap.add_argument("--noise", type=float, default=0.08)
    ap.add_argument("--bootstrap", type=int, default=1000)
    ap.add_argument("--baseline", metavar="REV", help="also time git revision REV (same data)")
    ap.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    cb = load_codebook(ROOT / "codebook.yaml")
    rows = []
    for n in sorted({max(1, args.articles // 10), args.articles}):
        rows.append(run(cb, args.coders, n, args.noise, args.bootstrap))
    if args.json:
        print(json.dumps(rows))
        return
    base: list[dict[str, Any]] = []
    if args.baseline:
        argv = [f"--articles={args.articles}", f"--coders={args.coders}"]
        argv += [f"--noise={args.noise}", f"--bootstrap={args.bootstrap}"]
        base = _baseline(args.baseline, argv)
    head = "| code | coders | articles | incidents | units | fields | compare CPU (s) |"
    print(head + " to_json CPU (s) | peak MB | speed-up |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for label, table in ((args.baseline, base), ("this tree", rows)):
        for r, b in zip(table, base or table, strict=True):
            ratio = (b["seconds"] + b["json_seconds"]) / (r["seconds"] + r["json_seconds"])
            print(
                f"| {label} | {r['coders']} | {r['articles']:,} | {r['incidents']:,} | "
                f"{r['units']:,} | {r['fields']} | {r['seconds']:.2f} | {r['json_seconds']:.2f} | "
                f"{r['peak_mb']:.0f} | {ratio:.1f}x |"
            )
    for r, b in zip(rows, base, strict=False):
        diff = max(
            (abs(x - y) for x, y in zip(r["alphas"], b["alphas"], strict=True) if x is not None),
            default=0.0,
        )
        same_ci = r["ci"] == b["ci"]
        print(
            f"\n{r['articles']:,} articles: max |alpha difference| vs {args.baseline} = "
            f"{diff:.2g} (JSON, 4 decimals); bootstrap CIs identical: {same_ci}"
        )


if __name__ == "__main__":
    main()
