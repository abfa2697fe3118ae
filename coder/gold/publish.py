"""Writing the gold data set: the coders' records, the lead's decisions and their provenance.

Kept apart from `build` (what the gold values are) and `export` (how provenance is written) so
that both stay free of file handling; the CLI (`coder export --gold`) and the review screen call
`write_gold` and show `unsettled_warning`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from coder.codebook.model import Codebook
from coder.compare.engine import compare
from coder.compare.results import CompareError, ComparisonReport
from coder.errors import CoderError
from coder.fsutil import write_output
from coder.gold.build import GOLD_LABEL, Adjudication, build_gold_records
from coder.gold.excluded import invalid_decisions_warning
from coder.gold.export import export_with_provenance, provenance
from coder.gold.store import GoldStore, gold_path
from coder.gold.typed_export import write_gold_typed
from coder.project import Project
from coder.store.coder_store import ArticleRecord


@dataclass
class GoldStatus:
    unsettled: int = 0
    stale: int = 0
    flagged: int = 0


def try_compare(
    codebook: Codebook, records: Mapping[str, Sequence[ArticleRecord]], bootstrap: int = 0
) -> ComparisonReport | None:
    """The comparison, or None when there is nothing to compare (one coder, nothing shared)."""
    try:
        return compare(codebook, records, bootstrap=bootstrap)
    except CompareError:
        return None


@dataclass
class GoldExport:
    """What `write_gold` wrote, for the CLI's stderr lines and the review's notification."""

    records: int
    rows: int
    warnings: list[str]
    status: GoldStatus


def write_gold(
    project: Project, fmt: str, out: str | None, gold: GoldStore | None = None
) -> GoldExport:
    """Export the gold data set (re-reading the coders' records) to `out` (None/"-": stdout),
    atomically. `gold`: an already open gold store (the review holds one); else it is opened
    read-only."""
    codebook = project.load_codebook()
    records = project.load_records()
    if not records:
        raise CoderError(f"no coder databases in {project.data_dir}: nothing to export")
    report = try_compare(codebook, records)
    store = gold if gold is not None else GoldStore.open(gold_path(project.data_dir), "", True)
    try:
        decisions = store.decisions()
        flags = {unit: f.note for unit, f in store.flags().items()}
        status = GoldStatus(flagged=len(flags))
        if report is not None:
            adj = Adjudication(codebook, report, records)
            fresh = adj.fresh(decisions)
            settled, total = adj.progress(adj.items(), fresh)
            status.unsettled = total - settled
            status.stale = len(store.stale(adj.units))
    finally:
        if gold is None:
            store.close()
    gold_records = build_gold_records(report, records, codebook, decisions)
    prov = provenance(report, records, codebook, decisions, flags)
    if fmt in ("parquet", "dta"):
        summary = write_gold_typed(codebook, GOLD_LABEL, gold_records, prov, fmt, out)
    else:
        summary = write_output(
            out,
            lambda f: export_with_provenance(codebook, GOLD_LABEL, gold_records, prov, fmt, f),
        )
    refused = invalid_decisions_warning(codebook, decisions)
    warnings = [*summary.warnings, *([refused] if refused else [])]
    return GoldExport(summary.records, summary.rows, warnings, status)


def unsettled_warning(status: GoldStatus) -> str:
    """The sentence both the CLI and the review use for a gold set exported half-settled."""
    if not status.unsettled:
        return ""
    stale = f", {status.stale} of them with a stale decision" if status.stale else ""
    return (
        f"{status.unsettled} disagreement(s) are not settled{stale}; their values were left "
        "empty (incidents only some coders recorded were left out). Settle them with "
        "`coder review`."
    )
