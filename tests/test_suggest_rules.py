"""The suggestion rules one at a time (dates, numbers, counts, cues, places), shipped codebook."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from coder.codebook import Codebook, load_codebook
from coder.codebook.cues import compile_cue
from coder.suggest import locate_quote, publication_base, publication_date, sentences, suggest
from coder.suggest.dates import event_dates, header_date
from coder.suggest.numbers import quantities

ROOT = Path(__file__).resolve().parent.parent
MONDAY = date(2020, 9, 7)
FRIDAY = date(2020, 9, 11)


@pytest.fixture(scope="module")
def codebook() -> Codebook:
    return load_codebook(ROOT / "codebook.yaml")


def values(codebook: Codebook, text: str, published: date | str | None = None) -> dict[str, object]:
    return {s.field: s.value for s in suggest(codebook, text, (0, len(text)), published=published)}


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("attacked on Monday", MONDAY, "2020-09-07"),  # published on that weekday: that day
        ("attacked on early Monday", FRIDAY, "2020-09-07"),
        ("late on Thursday night", FRIDAY, "2020-09-10"),
        ("attacked last Monday", MONDAY, "2020-08-31"),
        ("the Monday attack", date(2020, 9, 8), "2020-09-07"),
        ("killed yesterday", MONDAY, "2020-09-06"),
        ("Last night, snipers attacked", MONDAY, "2020-09-06"),
        ("at dawn today [Monday]", MONDAY, "2020-09-07"),
        ("shelled on 7 September", FRIDAY, "2020-09-07"),
        ("shelled on Sept. 7", FRIDAY, "2020-09-07"),
        ("shelled on December 30", date(2021, 1, 2), "2020-12-30"),  # the year before
        ("on October 16, 2017 forces withdrew", None, "2017-10-16"),
    ],
)
def test_dates_resolve_against_the_publication_date(
    text: str, published: date | None, expected: str
) -> None:
    assert {d.isoformat() for d, _, _ in event_dates(text, published)} == {expected}


def test_dates_without_publication_date_or_reported_give_nothing(codebook: Codebook) -> None:
    assert event_dates("attacked on Monday", None) == []
    assert event_dates("snipers attacked, he told Rudaw on Tuesday", FRIDAY) == []
    assert event_dates("the militants may attack again", FRIDAY) == []
    found = values(codebook, "police were attacked on Monday", MONDAY)
    assert found["event_date"] == "2020-09-07" and found["date_precision"] == 1
    # two different days in one quote: no guess
    assert "event_date" not in values(codebook, "On Sunday, they said the Monday attack", FRIDAY)


def test_publication_date_sources() -> None:
    assert header_date("Title\n\n07-09-2020\nLawk Ghafuri\n") == MONDAY
    assert header_date("Title\n2020-09-07\n") == MONDAY
    assert header_date("Title\nSeptember 7, 2020\n") == MONDAY
    assert header_date("Title\nthe 07-09-2020 raid\n") is None
    # the coded article date wins over the article's own date, which wins over the header
    assert publication_date("T\n07-09-2020\n", "2020-09-08", "2020-09-09") == date(2020, 9, 9)
    assert publication_date("T\n07-09-2020\n", "2020-09-08") == date(2020, 9, 8)
    assert publication_date("T\n07-09-2020\n", "", "2020-09") == MONDAY  # partial: not a day


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("at least five", [5]),
        ("two or three", [2]),
        ("2-3", [2]),
        ("a dozen", [12]),
        ("twenty-one", [21]),
        ("several", [None]),
        ("dozens", [None]),
        ("more than 40", [None]),
        ("about 20", [None]),
        ("in 2017", []),
        ("40 kilometers", []),
    ],
)
def test_numbers_follow_the_lowest_figure_rule(text: str, expected: list[int | None]) -> None:
    assert [q.value for q in quantities(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("killing two members and injuring two more", {"fatalities": 2, "injured": 2}),
        ("at least seven civilians were killed in two separate car bombings", {"fatalities": 7}),
        ("Two other ISIS militants were detained", {"arrested": 2}),
        ("kidnapped two Kurdish men", {"kidnapped": 2}),
        ("two or three soldiers were killed", {"fatalities": 2}),
        ("a dozen people were wounded", {"injured": 12}),
        ("several soldiers were killed", {}),
        ("dozens were injured", {}),
        ("There are no reports of casualties.", {"fatalities": 0, "injured": 0}),
        ("rescued two individuals who were recently kidnapped", {}),
        ("five mortar shells hit houses", {}),
    ],
)
def test_counts_go_to_the_field_of_their_cue(
    codebook: Codebook, text: str, expected: dict[str, int]
) -> None:
    counts = ("fatalities", "injured", "kidnapped", "arrested")
    found = {k: v for k, v in values(codebook, text).items() if k in counts}
    assert found == expected


def test_cue_forms() -> None:
    assert compile_cue("mortar*").search("fired mortars at")
    assert not compile_cue("mortar*").search("immortal")
    assert compile_cue("Counter Terrorism").search("the Counter-Terrorism forces")
    gap = compile_cue("ISIS|Daesh ... attacked")
    assert gap.search("Daesh snipers attacked a base")
    assert not gap.search("ISIS was blamed. Gunmen attacked")  # not across a sentence
    assert not gap.search("ISIS militants were, later, attacked")  # nor a comma
    assert compile_cue("re:(?<!not )claimed responsibility").search("ISIS claimed responsibility")
    assert not compile_cue("re:(?<!not )claimed responsibility").search(
        "has not claimed responsibility"
    )


def test_choices_single_multi_and_ties(codebook: Codebook) -> None:
    found = values(codebook, "Daesh snipers attacked an Iraqi army base")
    assert found["perpetrator"] == "isis"
    assert found["target_types"] == ["military"]
    assert found["weapons"] == ["firearms"]
    # several perpetrators match and the field has no cue_ties: nothing
    both = values(codebook, "ISIS militants attacked a post, and the army raided the village")
    assert "perpetrator" not in both
    # cue_ties: first (GTD hierarchy): kidnapping (6) before facility attack (7)
    tied = values(codebook, "ISIS militants kidnapped two men and stole equipment")
    assert tied["attack_type"] == 6
    assert tied["event_type"] == "violence_against_civilians"
    assert tied["sub_event_type"] == "abduction"  # looting belongs to another event type
    # a field whose when: does not hold gets nothing (attack type under state forces)
    state = values(codebook, "the Iraqi army detained two militants, by the army")
    assert state["perpetrator"] == "state_forces" and "attack_type" not in state


def test_places_most_specific_and_not_a_direction(codebook: Codebook) -> None:
    found = values(codebook, "mortar shells at the village of Topzawa in Daquq, south of Kirkuk")
    assert (found["place"], found["province"], found["geo_precision"]) == (
        "IQ-KI-DAQ-TOPZAWA",
        "kirkuk",
        1,
    )
    assert "place" not in values(
        codebook, "an outpost outside a village south of the city of Kirkuk"
    )
    district = values(codebook, "kidnapped two men from a village in Daquq")
    assert (district["place"], district["geo_precision"]) == ("IQ-KI-DAQ", 2)
    town = values(codebook, "in the southern Kirkuk province town of Daquq")
    assert town["place"] == "IQ-KI-DAQ-DAQUQ"
    near = values(codebook, "assaulted an outpost located outside the Ali Sarai village")
    assert (near["place"], near["geo_precision"]) == ("IQ-KI-DAQ-ALISARAI", 2)
    assert "place" not in values(codebook, "ERBIL, Kurdistan Region – gunmen attacked")


def test_offsets_point_at_the_article_words(codebook: Codebook) -> None:
    text = "Title\n\nGunmen  killed “two” men\nin Daquq on Monday."
    span = locate_quote('Gunmen killed "two" men in Daquq on Monday.', text)
    assert span is not None and text[span[0] : span[1]].startswith("Gunmen")
    for s in suggest(codebook, text, span, published=MONDAY):
        assert text[s.start : s.end] == s.text
    assert locate_quote("Gunmen killed three men", text) is None
    three = "One. Two on Sept. 7 here.\nThree"
    assert [three[a:b] for a, b in sentences(three)] == [
        "One.",
        "Two on Sept. 7 here.",
        "Three",
    ]


def test_choice_cues_read_the_main_clause_only(codebook: Codebook) -> None:
    killing = (
        "Federal police were accused of killing nine members of the same family in the Daquq "
        "area after militants shelled another village in the area."
    )
    found = values(codebook, killing)
    assert "event_type" not in found and "weapons" not in found  # the shelling is another act
    assert found["fatalities"] == 9 and found["place"] == "IQ-KI-DAQ"  # counts and places: all
    rescue = values(codebook, "police rescued two individuals who were recently kidnapped")
    assert "sub_event_type" not in rescue and "event_type" not in rescue


def test_a_partial_publication_date_is_the_base(codebook: Codebook) -> None:
    found = values(codebook, "police were attacked on Monday", "2018")
    assert (found["event_date"], found["date_precision"]) == ("2018", 3)
    month = values(codebook, "gunmen raided the village", "2018-03")
    assert (month["event_date"], month["date_precision"]) == ("2018-03", 3)
    # a day of a month without its year could be the year before: nothing
    assert "event_date" not in values(codebook, "shelled on 7 September", "2018")
    dated = values(codebook, "shelled on 7 September 2017", "2018")
    assert (dated["event_date"], dated["date_precision"]) == ("2017-09-07", 1)
    assert publication_base("no date here", "", "2018") == "2018"
    assert publication_base("no date here", "", "2018-13") is None
    assert publication_base("07-09-2020\nText", "", "2018") == date(2020, 9, 7)  # a day first


LEAD = (
    "A group of Islamic State members attacked an Iraqi federal police outpost outside a village "
    "south of the city of Kirkuk on early Monday, killing two members."
)
RETOLD = "Islamic State members assaulted an outpost located outside the Ali Sarai village."


def test_a_place_from_the_sentence_that_retells_the_event(codebook: Codebook) -> None:
    text = f"{LEAD} {RETOLD} Later, officials met in Baghdad."
    span = locate_quote(LEAD, text)
    assert span is not None
    found = {s.field: s for s in suggest(codebook, text, span)}
    assert (found["place"].value, found["geo_precision"].value) == ("IQ-KI-DAQ-ALISARAI", 2)
    assert found["place"].text == "Ali Sarai" and found["place"].start > span[1]
    # part of a sentence: the rest of it counts
    part = locate_quote("killing two members", text)
    assert part is not None
    assert {s.field: s.value for s in suggest(codebook, text, part)}["place"] == (
        "IQ-KI-DAQ-ALISARAI"
    )
    # a next sentence about something else is not read
    other = f"{LEAD} Residents of Ali Sarai met the governor."
    span = locate_quote(LEAD, other)
    assert span is not None and "place" not in {s.field for s in suggest(codebook, other, span)}
    # nor one whose place lies outside the province the quote points at
    away = f"{LEAD} {RETOLD.replace('the Ali Sarai village', 'the town of Fallujah')}"
    span = locate_quote(LEAD, away)
    assert span is not None and "place" not in {s.field for s in suggest(codebook, away, span)}
