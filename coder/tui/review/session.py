"""The review mode's state: the coders' records, their comparison, the adjudication model and the
gold database, shared by the dashboard and the disagreement walk.

`load()` is slow (reads every database, aligns incidents, bootstraps CIs) and is meant for a worker
thread; everything else is quick. No Textual here, so the screens stay thin.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from coder.articles import ArticleSet
from coder.codebook.model import Codebook
from coder.compare import ComparisonReport, compare
from coder.errors import CoderError
from coder.gold.build import Adjudication, Item, UnitView
from coder.gold.store import EDITED, INCIDENT, Decision, GoldStore, Stale
from coder.project import Project
from coder.store.coder_store import ArticleRecord

BOOTSTRAP = 1000


class ReviewSession:
    def __init__(
        self,
        project: Project,
        codebook: Codebook,
        articles: ArticleSet,
        coders: Sequence[str] | None,
        gold: GoldStore,
        *,
        readonly_reason: str = "",
        bootstrap: int = BOOTSTRAP,
    ) -> None:
        self.project = project
        self.codebook = codebook
        self.articles = articles
        self.wanted = list(coders) if coders else None
        self.gold = gold
        self.readonly_reason = readonly_reason
        self.bootstrap = bootstrap
        self.records: dict[str, list[ArticleRecord]] = {}
        self.report: ComparisonReport | None = None
        self.adj: Adjudication | None = None

    def load(self) -> None:
        """Read the coders' databases and compare them (raises CoderError if nothing can be)."""
        self.records = self.project.load_records(self.wanted)
        self.report = compare(self.codebook, self.records, bootstrap=self.bootstrap)
        self.adj = Adjudication(self.codebook, self.report, self.records)

    @property
    def ready(self) -> Adjudication:
        if self.adj is None:
            raise CoderError("the comparison has not been computed yet")
        return self.adj

    # -- state ----------------------------------------------------------------------------------

    def fresh(self) -> dict[tuple[str, str], Decision]:
        return self.ready.fresh(self.gold.decisions())

    def stale(self) -> list[Stale]:
        return self.gold.stale(self.ready.units)

    def items(self, field: str | None = None) -> list[Item]:
        return self.ready.items(field)

    def progress(self, items: Sequence[Item]) -> tuple[int, int]:
        return self.ready.progress(items, self.fresh())

    def first_unsettled(self, items: Sequence[Item]) -> int:
        found = self.next_unsettled(items, -1)
        return 0 if found is None else found

    def next_unsettled(self, items: Sequence[Item], after: int) -> int | None:
        """Index of the first unsettled item after `after` in walk order (unit by unit, fields in
        codebook order), wrapping round to the start; None when every item is settled."""
        adj, fresh = self.ready, self.fresh()
        n = len(items)
        for k in range(1, n + 1):
            j = (after + k) % n
            if not adj.is_settled(items[j], fresh):
                return j
        return None

    def disagreement_counts(self) -> dict[str, tuple[int, int]]:
        """field -> (open, all) disagreements."""
        adj, fresh = self.ready, self.fresh()
        counts: dict[str, tuple[int, int]] = {}
        for item in self.items():
            still, total = counts.get(item.field, (0, 0))
            counts[item.field] = (still + (not adj.is_settled(item, fresh)), total + 1)
        return counts

    # -- decisions ------------------------------------------------------------------------------

    def take(self, unit: UnitView, field: str, coder: str) -> Decision:
        """Take `coder`'s value (credited to every coder who gave the same value)."""
        if field == INCIDENT:
            return self.gold.accept_incident(unit.key, coder in unit.cells, unit.based_on(INCIDENT))
        from coder.codebook.values import check_value
        from coder.gold.store import same_value

        excluded, stored = unit.excluded_value(coder, field)
        if excluded:
            raise CoderError(
                f"{coder}'s {field} {stored!r} is not a choice of the current codebook (removed?) "
                "and cannot go into gold: take another coder's value, type one with e, or map it "
                f"in {coder}'s database"
            )
        value = unit.value(coder, field)
        f = self.ready.field(unit, field)
        problem = None if f is None else check_value(f, value)
        if f is None or problem is not None:
            raise CoderError(
                f"{coder}'s {field} cannot go into gold: "
                f"{problem or 'the codebook has no such field'}; type the gold value with e"
            )
        source = [c for c in unit.coders if same_value(unit.value(c, field), value)]
        return self.gold.decide(unit.key, field, value, source, unit.based_on(field))

    def edit(self, unit: UnitView, field: str, value: Any) -> Decision:
        return self.gold.decide(unit.key, field, value, EDITED, unit.based_on(field))

    def accept_agreed(self, unit: UnitView) -> int:
        """Record a decision for every field the unit's coders agree on (at least one value,
        all given values equal, not disputed); returns how many were recorded."""
        adj = self.ready
        fresh = self.fresh()
        n = 0
        for f in adj.fields(unit):
            if (unit.key, f.name) in fresh or (unit.key, f.name) in adj.disputed:
                continue
            _, how = adj.gold_value(unit, f.name, fresh)
            if how != "agreed":
                continue
            first = next(c for c in unit.members if unit.value(c, f.name) is not None)
            self.take(unit, f.name, first)
            n += 1
        return n
