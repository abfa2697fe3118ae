"""Shared builders for the compare tests: a small codebook and plain record dataclasses.

The records are the real coder.store classes when available (they are what compare() receives
in production); the codebook is built from the model directly so each test states exactly the
fields it relies on.
"""

from __future__ import annotations

import itertools
from typing import Any

from coder.codebook.model import Choice, Codebook, Condition, Field

try:
    from coder.store.coder_store import ArticleRecord, Incident
except ImportError:  # pragma: no cover - only while store.py is being written
    from dataclasses import dataclass, field

    @dataclass
    class Incident:  # type: ignore[no-redef]
        id: str
        values: dict[str, Any]

    @dataclass
    class ArticleRecord:  # type: ignore[no-redef]
        article: str
        status: str
        values: dict[str, Any]
        incidents: list[Incident] = field(default_factory=list)
        created: str = ""
        updated: str = ""
        codebook_version: str = "1"
        article_hash: str = ""
        scratch: dict[str, str] = field(default_factory=dict)


_ids = itertools.count()


def choices(*values: Any) -> tuple[Choice, ...]:
    return tuple(Choice(v, str(v)) for v in values)


def make_codebook(match: tuple[str, ...] = ("date", "place", "event_type")) -> Codebook:
    art = (
        Field(
            "topic", "choice", "article", "Topic", choices=choices("conflict", "politics", "other")
        ),
        Field(
            "relevance",
            "choice",
            "article",
            "Relevance",
            choices=choices("low", "mid", "high"),
            ordered=True,
            level="ordinal",
        ),
        Field("notes", "longtext", "article", "Notes", level="none"),
    )
    inc = (
        Field("date", "date", "incident", "Date", level="interval"),
        Field("place", "text", "incident", "Place", level="nominal"),
        Field(
            "event_type",
            "choice",
            "incident",
            "Type",
            choices=choices("attack", "protest", "arrest"),
        ),
        Field("fatalities", "integer", "incident", "Fatalities", level="interval"),
        Field(
            "weapon",
            "multi",
            "incident",
            "Weapon",
            choices=choices("gun", "bomb", "knife"),
            level="set",
            when=Condition("event_type", ("attack",)),
        ),
        Field("quote", "quote", "incident", "Quote", level="none"),
    )
    return Codebook("Test", "1", "", art, inc, match=match)


def inc(**values: Any) -> Incident:
    return Incident(id=f"i{next(_ids):05d}", values=dict(values))


def rec(
    article: str, incidents: list[Incident] | None = None, status: str = "", **values: Any
) -> ArticleRecord:
    incidents = incidents or []
    status = status or ("done" if incidents else "no_incident")
    return ArticleRecord(
        article=article,
        status=status,  # type: ignore[arg-type]
        values=dict(values),
        incidents=incidents,
        created="",
        updated="",
        codebook_version="1",
        article_hash="",
        scratch={},
    )
