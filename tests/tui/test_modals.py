"""Pilot tests of the modal screens, each pushed over a tiny host app that records the result."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

import pytest
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.geometry import Region
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import DataTable, Input, Label, Static

from coder.codebook.loader import load_codebook
from coder.codebook.model import Choice, Codebook, Condition, Field
from coder.tui.coding.article_list import ArticleListScreen, ArticleRow, summary_text
from coder.tui.coding.help import HelpScreen, field_anchor
from coder.tui.dialogs.ask_name import AskNameScreen, name_problem
from coder.tui.dialogs.confirm import ConfirmScreen
from tests.tui.helpers import press

FIXTURES = Path(__file__).parent.parent / "fixtures"
SHIPPED_CODEBOOK = Path(__file__).parent.parent.parent / "codebook.yaml"

_NOT_DISMISSED = object()


class Host(App[None]):
    """Pushes `modal` on mount and keeps what it dismissed with."""

    BINDINGS: ClassVar[list[Binding]] = [
        Binding("f1", "noop", "Field help"),
        Binding("ctrl+n", "noop", "New incident"),
    ]

    def __init__(self, modal: ModalScreen[Any]) -> None:
        super().__init__()
        self.modal = modal
        self.result: Any = _NOT_DISMISSED

    def compose(self) -> ComposeResult:
        yield Static("host")

    def on_mount(self) -> None:
        self.push_screen(self.modal, self._record)

    def _record(self, result: Any) -> None:
        self.result = result

    def action_noop(self) -> None:
        pass


def rendered(widget: Widget) -> str:
    """What `widget` actually draws (so markup that was parsed by mistake would be missing)."""
    width, height = widget.size
    return "\n".join(strip.text for strip in widget.render_lines(Region(0, 0, width, height)))


def screen_text(screen: Widget) -> str:
    return "\n".join(rendered(w) for w in screen.query("Static, Label"))


def small_codebook() -> Codebook:
    kind = Field(
        "kind",
        "choice",
        "incident",
        "Kind of event",
        help="Pick the main kind. Write [unknown] if unsure.",
        required=True,
        choices=(
            Choice(1, "Bombing", help="Explosives [IED, VBIED] used."),
            Choice(2, "Armed assault", help="Firearms or blades."),
        ),
    )
    return Codebook(
        title="Tiny [test] codebook",
        version="0.1",
        instructions="Read the article **twice**. Keep [square brackets] as typed.",
        article_fields=(
            Field("relevant", "boolean", "article", "Relevant", help="About violence?"),
        ),
        incident_fields=(
            Field("date", "date", "incident", "Date", required=True, help="Day of the event."),
            kind,
            Field(
                "device",
                "text",
                "incident",
                "Device",
                help="The explosive device named.",
                when=Condition("kind", (1,)),
            ),
            *(
                Field(f"extra{i}", "text", "incident", f"Extra {i}", help=f"Filler help {i}.")
                for i in range(25)
            ),
            Field("victims", "integer", "incident", "Victims", min=0, help="People killed."),
        ),
    )


# --- ConfirmScreen ---------------------------------------------------------------------------


@pytest.mark.parametrize(("key", "expected"), [("y", True), ("n", False), ("escape", False)])
async def test_confirm_keys(key: str, expected: bool) -> None:
    app = Host(ConfirmScreen("Delete incident 2?"))
    async with app.run_test() as pilot:
        await press(pilot, key)
        await pilot.pause()
    assert app.result is expected


async def test_confirm_enter_presses_the_focused_button_which_starts_on_cancel() -> None:
    app = Host(ConfirmScreen("Delete incident [2]?", confirm_label="Remove"))
    async with app.run_test() as pilot:
        assert app.screen.focused is not None and app.screen.focused.id == "cancel"
        assert "Delete incident [2]?" in screen_text(app.screen)
        await press(pilot, "enter")
        await pilot.pause()
    assert app.result is False

    app = Host(ConfirmScreen("Delete?", confirm_label="Remove"))
    async with app.run_test() as pilot:
        await press(pilot, "right", "enter")
        await pilot.pause()
    assert app.result is True


# --- AskNameScreen ---------------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["", "bad name!", "-lead", ".", "x" * 65, "gold", "élise"])
def test_name_problem_rejects(bad: str) -> None:
    assert name_problem(bad) is not None


@pytest.mark.parametrize("good", ["alice", "Bob_2", "c.d-e", "7", "x" * 64])
def test_name_problem_accepts(good: str) -> None:
    assert name_problem(good) is None


async def test_ask_name_rejects_then_accepts() -> None:
    app = Host(AskNameScreen())
    async with app.run_test() as pilot:
        await press(pilot, *"bad name!")
        await press(pilot, "enter")
        await pilot.pause()
        assert app.result is _NOT_DISMISSED
        error = rendered(app.screen.query_one("#error", Label))
        assert "letters, digits" in error

        app.screen.query_one(Input).value = ""
        await press(pilot, *"alice")
        await pilot.pause()
        assert rendered(app.screen.query_one("#error", Label)).strip() == ""
        await press(pilot, "enter")
        await pilot.pause()
    assert app.result == "alice"


async def test_ask_name_escape_returns_none() -> None:
    app = Host(AskNameScreen())
    async with app.run_test() as pilot:
        await press(pilot, "escape")
        await pilot.pause()
    assert app.result is None


# --- HelpScreen ------------------------------------------------------------------------------


async def test_help_shows_field_and_choice_help_literally() -> None:
    codebook = small_codebook()
    app = Host(HelpScreen(codebook, None))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        text = screen_text(app.screen)
        box = app.screen.query_one("#help-box")
        top_border = box.render_lines(Region(0, 0, box.size.width, 1))[0].text
        assert "Help · Tiny [test] codebook (version 0.1)" in top_border
        assert "Pick the main kind. Write [unknown] if unsure." in text
        assert "Explosives [IED, VBIED] used." in text
        assert "Armed assault" in text
        assert "only when “Kind of event” is Bombing" in text
        assert "0 to" not in text and "at least 0" in text  # victims: min only
        markdown = "\n".join(rendered(w) for w in app.screen.query("MarkdownBlock"))
        assert "Keep [square brackets] as typed." in markdown
        # the app's own keys are listed, Textual's defaults are not
        assert "New incident" in text and "Field help" in text
        assert "Focus Next" not in text
        await press(pilot, "escape")
        await pilot.pause()
    assert app.result is None


@pytest.mark.parametrize("key", ["q", "f1"])
async def test_help_closes_with(key: str) -> None:
    app = Host(HelpScreen(small_codebook(), None))
    async with app.run_test() as pilot:
        await press(pilot, key)
        await pilot.pause()
    assert app.result is None


async def test_help_scrolls_to_the_focused_field() -> None:
    codebook = small_codebook()
    victims = codebook.incident_fields[-1]
    app = Host(HelpScreen(codebook, victims))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        section = app.screen.query_one(f"#{field_anchor(victims)}")
        scroll = app.screen.query_one("#help-scroll")
        assert scroll.scroll_y > 0
        assert scroll.scrollable_content_region.overlaps(section.region)


async def test_help_on_fixture_codebook() -> None:
    codebook = load_codebook(FIXTURES / "tui_codebook.yaml")
    app = Host(HelpScreen(codebook, codebook.field("incident", "event_type")))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        text = screen_text(app.screen)
        assert "Politics [domestic]" in text
        assert "Shooting or assault by armed people." in text


@pytest.mark.skipif(not SHIPPED_CODEBOOK.exists(), reason="codebook.yaml not shipped yet")
async def test_help_on_shipped_codebook_shows_every_field() -> None:
    codebook = load_codebook(SHIPPED_CODEBOOK)
    app = Host(HelpScreen(codebook, codebook.all_fields()[-1]))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        text = screen_text(app.screen)
        for field in codebook.all_fields():
            assert field.name in text
            for choice in field.choices:
                assert choice.label.split("\n")[0][:30] in text


# --- ArticleListScreen -----------------------------------------------------------------------

STATUSES = ("not started", "draft", "done", "no incident")


def rows() -> list[ArticleRow]:
    out = [
        ArticleRow(f"a{i:02d}", f"Story {i} about [town {i}]", STATUSES[i % 4], i % 3)  # type: ignore[arg-type]
        for i in range(12)
    ]
    out.append(ArticleRow("kirkuk-1", "Mortars hit Topzawa near Kirkuk", "draft", 2))
    return out


def test_summary_text() -> None:
    assert summary_text(rows()) == "3/13 done · 3 no incident · 4 drafts · 3 not started"


async def test_article_list_filter_and_enter() -> None:
    app = Host(ArticleListScreen(rows(), current="a05"))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, ArticleListScreen)
        table = screen.query_one(DataTable)
        assert len(screen.visible_ids()) == 13
        assert table.cursor_row == screen.visible_ids().index("a05")
        assert "[town 5]" in rendered(table)  # titles are not markup
        await press(pilot, *"kirk")
        await pilot.pause()
        assert screen.visible_ids() == ["kirkuk-1"]
        await press(pilot, "enter")
        await pilot.pause()
    assert app.result == "kirkuk-1"


async def test_article_list_up_down_from_the_filter_box() -> None:
    app = Host(ArticleListScreen(rows(), current="a05"))
    async with app.run_test(size=(100, 30)) as pilot:
        assert isinstance(app.screen.focused, Input)
        await press(pilot, "down", "down", "up")
        await press(pilot, "enter")
        await pilot.pause()
    assert app.result == "a06"


async def test_article_list_status_word_and_cycle() -> None:
    app = Host(ArticleListScreen(rows(), current=None))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, ArticleListScreen)
        await press(pilot, *"draft")
        await pilot.pause()
        assert screen.visible_ids() == ["a01", "a05", "a09", "kirkuk-1"]
        screen.query_one(Input).value = ""
        await pilot.pause()
        await press(pilot, "ctrl+f")  # all -> not started
        await pilot.pause()
        assert screen.visible_ids() == ["a00", "a04", "a08"]
        await press(pilot, "ctrl+f", "ctrl+f")  # -> draft -> done
        await pilot.pause()
        assert screen.visible_ids() == ["a02", "a06", "a10"]
        assert "showing 3 of 13" in str(screen.query_one("#list-box").border_subtitle)
        await press(pilot, "ctrl+f", "ctrl+f")  # -> no incident -> all
        await pilot.pause()
        assert len(screen.visible_ids()) == 13
        await press(pilot, "escape")
        await pilot.pause()
    assert app.result is None


async def test_article_list_enter_with_nothing_shown_stays_open() -> None:
    app = Host(ArticleListScreen(rows(), current=None))
    async with app.run_test() as pilot:
        await press(pilot, *"zzz", "enter")
        await pilot.pause()
        assert app.screen.visible_ids() == []  # type: ignore[attr-defined]
    assert app.result is _NOT_DISMISSED
