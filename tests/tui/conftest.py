"""Fixtures for the coding-screen tests: a throwaway project on disk for each test."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from coder.project import Project
from tests.conftest import REPO, write_project

TUI_CODEBOOK = REPO / "tests" / "fixtures" / "tui_codebook.yaml"


def make_project(root: Path, codebook: Path) -> Project:
    """The five samples, `codebook` and the shipped gazetteer (for the shipped codebook)."""
    return write_project(root, codebook, gazetteer=REPO / "gazetteer.csv")


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
