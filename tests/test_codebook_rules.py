"""Choices tied to another field's choice, and articles that require incidents: the loader, the
store, import and `coder check` on a real project with the shipped codebook."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from coder.checks import check_project
from coder.codebook.loader import CodebookError, load_codebook, parse_codebook
from coder.codebook.rules import fitting_choices, why_unfit
from coder.exchange.export import export
from coder.exchange.importer import ImportFailed, import_file
from coder.project import Project
from coder.store.coder_store import ArticleRecord, Incident, RecordInvalid

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = "003_ce92296724338f32"
QUOTE = "A group of Islamic State members attacked an Iraqi federal police outpost"


def incident(**changes: object) -> Incident:
    values: dict[str, object] = {
        "event_date": "2018-03-05",
        "date_precision": 1,
        "province": "kirkuk",
        "place": "IQ-KI-DAQ",
        "geo_precision": 2,
        "event_type": "battles",
        "sub_event_type": "armed_clash",
        "perpetrator": "isis",
        "target_types": ["police"],
        "evidence": QUOTE,
        "certainty": "high",
    }
    values.update(changes)
    return Incident("a" * 32, {k: v for k, v in values.items() if v is not None})


def record(*incidents: Incident, status: str = "done", relevant: str = "reported") -> ArticleRecord:
    return ArticleRecord(
        article=ARTICLE,
        status=status,  # type: ignore[arg-type]
        values={"relevant": relevant},
        incidents=list(incidents),
    )


def untied(text: str) -> str:
    """The shipped codebook as it was before this feature: no ties, no incident rule."""
    lines = [
        line
        for line in text.splitlines(keepends=True)
        if "when: {event_type:" not in line
        and "require_incidents_when" not in line
        and "incidents_only_when" not in line
    ]
    return "".join(lines)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    shutil.copy(ROOT / "codebook.yaml", tmp_path / "codebook.yaml")
    shutil.copy(ROOT / "gazetteer.csv", tmp_path / "gazetteer.csv")  # the place field's
    (tmp_path / "articles").mkdir()
    shutil.copy(ROOT / "samples" / f"{ARTICLE}.txt", tmp_path / "articles")
    return Project.locate(tmp_path)


def save(project: Project, rec: ArticleRecord) -> None:
    with project.open_store("ann") as store:
        store.save(
            rec, codebook=project.load_codebook(), article=project.load_articles().get(ARTICLE)
        )


# ---------------------------------------------------------------- the codebook


def test_shipped_codebook_ties_every_sub_event_type_to_its_event_type() -> None:
    cb = load_codebook(ROOT / "codebook.yaml")
    sub = cb.field("incident", "sub_event_type")
    assert sub is not None
    assert all(c.when is not None and c.when.field == "event_type" for c in sub.choices)
    battles = [c.value for c in fitting_choices(sub, {"event_type": "battles"})]
    assert battles == [
        "armed_clash",
        "government_regains_territory",
        "non_state_overtakes_territory",
    ]
    assert len(fitting_choices(sub, {})) == len(sub.choices)  # nothing chosen yet: all
    assert cb.incidents_required_when is not None
    assert cb.incidents_required_when.field == "relevant"
    assert cb.incidents_required_when.values == ("reported",)


def test_why_unfit_is_strict_where_choice_fits_lets_a_draft_pass() -> None:
    """A copied value (F9's fill-down) goes only beside the answer it belongs to: an empty
    controlling field is a reason too, unlike `choice_fits`, which lets a draft be filled in any
    order. Both `when:` kinds: a choice's tie and the field's own."""
    cb = load_codebook(ROOT / "codebook.yaml")
    fields = cb.incident_fields
    sub = cb.field("incident", "sub_event_type")
    attack = cb.field("incident", "attack_type")
    assert sub is not None and attack is not None
    assert why_unfit(fields, sub, "armed_clash", {"event_type": "battles"}) is None
    assert why_unfit(fields, sub, "armed_clash", {}) == (
        "Event type not set ('Armed clash (battles)' needs 'Battles')"
    )
    assert why_unfit(fields, sub, "armed_clash", {"event_type": "strategic_developments"}) == (
        "Event type is 'Strategic developments' ('Armed clash (battles)' needs 'Battles')"
    )
    assert why_unfit(fields, attack, 1, {"perpetrator": "isis"}) is None
    why = why_unfit(fields, attack, 1, {"perpetrator": "state_forces"})
    assert why is not None and why.startswith("Perpetrator type is 'Iraqi state forces'")
    assert why_unfit(fields, sub, None, {}) is None  # nothing to copy: nothing unfit


BASE = """title: t
version: "1"
article:
  REQUIRE
  fields:
    - name: relevant
      type: choice
      choices: [reported, none]
incident:
  fields:
    - name: kind
      type: choice
      choices: [a, b]
    - name: sub
      type: choice
      choices:
        - value: a1
          when: WHEN
"""


@pytest.mark.parametrize(
    ("when", "require", "expected"),
    [
        ("{knd: a}", "", "codebook.yaml:18: field 'sub': choice 'a1': 'when' names 'knd', which is "
         "not a field at the incident level (did you mean 'kind'?)"),
        ("{kind: c}", "", "codebook.yaml:18: field 'sub': choice 'a1': 'when' value for 'kind': "
         "'c' is not one of: a, b"),
        ("{sub: a1}", "", "which is this field itself"),
        ("{kind: a}", "require_incidents_when: {relevant: maybe}",
         "codebook.yaml:4: field 'require_incidents_when': 'require_incidents_when' value for "
         "'relevant': 'maybe' is not one of: reported, none"),
        ("{kind: a}", "require_incidents_when: {kind: a}", "'kind', which is not a field at the "
         "article level"),
    ],
)  # fmt: skip
def test_loader_names_file_line_and_fix(when: str, require: str, expected: str) -> None:
    text = BASE.replace("WHEN", when).replace("REQUIRE", require)
    with pytest.raises(CodebookError) as info:
        parse_codebook(text, Path("codebook.yaml"))
    assert expected in str(info.value)


def test_loader_accepts_a_valid_tie() -> None:
    cb = parse_codebook(BASE.replace("WHEN", "{kind: a}").replace("REQUIRE", ""))
    sub = cb.field("incident", "sub")
    assert sub is not None and sub.choices[0].when is not None
    assert sub.choices[0].when.values == ("a",)


# ---------------------------------------------------------------- store, import, check


def test_store_refuses_a_sub_event_type_of_another_event_type(project: Project) -> None:
    bad = record(incident(sub_event_type="shelling_artillery"))
    with pytest.raises(RecordInvalid) as info:
        save(project, bad)
    message = info.value.errors["incident 1: sub_event_type"]
    assert "'shelling_artillery' belongs to Event type 'explosions_remote_violence'" in message
    assert "not to 'battles'" in message and "armed_clash" in message
    save(project, record(incident(event_type="explosions_remote_violence",
                                  sub_event_type="shelling_artillery")))  # fmt: skip
    # A draft is checked too: a tie is wrong data whatever the status.
    with pytest.raises(RecordInvalid):
        save(project, record(incident(sub_event_type="arrests"), status="draft"))
    # ...but the event type may still be empty in a draft.
    save(project, record(incident(event_type=None, sub_event_type="arrests"), status="draft"))


def test_done_needs_an_incident_when_relevant_says_reported(project: Project) -> None:
    for status in ("done", "no_incident"):
        with pytest.raises(RecordInvalid) as info:
            save(project, record(status=status))
        assert "no incident is coded" in info.value.errors["incidents"]
    save(project, record(status="draft"))  # a draft may wait for its incidents
    save(project, record(status="no_incident", relevant="not_reported"))
    save(project, record(incident()))


def test_done_with_incidents_needs_the_answer_that_promises_them(project: Project) -> None:
    """The mirror rule (`incidents_only_when`): "No codable incident" with an incident coded is
    not done. Found in tmux: one stray "2" on the first question of a done article saved it so,
    still done, and `coder check` saw no problem."""
    with pytest.raises(RecordInvalid) as info:
        save(project, record(incident(), relevant="not_reported"))
    assert (
        "is answered 'No codable incident' but 1 incident(s) are coded"
        in (info.value.errors["incidents"])
    )
    save(project, record(incident(), status="draft", relevant="not_reported"))  # half-way
    save(project, record(incident()))


def test_check_reports_a_done_article_with_incidents_answered_not_reported(
    project: Project,
) -> None:
    shipped = project.codebook_path.read_text(encoding="utf-8")
    project.codebook_path.write_text(untied(shipped), encoding="utf-8")
    save(project, record(incident(), relevant="not_reported"))
    assert check_project(project).problems == []
    project.codebook_path.write_text(shipped, encoding="utf-8")
    (problem,) = [str(p) for p in check_project(project).problems]
    assert "'No codable incident' but 1 incident(s) are coded" in problem, problem


def test_import_refuses_a_broken_tie(project: Project, tmp_path: Path) -> None:
    save(project, record(incident()))
    with project.open_store("ann", readonly=True) as store:
        out = io.StringIO()
        export(project.load_codebook(), [("ann", store.records())], "jsonl", out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    text = json.dumps(lines[0]).replace('"armed_clash"', '"looting"')
    assert "looting" in text
    path = tmp_path / "bob.jsonl"
    path.write_text(text + "\n", encoding="utf-8")
    with pytest.raises(ImportFailed) as info:
        import_file(project, path, "bob")
    assert "'looting' belongs to Event type 'strategic_developments'" in str(info.value)
    assert not (project.data_dir / "bob.json").exists()


def test_check_reports_existing_records_coded_before_the_ties(project: Project) -> None:
    shipped = project.codebook_path.read_text(encoding="utf-8")
    project.codebook_path.write_text(untied(shipped), encoding="utf-8")
    save(project, record(incident(sub_event_type="shelling_artillery")))
    save(project, record(incident(sub_event_type="shelling_artillery")))
    assert check_project(project).problems == []
    project.codebook_path.write_text(shipped, encoding="utf-8")
    problems = [str(p) for p in check_project(project).problems]
    assert len(problems) == 1
    assert "incident 1: sub_event_type: 'shelling_artillery' belongs to" in problems[0]
    assert "ann.json:" in problems[0]


def test_check_reports_a_done_article_without_incidents(project: Project) -> None:
    shipped = project.codebook_path.read_text(encoding="utf-8")
    project.codebook_path.write_text(untied(shipped), encoding="utf-8")
    save(project, record())
    project.codebook_path.write_text(shipped, encoding="utf-8")
    (problem,) = [str(p) for p in check_project(project).problems]
    assert "incidents: 'Does the article report at least one codable incident?' is answered " in (
        problem
    )
    assert "'Yes, at least one incident' but no incident is coded" in problem


@pytest.mark.parametrize(
    ("where", "field", "expected"),
    [
        ("article", "- {name: note, type: text, carry: true}",
         "field 'note': 'carry' applies only to incident fields"),
        ("incident", "- {name: quote, type: quote, carry: true}",
         "field 'quote': a quote cannot be carried: each incident needs its own evidence"),
        ("incident", "- {name: place, type: text, carry: yes}",
         "field 'place': 'carry' must be true or false, not 'yes'"),
    ],
)  # fmt: skip
def test_carry_is_checked(where: str, field: str, expected: str) -> None:
    text = f'title: t\nversion: "1"\n{where}:\n  fields:\n    {field}\n'
    with pytest.raises(CodebookError) as info:
        parse_codebook(text, Path("codebook.yaml"))
    assert f"codebook.yaml:5: {expected}" in str(info.value)


def test_shipped_codebook_carries_where_and_how_precise() -> None:
    cb = load_codebook(ROOT / "codebook.yaml")
    carried = [f.name for f in cb.incident_fields if f.carry]
    assert carried == ["date_precision", "province", "place", "geo_precision", "source_type"]
