"""What a reader must know about each field's figures, said where the figures are.

Dropped bootstrap resamples (alpha undefined in a resample without variation) and intervals from
too few articles used to be visible only in the JSON, and the few-articles caution counted every
compared article rather than the articles each field was resampled over (`kidnapped`, coded in 3
articles, had none). These notes go under the table and the Markdown, one per field and reason.
"""

from __future__ import annotations

from coder.compare.results import ComparisonReport, FieldResult

FEW_ARTICLES = 20
"""Below this many articles a percentile bootstrap over articles is too coarse to rely on."""


def field_notes(f: FieldResult, total_articles: int | None = None) -> list[str]:
    """Why the field's alpha is undefined, and what to know about its interval.

    The few-articles note is per field; when fewer than FEW_ARTICLES were compared in all
    (`total_articles`), the report's one caution already covers every field and it is left out.
    """
    s = f.stats
    out: list[str] = []
    if s.alpha is None and s.alpha_note:
        out.append(s.alpha_note.removeprefix("undefined: "))
    if s.ci95 is not None and s.ci_dropped:
        out.append(f"{s.ci_dropped} of {s.ci_resamples} resamples dropped (no variation)")
    overall_few = total_articles is not None and total_articles < FEW_ARTICLES
    if (
        s.ci95 is not None
        and s.ci_articles is not None
        and s.ci_articles < FEW_ARTICLES
        and not overall_few
    ):
        out.append(
            f"interval from {s.ci_articles} article{'s' if s.ci_articles != 1 else ''} with "
            f"pairable units (fewer than {FEW_ARTICLES}: too coarse to rely on)"
        )
    return out


def interval_method(report: ComparisonReport) -> str:
    """The Markdown's sentence on intervals; with --bootstrap 0 it says none were computed."""
    if report.bootstrap == 0:
        return "No confidence intervals were computed (bootstrap disabled with --bootstrap 0)."
    return (
        "95% confidence intervals are percentile intervals of a cluster bootstrap resampling "
        f"articles ({report.bootstrap} resamples, seed {report.seed}); resamples in which alpha "
        "is undefined (no variation) are dropped and counted in the notes."
    )
