"""A day's coding session: 1,000 article switches with edits in the real app, start vs end.

Issue 12: "a coding session gets slower as it goes". Drives the real CoderApp with Textual's
Pilot (App.run_test, 120x40) on a one-coder project built here (the shipped codebook and
gazetteer, `--articles` short articles in one JSONL file, and a coder database holding a draft
with `--per-article` incidents for each: 18,939 x 2.64 is ~50k incidents). Each step types a
character into the article's notes and opens the next article
(alt+right: save, then show the next one), waiting until the save has been written. It reports,
for the first 10 steps and the last 10:

* CPU per switch (time.process_time, median) and per key in the form (a Tab, a typed character:
  medians of a few, each less a no-op key measured the same way, as bench_keys_cpu.py does);
* the garbage collector's pauses (gc.callbacks: the CPU time of each collection, by generation,
  time.process_time, stable under load) per step, and how many objects it tracks; "full gc" is
  one full collection timed after the window (garbage collected first), what a collection
  walking the survivors costs at that point of the session;
* the process's RSS (VmRSS from /proc/self/status) and the widgets alive (gc-tracked Widgets:
  gc.get_objects() leaves out what gc.freeze() froze at start-up, so a widget built later and
  kept is counted), the objects the collector tracks and those frozen, and how many of those
  are dead (reference cycles nothing reaches, which a frozen object never stops being: counted
  by unfreezing and collecting once at the end of each window).

A session that is flat has the same figures at the end as at the start. `--no-freeze` runs it
without the app's gc.freeze() after loading (coder/tui/coding/app.py), to measure what it buys.

    .venv/bin/python benchmarks/bench_session.py [--switches 1000] [--articles 1100]
        [--per-article 2.64] [--work DIR] (built once per size under DIR, /tmp/coder-bench)
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_keys_cpu import cpu_of, settled  # noqa: E402

from coder.project import Project  # noqa: E402
from coder.store.records import ArticleRecord, Incident  # noqa: E402

SIZE = (120, 40)


SENTENCES = (
    "Gunmen attacked a checkpoint near the market on Tuesday evening.",
    "Police said two civilians were killed and several were wounded.",
    "A roadside bomb struck a patrol on the main road outside the town.",
    "Residents reported heavy gunfire for more than an hour.",
)


def build(root: Path, articles: int, per_article: float) -> Project:
    """The project folder (reused when `root` already holds one of this size)."""
    marker = root / "BUILT"
    wanted = f"{articles} {per_article}"
    if marker.is_file() and marker.read_text() == wanted:
        return Project.locate(root)
    if root.exists():
        shutil.rmtree(root)
    (root / "articles").mkdir(parents=True)
    for name in ("codebook.yaml", "gazetteer.csv"):
        shutil.copy(ROOT / name, root / name)
    rng = random.Random(1)
    with open(root / "articles" / "articles.jsonl", "w", encoding="utf-8") as out:
        for n in range(articles):
            body = " ".join(rng.choice(SENTENCES) for _ in range(12))
            out.write(json.dumps({"id": f"art{n:06d}", "text": f"Report {n}\n\n{body}\n"}) + "\n")
    project = Project.locate(root)
    codebook, loaded = project.load_codebook(), project.load_articles()
    records = []
    for n, a in enumerate(loaded.articles):
        count = int(per_article) + (rng.random() < per_article % 1)
        incidents = [
            Incident(values={"fatalities": rng.randrange(5), "evidence": SENTENCES[0]})
            for _ in range(count)
        ]
        text = a.text
        for incident in incidents:  # a quote the article holds
            incident.values["evidence"] = next(s for s in SENTENCES if s in text)
        records.append(ArticleRecord(a.id, values={"relevant": "reported"}, incidents=incidents))
        del n
    with project.open_store("coder0") as store:
        store.save_many(records, codebook=codebook, articles=loaded)
    marker.write_text(wanted)
    return project


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


@dataclass
class GcPauses:
    """CPU time of every collection while `recording`, by generation."""

    recording: bool = False
    pauses: list[tuple[int, float]] = field(default_factory=list)
    _start: float = 0.0

    def callback(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._start = time.process_time()
        elif self.recording:
            self.pauses.append((info["generation"], time.process_time() - self._start))

    @contextmanager
    def window(self) -> Iterator[list[tuple[int, float]]]:
        got: list[tuple[int, float]] = []
        self.pauses, self.recording = got, True
        try:
            yield got
        finally:
            self.recording = False


@dataclass
class Window:
    label: str
    switch_cpu: list[float]
    tab_net: float
    char_net: float
    pauses: list[tuple[int, float]]
    steps: int
    rss: float
    widgets: int
    tracked: int
    full_gc: float
    frozen: int
    dead: int | None

    def row(self) -> str:
        gen2 = [p for g, p in self.pauses if g == 2]
        total = sum(p for _, p in self.pauses)
        longest = max((p for _, p in self.pauses), default=0.0)
        return (
            f"| {self.label} | {statistics.median(self.switch_cpu) * 1000:.0f} "
            f"| {self.tab_net * 1000:.1f} | {self.char_net * 1000:.1f} "
            f"| {len(self.pauses) / self.steps:.1f} | {len(gen2)} "
            f"| {total / self.steps * 1000:.2f} | {longest * 1000:.1f} "
            f"| {self.full_gc * 1000:.1f} "
            f"| {self.rss:.0f} | {self.widgets} | {self.tracked:,} | {self.frozen:,} "
            f"| {'-' if self.dead is None else f'{self.dead:,}'} |"
        )


def frozen_dead() -> int:
    """Frozen objects nothing reaches any more (cycles gc.freeze() keeps): unfreeze, collect,
    freeze again. It reclaims them and freezes whatever is alive, so it runs once, at the end
    (a count after the first window would freeze that moment's rendering and count it dead)."""
    gc.collect()
    gc.unfreeze()
    dead = gc.collect()
    gc.freeze()
    return dead


def widgets_alive() -> int:
    from textual.widget import Widget

    return sum(1 for o in gc.get_objects() if isinstance(o, Widget))


async def key_net(pilot: Any, keys: list[str]) -> float:
    """Median CPU of `keys` less the median of as many no-op keys."""
    noop = statistics.median([await cpu_of(pilot, "f12") for _ in keys])
    return statistics.median([await cpu_of(pilot, k) for k in keys]) - noop


async def step(pilot: Any, screen: Any) -> float:
    """Type into the article's notes, open the next article; CPU until it is saved and shown."""
    notes = screen.query_one("#article-form--article_notes")
    notes.focus()
    await settled(pilot)
    t0 = time.process_time()
    await pilot.press("n")
    await pilot.press("alt+right")
    await settled(pilot)
    await pilot.app.workers.wait_for_complete()
    await settled(pilot)
    return time.process_time() - t0


async def window(
    pilot: Any, screen: Any, gcp: GcPauses, label: str, n: int, last: bool = False
) -> Window:
    with gcp.window() as pauses:
        cpu = [await step(pilot, screen) for _ in range(n)]
    screen.query_one("#article-form").focus_field()
    await settled(pilot)
    tab = await key_net(pilot, ["tab"] * 8)
    screen.query_one("#article-form--article_notes").focus()
    await settled(pilot)
    char = await key_net(pilot, list("abcdefgh"))
    gc.collect()  # what the window left: the next, timed, is a full collection of survivors
    t0 = time.process_time()
    gc.collect()
    full_gc = time.process_time() - t0
    tracked = len(gc.get_objects())
    frozen = gc.get_freeze_count()
    rss, widgets = rss_mb(), widgets_alive()
    dead = frozen_dead() if last else None
    return Window(label, cpu, tab, char, pauses, n, rss, widgets, tracked, full_gc, frozen, dead)


def ready(app: Any) -> bool:
    """The coding screen is up, the database read and counted, no key held back."""
    coding = app.coding
    return bool(coding and coding.is_mounted and coding.session.indexed and not app.keys_pending)


async def session(project: Any, coder: str, switches: int) -> tuple[float, list[Window]]:
    from coder.tui.coding.app import CoderApp

    gcp = GcPauses()
    gc.callbacks.append(gcp.callback)
    t0 = time.perf_counter()
    app = CoderApp(project, coder)
    windows: list[Window] = []
    async with app.run_test(size=SIZE) as pilot:
        while not ready(app):  # a big database is read after the first frame
            await pilot.pause()
        await settled(pilot)
        opened = time.perf_counter() - t0
        screen: Any = app.screen
        windows.append(await window(pilot, screen, gcp, "steps 1-10", 10))
        for _ in range(switches - 20):
            await step(pilot, screen)
        label = f"steps {switches - 9}-{switches}"
        windows.append(await window(pilot, screen, gcp, label, 10, last=True))
        await pilot.press("ctrl+q")
    gc.callbacks.remove(gcp.callback)
    return opened, windows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--switches", type=int, default=1000)
    ap.add_argument("--articles", type=int, default=1100)
    ap.add_argument("--per-article", type=float, default=2.64, help="incidents per article")
    ap.add_argument("--no-freeze", action="store_true", help="without the app's gc.freeze()")
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "coder-bench")
    args = ap.parse_args()
    if args.switches < 30:
        raise SystemExit("--switches: at least 30 (two windows of 10 and some in between)")
    load = Path("/proc/loadavg").read_text().split()[:3]
    project = build(args.work / f"session_{args.articles}", args.articles, args.per_article)
    with project.open_store("coder0", readonly=True) as store:
        incidents = sum(len(r.incidents) for r in store.records())
    if args.no_freeze:
        import coder.tui.coding.app as coding_app

        coding_app.freeze_survivors = lambda: None  # type: ignore[attr-defined]
    opened, windows = asyncio.run(session(project, "coder0", args.switches))
    print(
        f"{args.switches} switches, {args.articles:,} articles, {incidents:,} incidents in the "
        f"coder's database; app ready in {opened:.2f} s; load average {' '.join(load)}; "
        f"{'no gc.freeze()' if args.no_freeze else 'gc.freeze() after loading'}\n"
    )
    print(
        "| window | CPU ms per switch | Tab net ms | char net ms | gc runs per step "
        "| gen-2 runs | gc ms per step | longest gc ms | full gc ms | RSS MB "
        "| widgets alive (not frozen) "
        "| gc objects (not frozen) | frozen | frozen dead |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for w in windows:
        print(w.row())


if __name__ == "__main__":
    main()
