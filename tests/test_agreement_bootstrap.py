"""The article-level (cluster) bootstrap: replicate alphas computed from per-article sufficient
statistics must equal alpha recomputed on the explicitly resampled data."""

from __future__ import annotations

import numpy as np
import pytest

from coder.agreement import bootstrap_alpha_ci, krippendorff_alpha
from coder.agreement._core import Metric, pairable
from coder.agreement._data import code_data
from coder.agreement.bootstrap import _encode_groups, _Stats, _weights

LEVELS = ["nominal", "ordinal", "interval", "ratio", "set"]


def _articles(seed: int, articles: int = 30, per_article: int = 3, coders: int = 3):
    """Units nested in articles; in 'hard' articles coders disagree on every unit."""
    rng = np.random.default_rng(seed)
    data: list[list[object]] = []
    groups: list[str] = []
    for a in range(articles):
        hard = rng.random() < 0.3
        for _ in range(per_article):
            truth = int(rng.integers(0, 6))
            row: list[object] = []
            for _c in range(coders):
                if rng.random() < 0.15:
                    row.append(None)
                else:
                    row.append(int(rng.integers(0, 6)) if hard else truth)
            data.append(row)
            groups.append(f"article-{a}")
    return data, groups


def _as_level(data: list[list[object]], level: str) -> list[list[object]]:
    if level != "set":
        return data
    labels = "abc"
    return [
        [
            None if v is None else frozenset(labels[i] for i in range(3) if int(v) >> i & 1)
            for v in r
        ]
        for r in data
    ]


@pytest.mark.parametrize("level", LEVELS)
def test_replicates_equal_explicit_resampling(level: str) -> None:
    data, groups = _articles(1)
    data = _as_level(data, level)
    coded = code_data(data, level)
    p = pairable(coded)
    article_of = _encode_groups(groups, p.index)
    articles = int(article_of.max()) + 1
    stats = _Stats(p, Metric(coded, level), article_of, articles)  # type: ignore[arg-type]
    # article k of the encoding is the k-th distinct article with a pairable unit
    names = list(dict.fromkeys(groups[int(u)] for u in p.index))
    weights = _weights(np.random.default_rng(5), 8, articles)
    fast = stats.alphas(np.vstack([np.ones(articles), weights]))
    assert fast[0] == pytest.approx(krippendorff_alpha(data, level).alpha, abs=1e-12)
    for b in range(8):
        resampled = [
            row
            for k, name in enumerate(names)
            for _ in range(int(weights[b, k]))
            for row, g in zip(data, groups, strict=True)
            if g == name
        ]
        slow = krippendorff_alpha(resampled, level).alpha
        if slow is None:
            assert np.isnan(fast[b + 1])
        else:
            assert fast[b + 1] == pytest.approx(slow, abs=1e-10)


@pytest.mark.parametrize("level", LEVELS)
def test_interval_brackets_alpha_and_is_deterministic(level: str) -> None:
    data, groups = _articles(2, articles=60)
    data = _as_level(data, level)
    ci = bootstrap_alpha_ci(data, level, groups, n_boot=300, seed=4)
    alpha = krippendorff_alpha(data, level).alpha
    assert ci.low is not None and ci.high is not None and alpha is not None
    assert ci.low < alpha < ci.high
    assert ci.interval == (ci.low, ci.high) and ci.articles == 60 and ci.n_valid == 300
    assert "cluster bootstrap over 60 articles" in ci.note
    assert bootstrap_alpha_ci(data, level, groups, n_boot=300, seed=4) == ci
    assert bootstrap_alpha_ci(data, level, groups, n_boot=300, seed=5) != ci


def test_clustered_disagreement_widens_the_interval() -> None:
    """Resampling articles must see the clustering that resampling units hides."""
    data, groups = _articles(3, articles=80, per_article=6)
    by_article = bootstrap_alpha_ci(data, "nominal", groups, n_boot=500)
    by_unit = bootstrap_alpha_ci(data, "nominal", list(range(len(data))), n_boot=500)
    assert by_article.low is not None and by_article.high is not None
    assert by_unit.low is not None and by_unit.high is not None
    assert by_article.high - by_article.low > 1.3 * (by_unit.high - by_unit.low)


def test_no_interval_cases() -> None:
    same = bootstrap_alpha_ci([[1, 1], [1, 1], [1, 1]], "nominal", ["a", "b", "c"])
    assert same.interval is None and "no variation" in same.note
    one_article = bootstrap_alpha_ci([[1, 2], [2, 2], [3, 3]], "nominal", ["a", "a", "a"])
    assert one_article.interval is None and "1 article" in one_article.note
    with pytest.raises(ValueError, match="groups has 2 entries"):
        bootstrap_alpha_ci([[1, 2], [2, 2], [3, 3]], "nominal", ["a", "b"])


def test_degenerate_resamples_are_dropped_and_counted() -> None:
    # two articles, one without variation: some resamples draw it twice -> undefined
    data = [[1, 1], [1, 1], [1, 2], [2, 2]]
    ci = bootstrap_alpha_ci(data, "nominal", ["a", "a", "b", "b"], n_boot=200)
    assert ci.n_valid < 200 and "without variation dropped" in ci.note
    assert ci.low is not None and np.isfinite(ci.low)
