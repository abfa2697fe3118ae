"""A generated comparison whose JSON report is kept as a fixture (tests/fixtures/).

`golden_report()` builds 4 coders' codings of 80 articles with the shipped codebook and
gazetteer (seeded, so always the same records): shuffled incidents, missed and extra ones,
disagreement in every incident field, a few values that are no longer valid choices (codebook
drift), article fields, multi fields, places, partial dates. The fixture was written by the code
of f2324ac, before the compare paths were made faster, so `test_compare_golden` fails if any of
that work changed a figure, a unit or a disagreement. Regenerate it (only for an intended change
of the report) with the code of a given tree first on the path:

    cd /tmp && PYTHONPATH=<tree> <repo>/.venv/bin/python <repo>/tests/compare_golden.py OUT.json

(from outside the repository, so that <tree>'s coder is the one imported).
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

COMPARED_KEYS_DROPPED = ("software",)
"""Keys of the report that name the program, not the data."""


def _value(field: Any, rng: random.Random, base_day: int, values: dict[str, Any]) -> Any:
    from coder.codebook.rules import fitting_choices

    if field.type == "date":
        d = base_day + rng.randint(0, 4)
        month = 1 + (d // 28) % 12
        day = 1 + d % 28
        return rng.choice([f"2019-{month:02d}-{day:02d}", f"2019-{month:02d}"])
    if field.type == "choice":
        return rng.choice(fitting_choices(field, values) or field.choices).value
    if field.type == "multi":
        picked = rng.sample(list(field.choices), rng.randint(1, 2))
        return sorted({c.value for c in picked}, key=str)
    if field.type == "integer":
        return rng.choice([0, 1, 2, 3, 5, 12])
    if field.type == "boolean":
        return rng.random() < 0.3
    if field.type == "place":
        return rng.choice(["IQ-KI", "IQ-DI", "IQ-SD", "IQ-NI", "IQ-AN"])
    return rng.choice(["Daquq", "daquq ", "Hawija", "Tuz Khurmatu"])


def golden_records() -> tuple[Any, dict[str, list[Any]]]:
    from coder.codebook.loader import load_codebook
    from coder.store.coder_store import ArticleRecord, Incident

    codebook = load_codebook(ROOT / "codebook.yaml")
    rng = random.Random(12)
    coders = ["ann", "bob", "cy", "dee"]
    records: dict[str, list[Any]] = {c: [] for c in coders}
    fields = [f for f in codebook.incident_fields if f.type not in ("longtext", "quote")]
    for a in range(80):
        base = rng.randint(0, 300)
        truth: list[dict[str, Any]] = []
        for _ in range(rng.choice([0, 1, 1, 2, 3, 4])):
            values: dict[str, Any] = {}
            for f in fields:
                if f.applies(values):
                    values[f.name] = _value(f, rng, base, values)
            truth.append(values)
        for n, c in enumerate(coders):
            if rng.random() < 0.1:
                continue  # this coder did not code the article
            incidents = []
            for k, t in enumerate(truth):
                if rng.random() < 0.07:
                    continue  # missed
                values = dict(t)
                for f in fields:
                    if f.name in values and rng.random() < 0.12:
                        values[f.name] = _value(f, rng, base + rng.randint(0, 9), values)
                if rng.random() < 0.03:
                    values["event_type"] = "retired_choice"  # drift: no longer a choice
                incidents.append(Incident(f"i{a}-{n}-{k}", values))
            if rng.random() < 0.05:
                incidents.append(Incident(f"x{a}-{n}", {"event_type": "battles"}))
            rng.shuffle(incidents)
            status = rng.choice(["done"] * 9 + ["draft"]) if incidents else "no_incident"
            relevant = "reported" if incidents else "not_reported"
            records[c].append(
                ArticleRecord(
                    article=f"a{a:04d}",
                    status=status,  # type: ignore[arg-type]
                    values={"relevant": relevant},
                    incidents=incidents,
                    codebook_version=codebook.version if rng.random() > 0.02 else "0.9",
                )
            )
    return codebook, records


def golden_report() -> dict[str, Any]:
    """The report as the JSON file has it (parsed back, so floats are what was written)."""
    import io

    from coder.compare import compare
    from coder.compare.json_form import write_report_json

    codebook, records = golden_records()
    out = io.StringIO()
    write_report_json(compare(codebook, records, bootstrap=200, seed=3), out)
    data = json.loads(out.getvalue())
    for key in COMPARED_KEYS_DROPPED:
        data.pop(key, None)
    return data  # type: ignore[no-any-return]


if __name__ == "__main__":
    Path(sys.argv[1]).write_text(json.dumps(golden_report(), indent=0, sort_keys=True) + "\n")
