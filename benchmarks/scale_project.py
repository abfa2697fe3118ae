"""A real project folder at scale, for the end-to-end benchmarks (bench_commands.py).

The folder is what a lead has on disk: the shipped `codebook.yaml`, an `articles/articles.jsonl`
with one short article per line, and `coding/<coder>.json` databases written through
`CoderStore.save_many`. The codings are bench_compare's synthetic ones (a "true" coding per article
and controlled disagreement per coder), with an evidence quote taken from the article's own text
so the quote-in-article check has work to do, as it has on real data.

Building is slow (it validates and writes every record once), so a folder is built once per
(coders, articles) and reused: `build(root, coders, articles)` returns at once when `root` already
holds a complete project of that size (a `BUILT` marker is written last).
"""

from __future__ import annotations

import json
import random
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_compare import synthetic  # noqa: E402

from coder.codebook.loader import load_codebook  # noqa: E402
from coder.project import Project  # noqa: E402

_SENTENCES = (
    "Gunmen attacked a checkpoint near the market on Tuesday evening.",
    "Police said two civilians were killed and several were wounded.",
    "A roadside bomb struck a patrol on the main road outside the town.",
    "Residents reported heavy gunfire for more than an hour.",
    "No group has claimed responsibility for the attack so far.",
)


def _text(n: int) -> str:
    rng = random.Random(n)
    body = " ".join([_SENTENCES[1], *(rng.choice(_SENTENCES) for _ in range(11))])
    return f"Report {n}\n\n{body}\n"


def build(root: Path, coders: int, articles: int, seed: int = 1) -> Project:
    """The project folder `root` with `coders` coders' codings of `articles` articles."""
    marker = root / "BUILT"
    wanted = f"{coders} {articles} {seed}"
    if marker.is_file() and marker.read_text() == wanted:
        return Project.locate(root)
    if root.exists():
        shutil.rmtree(root)
    (root / "articles").mkdir(parents=True)
    shutil.copy(ROOT / "codebook.yaml", root / "codebook.yaml")
    shutil.copy(ROOT / "gazetteer.csv", root / "gazetteer.csv")  # the `place` field's ids
    texts = {f"art{a:06d}": _text(a) for a in range(articles)}
    with open(root / "articles" / "articles.jsonl", "w", encoding="utf-8") as out:
        for article_id, text in texts.items():
            out.write(json.dumps({"id": article_id, "text": text}) + "\n")
    project = Project.locate(root)
    codebook = load_codebook(root / "codebook.yaml")
    loaded = project.load_articles()
    evidence = _SENTENCES[1]
    for coder, records in synthetic(codebook, coders, articles, 0.08, seed).items():
        for record in records:
            for incident in record.incidents:
                incident.values["evidence"] = evidence
                for f in codebook.incident_fields:  # noise can switch a `when:` on
                    if f.required and f.name not in incident.values and f.applies(incident.values):
                        incident.values[f.name] = "unnamed group"
        with project.open_store(coder) as store:
            store.save_many(records, codebook=codebook, articles=loaded)
    marker.write_text(wanted)
    return project
