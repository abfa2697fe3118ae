"""Fixtures for the coding-screen tests: a throwaway project on disk for each test."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from coder.project import Project

REPO = Path(__file__).resolve().parents[2]
TUI_CODEBOOK = REPO / "tests" / "fixtures" / "tui_codebook.yaml"


def make_project(root: Path, codebook: Path) -> Project:
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(codebook, root / "codebook.yaml")
    shutil.copy(REPO / "gazetteer.csv", root / "gazetteer.csv")  # the shipped codebook's places
    shutil.copytree(REPO / "samples", root / "samples")
    for f in (root / "samples").iterdir():
        f.chmod(0o644)
    return Project.locate(root)


@pytest.fixture(autouse=True)
def _config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never read or write the real user's remembered coder name."""
    monkeypatch.setenv("CODER_CONFIG_DIR", str(tmp_path / "config"))


@pytest.fixture
def project_copy(tmp_path: Path) -> Project:
    """The sample articles with the small test codebook (every field type), in tmp_path."""
    return make_project(tmp_path / "project", TUI_CODEBOOK)


@pytest.fixture
def shipped_project(tmp_path: Path) -> Project:
    """The sample articles with the repository's real codebook.yaml."""
    return make_project(tmp_path / "shipped", REPO / "codebook.yaml")


def records_on_disk(project: Project, coder: str) -> dict[str, dict[str, Any]]:
    """The coder's records read straight from the TinyDB JSON file, by article id."""
    data = json.loads(project.coder_path(coder).read_text(encoding="utf-8"))
    return {doc["article"]: doc for doc in data["records"].values()}
