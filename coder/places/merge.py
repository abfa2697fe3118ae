"""`coder places merge`: move coder-added places into the gazetteer, after the lead's review.

The gazetteer's own text (credit lines, order, quoting) is kept byte for byte and the merged rows
are appended with its header's columns, so the file's history stays readable in git. Both files
are rewritten atomically; the gazetteer first, so a crash in between leaves a place in both
files, which is harmless: a row of places_added.csv whose id is already in the gazetteer is a
merged place (the loader skips it) and the next merge drops it. The same happens on a team, when
git's union merge of places_added.csv brings back rows a coder's copy still had (coder sync).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from coder.errors import CoderError
from coder.fsutil import atomic_write_bytes
from coder.places.added import ADDED_COLUMNS, added_path, locked, read_added_rows, write_rows
from coder.places.gazetteer import COLUMNS, load_gazetteer, read_csv_rows


@dataclass
class MergeSummary:
    merged: list[str]
    kept: int
    dropped: int = 0
    """Rows already in the gazetteer (merged before) or repeating another row, removed."""


def _header(path: Path) -> list[str]:
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        if line.strip() and not line.startswith("#"):
            return next(csv.reader([line]))
    return list(COLUMNS)


def merge_added(gazetteer: Path, ids: Sequence[str] | None = None) -> MergeSummary:
    """Append the added places (all, or those in `ids`) to the gazetteer; keep the rest.

    Under places_added.csv's lock from the read to the last write, as the form's add and sync's
    union merge take it: a row one of them wrote in between would be lost when the file is
    written back (a lead who also codes pressing F5 while a merge runs)."""
    extra = added_path(gazetteer)
    with locked(extra):
        return _merge(gazetteer, extra, ids)


def _merge(gazetteer: Path, extra: Path, ids: Sequence[str] | None) -> MergeSummary:
    rows = read_added_rows(extra)
    if not rows:
        raise CoderError(f"no places to merge: {extra} is empty or missing")
    known = {r.get("id", "") for r in rows}
    unknown = [i for i in ids or () if i not in known]
    if unknown:
        raise CoderError(
            f"not in {extra.name}: {', '.join(unknown)} (`coder places list` shows the ids)"
        )
    in_main = {row.get("id", "") for _, row in read_csv_rows(gazetteer)}
    fresh = _fresh(rows, in_main)
    chosen = [r for r in fresh if ids is None or r.get("id") in ids]
    kept = [r for r in fresh if r not in chosen]
    gaz = load_gazetteer(gazetteer, extra)
    bad = [p for p in gaz.problems if p.startswith(str(extra))]
    if bad:
        raise CoderError(f"fix {extra.name} first:\n" + "\n".join(bad))
    kept_ids = {r.get("id") for r in kept}
    orphaned = [r["id"] for r in chosen if r.get("parent") in kept_ids]
    if orphaned:
        raise CoderError(f"merge their parents too: {', '.join(orphaned)} lie under added places")
    header = _header(gazetteer)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    for r in chosen:
        writer.writerow([r.get(c, "") for c in header])
    text = gazetteer.read_bytes()
    if text and not text.endswith(b"\n"):
        text += b"\n"
    if chosen:
        atomic_write_bytes(gazetteer, text + buf.getvalue().encode("utf-8"))
    write_rows(extra, kept, ADDED_COLUMNS)
    return MergeSummary(
        merged=[r["id"] for r in chosen], kept=len(kept), dropped=len(rows) - len(fresh)
    )


def _fresh(rows: list[dict[str, str]], in_main: set[str]) -> list[dict[str, str]]:
    """The rows still to review: not already in the gazetteer, each id once (two coders who
    added the same village both have a row for it)."""
    seen: set[str] = set(in_main)
    out: list[dict[str, str]] = []
    for row in rows:
        pid = row.get("id", "")
        if pid and pid in seen:
            continue
        seen.add(pid)
        out.append(row)
    return out
