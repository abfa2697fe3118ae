"""A checkbox field (boolean with a codebook default) holds its default after an import, as after
the coding screen: a tester found the shipped codebook's `fatalities_split` stored as False for
incidents coded on screen and missing for imported ones, so the export said False for some rows
and NA for others, and an analyst could not tell "coded no" from "not coded"."""

from __future__ import annotations

import json
from pathlib import Path

from coder.codebook import load_codebook
from coder.codebook.values import fill_ticked_defaults
from coder.exchange.importer import import_file
from tests.conftest import REPO, write_project

ARTICLE = "003_ce92296724338f32"


def test_an_imported_incident_gets_the_checkbox_default(tmp_path: Path) -> None:
    codebook = REPO / "codebook.yaml"
    project = write_project(tmp_path / "p", codebook, gazetteer=REPO / "gazetteer.csv")
    path = tmp_path / "in.jsonl"
    incidents = [
        {"id": "ab" * 16, "values": {"event_date": "2020-09-07"}},
        {"id": "cd" * 16, "values": {"event_date": "2020-09-07", "fatalities_split": True}},
    ]
    rec = {"article": ARTICLE, "status": "draft", "incidents": incidents}
    path.write_text(json.dumps(rec) + "\n", encoding="utf-8")
    import_file(project, path, "dan")
    stored = json.loads(project.coder_path("dan").read_text(encoding="utf-8"))
    (doc,) = stored["records"].values()
    assert [i["values"].get("fatalities_split") for i in doc["incidents"]] == [False, True]


def test_only_booleans_with_a_default_that_apply_are_filled() -> None:
    codebook = load_codebook(REPO / "codebook.yaml")
    fields = codebook.incident_fields
    values: dict[str, object] = {}
    fill_ticked_defaults(fields, values)
    ticked = [f.name for f in fields if f.type == "boolean" and f.default is not None]
    assert ticked and values == {name: False for name in ticked}
    kept = {"fatalities_split": True}
    fill_ticked_defaults(fields, kept)
    assert kept == {"fatalities_split": True}
