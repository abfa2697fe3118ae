"""Load the articles a project codes from a folder, never crashing on what is in it.

An articles folder is whatever a project lead scraped or exported: `.txt` and `.md` files (one
article each, id = file stem), and `.jsonl`/`.csv` files (one article per line/row, id = the `id`
column). Real folders contain broken files, so every problem (empty, binary, undecodable, bad JSON
line, missing column, duplicate id) becomes an `ArticleProblem` with file and line that
`coder check` reports, and the loader skips that article instead of failing the whole session.

Article text is data. `clean_text` strips terminal control characters and escape sequences so a
scraped article can never drive the terminal; everything else (brackets, Arabic script, long
lines) is kept exactly as written, because quotes are checked against it and its sha256 tells a
record when the article it was coded against has changed.

For `.txt`/`.md` the whole file is the text (the title line included): coders may quote the
headline, and the hash covers everything the coder saw.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from coder.csv_rows import csv_rows
from coder.errors import CoderError
from coder.jsonsafe import jsonl_lines

Severity = Literal["error", "warning"]

ARTICLE_SUFFIXES = (".txt", ".md", ".jsonl", ".csv")
TITLE_MAX = 200
"""Titles are for lists and headers; a first line that is a whole paragraph is cut here."""

# Terminal escape sequences (ECMA-48): CSI, OSC/DCS/SOS/PM/APC strings, then two-byte escapes.
# 8-bit C1 forms (\x9b = CSI, \x9d = OSC) are covered too; any leftover control is removed below.
_ESCAPES = re.compile(
    r"""
      (?:\x1b\[|\x9b) [0-?]* [ -/]* [@-~]                    # CSI ... final byte
    | (?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f]) .{0,4096}? (?:\x07|\x1b\\|\x9c)  # OSC/DCS/...
    | \x1b [ -/]* [0-~]                                       # other escapes (ESC ( B, ESC 7, ...)
    """,
    re.VERBOSE | re.DOTALL,
)
# An unterminated (or over-long) OSC-like string loses only its introducer; the payload is plain
# text once that is gone. The bound keeps a hostile file from making this quadratic.
_ESCAPE_START = re.compile(r"[\x1b\x80-\x9f]")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


class ArticlesError(CoderError):
    """The articles folder itself cannot be read (missing, not a folder)."""


@dataclass(frozen=True)
class Article:
    id: str
    title: str
    text: str
    source: str = ""
    date: str = ""
    url: str = ""
    path: Path | None = None
    sha256: str = ""
    """Hash of `text`; computed when not given, so records can detect a changed article."""

    def __post_init__(self) -> None:
        if not self.sha256:
            object.__setattr__(self, "sha256", text_hash(self.text))

    @property
    def word_count(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True)
class ArticleProblem:
    path: Path
    line: int | None
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else str(self.path)
        return f"{where}: {self.severity}: {self.message}"


@dataclass
class ArticleSet:
    articles: list[Article]
    problems: list[ArticleProblem] = field(default_factory=list)
    _index: dict[str, Article] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._index = {a.id: a for a in self.articles}

    def get(self, article_id: str) -> Article | None:
        return self._index.get(article_id)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._index

    def __iter__(self) -> Iterator[Article]:
        return iter(self.articles)

    def __len__(self) -> int:
        return len(self.articles)

    @property
    def errors(self) -> list[ArticleProblem]:
        return [p for p in self.problems if p.severity == "error"]


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


_PLAIN_ASCII = bytes(range(0x20, 0x7F)) + b"\n\t"
"""The ASCII characters `clean_text` keeps as they are."""


def clean_text(text: str) -> str:
    """Remove terminal escapes and control characters (keeping \\n and \\t); \\r\\n -> \\n."""
    if text.isascii():  # the usual text: plain if nothing is left once its plain bytes go
        if not text.encode("ascii").translate(None, _PLAIN_ASCII):
            return text  # (in C: a fifth of the regex scan below, for 15 MB of articles)
    elif not _CONTROLS.search(text):  # no \r, no escape, no control
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _ESCAPE_START.search(text):
        text = _ESCAPES.sub("", text)
    return _CONTROLS.sub("", text)


def title_from(text: str) -> str:
    """First non-blank line, stripped and shortened for display (the lines looked at one at a
    time from the start: splitting whole articles was a tenth of loading 19k of them)."""
    start = 0
    while start <= len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        line = text[start:end].strip()
        if line:
            return line if len(line) <= TITLE_MAX else line[: TITLE_MAX - 1].rstrip() + "…"
        start = end + 1
    return ""


class _Skip(Exception):
    """A whole file cannot be used; carries the problem to report."""

    def __init__(self, problem: ArticleProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def decode_bytes(data: bytes, path: Path, problems: list[ArticleProblem]) -> str:
    """UTF-8 (BOM or not), UTF-16 with BOM, else cp1252 then latin-1 with a warning."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as e:
            raise _Skip(ArticleProblem(path, None, f"cannot decode UTF-16 text: {e}")) from e
    if b"\x00" in data:
        raise _Skip(
            ArticleProblem(
                path,
                None,
                "binary file (contains NUL bytes), not text: save the article as UTF-8 text "
                "or move the file out of the articles folder",
            )
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        bad = f"byte 0x{data[e.start]:02x} at offset {e.start}"
    for encoding in ("cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        problems.append(
            ArticleProblem(
                path,
                None,
                f"not valid UTF-8 ({bad}); read as {encoding} - check the text and re-save "
                "the file as UTF-8",
                "warning",
            )
        )
        return text
    raise AssertionError("latin-1 decodes every byte string")  # pragma: no cover


def _read_text(path: Path, problems: list[ArticleProblem]) -> str:
    try:
        data = path.read_bytes()
    except OSError as e:
        raise _Skip(ArticleProblem(path, None, f"cannot read file: {e.strerror or e}")) from e
    if not data or data.isspace():  # (not data.strip(): a copy of the file)
        raise _Skip(
            ArticleProblem(
                path, None, "empty file: add the article (first line: its title) or remove the file"
            )
        )
    return decode_bytes(data, path, problems)


def _clean_id(raw: Any) -> str:
    if raw is None or isinstance(raw, bool | dict | list):
        return ""
    return clean_text(str(raw)).strip()


def _cell(raw: Any) -> str:
    return "" if raw is None else clean_text(str(raw)).strip()


def _load_document(path: Path, problems: list[ArticleProblem]) -> list[tuple[Article, int | None]]:
    text = clean_text(_read_text(path, problems))
    if not text.strip():
        raise _Skip(ArticleProblem(path, None, "no text (only blank or control characters)"))
    title = ""
    if path.suffix.lower() == ".md":
        for line in text.split("\n"):
            m = re.match(r"#\s+(.*\S)", line)
            if m:
                title = title_from(m.group(1))
                break
    return [(Article(path.stem, title or title_from(text), text, path=path), None)]


def record_article(
    rec: dict[str, Any], path: Path, line: int, problems: list[ArticleProblem]
) -> Article | None:
    """An Article from one jsonl object / csv row, or None with a problem recorded (public:
    `coder.article_peek` reads the one article a first frame shows exactly as this reads it)."""
    article_id = _clean_id(rec.get("id"))
    if not article_id:
        problems.append(ArticleProblem(path, line, 'no "id": every article needs a unique id'))
        return None
    raw_text = rec.get("text")
    text = clean_text(raw_text) if isinstance(raw_text, str) else ""
    if not text.strip():
        problems.append(ArticleProblem(path, line, f'article {article_id!r} has no "text"'))
        return None
    return Article(
        id=article_id,
        title=title_from(_cell(rec.get("title"))) or title_from(text),
        text=text,
        source=_cell(rec.get("source")),
        date=_cell(rec.get("date")),
        url=_cell(rec.get("url")),
        path=path,
    )


def _load_jsonl(path: Path, problems: list[ArticleProblem]) -> list[tuple[Article, int | None]]:
    out: list[tuple[Article, int | None]] = []
    raw = _read_text(path, problems)
    for number, rec, problem in jsonl_lines(raw):
        if problem is not None:
            problems.append(
                ArticleProblem(
                    path,
                    number,
                    f"{problem}; this line is skipped: one "
                    'article per line, {"id": ..., "title": ..., "text": ...}',
                )
            )
            continue
        if not isinstance(rec, dict):
            problems.append(ArticleProblem(path, number, "expected a JSON object {...}"))
            continue
        article = record_article(rec, path, number, problems)
        if article is not None:
            out.append((article, number))
    return out


def _load_csv(path: Path, problems: list[ArticleProblem]) -> list[tuple[Article, int | None]]:
    out: list[tuple[Article, int | None]] = []
    raw = _read_text(path, problems)
    reader = csv.reader(io.StringIO(raw, newline=""))
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as e:
        raise _Skip(ArticleProblem(path, 1, f"cannot read the CSV header: {e}")) from e
    columns = [clean_text(h).strip().lower() for h in header]
    if "text" not in columns:
        raise _Skip(
            ArticleProblem(
                path, 1, 'no "text" column (expected columns: id, title, source, date, url, text)'
            )
        )
    for start, row, unreadable in csv_rows(reader):
        if unreadable:
            problems.append(ArticleProblem(path, start, f"cannot read CSV row: {unreadable}"))
            break
        rec = dict(zip(columns, row, strict=False))
        article = record_article(rec, path, start, problems)
        if article is not None:
            out.append((article, start))
    return out


_LOADERS = {
    ".txt": _load_document,
    ".md": _load_document,
    ".jsonl": _load_jsonl,
    ".csv": _load_csv,
}


def load_articles(folder: Path) -> ArticleSet:
    """Every usable article in `folder` (sorted by id) and every problem found on the way."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ArticlesError(f"articles folder not found: {folder}")
    _allow_large_csv_fields()
    problems: list[ArticleProblem] = []
    seen: dict[str, tuple[Path, int | None]] = {}
    articles: list[Article] = []
    try:
        entries = sorted(folder.iterdir())
    except OSError as e:
        raise ArticlesError(f"cannot list articles folder {folder}: {e.strerror or e}") from e
    for path in entries:
        if path.name.startswith(".") or path.is_dir():
            continue
        loader = _LOADERS.get(path.suffix.lower())
        if loader is None:
            problems.append(
                ArticleProblem(
                    path,
                    None,
                    "ignored: not an article file (expected .txt, .md, .jsonl or .csv)",
                    "warning",
                )
            )
            continue
        try:
            loaded = loader(path, problems)
        except _Skip as skip:
            problems.append(skip.problem)
            continue
        for article, line in loaded:
            if article.id in seen:
                first_path, first_line = seen[article.id]
                first = f"{first_path}:{first_line}" if first_line else str(first_path)
                problems.append(
                    ArticleProblem(
                        path,
                        line,
                        f"duplicate article id {article.id!r} (first in {first}); this one is "
                        "skipped: give it another id",
                    )
                )
                continue
            seen[article.id] = (path, line)
            articles.append(article)
    articles.sort(key=lambda a: a.id)
    return ArticleSet(articles, problems)


def _allow_large_csv_fields() -> None:
    """The csv module refuses fields over 128 KiB by default; a long article is one field."""
    if csv.field_size_limit() < 2**31 - 1:
        csv.field_size_limit(2**31 - 1)
