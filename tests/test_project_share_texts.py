"""`Project.load_records` makes equal texts one object across records and coders, in lists (a
multi field's choices) too, so the copies JSON parsing made are freed as each database is read;
the values themselves are unchanged."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.project_helpers import make_project, sample_records, save


def _texts(value: Any) -> list[str]:
    return [value] if isinstance(value, str) else [x for x in value if isinstance(x, str)]


def test_equal_texts_are_one_object_across_coders_and_in_lists(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    save(project, "ann", sample_records())
    save(project, "bob", sample_records())
    loaded = project.load_records()
    plain = {r.article: r for r in sample_records()}
    seen: dict[str, int] = {}
    count = 0
    for coder in ("ann", "bob"):
        for r in loaded[coder]:
            assert r.values == plain[r.article].values
            dicts = [r.values, *(i.values for i in r.incidents)]
            assert [i.values for i in r.incidents] == [i.values for i in plain[r.article].incidents]
            for values in dicts:
                for v in values.values():
                    if not isinstance(v, str | list):
                        continue
                    for text in _texts(v):
                        count += 1
                        assert seen.setdefault(text, id(text)) == id(text), text
    assert count > 20
    assert id(loaded["ann"][0].values["topics"][0]) == id(loaded["bob"][0].values["topics"][0])
