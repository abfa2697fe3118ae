"""Import's parse memo (coder.exchange.parse_memo) and the reader's own lookups in its tables."""

from __future__ import annotations

import pytest

from coder.codebook.model import Choice, Field
from coder.exchange.parse_memo import MISS, ParseMemo

CODES = Field(
    "m", "multi", "incident", "M", choices=(Choice("a", "A"), Choice("b", "B"), Choice(1, "one"))
)
FLAG = Field("f", "boolean", "incident", "F")


def test_a_list_of_texts_is_kept_under_its_tuple_and_never_handed_out_shared() -> None:
    memo = ParseMemo()
    first = memo.parse(CODES, ["a", "b"])
    assert first == ["a", "b"]
    table = memo.texts(CODES)
    assert table.get(("a", "b"), MISS) == ["a", "b"]  # what the importer looks up
    second = memo.parse(CODES, ["a", "b"])
    assert second == first and second is not first and second is not table[("a", "b")]


def test_other_lists_and_booleans_keep_their_own_keys() -> None:
    memo = ParseMemo()
    assert memo.parse(CODES, [1]) == [1]
    table = memo.texts(CODES)
    assert (1,) not in table  # a list of numbers is keyed with its item types
    with pytest.raises(ValueError):
        memo.parse(CODES, [True])  # equal to [1], but no choice
    assert memo.parse(FLAG, True) is True
    assert memo.texts(FLAG).get((bool, True), MISS) is True
    assert memo.texts(FLAG).get(True, MISS) is MISS
