"""What the coding screen says at start-up when a place field's gazetteer cannot be read.

A project copied without its `gazetteer.csv`, or with a wrong `gazetteer:` path, used to open
the coding screen without a word: only typing in the place field showed "gazetteer unreadable",
and place suggestions were silently missing. The notice names the file, what is wrong with it
(the line and the problem, as `coder check` says it), what to do, and what the coder can do
meanwhile. Plain text from plain inputs (the codebook passes its path and lines), so this
package stays below the codebook.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from coder.places.added import added_path
from coder.places.cache import gazetteer_for
from coder.places.check import split_problem
from coder.places.gazetteer import GazetteerError

MEANWHILE = (
    "Until then there are no place suggestions, and a place you type is kept as typed "
    '(enter on "+ keep") for your lead to place.'
)


def gazetteer_notice(
    path: Path,
    fields: Sequence[str],
    codebook: Path | None,
    gazetteer_line: int | None,
    field_line: int,
) -> str | None:
    """The notice for the gazetteer at `path` of the place field(s) `fields` (None: it can be
    read). `gazetteer_line`: the line of the field's `gazetteer:` key in `codebook`, None when
    the field uses the default gazetteer.csv (then `field_line`, the field's own line, is named)."""
    try:
        gazetteer_for(path)
    except GazetteerError as e:
        error = e
    else:
        return None
    problems = error.problems
    named = ", ".join(repr(f) for f in fields)
    who = f"Place field {named}" if len(fields) == 1 else f"Place fields {named}"
    book = codebook.name if codebook is not None else "the codebook"
    if not path.is_file():
        if gazetteer_line is not None:
            fix = f"fix `gazetteer:` in {book} line {gazetteer_line}"
        else:
            fix = f"set `gazetteer:` on the field ({book} line {field_line})"
        return (
            f"{who}: no gazetteer at {path}. Copy the project's {path.name} there, or {fix}. "
            + MEANWHILE
        )
    first = error.first(f"{path}: cannot be read")
    where, line, message = split_problem(first, (path, added_path(path)))
    shown = where or path
    at = f"line {line}: " if line is not None else ""
    more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
    return (
        f"{who}: the gazetteer {shown} cannot be read: {at}{message}{more}. Fix the file "
        f"(`coder check` lists every problem) or point `gazetteer:` in {book} at a good one. "
        + MEANWHILE
    )
