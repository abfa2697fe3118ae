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
from scipy import sparse

from coder.agreement._core import Metric, Pairable, mid_ranks, pairable
from coder.agreement._data import FloatArray, IntArray, SetDistance, check_level, code_data
from coder.agreement.alpha import alpha_of_coded

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
    groups: Sequence[Any],
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
    and counted in the note. Deterministic for a given seed.
    """
    lvl = check_level(level)
    if n_boot < 1:
        raise ValueError(f"n_boot must be at least 1, got {n_boot}")
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence}")
    coded = code_data(data, lvl, order=order)
    if len(groups) != coded.codes.shape[0]:
        raise ValueError(
            f"groups has {len(groups)} entries but data has {coded.codes.shape[0]} units"
        )
    metric = Metric(coded, lvl, set_distance)
    point = alpha_of_coded(coded, metric)
    p = pairable(coded)
    article_of = _encode_groups(groups, p.index)
    articles = int(article_of.max()) + 1 if article_of.size else 0

    def none(why: str) -> AlphaCI:
        return AlphaCI(None, None, f"no interval: {why}", articles, n_boot, 0, confidence)

    if point.alpha is None:
        return none(point.note)
    if articles < 2:
        return none(f"{articles} article with pairable units (need 2 or more to resample)")
    stats = _Stats(p, metric, article_of, articles)
    rng = np.random.default_rng(seed)
    alphas = np.empty(n_boot)
    step = max(1, min(n_boot, _BLOCK // max(articles, stats.width)))
    for start in range(0, n_boot, step):
        b = min(step, n_boot - start)
        alphas[start : start + b] = stats.alphas(_weights(rng, b, articles))
    valid = alphas[np.isfinite(alphas)]
    if valid.size == 0:
        return none("alpha is undefined in every resample")
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


def _encode_groups(groups: Sequence[Any], index: IntArray) -> IntArray:
    table: dict[Any, int] = {}
    return np.asarray([table.setdefault(groups[int(u)], len(table)) for u in index], dtype=np.int64)


def _weights(rng: np.random.Generator, b: int, articles: int) -> FloatArray:
    """b x articles draw counts: each row is one resample of `articles` articles."""
    draws = rng.integers(0, articles, size=(b, articles))
    flat = (draws + np.arange(b)[:, None] * articles).ravel()
    counts: FloatArray = (
        np.bincount(flat, minlength=b * articles).reshape(b, articles).astype(np.float64)
    )
    return counts


class _Stats:
    """Per-article sufficient statistics of one coded data set."""

    def __init__(self, p: Pairable, metric: Metric, article_of: IntArray, articles: int):
        self.metric = metric
        shape = (articles, p.n_values)
        rows = np.repeat(article_of, p.present.sum(axis=1))
        self.counts = sparse.csr_matrix(
            (np.ones(rows.size), (rows, p.codes[p.present])), shape=shape
        )
        self.values_per_article = np.bincount(article_of, weights=p.m, minlength=articles)
        self.width = p.n_values
        self.pairs: Any = None
        if metric.level == "ordinal":
            self._ordinal_pairs(p, article_of, articles)
        else:
            per_unit = metric.unit_sums(p) / (p.m - 1)
            self.observed = np.bincount(article_of, weights=per_unit, minlength=articles)
        if metric.level == "interval":
            assert metric.x is not None
            x = metric.x - float(p.counts @ metric.x / p.counts.sum())
            self.moments = self.counts @ np.column_stack([np.ones_like(x), x, x**2])

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
        self.pairs = sparse.csr_matrix(
            (
                np.concatenate(weights) if weights else np.zeros(0),
                (np.concatenate(arts) if arts else np.zeros(0, np.int64), col),
            ),
            shape=(articles, len(uniq)),
        )
        self.width = max(self.width, len(uniq))

    def alphas(self, w: FloatArray) -> FloatArray:
        """Alpha for each row of weights; NaN marks an undefined replicate (dropped later)."""
        total = w @ self.values_per_article
        level = self.metric.level
        if level == "interval":
            n, s1, s2 = (w @ self.moments).T
            expected = 2 * (n * s2 - s1**2)
            expected[expected <= 1e-12 * 2 * n * s2] = 0.0
            observed = w @ self.observed
        else:
            counts = np.asarray((self.counts.T @ w.T).T)
            expected = self.metric.expected_sum(counts)
            if level == "ordinal":
                o = np.asarray((self.pairs.T @ w.T).T)
                t = mid_ranks(counts)
                observed = 2 * (o * (t[:, self.pair_hi] - t[:, self.pair_lo]) ** 2).sum(axis=1)
            else:
                observed = w @ self.observed
        out = np.full(w.shape[0], np.nan)
        ok = expected > 0
        out[ok] = 1 - (total[ok] - 1) * observed[ok] / expected[ok]
        return out
