"""SVG snapshots of the coding screen with the shipped codebook, and of the screens it opens.

Deterministic: the five sample articles and the repository's codebook.yaml are copied into
tmp_path, the first article gets a fixed draft (one incident partly filled, its evidence quote
highlighted in the text), and the app's clock is frozen so the header's "saved HH:MM" never
depends on the time of day. Incident ids are random but never shown.

Regenerate after an intended change with `pytest tests/tui/test_snapshots_coding.py
--snapshot-update` and look at the SVGs in tests/tui/__snapshots__/ before committing them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from coder.store.coder_store import ArticleRecord, Incident
from coder.tui.coding.app import CoderApp
from coder.tui.coding.screen import CodingScreen

from .conftest import REPO, make_project
from .helpers import press, steady

FIRST = "000_a9317a16385be697"
EVIDENCE = "Late on Thursday night, ISIS shelled Topzawa village with at least five mortars"
SIZES = [(120, 40), (80, 24)]


def frozen_clock(stamp: str) -> str | None:
    """Every stored record was 'saved 14:03'; unsaved ones show no time."""
    return "14:03" if stamp else None


def coding_app(tmp_path: Path) -> CoderApp:
    """Shipped codebook + samples, with article 000 a draft whose incident is partly coded."""
    project = make_project(tmp_path / "shipped", REPO / "codebook.yaml")
    codebook = project.load_codebook()
    articles = project.load_articles()
    record = ArticleRecord(
        article=FIRST,
        status="draft",
        values={"relevant": "reported", "article_date": "2019-08-09"},
        incidents=[
            Incident(
                values={
                    "event_date": "2019-08-08",
                    "date_precision": 1,
                    "province": "kirkuk",
                    "place": "IQ-KI-DAQ-TOPZAWA",
                    "event_type": "explosions_remote_violence",
                    "perpetrator": "isis",
                    "target_types": ["private_citizens"],
                    "weapons": ["mortar_artillery", "firearms"],
                    "fatalities": 0,
                    "evidence": EVIDENCE,
                }
            )
        ],
    )
    with project.open_store("ana") as store:
        store.save(record, codebook=codebook, article=articles.get(FIRST))
    return CoderApp(project, "ana", codebook=codebook, articles=articles, clock=frozen_clock)


async def coding_loaded(pilot: Pilot[Any]) -> None:
    await steady(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, CodingScreen)
    assert screen.session.article.id == FIRST
    assert screen.session.quotes() == [EVIDENCE]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_coding_screen(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    assert snap_compare(coding_app(tmp_path), terminal_size=size, run_before=coding_loaded)


def test_article_list_from_coding(snap_compare: Any, tmp_path: Path) -> None:
    async def open_list(pilot: Pilot[Any]) -> None:
        await coding_loaded(pilot)
        await press(pilot, "ctrl+o")
        await steady(pilot)

    assert snap_compare(coding_app(tmp_path), terminal_size=(120, 40), run_before=open_list)


def test_help_on_a_field(snap_compare: Any, tmp_path: Path) -> None:
    async def help_on_province(pilot: Pilot[Any]) -> None:
        await coding_loaded(pilot)
        pilot.app.screen.query_one("#incident-form--province").focus()
        await steady(pilot)
        await press(pilot, "f1")
        await steady(pilot)

    assert snap_compare(coding_app(tmp_path), terminal_size=(120, 40), run_before=help_on_province)
