"""The assignment algorithm (property tests) and assignments.yaml (real files)."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coder.team import AssignError, Plan, Request, load_plan, make_plan, read_plan, write_plan

NAMES = ["ann", "bob", "cy", "dee", "eve", "fay"]


@st.composite
def requests(draw: st.DrawFn) -> tuple[list[str], Request]:
    n = draw(st.integers(0, 120))
    ids = [f"art{i:03d}" for i in range(n)]
    coders = NAMES[: draw(st.integers(2, len(NAMES)))]
    k = draw(st.one_of(st.none(), st.integers(2, len(coders))))
    weights = {c: draw(st.sampled_from([0.5, 1.0, 2.0, 3.0])) for c in coders}
    if draw(st.booleans()):
        req = Request(
            coders,
            weights,
            overlap_fraction=draw(st.floats(0, 1)),
            per_overlap=k,
            seed=draw(st.integers(0, 10**6)),
        )
    else:
        req = Request(
            coders,
            weights,
            overlap_n=draw(st.integers(0, n)),
            per_overlap=k,
            seed=draw(st.integers(0, 10**6)),
        )
    return ids, req


def wanted_overlap(req: Request, n: int) -> int:
    return req.overlap_n if req.overlap_n is not None else round((req.overlap_fraction or 0) * n)


@settings(max_examples=150, deadline=None)
@given(requests())
def test_every_article_assigned_overlap_and_pairs_as_asked(case: tuple[list[str], Request]) -> None:
    ids, req = case
    plan = make_plan(ids, req).plan
    owners = plan.coders_of()
    assert set(owners) == set(ids)
    assert len(plan.overlap) == wanted_overlap(req, len(ids))
    k = len(req.coders) if req.per_overlap is None else req.per_overlap
    for article in ids:
        assert len(owners[article]) == (k if article in plan.overlap else 1)
        assert len(set(owners[article])) == len(owners[article])
    pairs = len(req.coders) * (len(req.coders) - 1) // 2
    covered, total = plan.pairs_covered()
    assert total == pairs
    # every pair is covered as soon as the subsample can hold them all
    if len(plan.overlap) * (k * (k - 1) // 2) >= pairs and len(plan.overlap) >= pairs:
        assert covered == pairs
    # balance by weight: the greedy deal keeps each coder within one article per coder (scaled by
    # weight) of their weighted share, plus what the overlap adds
    total_work = sum(len(a) for a in plan.assignments.values())
    weight_sum = sum(req.weights.values())
    for coder in req.coders:
        w = req.weights[coder]
        share = total_work * w / weight_sum
        slack = w * len(req.coders) / weight_sum + 1
        assert len(plan.assignments[coder]) <= share + slack + len(plan.overlap)


@settings(max_examples=60, deadline=None)
@given(requests())
def test_same_seed_same_plan(case: tuple[list[str], Request]) -> None:
    ids, req = case
    assert make_plan(ids, req).plan == make_plan(ids, req).plan


@settings(max_examples=100, deadline=None)
@given(requests(), st.data())
def test_extending_keeps_started_work_in_place(
    case: tuple[list[str], Request], data: st.DataObject
) -> None:
    ids, req = case
    first = make_plan(ids, req).plan
    started = {
        c: set(data.draw(st.lists(st.sampled_from(a), unique=True))) if a else set()
        for c, a in first.assignments.items()
    }
    more = [f"new{i:03d}" for i in range(data.draw(st.integers(0, 40)))]
    leaving = data.draw(st.sampled_from(req.coders))
    stay = [c for c in req.coders if c != leaving] + ["zed"]
    k = None if req.per_overlap is None else min(req.per_overlap, len(stay))
    rebalance = data.draw(st.booleans())
    second = make_plan(
        ids + more,
        Request(stay, {}, per_overlap=k, rebalance=rebalance),
        old=first,
        started=started,
    ).plan
    for coder, articles in started.items():
        assert articles <= set(second.assignments.get(coder, [])), coder
    assert set(first.overlap) <= set(second.overlap)
    assert set(second.coders_of()) == set(ids + more)
    assert leaving not in second.weights
    if not started[leaving]:
        assert leaving not in second.assignments


def test_plan_round_trips_through_the_file(tmp_path: Path) -> None:
    ids = ["a 1", "true", "007", "x:y", "plain"]
    plan = make_plan(
        ids, Request(["ann", "bob", "cy"], {"ann": 2}, overlap_n=2, seed=9, lead="lea")
    ).plan
    path = tmp_path / "assignments.yaml"
    write_plan(path, plan)
    assert load_plan(path, set(ids)) == plan


@pytest.mark.parametrize(
    ("req", "message"),
    [
        (Request(["ann", "bob"], overlap_fraction=1.5), "between 0 and 1"),
        (Request(["ann", "bob"], overlap_fraction=-0.1), "between 0 and 1"),
        (Request(["ann", "bob"], {"ann": 0}), "more than 0"),
        (Request(["ann", "bob"], {"zed": 1}), "not in --coders"),
        (Request(["ann"], overlap_n=1), "at least two coders"),
        (Request(["ann", "bob"], overlap_n=9), "more than the project's 3"),
        (Request(["ann", "bob"], per_overlap=3, overlap_n=1), "more than the 2 coder"),
        (Request(["ann", "ann"]), "more than once"),
        (Request(["gold", "bob"]), "not allowed"),
    ],
)
def test_bad_requests_are_clear_errors(req: Request, message: str) -> None:
    with pytest.raises(AssignError if "allowed" not in message else Exception, match=message):
        make_plan(["a", "b", "c"], req)


def test_hand_edited_plan_problems_have_lines(tmp_path: Path) -> None:
    path = tmp_path / "assignments.yaml"
    path.write_text(
        "version: 1\nlead: lea\nseed: 1\n"
        "design: {overlap_fraction: 2, overlap_n: null, per_overlap: 2, drawn_from: 3}\n"
        "coders:\n  ann: {weight: 0}\n  bob: {weight: 1}\n"
        "overlap: []\n"
        "assignments:\n  bob:\n    - a\n    - a\n    - zz\n  cy:\n    - b\n"
    )
    plan, problems = read_plan(path, {"a", "b"})
    assert plan is None
    assert problems == [
        (4, "must be between 0 and 1"),
        (6, "coder ann: weight 0 must be a number above 0"),
        (12, "coder bob: article 'a' twice (also line 11)"),
        (13, "coder bob: unknown article 'zz' (not in articles/)"),
        (14, "unknown coder 'cy': add them under 'coders' or move their articles"),
    ]


def test_design_sentence() -> None:
    plan = Plan(weights={"a": 1, "b": 1}, assignments={}, overlap=["x"] * 5, seed=7, drawn_from=50)
    assert plan.design_sentence() == (
        "5 articles (10%) drawn at random (seed 7) from 50 were coded independently by 2 coders"
    )
    assert list(combinations("ab", 2))


def test_cli_assign_writes_nothing_on_bad_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from coder.cli import main
    from tests.project_helpers import make_project

    monkeypatch.setenv("CODER_CONFIG_DIR", str(tmp_path / "config"))  # no remembered name
    root = str(make_project(tmp_path).root)
    plan = tmp_path / "assignments.yaml"
    assert main(["assign", "--project", root, "--coders", "ann,bob", "--overlap-n", "1"]) == 2
    assert "--lead NAME" in capsys.readouterr().err and not plan.exists()
    assert (
        main(
            [
                "assign",
                "--project",
                root,
                "--coders",
                "ann,bob",
                "--overlap-n",
                "9",
                "--lead",
                "lea",
            ]
        )
        == 2
    )
    assert not plan.exists()
    ok = [
        "assign",
        "--project",
        root,
        "--coders",
        "ann,bob",
        "--overlap-n",
        "1",
        "--lead",
        "lea",
        "--seed",
        "5",
    ]
    assert main(ok) == 0
    out = capsys.readouterr().out
    assert "overlap: 1 article (33%) drawn at random (seed 5) from 3 was coded" in out
    assert "coder pairs sharing overlap articles: 1 of 1" in out
    assert load_plan(plan, {"a1", "a2", "a3"}).lead == "lea"


def test_assign_again_without_lead_keeps_the_plans_lead(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Re-run on a computer that remembers another name (a coder's laptop, or the lead's with a
    coder's name remembered), `assign` wrote that name over the plan's lead: a hand-over nobody
    asked for (found by the helper who made sync read the lead from the shared plan)."""
    from coder.cli import main
    from coder.config import remember_coder
    from tests.project_helpers import make_project

    monkeypatch.setenv("CODER_CONFIG_DIR", str(tmp_path / "config"))
    root = str(make_project(tmp_path).root)
    plan = tmp_path / "assignments.yaml"
    base = ["assign", "--project", root, "--coders", "ann,bob", "--overlap-n", "1"]
    assert main([*base, "--lead", "lea"]) == 0
    remember_coder("ann")
    assert main([*base, "--rebalance"]) == 0
    assert load_plan(plan, {"a1", "a2", "a3"}).lead == "lea"
    assert main([*base, "--rebalance", "--lead", "bob"]) == 0  # a hand-over is said, not guessed
    assert load_plan(plan, {"a1", "a2", "a3"}).lead == "bob"
