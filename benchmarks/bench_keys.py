"""The coder's hour: keys per incident on samples 003 and 004, and CPU per key, in the real app.

    .venv/bin/python benchmarks/bench_keys.py [--repeat 30] [--show] [--keys-only]

Keys: for every incident in benchmarks/fixtures/key_paths.yaml the shortest key path is worked
out from the shipped codebook (form order, `when`, choices tied to the event type, carried values,
each choice's number, which moves on by itself when no digit can extend it, a place's fewest
letters that make it the first candidate and enter, which moves on; ctrl+r where the next
value is the next required field still empty and more than one tab away; quote first: ctrl+f, the
fewest letters that find the passage, enter, "." to the sentence end, ctrl+n opens the incident
with it as its evidence). The whole article's path is then
sent to the running app (App.run_test() at 120x40) in one burst, as a coder typing ahead does,
and the database is read back: each stored incident must equal the fixture, or the run fails.
Free-text notes are not typed (they are the coder's own words, not a path).

CPU: process CPU time (time.process_time: every thread) per key, pressing one key at a time and
waiting until it is handled: tab between fields, a choice picked by its number, a character typed
in a text field. Baseline in the same run: the same keys in a bare Textual app with three Inputs
(what a key costs in Textual itself); the table gives the ratio.

Suggestions: the same incidents coded a second time in a fresh database the way a coder with
suggestions does: quote first (ctrl+f ... ctrl+n: the incident arrives with its suggestions), F6
to accept every suggested value (coder.suggest; also over a value carried from the incident
before), then only the fields the suggestions left empty or got wrong (F6 leaves the focus on
the first empty field; F7, next empty field, passes over the accepted ones when that is shorter
than tabs). Both variants share one walk over the form (`fill`), given the state to start from
and the move rule. The article questions (relevant, and the publication date when the fixture
codes one: the base of the date suggestions) come first. The stored records must again equal
the fixture, article values included.

Prints Markdown tables; `--show` also prints each path.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout, uninstalled

import yaml
from textual import events
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import Input

from coder.codebook.model import Codebook, Field
from coder.codebook.rules import fitting_choices
from coder.codebook.values import applicable, default_values, is_empty
from coder.places import gazetteer_for, index_for
from coder.project import Project
from coder.suggest import locate_quote, suggest
from coder.suggest.dates import publication_base
from coder.tui.article.find_bar import find_pattern
from coder.tui.article.text import sentence_end
from coder.tui.coding.app import CoderApp
from coder.tui.coding.next_required import next_empty_required

REPO = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).with_name("fixtures") / "key_paths.yaml"
SIZE = (120, 40)
KEY_NAMES = {" ": "space", "-": "minus", ".": "full_stop", ",": "comma", "'": "apostrophe"}
SKIPPED = ("notes",)


# -- the shortest path ----------------------------------------------------------------------------


def typed(text: str) -> list[str]:
    return [KEY_NAMES.get(c, c) for c in text]


def number_keys(position: int, previous: str | None, count: int) -> list[str]:
    """Digits of a 1-based choice number; "down" first if they would join the previous number."""
    digits = list(str(position))
    if previous is not None and count >= 10 and int(previous + digits[0]) <= count:
        return ["down", *digits]
    return digits


def evidence_keys(text: str, evidence: str, anchor: int) -> tuple[list[str], int]:
    """ctrl+f, the fewest keys that select a match starting the passage (letters typed, each
    narrowing the search from the last match as the find bar does, then "down" to each next
    match), enter, "." until the selection reaches the passage's end; and where it starts. The
    key that takes the selection (ctrl+n: quote first, or ctrl+e) is the caller's."""
    start = text.find(evidence[:40])
    assert start >= 0, f"evidence not in the article: {evidence[:40]!r}"
    best: tuple[int, int, int] | None = None  # (keys, letters, downs)
    for n in range(1, len(evidence) + 1):
        if best is not None and n >= best[0]:
            break
        span = typed_search(text, evidence[:n], anchor)
        pattern = find_pattern(evidence[:n])
        downs = 0
        while span is not None and pattern is not None and span[0] != start and downs < 20:
            match = pattern.search(text, span[1]) or pattern.search(text, 0)
            span = match.span() if match is not None else None
            downs += 1
        if span is not None and span[0] == start and (best is None or n + downs < best[0]):
            best = (n + downs, n, downs)
    assert best is not None, "the passage cannot be found"
    _, n, downs = best
    keys, end = ["ctrl+f", *typed(evidence[:n]), *["down"] * downs, "enter"], start + n
    while " ".join(text[start:end].split()) != " ".join(evidence.split()):
        end = sentence_end(text, end)
        keys.append("full_stop")
        assert len(keys) < 200 and end <= len(text), "the passage is not whole sentences"
    return keys, start  # the next search starts from this selection


def typed_search(text: str, query: str, anchor: int) -> tuple[int, int] | None:
    """The match the find bar selects after `query` is typed into it letter by letter: each
    letter searches from the start of the last match (from `anchor`, wrapping round)."""
    position, span = anchor, None
    for i in range(1, len(query) + 1):
        pattern = find_pattern(query[:i])
        if pattern is None:
            continue
        match = pattern.search(text, position) or pattern.search(text, 0)
        if match is None:
            return None
        span = match.span()
        position = span[0]
    return span


def shown_fields(fields: tuple[Field, ...], state: dict[str, Any]) -> list[str]:
    return [g.name for g in fields if g.name in applicable(fields, state)]


def incident_path(
    codebook: Codebook,
    text: str,
    want: dict[str, Any],
    carried: dict[str, Any],
    anchor: int,
    published: Any = None,
    suggestions: bool = False,
) -> tuple[list[str], int]:
    """Keys of one incident, quote first: the passage is found and selected in the article and
    ctrl+n makes it the evidence of a new incident, the cursor on its first field; then each
    value in form order, moving with tab (or shift+tab) only where the last key did not already
    move on (a choice number no digit can extend, a place taken with enter).

    With `suggestions` the new incident arrives with its suggestions: F6 accepts them (the focus
    goes to the first empty field), then only the fields still empty or wrong are coded, with
    the same moves plus F7 (next empty field) where that is shorter than tabs."""
    fields = codebook.incident_fields
    keys, anchor, state = quote_first(codebook, text, want, carried, anchor)
    at = shown_fields(fields, state)[0]
    if not suggestions:
        return keys + fill(fields, want, state, at, tabs), anchor
    evidence = next(f.name for f in fields if f.type == "quote")
    after = accepted(codebook, text, want[evidence], state, set(carried), published)
    if after != state:
        keys.append("f6")
        state = after
        blank = [n for n in shown_fields(fields, state) if is_empty(state.get(n))]
        at = blank[0] if blank else at
    return keys + fill(fields, want, state, at, tabs_or_f7), anchor


def quote_first(
    codebook: Codebook, text: str, want: dict[str, Any], carried: dict[str, Any], anchor: int
) -> tuple[list[str], int, dict[str, Any]]:
    """The evidence selected in the article and ctrl+n: (keys, the next search's anchor, the
    new incident's values: the carried ones and the evidence)."""
    state = dict(carried)
    quote = next(
        (f for f in codebook.incident_fields if f.type == "quote" and want.get(f.name)), None
    )
    keys: list[str] = []
    if quote is not None:
        keys, anchor = evidence_keys(text, want[quote.name], anchor)
        state[quote.name] = want[quote.name]
    return [*keys, "ctrl+n"], anchor, state


Move = Callable[[tuple[Field, ...], list[str], dict[str, Any], str, str], list[str]]
"""The keys from one field to another: (fields, shown fields, values, from, to)."""


def fill(
    fields: tuple[Field, ...], want: dict[str, Any], state: dict[str, Any], at: str, move: Move
) -> list[str]:
    """The keys that bring each field from `state` (updated in place) to `want`, in form order,
    starting on field `at`: ctrl+r where the target is the next required field still empty and
    more than one step away, else `move`; then the value's keys (a multi that already holds
    some choices toggles the difference; a carried value this incident has not is cleared)."""
    keys: list[str] = []
    for f in fields:
        value, have = want.get(f.name), state.get(f.name)
        if f.name in SKIPPED or have == value or (value is None and is_empty(have)):
            continue
        shown = shown_fields(fields, state)
        assert f.name in shown, f"{f.name} is hidden by the values before it"
        steps = shown.index(f.name) - shown.index(at)
        if abs(steps) > 1 and next_empty_required(fields, state, at) == f.name:
            keys.append("ctrl+r")  # the next required field still empty, over the optional
        else:
            keys += move(fields, shown, state, at, f.name)
        moved = False
        if value is None:
            keys.append("backspace")  # a text field is selected on entry; a list clears
        elif f.type == "multi" and isinstance(have, list) and have:
            keys += toggle_keys(f, have, value)
        else:
            more, moved = value_keys(f, value, state)
            keys += more
        if value is None:
            state.pop(f.name, None)
        else:
            state[f.name] = value
            state.update(filled_by(f, value))
        at = f.name
        if moved:  # the app has moved the focus to the next field shown with the new value
            shown = shown_fields(fields, state)
            at = shown[min(shown.index(f.name) + 1, len(shown) - 1)]
    return keys


def accepted(
    codebook: Codebook,
    text: str,
    evidence: str,
    state: dict[str, Any],
    carried: set[str],
    published: Any = None,
) -> dict[str, Any]:
    """What F6 puts in the form: each suggestion of a field that applies and is empty, or holds
    a carried value the suggestion differs from, in form order (as coder.tui.coding.suggesting
    does)."""
    span = locate_quote(evidence, text)
    assert span is not None
    base = publication_base(text, "", published)
    found = suggest(codebook, text, span, published=base, values=state)
    offered = {}
    for s in found:
        offered.setdefault(s.field, s.value)
    fields = codebook.incident_fields
    out = dict(state)
    for f in fields:
        if f.name not in offered or f.name not in applicable(fields, out):
            continue
        if not is_empty(out.get(f.name)) and f.name not in carried:
            continue
        if f.type == "choice" and offered[f.name] not in [c.value for c in fitting_choices(f, out)]:
            continue
        out[f.name] = offered[f.name]
    return out


def tabs(
    fields: tuple[Field, ...], shown: list[str], state: dict[str, Any], at: str, to: str
) -> list[str]:
    steps = shown.index(to) - shown.index(at)
    return ["tab"] * steps if steps >= 0 else ["shift+tab"] * -steps


def tabs_or_f7(
    fields: tuple[Field, ...], shown: list[str], state: dict[str, Any], at: str, to: str
) -> list[str]:
    """tab / shift+tab, or F7 (next empty field) when the target is empty and that is shorter."""
    steps = shown.index(to) - shown.index(at)
    full = {**default_values(fields), **state}
    if steps <= 0 or not is_empty(full.get(to)):
        return tabs(fields, shown, state, at, to)
    between = shown[shown.index(at) + 1 : shown.index(to)]
    jumps = 1 + sum(1 for n in between if is_empty(full.get(n)))
    return ["f7"] * jumps if jumps < steps else tabs(fields, shown, state, at, to)


def toggle_keys(f: Field, have: list[Any], want: list[Any]) -> list[str]:
    """A multi list that holds `have`: each choice's number toggles it."""
    offered = [c.value for c in f.choices]
    keys: list[str] = []
    previous: str | None = None
    for v in offered:
        if (v in have) != (v in want):
            position = str(offered.index(v) + 1)
            keys += number_keys(int(position), previous, len(offered))
            previous = position
    return keys


def filled_by(f: Field, value: Any) -> dict[str, Any]:
    """What choosing a place fills besides itself: its precision (`precision_field`)."""
    if f.type != "place" or f.precision_field is None or f.gazetteer is None:
        return {}
    place = gazetteer_for(f.gazetteer).get(str(value))
    code = f.precision_code(place.kind) if place is not None else None
    return {} if code is None else {f.precision_field: code}


def value_keys(f: Field, value: Any, state: dict[str, Any]) -> tuple[list[str], bool]:
    """The keys of one value and whether they leave the field (the app moves the focus on)."""
    if f.type == "choice":
        offered = [c.value for c in fitting_choices(f, state)]
        position = offered.index(value) + 1
        # choice_list.ChoiceEditor.moves_on_after: no further digit could extend the number
        return number_keys(position, None, len(offered)), position * 10 > len(offered)
    if f.type == "multi":
        offered = [c.value for c in f.choices]
        keys: list[str] = []
        previous: str | None = None
        for v in value:
            position = offered.index(v) + 1
            keys += number_keys(position, previous, len(offered))
            previous = str(position)
        return keys, False
    if f.type == "place" and f.gazetteer is not None:
        place = gazetteer_for(f.gazetteer).get(str(value))
        if place is not None:  # the fewest letters of its name that make it the first
            index = index_for(f.gazetteer)  # candidate, then enter takes it and moves on
            for n in range(1, len(place.name) + 1):
                found = index.search(place.name[:n], 8)
                if found and found[0].place.id == place.id:
                    return [*typed(place.name[:n]), "enter"], True
    return typed(str(value)), False


def carry(codebook: Codebook, previous: dict[str, Any] | None) -> dict[str, Any]:
    if previous is None:
        return {}
    return {
        f.name: previous[f.name] for f in codebook.incident_fields if f.carry and f.name in previous
    }


def article_paths(
    codebook: Codebook, text: str, coding: dict[str, Any], suggestions: bool = False
) -> tuple[list[str], list[list[str]]]:
    """(keys of the article questions, keys of each incident); the article ends with ctrl+d.
    The article questions: `relevant` by its number (which moves on to the next field), then
    the publication date when the fixture codes one (the base of the incidents' dates)."""
    relevant = codebook.field("article", "relevant")
    assert relevant is not None
    offered = [c.value for c in relevant.choices]
    head = number_keys(offered.index(coding["article"]["relevant"]) + 1, None, len(offered))
    published = coding["article"].get("article_date")
    if published is not None:
        head += typed(str(published))
    paths, anchor, previous = [], 0, None
    for want in coding["incidents"]:
        carried = carry(codebook, previous)
        keys, anchor = incident_path(codebook, text, want, carried, anchor, published, suggestions)
        paths.append(keys)
        previous = want
    return head, paths


# -- driving the app ------------------------------------------------------------------------------


def burst(app: App[Any], keys: Iterable[str]) -> None:
    """Queue every key at once, as a coder typing ahead (the app's KeyGate routes them)."""
    driver = app._driver
    assert driver is not None
    chars = {"enter": "\r", "tab": "\t", "space": " ", "full_stop": ".", "minus": "-"}
    for key in keys:
        char = chars.get(key, key if len(key) == 1 else None)
        driver.send_message(events.Key(key, char))


async def settle(app: Any, pilot: Pilot[Any]) -> None:
    """Until every queued key has been handled and the workers are done."""
    while app._held or app._key_in_flight:
        await pilot.pause(0.02)
    await app.workers.wait_for_complete()
    await pilot.pause()


def build_project(root: Path, fixture: dict[str, Any]) -> Project:
    shutil.copy(REPO / "codebook.yaml", root / "codebook.yaml")
    shutil.copy(REPO / "gazetteer.csv", root / "gazetteer.csv")
    (root / "articles").mkdir()
    for article in fixture:
        shutil.copy(REPO / "samples" / f"{article}.txt", root / "articles")
    return Project.locate(root)


async def code_articles(
    project: Project,
    fixture: dict[str, Any],
    show: bool,
    verdicts: dict[str, str],
    suggestions: bool = False,
) -> list[Any]:
    """Send each article's path in one burst; `verdicts` says whether the database holds the
    fixture afterwards (a key routed to the wrong field shows up there, by field)."""
    codebook = project.load_codebook()
    articles = project.load_articles()
    rows = []
    app = CoderApp(project, "bench")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        for article_id, coding in fixture.items():
            article = articles.get(article_id)
            assert article is not None
            head, paths = article_paths(codebook, article.text, coding, suggestions)
            started = time.perf_counter()
            burst(app, [*head, *(k for p in paths for k in p), "ctrl+d"])
            await settle(app, pilot)
            seconds = time.perf_counter() - started
            total = len(head) + sum(len(p) for p in paths) + 1
            rows.append((article_id, head, paths, seconds / total))
            if show:
                print(f"{article_id} article: {' '.join(head)} ... ctrl+d")
                for n, p in enumerate(paths, 1):
                    print(f"  incident {n} ({len(p)} keys): {' '.join(p)}")
    stored = json.loads(project.coder_path("bench").read_text(encoding="utf-8"))["records"]
    by_article = {doc["article"]: doc for doc in stored.values()}
    for article_id, coding in fixture.items():
        doc = by_article.get(article_id)
        if doc is None or doc["status"] != "done":
            verdicts[article_id] = f"NO: not done ({doc['status'] if doc else 'no record'})"
            continue
        head_wrong = sorted(
            f"article: {k}"
            for k in set(doc["values"]) | set(coding["article"])
            if doc["values"].get(k) != coding["article"].get(k)
        )
        got = [inc["values"] for inc in doc["incidents"]]
        defaults = default_values(codebook.incident_fields)  # fatalities_split: false
        want = [
            {**defaults, **{k: v for k, v in inc.items() if k not in SKIPPED}}
            for inc in coding["incidents"]
        ]
        norm = [
            {k: " ".join(v.split()) if isinstance(v, str) else v for k, v in g.items()} for g in got
        ]
        wnorm = [
            {k: " ".join(v.split()) if isinstance(v, str) else v for k, v in w.items()}
            for w in want
        ]
        wrong = sorted(
            f"incident {n}: {k}"
            for n, (g, w) in enumerate(zip(norm, wnorm, strict=False), 1)
            for k in set(g) | set(w)
            if g.get(k) != w.get(k)
        )
        if len(norm) != len(wnorm):
            wrong.append(f"{len(norm)} incidents stored, {len(wnorm)} in the fixture")
        wrong = head_wrong + wrong
        verdicts[article_id] = "yes" if not wrong else "NO: " + ", ".join(wrong)
    return rows


# -- CPU per key ----------------------------------------------------------------------------------


class Bare(App[None]):
    """Baseline: Textual itself, three Inputs."""

    def compose(self) -> ComposeResult:
        for n in range(3):
            yield Input(id=f"i{n}")


async def cpu_per_key(app: Any, pilot: Pilot[Any], keys: list[str]) -> float:
    """Median-free mean: process CPU ms per key over `keys`, each handled before the next."""
    start = time.process_time()
    for key in keys:
        await pilot.press(key)
        if hasattr(app, "_held"):
            while app._held or app._key_in_flight:
                await pilot.pause(0.01)
    return (time.process_time() - start) * 1000 / len(keys)


async def measure_cpu(project: Project, repeat: int) -> dict[str, tuple[float, float]]:
    out: dict[str, tuple[float, float]] = {}
    bare = Bare()
    async with bare.run_test(size=SIZE) as pilot:
        await pilot.pause()
        base = {
            "tab": await cpu_per_key(bare, pilot, ["tab"] * repeat),
            "pick": await cpu_per_key(bare, pilot, ["3", "5"] * (repeat // 2)),
            "char": await cpu_per_key(bare, pilot, ["a"] * repeat),
        }
    app = CoderApp(project, "cpu")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+n")
        await settle(app, pilot)
        screen = app.screen
        screen.query_one("#incident-form--event_date").focus()
        await pilot.pause()
        tab = await cpu_per_key(app, pilot, ["tab"] * repeat)
        screen.query_one("#incident-form--province").focus()
        await pilot.pause()
        pick = await cpu_per_key(app, pilot, ["3", "5"] * (repeat // 2))
        screen.query_one("#incident-form--perpetrator_name").focus()  # a text field
        await pilot.pause()
        char = await cpu_per_key(app, pilot, ["a"] * repeat)
    out["Tab (next field)"] = (tab, base["tab"])
    out["Choice picked by number"] = (pick, base["pick"])
    out["Character typed"] = (char, base["char"])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--show", action="store_true", help="print every key path")
    parser.add_argument("--keys-only", action="store_true", help="skip the CPU per key")
    args = parser.parse_args()
    fixture = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        project = build_project(Path(tmp), fixture)
        verdicts: dict[str, str] = {}
        rows = asyncio.run(code_articles(project, fixture, args.show, verdicts))
        cpu = {} if args.keys_only else asyncio.run(measure_cpu(project, args.repeat))
    with tempfile.TemporaryDirectory() as tmp:
        project = build_project(Path(tmp), fixture)
        with_verdicts: dict[str, str] = {}
        with_rows = asyncio.run(code_articles(project, fixture, args.show, with_verdicts, True))
    print("| article | incident | keys | of which moves (tab, ctrl+r) | evidence keys |")
    print("|---|---|---|---|---|")
    for article_id, head, paths, _ in rows:
        for n, p in enumerate(paths, 1):
            ev = p.index("ctrl+f"), p.index("ctrl+n")
            moves = p.count("tab") + p.count("ctrl+r")
            print(f"| {article_id[:3]} | {n} | {len(p)} | {moves} | {ev[1] - ev[0] + 1} |")
        print(f"| {article_id[:3]} | article questions + done | {len(head) + 1} | | |")
        print(
            f"| {article_id[:3]} | stored = fixture after the burst | {verdicts[article_id]} | | |"
        )
    print("\nWith suggestions (evidence first, F6, then what is left):\n")
    print("| article | incident | keys without | keys with suggestions | accepted by F6 |")
    print("|---|---|---|---|---|")
    for (article_id, _, paths, _), (_, _, with_paths, _) in zip(rows, with_rows, strict=True):
        for n, (p, q) in enumerate(zip(paths, with_paths, strict=True), 1):
            print(
                f"| {article_id[:3]} | {n} | {len(p)} | {len(q)} | {'yes' if 'f6' in q else 'no'} |"
            )
        print(
            f"| {article_id[:3]} | stored = fixture after the burst | | "
            f"{with_verdicts[article_id]} | |"
        )
    n_with = [len(q) for *_, with_paths, _ in with_rows for q in with_paths]
    n_without = [len(p) for *_, paths, _ in rows for p in paths]
    heads = sum(len(head) + 1 for _, head, _, _ in rows)  # the same in both variants
    print(
        f"\nMean keys per incident: {sum(n_without) / len(n_without):.1f} without, "
        f"{sum(n_with) / len(n_with):.1f} with suggestions; with the article questions and "
        f"ctrl+d ({heads} keys) shared out: {(sum(n_without) + heads) / len(n_without):.1f} "
        f"without, {(sum(n_with) + heads) / len(n_with):.1f} with\n"
    )
    wall = ", ".join(f"{a[:3]}: {s * 1000:.0f} ms" for a, *_, s in rows)
    print(f"\nWall time per key of the burst, until handled (this machine): {wall}\n")
    if not cpu:
        return
    print("| key | coder CPU ms/key | bare Textual CPU ms/key | ratio |")
    print("|---|---|---|---|")
    for name, (ours, base) in cpu.items():
        print(f"| {name} | {ours:.1f} | {base:.1f} | {ours / base:.1f}x |")


if __name__ == "__main__":
    main()
