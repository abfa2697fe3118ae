"""The `coder` command: a thin argparse layer over the core and the TUI.

`coder` alone is `coder code` in the current folder. Every command takes --project, --codebook,
--articles and --data (before or after the command name). User-facing errors (`CoderError`) are
printed as one line "coder: <message>" with exit status 2, Ctrl-C exits 130 quietly, and nothing
here imports Textual until the TUI is really started, so `check`/`import`/`export` stay fast and
work without a terminal.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from coder import __version__
from coder.cli_team import add_team_commands, whole_number
from coder.codebook.model import MANY_FIELDS
from coder.errors import CoderError
from coder.fsutil import write_output
from coder.gc_pause import without_gc
from coder.project import Project

COMMANDS = (
    "code",
    "check",
    "import",
    "export",
    "compare",
    "review",
    "assign",
    "progress",
    "sync",
    "places",
    "suggest",
    "codebook",
)
_VALUE_OPTIONS = ("--project", "--codebook", "--articles", "--data", "--coder")
"""Options that take a value and may come before (or, for `code`, instead of) a command."""


def _common() -> argparse.ArgumentParser:
    # SUPPRESS: an option given before the command is not reset by the subcommand's default.
    common = argparse.ArgumentParser(add_help=False)
    group = common.add_argument_group("project")
    group.add_argument(
        "--project", metavar="DIR", default=argparse.SUPPRESS, help="project folder (default: .)"
    )
    group.add_argument(
        "--codebook",
        metavar="FILE",
        default=argparse.SUPPRESS,
        help="codebook file (default: PROJECT/codebook.yaml)",
    )
    group.add_argument(
        "--articles",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="articles folder (default: PROJECT/articles, else PROJECT/samples)",
    )
    group.add_argument(
        "--data",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="folder of the coders' databases (default: PROJECT/coding)",
    )
    return common


def _coder_list(text: str) -> list[str]:
    names = [n.strip() for n in text.split(",") if n.strip()]
    if not names:
        raise argparse.ArgumentTypeError("give coder names separated by commas, e.g. ann,bob")
    return names


def build_parser() -> argparse.ArgumentParser:
    common = _common()
    parser = argparse.ArgumentParser(
        prog="coder",
        parents=[common],
        description="A terminal workbench for coding news articles into event data. "
        "Without a command, opens the coding screen (coder code).",
    )
    parser.add_argument("--version", action="version", version=f"coder {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("code", parents=[common], help="code articles (the default)")
    p.description = "Open the coding screen for one coder."
    p.add_argument("--coder", metavar="NAME", help="your coder name (default: the remembered one)")
    p.add_argument("--readonly", action="store_true", help="look without changing anything")
    p.set_defaults(func=cmd_code)

    p = sub.add_parser("check", parents=[common], help="check codebook, articles and codings")
    p.description = (
        "Validate the codebook, the articles and every coder database against them. "
        "Changes nothing. Exit status 1 if any error is found."
    )
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("import", parents=[common], help="import codings from CSV or JSONL")
    p.description = (
        "Load codings (the shape `coder export` writes) into a coder's database. All or nothing: "
        "every bad row is reported and nothing is imported. Existing codings of the same "
        "articles are replaced."
    )
    p.add_argument("file", metavar="FILE", type=Path, help="a .csv or .jsonl file")
    p.add_argument("--coder", metavar="NAME", required=True, help="whose database to import into")
    p.add_argument(
        "--format", choices=("csv", "jsonl"), help="file format (default: from the file name)"
    )
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("export", parents=[common], help="export codings as CSV or JSONL")
    p.description = (
        "Write codings as CSV (one row per incident, article values repeated) or JSONL "
        "(one line per coded article)."
    )
    p.add_argument(
        "--coder",
        "--coders",  # as `coder compare --coders a,b` spells it: a lead types both
        metavar="NAME",
        dest="coder",
        action="append",
        type=_coder_list,
        help="coder(s) to export (repeat or separate with commas; default: all)",
    )
    p.add_argument(
        "--format",
        choices=("csv", "jsonl", "parquet", "dta"),
        default="csv",
        help="default: csv; parquet and dta (Stata) are typed and need --out FILE and the "
        "[typed] extra",
    )
    p.add_argument("--out", metavar="FILE", help="output file (default or '-': standard output)")
    p.add_argument("--gold", action="store_true", help="export the adjudicated (gold) codings")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("compare", parents=[common], help="inter-coder agreement report")
    p.description = "Align incidents across coders and report agreement per field."
    p.add_argument("--coders", metavar="A,B,...", type=_coder_list, help="default: all coders")
    p.add_argument(
        "--format",
        choices=("table", "json", "csv", "markdown"),
        default="table",
        help="default: table",
    )
    p.add_argument("--out", metavar="FILE", help="output file (default: standard output)")
    p.add_argument(
        "--bootstrap",
        metavar="N",
        type=whole_number,
        default=1000,
        help="bootstrap resamples for confidence intervals (0: none; default: 1000)",
    )
    p.add_argument("--seed", metavar="N", type=int, default=0, help="random seed (default: 0)")
    p.add_argument(
        "--disagreements", metavar="FILE", help="also write the disagreements to FILE (CSV)"
    )
    p.add_argument(
        "--all-shared",
        action="store_true",
        help="with assignments.yaml: compare every shared article, not only the overlap sample",
    )
    p.add_argument(
        "--against",
        choices=("gold",),
        help="compare each coder with the adjudicated gold set instead of with each other",
    )
    p.add_argument(
        "--units",
        metavar="FILE",
        help="also write the incident units (members, similarity, borderline) to FILE (CSV)",
    )
    p.add_argument(
        "--typed-only",
        action="store_true",
        help="agreement on typed values only: values accepted from a suggestion count as missing",
    )
    p.set_defaults(func=cmd_compare)

    p = sub.add_parser("review", parents=[common], help="review disagreements between coders")
    p.description = "Go through the coders' disagreements article by article."
    p.add_argument("--coders", metavar="A,B,...", type=_coder_list, help="default: all coders")
    p.add_argument(
        "--coder", metavar="NAME", help="your name as lead, stored with each gold decision"
    )
    p.set_defaults(func=cmd_review)
    add_team_commands(sub, common)  # assign, progress, sync: coder.cli_team

    from coder.places.commands import add_parser as add_places_parser

    add_places_parser(sub, common).set_defaults(func=cmd_places)

    from coder.suggest.command import add_parser as add_suggest_parser

    add_suggest_parser(sub, common).set_defaults(func=cmd_suggest)

    p = sub.add_parser("codebook", parents=[common], help="write the data dictionary")
    p.description = (
        "Write the data dictionary that ships with a data set: one row per exported column "
        "(variable, label, type, level, codes and labels)."
    )
    p.add_argument("--format", choices=("markdown", "csv"), default="markdown")
    p.add_argument("--out", metavar="FILE", help="output file (default or '-': standard output)")
    p.set_defaults(func=cmd_codebook)
    return parser


def _with_default_command(argv: list[str]) -> list[str]:
    """`coder [options]` means `coder code [options]`."""
    skip = False
    for token in argv:
        if skip:
            skip = False
            continue
        if token in _VALUE_OPTIONS:
            skip = True
        elif token in ("-h", "--help", "--version"):
            return argv
        elif not token.startswith("-"):
            return argv  # a command (or a typo argparse will name)
    return ["code", *argv]


def project_from(args: argparse.Namespace) -> Project:
    return Project.locate(
        root=getattr(args, "project", None),
        codebook=getattr(args, "codebook", None),
        articles=getattr(args, "articles", None),
        data=getattr(args, "data", None),
    )


# ------------------------------------------------------------------------------ commands


def cmd_code(args: argparse.Namespace) -> int:
    from coder.config import remember_coder, remembered_coder
    from coder.store.coder_store import check_coder_name

    project = project_from(args)
    codebook = project.load_codebook()  # a broken codebook is reported here, before the screen
    if len(codebook.all_fields()) > MANY_FIELDS:
        from coder.checks import many_fields_warning

        print(f"coder: warning: {many_fields_warning(codebook)}", file=sys.stderr)
    name = args.coder or remembered_coder()
    if args.coder:
        check_coder_name(args.coder)
        remember_coder(args.coder)
    from coder.tui import run_coding  # Textual is imported only when a screen really opens

    return run_coding(project, name, args.readonly)


@without_gc
def cmd_check(args: argparse.Namespace) -> int:
    from coder.checks import run_check

    return run_check(project_from(args))


@without_gc
def cmd_import(args: argparse.Namespace) -> int:
    from coder.exchange.importer import import_file

    summary = import_file(project_from(args), args.file, args.coder, fmt=args.format)
    print(summary)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    project = project_from(args)
    coders = [n for group in args.coder for n in group] if args.coder else None
    if args.gold:
        return _export_gold(project, args.format, args.out)
    from coder.exchange import ExportSource, export

    codebook = project.load_codebook()
    names = coders or project.coders()
    if not names:
        raise CoderError(f"no coder databases in {project.data_dir}: nothing to export")
    sources: list[ExportSource] = []
    for name in names:
        if not project.coder_path(name).exists():
            known = ", ".join(project.coders()) or "none yet"
            raise CoderError(
                f"no database for coder {name!r} in {project.data_dir} (coders: {known})"
            )
        with project.open_store(name, readonly=True) as store:
            sources.append((name, store.records()))
    if args.format in ("parquet", "dta"):
        from coder.exchange.typed import write_typed

        summary = write_typed(codebook, sources, args.format, args.out)
    else:
        summary = write_output(args.out, lambda out: export(codebook, sources, args.format, out))
    from coder.exchange.place_columns import gazetteer_warnings

    for warning in [*gazetteer_warnings(codebook), *summary.warnings]:
        print(f"coder: warning: {warning}", file=sys.stderr)
    if args.out not in (None, "-"):
        print(
            f"exported {summary.records} record(s) ({summary.rows} rows) to {args.out}",
            file=sys.stderr,
        )
    return 0


def _export_gold(project: Project, fmt: str, out: str | None) -> int:
    """`coder export --gold`: the adjudicated records, with what is still unsettled on stderr."""
    from coder.gold import unsettled_warning, write_gold

    result = write_gold(project, fmt, out)
    for warning in result.warnings:
        print(f"coder: warning: {warning}", file=sys.stderr)
    if result.status.unsettled:
        print(f"coder: warning: {unsettled_warning(result.status)}", file=sys.stderr)
    if out not in (None, "-"):
        print(
            f"exported {result.records} gold record(s) ({result.rows} rows) to {out}",
            file=sys.stderr,
        )
    return 0


@without_gc
def cmd_compare(args: argparse.Namespace) -> int:
    from coder.malloc_tuning import keep_freed_memory

    project = project_from(args)
    keep_freed_memory()
    if getattr(args, "against", None) == "gold":
        from coder.gold.against import run_against_gold

        return run_against_gold(project, args.coders, args.format, args.out)
    from coder.compare import run_compare

    code = int(
        run_compare(
            project,
            args.coders,
            args.format,
            args.out,
            args.bootstrap,
            args.seed,
            disagreements=args.disagreements,
            all_shared=args.all_shared,
            units=args.units,
            typed_only=args.typed_only,
            keep=_Exit.kept if _Exit.console_script else None,
        )
    )
    if _Exit.console_script:
        # The process ends next (run: os._exit), so nothing alive now needs collecting: frozen,
        # what `_Exit.kept` holds (and any garbage cycle made meanwhile) is not walked by the
        # collection @without_gc's return sets off (the collector, back on, finds millions of
        # objects allocated since it was paused: 40M instructions at 5 x 1k, more than freeing
        # them cost). gc.freeze only moves the collector's lists.
        gc.freeze()
    _Exit.without_teardown = True
    return code


def cmd_codebook(args: argparse.Namespace) -> int:
    from coder.exchange.dictionary import render_dictionary

    text = render_dictionary(project_from(args).load_codebook(), args.format)
    write_output(args.out, lambda out: out.write(text))
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    project = project_from(args)
    from coder.tui import run_review

    lead = getattr(args, "coder", None)
    return int(run_review(project, args.coders, lead) if lead else run_review(project, args.coders))


def cmd_suggest(args: argparse.Namespace) -> int:
    from coder.suggest.command import run

    return run(args, project_from(args))


def cmd_places(args: argparse.Namespace) -> int:
    from coder.places.commands import run

    if args.places_command == "build":  # a new project may have no codebook yet
        root = Path(getattr(args, "project", None) or ".").expanduser().resolve()
        return run(args, None, root)
    project = project_from(args)
    return run(args, project, project.root)


# ------------------------------------------------------------------------------ entry point


BLAS_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def one_blas_thread(environ: dict[str, str] | os._Environ[str]) -> None:
    """Ask numpy's BLAS for one thread unless the user asked otherwise (read when numpy is first
    imported, which no command does before this). compare's matrix products are many and small:
    a second OpenBLAS thread only spins, ~10% of `coder compare`'s CPU at 5 x 10k (user 9.5 ->
    8.5 s, wall no slower) and a core taken from the coder's screen or a colleague's job."""
    for name in BLAS_THREAD_VARIABLES:
        environ.setdefault(name, "1")


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command with stdout and stderr cleaned (coder.textsafe): whatever a file holds,
    nothing coder prints can drive the terminal (the screens clean what they show themselves)."""
    from coder.textsafe import CleanStream

    if "numpy" not in sys.modules:  # (a caller that imported numpy already chose its threads)
        one_blas_thread(os.environ)

    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = CleanStream(out), CleanStream(err)
    try:
        return _main(argv)
    finally:
        sys.stdout, sys.stderr = out, err


class _Exit:
    without_teardown = False
    """Set by a command whose heap is large and whose output is already durable (compare):
    `run` then ends the process without the interpreter freeing every object one by one."""
    console_script = False
    """Set by `run`, which ends the process after `main`; tests call `main`, which frees all."""
    kept: ClassVar[list[object]] = []
    """A command's large objects (compare's records and report) held until `run` ends the
    process, so that the command's own return does not free them one by one either (0.28-0.30 s
    of CPU at 5 coders x 10k articles, 0.93 s at 30k), and frozen so that the collector does not
    walk them when it is switched back on (`cmd_compare`). Filled only under `console_script`."""


def run() -> None:
    """The `coder` console script: `main`, then exit. After `coder compare` the interpreter's
    teardown frees the records, units and report object by object (0.25 s of CPU at 5 coders x
    10k articles, more at 30k) only for the kernel to drop the memory anyway, so that command
    ends with `os._exit` once stdout and stderr are flushed (mypy ends the same way). Its files
    were written durably before (`atomic_write`: fsync, then rename) and no thread or temporary
    folder outlives it. Tests call `main`, which always returns."""
    _Exit.console_script = True
    code = main()
    if _Exit.without_teardown:
        with contextlib.suppress(OSError, ValueError):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)
    sys.exit(code)


def _main(argv: Sequence[str] | None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    try:
        args = parser.parse_args(_with_default_command(args_list))
        return int(args.func(args))
    except CoderError as e:
        print(f"coder: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `coder export | head`: the reader left; say nothing and do not flush into the void.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except OSError as e:  # a last guard: any file the layers did not wrap (unreadable folder...)
        where = f"{e.filename}: " if e.filename else ""
        print(f"coder: {where}{e.strerror or e}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
