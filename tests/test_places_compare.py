"""Place fields in agreement: compared by gazetteer id, again at district level, and aligned by
the hierarchy (same place 1, same district 0.5, same province 0.25)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from coder.compare import compare
from coder.compare.alignment import align
from coder.compare.similarity import PLACE_DISTRICT, PLACE_PROVINCE, Matcher, match_fields
from coder.project import Project
from coder.store.coder_store import ArticleRecord, Incident
from tests.places_helpers import make_place_project
from tests.project_helpers import save


def record(article: str, *places: tuple[str, str]) -> ArticleRecord:
    incidents = [
        Incident(f"{article}-{n}-{p}".ljust(32, "x")[:32], {"event_date": d, "place": p})
        for n, (d, p) in enumerate(places)
    ]
    return ArticleRecord(article, status="done", values={"relevant": True}, incidents=incidents)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return make_place_project(tmp_path / "p")


def test_similarity_follows_the_hierarchy(project: Project) -> None:
    codebook = project.load_codebook()
    place = codebook.field("incident", "place")
    assert place is not None
    matcher = Matcher([place])
    incs = [
        Incident("1", {"place": "IQ-KI-DAQ-TOPZAWA"}),
        Incident("2", {"place": "IQ-KI-DAQ-TOPZAWA"}),
        Incident("3", {"place": "IQ-KI-DAQ"}),  # the district the village is in
        Incident("4", {"place": "IQ-KI-HAW"}),  # another district of Kirkuk
        Incident("5", {"place": "IQ-DI-KHN-SHERK"}),  # Diyala
        Incident("6", {}),
    ]
    sim = matcher.similarity(*matcher.features(incs))
    assert sim[0, 1] == 1.0
    assert sim[0, 2] == PLACE_DISTRICT == 0.5
    assert sim[0, 3] == PLACE_PROVINCE == 0.25
    assert sim[2, 3] == PLACE_PROVINCE
    assert sim[0, 4] == 0.0
    assert sim[0, 5] == 0.0  # only one of them coded a place
    assert np.allclose(sim, sim.T)


def test_alignment_pairs_a_village_with_its_district_not_with_another_province(
    project: Project,
) -> None:
    codebook = project.load_codebook()
    ann = [
        Incident("a-top", {"event_date": "2020-09-03", "place": "IQ-KI-DAQ-TOPZAWA"}),
        Incident("a-jal", {"event_date": "2020-09-03", "place": "IQ-DI-KHN-JALAWLA"}),
    ]
    ben = [
        Incident("b-daq", {"event_date": "2020-09-03", "place": "IQ-KI-DAQ"}),
        Incident("b-jal", {"event_date": "2020-09-03", "place": "IQ-DI-KHN-JALAWLA"}),
    ]
    assert [f.name for f in match_fields(codebook)] == ["event_date", "place"]
    (art,) = align(codebook, {"a1": {"ann": ann, "ben": ben}})
    pairs = {tuple(sorted(m.incident_id for m in u.members.values())) for u in art.units}
    assert pairs == {("a-top", "b-daq"), ("a-jal", "b-jal")}


def test_agreement_by_id_and_at_district_level(project: Project) -> None:
    # a1: same district, different place (Topzawa vs Daquq district); a2: the same town.
    save(project, "ann", [record("a1", ("2020-09-03", "IQ-KI-DAQ-TOPZAWA")),
                          record("a2", ("2020-09-07", "IQ-DI-KHN-JALAWLA"))])  # fmt: skip
    save(project, "ben", [record("a1", ("2020-09-03", "IQ-KI-DAQ")),
                          record("a2", ("2020-09-07", "IQ-DI-KHN-JALAWLA"))])  # fmt: skip
    report = compare(project.load_codebook(), project.load_records(), bootstrap=0)
    by_name = {f.field: f for f in report.fields}
    assert by_name["place"].level == "nominal" and not by_name["place"].derived
    assert by_name["place"].stats.percent_agreement == 0.5
    district = by_name["derived:place_admin2"]
    assert district.derived and district.level == "nominal"
    assert district.stats.percent_agreement == 1.0
    (disagreement,) = [d for d in report.disagreements if d.field.startswith("place")]
    assert disagreement.values == {"ann": "IQ-KI-DAQ-TOPZAWA", "ben": "IQ-KI-DAQ"}
    assert not [d for d in report.disagreements if d.field == "derived:place_admin2"]


def test_district_level_shows_district_names_in_disagreements(project: Project) -> None:
    save(project, "ann", [record("a1", ("2020-09-03", "IQ-KI-DAQ-TOPZAWA"))])
    save(project, "ben", [record("a1", ("2020-09-03", "IQ-KI-HAW"))])
    report = compare(project.load_codebook(), project.load_records(), bootstrap=0)
    (d,) = [d for d in report.disagreements if d.field == "derived:place_admin2"]
    assert d.values == {"ann": "Daquq · district · Kirkuk", "ben": "Hawija · district · Kirkuk"}
