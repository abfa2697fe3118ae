"""CPU time per key on the coding screen (120x40, shipped codebook and samples/), and widget leaks.

Drives the real CoderApp with Textual's Pilot (App.run_test) on a throwaway copy of the shipped
project (codebook.yaml + samples/), and measures `time.process_time()` per key press, from before
`pilot.press` until the app is idle again (`pilot.pause()`, `animator.wait_for_idle()`, pause):

* tab: 100 field moves through the form (wrapping round the focus chain);
* pick: down arrow in a choice list (the `relevant` field: up/down alternately);
* char: one typed character in a text field (`perpetrator_name`: letters, a backspace every 8th).

It also counts live widgets: those in the screen's DOM and those the garbage collector still
tracks (every Widget subclass, and FooterKey), after 10 and after 100 Tabs (a leak grows).

Prints medians / p90 / max in ms. `--tabs N` (default 100). Target: <= 16 ms CPU per key.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout, uninstalled

from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets._footer import FooterKey

from coder.project import Project
from coder.tui.coding.app import CoderApp

REPO = Path(__file__).resolve().parents[1]
SIZE = (120, 40)


def build_project(root: Path) -> Project:
    shutil.copy(REPO / "codebook.yaml", root / "codebook.yaml")
    shutil.copytree(REPO / "samples", root / "samples")
    for f in (root / "samples").iterdir():
        f.chmod(0o644)
    return Project.locate(root)


async def settled(pilot: Pilot[Any]) -> None:
    await pilot.pause()
    await pilot.app.animator.wait_for_idle()
    await pilot.pause()


async def cpu_of(pilot: Pilot[Any], key: str) -> float:
    """CPU seconds (this process) to press `key` and let the app settle."""
    await settled(pilot)
    t0 = time.process_time()
    await pilot.press(key)
    await settled(pilot)
    return time.process_time() - t0


def live_widgets(app: CoderApp) -> dict[str, int]:
    gc.collect()
    counts = Counter(type(o).__name__ for o in gc.get_objects() if isinstance(o, Widget))
    return {
        "dom": len(list(app.screen.walk_children())),
        "gc_widgets": sum(counts.values()),
        "gc_FooterKey": sum(1 for o in gc.get_objects() if isinstance(o, FooterKey)),
    }


def stats(name: str, samples: list[float]) -> str:
    ms = sorted(s * 1000 for s in samples)
    p90 = ms[int(len(ms) * 0.9) - 1] if len(ms) >= 10 else ms[-1]
    return f"| {name} | {len(ms)} | {statistics.median(ms):.1f} | {p90:.1f} | {ms[-1]:.1f} |"


async def run(project: Project, tabs: int, picks: int, chars: int) -> None:
    app = CoderApp(project, "bench")
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        screen = app.screen
        # the first incident form is there to tab through
        if screen.session.current is None:
            await pilot.press("ctrl+n")
        await settled(pilot)
        screen.query_one("#article-form").focus_field()  # type: ignore[attr-defined]
        await settled(pilot)
        for _ in range(3):  # warm-up: first-time CSS, caches
            await cpu_of(pilot, "tab")
        noop_cpu = [await cpu_of(pilot, "f12") for _ in range(20)]  # unbound: Pilot overhead
        tab_cpu: list[float] = []
        counts: dict[int, dict[str, int]] = {0: live_widgets(app)}
        by_target: dict[str, list[float]] = {}
        for n in range(1, tabs + 1):
            tab_cpu.append(await cpu_of(pilot, "tab"))
            by_target.setdefault(type(app.focused).__name__, []).append(tab_cpu[-1])
            if n in (10, tabs):
                counts[n] = live_widgets(app)

        from coder.tui.form.editors import ChoiceEditor, TextEditor

        choice = next(w for w in screen.query(ChoiceEditor) if w.field.name == "relevant")
        choice.focus()
        await settled(pilot)
        await cpu_of(pilot, "down")
        pick_cpu = [await cpu_of(pilot, "down" if i % 2 else "up") for i in range(picks)]

        text = next(w for w in screen.query(TextEditor) if w.field.name == "perpetrator_name")
        text.focus()
        await settled(pilot)
        await cpu_of(pilot, "x")
        char_cpu = [
            await cpu_of(pilot, "backspace" if i % 8 == 7 else "abcdefghij"[i % 10])
            for i in range(chars)
        ]
        await pilot.press("ctrl+q")

    print(f"textual run_test size={SIZE[0]}x{SIZE[1]}, CPU ms (time.process_time) per key\n")
    print("| key | n | median | p90 | max |")
    print("|---|---|---|---|---|")
    print(stats("no-op key (f12, Pilot + key routing overhead)", noop_cpu))
    print(stats("tab (field move)", tab_cpu))
    for name, samples in sorted(by_target.items()):
        print(stats(f"  tab into a {name}", samples))
    print(stats("down/up (choice pick)", pick_cpu))
    print(stats("typed char", char_cpu))
    print("\nlive widgets after N tabs")
    print("| tabs | DOM | gc Widget objects | gc FooterKey |")
    print("|---|---|---|---|")
    for n, c in counts.items():
        print(f"| {n} | {c['dom']} | {c['gc_widgets']} | {c['gc_FooterKey']} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tabs", type=int, default=100)
    parser.add_argument("--picks", type=int, default=40)
    parser.add_argument("--chars", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        project = build_project(Path(tmp))
        asyncio.run(run(project, args.tabs, args.picks, args.chars))


if __name__ == "__main__":
    main()
