"""Coding screen: key press to updated screen, with the shipped codebook, through App.run_test().

Each measurement presses one key with Textual's Pilot, waits until the screen has settled
(`pilot.pause()` + `animator.wait_for_idle()`) and has been painted: the headless driver normally
skips turning the compositor's update into terminal output, so the benchmark app does that step
too. A no-op key measured the same way is the "Pilot overhead"; the table subtracts it.

Measured on a typical article (~1,000 words built from the sample texts, 3 coded incidents) and on
a 4 MB article (the samples repeated, the same 3 incidents):

* next article (ctrl+pagedown): save if needed, load the text, the record and the first incident;
  the screen is usable then (a 4 MB article shows its first screens wrapped, the rest is wrapped
  in a thread); "text fully wrapped" goes on until that wrap is installed and painted too;
* next incident (ctrl+down): load the next incident into the form, highlight its quote;
* save (ctrl+s) until the write is durable (the worker has returned: fsync + rename done);
* start-up: from constructing the app (codebook and articles loaded) in App.run_test() until the
  coding screen is mounted, its form loaded and the first frame painted (and, separately, until
  a 4 MB article's text is fully wrapped).

Baseline in the same run: the same article / incident switch done by tearing the forms down and
mounting new ones before loading values (what recomposing on every switch costs).

Prints a Markdown table of medians. `--runs N` (default 7).
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout, uninstalled

from textual._compositor import CompositorUpdate
from textual.binding import Binding
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget

from coder.project import Project
from coder.store.coder_store import ArticleRecord, Incident
from coder.tui.article.text import ArticleText
from coder.tui.coding.app import CoderApp
from coder.tui.coding.screen import CodingScreen
from coder.tui.form import CodebookForm

REPO = Path(__file__).resolve().parents[1]
SIZE = (120, 40)
BIG_BYTES = 4 * 1024 * 1024


# -- the project ----------------------------------------------------------------------------------


def _sample_paragraphs() -> list[str]:
    out: list[str] = []
    for path in sorted((REPO / "samples").glob("*.txt")):
        out += [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return out


def _article(paragraphs: list[str], size_words: int | None, size_bytes: int | None) -> str:
    lines: list[str] = []
    words = n_bytes = 0
    i = 0
    while (size_words is not None and words < size_words) or (
        size_bytes is not None and n_bytes < size_bytes
    ):
        line = paragraphs[i % len(paragraphs)]
        lines.append(line)
        words += len(line.split())
        n_bytes += len(line.encode("utf-8")) + 1
        i += 1
    return "\n".join(lines) + "\n"


def _incidents(text: str) -> list[Incident]:
    quotes = [line.split(",")[0] for line in text.splitlines()[1:10] if len(line) > 40][:3]
    return [
        Incident(
            values={
                "event_date": f"2020-09-0{n + 1}",
                "date_precision": 1,
                "province": "kirkuk",
                "place": "IQ-KI-DAQ-TOPZAWA",
                "geo_precision": 1,
                "event_type": "explosions_remote_violence",
                "sub_event_type": "shelling_artillery",
                "perpetrator": "isis",
                "attack_type": 3,
                "target_types": ["private_citizens", "police"],
                "weapons": ["mortar_artillery", "firearms"],
                "fatalities": n,
                "injured": 2,
                "source_type": "local_source",
                "evidence": quote,
                "certainty": "medium",
                "notes": "benchmark incident",
            }
        )
        for n, quote in enumerate(quotes)
    ]


def build_project(root: Path) -> Project:
    """Shipped codebook; 6 typical articles (~1,000 words) and 2 of 4 MB, each with 3 incidents."""
    shutil.copy(REPO / "codebook.yaml", root / "codebook.yaml")
    shutil.copy(REPO / "gazetteer.csv", root / "gazetteer.csv")
    folder = root / "articles"
    folder.mkdir()
    paragraphs = _sample_paragraphs()
    for n in range(6):
        rotated = paragraphs[n * 7 :] + paragraphs[: n * 7]
        (folder / f"a_typical_{n}.txt").write_text(_article(rotated, 1000, None), encoding="utf-8")
    for n in range(2):
        rotated = paragraphs[n * 5 :] + paragraphs[: n * 5]
        (folder / f"b_big_{n}.txt").write_text(_article(rotated, None, BIG_BYTES), encoding="utf-8")
    project = Project.locate(root)
    codebook = project.load_codebook()
    articles = project.load_articles()
    with project.open_store("bench") as store:
        for a in articles.articles:
            record = ArticleRecord(
                article=a.id,
                status="draft",
                values={"relevant": "reported", "article_date": "2020-09-07"},
                incidents=_incidents(a.text),
            )
            store.save(record, codebook=codebook, article=a)
    return project


# -- the app under test ---------------------------------------------------------------------------


class PaintingApp(CoderApp):
    """CoderApp that also renders each compositor update to terminal output when headless."""

    CSS_PATH = str(REPO / "coder" / "tui" / "app.tcss")  # relative paths resolve per subclass
    paints: list[float]

    def _display(self, screen: Screen[Any], renderable: Any) -> None:
        super()._display(screen, renderable)
        if isinstance(renderable, CompositorUpdate):
            renderable.render_segments(self.console)
            self.__dict__.setdefault("paints", []).append(time.perf_counter())


class RebuildingScreen(CodingScreen):
    """The naive baseline: the same switches, but the forms are torn down and mounted again."""

    BINDINGS = [  # noqa: RUF012 (Textual merges class bindings)
        Binding("f11", "rebuild_next_article", priority=True),
        Binding("f10", "rebuild_next_incident", priority=True),
    ]

    async def _rebuild(self, form_id: str) -> None:
        old = self.query_one(f"#{form_id}", CodebookForm)
        parent = old.parent
        assert isinstance(parent, Widget)
        index = parent.children.index(old)
        await old.remove()
        new = CodebookForm(old.fields, id=form_id)
        await parent.mount(new, before=index if index < len(parent.children) else None)

    async def action_rebuild_next_article(self) -> None:
        s = self.session
        self.sync()
        self.save_in_background()
        s.open((s.index + 1) % len(s.articles))
        await self._rebuild("article-form")
        await self._rebuild("incident-form")
        self.load_article()

    async def action_rebuild_next_incident(self) -> None:
        s = self.session
        assert s.current is not None
        self.sync()
        self.save_in_background()
        s.current = (s.current + 1) % len(s.record.incidents)
        await self._rebuild("incident-form")
        self.show_incident()


class BenchApp(PaintingApp):
    """Opens RebuildingScreen (a CodingScreen with two extra keys for the baseline)."""

    def start(self, coder: str) -> None:
        import coder.tui.coding.app as app_module

        app_module.CodingScreen = RebuildingScreen  # type: ignore[misc]
        try:
            super().start(coder)
        finally:
            app_module.CodingScreen = CodingScreen  # type: ignore[misc]


# -- measuring ------------------------------------------------------------------------------------


async def settled(pilot: Pilot[Any]) -> None:
    await pilot.pause()
    await pilot.app.animator.wait_for_idle()
    await pilot.pause()


FIRST_PAINTS: dict[str, list[float]] = {}
"""Seconds from a key press to the first frame painted after it, by key (all kinds of article)."""


async def timed(pilot: Pilot[Any], key: str, until: Callable[[], Awaitable[None]]) -> float:
    await fully_wrapped(pilot)  # earlier background wraps and saves are not counted
    await pilot.app.workers.wait_for_complete()
    await settled(pilot)
    paints = pilot.app.__dict__.setdefault("paints", [])
    n = len(paints)
    t0 = time.perf_counter()
    await pilot.press(key)
    await until()
    await settled(pilot)
    if len(paints) > n:
        FIRST_PAINTS.setdefault(key, []).append(paints[n] - t0)
    return time.perf_counter() - t0


async def fully_wrapped(pilot: Pilot[Any]) -> None:
    """Settled, then until the article's background wrap (if any) is installed and painted."""
    await settled(pilot)
    text = pilot.app.screen.query_one(ArticleText)
    while text.wrapping:
        await asyncio.sleep(0.002)
    await settled(pilot)


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


async def measure_article_kind(project: Project, first: int, runs: int) -> dict[str, float]:
    """Medians (ms, overhead included) for one kind of article starting at article `first`."""
    app = BenchApp(project, "bench")
    out: dict[str, list[float]] = {
        k: []
        for k in (
            "noop",
            "next",
            "next_full",
            "rebuild_next",
            "incident",
            "rebuild_incident",
            "save",
        )
    }
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        screen = app.screen
        assert isinstance(screen, RebuildingScreen)
        screen._open(first)
        await settled(pilot)

        async def nothing() -> None:
            return None

        async def durable() -> None:
            await app.workers.wait_for_complete()

        async def wrapped() -> None:
            await fully_wrapped(pilot)

        for _ in range(runs):
            out["noop"].append(await timed(pilot, "f12", nothing))
            FIRST_PAINTS.pop("ctrl+pagedown", None)
            out["next"].append(await timed(pilot, "ctrl+pagedown", nothing))
            out["next_paint"] = out.get("next_paint", []) + FIRST_PAINTS["ctrl+pagedown"]
            assert screen.session.index == first + 1
            await pilot.press("ctrl+pageup")
            out["next_full"].append(await timed(pilot, "ctrl+pagedown", wrapped))
            await pilot.press("ctrl+pageup")
            out["rebuild_next"].append(await timed(pilot, "f11", nothing))
            assert screen.session.index == first + 1
            await pilot.press("ctrl+pageup")
            await settled(pilot)
            out["incident"].append(await timed(pilot, "ctrl+down", nothing))
            assert screen.session.current == 1
            await pilot.press("ctrl+up")
            out["rebuild_incident"].append(await timed(pilot, "f10", nothing))
            assert screen.session.current == 1
            await pilot.press("ctrl+up")
            out["save"].append(await timed(pilot, "ctrl+s", durable))
        await pilot.press("ctrl+q")
    return {k: median_ms(v) for k, v in out.items()}


async def measure_startup(project: Project, first_big: bool) -> tuple[float, float]:
    """Seconds to a usable, painted coding screen, and to the article fully wrapped."""
    if first_big:  # make a 4 MB article the first unfinished one
        codebook = project.load_codebook()
        articles = project.load_articles()
        with project.open_store("bench") as store:
            for a in articles.articles:
                if a.id.startswith("a_"):
                    record = store.get(a.id)
                    assert record is not None
                    record.status = "no_incident"
                    record.incidents = []
                    record.values = {"relevant": "not_reported"}
                    store.save(record, codebook=codebook, article=a)
    t0 = time.perf_counter()
    app = PaintingApp(project, "bench")
    async with app.run_test(size=SIZE) as pilot:
        while app.coding is None or not app.coding.is_mounted:
            await asyncio.sleep(0)
        await settled(pilot)
        usable = time.perf_counter() - t0
        await fully_wrapped(pilot)
        full = time.perf_counter() - t0
        await pilot.press("ctrl+q")
    return usable, full


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        project = build_project(Path(tmp))
        typical = asyncio.run(measure_article_kind(project, 0, args.runs))
        big = asyncio.run(measure_article_kind(project, 6, args.runs))
        start_typical = [asyncio.run(measure_startup(project, False)) for _ in range(3)]
        start_big = [asyncio.run(measure_startup(project, True)) for _ in range(3)]

    print(
        f"Python {sys.version.split()[0]}, terminal {SIZE[0]}x{SIZE[1]}, median of "
        f"{args.runs} presses; times are key press to painted screen minus the Pilot overhead\n"
    )
    print("| action | typical article (~1,000 words) | 4 MB article | target |")
    print("|---|---:|---:|---|")
    print(
        f"| Pilot overhead (no-op key, subtracted below) | {typical['noop']:.1f} ms | "
        f"{big['noop']:.1f} ms | |"
    )

    def row(name: str, key: str, target: str, baseline: str | None = None) -> None:
        cells = []
        for data in (typical, big):
            ms = data[key] - data["noop"]
            cell = f"{ms:.1f} ms"
            if baseline is not None:
                base = data[baseline] - data["noop"]
                cell += f" (rebuild: {base:.1f} ms, {base / ms:.1f}x)"
            cells.append(cell)
        print(f"| {name} | {cells[0]} | {cells[1]} | {target} |")

    print(
        "| next article: key press to the first frame painted (usable), no subtraction | "
        f"{typical['next_paint']:.1f} ms | {big['next_paint']:.1f} ms | <= 100 / 300 ms |"
    )
    row("next article, until settled", "next", "<= 100 / 300 ms", "rebuild_next")
    row("next article, until the text is fully wrapped", "next_full", "")
    row("next incident", "incident", "<= 100 / 300 ms", "rebuild_incident")
    row("save (ctrl+s, durable)", "save", "<= 100 / 300 ms")
    print(
        f"| start-up to a usable coding screen | {median_ms([u for u, _ in start_typical]):.0f}"
        f" ms | {median_ms([u for u, _ in start_big]):.0f} ms | < 1.5 s |"
    )
    print(
        f"| start-up: text fully wrapped | {median_ms([f for _, f in start_typical]):.0f} ms | "
        f"{median_ms([f for _, f in start_big]):.0f} ms | |"
    )


if __name__ == "__main__":
    main()
