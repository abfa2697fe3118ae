"""Suggestions in the coding form: shown under empty fields once the evidence is set, not a
value until accepted (ctrl+g one, F6 all), overridden by typing; accepted values are marked in
the database file."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from coder.project import Project
from coder.tui.article.text import SUGGEST_HIGHLIGHT, ArticleText
from coder.tui.form import CodebookForm

from .conftest import records_on_disk
from .helpers import coding, focus, press, settle, type_text, wait_for, widget
from .test_coding_session import select_in_article

QUOTE = (
    "Islamic State (ISIS) remnants fired at least five mortar shells at the village of Topzawa in "
    "Daquq, an area south of Kirkuk, on Thursday night, and attempted an armed ground assault, "
    "according to local sources."
)


def form_of(app) -> CodebookForm:  # type: ignore[no-untyped-def]
    form = widget(app, "#incident-form")
    assert isinstance(form, CodebookForm)
    return form


def suggestion_line(app, name: str) -> str | None:  # type: ignore[no-untyped-def]
    row = form_of(app).rows[name]
    hint = row.query_one(".field-suggestion", Static)
    return str(hint.render()) if hint.has_class("-shown") else None


def incident_on_disk(project: Project) -> dict:  # type: ignore[type-arg]
    doc = records_on_disk(project, "ana")["000_a9317a16385be697"]
    return doc["incidents"][0]  # type: ignore[no-any-return]


async def test_evidence_brings_suggestions_and_f6_accepts_all(shipped_project: Project) -> None:
    async with coding(shipped_project) as (app, pilot):
        widget(app, "#article-text").focus()
        select_in_article(app, QUOTE)
        await press(pilot, "ctrl+e")
        await wait_for(pilot, lambda: suggestion_line(app, "place") is not None)
        await settle(pilot)
        assert "Topzawa" in (suggestion_line(app, "place") or "")
        assert (suggestion_line(app, "perpetrator") or "").startswith("◇ ISIS")
        assert "from “at least five mortar" not in (suggestion_line(app, "fatalities") or "")
        # not a value yet: the form and the session hold none
        values, _ = form_of(app).collect()
        assert "place" not in values and "perpetrator" not in values
        text = widget(app, "#article-text")
        assert isinstance(text, ArticleText)
        assert any(
            name == SUGGEST_HIGHLIGHT for spans in text._highlights.values() for *_, name in spans
        )
        await press(pilot, "f6")
        await settle(pilot)
        values, _ = form_of(app).collect()
        assert values["place"] == "IQ-KI-DAQ-TOPZAWA" and values["perpetrator"] == "isis"
        assert values["sub_event_type"] == "shelling_artillery"  # after its event type
        assert suggestion_line(app, "place") is None  # a filled field shows no suggestion
        await press(pilot, "ctrl+s")
        await settle(pilot)
        inc = incident_on_disk(shipped_project)
        assert inc["values"]["province"] == "kirkuk"
        assert inc["as_coded"] == {"place": "Topzawa"}  # the name in the article, as a pick has
        assert inc["values"]["weapons"] == ["firearms", "mortar_artillery"]
        assert set(inc["suggested"]) >= {"place", "province", "perpetrator", "weapons"}
        assert "evidence" not in inc["suggested"]
        # the notice counts what the incident holds as suggested, as the export will
        said = [str(n.message) for n in app._notifications if "suggested value" in str(n.message)]
        assert said == [f"Accepted {len(inc['suggested'])} suggested value(s); check them."], said
        await pilot.press("ctrl+q")


async def test_ctrl_g_accepts_one_and_typing_overrides(shipped_project: Project) -> None:
    async with coding(shipped_project) as (app, pilot):
        widget(app, "#article-text").focus()
        select_in_article(app, QUOTE)
        await press(pilot, "ctrl+e")
        await wait_for(pilot, lambda: suggestion_line(app, "source_type") is not None)
        await focus(pilot, app, "#incident-form--source_type")
        await press(pilot, "ctrl+g")
        await settle(pilot)
        assert form_of(app).collect()[0]["source_type"] == "local_source"
        # a field the coder fills differs from its suggestion: typed, not suggested
        await focus(pilot, app, "#incident-form--event_date")
        await type_text(pilot, "2019")
        await settle(pilot)
        await press(pilot, "ctrl+s")
        await settle(pilot)
        inc = incident_on_disk(shipped_project)
        assert inc["values"]["source_type"] == "local_source"
        assert inc["values"]["event_date"] == "2019"
        assert inc["suggested"] == ["source_type"]
        assert "place" not in inc["values"]  # never accepted: not a value
        # accepting then typing over it: the value is the coder's own
        await focus(pilot, app, "#incident-form--fatalities")
        assert suggestion_line(app, "fatalities") is None  # nothing proposed from this quote
        await focus(pilot, app, "#incident-form--perpetrator")
        await press(pilot, "ctrl+g")
        await settle(pilot)
        await press(pilot, "ctrl+s")
        await settle(pilot)
        assert set(incident_on_disk(shipped_project)["suggested"]) == {"perpetrator", "source_type"}
        await press(pilot, "up")  # the coder picks another perpetrator
        await settle(pilot)
        await press(pilot, "ctrl+s")
        await settle(pilot)
        inc = incident_on_disk(shipped_project)
        assert inc["values"]["perpetrator"] != "isis"
        assert inc["suggested"] == ["source_type"]
        await pilot.press("ctrl+q")


async def test_suggestions_off_in_the_codebook(shipped_project: Project) -> None:
    path = Path(shipped_project.codebook_path)
    path.write_text("suggestions: false\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    async with coding(Project.locate(shipped_project.root)) as (app, pilot):
        widget(app, "#article-text").focus()
        select_in_article(app, QUOTE)
        await press(pilot, "ctrl+e")
        await settle(pilot)
        assert form_of(app).collect()[0]["evidence"]
        assert all(suggestion_line(app, n) is None for n in form_of(app).rows)
        await press(pilot, "f6")
        await settle(pilot)
        assert "place" not in form_of(app).collect()[0]
        await pilot.press("ctrl+q")


async def test_a_coded_publication_date_resolves_the_weekday(shipped_project: Project) -> None:
    async with coding(shipped_project) as (app, pilot):
        widget(app, "#article-text").focus()
        select_in_article(app, QUOTE)
        await press(pilot, "ctrl+e")
        await wait_for(pilot, lambda: suggestion_line(app, "place") is not None)
        assert suggestion_line(app, "event_date") is None  # no publication date yet
        await focus(pilot, app, "#article-form--article_date")
        await type_text(pilot, "2019-08-09")  # a Friday: "on Thursday night" is the 8th
        await wait_for(pilot, lambda: suggestion_line(app, "event_date") is not None)
        assert (suggestion_line(app, "event_date") or "").startswith("◇ 2019-08-08")
        assert (suggestion_line(app, "date_precision") or "").startswith("◇ Exact day")
        await focus(pilot, app, "#incident-form--event_date")
        await press(pilot, "ctrl+g")
        await settle(pilot)
        assert form_of(app).collect()[0]["event_date"] == "2019-08-08"


async def test_f7_moves_past_filled_fields(shipped_project: Project) -> None:
    async with coding(shipped_project) as (app, pilot):
        widget(app, "#article-text").focus()
        select_in_article(app, QUOTE)
        await press(pilot, "ctrl+e")
        await wait_for(pilot, lambda: suggestion_line(app, "place") is not None)
        await press(pilot, "f6")
        await settle(pilot)
        assert app.focused is widget(app, "#incident-form--event_date")  # the first empty one
        await type_text(pilot, "2019")
        await press(pilot, "f7")
        await settle(pilot)
        assert app.focused is widget(app, "#incident-form--date_precision")
        await press(pilot, "3", "f7")
        await settle(pilot)
        # province, place, precision, event and sub-event type, perpetrator were accepted
        assert app.focused is widget(app, "#incident-form--perpetrator_name")


async def test_f6_keeps_a_place_name_broken_across_lines_on_one_line(tmp_path: Path) -> None:
    """A reviewer's find: the place matched across a hard line break ("Ali\\nSarai"), F6 stored
    that as the name the place was taken by, and the store refused every save of the article
    (an as_coded name must be one line)."""
    from textual.widgets.text_area import Selection

    from tests.conftest import REPO, write_project

    text = (
        "Mortar attack in Daquq\n\n"
        "ISIS remnants fired mortar shells at the village of Ali\n"
        "Sarai in Daquq on Thursday night, according to local sources.\n"
    )
    project = write_project(
        tmp_path / "p",
        REPO / "codebook.yaml",
        articles={"a1": text},
        gazetteer=REPO / "gazetteer.csv",
    )
    async with coding(project) as (app, pilot):
        area = widget(app, "#article-text")
        assert isinstance(area, ArticleText)
        area.focus()
        lines = area.document.lines
        first = next(i for i, line in enumerate(lines) if line.startswith("ISIS remnants"))
        area.selection = Selection((first, 0), (first + 1, len(lines[first + 1])))
        await press(pilot, "ctrl+e")
        await wait_for(pilot, lambda: suggestion_line(app, "place") is not None)
        await settle(pilot)
        await press(pilot, "f6")
        await settle(pilot)
        await press(pilot, "ctrl+s")
        await app.workers.wait_for_complete()
        said = [str(n.message) for n in app._notifications]
        await pilot.press("ctrl+q")
    (incident,) = records_on_disk(project, "ana")["a1"]["incidents"]
    assert incident["values"]["place"] == "IQ-KI-DAQ-ALISARAI", said
    assert incident["as_coded"] == {"place": "Ali Sarai"}
