"""Suggestions from the text: values proposed from an evidence quote by rules in the codebook.

A coder who has quoted "... attacked an Iraqi federal police outpost ... on early Monday, killing
two members and injuring two more" has most of the form in front of them. This package proposes
those values from transparent rules a lead can read and a methods section can describe: dates
resolved against the publication date (`dates`), counts under the lowest-figure rule
(`numbers`, `counts`), choices from the `cues:` of the codebook (`choices`) and places from the
project gazetteer (`places`). `suggest` is the face: codebook + article text + a quote's span ->
`Suggestion`s with offsets into the article text. A suggestion is never a value until a coder
accepts it. Core: never imports Textual; reads the codebook, the gazetteer and nothing else.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from coder.suggest.dates import publication_base, publication_date
    from coder.suggest.engine import suggest, suggest_article
    from coder.suggest.model import Suggestion
    from coder.suggest.text import locate_quote, sentences

_FROM = {
    "publication_base": "dates",
    "publication_date": "dates",
    "suggest": "engine",
    "suggest_article": "engine",
    "Suggestion": "model",
    "locate_quote": "text",
    "sentences": "text",
}
"""Where each name lives: they are imported when first asked for (PEP 562), so importing one
module of the package (`blind`, which the coding screen asks as an article opens) does not
compile the rules' ~100 regular expressions (~30 ms of the coding screen's start-up)."""


def __getattr__(name: str) -> Any:
    if name not in _FROM:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{_FROM[name]}"), name)


__all__ = [
    "Suggestion",
    "locate_quote",
    "publication_base",
    "publication_date",
    "sentences",
    "suggest",
    "suggest_article",
]
