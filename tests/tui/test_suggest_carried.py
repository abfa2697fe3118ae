"""Suggestions over carried values, and a partial publication date as the base of event dates.

Sample 003 has two incidents at different places: the second starts with the first one's place
(the shipped codebook carries it), and its evidence names Zghitoun valley. The suggestion is
shown under the carried value and F6 takes it; a value the coder typed is never replaced."""

from __future__ import annotations

from coder.project import Project

from .conftest import records_on_disk
from .helpers import coding, focus, press, screen_of, settle, type_text, wait_for, widget
from .test_coding_session import select_in_article
from .test_suggestions import form_of, suggestion_line

ARTICLE = "003_ce92296724338f32"
FIRST = "A group of Islamic State members attacked an Iraqi federal police outpost"
SECOND = "On Sunday, the federal police announced they had rescued two individuals"
ALI_SARAI, ZGHITOUN = "IQ-KI-DAQ-ALISARAI", "IQ-KI-ZGHITOUN"


async def open_003(app, pilot) -> None:  # type: ignore[no-untyped-def]
    session = screen_of(app).session
    while session.article.id != ARTICLE:
        await press(pilot, "ctrl+pagedown")
        await settle(pilot)


async def quote_first(app, pilot, passage: str) -> None:  # type: ignore[no-untyped-def]
    """The passage selected in the article and ctrl+n: a new incident quoting it."""
    widget(app, "#article-text").focus()
    await settle(pilot)
    select_in_article(app, passage)
    await press(pilot, "full_stop")  # to the end of the sentence, as a coder does
    await press(pilot, "ctrl+n")
    await settle(pilot)


async def test_f6_replaces_a_carried_place_with_the_suggested_one(
    shipped_project: Project,
) -> None:
    async with coding(shipped_project) as (app, pilot):
        await open_003(app, pilot)
        await quote_first(app, pilot, FIRST)
        # the quote names no place (only "south of the city of Kirkuk"): the next sentence,
        # which tells the same attack again, names Ali Sarai
        await wait_for(pilot, lambda: suggestion_line(app, "place") is not None)
        assert "outside the quote" in (suggestion_line(app, "place") or "")
        await press(pilot, "f6")
        await settle(pilot)
        assert form_of(app).collect()[0]["place"] == ALI_SARAI
        await quote_first(app, pilot, SECOND)
        values = form_of(app).collect()[0]
        assert values["place"] == ALI_SARAI  # carried from incident 1
        line = suggestion_line(app, "place") or ""
        assert "Zghitoun" in line and "replaces the carried value" in line
        assert suggestion_line(app, "province") is None  # carried and suggested agree
        await press(pilot, "f6")
        await settle(pilot)
        values = form_of(app).collect()[0]
        assert values["place"] == ZGHITOUN and values["geo_precision"] == 1
        assert suggestion_line(app, "place") is None
        await press(pilot, "ctrl+s")
        await settle(pilot)
        second = records_on_disk(shipped_project, "ana")[ARTICLE]["incidents"][1]
        assert second["values"]["place"] == ZGHITOUN
        assert {"place", "geo_precision"} <= set(second["suggested"])
        assert "province" not in second.get("suggested", [])  # carried, not accepted
        await pilot.press("ctrl+q")


async def test_a_carried_value_the_coder_changed_is_theirs(shipped_project: Project) -> None:
    async with coding(shipped_project) as (app, pilot):
        await open_003(app, pilot)
        await quote_first(app, pilot, FIRST)
        await press(pilot, "f6")
        await settle(pilot)
        await quote_first(app, pilot, SECOND)
        await wait_for(pilot, lambda: suggestion_line(app, "geo_precision") is not None)
        await focus(pilot, app, "#incident-form--geo_precision")
        await press(pilot, "3")  # the coder's own precision over the carried 2
        await settle(pilot)
        assert suggestion_line(app, "geo_precision") is None
        await press(pilot, "f6")
        await settle(pilot)
        values = form_of(app).collect()[0]
        assert values["place"] == ZGHITOUN  # still carried: replaced
        assert values["geo_precision"] == 3  # typed: kept
        await pilot.press("ctrl+q")


async def test_a_partial_publication_date_dates_the_incidents(shipped_project: Project) -> None:
    async with coding(shipped_project) as (app, pilot):
        await open_003(app, pilot)
        await focus(pilot, app, "#article-form--article_date")
        await type_text(pilot, "2018")  # the article shows no date: the year the text allows
        await settle(pilot)
        await quote_first(app, pilot, FIRST)
        await wait_for(pilot, lambda: suggestion_line(app, "event_date") is not None)
        line = suggestion_line(app, "event_date") or ""
        assert line.startswith("◇ 2018") and "publication date coded above" in line
        assert (suggestion_line(app, "date_precision") or "").startswith("◇ Month or year only")
        await press(pilot, "f6")
        await settle(pilot)
        values = form_of(app).collect()[0]
        assert values["event_date"] == "2018" and values["date_precision"] == 3
        await pilot.press("ctrl+q")


async def test_undoing_f6_brings_the_carried_value_back_as_carried(
    shipped_project: Project,
) -> None:
    """ctrl+z after F6 replaced a carried place: the place is the carried one again, and still
    marked as carried (its suggestion offered again), not taken for the coder's own value."""
    async with coding(shipped_project) as (app, pilot):
        await open_003(app, pilot)
        await quote_first(app, pilot, FIRST)
        await press(pilot, "f6")
        await settle(pilot)
        await quote_first(app, pilot, SECOND)
        await wait_for(
            pilot, lambda: "replaces the carried" in (suggestion_line(app, "place") or "")
        )
        await press(pilot, "f6")
        await settle(pilot)
        assert form_of(app).collect()[0]["place"] == ZGHITOUN
        await press(pilot, "ctrl+z")  # one key takes back everything F6 took
        await wait_for(pilot, lambda: form_of(app).collect()[0]["place"] == ALI_SARAI)
        values = form_of(app).collect()[0]
        assert values["geo_precision"] == 2 and "perpetrator" not in values
        await wait_for(
            pilot, lambda: "replaces the carried" in (suggestion_line(app, "place") or "")
        )
        await press(pilot, "f6")
        await settle(pilot)
        assert form_of(app).collect()[0]["place"] == ZGHITOUN
        await pilot.press("ctrl+q")
