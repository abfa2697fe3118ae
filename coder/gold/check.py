"""`coder check` for the gold database: every decision's value valid under today's codebook.

A codebook changes after adjudication began: a choice is removed (`source_type: social_media`), a
field renamed. The coders' databases were checked, the gold set was not, so the gold export wrote
values that `coder import` then refused. This reports each decision whose field the codebook no
longer has or whose value it no longer accepts, with the unit and what to do.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from coder.codebook.model import Codebook
from coder.codebook.values import check_value
from coder.gold.excluded import decision_field
from coder.gold.store import INCIDENT, GoldStore, gold_path
from coder.store.storage import StoreError


@dataclass(frozen=True)
class GoldProblem:
    path: Path
    severity: str
    message: str


def check_gold(data_dir: Path, codebook: Codebook | None) -> list[GoldProblem]:
    """Problems of the project's gold database (none when there is no gold database yet)."""
    path = gold_path(data_dir)
    if not path.exists():
        return []
    try:
        with GoldStore.open(path, "", readonly=True) as store:
            decisions = store.decisions()
    except StoreError as e:
        return [GoldProblem(path, "error", str(e))]
    if codebook is None:
        return []
    out: list[GoldProblem] = []
    for (unit, name), d in sorted(decisions.items()):
        if name == INCIDENT:
            if not isinstance(d.value, bool):
                out.append(GoldProblem(path, "error", f"unit {unit}: incident decision is not "
                                       "yes/no; decide it again in `coder review`"))  # fmt: skip
            continue
        f = decision_field(codebook, unit, name)
        if f is None:
            out.append(
                GoldProblem(
                    path,
                    "error",
                    f"unit {unit}: decision on '{name}', which the codebook no longer has "
                    "(renamed or removed?); rename it back or decide again in `coder review`",
                )
            )
            continue
        problem = check_value(f, d.value)
        if problem is not None:
            out.append(
                GoldProblem(
                    path,
                    "error",
                    f"unit {unit}: {name}: gold value {problem}; decide it again in "
                    "`coder review` (the export would write a value `coder import` refuses)",
                )
            )
    return out
