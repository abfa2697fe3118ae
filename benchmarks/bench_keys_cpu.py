"""CPU time per key on the coding screen (120x40, shipped codebook and samples/), and widget leaks.

Drives the real CoderApp with Textual's Pilot (App.run_test) on a throwaway copy of the shipped
project (codebook.yaml + samples/), and measures `time.process_time()` per key press, from before
`pilot.press` until the app is idle again (`pilot.pause()`, `animator.wait_for_idle()`, pause):

* tab: field moves through the form (wrapping round the focus chain);
* pick: down arrow in a choice list (the `relevant` field: up/down alternately);
* char: one typed character in a text field (`perpetrator_name`: letters, a backspace every 8th).

Pilot's own work (it posts a callback to every widget of the screen and waits for them all, on
each press and pause) is measured the same way with an unbound key (f12) and subtracted: each
measured key is followed by one no-op key, and "net" is the median of (key - the no-op after it),
the app's own cost per key. Pairing keeps the machine's load out of the difference: on a shared
machine the CPU time of the same work drifts by tens of ms within a minute, and a no-op measured
only at the start and the end made a typed character "cost" anything from -3 to 28 ms. Target:
<= 16 ms net.

It also counts live widgets: those in the screen's DOM and those the garbage collector still
tracks, after 10 and after all Tabs (a leak grows).

`--calls` counts the Python function calls of each key (cProfile), in thousands, instead of its
CPU time: slower, but the same on a quiet and on a loaded machine, so a change of a few per cent
shows (CPU time of the same work drifts by more than that from run to run here).

`--baseline REV` runs the same measurement on the code of git revision REV too (`git archive` of
coder/ into a temporary folder, first on sys.path), alternating baseline and this tree run by run
(`--runs`, default 2 each), so both see the same machine load; it prints the net figures of each
and their ratio.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import gc
import json
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from baseline import baseline_code  # noqa: E402

SIZE = (120, 40)
KEYS = ("tab", "pick", "char")
MODE = {"calls": False}
"""`--calls`: measure function calls (`cpu_of`) instead of CPU seconds."""


def build_project(root: Path) -> Any:
    from coder.project import Project

    shutil.copy(REPO / "codebook.yaml", root / "codebook.yaml")
    shutil.copytree(REPO / "samples", root / "samples")
    for f in (root / "samples").iterdir():
        f.chmod(0o644)
    return Project.locate(root)


async def settled(pilot: Any) -> None:
    await pilot.pause()
    await pilot.app.animator.wait_for_idle()
    await pilot.pause()


async def cpu_of(pilot: Any, key: str) -> float:
    """CPU seconds (this process) to press `key` and let the app settle; with `--calls`, the
    Python function calls that took, in millions (so the tables' "ms" read as thousands)."""
    await settled(pilot)
    if MODE["calls"]:
        profile = cProfile.Profile()
        profile.enable()
        await pilot.press(key)
        await settled(pilot)
        profile.disable()
        return float(pstats.Stats(profile).total_calls) / 1e6  # type: ignore[attr-defined]
    t0 = time.process_time()
    await pilot.press(key)
    await settled(pilot)
    return time.process_time() - t0


async def paired(pilot: Any, key: str, out: dict[str, Any], name: str) -> float:
    """`cpu_of(key)`, stored in out[name], then a no-op key's, stored in out[name + "_noop"]."""
    cpu = await cpu_of(pilot, key)
    out[name].append(cpu)
    out.setdefault(name + "_noop", []).append(await cpu_of(pilot, "f12"))
    return cpu


def live_widgets(app: Any) -> dict[str, int]:
    from textual.widget import Widget

    gc.collect()
    counts = Counter(type(o).__name__ for o in gc.get_objects() if isinstance(o, Widget))
    return {"dom": len(list(app.screen.walk_children())), "gc_widgets": sum(counts.values())}


async def measure(project: Any, tabs: int, picks: int, chars: int) -> dict[str, Any]:
    from coder.tui.coding.app import CoderApp
    from coder.tui.form.editors import ChoiceEditor, TextEditor

    app = CoderApp(project, "bench")
    out: dict[str, Any] = {"by_target": {}, "counts": {}}
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        screen: Any = app.screen
        if screen.session.current is None:  # the first incident form is there to tab through
            await pilot.press("ctrl+n")
        await settled(pilot)
        screen.query_one("#article-form").focus_field()
        await settled(pilot)
        for _ in range(3):  # warm-up: first-time CSS, caches
            await cpu_of(pilot, "tab")
        out["noop"] = [await cpu_of(pilot, "f12") for _ in range(10)]  # unbound: Pilot overhead
        out["counts"][0] = live_widgets(app)
        out["tab"] = []
        for n in range(1, tabs + 1):
            cpu = await paired(pilot, "tab", out, "tab")
            target = type(app.focused).__name__
            out["by_target"].setdefault(target, []).append(cpu - out["tab_noop"][-1])
            if n in (10, tabs):
                out["counts"][n] = live_widgets(app)

        choice = next(w for w in screen.query(ChoiceEditor) if w.field.name == "relevant")
        choice.focus()
        await settled(pilot)
        await cpu_of(pilot, "down")
        out["pick"] = []
        for i in range(picks):
            await paired(pilot, "down" if i % 2 else "up", out, "pick")

        text = next(w for w in screen.query(TextEditor) if w.field.name == "perpetrator_name")
        text.focus()
        await settled(pilot)
        await cpu_of(pilot, "x")
        out["char"] = []
        for i in range(chars):
            await paired(pilot, "backspace" if i % 8 == 7 else "abcdefghij"[i % 10], out, "char")
        await pilot.press("ctrl+q")
    return out


def ms(samples: list[float]) -> list[float]:
    return sorted(s * 1000 for s in samples)


def p90(m: list[float]) -> float:
    return m[int(len(m) * 0.9) - 1] if len(m) >= 10 else m[-1]


def differences(out: dict[str, Any], key: str) -> list[float]:
    """Each `key` sample less the no-op measured right after it."""
    return [k - n for k, n in zip(out[key], out[key + "_noop"], strict=True)]


def stats_row(name: str, samples: list[float], nets: list[float]) -> str:
    """n, median, p90, max of `samples`; median, p90 of `nets` (key less its no-op)."""
    m, d = ms(samples), ms(nets)
    head = f"| {name} | {len(m)} | {statistics.median(m):.1f} | {p90(m):.1f} | {m[-1]:.1f} |"
    return head + f" {statistics.median(d):.1f} | {p90(d):.1f} |"


def report(out: dict[str, Any]) -> None:
    noops = out["noop"] + out["tab_noop"] + out["pick_noop"] + out["char_noop"]
    unit = "thousand function calls" if MODE["calls"] else "CPU ms (time.process_time)"
    print(f"textual run_test size={SIZE[0]}x{SIZE[1]}, {unit} per key\n")
    print("| key | n | median | p90 | max | net median | net p90 |")
    print("|---|---|---|---|---|---|---|")
    print(stats_row("no-op key (f12: Pilot + key routing)", noops, [0.0]))
    print(stats_row("tab (field move)", out["tab"], differences(out, "tab")))
    for name, nets in sorted(out["by_target"].items()):
        print(f"|   tab into a {name} | {len(nets)} | | | | ", end="")
        print(f"{statistics.median(ms(nets)):.1f} | {p90(ms(nets)):.1f} |")
    print(stats_row("down/up (choice pick)", out["pick"], differences(out, "pick")))
    print(stats_row("typed char", out["char"], differences(out, "char")))
    print("\nlive widgets after N tabs")
    print("| tabs | DOM | gc Widget objects |")
    print("|---|---|---|")
    for n, c in out["counts"].items():
        print(f"| {n} | {c['dom']} | {c['gc_widgets']} |")


def net(out: dict[str, Any]) -> dict[str, float]:
    noop = statistics.median(ms(out["noop"] + out["tab_noop"]))
    return {"noop": noop} | {k: statistics.median(ms(differences(out, k))) for k in KEYS}


def compare(args: argparse.Namespace) -> None:
    """Alternate runs of REV's code and this tree's in fresh processes; print net ms and ratios."""
    runs: dict[str, list[dict[str, float]]] = {args.baseline: [], "this tree": []}
    with tempfile.TemporaryDirectory() as tmp:
        base = baseline_code(args.baseline, Path(tmp))
        for _ in range(args.runs):
            for label, code in ((args.baseline, base), ("this tree", REPO)):
                cmd = [sys.executable, __file__, "--code", str(code), "--json"]
                cmd += ["--tabs", str(args.tabs), "--picks", str(args.picks)]
                cmd += ["--chars", str(args.chars)] + (["--calls"] if args.calls else [])
                done = subprocess.run(cmd, check=True, capture_output=True, text=True)
                runs[label].append(net(json.loads(done.stdout.splitlines()[-1])))
    unit = "thousand function calls" if args.calls else "CPU ms"
    print(f"{unit} per key, net of the no-op key, median of {args.runs} alternating runs\n")
    print(f"| key | {args.baseline} | this tree | ratio |")
    print("|---|---|---|---|")
    for key in ("noop", *KEYS):
        b = statistics.median(r[key] for r in runs[args.baseline])
        t = statistics.median(r[key] for r in runs["this tree"])
        print(f"| {key} | {b:.1f} | {t:.1f} | {t / b if b > 0 else float('nan'):.2f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tabs", type=int, default=100)
    parser.add_argument("--picks", type=int, default=40)
    parser.add_argument("--chars", type=int, default=40)
    parser.add_argument("--baseline", metavar="REV", help="also measure git revision REV")
    parser.add_argument("--runs", type=int, default=2, help="runs of each with --baseline")
    parser.add_argument("--calls", action="store_true", help="count function calls, not CPU")
    parser.add_argument("--code", type=Path, default=REPO, help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    MODE["calls"] = args.calls
    if args.baseline:
        compare(args)
        return
    sys.path.insert(0, str(args.code))  # this checkout (or the baseline's), not an install
    with tempfile.TemporaryDirectory() as tmp:
        out = asyncio.run(measure(build_project(Path(tmp)), args.tabs, args.picks, args.chars))
    if args.json:
        print(json.dumps(out))
    else:
        report(out)


if __name__ == "__main__":
    main()
