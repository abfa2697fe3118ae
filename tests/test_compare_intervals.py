"""Interval notes where the figures are: dropped resamples, per-field few articles, no bootstrap."""

from __future__ import annotations

import io

from rich.console import Console

from coder.compare.engine import compare
from coder.compare.report import render_markdown, render_table
from tests.compare_helpers import inc, make_codebook, rec

CB = make_codebook()


def _records():
    """25 articles; topic disagrees on one article only (many resamples without variation);
    incidents only in the first three articles."""
    a, b = [], []
    for i in range(25):
        incs_a = [inc(date=f"2023-05-0{i + 1}", place="K", event_type="attack",
                      fatalities=i)] if i < 3 else []  # fmt: skip
        incs_b = [inc(date=f"2023-05-0{i + 1}", place="K", event_type="attack",
                      fatalities=i + (i == 1))] if i < 3 else []  # fmt: skip
        a.append(rec(f"y{i:02d}", incs_a, topic="conflict"))
        b.append(rec(f"y{i:02d}", incs_b, topic="politics" if i == 7 else "conflict"))
    return {"a": a, "b": b}


def _text(report, width: int) -> str:
    out = io.StringIO()
    render_table(report, Console(file=out, width=width, color_system=None))
    return out.getvalue()


def test_dropped_resamples_and_few_articles_per_field_are_shown():
    report = compare(CB, _records(), bootstrap=200, seed=1)
    topic = next(f for f in report.fields if f.field == "topic")
    assert topic.stats.ci_dropped > 0 and topic.stats.ci_resamples == 200
    fat = next(f for f in report.fields if f.field == "fatalities")
    assert fat.stats.ci_articles == 3
    flat = " ".join(_text(report, 80).split())
    assert f"topic: {topic.stats.ci_dropped} of 200 resamples dropped (no variation)" in flat
    fat_note = flat[flat.index("fatalities: ") :].split("(2)")[0]
    assert "interval from 3 articles with pairable units (fewer than 20" in fat_note
    # 25 articles in all: no global caution, but the field's own is there
    assert "only 25 articles" not in flat
    md = render_markdown(report)
    assert f"- article topic: {topic.stats.ci_dropped} of 200 resamples dropped" in md
    assert "interval from 3 articles with pairable units" in md.split("- incident fatalities")[1]


def test_few_articles_overall_is_one_caution_not_a_note_per_field():
    records = {c: rs[:5] for c, rs in _records().items()}
    report = compare(CB, records, bootstrap=100, seed=1)
    flat = " ".join(_text(report, 80).split())
    assert "only 5 articles were compared" in flat
    assert "interval from" not in flat


def test_notes_wrap_whole_at_80_columns():
    report = compare(CB, _records(), bootstrap=200, seed=1)
    text = _text(report, 80)
    assert max(len(line) for line in text.splitlines()) <= 80
    flat = " ".join(text.split())
    for f in report.fields:
        s = f.stats
        if s.alpha is None and s.alpha_note:
            assert s.alpha_note.removeprefix("undefined: ") in flat


def test_no_bootstrap_describes_no_bootstrap():
    report = compare(CB, _records(), bootstrap=0)
    md = render_markdown(report)
    assert "No confidence intervals were computed" in md
    assert "cluster bootstrap" not in md and "resamples" not in md
    assert "not computed (--bootstrap 0)" in " ".join(_text(report, 120).split())
