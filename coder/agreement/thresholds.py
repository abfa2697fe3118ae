"""Krippendorff's conventional reading of alpha (Content Analysis, 2004/2019, ch. 12):
rely on variables with alpha >= .800; accept .667 <= alpha < .800 only for tentative conclusions."""

from __future__ import annotations

from typing import Literal

Verdict = Literal["acceptable", "tentative", "unacceptable", "undefined"]
ACCEPTABLE = 0.800
TENTATIVE = 0.667


def classify(alpha: float | None) -> Verdict:
    """Verdict for an alpha, judged on the value rounded to three decimals as it is reported,
    so a table never shows "0.667" next to "unacceptable"."""
    if alpha is None or alpha != alpha:
        return "undefined"
    shown = round(alpha, 3)
    if shown >= ACCEPTABLE:
        return "acceptable"
    if shown >= TENTATIVE:
        return "tentative"
    return "unacceptable"
