"""Precision and recall of the suggestions against hand-coded incidents.

A lead who has a few coded incidents (the samples' expectations, or a gold set) can see how
often each field's suggestion is right (precision: right / suggested) and how many coded values
the rules find (recall: right / coded). A `multi` field counts each ticked choice on its own. A
suggestion for a field the coder left empty is wrong; a wrong suggestion also misses the value.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from coder.articles import load_articles
from coder.codebook.model import Codebook
from coder.codebook.yaml_source import read_yaml
from coder.suggest.dates import Published, partial_date
from coder.suggest.engine import suggest
from coder.suggest.text import locate_quote


@dataclass
class Tally:
    right: int = 0
    suggested: int = 0
    coded: int = 0
    wrong: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        return self.right / self.suggested if self.suggested else None

    @property
    def recall(self) -> float | None:
        return self.right / self.coded if self.coded else None


@dataclass(frozen=True)
class Case:
    """One coded incident: the article text, its evidence quote and the coded values."""

    name: str
    text: str
    quote: str
    published: Published | None
    """The date the article shows, else the coder's partial article date ("2018")."""
    values: Mapping[str, Any]


def load_cases(expectations: Path, articles_dir: Path) -> list[Case]:
    """Cases from an expectations file: `ARTICLE_ID: {published: DATE|null, article_date:
    PARTIAL, incidents: [{quote, values}]}` (tests/fixtures/suggest_expectations.yaml is one)."""
    articles = load_articles(articles_dir)
    data = read_yaml(expectations.read_text(encoding="utf-8"))
    cases = []
    for article_id, entry in data.items():
        article = articles.get(str(article_id))
        if article is None:
            raise ValueError(f"{expectations}: no article {article_id!r} in {articles_dir}")
        raw = entry.get("published")
        published = date.fromisoformat(str(raw)) if raw else partial_date(entry.get("article_date"))
        for n, incident in enumerate(entry["incidents"], 1):
            values = {str(k): v for k, v in incident["values"].items()}
            name = f"{str(article_id)[:3]}#{n}"
            cases.append(Case(name, article.text, str(incident["quote"]), published, values))
    return cases


def _items(value: Any) -> set[str]:
    if value is None:
        return set()
    if isinstance(value, list | tuple):
        return {str(v) for v in value}
    return {str(value)}


def score(codebook: Codebook, cases: Iterable[Case]) -> dict[str, Tally]:
    """Tallies per incident field that a suggestion or a coded value touched (codebook order)."""
    tallies: dict[str, Tally] = {f.name: Tally() for f in codebook.incident_fields}
    for case in cases:
        span = locate_quote(case.quote, case.text)
        if span is None:
            raise ValueError(f"{case.name}: the quote is not in the article: {case.quote[:60]}")
        made = {
            s.field: s.value for s in suggest(codebook, case.text, span, published=case.published)
        }
        for name, tally in tallies.items():
            coded, offered = _items(case.values.get(name)), _items(made.get(name))
            hits = coded & offered
            tally.right += len(hits)
            tally.suggested += len(offered)
            tally.coded += len(coded)
            for miss in sorted(offered - coded):
                tally.wrong.append(
                    f"{case.name}: {miss} (coded: {', '.join(sorted(coded)) or '-'})"
                )
    return {k: t for k, t in tallies.items() if t.suggested or t.coded}


def overall(tallies: Mapping[str, Tally]) -> Tally:
    total = Tally()
    for t in tallies.values():
        total.right += t.right
        total.suggested += t.suggested
        total.coded += t.coded
    return total


def table(tallies: Mapping[str, Tally]) -> str:
    """A Markdown table: field, suggested, right, precision, coded, recall."""

    def pct(x: float | None) -> str:
        return "-" if x is None else f"{100 * x:.0f}%"

    rows = [
        "| field | suggested | right | precision | coded | recall |",
        "|---|---|---|---|---|---|",
    ]
    for name, t in [*tallies.items(), ("**all**", overall(tallies))]:
        p, r = pct(t.precision), pct(t.recall)
        rows.append(f"| {name} | {t.suggested} | {t.right} | {p} | {t.coded} | {r} |")
    return "\n".join(rows)
