"""The report's disagreement list is made when first read (`results.Disagreements`): its count
is known at once and must be the number of rows made; made or streamed, the rows are the same,
and the rows the JSON writer makes (`rows`) are not kept."""

from __future__ import annotations

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
