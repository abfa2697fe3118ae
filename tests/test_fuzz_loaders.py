"""Fuzzing the doors: random bytes and random JSON/YAML/CSV into the codebook, article,
database and import loaders. Each must succeed or raise its CoderError with a message; never a
traceback (any other exception fails the test) and never a hang (hypothesis reports a slow one).
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coder.articles import load_articles
from coder.codebook.loader import load_codebook
from coder.errors import CoderError
from coder.exchange.csvsafe import needs_quote, neutralise, unneutralise
from coder.exchange.importer import import_file
from coder.project import Project
from coder.store import CoderStore
from coder.textsafe import clean
from tests.project_helpers import make_project

FUZZ = settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)
hostile_text = st.text(
    alphabet=st.characters(codec=None, categories=None), max_size=60
)  # any code point, lone surrogates included
codebookish = st.fixed_dictionaries(
    {
        "title": st.one_of(st.text(max_size=20), st.integers()),
        "version": st.one_of(st.text(max_size=5), st.integers()),
        "incident": st.fixed_dictionaries(
            {
                "fields": st.lists(
                    st.dictionaries(
                        st.sampled_from(["name", "type", "label", "choices", "min", "when"]),
                        json_values,
                        max_size=5,
                    ),
                    max_size=3,
                )
            }
        ),
    }
)


@pytest.fixture(scope="module")
def base() -> Iterator[Path]:
    root = Path(tempfile.mkdtemp(prefix="coder-fuzz-"))
    make_project(root)
    yield root
    shutil.rmtree(root)


def _scratch(base: Path) -> Path:
    folder = Path(tempfile.mkdtemp(dir=base))
    return folder


@FUZZ
@given(data=st.one_of(st.binary(max_size=400), codebookish.map(yaml.safe_dump).map(str.encode)))
def test_codebook_loader(base: Path, data: bytes) -> None:
    folder = _scratch(base)
    (folder / "codebook.yaml").write_bytes(data)
    try:
        load_codebook(folder / "codebook.yaml")
    except CoderError as error:
        assert str(error)
    finally:
        shutil.rmtree(folder)


@FUZZ
@given(
    name=st.sampled_from(["a.txt", "b.md", "c.jsonl", "d.csv"]),
    data=st.one_of(
        st.binary(max_size=300),
        st.lists(json_values, max_size=4).map(
            lambda rows: "\n".join(json.dumps(r) for r in rows).encode()
        ),
        hostile_text.map(lambda t: t.encode("utf-8", "surrogatepass")),
    ),
)
def test_article_loader(base: Path, name: str, data: bytes) -> None:
    folder = _scratch(base)
    (folder / name).write_bytes(data)
    try:
        articles = load_articles(folder)  # problems are recorded, never raised
        for article in articles:
            assert clean(article.id) == article.id and clean(article.text) == article.text
    finally:
        shutil.rmtree(folder)


@FUZZ
@given(
    data=st.one_of(
        st.binary(max_size=300),
        json_values.map(lambda v: json.dumps({"meta": {"1": v}, "records": {"1": v}}).encode()),
        json_values.map(lambda v: json.dumps(v).encode()),
    )
)
def test_database_loader(base: Path, data: bytes) -> None:
    folder = _scratch(base)
    (folder / "ann.json").write_bytes(data)
    try:
        with CoderStore.open(folder / "ann.json", coder="ann", readonly=True) as store:
            store.records()
    except CoderError as error:
        assert str(error)
    finally:
        shutil.rmtree(folder)


csv_cell = st.one_of(
    st.text(max_size=12), st.sampled_from(["a1", "done", "2020-09", "1e308", "9" * 40, "=1"])
)


@FUZZ
@given(
    name=st.sampled_from(["in.csv", "in.jsonl"]),
    data=st.one_of(
        st.binary(max_size=300),
        st.lists(st.lists(csv_cell, min_size=1, max_size=6), max_size=4).map(
            lambda rows: "\n".join(
                ",".join(r)
                for r in [["article", "status", "event_date", "attack_type", "fatalities"], *rows]
            ).encode("utf-8", "surrogatepass")
        ),
        st.lists(json_values, max_size=3).map(
            lambda rows: "\n".join(json.dumps(r) for r in rows).encode()
        ),
    ),
)
def test_import_loader(base: Path, name: str, data: bytes) -> None:
    folder = _scratch(base)
    (folder / name).write_bytes(data)
    project = Project.locate(base, data=folder / "coding")
    try:
        import_file(project, folder / name, "fuzz")
    except CoderError as error:
        assert str(error)
    finally:
        shutil.rmtree(folder)


@settings(max_examples=300, deadline=None)
@given(cell=hostile_text)
def test_neutralise_is_exact_and_safe(cell: str) -> None:
    out = neutralise(cell)
    assert unneutralise(out) == cell
    assert out == cell or (out == "'" + cell and needs_quote(cell))
    assert out.startswith("'") or not needs_quote(out)  # nothing left a spreadsheet would run


@settings(max_examples=300, deadline=None)
@given(text=hostile_text)
def test_clean_is_idempotent_and_encodable(text: str) -> None:
    out = clean(text)
    assert clean(out) == out
    out.encode("utf-8")
    assert "\x1b" not in out and "\x9b" not in out
