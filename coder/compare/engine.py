"""Inter-coder comparison of several coders' records: the data behind `coder compare`.

`compare()` takes the codebook and each coder's records and returns a `ComparisonReport`: which
articles were compared, the aligned incident units (`alignment`), per-field Krippendorff's
alpha with its level, units, pairable values, bootstrap CI, percent agreement and pairwise Cohen's
kappa (statistics from coder.agreement), detection agreement, a coder x coder matrix and the list
of disagreements. Rendering lives in coder.compare.report; this module only computes
(the report's shapes are in coder.compare.results, its JSON form in coder.compare.json_form).

Decisions (documented for users in docs/compare.md):
- An article is compared when two or more of the coders compared finished it (status `done` or
  `no_incident`); drafts are ignored.
- An empty value is missing, never a disagreement: this covers a field whose `when:` condition did
  not hold for that coder (the disagreement is counted once, on the controlling field), a coder
  who did not record the unit's incident (counted in detection agreement) and an unfilled
  optional field. Units with fewer than two values drop out, as Krippendorff defines.
- Two derived article fields: `derived:any_incident` (nominal: at least one incident) and
  `derived:n_incidents` (interval: how many).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from itertools import combinations

import numpy as np

from coder.codebook.model import Codebook
from coder.compare.alignment import MIN_SIMILARITY, AlignedArticle, align
from coder.compare.data import FieldData, build_field_data, is_derived
from coder.compare.dates import date_agreements
from coder.compare.drift import clean_records, drift_warnings
from coder.compare.place_level import place_warnings
from coder.compare.results import (
    COMPARED_STATUSES,
    CompareError,
    ComparisonReport,
    Detection,
    Disagreements,
    FieldResult,
    PairAgreement,
    PairDetection,
    RecordLike,
    RowFactory,
    T,
)
from coder.compare.similarity import match_fields
from coder.compare.stats import all_field_stats, pair_alphas
from coder.gc_pause import gc_paused


def compare(
    codebook: Codebook,
    records_by_coder: Mapping[str, Sequence[RecordLike]],
    *,
    bootstrap: int = 1000,
    seed: int = 0,
    min_similarity: float = MIN_SIMILARITY,
    progress: Callable[[int, int], None] | None = None,
    typed_only: bool = False,
) -> ComparisonReport:
    """Compare the coders in `records_by_coder`; raises CompareError when nothing can be.

    `typed_only`: values accepted from a suggestion count as missing (coder.compare.typed_only)."""
    with gc_paused():
        cleaned, dropped, versions = clean_records(codebook, records_by_coder)
        report = _compare(
            codebook, cleaned, bootstrap, seed, min_similarity, progress, typed_only=typed_only
        )
        report.drift = drift_warnings(codebook, dropped, versions) + place_warnings(
            codebook.all_fields(), cleaned, set(report.articles)
        )
        report.drift_values = dropped
        return report


def _compare(
    codebook: Codebook,
    records_by_coder: Mapping[str, Sequence[RecordLike]],
    bootstrap: int,
    seed: int,
    min_similarity: float,
    progress: Callable[[int, int], None] | None,
    *,
    typed_only: bool = False,
) -> ComparisonReport:
    coders = tuple(sorted(records_by_coder))
    if len(coders) < 2:
        found = ", ".join(coders) or "none"
        raise CompareError(
            f"compare needs at least two coders (found: {found}); code the same articles as a "
            "second coder or pass --coders a,b"
        )
    by_article: dict[str, dict[str, RecordLike]] = {}
    for coder in coders:
        for r in records_by_coder[coder]:
            if r.status in COMPARED_STATUSES:
                by_article.setdefault(r.article, {})[coder] = r
    shared = {a: recs for a, recs in by_article.items() if len(recs) >= 2}
    if not shared:
        raise CompareError(
            f"no article was finished (status done or no incident) by two or more of "
            f"{', '.join(coders)}: nothing to compare yet"
        )
    articles = tuple(sorted(shared))
    skipped = {c: len(records_by_coder[c]) for c in coders}
    for recs in shared.values():
        for c in recs:
            skipped[c] -= 1
    aligned = align(
        codebook,
        {a: {c: list(r.incidents) for c, r in shared[a].items()} for a in articles},
        min_similarity,
    )
    counted = aligned
    if typed_only:  # the units stay as aligned on every value; only the statistics change
        from coder.compare.typed_only import mask_suggested, suggested_index

        counted = mask_suggested(aligned, suggested_index(shared))
    data = build_field_data(codebook, coders, articles, shared, counted)
    matching = {f.name for f in match_fields(codebook)}
    results: list[FieldResult] = []
    pair_values: dict[tuple[str, str], list[float]] = {}
    pair_pa: dict[tuple[str, str], list[float]] = {}
    all_stats = all_field_stats(
        data.fields, coders, bootstrap=bootstrap, seed=seed, progress=progress
    )
    for fd, (stats, prepared) in zip(data.fields, all_stats, strict=True):
        results.append(
            FieldResult(
                field=fd.name,
                label=fd.label,
                scope=fd.scope,
                type=fd.type,
                level=fd.level,
                stats=stats,
                matching_field=fd.scope == "incident" and fd.name in matching,
                derived=is_derived(fd.name),
            )
        )
        for (i, j), (a, pa) in pair_alphas(fd, len(coders), prepared).items():
            if a is not None:
                pair_values.setdefault((coders[i], coders[j]), []).append(a)
            if pa is not None:
                pair_pa.setdefault((coders[i], coders[j]), []).append(pa)
    # Each field's encoded data (~40 MB at 5 x 10k) is freed before the disagreement list,
    # the report's largest part, is built.
    del all_stats
    pairs = [
        PairAgreement(
            coders=(a, b),
            mean_alpha=_mean(pair_values.get((a, b))),
            fields=len(pair_values.get((a, b), [])),
            percent_agreement=_mean(pair_pa.get((a, b))),
        )
        for a, b in combinations(coders, 2)
    ]
    return ComparisonReport(
        coders=coders,
        articles=articles,
        fields=results,
        aligned=aligned,
        detection=_detection(coders, aligned),
        pairs=pairs,
        disagreements=_disagreements(data.fields, coders),
        excluded=list(data.excluded),
        bootstrap=bootstrap,
        seed=seed,
        min_similarity=min_similarity,
        match_fields=tuple(f.name for f in match_fields(codebook)),
        skipped=skipped,
        dates=date_agreements(data.fields),
    )


def _disagreements(fields: Sequence[FieldData], coders: Sequence[str]) -> Disagreements:
    """The disagreement list, made when first read: counted now from the matrices (the table
    prints only the count), its rows made by the caller that reads them."""
    count = sum(int(fd.disagreeing().size) for fd in fields)

    def rows(make: RowFactory[T]) -> Iterator[T]:
        return (row for fd in fields for row in fd.disagreement_rows(coders, make))

    return Disagreements(count, rows)


def _mean(values: list[float] | None) -> float | None:
    return float(np.mean(values)) if values else None


def _detection(coders: Sequence[str], aligned: Sequence[AlignedArticle]) -> Detection:
    counts: dict[tuple[str, str], list[int]] = {p: [0, 0, 0, 0] for p in combinations(coders, 2)}
    n_units = all_coders = one_coder = 0
    for art in aligned:
        n_units += len(art.units)
        per_coder = {c: 0 for c in art.coders}
        for u in art.units:
            for c in u.members:
                per_coder[c] += 1
            all_coders += len(u.members) == len(art.coders)
            one_coder += len(u.members) == 1
        for a, b in combinations(art.coders, 2):
            row = counts[(a, b)]
            row[0] += 1
            row[1] += per_coder[a]
            row[2] += per_coder[b]
            row[3] += sum(1 for u in art.units if a in u.members and b in u.members)
    return Detection(
        pairs=tuple(
            PairDetection(coders=p, articles=r[0], incidents=(r[1], r[2]), matched=r[3])
            for p, r in counts.items()
        ),
        units=n_units,
        units_all_coders=all_coders,
        units_one_coder=one_coder,
    )
