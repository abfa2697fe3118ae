"""What there is to adjudicate, and the gold records that result from the lead's decisions.

`Adjudication` turns a `ComparisonReport` plus the coders' records into *units* (an article's
article-level values, or one aligned incident unit) and *items* (one thing to settle): every
disagreement the report lists (the statistic's own definition: two or more non-empty values that
differ at the field's level; derived fields are settled through their sources) and every incident
unit that only some of the article's coders recorded (keep it or drop it).

The gold value of a field in a unit (`gold_value`):
1. a decision that is not stale (coder.gold.store.stale_reason) wins;
2. a disagreement without such a decision is *unsettled*: left empty;
3. otherwise the first non-empty value in coder order: the coders agree, or only one coded it.
   Free-text fields that are not compared (level `none`: notes, evidence, place names) also take
   the text of the coder whose values the lead took most in that unit (else the first coder's).
Values of fields whose `when:` does not hold under the gold values are dropped, so a gold record
is never internally inconsistent; a disagreement on such a field needs no decision (it counts as
settled "not applicable", and opens again if the controlling decision changes). Articles finished
by a single coder go into the gold set as that coder recorded them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from coder.codebook.model import Codebook, Field
from coder.codebook.values import is_empty, prune_inapplicable
from coder.compare import COMPARED_STATUSES, ComparisonReport
from coder.compare.data import derived_fields, is_derived
from coder.compare.drift import excluded_choices
from coder.gold.excluded import dropped_incident_values, valid_decisions
from coder.gold.store import INCIDENT, Decision, same_value, stale_reason
from coder.store.coder_store import ArticleRecord, Incident

GOLD_LABEL = "gold"


@dataclass(frozen=True)
class UnitView:
    """One adjudication unit with each coder's stored values."""

    key: str
    article: str
    scope: str
    """"article" or "incident"."""
    number: int
    """1-based incident number within the article (0 for the article unit)."""
    coders: tuple[str, ...]
    """Coders who finished the article (all of them are compared on it)."""
    cells: Mapping[str, Mapping[str, Any]]
    """coder -> values, for the coders who recorded this unit."""
    incident_ids: Mapping[str, str] = field(default_factory=dict)
    excluded: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    """coder -> {field: stored value} of the values compare excluded because the codebook no
    longer has that choice (left out of `cells`: never a gold value; the walk shows them)."""

    def excluded_value(self, coder: str, name: str) -> tuple[bool, Any]:
        """(True, stored value) when `coder`'s value of `name` was excluded as codebook drift."""
        cell = self.excluded.get(coder, {})
        return (name in cell), cell.get(name)

    @property
    def members(self) -> tuple[str, ...]:
        return tuple(c for c in self.coders if c in self.cells)

    def value(self, coder: str, name: str) -> Any:
        cell = self.cells.get(coder)
        v = None if cell is None else cell.get(name)
        return None if is_empty(v) else v

    def based_on(self, name: str) -> dict[str, Any]:
        """What a decision on `name` is based on: each article coder's current value."""
        if name == INCIDENT:
            return {c: c in self.cells for c in self.coders}
        return {c: self.value(c, name) for c in self.coders}

    @property
    def title(self) -> str:
        return self.article if self.scope == "article" else f"{self.article} incident {self.number}"


@dataclass(frozen=True)
class Item:
    """One thing to settle: a disagreement on `field` in `unit`, or (field INCIDENT) whether an
    incident that only some coders recorded is in the gold data."""

    unit: UnitView
    field: str


class Adjudication:
    """The pure model behind the review screens and `coder export --gold`."""

    def __init__(
        self,
        codebook: Codebook,
        report: ComparisonReport,
        records_by_coder: Mapping[str, Sequence[ArticleRecord]],
    ) -> None:
        self.codebook = codebook
        self.report = report
        self.coders = report.coders
        finished = {
            c: {r.article: r for r in records_by_coder.get(c, ()) if r.status in COMPARED_STATUSES}
            for c in self.coders
        }
        self.statuses: dict[str, dict[str, str]] = {}
        self.units: dict[str, UnitView] = {}
        self.by_article: dict[str, list[UnitView]] = {}
        aligned = {a.article: a for a in report.aligned}
        dropped = dropped_incident_values(report, finished)
        for article in report.articles:
            coders = tuple(c for c in self.coders if article in finished[c])
            self.statuses[article] = {c: finished[c][article].status for c in coders}
            # article values as compare read them: a choice the codebook no longer has is
            # excluded here too (incident cells come from the aligned, already cleaned records),
            # so it is neither shown as a value to take nor carried into gold as "first coder"
            art_cells: dict[str, Mapping[str, Any]] = {}
            art_excluded: dict[str, Mapping[str, Any]] = {}
            for c in coders:
                values = finished[c][article].values
                bad = excluded_choices(codebook.article_fields, values)
                art_cells[c] = {k: v for k, v in values.items() if k not in bad}
                if bad:
                    art_excluded[c] = bad
            units = [UnitView(article, article, "article", 0, coders, art_cells,
                              excluded=art_excluded)]  # fmt: skip
            art = aligned.get(article)
            for u in art.units if art is not None else ():
                units.append(
                    UnitView(
                        key=u.key,
                        article=article,
                        scope="incident",
                        number=u.index + 1,
                        coders=coders,
                        cells={c: m.values for c, m in u.members.items()},
                        incident_ids={c: m.incident_id for c, m in u.members.items()},
                        excluded={
                            c: dropped[(c, m.incident_id)]
                            for c, m in u.members.items()
                            if (c, m.incident_id) in dropped
                        },
                    )
                )
            self.by_article[article] = units
            self.units.update((v.key, v) for v in units)
        derived = set(derived_fields())
        self.disputed: set[tuple[str, str]] = {
            (d.unit_key, d.field)
            for d in report.disagreements
            if d.field not in derived and not is_derived(d.field)
        }

    # -- items ----------------------------------------------------------------------------------

    def fields(self, unit: UnitView) -> tuple[Field, ...]:
        return self.codebook.fields("article" if unit.scope == "article" else "incident")

    def items(self, field_name: str | None = None) -> list[Item]:
        """Everything to settle, article by article (the article's own values first), fields in
        codebook order; `field_name` keeps one field's disagreements (INCIDENT: the incidents)."""
        out: list[Item] = []
        for units in self.by_article.values():
            for unit in units:
                partial = unit.scope == "incident" and len(unit.members) < len(unit.coders)
                if partial and field_name in (None, INCIDENT):
                    out.append(Item(unit, INCIDENT))
                for f in self.fields(unit):
                    if (unit.key, f.name) in self.disputed and field_name in (None, f.name):
                        out.append(Item(unit, f.name))
        return out

    def fresh(
        self, decisions: Mapping[tuple[str, str], Decision]
    ) -> dict[tuple[str, str], Decision]:
        """The decisions that still fit the coders' current values and whose value the current
        codebook accepts (one on a choice since removed is unsettled: coder.gold.excluded)."""
        return {
            k: d
            for k, d in valid_decisions(self.codebook, decisions).items()
            if stale_reason(d, self.units.get(d.unit)) is None
        }

    def is_settled(self, item: Item, fresh: Mapping[tuple[str, str], Decision]) -> bool:
        return self.settled_how(item, fresh) != ""

    def settled_how(self, item: Item, fresh: Mapping[tuple[str, str], Decision]) -> str:
        """How an item is settled: "decided", "incident dropped" (a value of an incident the lead
        dropped needs no decision), "not applicable" (its `when:` fails under the gold values
        already settled), or "" while it is open. Not stored: it re-opens by itself when the
        controlling decision changes."""
        if (item.unit.key, item.field) in fresh:
            return "decided"
        if item.field == INCIDENT:
            return ""
        if self.incident_kept(item.unit, fresh) is False:
            return "incident dropped"
        if self.applies(item.unit, item.field, fresh) is False:
            return "not applicable"
        return ""

    def progress(
        self, items: Sequence[Item], fresh: Mapping[tuple[str, str], Decision]
    ) -> tuple[int, int]:
        return sum(self.is_settled(i, fresh) for i in items), len(items)

    # -- gold values ----------------------------------------------------------------------------

    def incident_kept(
        self, unit: UnitView, fresh: Mapping[tuple[str, str], Decision]
    ) -> bool | None:
        """Whether an incident unit is in the gold data; None while that is unsettled."""
        d = fresh.get((unit.key, INCIDENT))
        if d is not None:
            return bool(d.value)
        return True if len(unit.members) == len(unit.coders) else None

    def field(self, unit: UnitView, name: str) -> Field | None:
        return next((f for f in self.fields(unit) if f.name == name), None)

    def applies(
        self,
        unit: UnitView,
        name: str,
        fresh: Mapping[tuple[str, str], Decision],
        _seen: frozenset[str] = frozenset(),
    ) -> bool | None:
        """Whether field `name` applies under the unit's gold values: False when its `when:`
        fails given the gold value of its controlling field (or that field does not apply
        itself), None while the controlling value is still unsettled (we cannot know yet)."""
        f = self.field(unit, name)
        if f is None or f.when is None:
            return True
        ctl = f.when.field
        if ctl in _seen or self.field(unit, ctl) is None:
            return False  # as coder.codebook.values.applicable: a broken chain never applies
        ctl_applies = self.applies(unit, ctl, fresh, _seen | {name})
        if ctl_applies is False:
            return False
        value, how = self._gold_value(unit, ctl, fresh)
        if ctl_applies is None or how == "unsettled":
            return None
        return f.when.holds({ctl: value})

    def gold_value(
        self, unit: UnitView, name: str, fresh: Mapping[tuple[str, str], Decision]
    ) -> tuple[Any, str]:
        """The gold value and how it was reached: "decided", "edited", "unsettled", "agreed",
        "one coder", "first coder" (free text that differs), "empty" or "not applicable" (the
        field's `when:` fails under the gold values: it stays empty whatever the coders gave)."""
        if self.applies(unit, name, fresh) is False:
            return None, "not applicable"
        return self._gold_value(unit, name, fresh)

    def _gold_value(
        self, unit: UnitView, name: str, fresh: Mapping[tuple[str, str], Decision]
    ) -> tuple[Any, str]:
        d = fresh.get((unit.key, name))
        if d is not None:
            return d.value, ("edited" if d.source == "edited" else "decided")
        if (unit.key, name) in self.disputed:
            return None, "unsettled"
        given = [(c, unit.value(c, name)) for c in unit.members]
        given = [(c, v) for c, v in given if v is not None]
        if not given:
            return None, "empty"
        if len(given) == 1:
            return given[0][1], "one coder"
        first = given[0][1]
        if all(same_value(v, first) for _, v in given):
            return first, "agreed"
        # Free text that differs (notes, evidence): the text of the coder whose values the lead
        # took in this unit, not the overruled coder's; else the first coder's.
        taken = self._taken(unit, fresh)
        best = min(given, key=lambda cv: (-taken.get(cv[0], 0), unit.members.index(cv[0])))
        return best[1], "first coder"

    def _taken(self, unit: UnitView, fresh: Mapping[tuple[str, str], Decision]) -> dict[str, int]:
        """How many of the unit's decisions took each coder's value."""
        out: dict[str, int] = {}
        for (key, _), d in fresh.items():
            if key == unit.key and isinstance(d.source, list):
                for c in d.source:
                    out[c] = out.get(c, 0) + 1
        return out

    def gold_values(
        self, unit: UnitView, fresh: Mapping[tuple[str, str], Decision]
    ) -> dict[str, Any]:
        fields = self.fields(unit)
        values = {f.name: self.gold_value(unit, f.name, fresh)[0] for f in fields}
        return prune_inapplicable(fields, {k: v for k, v in values.items() if v is not None})

    def record(self, article: str, fresh: Mapping[tuple[str, str], Decision]) -> ArticleRecord:
        units = self.by_article[article]
        incidents = [
            Incident("+".join(sorted(u.incident_ids.values())), self.gold_values(u, fresh))
            for u in units[1:]
            if self.incident_kept(u, fresh)
        ]
        statuses = set(self.statuses[article].values())
        status = statuses.pop() if len(statuses) == 1 else ("done" if incidents else "no_incident")
        if status == "no_incident" and incidents:
            status = "done"
        undecided = any(self.incident_kept(u, fresh) is None for u in units[1:])
        if len(statuses) > 1 and not incidents and undecided:
            # Coders disagree whether the article reports an incident and the lead has not said:
            # "no_incident" would be a claim nobody made. Unfinished, like a coder's draft.
            status = "draft"
        return ArticleRecord(
            article=article,
            status=status,  # type: ignore[arg-type]
            values=self.gold_values(units[0], fresh),
            incidents=incidents,
        )


def build_gold_records(
    report: ComparisonReport | None,
    records_by_coder: Mapping[str, Sequence[ArticleRecord]],
    codebook: Codebook,
    decisions: Mapping[tuple[str, str], Decision],
) -> list[ArticleRecord]:
    """The gold data set: adjudicated records of the compared articles, plus every article that
    only one coder finished, as that coder recorded it (sorted by article id)."""
    out: dict[str, ArticleRecord] = {}
    if report is not None:
        adj = Adjudication(codebook, report, records_by_coder)
        fresh = adj.fresh(decisions)
        out = {a: adj.record(a, fresh) for a in report.articles}
    for coder in sorted(records_by_coder):
        for r in records_by_coder[coder]:
            if r.status in COMPARED_STATUSES and r.article not in out:
                out[r.article] = r
    return [out[a] for a in sorted(out)]
