"""Start-up of the coding screen as a coder sees it, against a hello-world Textual app.

Every measurement is a fresh Python process (imports, stylesheet, codebook, articles and the
coder's database all count, as they do for `coder code`), timed from spawn until its first frame
is painted and the app has settled (headless `App.run_test()` at 120x40; the headless driver
skips writing frames, so the apps here render each compositor update to the console as a
terminal would). Three kinds, alternated run by run so they share the machine's load:

* hello: a Textual app with one Static widget, the floor for any Textual program;
* coder, small: `CoderApp` on the shipped samples with a few coded articles;
* coder, 50k: `CoderApp` on a one-coder project whose database holds ~50k incidents
  (benchmarks/bench_session.py's project: 18,939 articles in one JSONL file, a draft each).

The coder resumes where they left off, as `coder code` does after the first session: both
projects get a remembered position (an article in the middle) in a config folder under --work
(CODER_CONFIG_DIR), so the 50k project's first frame reads only that article (coder.article_peek)
and the folder after it.

Two moments are timed: the first painted frame of the coding screen (the issue's "first paint";
a database over READ_AFTER_PAINT is read after it, the header saying "loading…" and keys held),
and "ready": the screen complete, the database read, every stored record counted, no key held
back, the app settled. Prints medians and the ratios to hello (the issue's target: first paint at
most 2x hello, and under 1.5 s with the 50k-incident database), with the load average at start
and end. Besides the wall time, the child's CPU time at each moment (time.process_time, less
sensitive to other processes).

Python modules are read from compiled bytecode, as an installed coder's are (pip compiles them):
the children get a bytecode cache under --work even where PYTHONDONTWRITEBYTECODE is set, and one
untimed round fills it first. Without it every coder run compiled ~100 modules (~0.25 s of CPU)
that the hello app, all Textual, did not.

    .venv/bin/python benchmarks/bench_startup.py [--runs 5] [--work DIR]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

CHILD = r"""
import asyncio, sys, time
from typing import Any
from textual._compositor import CompositorUpdate
from textual.app import App
from textual.screen import Screen
from textual.widgets import Static

kind, where = sys.argv[1], sys.argv[2]


def painting(cls: Any) -> Any:
    class Painting(cls):
        def _display(self, screen: Screen[Any], renderable: Any) -> None:
            super()._display(screen, renderable)
            if isinstance(renderable, CompositorUpdate):
                renderable.render_segments(self.console)
                shown = screen is getattr(self, "coding", screen)  # hello: its only screen
                if shown and "paints" not in self.__dict__:
                    self.__dict__["first"] = (time.time(), time.process_time())
                self.__dict__.setdefault("paints", []).append(time.time())
    return Painting


async def main() -> None:
    if kind == "hello":
        class Hello(App[None]):
            def compose(self) -> Any:
                yield Static("Hello, world")
        app = painting(Hello)()
        ready = lambda: bool(app.__dict__.get("paints"))
    else:
        from coder.project import Project
        from coder.tui.coding.app import CoderApp
        app = painting(CoderApp)(Project.locate(where), "coder0")
        ready = lambda: app.coding is not None and app.coding.is_mounted and bool(
            app.__dict__.get("paints")) and app.coding.session.indexed and not app.keys_pending
    async with app.run_test(size=(120, 40)) as pilot:
        while not ready():
            await asyncio.sleep(0)
        await pilot.pause()
        await app.animator.wait_for_idle()
        await pilot.pause()
        print(*app.__dict__["first"], time.time(), time.process_time(), flush=True)
        app.exit()

asyncio.run(main())
"""


def small_project(root: Path) -> Path:
    """The shipped samples and codebook, three of the five articles coded as drafts."""
    if (root / "BUILT").is_file():
        return root
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    shutil.copy(ROOT / "codebook.yaml", root / "codebook.yaml")
    shutil.copytree(ROOT / "samples", root / "articles")
    sys.path.insert(0, str(ROOT))
    from coder.project import Project
    from coder.store.coder_store import ArticleRecord

    project = Project.locate(root)
    codebook, articles = project.load_codebook(), project.load_articles()
    with project.open_store("coder0") as store:
        for a in articles.articles[:3]:
            store.save(ArticleRecord(a.id, values={"relevant": "reported"}), codebook=codebook,
                       article=a)  # fmt: skip
    (root / "BUILT").write_text("ok")
    return root


def resume_in_the_middle(root: Path) -> None:
    """Remember coder0's position at the project's middle article (as quitting writes it)."""
    from coder.project import Project
    from coder.tui.coding.resume import Position, save_position

    project = Project.locate(root)
    ids = [a.id for a in project.load_articles()]
    save_position(project.root, "coder0", Position(article=ids[len(ids) // 2]))


def first_paint(kind: str, where: Path, pycache: Path) -> tuple[float, float, float, float]:
    """(wall seconds from spawn to the first painted frame of the coding screen, the child's CPU
    seconds by then, wall seconds to ready, CPU seconds by then).

    Ready: the coding screen is complete, the coder's database read, every stored record
    counted, no key held back, and the app settled (for hello: its first frame settled)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONPYCACHEPREFIX=str(pycache))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    t0 = time.time()
    done = subprocess.run(
        [sys.executable, "-c", CHILD, kind, str(where)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"{kind} failed: {done.stderr[-2000:]}")
    painted, cpu, ready, ready_cpu = map(float, done.stdout.strip().splitlines()[-1].split())
    return painted - t0, cpu, ready - t0, ready_cpu


COLUMNS = ("first paint (s)", "CPU at first paint (s)", "ready (s)", "CPU at ready (s)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--incidents", type=int, default=50_000)
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "coder-bench")
    args = ap.parse_args()
    from bench_commands import INCIDENTS_PER_ARTICLE
    from bench_session import build  # valid drafts (scale_project's fail the place rules now)

    n = round(args.incidents / INCIDENTS_PER_ARTICLE)
    big = build(args.work / f"session_{n}", n, INCIDENTS_PER_ARTICLE).root
    kinds = {
        "hello": args.work,
        "coder, small": small_project(args.work / "startup_small"),
        f"coder, ~{args.incidents:,} incidents": big,
    }
    os.environ["CODER_CONFIG_DIR"] = str(args.work / "config")  # the children's too
    for where in list(kinds.values())[1:]:
        resume_in_the_middle(where)
    pycache = args.work / "pycache"
    for name, where in kinds.items():  # untimed: fills the bytecode cache
        first_paint("hello" if name == "hello" else "coder", where, pycache)
    load = os.getloadavg()[0]
    got: dict[str, list[tuple[float, float, float, float]]] = {k: [] for k in kinds}
    for _ in range(args.runs):
        for name, where in kinds.items():
            got[name].append(first_paint("hello" if name == "hello" else "coder", where, pycache))
    medians = {
        name: [statistics.median(run[i] for run in runs) for i in range(len(COLUMNS))]
        for name, runs in got.items()
    }
    hello = medians["hello"]
    print(
        f"Fresh process, median of {args.runs}; load average {load:.1f} at start, "
        f"{os.getloadavg()[0]:.1f} at end, {os.cpu_count()} CPUs.\n"
    )
    print("| app | " + " | ".join(f"{c} | x hello" for c in COLUMNS) + " | min first paint (s) |")
    print("|---|" + "---:|---:|" * len(COLUMNS) + "---:|")
    for name, row in medians.items():
        cells = " | ".join(f"{v:.2f} | {v / h:.1f}x" for v, h in zip(row, hello, strict=True))
        print(f"| {name} | {cells} | {min(run[0] for run in got[name]):.2f} |")


if __name__ == "__main__":
    main()
