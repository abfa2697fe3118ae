"""What the hardening costs, as ratios measured in one run on the same data.

* strict JSON (`coder.jsonsafe.loads`: duplicate keys, huge integers, surrogates refused) vs
  `json.loads`, on a coder database file of N documents (whole-file parse, the fallback path) and
  on its document lines one by one (the path `SafeJSONStorage` takes when opening its own files);
* `coder.textsafe.clean` vs the article loader's older `clean_text`, on clean article text (the
  common case) and on text full of escapes;
* `coder.exchange.csvsafe.neutralise` vs the old one-line check, per cell.

Run: `.venv/bin/python benchmarks/bench_hardening.py [--docs 20000]`. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout, uninstalled

from coder.articles import clean_text
from coder.exchange.csvsafe import neutralise
from coder.jsonsafe import loads as strict_loads
from coder.textsafe import clean

_OLD_START = ("=", "+", "-", "@", "\t", "\r", "'")
_OLD_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def old_neutralise(cell: str) -> str:
    if cell.startswith(_OLD_START) and not _OLD_NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def best(fn: Callable[[], Any], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def documents(n: int) -> list[dict[str, Any]]:
    rng = random.Random(1)
    return [
        {
            "article": f"art{i:06d}",
            "status": rng.choice(["draft", "done"]),
            "values": {"relevant": True, "summary": "Mortars hit Topzawa " * 3},
            "incidents": [
                {
                    "id": f"{rng.getrandbits(128):032x}",
                    "values": {
                        "event_date": "2020-09-07",
                        "fatalities": rng.randint(0, 9),
                        "place": "Daquq, Kirkuk",
                        "evidence": "قتل اثنان",
                    },
                }
                for _ in range(3)
            ],
            "created": "2026-11-22T09:12:03+00:00",
            "codebook_version": "1.0",
        }
        for i in range(n)
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=20_000)
    n = parser.parse_args().docs
    docs = documents(n)
    whole = json.dumps({"records": {str(i): d for i, d in enumerate(docs, 1)}})
    lines = [json.dumps(d) for d in docs]
    article = ("Two senior ISIS militants were killed at dawn, the ICTS said. " * 2000) + "\n"
    hostile = article.replace("ICTS", "\x1b]52;c;aGk=\x07ICTS")
    cells = [str(v) for d in docs[:5000] for v in d["values"].values()] + ["-3", "=1", " @x"] * 500

    rows = [
        (
            "database, whole file",
            best(lambda: json.loads(whole)),
            best(lambda: strict_loads(whole)),
        ),
        (
            "database, line by line",
            best(lambda: [json.loads(x) for x in lines]),
            best(lambda: [strict_loads(x) for x in lines]),
        ),
        (
            "clean() vs articles.clean_text, clean 120 kB article",
            best(lambda: clean_text(article)),
            best(lambda: clean(article)),
        ),
        (
            "clean() vs articles.clean_text, 2,000 escapes",
            best(lambda: clean_text(hostile)),
            best(lambda: clean(hostile)),
        ),
        (
            "neutralise(), per cell",
            best(lambda: [old_neutralise(c) for c in cells]),
            best(lambda: [neutralise(c) for c in cells]),
        ),
    ]
    print(f"{n} documents, {len(whole) / 1e6:.1f} MB; best of 5\n")
    print("| what | before (ms) | hardened (ms) | ratio |")
    print("|---|---:|---:|---:|")
    for what, base, new in rows:
        ratio = new / base if base > 0 else float("inf")
        print(f"| {what} | {base * 1e3:.2f} | {new * 1e3:.2f} | {ratio:.2f}x |")


if __name__ == "__main__":
    main()
