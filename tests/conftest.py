"""What every test folder shares: the one project builder and a private config folder.

Every test that needs a project on disk builds it with `write_project` (directly, or through the
folder-specific builders in project_helpers, places_helpers and tui/conftest, which only choose
the codebook, the articles and the gazetteer), so a change to what a project folder holds is made
in one place."""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from pathlib import Path

import pytest

from coder.project import Project

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"


def write_project(
    root: Path,
    codebook: Path | str,
    *,
    articles: Mapping[str, str] | None = None,
    gazetteer: Path | str | None = None,
) -> Project:
    """A project folder at `root`: the codebook (a file to copy, or YAML text), the articles
    (`{id: text}` written as articles/<id>.txt, or the five real samples/ when None) and,
    when given, gazetteer.csv (a file to copy, or CSV text)."""
    root.mkdir(parents=True, exist_ok=True)
    _put(codebook, root / "codebook.yaml")
    if gazetteer is not None:
        _put(gazetteer, root / "gazetteer.csv")
    if articles is None:
        shutil.copytree(SAMPLES, root / "samples")
        for f in (root / "samples").iterdir():
            f.chmod(0o644)  # the checkout's files may be read-only; the tests write beside them
    else:
        (root / "articles").mkdir(exist_ok=True)
        for name, text in articles.items():
            (root / "articles" / f"{name}.txt").write_text(text, encoding="utf-8")
    return Project.locate(root)


def _put(source: Path | str, target: Path) -> None:
    if isinstance(source, Path):
        shutil.copy(source, target)
    else:
        target.write_text(source, encoding="utf-8")


@pytest.fixture(autouse=True)
def _config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never read or write the real user's remembered coder name."""
    monkeypatch.setenv("CODER_CONFIG_DIR", str(tmp_path / "config"))
