"""`coder places merge`: move coder-added places into the gazetteer, after the lead's review.

The gazetteer's own text (credit lines, order, quoting) is kept byte for byte and the merged rows
are appended with its header's columns, so the file's history stays readable in git. Both files
are rewritten atomically; the gazetteer first, so a crash in between leaves a place in both
files, which the next merge reports as a duplicate instead of losing it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from coder.errors import CoderError
from coder.fsutil import atomic_write_bytes
from coder.places.added import ADDED_COLUMNS, added_path, read_added_rows, write_rows
from coder.places.gazetteer import COLUMNS, load_gazetteer, read_csv_rows


@dataclass
class MergeSummary:
    merged: list[str]
    kept: int


def _header(path: Path) -> list[str]:
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        if line.strip() and not line.startswith("#"):
            return next(csv.reader([line]))
    return list(COLUMNS)


def merge_added(gazetteer: Path, ids: Sequence[str] | None = None) -> MergeSummary:
    """Append the added places (all, or those in `ids`) to the gazetteer; keep the rest."""
    extra = added_path(gazetteer)
    rows = read_added_rows(extra)
    if not rows:
        raise CoderError(f"no places to merge: {extra} is empty or missing")
    known = {r.get("id", "") for r in rows}
    unknown = [i for i in ids or () if i not in known]
    if unknown:
        raise CoderError(
            f"not in {extra.name}: {', '.join(unknown)} (`coder places list` shows the ids)"
        )
    chosen = [r for r in rows if ids is None or r.get("id") in ids]
    kept = [r for r in rows if r not in chosen]
    gaz = load_gazetteer(gazetteer, extra)
    bad = [p for p in gaz.problems if p.startswith(str(extra))]
    if bad:
        raise CoderError("fix places_added.csv first:\n" + "\n".join(bad))
    in_main = {row.get("id", "") for _, row in read_csv_rows(gazetteer)}
    clash = [r["id"] for r in chosen if r["id"] in in_main]
    if clash:
        raise CoderError(f"already in {gazetteer.name}: {', '.join(clash)}")
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
    atomic_write_bytes(gazetteer, text + buf.getvalue().encode("utf-8"))
    write_rows(extra, kept, ADDED_COLUMNS)
    return MergeSummary(merged=[r["id"] for r in chosen], kept=len(kept))
