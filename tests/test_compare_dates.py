"""Date agreement that sees a day (coder.compare.dates): exact at the coarser precision, ±1, ±7."""

from __future__ import annotations

import io
import json

import krippendorff
import numpy as np
import pytest
from rich.console import Console

from coder.compare.engine import compare
from coder.compare.json_form import report_json
from coder.compare.report import render_markdown, render_table
from tests.compare_helpers import inc, make_codebook, rec

CB = make_codebook(match=("place", "event_type"))
DAYS = ["2018-01-10", "2018-07-02", "2019-02-14", "2019-09-30", "2020-03-03", "2020-09-07",
        "2020-12-24"]  # fmt: skip


def _pair(a_dates: list[str], b_dates: list[str]):
    a = [rec(f"x{i}", [inc(date=d, place=f"P{i}", event_type="attack")], topic="conflict")
         for i, d in enumerate(a_dates)]  # fmt: skip
    b = [rec(f"x{i}", [inc(date=d, place=f"P{i}", event_type="attack")], topic="conflict")
         for i, d in enumerate(b_dates)]  # fmt: skip
    return compare(CB, {"a": a, "b": b}, bootstrap=0)


def test_a_day_off_over_three_years_is_seen():
    """The issue's case: interval alpha 1.000 with one coder a day off; exact alpha is not."""
    b_dates = [*DAYS]
    b_dates[5] = "2020-09-08"
    report = _pair(DAYS, b_dates)
    interval = next(f for f in report.fields if f.field == "date")
    assert interval.alpha is not None and interval.alpha > 0.999
    (d,) = report.dates
    assert (d.field, d.scope, d.units) == ("date", "incident", 7)
    assert d.percent[0] == pytest.approx(6 / 7)
    assert d.percent[1] == 1.0 and d.percent[7] == 1.0
    # k = 0 on day-precision dates is nominal alpha: cross-check with the krippendorff package
    data = np.array([[DAYS.index(x) for x in DAYS], [DAYS.index(x) if x in DAYS else 99
                                                     for x in b_dates]], dtype=float)  # fmt: skip
    expected = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    assert d.alpha[0] == pytest.approx(expected)
    assert d.alpha[0] < 0.9
    assert d.alpha[1] == 1.0


def test_partial_dates_agree_at_the_coarser_precision():
    a_dates = ["2020-09", "2020", "2019-02-14", "2019-03-01"]
    b_dates = ["2020-09-07", "2020-05-01", "2019-02-20", "2019-03-01"]
    (d,) = _pair(a_dates, b_dates).dates
    assert d.mixed_precision_units == 2
    assert d.percent[0] == pytest.approx(3 / 4)  # 14 vs 20 Feb differ
    assert d.percent[1] == pytest.approx(3 / 4)
    assert d.percent[7] == 1.0  # six days apart


def test_tolerance_alpha_by_hand():
    """Two coders, three units: dates 1 day apart on one, 10 days on another.

    delta_1 is 0 within a day: values v = {1 Mar, 2 Mar, 5 Mar, 15 Mar, 20 Jun}, n = 6.
    """
    a_dates = ["2021-03-01", "2021-03-05", "2021-06-20"]
    b_dates = ["2021-03-02", "2021-03-15", "2021-06-20"]
    (d,) = _pair(a_dates, b_dates).dates
    # observed (k=1): only unit 2 disagrees -> D_o = 2 / 6
    # expected: ordered pairs of the 6 values with gap > 1 day, over 6 * 5
    vals = np.array([0, 4, 111, 1, 14, 111])  # day offsets from 1 March, a then b
    far = sum(1 for i in range(6) for j in range(6) if i != j and abs(vals[i] - vals[j]) > 1)
    assert d.alpha[1] == pytest.approx(1 - (2 / 6) / (far / 30))
    assert d.percent[1] == pytest.approx(2 / 3)


def test_dates_are_reported_in_table_markdown_and_json():
    b_dates = [*DAYS]
    b_dates[5] = "2020-09-08"
    report = _pair(DAYS, b_dates)
    out = io.StringIO()
    render_table(report, Console(file=out, width=80, color_system=None))
    text = out.getvalue()
    assert "Dates: agreement within k days" in text
    assert max(len(line) for line in text.splitlines()) <= 80
    assert f"{report.dates[0].alpha[0]:.3f}" in text and "±7d" in text
    md = render_markdown(report)
    assert "at most k days apart" in md and "| incident | date | 7 |" in md
    js = json.loads(json.dumps(report_json(report)))
    assert js["dates"][0]["percent_agreement"]["0"] == pytest.approx(6 / 7, abs=1e-4)
    assert js["dates"][0]["alpha"]["1"] == 1.0
