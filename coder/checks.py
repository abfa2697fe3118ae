"""`coder check`: the codebook, the articles and every coder database, checked against each other.

Projects change under their coders: a field gets renamed, a choice dropped, an article re-scraped.
This finds every record the change affects before an agreement report silently drops it. Nothing
is modified: databases are opened read-only, and a damaged one is reported like any other
problem. Errors are things that make data wrong or unusable (exit 1); warnings are things a lead
should look at (changed article text, records made with an older codebook version).
"""

from __future__ import annotations

import difflib
import json
import os
import re
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from rich.console import Console
from rich.text import Text

from coder.codebook.model import MANY_FIELDS
from coder.errors import CoderError

if TYPE_CHECKING:
    from coder.articles import Article, ArticleSet
    from coder.codebook.model import Codebook
    from coder.project import Project
    from coder.store.coder_store import ArticleRecord

Severity = Literal["error", "warning"]
GOLD_FILE = "gold.json"
"""`coder.gold.store.GOLD_FILE` (tests/test_check_output.py holds them equal)."""


@dataclass(frozen=True)
class CheckProblem:
    path: Path | None
    line: int | None
    severity: Severity
    message: str

    def __str__(self) -> str:
        where = str(self.path) if self.path else "project"
        if self.line:
            where += f":{self.line}"
        return f"{where}: {self.severity}: {self.message}"


@dataclass
class CheckReport:
    problems: list[CheckProblem] = field(default_factory=list)
    articles: int = 0
    coders: int = 0
    records: int = 0
    codebook_ok: bool = False

    def add(self, path: Path | None, line: int | None, severity: Severity, message: str) -> None:
        self.problems.append(CheckProblem(path, line, severity, message))

    @property
    def errors(self) -> list[CheckProblem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[CheckProblem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def exit_code(self) -> int:
        return 1 if self.errors else 0

    def summary(self) -> str:
        e, w = len(self.errors), len(self.warnings)
        counts = (
            f"{e} error{'s' if e != 1 else ''}, {w} warning{'s' if w != 1 else ''}"
            if e or w
            else "no problems"
        )
        return (
            f"{counts}: codebook {'ok' if self.codebook_ok else 'NOT usable'}, "
            f"{self.articles} article(s), {self.coders} coder database(s), "
            f"{self.records} record(s)"
        )


def many_fields_warning(codebook: Codebook) -> str:
    n = len(codebook.all_fields())
    return (
        f"{n} fields: the coding screen builds a widget for each, so it will open slowly "
        f"(more than {MANY_FIELDS} is more than one form should hold); split the codebook"
    )


def check_project(project: Project) -> CheckReport:
    from coder.articles import ArticlesError, load_articles
    from coder.codebook.loader import CodebookError, load_codebook

    report = CheckReport()
    codebook: Codebook | None = None
    try:
        codebook = load_codebook(project.codebook_path)
        report.codebook_ok = True
    except CodebookError as e:
        for p in e.problems:
            subject = f"field '{p.field}': " if p.field else ""
            report.add(p.path or project.codebook_path, p.line, "error", subject + p.message)
    if codebook is not None:
        _check_places(codebook, report)
        if len(codebook.all_fields()) > MANY_FIELDS:
            report.add(project.codebook_path, None, "warning", many_fields_warning(codebook))
    articles: ArticleSet | None = None
    try:
        articles = load_articles(project.articles_dir)
    except ArticlesError as e:
        report.add(project.articles_dir, None, "error", str(e))
    if articles is not None:
        report.articles = len(articles)
        for ap in articles.problems:
            report.add(ap.path, ap.line, ap.severity, ap.message)
        if not len(articles):
            report.add(project.articles_dir, None, "warning", "no articles found in this folder")
    for coder in project.coders():
        report.coders += 1
        _check_coder(project, coder, codebook, articles, report)
    from coder.team.checks import check_plan  # the team layer's assignments.yaml

    check_plan(project, articles, report.add)
    if codebook is not None:
        _check_blind(project, codebook, articles, report)
    _check_odd_entries(project.data_dir, report)
    _check_gold(project, codebook, report)
    return report


def _check_blind(
    project: Project, codebook: Codebook, articles: ArticleSet | None, report: CheckReport
) -> None:
    """The codebook's blind subsample (`suggestions: {hide_on_overlap, hide_for}`) against the
    plan (coder.suggest.blind); a broken plan is reported by check_plan."""
    from coder.suggest.blind import blind_problems
    from coder.team.project_plan import plan_path, project_plan

    if not (codebook.blind.overlap or codebook.blind.coders):
        return
    plan = None
    if plan_path(project).exists():
        try:
            plan = project_plan(project, [a.id for a in articles] if articles else None)
        except CoderError:
            return
    overlap, coders = (set(plan.overlap), plan.coders) if plan else (None, None)
    for line, message in blind_problems(codebook, overlap, coders):
        report.add(project.codebook_path, line, "error", message)


def _check_places(codebook: Codebook, report: CheckReport) -> None:
    """The gazetteer of every place field (coder.places.check)."""
    from coder.places.check import check_gazetteers

    fields_of: dict[Path, list[str]] = {}
    for f in codebook.all_fields():
        if f.type == "place" and f.gazetteer is not None:
            fields_of.setdefault(f.gazetteer, []).append(f.name)
    for path, line, severity, message in check_gazetteers(list(fields_of), fields_of):
        report.add(path, line, "error" if severity == "error" else "warning", message)


def _check_odd_entries(data_dir: Path, report: CheckReport) -> None:
    """`<name>.json` entries of the data folder that are not files: `project.coders()` skips
    them, so without this a coder's folder-instead-of-file or a broken link would go unseen."""
    try:
        entries = sorted(data_dir.glob("*.json")) if data_dir.is_dir() else []
    except OSError as exc:
        report.add(data_dir, None, "error", f"cannot list the data folder: {exc.strerror}")
        return
    for entry in entries:
        try:
            if entry.is_symlink() and not entry.exists():
                os.stat(entry)  # raises: names the reason (a loop, a missing target)
            if entry.is_dir():
                report.add(
                    entry, None, "error",
                    "is a folder, not a coder database: move it away (coder skips it)",
                )  # fmt: skip
        except OSError as exc:
            report.add(
                entry, None, "error",
                f"is a symbolic link that does not lead to a file ({exc.strerror}); remove it",
            )  # fmt: skip


def _check_gold(project: Project, codebook: Codebook | None, report: CheckReport) -> None:
    """The lead's gold database, if any: decisions valid under today's codebook."""
    if not (project.data_dir / GOLD_FILE).exists():
        return  # as check_gold would, without importing the gold layer (compare, scipy: 0.5 s)
    from coder.gold.check import check_gold

    for p in check_gold(project.data_dir, codebook):
        report.add(p.path, None, "error" if p.severity == "error" else "warning", p.message)


def _check_coder(
    project: Project,
    coder: str,
    codebook: Codebook | None,
    articles: ArticleSet | None,
    report: CheckReport,
) -> None:
    from coder.store.coder_store import DamagedError
    from coder.store.place_precision import precision_warnings  # (rapidfuzz: not at start-up)

    path = project.coder_path(coder)
    try:
        with project.open_store(coder, readonly=True) as store:
            records = store.take_records()  # only read here: no copies
    except DamagedError as e:
        salvaged = _salvage(path, report)
        if salvaged is None:
            _store_error(path, str(e), report)
            return
        records = salvaged
    except CoderError as e:
        _store_error(path, str(e), report)
        return
    report.records += len(records)
    lines = _record_lines(path)
    versions: Counter[str] = Counter()
    for record in records:
        line = lines.get(record.article)
        if codebook is not None and record.codebook_version != codebook.version:
            versions[record.codebook_version] += 1
        article = articles.get(record.article) if articles is not None else None
        if articles is not None and article is None:
            report.add(
                path,
                line,
                "error",
                f"article {record.article!r}: coded, but not in {project.articles_dir} "
                "(renamed or removed? restore it, or delete this coding)",
            )
        elif article is not None and record.article_hash and record.article_hash != article.sha256:
            report.add(
                path,
                line,
                "warning",
                f"article {record.article!r}: its text changed since it was coded; "
                "re-read it and check the coding",
            )
        if codebook is not None:
            for message in _record_errors(record, codebook, article):
                report.add(path, line, "error", f"article {record.article!r}: {message}")
            for message in precision_warnings(codebook, record):
                report.add(path, line, "warning", f"article {record.article!r}: {message}")
            for severity, message in _typed_places(codebook, record):
                report.add(path, line, severity, f"article {record.article!r}: {message}")
    for version, n in sorted(versions.items()):
        assert codebook is not None
        report.add(
            path,
            None,
            "warning",
            f"{n} record(s) coded with codebook version {version or '(none)'!r}; the codebook is "
            f"now version {codebook.version!r}",
        )


def _store_error(path: Path, message: str, report: CheckReport) -> None:
    """A store error, without the file name the problem line already starts with."""
    line = None
    m = re.match(re.escape(str(path)) + r"(?:, line (\d+))?[:,]? ", message)
    if m:
        line = int(m.group(1)) if m.group(1) else None
        message = message[m.end() :]
    report.add(path, line, "error", message)


def _salvage(path: Path, report: CheckReport) -> list[ArticleRecord] | None:
    """A database the store refuses because of malformed records: report every one of them (not
    only the first) and return the good records so they are checked too. None when the damage is
    elsewhere (broken JSON, no meta table): the store's own message says it best."""
    from coder.store.coder_store import META, RECORDS, ArticleRecord, check_doc, record_line
    from coder.store.storage import load_tables

    try:
        tables = load_tables(path)
    except CoderError:
        return None
    meta = tables.get(META, {}).get("1")
    if not isinstance(meta, dict) or "format" not in meta:
        return None
    good: list[ArticleRecord] = []
    seen: dict[str, str] = {}
    bad = 0
    for doc_id, doc in tables.get(RECORDS, {}).items():
        line = record_line(path, doc_id)
        what = f"record {doc_id} (article {doc.get('article')!r})"
        try:
            check_doc(doc)
        except ValueError as exc:
            bad += 1
            advice = "repair it by hand or restore a backup; coder opens this file only then"
            report.add(path, line, "error", f"{what}: {exc}; {advice}")
            continue
        if doc["article"] in seen:
            bad += 1
            report.add(
                path,
                line,
                "error",
                f"{what}: a second record of this article (the first is record "
                f"{seen[doc['article']]}); remove one by hand",
            )
            continue
        seen[doc["article"]] = doc_id
        good.append(ArticleRecord.from_doc(doc))
    return sorted(good, key=lambda r: r.article) if bad else None


def _record_errors(record: ArticleRecord, codebook: Codebook, article: Article | None) -> list[str]:
    from coder.store.coder_store import validate_record

    errors = validate_record(record, codebook, article)
    out = []
    for key, message in errors.items():
        scope_fields = (
            codebook.incident_fields if key.startswith("incident ") else (codebook.article_fields)
        )
        head, _, name = key.rpartition(": ")
        names = [f.name for f in scope_fields]
        if name not in names and "not a field" in message:
            # A renamed field's new name is one this record (or incident) has no value for.
            values = record.values
            if head.startswith("incident ") and head[9:].isdigit():
                n = int(head[9:])
                values = record.incidents[n - 1].values if n <= len(record.incidents) else {}
            unused = [n for n in names if n not in values]
            close = difflib.get_close_matches(name, unused, n=1) or difflib.get_close_matches(
                name, names, n=1
            )
            if close:
                message += f" (renamed? the codebook has '{close[0]}')"
        out.append(f"{key}: {message}")
    return out


def _typed_places(codebook: Codebook, record: ArticleRecord) -> list[tuple[Severity, str]]:
    """The places kept as typed (coder.places.typed), which the store accepts whatever the
    gazetteer: a warning while it cannot be read (for the lead, who places them once it can),
    an error once it can and nobody has chosen the place yet (coder.store.typed_places)."""
    from coder.store.typed_places import unplaced_typed, waiting_typed

    out: list[tuple[Severity, str]] = [
        (
            "warning",
            f"{key}: {name!r} was kept as typed for the lead to place (the gazetteer cannot be "
            "read); once it can, choose the place in the form",
        )
        for key, name in waiting_typed(codebook, record).items()
    ]
    out += [("error", f"{key}: {said}") for key, said in unplaced_typed(codebook, record).items()]
    return out


def _record_lines(path: Path) -> dict[str, int]:
    """Line of each article's record in a store file (one document per line), for messages:
    the first line where `"article": ` is followed by that article's id as JSON reads it."""
    out: dict[str, int] = {}
    try:
        raw = path.read_bytes()
        lines = _canonical_record_lines(raw)
        if lines is not None:
            return lines
        text = raw.decode("utf-8")
    except (OSError, UnicodeError):
        return out
    decoder = json.JSONDecoder()
    key = '"article": '
    for number, line in enumerate(text.splitlines(), start=1):
        start = line.find(key)
        if start < 0:
            continue
        start += len(key)
        end = line.find('"', start + 1) if line.startswith('"', start) else -1
        simple = line[start + 1 : end] if end > 0 else ""
        if simple and "\\" not in simple and simple.isprintable():
            value: object = simple  # what JSON reads, without the scanner (19k records)
        else:
            try:
                value, _ = decoder.raw_decode(line, start)
            except ValueError:
                continue
        if isinstance(value, str):
            out.setdefault(value, number)
    return out


_RECORD_LINE = re.compile(rb'\n"[0-9]+": \{"article": "([ !#-\[\]-~]*)"')
"""A document line as the store writes it, up to the article id (printable ASCII, no escape)."""
_OTHER_LINE_BREAKS = (b"\r", b"\x0b", b"\x0c", b"\x1c", b"\x1d", b"\x1e")
"""Where `str.splitlines` breaks an ASCII text besides \\n."""


def _canonical_record_lines(raw: bytes) -> dict[str, int] | None:
    """`_record_lines` of a file the store wrote, from one scan of its bytes (no text split into
    36 MB of lines); None unless every `"article": ` in the file starts a document line with
    an id that reads as itself, in an ASCII file broken into lines at \\n only."""
    if not raw.isascii() or any(brk in raw for brk in _OTHER_LINE_BREAKS):
        return None
    out: dict[str, int] = {}
    number, counted, found = 1, 0, 0
    for match in _RECORD_LINE.finditer(raw):
        start = match.start() + 1
        number += raw.count(b"\n", counted, start)
        counted = start
        found += 1
        out.setdefault(match.group(1).decode("ascii"), number)
    return out if found == raw.count(b'"article": ') else None


def render(report: CheckReport, console: Console) -> None:
    """Every problem grouped by file on a terminal; into a pipe or file, one unwrapped
    `file:line: severity: message` line each, so grep and editors find them (never as markup:
    messages quote user data)."""
    from coder.textsafe import clean

    groups: dict[str, list[CheckProblem]] = {}
    names: dict[Path, str] = {}  # each file's name cleaned once, not once per problem (33k)
    for p in report.problems:
        if p.path:
            name = names.get(p.path)
            if name is None:
                name = names[p.path] = clean(str(p.path))
        else:
            name = "project"
        groups.setdefault(name, []).append(p)
    if not console.is_terminal:
        lines = [
            clean(str(p))
            for problems in groups.values()
            for p in sorted(problems, key=lambda q: q.line or 0)
        ]
        print_plain(console, [*lines, report.summary()])
        return
    for name, problems in groups.items():
        console.print(Text(name, style="bold"))
        for p in sorted(problems, key=lambda q: q.line or 0):
            style = "bold red" if p.severity == "error" else "yellow"
            where = f"line {p.line}: " if p.line else ""
            message = clean(p.message)  # file names and values are data (coder.textsafe)
            console.print(Text.assemble("  ", (f"{p.severity:<7}", style), " ", where, message))
    style = "bold red" if report.errors else ("yellow" if report.warnings else "green")
    console.print(Text(report.summary(), style=style))


def print_plain(console: Console, lines: Sequence[str]) -> None:
    """Each line as `console.print(Text(line), soft_wrap=True)` prints it into a pipe or file.

    Rich takes about 0.1 ms a line, 4 s for the 33k warnings of a 50k-incident check. Into a
    pipe it adds no colour and no wrapping, so a line comes out as itself and a newline unless
    it holds a tab (expanded to cell-width stops) or a carriage return (dropped): those lines go
    through Rich, the others are written directly, in order (tests/test_checks.py compares)."""
    chunk: list[str] = []
    for line in lines:
        if "\t" in line or "\r" in line:
            console.file.write("".join(chunk))
            chunk = []
            console.print(Text(line), soft_wrap=True)
        else:
            chunk.append(line + "\n")
    console.file.write("".join(chunk))
    console.file.flush()


def run_check(project: Project, console: Console | None = None) -> int:
    from coder.places import one_look

    with one_look():  # the gazetteer's files looked at once, not per place value checked
        report = check_project(project)
    from coder.textsafe import raw_stream  # render cleans the data; Rich adds its colours

    render(report, console or Console(file=raw_stream(sys.stdout), highlight=False))
    return report.exit_code


__all__: Sequence[str] = ("CheckProblem", "CheckReport", "check_project", "render", "run_check")
