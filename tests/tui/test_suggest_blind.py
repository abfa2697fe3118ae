"""A blind reliability subsample: suggestions hidden on the overlap articles of a real plan
(`coder assign`) and for a named coder, shown elsewhere; the header says why."""

from __future__ import annotations

from pathlib import Path

from coder.cli import main
from coder.project import Project
from coder.team.plan import load_plan
from coder.tui.coding.status_header import StatusHeader

from .helpers import coding, press, screen_of, settle, wait_for, widget
from .test_suggest_carried import quote_first
from .test_suggestions import form_of, suggestion_line

# The first sentence of each sample: every one brings suggestions.
LEADS = {
    "000_a9317a16385be697": "Islamic State (ISIS) remnants fired at least five mortar shells",
    "001_337bf2d7c06e301a": "Two top Islamic State (ISIS) militants were killed in a raid",
    "002_1bec70a6d058b0fd": "Last night, Daesh snipers attacked an Iraqi army base",
    "003_ce92296724338f32": "A group of Islamic State members attacked an Iraqi federal police",
    "004_abab37718220f7c9": "ISIS militants kidnapped two Kurdish men from a village in Daquq",
}


def blind_codebook(project: Project, setting: str) -> Project:
    path = Path(project.codebook_path)
    path.write_text(f"suggestions: {setting}\n" + path.read_text(encoding="utf-8"), "utf-8")
    return Project.locate(project.root)


def header(app) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one(StatusHeader).render())


async def go_to(app, pilot, article: str) -> None:  # type: ignore[no-untyped-def]
    session = screen_of(app).session
    index = session.index_of(article)
    assert index is not None, f"{article} is not among the coder's articles"
    key = "ctrl+pagedown" if index > session.index else "ctrl+pageup"
    while session.article.id != article:
        await press(pilot, key)
        await settle(pilot)


async def test_overlap_articles_hide_suggestions(shipped_project: Project) -> None:
    project = blind_codebook(shipped_project, "{hide_on_overlap: true}")
    root = str(project.root)
    assert (
        main(
            [
                "assign",
                "--project",
                root,
                "--coders",
                "ana,bob",
                "--overlap-n",
                "2",
                "--lead",
                "lea",
            ]
        )
        == 0
    )
    plan = load_plan(project.root / "assignments.yaml")
    shared = [a for a in plan.articles_of("ana") if a in plan.overlap]
    own = [a for a in plan.articles_of("ana") if a not in plan.overlap]
    assert shared and own
    async with coding(project, "ana") as (app, pilot):
        await go_to(app, pilot, shared[0])
        assert "no suggestions: reliability article" in header(app)
        await quote_first(app, pilot, LEADS[shared[0]])
        assert form_of(app).collect()[0]["evidence"]
        assert all(suggestion_line(app, n) is None for n in form_of(app).rows)
        await press(pilot, "f6")
        await settle(pilot)
        assert "place" not in form_of(app).collect()[0]
        await go_to(app, pilot, own[0])
        assert "no suggestions" not in header(app)
        await quote_first(app, pilot, LEADS[own[0]])
        await wait_for(pilot, lambda: suggestion_line(app, "perpetrator") is not None)
        await pilot.press("ctrl+q")


async def test_hidden_for_a_named_coder_only(shipped_project: Project) -> None:
    project = blind_codebook(shipped_project, "{hide_for: [bob]}")
    async with coding(project, "bob") as (app, pilot):
        assert "no suggestions: hidden for bob" in header(app)
        await quote_first(app, pilot, LEADS[screen_of(app).session.article.id])
        assert all(suggestion_line(app, n) is None for n in form_of(app).rows)
    async with coding(project, "ana") as (app, pilot):
        assert "no suggestions" not in header(app)
        await quote_first(app, pilot, LEADS[screen_of(app).session.article.id])
        await wait_for(pilot, lambda: suggestion_line(app, "perpetrator") is not None)


async def test_overlap_without_a_plan_hides_everything_and_says_where(
    shipped_project: Project,
) -> None:
    project = blind_codebook(shipped_project, "{hide_on_overlap: true}")
    async with coding(project, "ana") as (app, pilot):
        await wait_for(pilot, lambda: "no assignments.yaml" in header(app))
        shown = [str(n.message) for n in app._notifications]
        assert any("codebook.yaml:1: suggestions: hide_on_overlap" in m for m in shown), shown
        await quote_first(app, pilot, LEADS[screen_of(app).session.article.id])
        assert all(suggestion_line(app, n) is None for n in form_of(app).rows)
        assert widget(app, "#article-text") is not None


async def test_the_reason_fits_the_header_at_80_columns(shipped_project: Project) -> None:
    """At 80 columns the full line is ~110 cells: it ends on something a coder can act on, not
    on a cut reason; F6 says the reason whole."""
    project = blind_codebook(shipped_project, "{hide_on_overlap: true}")
    async with coding(project, "ana", size=(80, 24)) as (app, pilot):
        await wait_for(pilot, lambda: "no suggestions" in header(app))
        bar = app.screen.query_one(StatusHeader)
        visible = header(app)[: bar.content_size.width]
        # it ends on the reason: no room for the title, so no "coder ·" stub after it
        assert visible.rstrip().endswith("│ no suggestions (F6: why)"), visible
        assert "1/5: " in visible and "0/5 done" in visible
        await press(pilot, "f6")
        shown = [str(n.message) for n in app._notifications]
        assert any("no assignments.yaml to find the overlap" in m for m in shown), shown
    async with coding(project, "ana", size=(160, 24)) as (app, pilot):
        await wait_for(pilot, lambda: "(hide_on_overlap)" in header(app))
        assert "article 1/5: " in header(app)
