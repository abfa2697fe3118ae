"""Bootstrap confidence interval for alpha that resamples whole articles.

Units (fields of incidents, article-level fields) are nested in articles: coders who misread an
article disagree on all its units at once, so units are not independent. A *cluster bootstrap*
respects that: each replicate draws as many articles as there are, with replacement, keeps every
unit of each drawn article, and recomputes alpha; the interval is the percentile interval of the
replicate alphas. This differs from Krippendorff's own bootstrap (Hayes & Krippendorff 2007,
"Answering the call for a standard reliability measure for coding data", Communication Methods and
Measures 1(1)), which resamples pairs of values as if they were independent and so understates the
uncertainty when disagreements cluster by article.

Speed: a replicate is a vector of article weights w (how often each article was drawn), and alpha
only needs sums that are linear in w: the observed-disagreement sum O = w . O_a, the value counts
n_c = w . N_ac (and for interval data the moments n, sum x, sum x^2). All replicates are therefore
computed at once with matrix products over per-article statistics, in chunks that bound memory.
Ordinal distances depend on the replicate's own frequencies, so for ordinal data O is rebuilt from
per-article coincidence counts of distinct value pairs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from coder.agreement._core import Metric, Pairable, mid_ranks
from coder.agreement._data import FloatArray, IntArray, SetDistance, check_level
from coder.agreement.alpha import alpha_of_coded
from coder.agreement.prepared import Prepared, prepare
from coder.agreement.sparse_rows import SparseRows

_BLOCK = 4_000_000  # elements per temporary (b x articles, b x values) array


@dataclass(frozen=True)
class AlphaCI:
    """Percentile interval; low/high are None (and `note` says why) when there is none."""

    low: float | None
    high: float | None
    note: str
    articles: int
    n_boot: int
    n_valid: int
    confidence: float

    @property
    def interval(self) -> tuple[float, float] | None:
        if self.low is None or self.high is None:
            return None
        return (self.low, self.high)


def bootstrap_alpha_ci(
    data: Any,
    level: str,
    groups: Sequence[Any] | npt.NDArray[Any],
    n_boot: int = 1000,
    seed: int = 0,
    *,
    confidence: float = 0.95,
    set_distance: SetDistance = "masi",
    order: Sequence[Any] | None = None,
) -> AlphaCI:
    """Cluster-bootstrap percentile interval for Krippendorff's alpha.

    groups[u] is the article of unit u. Articles without a pairable unit carry no information
    and are not resampled. Replicates where alpha is undefined (no variation drawn) are dropped
    and counted in the note. Deterministic for a given seed. `data` may be a `Prepared`
    (coder.agreement.prepare), whose own level applies.
    """
    check_level(level)
    _check_args(n_boot, confidence)
    prepared = prepare(data, level, set_distance=set_distance, order=order)
    return bootstrap_alpha_cis([(prepared, groups)], n_boot, seed, confidence=confidence)[0]


def bootstrap_alpha_cis(
    items: Sequence[tuple[Prepared, Sequence[Any] | npt.NDArray[Any]]],
    n_boot: int = 1000,
    seed: int = 0,
    *,
    confidence: float = 0.95,
) -> list[AlphaCI]:
    """`bootstrap_alpha_ci` for several data sets (prepared data, groups) at once.

    Each result is exactly what `bootstrap_alpha_ci` gives for that data set alone with the same
    seed (each starts its own random stream at `seed`). Data sets that resample the same number of
    articles draw identical weights, so the weights are drawn once for all of them: with many
    fields over the same articles, drawing them is most of the bootstrap's cost.
    """
    _check_args(n_boot, confidence)
    out: list[AlphaCI | None] = []
    batches: dict[tuple[int, int], list[tuple[int, _Stats]]] = {}
    for k, (prepared, groups) in enumerate(items):
        setup = _setup(prepared, groups, n_boot, confidence)
        if isinstance(setup, AlphaCI):
            out.append(setup)
            continue
        out.append(None)
        step = max(1, min(n_boot, _BLOCK // max(setup.articles, setup.width)))
        batches.setdefault((setup.articles, step), []).append((k, setup))
    for (articles, step), members in batches.items():
        rng = np.random.default_rng(seed)
        alphas = np.empty((len(members), n_boot))
        for start in range(0, n_boot, step):
            b = min(step, n_boot - start)
            w = _weights(rng, b, articles)
            # The sparse products take the weights as articles x b in C order: made once here,
            # not once per data set (scipy copied the transposed view for every call).
            wt = np.ascontiguousarray(w.T)
            for row, (_, stats) in enumerate(members):
                alphas[row, start : start + b] = stats.alphas(w, wt)
            del w, wt  # before the next block is drawn: two blocks alive would double the peak
        for row, (k, _) in enumerate(members):
            out[k] = _interval(alphas[row], articles, n_boot, confidence)
    return [ci for ci in out if ci is not None]


def _check_args(n_boot: int, confidence: float) -> None:
    if n_boot < 1:
        raise ValueError(f"n_boot must be at least 1, got {n_boot}")
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence}")


def _setup(
    prepared: Prepared, groups: Sequence[Any] | npt.NDArray[Any], n_boot: int, confidence: float
) -> _Stats | AlphaCI:
    """The per-article statistics of one data set, or its AlphaCI when there is no interval."""
    coded, metric = prepared.coded, prepared.metric
    if len(groups) != coded.codes.shape[0]:
        raise ValueError(
            f"groups has {len(groups)} entries but data has {coded.codes.shape[0]} units"
        )
    p = prepared.pairable
    prepared.forget_pairable()  # held by this call only: the statistics keep what they need
    point = alpha_of_coded(coded, metric, p)
    article_of = _encode_groups(groups, p.index)
    articles = int(article_of.max()) + 1 if article_of.size else 0

    def none(why: str) -> AlphaCI:
        return AlphaCI(None, None, f"no interval: {why}", articles, n_boot, 0, confidence)

    if point.alpha is None:
        return none(point.note)
    if articles < 2:
        return none(f"{articles} article with pairable units (need 2 or more to resample)")
    return _Stats(p, metric, article_of, articles)


def _interval(alphas: FloatArray, articles: int, n_boot: int, confidence: float) -> AlphaCI:
    valid = alphas[np.isfinite(alphas)]
    if valid.size == 0:
        why = "no interval: alpha is undefined in every resample"
        return AlphaCI(None, None, why, articles, n_boot, 0, confidence)
    tail = (1 - confidence) / 2 * 100
    low, high = np.percentile(valid, [tail, 100 - tail])
    note = (
        f"cluster bootstrap over {articles} articles, {n_boot} resamples, "
        f"percentile {confidence:.0%} interval"
    )
    dropped = n_boot - valid.size
    if dropped:
        note += f"; {dropped} resamples without variation dropped"
    return AlphaCI(float(low), float(high), note, articles, n_boot, int(valid.size), confidence)


def _encode_groups(groups: Sequence[Any] | npt.NDArray[Any], index: IntArray) -> IntArray:
    """Article number of each pairable unit, numbered in order of first appearance (the order
    fixes which article each random draw picks, so it must not depend on the input's type)."""
    if isinstance(groups, np.ndarray) and groups.dtype.kind in "iu" and groups.ndim == 1:
        g = groups[index]
        if g.size == 0:
            return np.zeros(0, dtype=np.int64)
        _, first, inverse = np.unique(g, return_index=True, return_inverse=True)
        rank = np.empty(first.size, dtype=np.int64)
        rank[np.argsort(first, kind="stable")] = np.arange(first.size, dtype=np.int64)
        result: IntArray = rank[inverse.reshape(-1)]
        return result
    table: dict[Any, int] = {}
    return np.asarray([table.setdefault(groups[int(u)], len(table)) for u in index], dtype=np.int64)


def _weights(rng: np.random.Generator, b: int, articles: int) -> FloatArray:
    """b x articles draw counts: each row is one resample of `articles` articles.

    Counted row by row straight into the float matrix the statistics take: one bincount over
    the whole block (with each row's draws offset into its own range) needed three more
    temporaries of the block's size, about 100 MB at 10k articles."""
    draws = rng.integers(0, articles, size=(b, articles))
    counts: FloatArray = np.empty((b, articles), dtype=np.float64)
    for r in range(b):
        counts[r] = np.bincount(draws[r], minlength=articles)
    return counts


class _Stats:
    """Per-article sufficient statistics of one coded data set."""

    def __init__(self, p: Pairable, metric: Metric, article_of: IntArray, articles: int):
        self.metric = metric
        self.articles = articles
        shape = (articles, p.n_values)
        rows = np.repeat(article_of, p.present.sum(axis=1))
        self.counts = SparseRows(rows, p.codes[p.present], np.ones(rows.size), shape)
        self.values_per_article = np.bincount(article_of, weights=p.m, minlength=articles)
        self.width = p.n_values
        self.pairs: SparseRows | None = None
        if metric.level == "ordinal":
            self._ordinal_pairs(p, article_of, articles)
        else:
            per_unit = metric.unit_sums(p) / (p.m - 1)
            self.observed = np.bincount(article_of, weights=per_unit, minlength=articles)
        if metric.level == "interval":
            assert metric.x is not None
            x = metric.x - float(p.counts @ metric.x / p.counts.sum())
            self.moments = self.counts.times(np.column_stack([np.ones_like(x), x, x**2]))

    def _ordinal_pairs(self, p: Pairable, article_of: IntArray, articles: int) -> None:
        """Coincidence weight 1/(m_u - 1) of each distinct unordered value pair, per article."""
        v = p.n_values
        keys, arts, weights = [], [], []
        coders = p.codes.shape[1]
        for i in range(coders):
            for j in range(i + 1, coders):
                a, c = p.codes[:, i], p.codes[:, j]
                use = p.present[:, i] & p.present[:, j] & (a != c)
                lo, hi = np.minimum(a[use], c[use]), np.maximum(a[use], c[use])
                keys.append(lo * v + hi)
                arts.append(article_of[use])
                weights.append(1 / (p.m[use] - 1))
        key = np.concatenate(keys) if keys else np.zeros(0, np.int64)
        uniq, col = np.unique(key, return_inverse=True)
        self.pair_lo, self.pair_hi = uniq // max(v, 1), uniq % max(v, 1)
        self.pairs = SparseRows(
            np.concatenate(arts) if arts else np.zeros(0, np.int64),
            col,
            np.concatenate(weights) if weights else np.zeros(0),
            (articles, len(uniq)),
        )
        self.width = max(self.width, len(uniq))

    def alphas(self, w: FloatArray, wt: FloatArray | None = None) -> FloatArray:
        """Alpha for each row of weights; NaN marks an undefined replicate (dropped later).

        `wt`: the same weights transposed, C-contiguous (computed here when not given)."""
        if wt is None:
            wt = np.ascontiguousarray(w.T)
        total = w @ self.values_per_article
        level = self.metric.level
        if level == "interval":
            n, s1, s2 = (w @ self.moments).T
            expected = 2 * (n * s2 - s1**2)
            expected[expected <= 1e-12 * 2 * n * s2] = 0.0
            observed = w @ self.observed
        else:
            counts = self.counts.transposed_times(wt).T
            expected = self.metric.expected_sum(counts)
            if level == "ordinal":
                assert self.pairs is not None  # made for every ordinal data set
                o = self.pairs.transposed_times(wt).T
                t = mid_ranks(counts)
                observed = 2 * (o * (t[:, self.pair_hi] - t[:, self.pair_lo]) ** 2).sum(axis=1)
            else:
                observed = w @ self.observed
        out = np.full(w.shape[0], np.nan)
        ok = expected > 0
        out[ok] = 1 - (total[ok] - 1) * observed[ok] / expected[ok]
        return out
