"""The gazetteer on disk: loading and its errors, type-ahead, resolution, coder-added places."""

from __future__ import annotations

from pathlib import Path

import pytest

from coder.codebook.values import check_value, parse_value
from coder.places import (
    GazetteerError,
    PlaceIndex,
    gazetteer_for,
    index_for,
    load_gazetteer,
    resolve,
)
from coder.places.added import PlaceAddError, add_place, added_path
from coder.places.check import check_gazetteers
from tests.places_helpers import GAZETTEER, make_place_project

HEADER = "id,name,alt_names,kind,parent,latitude,longitude,source\n"
REPO = Path(__file__).resolve().parent.parent


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "gazetteer.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_loads_hierarchy_coordinates_and_comment_lines(tmp_path: Path) -> None:
    gaz = load_gazetteer(write(tmp_path, GAZETTEER))
    assert gaz.problems == []
    assert len(gaz) == 9
    assert gaz.hierarchy("IQ-KI-DAQ") == "Daquq · district · Kirkuk"
    assert gaz.hierarchy("IQ-KI-DAQ-TOPZAWA") == "Topzawa · village · Daquq · Kirkuk"
    assert gaz.get("IQ-KI-DAQ") is not None and gaz.get("IQ-KI-DAQ").line == 5  # type: ignore[union-attr]


def test_village_without_point_takes_its_districts_with_precision_2(tmp_path: Path) -> None:
    gaz = load_gazetteer(write(tmp_path, GAZETTEER))
    topzawa = gaz.locate("IQ-KI-DAQ-TOPZAWA")
    assert topzawa is not None
    assert (topzawa.latitude, topzawa.longitude, topzawa.precision) == (35.13923, 44.44907, 2)
    assert topzawa.admin1 is not None and topzawa.admin1.id == "IQ-KI"
    assert topzawa.admin2 is not None and topzawa.admin2.id == "IQ-KI-DAQ"
    town = gaz.locate("IQ-DI-KHN-JALAWLA")
    assert town is not None and (town.latitude, town.precision) == (34.2723, 1)
    province = gaz.locate("IQ-DI")
    assert province is not None and province.precision == 3 and province.admin2 is None


def test_every_problem_is_reported_with_file_and_line(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEADER
        + "A,Alpha,,admin1,,,,\n"  # 2
        + "A,Again,,admin1,,,,\n"  # 3 duplicate id
        + "B,Beta,,admin2,NOPE,,,\n"  # 4 unknown parent
        + "C,Gamma,,town,D,,,\n"  # 5 cycle C -> D -> C
        + "D,Delta,,town,C,,,\n"  # 6
        + "E,Eps,,town,A,95.0,44,\n"  # 7 latitude out of range
        + "F,Phi,,hamlet,A,,,\n"  # 8 unknown kind
        + "G,,,town,A,35,,\n"  # 9 no name
        + "H,Eta,,town,A,35,,\n",  # 10 latitude without longitude
    )
    gaz = load_gazetteer(path)
    text = "\n".join(gaz.problems)
    assert f"{path}:3: id 'A' is already used on {path}:2" in text
    assert f"{path}:4: B: parent 'NOPE' is not an id" in text
    assert f"{path}:5: C: parents form a cycle: C -> D -> C" in text
    assert f"{path}:7: E: latitude 95.0 is out of range (-90 to 90)" in text
    assert f"{path}:8: F: kind 'hamlet' is not one of admin1, admin2, town, village, site" in text
    assert f"{path}:9: G: name is empty" in text
    assert f"{path}:10: H: give both latitude and longitude, or neither" in text


def test_unreadable_files_are_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(GazetteerError, match="no such file"):
        load_gazetteer(tmp_path / "missing.csv")
    with pytest.raises(GazetteerError, match="missing column"):
        load_gazetteer(write(tmp_path, "id,label\nA,B\n"))
    (tmp_path / "latin1.csv").write_bytes(
        HEADER.encode() + "A,K\xf6y,,admin1,,,,\n".encode("latin-1")
    )
    with pytest.raises(GazetteerError, match="not UTF-8"):
        load_gazetteer(tmp_path / "latin1.csv")


def test_check_reports_problems_for_coder_check(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "A,Alpha,,admin1,,,,\nB,Beta,,admin2,X,,,\n")
    found = check_gazetteers([path], {path: ["place"]})
    assert found == [(path, 3, "error", "B: parent 'X' is not an id")]
    missing = tmp_path / "none.csv"
    (kind,) = check_gazetteers([missing], {missing: ["place"]})
    assert kind[2] == "error" and "no gazetteer for place field(s) place" in kind[3]


@pytest.fixture
def index(tmp_path: Path) -> PlaceIndex:
    return PlaceIndex(load_gazetteer(write(tmp_path, GAZETTEER)))


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("daq", "IQ-KI-DAQ"),  # prefix
        ("DAQOUQ", "IQ-KI-DAQ"),  # alternate name, any case
        ("Dāqūq", "IQ-KI-DAQ"),  # accents
        ("daquk", "IQ-KI-DAQ"),  # misspelt
        ("jalula", "IQ-DI-KHN-JALAWLA"),  # alternate transliteration
        ("jalwla", "IQ-DI-KHN-JALAWLA"),  # misspelt
        ("sarai", "IQ-KI-DAQ-ALISARAI"),  # a later word of the name
        ("top zawa", "IQ-KI-DAQ-TOPZAWA"),
        ("كركوك", "IQ-KI"),  # Arabic script
    ],
)
def test_type_ahead_finds_alternate_spellings(index: PlaceIndex, typed: str, expected: str) -> None:
    found = index.search(typed)
    assert found and found[0].place.id == expected, [m.place.id for m in found]


def test_type_ahead_ranks_bigger_places_first_and_says_what_matched(index: PlaceIndex) -> None:
    found = index.search("k")
    assert [m.place.id for m in found][:2] == ["IQ-KI", "IQ-DI-KHN"]
    (daq,) = [m for m in index.search("daqooq") if m.place.id == "IQ-KI-DAQ"]
    assert daq.name == "Daqooq" and daq.how == "exact"
    assert index.search("zzzz") == [] and index.search("  ") == []


def test_resolve_ids_names_ambiguity_and_unknown(tmp_path: Path) -> None:
    text = GAZETTEER + "IQ-KI-HAW-DAQUQ,Daquq,,village,IQ-KI-HAW,,,test\n"
    index = PlaceIndex(load_gazetteer(write(tmp_path, text)))
    assert resolve(index, "IQ-KI-DAQ-TOPZAWA") == "IQ-KI-DAQ-TOPZAWA"
    assert resolve(index, "tobzawa") == "IQ-KI-DAQ-TOPZAWA"
    with pytest.raises(ValueError, match="names 2 places") as ambiguous:
        resolve(index, "daquq")
    assert "IQ-KI-DAQ = Daquq · district · Kirkuk" in str(ambiguous.value)
    assert "IQ-KI-HAW-DAQUQ = Daquq · village · Hawija · Kirkuk" in str(ambiguous.value)
    with pytest.raises(ValueError, match=r"closest: Topzawa \(IQ-KI-DAQ-TOPZAWA\)"):
        resolve(index, "Topzawwa")


def test_place_values_through_the_codebook(tmp_path: Path) -> None:
    project = make_place_project(tmp_path / "p")
    field = project.load_codebook().field("incident", "place")
    assert field is not None and field.gazetteer == project.root / "gazetteer.csv"
    assert parse_value(field, " Jalula ") == "IQ-DI-KHN-JALAWLA"
    assert check_value(field, "IQ-DI-KHN-JALAWLA") is None
    assert "is not in gazetteer.csv or places_added.csv" in (check_value(field, "IQ-XX") or "")
    with pytest.raises(ValueError, match="not a place id or name"):
        parse_value(field, "Atlantis")


def test_a_coder_adds_a_place_under_a_known_parent(tmp_path: Path) -> None:
    project = make_place_project(tmp_path / "p")
    path = project.root / "gazetteer.csv"
    gaz = gazetteer_for(path)
    place = add_place(gaz, "Kani  Masi", "village", "IQ-DI-KHN", "ana")
    assert place.id == "IQ-DI-KHN-KANIMASI" and place.name == "Kani Masi" and place.added
    rows = added_path(path).read_text(encoding="utf-8").splitlines()
    assert rows[0] == "id,name,alt_names,kind,parent,latitude,longitude,source,coder,added"
    assert rows[1].startswith("IQ-DI-KHN-KANIMASI,Kani Masi,,village,IQ-DI-KHN,,,added by ana,ana,")
    # The cached gazetteer sees the new file at once: the value is valid, with its parent's point.
    again = gazetteer_for(path)
    assert "IQ-DI-KHN-KANIMASI" in again
    where = again.locate("IQ-DI-KHN-KANIMASI")
    assert where is not None and where.precision == 2 and where.latitude == 34.3482
    assert index_for(path).search("kani masi")[0].place.id == "IQ-DI-KHN-KANIMASI"
    # A second coder adding the same village under the same parent gets the same place.
    assert add_place(again, "kani masi", "village", "IQ-DI-KHN", "ben").id == place.id
    assert len(added_path(path).read_text(encoding="utf-8").splitlines()) == 2
    # Same name elsewhere: another id.
    assert add_place(again, "Kani Masi", "village", "IQ-KI-DAQ", "ben").id == "IQ-KI-DAQ-KANIMASI"
    # An existing place is returned rather than duplicated.
    assert add_place(gazetteer_for(path), "Tobzawa", "village", "IQ-KI-DAQ", "ana").id == (
        "IQ-KI-DAQ-TOPZAWA"
    )


def test_adding_a_place_refuses_unknown_parents_and_kinds(tmp_path: Path) -> None:
    gaz = gazetteer_for(make_place_project(tmp_path / "p").root / "gazetteer.csv")
    with pytest.raises(PlaceAddError, match="not in the gazetteer"):
        add_place(gaz, "X", "village", "IQ-NOPE", "ana")
    with pytest.raises(PlaceAddError, match="can add a village, town, site"):
        add_place(gaz, "X", "admin2", "IQ-KI", "ana")
    with pytest.raises(PlaceAddError, match="needs a name"):
        add_place(gaz, "  ", "village", "IQ-KI", "ana")


def test_shipped_gazetteer_is_clean_and_has_the_samples_places() -> None:
    gaz = load_gazetteer(REPO / "gazetteer.csv")
    assert gaz.problems == []
    for pid in ("IQ-KI-DAQ-TOPZAWA", "IQ-KI-DAQ-ALISARAI", "IQ-DI-KHN-SHERK", "IQ-DI-KHN-JALAWLA"):
        assert pid in gaz
    index = PlaceIndex(gaz)
    assert index.search("Daqouq")[0].place.id == "IQ-KI-DAQ"
    assert "GeoNames" in (REPO / "gazetteer.csv").read_text(encoding="utf-8").splitlines()[0]


def test_added_rows_of_merged_or_twice_added_places_are_no_problem(tmp_path: Path) -> None:
    """A team's places_added.csv (merged by git's union driver) may hold a row the lead already
    merged into the gazetteer, and one village two coders added: both are the same place, not
    a clash; two different places under one id still are."""
    from coder.places.merge import merge_added

    make_place_project(tmp_path)
    gazetteer = tmp_path / "gazetteer.csv"
    added = added_path(gazetteer)
    added.write_text(
        "id,name,alt_names,kind,parent,latitude,longitude,source,coder,added\n"
        "IQ-KI-DAQ-TOPZAWA,Topzawa,,village,IQ-KI-DAQ,,,added by ann,ann,2024-01-01\n"
        "IQ-KI-DAQ-KANIMASI,Kani Masi,,village,IQ-KI-DAQ,,,added by ann,ann,2024-01-01\n"
        "IQ-KI-DAQ-KANIMASI,Kani Masi,,village,IQ-KI-DAQ,,,added by bob,bob,2024-01-02\n",
        encoding="utf-8",
    )
    gaz = load_gazetteer(gazetteer, added)
    assert gaz.problems == []
    assert [p.id for p in gaz.places.values() if p.added] == ["IQ-KI-DAQ-KANIMASI"]
    assert not gaz.places["IQ-KI-DAQ-TOPZAWA"].added
    summary = merge_added(gazetteer)
    assert (summary.merged, summary.kept, summary.dropped) == (["IQ-KI-DAQ-KANIMASI"], 0, 2)
    assert gazetteer.read_text(encoding="utf-8").count("IQ-KI-DAQ-KANIMASI,") == 1
    with added.open("a", encoding="utf-8") as out:
        out.write(
            "IQ-KI-DAQ-X,Kani,,village,IQ-KI-DAQ,,,,ann,\nIQ-KI-DAQ-X,Kana,,village,IQ-KI-DAQ,,,,bob,\n"
        )
    assert any("already used" in p for p in load_gazetteer(gazetteer, added).problems)


def test_merge_holds_the_added_places_lock_from_read_to_write(tmp_path: Path) -> None:
    """A reviewer's find: merge read places_added.csv and wrote it back without the lock the
    form's add and sync's union merge take, so a row written in between was lost. While another
    holds the lock, merge waits, and then merges the row written meanwhile too."""
    import threading

    from coder.places.added import locked
    from coder.places.merge import merge_added

    make_place_project(tmp_path)
    gazetteer = tmp_path / "gazetteer.csv"
    added = added_path(gazetteer)
    header = "id,name,alt_names,kind,parent,latitude,longitude,source,coder,added\n"
    added.write_text(
        header + "IQ-KI-DAQ-KANIMASI,Kani Masi,,village,IQ-KI-DAQ,,,added by ann,ann,2024-01-01\n",
        encoding="utf-8",
    )
    done = threading.Event()
    with locked(added):
        worker = threading.Thread(target=lambda: (merge_added(gazetteer), done.set()))
        worker.start()
        # (merge must still be waiting for the lock: a weaker check on a slow machine, never
        # a false failure)
        assert not done.wait(0.3)
        with added.open("a", encoding="utf-8") as out:  # what the form adds meanwhile
            out.write("IQ-KI-DAQ-ZARGA,Zarga,,village,IQ-KI-DAQ,,,added by bob,bob,2024-01-02\n")
    worker.join()
    assert done.is_set()
    merged = gazetteer.read_text(encoding="utf-8")  # read after the lock: both rows
    assert "IQ-KI-DAQ-KANIMASI," in merged and "IQ-KI-DAQ-ZARGA," in merged
