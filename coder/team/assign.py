"""Who codes what: a balanced, weighted split with a seeded reliability subsample.

Design choices, each for a reason a lead will ask about:

* The overlap subsample is a simple random sample (seeded, so the plan can be reproduced and the
  methods paragraph can quote the seed) of the project's articles. An extension (new articles,
  a larger share) draws the extra articles from every article not yet in the sample, with a seed
  derived from the plan's seed and the sample size, so the union is still a random sample.
* Overlap articles are dealt to coders greedily: each next coder is the one who has shared the
  fewest overlap articles with the coders already on it (then the least loaded), which covers
  every pair of coders as soon as the subsample is large enough and keeps pairs even after.
* The other articles go one each to the coder with the lowest load per weight, in article order,
  so every coder gets a spread of the collection rather than one block of it.
* Re-running never moves an article a coder has started (has a record of). A coder who leaves
  keeps their started articles; their untouched ones go to the others. `rebalance` moves only
  untouched articles, and only away from coders above their weighted share.
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from math import ceil

from coder.errors import CoderError
from coder.store.coder_store import check_coder_name
from coder.team.model import Plan


class AssignError(CoderError):
    """The request cannot make a plan (bad overlap, weight, coder list); nothing was written."""


@dataclass(frozen=True)
class Request:
    """What the lead asked for on the command line."""

    coders: Sequence[str]
    weights: Mapping[str, float] = field(default_factory=dict)
    overlap_fraction: float | None = None
    overlap_n: int | None = None
    per_overlap: int | None = 2
    """None means every coder."""
    seed: int | None = None
    lead: str | None = None
    rebalance: bool = False


@dataclass
class Outcome:
    plan: Plan
    added: int = 0
    """Assignments new in this run."""
    moved: int = 0
    """Untouched assignments taken from one coder and given to another."""
    dropped: list[str] = field(default_factory=list)
    """Articles in the old plan that are no longer in the project."""


def check_request(req: Request, n_articles: int, old: Plan | None) -> None:
    """Every problem with the request, raised before anything is computed or written."""
    if not req.coders:
        raise AssignError("--coders is empty: name the coders, e.g. --coders ann,bob,cy")
    for name in req.coders:
        check_coder_name(name)
    twice = sorted({c for c in req.coders if list(req.coders).count(c) > 1})
    if twice:
        raise AssignError(f"--coders names {', '.join(twice)} more than once")
    unknown = sorted(set(req.weights) - set(req.coders))
    if unknown:
        raise AssignError(f"--weights names {', '.join(unknown)}, who is not in --coders")
    for name, w in req.weights.items():
        if not w > 0:
            raise AssignError(f"--weights {name}={w:g}: a weight must be more than 0")
    if req.overlap_fraction is not None and not 0 <= req.overlap_fraction <= 1:
        raise AssignError(
            f"--overlap {req.overlap_fraction:g} is not a share between 0 and 1 (0.2 = 20%)"
        )
    if req.overlap_n is not None and not 0 <= req.overlap_n <= n_articles:
        raise AssignError(
            f"--overlap-n {req.overlap_n} is more than the project's {n_articles} articles"
            if req.overlap_n > 0
            else f"--overlap-n {req.overlap_n} must be 0 or more"
        )
    if req.per_overlap is not None and req.per_overlap < 2:
        raise AssignError(f"--per-overlap {req.per_overlap}: an overlap article needs 2+ coders")
    wants_overlap = (req.overlap_fraction or 0) > 0 or (req.overlap_n or 0) > 0
    if old is not None and req.overlap_fraction is None and req.overlap_n is None:
        wants_overlap = bool(old.overlap)
    if wants_overlap and len(req.coders) < 2:
        raise AssignError("an overlap subsample needs at least two coders")
    if wants_overlap and req.per_overlap is not None and req.per_overlap > len(req.coders):
        raise AssignError(
            f"--per-overlap {req.per_overlap} is more than the {len(req.coders)} coder(s) named"
        )


def make_plan(
    article_ids: Sequence[str],
    req: Request,
    old: Plan | None = None,
    started: Mapping[str, Collection[str]] | None = None,
) -> Outcome:
    """A plan for `article_ids` (project order), extending `old` without moving started work.

    `started` maps a coder to the articles they have a record of (any status).
    """
    check_request(req, len(article_ids), old)
    started = started or {}
    order = {a: i for i, a in enumerate(article_ids)}
    active = {
        c: float(req.weights.get(c, old.weights.get(c, 1.0) if old else 1.0)) for c in req.coders
    }
    seed = (
        req.seed
        if req.seed is not None
        else (old.seed if old else random.SystemRandom().randrange(10**6))
    )
    plan = Plan(
        weights=active,
        assignments={},
        seed=seed,
        overlap_fraction=req.overlap_fraction,
        overlap_n=req.overlap_n,
        per_overlap=req.per_overlap,
        lead=req.lead or (old.lead if old else None),
    )
    if old is not None and req.overlap_fraction is None and req.overlap_n is None:
        plan.overlap_fraction, plan.overlap_n = old.overlap_fraction, old.overlap_n
    out = Outcome(plan)
    _carry_over(plan, old, order, started, out)
    if req.rebalance:
        _rebalance(plan, article_ids, started, out)
    _draw_overlap(plan, old, article_ids, order)
    new: dict[str, list[str]] = {c: [] for c in plan.weights}
    _deal_overlap(plan, new)
    _deal_singles(plan, article_ids, new)
    for coder, articles in new.items():
        plan.assignments.setdefault(coder, []).extend(sorted(articles, key=order.__getitem__))
        out.added += len(articles)
    out.added -= out.moved
    plan.assignments = {c: a for c, a in plan.assignments.items() if a or c in plan.weights}
    for coder in plan.weights:
        plan.assignments.setdefault(coder, [])
    plan.inactive = [c for c in plan.assignments if c not in plan.weights]
    return out


def _carry_over(
    plan: Plan,
    old: Plan | None,
    order: Mapping[str, int],
    started: Mapping[str, Collection[str]],
    out: Outcome,
) -> None:
    """Keep the old assignments of articles that still exist; a coder who left keeps only the
    articles they started (the rest are dealt again, counted as moved)."""
    if old is None:
        return
    gone: set[str] = set()
    for coder, articles in old.assignments.items():
        kept: list[str] = []
        for article in articles:
            if article not in order:
                gone.add(article)
            elif coder in plan.weights or article in started.get(coder, ()):
                kept.append(article)
            else:
                out.moved += 1
        if kept:
            plan.assignments[coder] = kept
    out.dropped = sorted(gone)
    plan.overlap = [a for a in old.overlap if a in order]
    plan.drawn_from = old.drawn_from


def _rebalance(
    plan: Plan, article_ids: Sequence[str], started: Mapping[str, Collection[str]], out: Outcome
) -> None:
    """Take untouched articles (last first) from coders above their weighted share."""
    total = len(article_ids) + len(plan.overlap) * (_k(plan) - 1)
    weight_sum = sum(plan.weights.values())
    for coder, weight in plan.weights.items():
        target = ceil(total * weight / weight_sum)
        mine = plan.assignments.get(coder, [])
        done = set(started.get(coder, ()))
        i = len(mine) - 1
        while len(mine) > target and i >= 0:
            if mine[i] not in done:
                mine.pop(i)
                out.moved += 1
            i -= 1


def _k(plan: Plan) -> int:
    return len(plan.weights) if plan.per_overlap is None else plan.per_overlap


def _draw_overlap(
    plan: Plan, old: Plan | None, article_ids: Sequence[str], order: Mapping[str, int]
) -> None:
    """Grow the subsample to the size asked (never shrink it: its articles may be coded)."""
    n_all = len(article_ids)
    if plan.overlap_n is not None:
        wanted = plan.overlap_n
    elif plan.overlap_fraction is not None:
        wanted = round(plan.overlap_fraction * n_all)
    else:
        wanted = 0
    have = set(plan.overlap)
    if wanted <= len(have):
        if old is None or not plan.drawn_from:
            plan.drawn_from = n_all if plan.overlap else plan.drawn_from
        return
    pool = [a for a in article_ids if a not in have]
    rng = random.Random(f"coder-overlap:{plan.seed}:{len(have)}")
    extra = rng.sample(pool, wanted - len(have))
    plan.overlap = sorted([*plan.overlap, *extra], key=order.__getitem__)
    plan.drawn_from = n_all


def _load(plan: Plan, new: Mapping[str, list[str]], coder: str) -> float:
    return (len(plan.assignments.get(coder, [])) + len(new[coder])) / plan.weights[coder]


class _Pairs:
    """How many overlap articles each two active coders share, and each coder's least-shared
    partner count, kept up to date so choosing a coder is O(coders), not O(coders^2)."""

    def __init__(self, coders: list[str]) -> None:
        self.index = {c: i for i, c in enumerate(coders)}
        n = len(coders)
        self.count = [[0] * n for _ in range(n)]
        self.least = [0] * n

    def shared(self, a: str, mates: list[str]) -> int:
        row = self.count[self.index[a]]
        return sum(row[self.index[m]] for m in mates)

    def add(self, a: str, b: str) -> None:
        i, j = self.index[a], self.index[b]
        self.count[i][j] += 1
        self.count[j][i] += 1
        for x in (i, j):
            row = self.count[x]
            self.least[x] = min((v for y, v in enumerate(row) if y != x), default=0)


def _deal_overlap(plan: Plan, new: dict[str, list[str]]) -> None:
    """Give each overlap article its k coders, spreading the pairs (see module docstring):
    the first coder is one of the least-shared pairs, each next one the coder who shares the
    fewest overlap articles with those already on it; ties go to the least loaded."""
    owners = plan.coders_of()
    active = list(plan.weights)
    pairs = _Pairs(active)
    for article in plan.overlap:
        who = [c for c in owners.get(article, []) if c in plan.weights]
        for i, a in enumerate(who):
            for b in who[i + 1 :]:
                pairs.add(a, b)
    k = min(_k(plan), len(active))
    load = {c: _load(plan, new, c) for c in active}
    for article in plan.overlap:
        who = list(owners.get(article, []))
        while len(who) < k:
            mates = [x for x in who if x in plan.weights]
            taken = set(who)
            free = [c for c in active if c not in taken]
            if not free:
                break
            if mates:
                best = min(free, key=lambda c: (pairs.shared(c, mates), load[c]))
            else:
                best = min(free, key=lambda c: (pairs.least[pairs.index[c]], _load(plan, new, c)))
            for x in mates:
                pairs.add(best, x)
            who.append(best)
            new[best].append(article)
            load[best] += 1 / plan.weights[best]


def _deal_singles(plan: Plan, article_ids: Sequence[str], new: dict[str, list[str]]) -> None:
    """Every article nobody has goes to the least loaded coder (load per weight), through a
    heap keyed by the load the coder would have after one more article."""
    taken = set(plan.coders_of())
    for got in new.values():
        taken.update(got)
    counts = {c: len(plan.assignments.get(c, [])) + len(new[c]) for c in plan.weights}
    heap = [((counts[c] + 1) / w, i, c) for i, (c, w) in enumerate(plan.weights.items())]
    heapq.heapify(heap)
    for article in article_ids:
        if article in taken:
            continue
        _, i, best = heapq.heappop(heap)
        new[best].append(article)
        counts[best] += 1
        heapq.heappush(heap, ((counts[best] + 1) / plan.weights[best], i, best))
