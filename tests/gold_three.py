"""A third coder (cai) beside tests.gold_data's ann and ben, for the coder-vs-gold panel and the
lead's whole flow: three databases made through `coder import`, with disagreements.

cai codes the four articles ben coded, like ben except:
- 000: geo_precision 1 (as ann), event_type battles (as ben);
- 001: Daquq arrested 2 (as ann);
- 003: certainty high (as ann), injured 3 (nobody else).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from coder.exchange.importer import import_file
from coder.project import Project
from tests.gold_data import A000, A001, A003, codings
from tests.tui.conftest import REPO, make_project

Lines = dict[str, list[dict[str, Any]]]


def three_codings() -> Lines:
    out = codings()
    cai = []
    for line in copy.deepcopy(out["ben"]):
        line["coder"] = "cai"
        for inc in line["incidents"]:
            inc["id"] = inc["id"].replace("ben-", "cai-")
        first = line["incidents"][0]
        if line["article"] == A000:
            first["geo_precision"] = 1
        elif line["article"] == A001:
            first["arrested"] = 2
        elif line["article"] == A003:
            first.update(certainty="high", injured=3)
        cai.append(line)
    out["cai"] = cai
    return out


def line_of(lines: Lines, coder: str, article: str) -> dict[str, Any]:
    return next(x for x in lines[coder] if x["article"] == article)


def three_coder_project(tmp_path: Path, change: Callable[[Lines], None] | None = None) -> Project:
    """The shipped codebook and samples with ann, ben and cai imported (`change` edits the JSONL
    lines first)."""
    project = make_project(tmp_path / "three", REPO / "codebook.yaml")
    lines = three_codings()
    if change is not None:
        change(lines)
    folder = tmp_path / "jsonl3"
    folder.mkdir(parents=True, exist_ok=True)
    for coder, rows in lines.items():
        path = folder / f"{coder}.jsonl"
        path.write_text("".join(json.dumps(x) + "\n" for x in rows), encoding="utf-8")
        import_file(project, path, coder)
    return project


def drop_choice(project: Project, value: str) -> None:
    """Remove choice `value` (and its indented label/help lines) from the project's codebook,
    and from the article rule that lists it (`incidents_only_when: {relevant: [reported, ...]}`),
    which would otherwise name a choice that no longer exists."""
    lines = project.codebook_path.read_text(encoding="utf-8").split("\n")
    lines = [x.replace(f", {value}]", "]") if "incidents_only_when" in x else x for x in lines]
    start = lines.index(f"        - value: {value}")
    end = start + 1
    while lines[end].startswith("          "):
        end += 1
    project.codebook_path.write_text("\n".join(lines[:start] + lines[end:]), encoding="utf-8")


__all__ = ["A000", "A001", "A003", "drop_choice", "line_of", "three_coder_project", "three_codings"]
