"""Each record is validated once on its way to disk (save, save_many, import), the written copy
is the one that was validated, and `Field.choice` (a dict lookup now) answers as the scan did."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import coder.store.records as records_module
from coder.codebook.model import Choice, Field, _same
from coder.exchange.importer import import_file
from coder.store.coder_store import ArticleRecord, CoderStore, RecordInvalid, check_batch
from tests.project_helpers import make_project, sample_records, save


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Counts `validate_values` calls made by record validation (one per article part and one
    per incident of each record validated): the real function runs, it is only counted."""
    real = records_module.validate_values
    seen: list[int] = []

    def counting(*args: Any, **kwargs: Any) -> dict[str, str]:
        seen.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(records_module, "validate_values", counting)
    yield seen


def _parts(records: list[ArticleRecord]) -> int:
    return sum(1 + len(r.incidents) for r in records)


def test_save_validates_once_and_returns_a_private_copy(tmp_path: Path, calls: list[int]) -> None:
    project = make_project(tmp_path)
    codebook, articles = project.load_codebook(), project.load_articles()
    record = sample_records()[0]
    with project.open_store("ann") as store:
        stored = store.save(record, codebook=codebook, article=articles.get(record.article))
        assert len(calls) == _parts([record])
        # what came back and what went in are both independent of what is stored
        stored.values["topics"].append("politics")
        record.incidents[0].values["fatalities"] = 99
        again = store.get(record.article)
    assert again is not None
    assert again.values["topics"] == ["security", "economy"]
    assert again.incidents[0].values["fatalities"] == 2
    assert again.codebook_version == codebook.version
    assert again.article_hash == articles.get(record.article).sha256  # type: ignore[union-attr]
    on_disk = json.loads(project.coder_path("ann").read_text(encoding="utf-8"))["records"]["1"]
    assert on_disk["incidents"][0]["values"]["fatalities"] == 2


def test_resave_keeps_created_and_reuses_the_document(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    codebook, articles = project.load_codebook(), project.load_articles()
    record = sample_records()[2]
    with project.open_store("ann") as store:
        first = store.save(record, codebook=codebook, article=articles.get("a3"))
        record.created = "1999-01-01T00:00:00+00:00"  # a caller cannot rewrite history
        second = store.save(record, codebook=codebook, article=None)
        assert second.created == first.created
        assert second.article_hash == first.article_hash  # kept when no article is given
        assert [r.article for r in store.records()] == ["a3"]
    assert list(json.loads(project.coder_path("ann").read_text())["records"]) == ["1"]


def test_save_many_validates_each_record_once(tmp_path: Path, calls: list[int]) -> None:
    project = make_project(tmp_path)
    records = sample_records()
    save(project, "ann", records)
    assert len(calls) == _parts(records)
    with CoderStore.open(project.coder_path("ann"), coder="ann", readonly=True) as store:
        assert [r.article for r in store.records()] == ["a1", "a2", "a3"]


def test_a_checked_batch_is_written_as_it_was_validated(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    codebook, articles = project.load_codebook(), project.load_articles()
    records = sample_records()
    batch = check_batch(records, codebook, articles)
    assert not batch.problems
    records[0].incidents[0].values["fatalities"] = -5  # invalid, but after validation
    with project.open_store("ann") as store:
        store.save_checked(batch)
        saved = store.get("a1")
    assert saved is not None and saved.incidents[0].values["fatalities"] == 2


def test_a_batch_with_problems_is_refused_whole(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    codebook, articles = project.load_codebook(), project.load_articles()
    records = sample_records()
    records[1].status = "done"
    del records[1].incidents[0].values["attack_type"]  # required once the article is done
    records.append(ArticleRecord(article="a3", status="no_incident", values={"relevant": False}))
    batch = check_batch(records, codebook, articles)
    assert set(batch.problems) == {"a2", "a3"}
    assert batch.problems["a3"] == {"article": "appears more than once"}
    with project.open_store("ann") as store, pytest.raises(RecordInvalid) as caught:
        store.save_checked(batch)
    assert "a2: incident 1: attack_type" in caught.value.errors
    assert not project.coder_path("ann").read_text().count('"article"')


def test_import_validates_each_record_once(tmp_path: Path, calls: list[int]) -> None:
    project = make_project(tmp_path)
    records = sample_records()
    lines = [
        json.dumps(
            {
                "article": r.article,
                "status": r.status,
                "values": r.values,
                "incidents": [{"id": i.id, **i.values} for i in r.incidents],
            }
        )
        for r in records
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    summary = import_file(project, path, "bob")
    assert summary.records == 3
    assert len(calls) == _parts(records)
    with project.open_store("bob", readonly=True) as store:
        got = store.records()
    assert [(r.article, r.status, len(r.incidents)) for r in got] == [
        ("a1", "done", 2),
        ("a2", "draft", 1),
        ("a3", "no_incident", 0),
    ]


def test_import_still_reports_every_problem_with_its_line(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    rows = [
        {"article": "a1", "status": "done", "values": {"relevant": True}, "incidents": [{}]},
        {"article": "zz", "status": "done", "values": {"relevant": True}},
        {"article": "a3", "status": "done", "incidents": [{"event_date": "2020"}]},
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    with pytest.raises(Exception) as caught:
        import_file(project, path, "bob")
    text = str(caught.value)
    assert f"{path}:1: incident 1: event_date: is required" in text
    assert f"{path}:2: article: 'zz' is not in" in text
    assert f"{path}:3: incident 1: attack_type: is required" in text
    assert not project.coder_path("bob").exists()


# -- Field.choice ---------------------------------------------------------------------------------

_VALUES = st.one_of(
    st.booleans(),
    st.integers(-3, 3),
    st.sampled_from([0.0, 1.0, 2.5, -1.0]),
    st.sampled_from(["1", "a", "A", "", "True"]),
)


def _scan(f: Field, value: Any) -> Choice | None:
    """What Field.choice answered before it was a dict: the first choice equal to `value`."""
    return next((c for c in f.choices if _same(c.value, value)), None)


@given(st.lists(_VALUES, max_size=8), _VALUES)
def test_choice_lookup_answers_as_the_scan(values: list[Any], probe: Any) -> None:
    f = Field("x", "choice", "incident", "X", choices=tuple(Choice(v, f"c{v}") for v in values))
    assert f.choice(probe) is _scan(f, probe)


def test_choice_lookup_never_confuses_booleans_with_codes() -> None:
    f = Field("x", "choice", "incident", "X", choices=(Choice(1, "one"), Choice(0, "zero")))
    assert f.choice(True) is None and f.choice(False) is None
    assert f.choice(1.0) is f.choices[0]
    assert f.choice([1]) is None  # unhashable: no match, no TypeError
    g = Field("y", "choice", "incident", "Y", choices=(Choice(True, "yes"),))  # type: ignore[arg-type]
    assert g.choice(1) is None and g.choice(True) is g.choices[0]


def test_incident_values_in_a_real_record_still_validate() -> None:
    """The choice check in validation goes through the lookup: a wrong code is still refused."""
    f = Field("kind", "choice", "incident", "Kind", choices=(Choice(3, "three"),))
    from coder.codebook.values import check_value

    assert check_value(f, 3) is None
    assert check_value(f, True) is not None
    assert check_value(f, "3") is not None


def test_take_records_reads_everything_once_and_closes(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    save(project, "ann", sample_records())
    store = project.open_store("ann", readonly=True)
    taken = store.take_records()
    assert [r.article for r in taken] == ["a1", "a2", "a3"]
    assert taken[0].incidents[0].values["fatalities"] == 2
    with pytest.raises(Exception, match="closed"):
        store.records()
    assert project.load_records(["ann"])["ann"] == taken
    with project.open_store("ann") as writer, pytest.raises(Exception, match=r"use records\(\)"):
        writer.take_records()
    with project.open_store("ann") as writer:  # the refused call changed nothing
        assert [r.article for r in writer.records()] == ["a1", "a2", "a3"]


# -- applicable: the precomputed `when` order answers as the recursive definition -------------


def _applicable_by_definition(fields: tuple[Field, ...], values: dict[str, Any]) -> set[str]:
    """The definition, written the way it was before plans: a field applies when it has no
    `when`, or its controller exists, is not on the path (cycles never apply), applies and holds."""
    by_name = {f.name: f for f in fields}

    def applies(name: str, path: frozenset[str]) -> bool:
        f = by_name[name]
        if f.when is None:
            return True
        ctl = f.when.field
        return (
            ctl in by_name
            and ctl not in path
            and applies(ctl, path | {name})
            and f.when.holds(values)
        )

    return {f.name for f in fields if applies(f.name, frozenset())}


_NAMES = ("a", "b", "c", "d", "e")


@given(
    st.lists(st.one_of(st.none(), st.sampled_from((*_NAMES, "zz"))), min_size=5, max_size=5),
    st.dictionaries(st.sampled_from(_NAMES), st.sampled_from(["x", "y"])),
)
def test_applicable_matches_the_definition(controllers: list[str | None], values: dict) -> None:  # type: ignore[type-arg]
    from coder.codebook.model import Condition
    from coder.codebook.values import applicable

    fields = tuple(
        Field(n, "text", "incident", n, when=None if c is None else Condition(c, ("x",)))
        for n, c in zip(_NAMES, controllers, strict=True)
    )
    assert applicable(fields, values) == _applicable_by_definition(fields, values)
    assert applicable(list(fields), values) == _applicable_by_definition(fields, values)


def test_load_records_shares_equal_texts_across_coders(tmp_path: Path) -> None:
    """load_records makes equal text values one object (memory), and changes no value."""
    project = make_project(tmp_path)
    save(project, "ann", sample_records())
    save(project, "bob", sample_records())
    loaded = project.load_records()
    ann, bob = loaded["ann"], loaded["bob"]
    with project.open_store("bob", readonly=True) as store:
        assert bob == store.take_records()  # nothing changed
    assert [r.values for r in ann] == [r.values for r in sample_records()]
    date_a = ann[0].incidents[0].values["event_date"]
    assert date_a is bob[0].incidents[0].values["event_date"]  # across coders
    assert ann[0].incidents[0].values["claimed"] is False  # other values untouched
    assert ann[0].values["topics"] == ["security", "economy"]
    with project.open_store("ann", readonly=True) as store:  # a plain read: separate objects
        assert store.take_records()[0].incidents[0].values["event_date"] is not date_a
