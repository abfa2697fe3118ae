"""The team commands of the CLI: `coder assign`, `coder progress`, `coder sync`.

Kept beside cli.py (which only registers them) so the team layer's options live in one place.
Like the rest of the CLI, implementations are imported inside the command functions.
"""

from __future__ import annotations

import argparse
from typing import Any

from coder.errors import CoderError
from coder.project import Project


def _project(args: argparse.Namespace) -> Project:
    return Project.locate(
        root=getattr(args, "project", None),
        codebook=getattr(args, "codebook", None),
        articles=getattr(args, "articles", None),
        data=getattr(args, "data", None),
    )


def _names(text: str) -> list[str]:
    names = [n.strip() for n in text.split(",") if n.strip()]
    if not names:
        raise argparse.ArgumentTypeError("give coder names separated by commas, e.g. ann,bob")
    return names


def _fraction(text: str) -> float:
    try:
        x = float(text.rstrip("%")) / (100 if text.endswith("%") else 1)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a share such as 0.2 or 20%") from None
    if not 0 <= x <= 1:
        raise argparse.ArgumentTypeError(f"{text} is not between 0 and 1 (0.2 = 20%)")
    return x


def whole_number(text: str) -> int:
    """An argparse type: 0 or more (shared by the team and the compare options)."""
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if n < 0:
        raise argparse.ArgumentTypeError(f"{text} must be 0 or more")
    return n


def _per_overlap(text: str) -> int | None:
    if text == "all":
        return None
    try:
        k = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r}: give a number of coders (2, 3...) or all"
        ) from None
    if k < 2:
        raise argparse.ArgumentTypeError(f"{text}: an overlap article needs 2 or more coders")
    return k


def _weights(text: str) -> dict[str, float]:
    out: dict[str, float] = {}
    for part in (p.strip() for p in text.split(",") if p.strip()):
        name, eq, value = part.partition("=")
        try:
            w = float(value)
        except ValueError:
            w = float("nan")
        if not eq or not name.strip() or w != w:
            raise argparse.ArgumentTypeError(f"{part!r}: write NAME=NUMBER, e.g. ann=2,bob=1")
        if w <= 0:
            raise argparse.ArgumentTypeError(f"{part!r}: a weight must be more than 0")
        out[name.strip()] = w
    return out


def add_team_commands(sub: Any, common: argparse.ArgumentParser) -> None:
    """Register assign, progress and sync on the main parser's subparsers."""
    p = sub.add_parser("assign", parents=[common], help="split the articles among the coders")
    p.description = (
        "Write assignments.yaml: every article to one coder (balanced by weight), and a random "
        "overlap subsample coded independently by several coders. Run again to extend the plan "
        "(new articles, coders joining or leaving); started work never moves."
    )
    p.add_argument("--coders", metavar="A,B,...", type=_names, required=True)
    group = p.add_mutually_exclusive_group()
    group.add_argument("--overlap", metavar="SHARE", type=_fraction, help="e.g. 0.2 (20%%)")
    group.add_argument(
        "--overlap-n", metavar="N", type=whole_number, help="number of overlap articles"
    )
    p.add_argument(
        "--per-overlap",
        metavar="K|all",
        type=_per_overlap,
        default=2,
        help="coders per overlap article (default: 2)",
    )
    p.add_argument("--weights", metavar="A=2,B=1", type=_weights, default={})
    p.add_argument("--seed", metavar="N", type=int, help="default: the plan's, else a new one")
    p.add_argument(
        "--lead",
        metavar="NAME",
        help="who owns the plan and gold (default: the plan's lead, else you)",
    )
    p.add_argument(
        "--rebalance", action="store_true", help="also move not-started work to even the load"
    )
    p.set_defaults(func=cmd_assign)

    p = sub.add_parser("progress", parents=[common], help="how far each coder is")
    p.description = "Per coder: assigned, done, drafts, not started, incidents, active time."
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=cmd_progress)

    p = sub.add_parser("sync", parents=[common], help="exchange work with the team (git)")
    p.description = (
        "Commit the files you own (your database; the lead also the plan, gold, codebook and "
        "articles), bring in the others' work and push, through the project's git remote."
    )
    p.add_argument("--coder", metavar="NAME", help="your coder name (default: the remembered one)")
    p.set_defaults(func=cmd_sync)


def cmd_assign(args: argparse.Namespace) -> int:
    from coder.config import remembered_coder
    from coder.team.assign import Request
    from coder.team.assign_cmd import run_assign, summary

    project = _project(args)
    req = Request(
        coders=args.coders,
        weights=args.weights,
        overlap_fraction=args.overlap,
        overlap_n=args.overlap_n,
        per_overlap=args.per_overlap,
        seed=args.seed,
        lead=args.lead,
        rebalance=args.rebalance,
    )
    outcome = run_assign(project, req, default_lead=remembered_coder())
    print(summary(outcome, len(project.load_articles())))
    return 0


def cmd_progress(args: argparse.Namespace) -> int:
    from coder.team.progress import progress_json, progress_table, team_progress

    report = team_progress(_project(args))
    print(progress_json(report) if args.format == "json" else progress_table(report))
    return 0


def cmd_sync(args: argparse.Namespace) -> int:
    from coder.config import remembered_coder
    from coder.store import LockedError, coder_path
    from coder.store.storage import WriterLock
    from coder.team.sync import sync

    project = _project(args)
    coder = args.coder or remembered_coder()
    if not coder:
        raise CoderError("whose work to sync? give --coder NAME (remembered after coder code)")
    database = coder_path(project.data_dir, coder)
    lock = WriterLock(database) if project.data_dir.is_dir() else None
    try:
        if lock is not None:
            lock.acquire()  # no save of this coder can be half-done while we commit
    except LockedError as e:
        # e's own advice (open read-only, or close the other session) is for opening a store;
        # here only the holder matters, and what to do instead
        raise CoderError(
            f"{coder} is coding in another window ({database} is open by {e.holder}): sync from "
            "that coding screen (f5), or close it and run coder sync again"
        ) from None
    try:
        print(sync(project, coder).line())
    finally:
        if lock is not None:
            lock.release()
    return 0
