"""`coder places`: the lead's gazetteer commands (list, merge, find, build).

The argparse wiring lives here so `coder.cli` only adds one line; every command returns an exit
status and raises CoderError for what the user must fix.

* `coder places list`: the places coders added, with who, when, under what, and the gazetteer
  names that look like the same place (a coder who missed an alternate spelling);
* `coder places merge [ID ...]`: move them (or the listed ones) into the gazetteer;
* `coder places find TEXT`: the type-ahead from the command line, with ids and hierarchy;
* `coder places build --geonames IQ.txt [--out FILE]`: a gazetteer from a GeoNames country file.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from coder.errors import CoderError

if TYPE_CHECKING:
    from coder.project import Project


def add_parser(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = sub.add_parser(
        "places", parents=[common], help="the gazetteer: added places, merge, find, build"
    )
    p.description = "Work with the project's gazetteer (gazetteer.csv) and places coders added."
    p.add_argument("--gazetteer", metavar="FILE", type=Path, help="default: the codebook's")
    actions = p.add_subparsers(dest="places_command", metavar="ACTION", required=True)
    actions.add_parser("list", help="places coders added, waiting for review")
    m = actions.add_parser("merge", help="move added places into the gazetteer")
    m.add_argument("ids", nargs="*", metavar="ID", help="only these (default: all)")
    f = actions.add_parser("find", help="search the gazetteer as the form does")
    f.add_argument("text", nargs="+", help="a name, part of one, or a misspelling")
    f.add_argument("--limit", type=int, default=10)
    b = actions.add_parser("build", help="build a gazetteer from a GeoNames country file")
    b.add_argument("--geonames", metavar="FILE", type=Path, required=True, help="e.g. IQ.txt")
    b.add_argument("--out", metavar="FILE", type=Path, help="default: PROJECT/gazetteer.csv")
    b.add_argument("--force", action="store_true", help="replace an existing output file")
    b.add_argument(
        "--town-population", type=int, default=5000, help="towns from this size (default 5000)"
    )
    b.add_argument("--sites", action="store_true", help="also spots, mountains, valleys, wadis")
    return p


def gazetteer_path(project: Project | None, given: Path | None, root: Path) -> Path:
    """--gazetteer, else the first place field's, else gazetteer.csv in the project folder."""
    if given is not None:
        return given.expanduser().resolve()
    if project is not None:
        codebook = project.load_codebook()
        for f in codebook.all_fields():
            if f.type == "place" and f.gazetteer is not None:
                return f.gazetteer
    return root / "gazetteer.csv"


def run(args: argparse.Namespace, project: Project | None, root: Path) -> int:
    from coder.places.cache import gazetteer_for, index_for

    action = args.places_command
    if action == "build":
        from coder.places.geonames import build_from_geonames

        out = (args.out or root / "gazetteer.csv").expanduser().resolve()
        if out.exists() and not args.force:
            raise CoderError(f"{out} exists: pass --force to replace it, or --out another file")
        summary = build_from_geonames(
            args.geonames, out, town_population=args.town_population, sites=args.sites
        )
        print(f"{out}: {summary}")
        return 0
    path = gazetteer_path(project, args.gazetteer, root)
    if not path.is_file():
        raise CoderError(f"no gazetteer at {path} (`coder places build --geonames IQ.txt`)")
    if action == "merge":
        from coder.places.merge import merge_added

        merged = merge_added(path, args.ids or None)
        dropped = (
            f" ({merged.dropped} row(s) already merged or repeated dropped from places_added.csv)"
            if merged.dropped
            else ""
        )
        print(
            f"merged {len(merged.merged)} place(s) into {path}; {merged.kept} left to review"
            f"{dropped}"
        )
        return 0
    gaz = gazetteer_for(path)
    index = index_for(path)
    if action == "find":
        for m in index.search(" ".join(args.text), args.limit):
            seen = "" if m.name == m.place.name else f"  (as {m.name!r})"
            print(f"{m.place.id}\t{gaz.hierarchy(m.place.id)}{seen}")
        return 0
    added = [p for p in gaz.places.values() if p.added]
    if not added:
        print(f"no places added by coders ({path.name} has {len(gaz)} places)")
        return 0
    for p in added:
        look = [
            f"{m.place.id} {gaz.hierarchy(m.place.id)}"
            for m in index.search(p.name, 4)
            if m.place.id != p.id and not m.place.added and m.how in ("exact", "fuzzy")
        ]
        print(f"{p.id}\t{gaz.hierarchy(p.id)}\tby {p.added_by or '?'}")
        for line in look[:3]:
            print(f"    same place? {line}")
    print(f"{len(added)} added place(s); `coder places merge` moves them into {path.name}")
    return 0
