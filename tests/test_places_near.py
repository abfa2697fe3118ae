"""Candidates inside the province and district already chosen in the incident come first."""

from __future__ import annotations

from pathlib import Path

import pytest

from coder.places import Near, PlaceIndex, load_gazetteer
from tests.places_helpers import GAZETTEER

SHERKS = (
    GAZETTEER
    + "IQ-KI-KIR,Kirkuk,,admin2,IQ-KI,,,test\n"  # a district named as its province
    + "IQ-KI-HAW-SHERK,Sherk,,village,IQ-KI-HAW,,,test\n"
    + "IQ-KI-DAQ-SHERK,Sherk,Shirk,village,IQ-KI-DAQ,,,test\n"
    + "IQ-KI-KIR-SHERK,Sherk,,village,IQ-KI-KIR,,,test\n"
    + "IQ-KI-DAQ-SHERKAN,Sherkan,,village,IQ-KI-DAQ,,,test\n"
)
"""Four villages named Sherk: Khanaqin (Diyala), and Hawija, Daquq and Kirkuk (Kirkuk)."""


@pytest.fixture
def index(tmp_path: Path) -> PlaceIndex:
    path = tmp_path / "gazetteer.csv"
    path.write_text(SHERKS, encoding="utf-8")
    gaz = load_gazetteer(path)
    assert gaz.problems == []
    return PlaceIndex(gaz)


def ids(index: PlaceIndex, typed: str, near: Near | None = None) -> list[str]:
    found = index.search(typed) if near is None else index.search(typed, near=near)
    return [m.place.id for m in found]


def test_without_a_province_the_order_is_the_gazetteers(index: PlaceIndex) -> None:
    assert ids(index, "sherk")[:4] == [
        "IQ-DI-KHN-SHERK",
        "IQ-KI-DAQ-SHERK",
        "IQ-KI-HAW-SHERK",
        "IQ-KI-KIR-SHERK",
    ]


@pytest.mark.parametrize("province", ["Kirkuk", "kirkuk", "KERKUK", "IQ-KI"])
def test_places_in_the_chosen_province_come_first(index: PlaceIndex, province: str) -> None:
    # Any spelling of the province (a choice's label or value, an alternate name, its id).
    # The district Kirkuk is not preferred because the province is called Kirkuk too.
    assert ids(index, "sherk", Near(province=(province,)))[:4] == [
        "IQ-KI-DAQ-SHERK",
        "IQ-KI-HAW-SHERK",
        "IQ-KI-KIR-SHERK",
        "IQ-DI-KHN-SHERK",
    ]
    assert ids(index, "sherk", Near(province=("Diyala",)))[0] == "IQ-DI-KHN-SHERK"


def test_the_chosen_district_comes_before_the_rest_of_its_province(index: PlaceIndex) -> None:
    near = Near(province=("Kirkuk",), district=("Hawijah",))
    assert ids(index, "sherk", near)[:4] == [
        "IQ-KI-HAW-SHERK",
        "IQ-KI-DAQ-SHERK",
        "IQ-KI-KIR-SHERK",
        "IQ-DI-KHN-SHERK",
    ]
    # A district alone (no province chosen) is preferred as well.
    assert ids(index, "sherk", Near(district=("Khanaqin",)))[0] == "IQ-DI-KHN-SHERK"
    # Names of no province or district change nothing (e.g. "Unknown").
    assert ids(index, "sherk", Near(province=("Unknown",), district=("",))) == ids(index, "sherk")


def test_the_preference_orders_within_each_kind_of_match(index: PlaceIndex) -> None:
    # Typed in part: the chosen province's Sherks lead the prefix matches.
    assert ids(index, "sher", Near(province=("Diyala",)))[0] == "IQ-DI-KHN-SHERK"
    assert ids(index, "sher", Near(province=("Kirkuk",)))[0] == "IQ-KI-DAQ-SHERK"
    # A name typed in full still lists the places of that name before longer names in the
    # province: Sherk in Diyala before Sherkan in Kirkuk.
    found = ids(index, "sherk", Near(province=("Kirkuk",)))
    assert found.index("IQ-DI-KHN-SHERK") < found.index("IQ-KI-DAQ-SHERKAN")
    # An alternate name of one place only: that place first, though outside the province.
    assert ids(index, "shirk", Near(province=("Diyala",)))[0] == "IQ-KI-DAQ-SHERK"
