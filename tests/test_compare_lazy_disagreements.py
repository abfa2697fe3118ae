"""The report's disagreement list is made when first read (`results.Disagreements`): its count
is known at once and must be the number of rows made; made or streamed, the rows are the same,
and the rows the JSON writer makes (`rows`) are not kept."""

from __future__ import annotations

from coder.codebook.values import format_value
from coder.compare import compare
from coder.compare.results import Disagreement, Disagreements
from tests.compare_helpers import inc, make_codebook, rec


def _records():  # type: ignore[no-untyped-def]
    return {
        "ann": [
            rec("a1", [inc(date="2020-09-07", place="Kirkuk", event_type="attack", fatalities=2)],
                topic="conflict", relevance="high"),
            rec("a2", [inc(date="2020-09", place="Daquq", event_type="protest")], topic="other"),
            rec("a3", topic="politics"),
        ],
        "bob": [
            rec("a1", [inc(date="2020-09-08", place="Kirkuk", event_type="attack", fatalities=3),
                       inc(date="2021", place="Hawija", event_type="arrest")],
                topic="conflict", relevance="low"),
            rec("a2", [inc(date="2020-09-02", place="Daquq", event_type="protest")],
                topic="other"),
            rec("a3", topic="conflict"),
        ],
        "cy": [rec("a1", [inc(date="2020-09-07", place="Kirkuk", event_type="riot")],
                   topic="other", relevance="mid")],
    }  # fmt: skip


def _report(records=None):  # type: ignore[no-untyped-def]
    return compare(make_codebook(), records or _records(), bootstrap=0)


def test_count_is_the_rows_made() -> None:
    dis = _report().disagreements
    assert isinstance(dis, Disagreements)
    count = len(dis)  # before any row is made
    rows = list(dis)
    assert count == len(rows) > 3
    assert {d.field for d in rows} >= {"topic", "relevance", "date"}
    assert dis[0] == rows[0] and dis[-1] == rows[-1] and dis[1:3] == rows[1:3]


def test_rows_are_the_list_and_not_kept() -> None:
    records = _records()
    lazy = _report(records).disagreements
    streamed = list(lazy.rows(Disagreement))
    assert lazy._items is None  # the JSON writer's pass does not keep ~150k rows
    assert streamed == list(_report(records).disagreements)
    assert lazy == streamed  # made now
    assert list(lazy.rows(Disagreement)) == streamed  # from the made list


def test_values_one_code_joins_are_shown_as_each_coder_stored_them() -> None:
    """A disagreement shows a cell by its code when one stored value has that code; texts one
    normalised form joins ("Kirkuk", "kirkuk ") and dates one day number joins ("2020-05" and
    "2020-05-16") are each shown as stored."""
    same = {"event_type": "attack"}
    records = {
        "ann": [
            rec("a1", [inc(date="2020-09-07", place="Kirkuk", **same)]),
            rec("a2", [inc(date="2020-09-07", place="kirkuk ", **same)]),
            rec("a3", [inc(date="2020-05", place="Daquq", **same)]),
            rec("a4", [inc(date="2020-05-16", place="Daquq", **same)]),
        ],
        "bob": [
            rec("a1", [inc(date="2020-09-07", place="Mosul", **same)]),
            rec("a2", [inc(date="2020-09-07", place="Mosul", **same)]),
            rec("a3", [inc(date="2020-06-10", place="Daquq", **same)]),
            rec("a4", [inc(date="2020-06-10", place="Daquq", **same)]),
        ],
    }
    shown = {
        (d.article, d.field): d.values["ann"]
        for d in _report(records).disagreements.rows(Disagreement)
    }
    place, date = (
        make_codebook().field("incident", "place"),
        make_codebook().field("incident", "date"),
    )
    assert place is not None and date is not None
    assert shown[("a1", "place")] == format_value(place, "Kirkuk")
    assert shown[("a2", "place")] == format_value(place, "kirkuk ")
    assert shown[("a3", "date")] == format_value(date, "2020-05")
    assert shown[("a4", "date")] == format_value(date, "2020-05-16")
    assert shown[("a1", "place")] != shown[("a2", "place")]
    assert shown[("a3", "date")] != shown[("a4", "date")]
