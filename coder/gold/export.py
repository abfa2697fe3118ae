"""Provenance of the gold export: how each gold record came about, next to the data.

`coding/gold.json` holds the lead's decisions, but someone analysing the gold data set needs to
see, row by row, which values were agreed, which were decided and which are empty because the
disagreement is still open. The export therefore carries three extra items, added *after* the
usual export columns so `coder import` (which ignores them) and scripts that select columns by
name keep working:

* `gold_source`: `single coder: NAME` (only NAME finished the article: their record as is),
  `agreed` (compared, no disagreement here), `adjudicated` (every disagreement here settled by
  a decision, or not applicable under the decided values), `unsettled` (some left open).
* `gold_decided`: fields whose gold value is a lead's decision (a coder's value or a typed one);
  `incident` means a keep/drop decision on an incident that only some coders recorded.
* `gold_unsettled`: fields left empty because their disagreement is not settled; `incident`: an
  incident only some coders recorded was left out, undecided.

* `gold_flag`: the lead's note when they flagged the unit as a codebook problem.

CSV: a row holds an article's values and one incident's, so it gets both units' provenance, kept
apart: `gold_source, gold_decided, gold_unsettled, gold_flag` describe the article-level values
(and `incident` in them the article's incident decisions), `gold_incident_source`, ... the row's
incident (empty on the row of an article without incidents). They used to be merged, so an
article-level drop showed on an incident row as `incident` and an agreed incident read
`unsettled` because another incident was undecided. JSONL: `"gold": {"source", "decided",
"unsettled", "flag", "incidents": [{"id", "source", "decided", "unsettled", "flag"}]}` per
line, the article's own provenance at the top and each gold incident's in the list (same order
as "incidents").
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TextIO

from coder.codebook.model import Codebook
from coder.compare import COMPARED_STATUSES, ComparisonReport
from coder.exchange.csvsafe import neutralise
from coder.exchange.export import ExchangeError, ExportSummary, export
from coder.exchange.importer import GOLD_COLUMNS, GOLD_JSON_KEY
from coder.gold.build import Adjudication, UnitView
from coder.gold.store import INCIDENT, Decision
from coder.store.coder_store import ArticleRecord, Incident

INCIDENT_TOKEN = "incident"
"""How a keep/drop decision (or an undecided partial incident) is named in the lists."""
AGREED, ADJUDICATED, UNSETTLED = "agreed", "adjudicated", "unsettled"


@dataclass
class Provenance:
    """How one unit's (or one CSV row's) gold values came about."""

    source: str = AGREED
    decided: list[str] = field(default_factory=list)
    unsettled: list[str] = field(default_factory=list)
    disputed: bool = False
    """A disagreement was here (settled or not): `agreed` no longer describes it."""
    flag: str = ""
    """The lead's codebook-problem note on this unit (coder.gold.store.Flag), if any."""

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "decided": self.decided,
            "unsettled": self.unsettled,
            "flag": self.flag,
        }

    def cells(self) -> list[str]:
        return [self.source, ";".join(self.decided), ";".join(self.unsettled), self.flag]


@dataclass
class RecordProvenance:
    article: Provenance
    incidents: dict[str, Provenance] = field(default_factory=dict)
    """Gold incident id -> provenance of that incident's own values."""


def _union(a: Sequence[str], b: Sequence[str]) -> list[str]:
    return [*a, *(x for x in b if x not in a)]


def _source(p: Provenance) -> str:
    if p.unsettled:
        return UNSETTLED
    return ADJUDICATED if p.decided or p.disputed else AGREED


def _unit_provenance(
    adj: Adjudication, unit: UnitView, fresh: Mapping[tuple[str, str], Decision]
) -> Provenance:
    p = Provenance()
    if unit.scope == "incident" and (unit.key, INCIDENT) in fresh:
        p.decided.append(INCIDENT_TOKEN)
        p.disputed = True
    for f in adj.fields(unit):
        how = adj.gold_value(unit, f.name, fresh)[1]
        if how in ("decided", "edited"):
            p.decided.append(f.name)
        elif how == "unsettled":
            p.unsettled.append(f.name)
        p.disputed = p.disputed or (unit.key, f.name) in adj.disputed
    p.source = _source(p)
    return p


def provenance(
    report: ComparisonReport | None,
    records_by_coder: Mapping[str, Sequence[ArticleRecord]],
    codebook: Codebook,
    decisions: Mapping[tuple[str, str], Decision],
    flags: Mapping[str, str] | None = None,
) -> dict[str, RecordProvenance]:
    """Provenance of every article `coder.gold.build.build_gold_records` puts in the gold set
    (same rules: compared articles adjudicated, the rest from the first coder who finished it)."""
    out: dict[str, RecordProvenance] = {}
    if report is not None:
        adj = Adjudication(codebook, report, records_by_coder)
        fresh = adj.fresh(decisions)
        for article, units in adj.by_article.items():
            notes = flags or {}
            head = _unit_provenance(adj, units[0], fresh)
            head.flag = notes.get(units[0].key, "")
            rec = RecordProvenance(head)
            for unit in units[1:]:
                kept = adj.incident_kept(unit, fresh)
                if kept:
                    gold_id = "+".join(sorted(unit.incident_ids.values()))
                    rec.incidents[gold_id] = _unit_provenance(adj, unit, fresh)
                    rec.incidents[gold_id].flag = notes.get(unit.key, "")
                elif kept is False and INCIDENT_TOKEN not in head.decided:
                    head.decided.append(INCIDENT_TOKEN)
                elif kept is None and INCIDENT_TOKEN not in head.unsettled:
                    head.unsettled.append(INCIDENT_TOKEN)
            head.disputed = head.disputed or any(len(u.members) < len(u.coders) for u in units[1:])
            head.source = _source(head)
            out[article] = rec
    for coder in sorted(records_by_coder):
        for r in records_by_coder[coder]:
            if r.status in COMPARED_STATUSES and r.article not in out:
                out[r.article] = RecordProvenance(Provenance(source=f"single coder: {coder}"))
    return out


def check_gold_columns(codebook: Codebook) -> None:
    clash = sorted({f.name for f in codebook.all_fields()} & set(GOLD_COLUMNS))
    if clash:
        raise ExchangeError(
            f"{codebook.path or 'codebook'}: field {clash[0]!r} has the name of a gold export "
            "column; rename it in the codebook to export the gold data"
        )


def export_with_provenance(
    codebook: Codebook,
    label: str,
    records: Sequence[ArticleRecord],
    prov: Mapping[str, RecordProvenance],
    fmt: str,
    out: TextIO,
) -> ExportSummary:
    """The usual export of `records` (coder column `label`) with the provenance items added.
    The plain export is written first and extended row by row, so its layout is exactly what
    `coder export` writes (one code path for cells, quoting and formula neutralising)."""
    plain = io.StringIO(newline="")
    summary = export(codebook, [(label, records)], fmt, plain)
    if fmt == "csv":
        check_gold_columns(codebook)
        _csv_with_provenance(plain.getvalue(), records, prov, out)
    else:
        for line, record in zip(plain.getvalue().splitlines(), records, strict=True):
            obj = json.loads(line)
            rec = prov[record.article]
            gold = rec.article.to_json()
            gold["incidents"] = [
                {"id": inc.id, **rec.incidents.get(inc.id, rec.article).to_json()}
                for inc in record.incidents
            ]
            obj[GOLD_JSON_KEY] = gold
            out.write(json.dumps(obj, ensure_ascii=False) + "\n")
    return summary


def _csv_with_provenance(
    text: str,
    records: Sequence[ArticleRecord],
    prov: Mapping[str, RecordProvenance],
    out: TextIO,
) -> None:
    rows = csv.reader(io.StringIO(text, newline=""))
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*next(rows), *GOLD_COLUMNS])
    for record in records:
        rec = prov[record.article]
        incidents: list[Incident | None] = [*record.incidents] or [None]
        for inc in incidents:
            own = [""] * 4 if inc is None else rec.incidents.get(inc.id, rec.article).cells()
            extra = [*rec.article.cells(), *own]
            writer.writerow([*next(rows), *(neutralise(c) for c in extra)])
