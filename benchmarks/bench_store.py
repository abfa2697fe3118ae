"""Open and save times of CoderStore vs TinyDB's default JSONStorage on the same coder file.

For 1k, 10k and 50k incidents (about 3 incidents of 15 fields per article) it builds one coder
database with CoderStore, copies the file (TinyDB's default storage reads it as is), then measures
in one run:

* open: `CoderStore.open` for writing (parse, shape check, fragment cache) and read-only (what
  compare and check do: parse, shape check) vs `TinyDB(path)` + the first read, in CPU seconds
  of this process (`time.process_time`: the machine is shared, wall time moves with the load);
  with `--baseline REV` also both opens by the code of git revision REV on the same file, the
  first open in a fresh process, as a command makes it (`git archive` into a temporary
  folder, first on PYTHONPATH), taken turn about with ours so the ratio is measured under the
  same load;
* save: one `CoderStore.save` of a changed record (validation, durable atomic write) vs
  `table.upsert(doc, Query().article == id)` on the default storage (which also fsyncs, but
  writes in place and is not crash-safe);
* the part of our save spent writing the file (write + fsync + rename + directory fsync);
* with `--baseline REV`, the CPU of one save (an edit of one incident of a random article, as
  the coding screen saves it) in a fresh process that opened the database for writing, by
  this tree's code and by REV's, taken turn about: `time.process_time` around `CoderStore.save`
  (user and system time: the kernel's copy of the file is CPU the keys wait for too).

Prints Markdown tables. `--quick` runs 1k and 10k only.

    .venv/bin/python benchmarks/bench_store.py [--quick | --sizes 50000] [--saves 7] [--runs 3]
        [--baseline main]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from tinydb import Query, TinyDB

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout, uninstalled
sys.path.insert(0, str(Path(__file__).resolve().parent))

from baseline import baseline_code

from coder.codebook.model import Choice, Codebook, Field
from coder.store.coder_store import ArticleRecord, CoderStore, Incident
from coder.store.storage import SafeJSONStorage

COUNTRIES = ("Nigeria", "Mali", "Niger", "Burkina Faso", "Chad", "Cameroon")
ACTORS = ("Boko Haram", "ISWAP", "JNIM", "unknown gunmen", "military", "police", "vigilantes")


def _choices(*values: Any) -> tuple[Choice, ...]:
    return tuple(Choice(v, str(v)) for v in values)


def codebook() -> Codebook:
    inc = (
        Field("date", "date", "incident", "Date", required=True),
        Field("date_precision", "choice", "incident", "Precision", choices=_choices(1, 2, 3)),
        Field("country", "choice", "incident", "Country", choices=_choices(*COUNTRIES)),
        Field("admin1", "text", "incident", "Region"),
        Field("location", "text", "incident", "Place"),
        Field("latitude", "number", "incident", "Lat", min=-90, max=90),
        Field("longitude", "number", "incident", "Lon", min=-180, max=180),
        Field("event_type", "choice", "incident", "Type", choices=_choices(*range(1, 10))),
        Field("actor1", "text", "incident", "Actor 1"),
        Field("actor2", "text", "incident", "Actor 2"),
        Field("perp_type", "multi", "incident", "Perp.", choices=_choices("state", "rebel", "mob")),
        Field("fatalities", "integer", "incident", "Deaths", min=0),
        Field("injured", "integer", "incident", "Injured", min=0),
        Field("quote", "quote", "incident", "Quote"),
        Field("notes", "longtext", "incident", "Notes"),
    )
    art = (
        Field("relevant", "boolean", "article", "Relevant", required=True),
        Field("source_type", "choice", "article", "Source", choices=_choices("wire", "local")),
        Field("notes", "longtext", "article", "Notes"),
    )
    return Codebook("Bench", "1.0", "", art, inc)


@dataclass(frozen=True)
class Art:
    id: str
    text: str
    sha256: str


def make_article(n: int, rng: random.Random) -> tuple[Art, ArticleRecord]:
    sentences = [
        f"Gunmen attacked {rng.choice(ACTORS)} positions near village {n}-{k} on Monday, "
        f"killing {k + 2} people, local officials said."
        for k in range(3)
    ]
    text = " ".join(sentences) + " " + "Residents fled the area. " * 20
    incidents = []
    for k in range(3):
        incidents.append(
            Incident(
                values={
                    "date": f"2023-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                    "date_precision": 1,
                    "country": rng.choice(COUNTRIES),
                    "admin1": "Borno",
                    "location": f"village {n}-{k}",
                    "latitude": round(rng.uniform(4, 14), 4),
                    "longitude": round(rng.uniform(3, 15), 4),
                    "event_type": rng.randint(1, 9),
                    "actor1": rng.choice(ACTORS),
                    "actor2": rng.choice(ACTORS),
                    "perp_type": ["rebel"],
                    "fatalities": k + 2,
                    "injured": rng.randint(0, 20),
                    "quote": sentences[k],
                    "notes": "Coded from the second paragraph; casualty figure from officials.",
                }
            )
        )
    record = ArticleRecord(
        f"art{n:06d}", "done", {"relevant": True, "source_type": "wire"}, incidents
    )
    return Art(record.article, text, f"{n:064x}"), record


def timed(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def cpu(fn: Callable[[], Any]) -> float:
    """CPU seconds of this process spent in `fn` (one thread: the open is single-threaded)."""
    start = time.process_time()
    fn()
    return time.process_time() - start


OPEN_IN_CHILD = """
import json, sys, time
from coder.store.coder_store import CoderStore
path, readonly, coder = sys.argv[1], sys.argv[2] == "ro", sys.argv[3]
start = time.process_time()
CoderStore.open(path, coder=coder, readonly=readonly).close()
print(json.dumps(time.process_time() - start))
"""
"""The first open after the imports, as a command (check, compare) or the coding screen makes
it: its heap still growing, which a second open in the same process does not pay for (and the
two readers pay differently: the strict reader builds a list of pairs per object)."""


def open_in_child(code: Path, path: Path, readonly: bool, coder: str = "bench") -> float:
    """CPU seconds of one open of `path` (`coder`'s) by the package at `code`, in a fresh
    process."""
    env = dict(os.environ, PYTHONPATH=str(code))
    mode = "ro" if readonly else "rw"
    out = subprocess.run(
        [sys.executable, "-c", OPEN_IN_CHILD, str(path), mode, coder],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return float(json.loads(out.stdout))


SAVES_IN_CHILD = """
import json, sys
import coder  # the revision on PYTHONPATH, first: bench_store then puts this tree on sys.path
sys.path.insert(0, sys.argv[4])
from pathlib import Path
import bench_store
print(json.dumps(bench_store.save_cpu(Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]))))
"""


def save_cpu(path: Path, size: int, saves: int) -> list[float]:
    """CPU seconds of each of `saves` saves of `path` (the database `bench` made for `size`
    incidents), each an edit of one incident of a random article, after one open for writing."""
    rng = random.Random(size)  # the articles and records `bench` made the file from
    cb = codebook()
    pairs = [make_article(n, rng) for n in range(size // 3)]
    out: list[float] = []
    with CoderStore.open(path, coder="bench") as store:
        for i in range(saves):
            art, rec = pairs[rng.randrange(len(pairs))]
            rec.incidents[0].values["injured"] = 100 + i
            out.append(cpu(partial(store.save, rec, codebook=cb, article=art)))
    return out


def paired_saves(path: Path, base: Path, runs: int, saves: int, size: int) -> dict[str, float]:
    """Medians of the per-save CPU of `runs` fresh processes each (`saves` saves per process),
    ours and the baseline's, taken turn about."""
    here = Path(__file__).resolve().parent
    times: dict[str, list[float]] = {"ours": [], "base": []}
    for _ in range(runs):
        for who, code in (("base", base), ("ours", here.parent)):
            out = subprocess.run(
                [sys.executable, "-c", SAVES_IN_CHILD, str(path), str(size), str(saves), str(here)],
                env=dict(os.environ, PYTHONPATH=str(code)),
                check=True,
                capture_output=True,
                text=True,
            )
            times[who] += json.loads(out.stdout)
    return {k: statistics.median(v) for k, v in times.items()}


def paired_opens(path: Path, base: Path, runs: int, coder: str = "bench") -> dict[str, float]:
    """Medians of `runs` opens each (writable and read-only), ours and the baseline's, each in
    a fresh process, taken turn about."""
    here = Path(__file__).resolve().parents[1]
    times: dict[str, list[float]] = {}
    for _ in range(runs):
        for readonly in (False, True):
            for who, code in (("base", base), ("ours", here)):
                key = f"{who}_{'ro' if readonly else 'rw'}"
                times.setdefault(key, []).append(open_in_child(code, path, readonly, coder))
    return {k: statistics.median(v) for k, v in times.items()}


def bench(size: int, folder: Path, saves: int) -> dict[str, float]:
    rng = random.Random(size)
    cb = codebook()
    pairs = [make_article(n, rng) for n in range(size // 3)]
    articles = {a.id: a for a, _ in pairs}
    ours, theirs = folder / f"ours{size}.json", folder / f"default{size}.json"
    with CoderStore.open(ours, coder="bench") as store:
        store.save_many([r for _, r in pairs], codebook=cb, articles=articles)
    shutil.copyfile(ours, theirs)
    mb = ours.stat().st_size / 1e6

    def open_default() -> None:
        with TinyDB(theirs) as db:
            len(db.table("records"))

    open_ours = statistics.median(
        cpu(lambda: CoderStore.open(ours, coder="bench").close()) for _ in range(3)
    )
    open_readonly = statistics.median(
        cpu(lambda: CoderStore.open(ours, coder="bench", readonly=True).close()) for _ in range(3)
    )
    open_theirs = statistics.median(cpu(open_default) for _ in range(3))

    write_times: list[float] = []
    original = SafeJSONStorage._replace_file

    def timed_replace(self: SafeJSONStorage, *args: Any) -> None:
        start = time.perf_counter()
        original(self, *args)
        write_times.append(time.perf_counter() - start)

    SafeJSONStorage._replace_file = timed_replace  # type: ignore[method-assign]
    ours_times, theirs_times = [], []
    try:
        with CoderStore.open(ours, coder="bench") as store, TinyDB(theirs) as db:
            table = db.table("records")
            for i in range(saves):
                art, rec = pairs[rng.randrange(len(pairs))]
                rec.incidents[0].values["fatalities"] = i
                ours_times.append(timed(partial(store.save, rec, codebook=cb, article=art)))
                stored = store.get(rec.article)
                assert stored is not None
                theirs_times.append(
                    timed(partial(table.upsert, stored.to_doc(), Query().article == rec.article))
                )
    finally:
        SafeJSONStorage._replace_file = original  # type: ignore[method-assign]
    return {
        "incidents": size,
        "mb": mb,
        "open_ours": open_ours,
        "open_readonly": open_readonly,
        "open_default": open_theirs,
        "save_ours": statistics.median(ours_times),
        "save_default": statistics.median(theirs_times),
        "write_part": statistics.median(write_times),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="1k and 10k incidents only")
    parser.add_argument("--saves", type=int, default=7, help="saves per size (median reported)")
    parser.add_argument("--baseline", metavar="REV", help="also open with this revision's code")
    parser.add_argument("--runs", type=int, default=3, help="fresh processes per side")
    parser.add_argument("--sizes", help="incident counts, comma-separated (e.g. 50000)")
    args = parser.parse_args()
    sizes = (1_000, 10_000) if args.quick else (1_000, 10_000, 50_000)
    if args.sizes:
        sizes = tuple(int(n) for n in args.sizes.split(","))
    paired: list[dict[str, float]] = []
    saves: list[dict[str, float]] = []
    with tempfile.TemporaryDirectory(dir=Path.cwd()) as tmp:  # same disk as the project
        rows = [bench(size, Path(tmp), args.saves) for size in sizes]
        if args.baseline:
            base = baseline_code(args.baseline, Path(tmp))
            paired = [
                paired_opens(Path(tmp) / f"ours{size}.json", base, args.runs) for size in sizes
            ]
            saves = [
                paired_saves(Path(tmp) / f"ours{size}.json", base, args.runs, args.saves, size)
                for size in sizes
            ]
    print(f"Python {sys.version.split()[0]}, load average {os.getloadavg()[0]:.1f}; median of "
          f"{args.saves} saves / 3 opens; opens in CPU ms, saves in wall ms\n")  # fmt: skip
    print(
        "| incidents | file MB | open ours | read-only | open default | save ours "
        "| (write+fsync) | save default | save ratio |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['incidents']:,} | {r['mb']:.1f} | {r['open_ours'] * 1e3:.0f} ms "
            f"| {r['open_readonly'] * 1e3:.0f} ms "
            f"| {r['open_default'] * 1e3:.0f} ms | {r['save_ours'] * 1e3:.1f} ms "
            f"| {r['write_part'] * 1e3:.1f} ms | {r['save_default'] * 1e3:.1f} ms "
            f"| {r['save_ours'] / r['save_default']:.2f} |"
        )
    rev = args.baseline
    if paired:
        print(
            f"\nFirst opens against {rev}, each in a fresh process, medians of {args.runs}, "
            "CPU ms:\n"
        )
        print(f"| incidents | open ours | {rev} | speed-up | read-only ours | {rev} | speed-up |")
        print("|---:|---:|---:|---:|---:|---:|---:|")
        for r, p in zip(rows, paired, strict=True):
            print(
                f"| {r['incidents']:,} | {p['ours_rw'] * 1e3:.0f} | {p['base_rw'] * 1e3:.0f} "
                f"| {p['base_rw'] / p['ours_rw']:.1f}x | {p['ours_ro'] * 1e3:.0f} "
                f"| {p['base_ro'] * 1e3:.0f} | {p['base_ro'] / p['ours_ro']:.1f}x |"
            )
    if saves:
        print(
            f"\nOne save (an edit of one incident) against {rev}, CPU ms per save (user + "
            f"system), medians of {args.runs} fresh processes x {args.saves} saves:\n"
        )
        print(f"| incidents | file MB | save ours | {rev} | ours / {rev} |")
        print("|---:|---:|---:|---:|---:|")
        for r, v in zip(rows, saves, strict=True):
            print(
                f"| {r['incidents']:,} | {r['mb']:.1f} | {v['ours'] * 1e3:.1f} "
                f"| {v['base'] * 1e3:.1f} | {v['ours'] / v['base']:.2f} |"
            )
    print(f"\nload average {os.getloadavg()[0]:.1f} at end")


if __name__ == "__main__":
    main()
