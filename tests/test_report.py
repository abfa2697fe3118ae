"""Rendering of a comparison: table, CSV, Markdown, disagreements CSV; markup-safe."""

from __future__ import annotations

import csv
import io
import re

from rich.console import Console

from coder import __version__
from coder.compare.engine import compare
from coder.compare.report import render_csv, render_disagreements_csv, render_markdown, render_table
from tests.compare_helpers import inc, make_codebook, rec

CB = make_codebook()


def _report():
    a = [
        rec("x1", [inc(date="2023-05-01", place="[bold]K[/bold]", event_type="attack",
                       fatalities=1)], topic="conflict"),
        rec("x2", topic="politics"),
        rec("x3", [inc(date="2023-05-04", place="M", event_type="protest", fatalities=0)],
            topic="conflict"),
    ]  # fmt: skip
    b = [
        rec("x1", [inc(date="2023-05-01", place="[bold]k[/bold]", event_type="attack",
                       fatalities=2)], topic="conflict"),
        rec("x2", topic="conflict"),
        rec("x3", [inc(date="2023-05-04", place="M", event_type="protest", fatalities=0)],
            topic="other"),
    ]  # fmt: skip
    return compare(CB, {"a": a, "b": b}, bootstrap=100)


def test_table_shows_every_field_and_no_markup_interpretation():
    report = _report()
    out = io.StringIO()
    render_table(report, Console(file=out, width=160, color_system=None))
    text = out.getvalue()
    for f in report.fields:
        assert f.field in text
    assert "date *" in text  # matching field flagged
    assert "Incident detection" in text
    assert f"{len(report.disagreements)} disagreements" in text


def test_csv_one_row_per_field():
    report = _report()
    out = io.StringIO()
    render_csv(report, out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [r["field"] for r in rows] == [f.field for f in report.fields]
    topic = next(r for r in rows if r["field"] == "topic")
    assert float(topic["alpha"]) == round(next(f.alpha for f in report.fields
                                               if f.field == "topic"), 4)  # fmt: skip
    assert "kappa a|b" in rows[0]


def test_disagreements_csv_has_each_coder_value():
    report = _report()
    out = io.StringIO()
    render_disagreements_csv(report, out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(rows) == len(report.disagreements)
    fat = next(r for r in rows if r["field"] == "fatalities")
    assert (fat["article"], fat["a"], fat["b"]) == ("x1", "1", "2")
    # place is nominal text: case differences are not disagreements
    assert not [r for r in rows if r["field"] == "place"]


def test_markdown_states_method():
    md = render_markdown(_report())
    assert __version__ in md
    assert "cluster bootstrap" in md and "100 resamples" in md
    assert "0.667" in md and "0.800" in md
    assert "linear_sum_assignment" in md
    assert "| incident | date † |" in md


def test_table_fits_80_columns_without_cutting_numbers():
    """Piped output and small terminals get 80 columns: names may shrink, numbers never."""
    report = _report()
    out = io.StringIO()
    render_table(report, Console(file=out, width=80, color_system=None))
    text = out.getvalue()
    assert max(len(line) for line in text.splitlines()) <= 80
    for f in report.fields:
        if f.alpha is not None:
            assert f"{f.alpha:.3f}" in text, f.field
    undefined = [f for f in report.fields if f.alpha is None]
    for f in undefined[:1]:  # the reason is a numbered note, not a cut cell
        assert re.search(rf"\(\d+\) {re.escape(f.field)}:", text), f.field


def test_few_articles_carry_a_caution_about_the_interval():
    """A percentile bootstrap over 3 articles can only take a handful of distinct values."""
    few = _report()
    out = io.StringIO()
    render_table(few, Console(file=out, width=120, color_system=None))
    assert "only 3 articles were compared" in out.getvalue()
    assert "only 3 articles were compared" in render_markdown(few)
    many = [rec(f"y{i}", topic="conflict" if i % 3 else "politics") for i in range(25)]
    other = [rec(f"y{i}", topic="conflict" if i % 4 else "politics") for i in range(25)]
    enough = compare(CB, {"a": many, "b": other}, bootstrap=50)
    assert "Caution" not in render_markdown(enough)
