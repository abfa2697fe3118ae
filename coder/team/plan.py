"""`assignments.yaml`: the plan as a plain file a lead can read, diff and edit by hand.

One article per line, grouped by coder, so a `git diff` of a re-run shows exactly which articles
went where. Reading is strict like the codebook loader: every problem (an unknown coder or
article, an article twice for one coder, a bad weight) is reported as `file:line: message` and
the plan is not used, because a silently half-read plan would hide articles from coders.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection
from pathlib import Path
from typing import Any, TextIO

from coder.codebook.yaml_source import YamlProblem, YList, YMap, read_yaml
from coder.errors import CoderError
from coder.fsutil import atomic_write
from coder.store.coder_store import check_coder_name
from coder.store.storage import StoreError
from coder.team.model import PLAN_VERSION, Plan

_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-/]*")
_YAML_WORDS = {"true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"}

Problem = tuple[int | None, str]


class PlanError(CoderError):
    """assignments.yaml cannot be used; the message lists each problem at file:line."""


def _scalar(text: str) -> str:
    """An id as YAML: bare when that reads back as the same string, else JSON-quoted."""
    if _PLAIN.fullmatch(text) and text.lower() not in _YAML_WORDS:
        return text
    return json.dumps(text, ensure_ascii=False)


def _number(x: float | None) -> str:
    if x is None:
        return "null"
    return str(int(x)) if float(x).is_integer() else repr(float(x))


def write_plan(path: Path, plan: Plan) -> None:
    """Write the plan atomically (coder.fsutil)."""
    atomic_write(path, lambda out: _dump(plan, out))


def _dump(plan: Plan, out: TextIO) -> None:
    w = out.write
    w("# Assignment plan, written by `coder assign` (re-run it to extend the plan).\n")
    w("# You may edit it by hand; `coder check` validates it. Each coder codes the articles\n")
    w("# listed under their name, in this order; `overlap` is the reliability subsample, coded\n")
    w("# independently by several coders.\n")
    w(f"version: {PLAN_VERSION}\n")
    w(f"lead: {_scalar(plan.lead) if plan.lead else 'null'}\n")
    w(f"seed: {plan.seed}\n")
    w("design:\n")
    w(f"  overlap_fraction: {_number(plan.overlap_fraction)}\n")
    w(f"  overlap_n: {_number(plan.overlap_n)}\n")
    w(f"  per_overlap: {'all' if plan.per_overlap is None else plan.per_overlap}\n")
    w(f"  drawn_from: {plan.drawn_from}\n")
    w("coders:\n")
    for coder in plan.coders:
        weight = plan.weights.get(coder, 1.0)
        extra = "" if coder in plan.weights else ", active: false"
        w(f"  {coder}: {{weight: {_number(weight)}{extra}}}\n")
    w("overlap:" + (" []\n" if not plan.overlap else "\n"))
    for article in plan.overlap:
        w(f"  - {_scalar(article)}\n")
    w("assignments:\n")
    for coder in plan.coders:
        articles = plan.assignments.get(coder, [])
        w(f"  {coder}:" + (" []\n" if not articles else "\n"))
        for article in articles:
            w(f"    - {_scalar(article)}\n")


def read_plan(
    path: Path, article_ids: Collection[str] | None = None
) -> tuple[Plan | None, list[Problem]]:
    """The plan and every problem found (line, message); the plan is None if any is an error.

    With `article_ids`, articles the project does not have are problems too.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeError) as e:
        return None, [(None, f"cannot read: {getattr(e, 'strerror', None) or e}")]
    try:
        doc = read_yaml(text, fast=True)
    except YamlProblem as e:
        return None, [(e.line, e.message)]
    if not isinstance(doc, YMap):
        return None, [(1, "not a plan: expected keys version, coders, assignments")]
    problems: list[Problem] = []
    plan = _parse(doc, problems, article_ids)
    return (None if problems else plan), problems


def load_plan(path: Path, article_ids: Collection[str] | None = None) -> Plan:
    """The plan, or PlanError listing each problem as `path:line: message`."""
    plan, problems = read_plan(path, article_ids)
    if plan is None:
        lines = [f"{path}:{line or 1}: {msg}" for line, msg in problems]
        raise PlanError(
            f"{path} cannot be used ({len(lines)} problem(s)); fix it by hand or re-run "
            "coder assign:\n" + "\n".join(lines)
        )
    return plan


def _parse(doc: YMap, problems: list[Problem], article_ids: Collection[str] | None) -> Plan:
    def at(key: str, where: YMap = doc) -> int:
        return where.key_lines.get(key, where.line)

    for key, line in doc.duplicates:
        problems.append((line, f"{key!r} appears twice"))
    if doc.get("version") != PLAN_VERSION:
        problems.append((at("version"), f"version must be {PLAN_VERSION}"))
    plan = Plan(weights={}, assignments={})
    lead = doc.get("lead")
    if lead is not None and not isinstance(lead, str):
        problems.append((at("lead"), "lead must be a coder name"))
    plan.lead = lead if isinstance(lead, str) else None
    seed = doc.get("seed", 0)
    if not isinstance(seed, int) or isinstance(seed, bool):
        problems.append((at("seed"), f"seed must be a whole number, not {seed!r}"))
    else:
        plan.seed = seed
    _parse_design(doc.get("design"), at("design"), plan, problems)
    _parse_coders(doc.get("coders"), at("coders"), plan, problems)
    known = set(plan.coders)
    overlap = doc.get("overlap", [])
    plan.overlap = _ids(overlap, at("overlap"), "overlap", problems, article_ids)
    assignments = doc.get("assignments")
    if not isinstance(assignments, YMap):
        problems.append((at("assignments"), "assignments must map each coder to a list"))
        return plan
    for key, line in assignments.duplicates:
        problems.append((line, f"coder {key!r} is listed twice under assignments; merge the lists"))
    for coder, articles in assignments.items():
        line = at(coder, assignments)
        if coder not in known:
            problems.append(
                (line, f"unknown coder {coder!r}: add them under 'coders' or move their articles")
            )
        plan.assignments[coder] = _ids(articles, line, f"coder {coder}", problems, article_ids)
    return plan


def _parse_design(raw: Any, line: int, plan: Plan, problems: list[Problem]) -> None:
    if not isinstance(raw, YMap):
        problems.append((line, "design must be a mapping (overlap_fraction, per_overlap, ...)"))
        return
    fraction, n, k, drawn = (
        raw.get(x) for x in ("overlap_fraction", "overlap_n", "per_overlap", "drawn_from")
    )
    if fraction is not None and not (_is_num(fraction) and 0 <= fraction <= 1):
        problems.append((raw.key_lines.get("overlap_fraction", line), "must be between 0 and 1"))
    else:
        plan.overlap_fraction = fraction
    if n is not None and not (_is_int(n) and n >= 0):
        problems.append((raw.key_lines.get("overlap_n", line), "must be a whole number >= 0"))
    else:
        plan.overlap_n = n
    if k == "all":
        plan.per_overlap = None
    elif isinstance(k, int) and not isinstance(k, bool) and k >= 2:
        plan.per_overlap = k
    else:
        problems.append((raw.key_lines.get("per_overlap", line), "must be 2 or more, or all"))
    if drawn is not None and not (_is_int(drawn) and drawn >= 0):
        problems.append((raw.key_lines.get("drawn_from", line), "must be a whole number >= 0"))
    else:
        plan.drawn_from = drawn or 0


def _parse_coders(raw: Any, line: int, plan: Plan, problems: list[Problem]) -> None:
    if not isinstance(raw, YMap) or not raw:
        problems.append((line, "coders must map each coder to {weight: N}"))
        return
    for key, dup_line in raw.duplicates:
        problems.append((dup_line, f"coder {key!r} appears twice"))
    for coder, spec in raw.items():
        at = raw.key_lines.get(coder, line)
        try:
            check_coder_name(coder)
        except StoreError as e:
            problems.append((at, str(e)))
            continue
        spec = spec if spec is not None else {}
        if not isinstance(spec, dict):
            problems.append((at, f"coder {coder}: expected {{weight: N}}"))
            continue
        weight = spec.get("weight", 1)
        if not (_is_num(weight) and weight > 0):
            problems.append((at, f"coder {coder}: weight {weight!r} must be a number above 0"))
            continue
        active = spec.get("active", True)
        if not isinstance(active, bool):
            problems.append((at, f"coder {coder}: active must be true or false"))
        elif active:
            plan.weights[coder] = float(weight)
        else:
            plan.inactive.append(coder)


def _ids(
    raw: Any,
    line: int,
    where: str,
    problems: list[Problem],
    article_ids: Collection[str] | None,
) -> list[str]:
    if raw is None:
        return []
    if not isinstance(raw, YList):
        problems.append((line, f"{where}: expected a list of article ids"))
        return []
    out: list[str] = []
    seen: dict[str, int] = {}
    for item, item_line in zip(raw, raw.item_lines, strict=True):
        article = (
            str(item) if isinstance(item, int | float) and not isinstance(item, bool) else item
        )
        if not isinstance(article, str):
            problems.append((item_line, f"{where}: {item!r} is not an article id"))
            continue
        if article in seen:
            problems.append(
                (item_line, f"{where}: article {article!r} twice (also line {seen[article]})")
            )
            continue
        if article_ids is not None and article not in article_ids:
            problems.append((item_line, f"{where}: unknown article {article!r} (not in articles/)"))
            continue
        seen[article] = item_line
        out.append(article)
    return out


def _is_num(x: Any) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool)


def _is_int(x: Any) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)
