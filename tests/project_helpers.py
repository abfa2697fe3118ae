"""A small real project on disk (codebook, articles, coder databases) for the core tests."""

from __future__ import annotations

from pathlib import Path

from coder.project import Project
from coder.store.coder_store import ArticleRecord, Incident
from tests.conftest import write_project

FIXTURES = Path(__file__).resolve().parent / "fixtures"

ARTICLES = {
    "a1": "Mortars hit Topzawa\nFive mortar shells hit the village of Topzawa – قتل اثنان.\n",
    "a2": "Raid in Daquq\nTwo [senior] militants were killed at dawn, the ICTS said.\n",
    "a3": "Quiet week\nNo incidents were reported in کەرکووک this week.\n",
}


def make_project(root: Path) -> Project:
    """codebook.yaml (exchange test codebook) + articles/ with ARTICLES; no coding yet."""
    return write_project(root, FIXTURES / "exchange_codebook.yaml", articles=ARTICLES)


def sample_records() -> list[ArticleRecord]:
    """Records that exercise every type: numeric codes, multi, partial dates, unicode, quotes."""
    return [
        ArticleRecord(
            article="a1",
            status="done",
            values={"relevant": True, "topics": ["security", "economy"], "summary": "=SUM(A1)\nx"},
            incidents=[
                Incident(
                    "1" * 32,
                    {
                        "event_date": "2020-09",
                        "attack_type": 3,
                        "weapon": '-mortar; "shells"',
                        "fatalities": 2,
                        "cost": -1.5,
                        "claimed": False,
                        "evidence": "قتل اثنان",
                        "place": "Topzawa, 'Daquq'",
                    },
                ),
                Incident("2" * 32, {"event_date": "2020", "attack_type": 1, "place": "@home"}),
            ],
        ),
        ArticleRecord(
            article="a2",
            status="draft",
            values={"topics": ["politics"]},
            incidents=[Incident("3" * 32, {"event_date": "2020-09-07", "attack_type": 2})],
        ),
        ArticleRecord(article="a3", status="no_incident", values={"relevant": False}),
    ]


def save(project: Project, coder: str, records: list[ArticleRecord]) -> None:
    with project.open_store(coder) as store:
        store.save_many(records, codebook=project.load_codebook(), articles=project.load_articles())


def two_coders(root: Path) -> Project:
    """`make_project` with ann's and bob's databases: `sample_records` each, bob's first record
    with other topics, so a comparison has one disagreement at least."""
    project = make_project(root)
    records = sample_records()
    save(project, "ann", records)
    records[0].values["topics"] = ["politics"]
    save(project, "bob", records)
    return project
