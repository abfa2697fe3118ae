"""One article found in a big JSONL articles file without reading the other articles.

The coding screen's first frame shows one article: the one the coder left. Reading all of a
project's articles first (18,939 of them, 15 MB: JSON per line, the cleaning, the title and the
sha256 of each) was ~0.4 s of CPU before that frame, the whole difference between a 50k-incident
project's first paint and the samples'. `peek_article` finds the line that holds that article's
id in the file's bytes and reads only that line, the way `coder.articles` reads every line.

It is a preview, never the truth: the app reads the whole folder after the first frame (keys
held meanwhile) and shows the article from that set, so an article this finds differently (an id
written with escapes, a file that is not UTF-8 as a whole, an earlier duplicate) is corrected
before any key is handled. Anything unusual gives None, and the app reads the folder first.
"""

from __future__ import annotations

import json
import mmap
from pathlib import Path

from coder import articles as article_files
from coder.articles import Article
from coder.jsonsafe import jsonl_lines

PEEK_OVER = 2_000_000
"""An articles folder smaller than this (bytes) is read whole before the first frame (~50 ms)."""


def articles_file(folder: Path) -> Path | None:
    """The folder's one article file if it is a single `.jsonl` over PEEK_OVER bytes, else None
    (documents, CSV or several files are read whole, as before)."""
    try:
        found = [
            p
            for p in folder.iterdir()
            if not p.name.startswith(".") and p.suffix.lower() in article_files.ARTICLE_SUFFIXES
        ]
        if len(found) != 1 or found[0].suffix.lower() != ".jsonl" or not found[0].is_file():
            return None
        return found[0] if found[0].stat().st_size > PEEK_OVER else None
    except OSError:
        return None


def peek_article(folder: Path, article_id: str) -> Article | None:
    """Article `article_id` from the folder's big JSONL file, or None (not found this way, or
    the folder is not one big JSONL file).

    The file is mapped, not read: the search runs over the page cache's copy, without copying
    15 MB into a bytes object first (~16 -> ~4 ms of the first frame's CPU with 18,939
    articles), and only the line found is copied out. A file rewritten meanwhile is no risk
    when replaced (`coder.fsutil` writes a new file; the mapping keeps the old one); truncated in
    place during these few milliseconds, reading past its new end would stop the process."""
    path = articles_file(folder)
    if path is None:
        return None
    try:
        with open(path, "rb") as file, mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as data:
            return _find(data, path, article_id)
    except (OSError, ValueError):  # unreadable, or emptied since (an empty file cannot be mapped)
        return None


def _find(data: mmap.mmap, path: Path, article_id: str) -> Article | None:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):  # UTF-16: read the whole file
        return None
    needle = json.dumps(article_id, ensure_ascii=False).encode("utf-8")
    at = data.find(needle)
    while at >= 0:
        start = data.rfind(b"\n", 0, at) + 1
        end = data.find(b"\n", at)
        end = len(data) if end < 0 else end
        found = _read_line(data[start:end], path, first=start == 0, article_id=article_id)
        if found is not None:
            return found
        at = data.find(needle, end)
    return None


def _read_line(line: bytes, path: Path, *, first: bool, article_id: str) -> Article | None:
    """The article on this line if it is `article_id`'s (read as `coder.articles` reads it).
    Whether it is the file's first line matters (a byte-order mark); its number does not: it
    would only name the line in problems, and a line with a problem gives None here."""
    try:
        text = line.decode("utf-8-sig" if first else "utf-8")
    except UnicodeDecodeError:
        return None
    for _, rec, problem in jsonl_lines(text):
        if problem is not None or not isinstance(rec, dict):
            return None
        article = article_files.record_article(rec, path, 1 if first else 2, [])
        return article if article is not None and article.id == article_id else None
    return None
