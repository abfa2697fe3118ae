"""Suggestions and agreement: what `coder compare` says about values accepted from suggestions.

Coders may accept values the form proposed from the evidence (coder.suggest); the incident then
lists those fields in `suggested`. Two coders who both accepted the same suggestion agree because
of the rule, not because they read the text alike, so a methods section must say suggestions were
shown, and `--typed-only` computes agreement on typed values only: after the incidents are
aligned (alignment still sees every value, so units stay the same), each accepted value counts
as missing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from coder.compare.alignment import AlignedArticle, Member


def suggested_index(shared: Mapping[str, Mapping[str, Any]]) -> dict[tuple[str, str], set[str]]:
    """(coder, incident id) -> the fields accepted from a suggestion, for the compared records."""
    out: dict[tuple[str, str], set[str]] = {}
    for recs in shared.values():
        for coder, record in recs.items():
            for inc in record.incidents:
                names = getattr(inc, "suggested", None)
                if names:
                    out[coder, inc.id] = set(names)
    return out


def mask_suggested(
    aligned: Sequence[AlignedArticle], index: Mapping[tuple[str, str], set[str]]
) -> list[AlignedArticle]:
    """The aligned articles with every accepted value left out of its member's values."""
    if not index:
        return list(aligned)
    out = []
    for art in aligned:
        units = []
        for unit in art.units:
            members: dict[str, Member] = {}
            for coder, m in unit.members.items():
                drop = index.get((coder, m.incident_id), set())
                values = {k: v for k, v in m.values.items() if k not in drop}
                members[coder] = replace(m, values=values) if drop else m
            units.append(replace(unit, members=members))
        out.append(replace(art, units=tuple(units)))
    return out


BLIND_NOTE = (
    "Coders saw no suggested values on these articles: the codebook hides them on the "
    "reliability subsample (`hide_on_overlap`), so agreement here is between coders reading "
    "the text, not between coders and the suggestion rules."
)


def suggestion_note(
    records: Mapping[str, Sequence[Any]], typed_only: bool, blind_subsample: bool = False
) -> str:
    """The methods sentence about suggestions ("" when no coder accepted any and not typed-only).

    `blind_subsample`: only the plan's overlap articles are compared and the codebook hides
    suggestions there; a reader of the methods must learn that, not just miss a sentence."""
    total = accepted = 0
    for recs in records.values():
        for record in recs:
            for inc in record.incidents:
                total += len(inc.values)
                accepted += len(set(getattr(inc, "suggested", ())) & set(inc.values))
    if blind_subsample and not accepted:
        return BLIND_NOTE
    if not accepted and not typed_only:
        return ""
    share = f"{100 * accepted / total:.1f}%" if total else "0%"
    note = (
        "Coders were shown values suggested from the evidence quote by rules in the codebook "
        f"(`coder suggest`); {accepted} of {total} incident values ({share}) were accepted from "
        "a suggestion rather than typed."
    )
    if typed_only:
        note += (
            " Agreement below is computed on typed values only: incidents were aligned on all "
            "values, then each accepted value counted as missing."
        )
    else:
        note += " Agreement below includes accepted values (see `coder compare --typed-only`)."
    return note
