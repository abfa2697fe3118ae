"""Codebook drift in adjudication (coder.gold.excluded): a value compare excluded is never a gold
value, whether the field is an article's or an incident's, and a decision the codebook refuses
counts as unsettled."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from coder.errors import CoderError
from coder.gold.build import build_gold_records
from coder.tui.review.app import open_session
from coder.tui.review.session import ReviewSession
from tests.gold_three import A000, A003, Lines, drop_choice, line_of, three_coder_project


def _session(tmp_path: Path, change: Callable[[Lines], None], removed: str) -> ReviewSession:
    project = three_coder_project(tmp_path, change)
    drop_choice(project, removed)
    s = open_session(project, project.load_codebook(), project.load_articles(), None, "lea",
                     bootstrap=0)  # fmt: skip
    s.load()
    return s


def test_removed_incident_choice_is_shown_excluded_and_refused(tmp_path: Path) -> None:
    def change(lines: Lines) -> None:
        line_of(lines, "cai", A000)["incidents"][0]["source_type"] = "journalist"

    s = _session(tmp_path, change, "local_source")
    try:
        unit = s.ready.by_article[A000][1]
        assert unit.excluded_value("ann", "source_type") == (True, "local_source")
        assert unit.value("ann", "source_type") is None
        with pytest.raises(CoderError, match="'local_source' is not a choice of the current"):
            s.take(unit, "source_type", "ann")
        assert s.take(unit, "source_type", "cai").value == "journalist"
    finally:
        s.gold.close()


def test_removed_article_choice_never_reaches_gold_unasked(tmp_path: Path) -> None:
    """ann (first coder) chose `unclear`, since removed, ben `reported`: compare sees no
    disagreement; the gold record used to take ann's value as the first coder's."""

    def change(lines: Lines) -> None:
        line_of(lines, "ann", A003)["values"]["relevant"] = "unclear"

    s = _session(tmp_path, change, "unclear")
    try:
        gold = build_gold_records(s.report, s.records, s.codebook, s.gold.decisions())
        a003 = next(r for r in gold if r.article == A003)
        assert a003.values.get("relevant") == "reported"
    finally:
        s.gold.close()
