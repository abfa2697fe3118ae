"""The commands a project lead runs, end to end: `coder compare`, `coder import`, `coder check`.

Each measurement is one fresh process running the real command (`coder.cli.main`) on a real
project folder on disk (benchmarks/scale_project.py: the shipped codebook, a JSONL articles file,
one TinyDB database per coder): wall time from spawn to exit, and the peak resident set size the
kernel reports for that process (`os.wait4` rusage, ru_maxrss), not tracemalloc's Python-heap
figure, and the CPU time the kernel charged to it (ru_utime + ru_stime): on a shared machine the
wall time grows with the load, the CPU time much less, so the targets are judged on both.
Measured:

* `compare --format table --out F` and `compare --format json --out F` on C coders x N articles
  (1,000 bootstrap resamples), and the same at N/10 so the growth shows;
* `import F --coder new` of a JSONL export of one coder with ~50k incidents (into a new coder);
* `check` of that one-coder project (every record validated against codebook and articles).

`--baseline REV` runs every command also on the code of git revision REV (`git archive` into a
temporary folder, put first on PYTHONPATH), alternating baseline and this tree run by run on the
same folders, so the speed-up column is a ratio taken at the same time on the same machine. The
load average when the run started and ended is printed with the table: on a shared machine the
absolute seconds move with the load, the ratios much less.

A virtual machine's neighbours slow it without any load of its own: the same `compare` took
9.3 to 13.4 s of CPU in runs in a row on an idle 2-CPU guest. Part of that is steal, time the
host ran something else on the guest's CPUs (/proc/stat; 0.01 s in the fastest of four runs,
0.35 s in the slowest), but runs with no steal at all differ by a third as well: caches and
memory bandwidth are shared with other guests, and this guest has no hardware counters to show
it (no `cpu` PMU under /sys/bus/event_source). So each run's line gives the steal during it,
and the table the best run beside the median: the extra time comes from outside the command,
so the least CPU of several runs is the closest to what the command itself costs (Python's
`timeit` documentation makes the same point for its repeats).

    .venv/bin/python benchmarks/bench_commands.py [--articles 10000] [--coders 5]
        [--import-incidents 50000] [--runs 3] [--baseline REV] [--only compare,import,check]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from baseline import baseline_code  # noqa: E402
from scale_project import build  # noqa: E402

RUN_CLI = (
    "import sys, coder.cli as c; run = getattr(c, 'run', None); "
    "run() if run else sys.exit(c.main(sys.argv[1:]))"
)
"""What the `coder` console script runs (`coder.cli.run`; `main` in code from before it)."""
INCIDENTS_PER_ARTICLE = 2.64
"""Mean incidents per article of the synthetic coding (bench_compare.synthetic), to size import."""


@dataclass(frozen=True)
class Sample:
    seconds: float
    cpu: float
    """User + system CPU seconds of the child process (rusage from os.wait4)."""
    rss_mb: float
    steal: float | None = None
    """Seconds the host took the guest's CPUs away during the run (all CPUs; None: not Linux)."""


def steal_seconds() -> float | None:
    """The guest's steal time so far, from /proc/stat's `cpu` line (8th value, in clock ticks):
    time a hypervisor ran something else while this machine's CPUs were ready to run."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()
        return int(fields[8]) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def child_env(code: Path) -> dict[str, str]:
    """The environment of a command run on the package at `code`, with bytecode as an installed
    coder has it: pip compiles a wheel's modules when it installs them (numpy's, scipy's and the
    standard library's are compiled here too), and an editable install writes coder's on its
    first run. This machine sets PYTHONDONTWRITEBYTECODE, which made every measured run compile
    coder's ~75 modules from source (~0.3 s of CPU, 8% of the instructions of `compare` at
    5 x 1k: callgrind); `compile_package` writes them once, next to the sources."""
    env = dict(os.environ, PYTHONPATH=str(code), COLUMNS="120")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def compile_package(code: Path) -> None:
    """Write the bytecode of the package at `code` before anything is timed, as pip does (into
    its `__pycache__` folders, which git ignores; the baseline's is in its temporary folder)."""
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(code / "coder")],
        env=child_env(code),
        check=True,
        stdout=subprocess.DEVNULL,
    )


def run_command(code: Path, cwd: Path, args: list[str]) -> Sample:
    """One fresh process of `coder ARGS` with the package at `code`; wall time and peak RSS."""
    env = child_env(code)
    steal0 = steal_seconds()
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", RUN_CLI, *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    steal1 = steal_seconds()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"coder {' '.join(args)} failed ({proc.returncode}): {err.decode()}")
    cpu = usage.ru_utime + usage.ru_stime
    steal = None if steal0 is None or steal1 is None else steal1 - steal0
    return Sample(seconds, cpu, usage.ru_maxrss / 1024, steal)  # Linux reports KiB


@dataclass(frozen=True)
class Case:
    name: str
    cwd: Path
    args: list[str]
    cleanup: Path | None = None
    """A file the command creates (import's database), removed before and after each run: left
    behind, the next run imports into it and `check` checks it too (two databases, not one)."""


def cases(work: Path, coders: int, articles: int, incidents: int, only: set[str]) -> list[Case]:
    out: list[Case] = []
    if "compare" in only:
        for n in sorted({max(2, articles // 10), articles}):
            root = build(work / f"compare_{coders}x{n}", coders, n).root
            for fmt, ext in (("table", "txt"), ("json", "json")):
                out.append(
                    Case(
                        f"compare {fmt}, {coders} coders x {n:,} articles",
                        root,
                        ["compare", "--format", fmt, "--out", str(work / f"report.{ext}")],
                    )
                )
    if only & {"import", "check"}:
        n = round(incidents / INCIDENTS_PER_ARTICLE)
        root = build(work / f"single_{n}", 1, n).root
        export = work / f"export_{n}.jsonl"
        if not export.exists():
            run_command(ROOT, root, ["export", "--coder", "coder0", "--format", "jsonl", "--out",
                                     str(export)])  # fmt: skip
        count = sum(len(json.loads(line)["incidents"]) for line in export.open() if line.strip())
        label = f"{count:,} incidents"
        if "import" in only:
            new = root / "coding" / "imported.json"
            out.append(
                Case(f"import, {label}", root, ["import", str(export), "--coder", "imported"], new)
            )
        if "check" in only:
            out.append(Case(f"check, 1 coder, {label}", root, ["check"]))
    return out


def measure(case: Case, code: Path) -> Sample:
    _clean(case)
    try:
        return run_command(code, case.cwd, case.args)
    finally:
        _clean(case)


def _clean(case: Case) -> None:
    if case.cleanup is not None:
        for p in (case.cleanup, case.cleanup.with_name(case.cleanup.name + ".lock")):
            p.unlink(missing_ok=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--coders", type=int, default=5)
    ap.add_argument("--import-incidents", type=int, default=50_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--baseline", metavar="REV")
    ap.add_argument("--only", default="compare,import,check")
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "coder-bench")
    args = ap.parse_args()
    work: Path = args.work
    work.mkdir(parents=True, exist_ok=True)
    only = set(args.only.split(","))
    todo = cases(work, args.coders, args.articles, args.import_incidents, only)
    print(f"load average {_load()} at start, {os.cpu_count()} CPUs; medians of "
          f"{args.runs} run(s)\n")  # fmt: skip
    head = "| command | wall (s) | CPU (s) | best CPU (s) | RSS (MB) |"
    rule = "|---|---:|---:|---:|---:|"
    if args.baseline:
        head += (
            f" {args.baseline} wall (s) | CPU (s) | best CPU (s) | RSS (MB) | CPU speed-up | load |"
        )
        rule += "---:|---:|---:|---:|---:|---:|"
    else:
        head += " load |"
        rule += "---:|"
    print(head + "\n" + rule, flush=True)
    runs: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        base = baseline_code(args.baseline, Path(tmp)) if args.baseline else None
        for code in (ROOT, base) if base is not None else (ROOT,):
            compile_package(code)
        for case in todo:  # each row printed when done: a run at scale takes minutes
            mine: list[Sample] = []
            theirs: list[Sample] = []
            for _ in range(args.runs):  # alternate, so both see the same load
                if base is not None:
                    theirs.append(measure(case, base))
                mine.append(measure(case, ROOT))
            print(_row(case, mine, theirs), flush=True)
            runs.append(_runs(case, mine, theirs, args.baseline))
    print(f"\nload average {_load()} at end")
    print(
        "\nCPU seconds run by run (a run of each, taken turn about; in brackets the seconds the "
        "host stole from this machine's CPUs meanwhile):\n\n" + "\n".join(runs)
    )


def _runs(case: Case, mine: list[Sample], theirs: list[Sample], rev: str | None) -> str:
    """One line per command: each run's CPU seconds, and against the baseline's run next to
    it the ratio (the spread the medians hide on a shared machine)."""
    line = f"* {case.name}: " + ", ".join(map(_cpu_and_steal, mine))
    if theirs:
        line += f"; {rev}: " + ", ".join(map(_cpu_and_steal, theirs))
        pairs = zip(mine, theirs, strict=True)
        line += "; ratios " + ", ".join(f"{a.cpu / b.cpu:.2f}" for a, b in pairs)
    return line


def _cpu_and_steal(sample: Sample) -> str:
    return f"{sample.cpu:.2f}" + ("" if sample.steal is None else f" ({sample.steal:.2f})")


def _load() -> str:
    """The 1-minute load average as /proc/loadavg has it (os.getloadavg reads the same)."""
    return f"{os.getloadavg()[0]:.1f}"


def _row(case: Case, mine: list[Sample], theirs: list[Sample]) -> str:
    line = f"| {case.name} |{_cells(mine)}"
    if theirs:
        speed_up = statistics.median(x.cpu for x in theirs) / statistics.median(x.cpu for x in mine)
        line += f"{_cells(theirs)} {speed_up:.1f}x |"
    return line + f" {_load()} |"


def _cells(samples: list[Sample]) -> str:
    """One tree's cells of a row: median wall, median CPU, best CPU, median RSS."""
    wall = statistics.median(x.seconds for x in samples)
    cpu = statistics.median(x.cpu for x in samples)
    rss = statistics.median(x.rss_mb for x in samples)
    return f" {wall:.2f} | {cpu:.2f} | {min(x.cpu for x in samples):.2f} | {rss:.0f} |"


if __name__ == "__main__":
    main()
