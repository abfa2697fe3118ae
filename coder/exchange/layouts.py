"""A JSONL incident's cells parsed by a function written for its keys, in their order.

An export writes every incident with the same keys in the same order, so import meets a few
layouts 50k times. For each layout this writes one function (as `values._compile` does for
validation) that does what `import_cells.parse_into` does per cell (look the cell up in its
field's table of parsed cells, else parse it through the memo, copy a shared list, note the
name a place was given by) with no lookup of the field by key, no test of the keys to pass
over and no loop. It reports nothing: on any cell that would be refused (ValueError), or not
hashed (TypeError), the caller parses the incident again the long way, which says what is
wrong. A layout with a key that is neither a field nor passed over gets no function (the long
way names the key). Only names of this module's making are written into the source; the keys,
tables and fields are objects in its namespace.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Any

from coder.codebook.model import Field
from coder.exchange.parse_memo import MISS

LayoutParse = Callable[[Mapping[str, Any], dict[str, str]], dict[str, Any]]
"""(the incident's cells, the names its places were given by) -> its parsed values; adds to
the names as `parse_into` does. Raises ValueError or TypeError: parse it the long way."""

MAX_LAYOUTS = 64
"""Layouts kept per import: past that (a hand-made file), every incident goes the long way."""


def compile_layout(
    keys: tuple[str, ...],
    cells: Mapping[str, tuple[Field, dict[Any, Any], bool]],
    skip: Collection[str],
    parse: Callable[[Field, Any], Any],
) -> LayoutParse | None:
    """The function for incidents with exactly `keys`, in this order (`cells`: the level's
    fields by name with their tables, `skip`: keys passed over, `parse`: `ParseMemo.parse`)."""
    ns: dict[str, Any] = {"MISS": MISS, "PARSE": parse}
    src = ["def parse(raw, names):", "    out = {}"]
    for n, key in enumerate(keys):
        cell = cells.get(key)
        if cell is None:
            if key in skip:
                continue
            return None
        field, table, place = cell
        ns[f"K{n}"], ns[f"T{n}"], ns[f"F{n}"] = key, table, field
        src += [
            f"    v = raw[K{n}]",
            "    c = v.__class__",
            "    if c is str or c is int:",
            f"        p = T{n}.get(v, MISS)",
            "    elif c is list:",
            f"        p = T{n}.get(tuple(v), MISS)",
            "    elif c is bool:",
            f"        p = T{n}.get((bool, v), MISS)",
            "    else:",
            "        p = MISS",
            "    if p is MISS:",
            f"        p = PARSE(F{n}, v)",
            "    elif p.__class__ is list:",
            "        p = list(p)",
            "    if p is not None:",
            f"        out[K{n}] = p",
        ]
        if place:
            src += [
                f"        if c is str and K{n} not in names:",
                "            t = v.strip()",
                "            if t != p:",
                f"                names[K{n}] = t",
            ]
    src.append("    return out")
    exec(compile("\n".join(src), f"<import of {len(keys)} keys>", "exec"), ns)
    function: LayoutParse = ns["parse"]
    return function
