"""Where the form proposes nothing although suggestions are on: a blind reliability subsample.

Agreement measured on articles where coders saw the same suggestions says how well they agree
with the rules, not with each other. A lead hides suggestions where agreement is measured and
keeps them elsewhere, in the codebook:

    suggestions:
      hide_on_overlap: true     # the overlap articles of assignments.yaml (coder assign)
      hide_for: [bob]           # these coders never see them

`hidden_reason` says, for one coder and one article, why the form shows none (or None: it
shows them); the coding screen puts the reason in its header. It fails closed: with
`hide_on_overlap` and no plan to say which articles overlap, every article is hidden, and
`blind_problems` (`coder check`, the coding screen) names the codebook line to fix. Core: the
plan is read by the caller (coder.team sits beside this package).
"""

from __future__ import annotations

import difflib
from collections.abc import Collection

from coder.codebook.model import Codebook

NO_PLAN = "no assignments.yaml says which articles overlap"


def hidden_reason(
    codebook: Codebook, coder: str | None, article: str, overlap: Collection[str] | None
) -> str | None:
    """Why `coder` sees no suggestions on `article`, or None. `overlap`: the plan's overlap
    articles, None without a plan."""
    blind = codebook.blind
    if not codebook.suggestions:
        return "off in the codebook"
    if coder is not None and coder in blind.coders:
        return f"hidden for {coder} (hide_for)"
    if blind.overlap and overlap is None:
        return "no assignments.yaml to find the overlap (hide_on_overlap)"
    if blind.overlap and overlap is not None and article in overlap:
        return "reliability article (hide_on_overlap)"
    return None


def blind_problems(
    codebook: Codebook, overlap: Collection[str] | None, coders: Collection[str] | None
) -> list[tuple[int | None, str]]:
    """(codebook line, message) for a blind setting the project cannot honour: hide_on_overlap
    without a plan, a hide_for name that is not a coder of the plan (a typo would show the
    suggestions to the coder meant)."""
    blind = codebook.blind
    out: list[tuple[int | None, str]] = []
    if blind.overlap and overlap is None:
        out.append(
            (
                blind.overlap_line,
                f"suggestions: hide_on_overlap is true but {NO_PLAN}: run coder assign "
                "(until then the form hides suggestions on every article)",
            )
        )
    if coders is not None:
        for name in blind.coders:
            if name not in coders:
                close = difflib.get_close_matches(name, list(coders), n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                out.append(
                    (
                        blind.coders_line,
                        f"suggestions: hide_for names '{name}', who is not a coder of "
                        f"assignments.yaml{hint}",
                    )
                )
    return out
