"""The assignment plan as data: who codes which articles, and the reliability subsample.

A plan is what `coder assign` writes to `assignments.yaml` and what the coding screen, `coder
progress`, `coder compare` and `coder sync` read. It is kept apart from the YAML (plan.py) and the
algorithm (assign.py) so each can be read, and tested, on its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations

PLAN_FILE = "assignments.yaml"
PLAN_VERSION = 1


@dataclass
class Plan:
    """Every article of the project goes to one coder; `overlap` articles go to several.

    `assignments` keeps each coder's articles in plan order (the order the coding screen shows
    them). `weights` are the active coders; a coder who left keeps their started articles under
    `assignments` and is listed in `inactive`, so nothing they coded disappears from the plan.
    """

    weights: dict[str, float]
    assignments: dict[str, list[str]]
    overlap: list[str] = field(default_factory=list)
    seed: int = 0
    overlap_fraction: float | None = None
    overlap_n: int | None = None
    per_overlap: int | None = 2
    """Coders per overlap article; None means every active coder."""
    drawn_from: int = 0
    """How many articles the project had when the subsample was last drawn (the N of "n of N")."""
    lead: str | None = None
    inactive: list[str] = field(default_factory=list)

    @property
    def coders(self) -> list[str]:
        """Active coders first (in plan order), then those who left."""
        return [*self.weights, *(c for c in self.inactive if c not in self.weights)]

    def articles_of(self, coder: str) -> list[str]:
        return list(self.assignments.get(coder, []))

    def coders_of(self) -> dict[str, list[str]]:
        """Article id -> the coders it is assigned to, in plan order of the coders."""
        out: dict[str, list[str]] = {}
        for coder in self.coders:
            for article in self.assignments.get(coder, []):
                out.setdefault(article, []).append(coder)
        return out

    def k(self) -> int:
        """Coders per overlap article as a number (all active coders when `per_overlap` is None)."""
        return len(self.weights) if self.per_overlap is None else self.per_overlap

    def pairs_covered(self) -> tuple[int, int]:
        """(pairs of active coders who share at least one overlap article, all pairs)."""
        active = list(self.weights)
        owners = self.coders_of()
        shared: set[tuple[str, str]] = set()
        for article in self.overlap:
            who = sorted(c for c in owners.get(article, []) if c in self.weights)
            shared.update(combinations(who, 2))
        return len(shared), len(active) * (len(active) - 1) // 2

    def design_sentence(self) -> str:
        """The methods sentence for a report: how the reliability subsample was drawn."""
        n = len(self.overlap)
        total = self.drawn_from or n
        share = f"{100 * n / total:.0f}%" if total else "0%"
        k = "every coder" if self.per_overlap is None else f"{self.per_overlap} coders"
        noun, verb = ("article", "was") if n == 1 else ("articles", "were")
        return (
            f"{n} {noun} ({share}) drawn at random (seed {self.seed}) from {total} {verb} "
            f"coded independently by {k}"
        )
