"""`coder check` for the gazetteers of a codebook's place fields.

Problems come back as (file, line, severity, message) so `coder.checks` prints them like every
other problem: `gazetteer.csv:12: error: IQ-KI-XYZ: parent 'IQ-KX' is not an id`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from coder.places.added import added_path
from coder.places.gazetteer import GazetteerError, load_gazetteer

Found = tuple[Path, int | None, str, str]


def split_problem(problem: str, paths: Iterable[Path]) -> tuple[Path | None, int | None, str]:
    for path in paths:
        prefix = f"{path}:"
        if problem.startswith(prefix):
            m = re.match(r"(\d+): ", problem[len(prefix) :])
            if m:
                return path, int(m.group(1)), problem[len(prefix) + m.end() :]
            return path, None, problem[len(prefix) :].lstrip()
    return None, None, problem


def check_gazetteers(paths: Iterable[Path], fields_of: dict[Path, list[str]]) -> list[Found]:
    """Every problem of each gazetteer (and its places_added.csv), plus a warning per file of
    coder-added places waiting for the lead."""
    out: list[Found] = []
    for path in paths:
        names = ", ".join(fields_of.get(path, []))
        if not path.is_file():
            out.append(
                (path, None, "error", f"no gazetteer for place field(s) {names}: create it "
                 "(columns id,name,alt_names,kind,parent,latitude,longitude,source) or set "
                 "'gazetteer:' on the field")
            )  # fmt: skip
            continue
        extra = added_path(path)
        try:
            gaz = load_gazetteer(path, extra)
        except GazetteerError as e:
            for problem in e.problems:
                where, line, message = split_problem(problem, (path, extra))
                out.append((where or path, line, "error", message))
            continue
        for problem in gaz.problems:
            where, line, message = split_problem(problem, (path, extra))
            out.append((where or path, line, "error", message))
        added = [p for p in gaz.places.values() if p.added]
        if added:
            out.append(
                (extra, None, "warning", f"{len(added)} place(s) added by coders wait for review: "
                 "`coder places list`, then `coder places merge`")
            )  # fmt: skip
    return out
