"""CPU time per key of the coding screen in a real terminal, against a plain Textual form.

bench_keys_cpu.py drives the app through Textual's Pilot, whose own work per key (a callback to
every widget, on each press and pause) is several times the app's and has to be subtracted.
This one runs `coder code` as a coder does: in a pseudo-terminal (120x40 by default), Textual's
real Linux driver reading the keys and writing escape sequences, the output read and thrown
away as a terminal would. Keys are written at 15 a second (a fast coder typing ahead), and the
CPU time is the process's own (utime + stime from /proc/PID/stat), less its idle rate
(measured for 3 s before the keys) over the same seconds, divided by the keys:

* pick: down / up alternately on the first field (`relevant`, a choice list);
* char: in the first incident field after ctrl+n (the event date): a digit, then backspace;
* tab: Tab through the form, field after field (wrapping round);
* with `--pair K` (coder only): a new incident (ctrl+n), K Tabs from its first field, then Tab
  and shift+Tab alternately between that field and the next: the cost of a Tab between two
  given fields (K=13: injured <-> kidnapped, two Inputs, no list opening, no scroll).

The baseline, run alternately with coder in the same minutes (`--runs` each), is
plain_form_app.py: the same codebook's fields as stock Label + OptionList / Input widgets in a
VerticalScroll beside the article, Header and Footer, the same keys (its ctrl+n focuses the
first incident field). Its figures are what Textual asks for these keys on a form of this size
before any work of coder's own; the ratio coder / plain says what coder adds or saves.

Run: python benchmarks/bench_keys_terminal.py [--keys 60] [--runs 3] [--size 120x40]
Linux only (pty, /proc).
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import pty
import select
import shutil
import signal
import statistics
import struct
import sys
import tempfile
import termios
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
RATE = 15.0
"""Keys a second: a fast coder typing ahead (issue 10)."""
KEYS = {
    "pick": (b"\x1b[B", b"\x1b[A"),  # down, up
    "char": (b"2", b"\x7f"),  # a digit, backspace
    "tab": (b"\t",),
    "pair": (b"\t", b"\x1b[Z"),  # Tab, shift+Tab
}
CTRL_N, CTRL_Q = b"\x0e", b"\x11"
IDLE_SHARE = 0.04
"""A program using less than this share of a CPU is idle (settle)."""


def cpu_seconds(pid: int) -> float:
    """utime + stime of process `pid` (its threads included), in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Terminal:
    """A program in a pseudo-terminal of a given size, its output read and discarded."""

    def __init__(self, argv: list[str], cwd: Path, size: tuple[int, int]) -> None:
        pid, fd = pty.fork()
        if pid == 0:  # the child: the program, as from a terminal
            os.chdir(cwd)
            os.environ.update(TERM="xterm-256color", COLORTERM="truecolor")
            try:
                os.execv(argv[0], argv)
            finally:
                os._exit(127)  # never run the parent's code in the child
        self.pid, self.fd = pid, fd
        cols, rows = size
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))

    def read_for(self, seconds: float) -> int:
        """Read (and drop) output for `seconds`; the bytes read."""
        end, total = time.monotonic() + seconds, 0
        while (left := end - time.monotonic()) > 0:
            if select.select([self.fd], [], [], left)[0]:
                try:
                    total += len(os.read(self.fd, 1 << 16))
                except OSError:  # the program has gone
                    return total
        return total

    def settle(self, quiet: float = 0.5, limit: float = 60.0) -> None:
        """Read until the program has used next to no CPU for `quiet` seconds: it is idle (the
        condition, not a counted wait). "Next to no": under IDLE_SHARE of the spell; an Input's
        blinking cursor redraws twice a second for a millisecond or two. Gives up after
        `limit` seconds."""
        end = time.monotonic() + limit
        while time.monotonic() < end:
            before = cpu_seconds(self.pid)
            self.read_for(quiet)
            if cpu_seconds(self.pid) - before < IDLE_SHARE * quiet:
                return

    def keys(self, sequence: list[bytes]) -> None:
        for key in sequence:
            os.write(self.fd, key)
            self.read_for(1 / RATE)

    def close(self) -> None:
        try:
            os.write(self.fd, CTRL_Q)
            self.read_for(1.0)
        except OSError:
            pass
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        os.close(self.fd)


def measure(term: Terminal, sequence: list[bytes], idle_rate: float) -> float:
    """CPU ms per key of `sequence`, typed at RATE, until the program is idle again."""
    t0, c0 = time.monotonic(), cpu_seconds(term.pid)
    term.keys(sequence)
    term.settle()
    spent = cpu_seconds(term.pid) - c0 - idle_rate * (time.monotonic() - t0)
    return 1000 * spent / len(sequence)


def one_run(
    argv: list[str], cwd: Path, size: tuple[int, int], n: int, pair: int | None = None
) -> dict[str, float]:
    """Start the program, let it settle, measure its idle rate, then pick, char and tab (and the
    Tab between incident fields `pair` and `pair + 1`, when given)."""
    term = Terminal(argv, cwd, size)
    try:
        term.settle(quiet=1.0)
        t0, c0 = time.monotonic(), cpu_seconds(term.pid)
        term.read_for(3.0)
        idle = (cpu_seconds(term.pid) - c0) / (time.monotonic() - t0)
        out = {"idle ms/s": 1000 * idle}
        out["pick"] = measure(term, [KEYS["pick"][i % 2] for i in range(n)], idle)
        term.keys([CTRL_N])
        term.settle()
        out["char"] = measure(term, [KEYS["char"][i % 2] for i in range(n)], idle)
        out["tab"] = measure(term, [KEYS["tab"][0]] * n, idle)
        if pair is not None:
            term.keys([CTRL_N, *[KEYS["tab"][0]] * pair])
            term.settle()
            out["pair"] = measure(term, [KEYS["pair"][i % 2] for i in range(n)], idle)
        return out
    finally:
        term.close()


def project(root: Path) -> Path:
    shutil.copy(REPO / "codebook.yaml", root / "codebook.yaml")
    shutil.copytree(REPO / "samples", root / "samples")
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--keys", type=int, default=60, help="keys of each kind (default 60)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each app (default 3)")
    parser.add_argument("--size", default="120x40", help="terminal COLSxROWS (default 120x40)")
    parser.add_argument(
        "--pair", type=int, help="coder only: Tab/shift+Tab between incident fields K and K+1"
    )
    args = parser.parse_args()
    cols, rows = (int(v) for v in args.size.split("x"))
    with tempfile.TemporaryDirectory() as tmp:
        root = project(Path(tmp))
        article = sorted((root / "samples").glob("*.txt"))[0]
        apps = {
            "coder": [PYTHON, "-m", "coder.cli", "--project", str(root), "code", "--coder", "b"],
            "plain Textual form": [
                PYTHON, str(REPO / "benchmarks" / "plain_form_app.py"),
                str(root / "codebook.yaml"), str(article),
            ],
        }  # fmt: skip
        results: dict[str, list[dict[str, float]]] = {name: [] for name in apps}
        for run in range(args.runs):
            for name, argv in apps.items():
                (root / "coding").exists() and shutil.rmtree(root / "coding")
                pair = args.pair if name == "coder" else None
                results[name].append(one_run(argv, REPO, (cols, rows), args.keys, pair))
                got = ", ".join(f"{k} {v:.1f}" for k, v in results[name][-1].items())
                print(f"run {run + 1} {name}: {got}", file=sys.stderr)
    load = Path("/proc/loadavg").read_text().split()[0]
    print(f"\n{args.size}, {args.keys} keys of each kind at {RATE:g}/s, {args.runs} runs each, "
          f"load {load}; CPU ms per key (median of runs), idle rate subtracted\n")  # fmt: skip
    print("| key | coder | plain Textual form | coder / plain |")
    print("|---|---|---|---|")
    for key in ("tab", "pick", "char"):
        mine = statistics.median(r[key] for r in results["coder"])
        plain = statistics.median(r[key] for r in results["plain Textual form"])
        print(f"| {key} | {mine:.1f} | {plain:.1f} | {mine / plain:.2f} |")
    if args.pair is not None:
        mine = statistics.median(r["pair"] for r in results["coder"])
        print(f"| Tab/shift+Tab between incident fields {args.pair} and {args.pair + 1} "
              f"| {mine:.1f} | | |")  # fmt: skip


if __name__ == "__main__":
    main()
