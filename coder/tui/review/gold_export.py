"""Export the gold data from inside the review (`g` on the dashboard and in the walk): the same
files as `coder export --gold`, written atomically by coder.gold.publish.write_gold, so a lead who
has just settled the last disagreement does not have to leave the app to publish the data.

The export re-reads every coder's database and compares them again, so it runs in a worker thread;
the outcome (records, rows, what is still unsettled) comes back as a notification.
"""

from __future__ import annotations

from pathlib import Path

from textual.screen import Screen

from coder.errors import CoderError
from coder.gold.publish import GoldExport, unsettled_warning, write_gold
from coder.tui.dialogs.prompt import PromptScreen
from coder.tui.review.session import ReviewSession

FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".parquet": "parquet", ".dta": "dta"}


def target(raw: str, root: Path) -> Path:
    """The file the lead typed; a relative name is relative to the project folder."""
    path = Path(raw.strip()).expanduser()
    return path if path.is_absolute() else root / path


def check_target(raw: str, root: Path) -> str | None:
    if not raw.strip():
        return "type a file name ending in .csv, .jsonl, .parquet or .dta"
    path = target(raw, root)
    if path.suffix.lower() not in FORMATS:
        return "the name must end in .csv, .jsonl, .parquet or .dta (that picks the format)"
    if path.is_dir():
        return f"{path} is a folder"
    if not path.parent.is_dir():
        return f"there is no folder {path.parent}"
    return None


def ask_export(screen: Screen[None], session: ReviewSession) -> None:
    root = session.project.root

    def done(raw: str | None) -> None:
        if raw is None:
            return
        path = target(raw, root)
        fmt = FORMATS[path.suffix.lower()]
        screen.run_worker(lambda: _export(screen, session, path, fmt), thread=True, group="export")

    screen.app.push_screen(
        PromptScreen(
            "Export the gold data to (.csv, .jsonl, .parquet or .dta; relative to the project)",
            "gold.csv",
            lambda raw: check_target(raw, root),
            hint="enter: export (an existing file is replaced) · esc: cancel",
        ),
        done,
    )


def _export(screen: Screen[None], session: ReviewSession, path: Path, fmt: str) -> None:
    try:
        result = write_gold(session.project, fmt, str(path), session.gold)
    except CoderError as error:
        screen.app.call_from_thread(screen.notify, str(error), severity="error", timeout=10)
        return
    screen.app.call_from_thread(_report, screen, result, path)


def _report(screen: Screen[None], result: GoldExport, path: Path) -> None:
    message = f"{result.records} gold record(s), {result.rows} row(s) written to {path}"
    problems = [*result.warnings, unsettled_warning(result.status)]
    problems = [p for p in problems if p]
    if problems:
        screen.notify(message + "\n" + "\n".join(problems), severity="warning", timeout=12)
    else:
        screen.notify(message, title="Gold data exported", timeout=8)
