"""The gold export as Parquet or Stata .dta: the typed columns of `coder export` plus provenance.

A lead publishes the adjudicated data to R, Stata and pandas users; CSV loses the types (counts
with a missing value become floats, partial dates break `to_datetime`), so the gold set gets the
same typed formats as a coder's export (coder.exchange.typed), with the provenance columns of the
CSV gold export (coder.gold.export) appended as text: `gold_source`, `gold_decided`, ...
one value per row (an article's values and one incident's, as in the CSV), missing when empty.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from coder.codebook.model import Codebook
from coder.exchange.export import ExportSummary
from coder.exchange.importer import GOLD_COLUMNS
from coder.gold.export import RecordProvenance, check_gold_columns
from coder.store.coder_store import ArticleRecord, Incident

LABELS = {
    "gold_source": "Gold: how the article's values came about",
    "gold_decided": "Gold: article fields decided by the lead",
    "gold_unsettled": "Gold: article fields left empty (unsettled)",
    "gold_flag": "Gold: lead's codebook-problem note (article)",
    "gold_incident_source": "Gold: how the incident's values came about",
    "gold_incident_decided": "Gold: incident fields decided by the lead",
    "gold_incident_unsettled": "Gold: incident fields left empty (unsettled)",
    "gold_incident_flag": "Gold: lead's codebook-problem note (incident)",
}


def provenance_columns(
    records: Sequence[ArticleRecord], prov: Mapping[str, RecordProvenance]
) -> dict[str, tuple[str, list[str | None]]]:
    """GOLD_COLUMNS -> (label, one value per export row), rows as the typed export makes them."""
    cells: list[list[str]] = []
    for record in records:
        rec = prov[record.article]
        incidents: list[Incident | None] = [*record.incidents] or [None]
        for inc in incidents:
            own = [""] * 4 if inc is None else rec.incidents.get(inc.id, rec.article).cells()
            cells.append([*rec.article.cells(), *own])
    # empty is missing (NA), as in every other text column of the typed exports
    return {
        name: (LABELS.get(name, name), [row[i] or None for row in cells])
        for i, name in enumerate(GOLD_COLUMNS)
    }


def write_gold_typed(
    codebook: Codebook,
    label: str,
    records: Sequence[ArticleRecord],
    prov: Mapping[str, RecordProvenance],
    fmt: str,
    out: str | None,
) -> ExportSummary:
    from coder.exchange.typed import write_typed  # pandas is an optional extra

    check_gold_columns(codebook)
    return write_typed(
        codebook, [(label, records)], fmt, out, extra=provenance_columns(records, prov)
    )
