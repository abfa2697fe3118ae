"""`coder suggest`: the suggestions for a quote (or every sentence) of one article, as text or JSON.

The lead's window onto the rules: what the form would propose, and from which words, so cues can
be tuned before coding starts. JSON (`--format json`):

    {"article": ID, "published": "2020-09-07" | null,
     "suggestions": [{"field": "fatalities", "value": 2, "text": "killing two",
                      "start": 123, "end": 134}, ...]}

`start`/`end` are offsets into the article text as the coding screen shows it. Without `--quote`
every sentence is read on its own, as if it were an evidence quote.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from typing import TextIO

from coder.codebook.model import Codebook
from coder.errors import CoderError
from coder.project import Project
from coder.suggest.dates import Published, partial_date, publication_date
from coder.suggest.model import Suggestion


def add_parser(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = sub.add_parser(
        "suggest", parents=[common], help="the values the form would propose from a quote"
    )
    p.description = (
        "Print the suggestions the codebook's rules make for a quote of an article (or for each "
        "of its sentences): dates, counts, choices by cues, places from the gazetteer."
    )
    p.add_argument("--article", metavar="ID", required=True, help="the article's id")
    p.add_argument("--quote", metavar="TEXT", help="an evidence quote (default: every sentence)")
    p.add_argument("--format", choices=("text", "json"), default="text", help="default: text")
    p.add_argument(
        "--published",
        metavar="YYYY-MM-DD",
        type=_published_arg,
        help="the publication date (default: the article's date, or one in its header); a "
        "partial date (2018, 2018-03) as a coder codes it when the article shows none",
    )
    return p


def _published_arg(text: str) -> Published:
    partial = partial_date(text)
    if partial is not None:
        return partial
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date: write 2020-09-07, or 2020-09 or 2020"
        ) from None


def run(args: argparse.Namespace, project: Project, out: TextIO = sys.stdout) -> int:
    # Imported here: every command builds this parser, only `suggest` runs the rules (the
    # engine and its cue modules were a tenth of `coder import`'s start-up).
    from coder.suggest.engine import suggest, suggest_article
    from coder.suggest.text import locate_quote

    codebook = project.load_codebook()
    articles = project.load_articles()
    article = articles.get(args.article)
    if article is None:
        known = ", ".join(a.id for a in list(articles)[:5])
        raise CoderError(
            f"no article '{args.article}' in {project.articles_dir}"
            + (f" (articles are e.g. {known})" if known else "")
        )
    published = args.published or publication_date(article.text, article.date)
    found: list[tuple[tuple[int, int], list[Suggestion]]]
    if args.quote is not None:
        span = locate_quote(args.quote, article.text)
        if span is None:
            raise CoderError(
                f"the quote is not in article '{article.id}': copy it word for word "
                "(line breaks and curly quotes do not matter)"
            )
        found = [(span, suggest(codebook, article.text, span, published=published))]
    else:
        found = suggest_article(codebook, article.text, published=published)
    if args.format == "json":
        doc = {
            "article": article.id,
            "published": _iso(published),
            "suggestions": [s.as_json() for _, group in found for s in group],
        }
        out.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    else:
        _text(out, codebook, article.id, article.text, published, found)
    return 0


def _text(
    out: TextIO,
    codebook: Codebook,
    article_id: str,
    text: str,
    published: Published | None,
    found: list[tuple[tuple[int, int], list[Suggestion]]],
) -> None:
    when = _iso(published) or "unknown (weekdays are not resolved)"
    out.write(f"article {article_id}, published {when}\n")
    if not found or not any(group for _, group in found):
        out.write("no suggestions\n")
    for (start, end), group in found:
        passage = " ".join(text[start:end].split())
        out.write(f"\n{start}-{end}: {passage[:100]}{'…' if len(passage) > 100 else ''}\n")
        if not group:
            out.write("  no suggestions\n")
        for s in group:
            f = codebook.field("incident", s.field)
            label = None
            if f is not None and f.has_choices:
                items = s.value if isinstance(s.value, list) else [s.value]
                label = "; ".join(f.label_for(v) for v in items)
            value = (
                json.dumps(s.value, ensure_ascii=False) if not isinstance(s.value, str) else s.value
            )
            shown = f"{value} ({label})" if label and label != value else value
            words = " ".join(s.text.split())
            origin = "from the publication date"
            if words:
                origin = f'from "{words}" at {s.start}-{s.end}'

            out.write(f"  {s.field:<18} {shown:<40} {origin}\n")


def _iso(published: Published | None) -> str | None:
    return published if isinstance(published, str) or published is None else published.isoformat()
