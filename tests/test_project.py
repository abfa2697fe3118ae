"""Project.locate: defaults, explicit paths and the messages when something is missing."""

from __future__ import annotations

from pathlib import Path

import pytest

from coder.errors import CoderError
from coder.project import Project


def make_project(root: Path, folder: str = "articles") -> Path:
    (root / "codebook.yaml").write_text("title: t\n", encoding="utf-8")
    (root / folder).mkdir()
    return root


def test_defaults_prefer_articles_over_samples(tmp_path: Path) -> None:
    make_project(tmp_path)
    (tmp_path / "samples").mkdir()
    project = Project.locate(tmp_path)
    assert project.root == tmp_path.resolve()
    assert project.codebook_path == tmp_path.resolve() / "codebook.yaml"
    assert project.articles_dir == tmp_path.resolve() / "articles"
    assert project.data_dir == tmp_path.resolve() / "coding"
    assert not project.data_dir.exists()  # created on first write only
    assert project.coders() == []


def test_samples_folder_is_the_fallback(tmp_path: Path) -> None:
    make_project(tmp_path, "samples")
    assert Project.locate(tmp_path).articles_dir.name == "samples"


def test_root_defaults_to_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_project(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert Project.locate().root == tmp_path.resolve()


def test_explicit_paths_are_relative_to_cwd(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "cb.yaml").write_text("x", encoding="utf-8")
    (tmp_path / "texts").mkdir()
    project_dir = tmp_path / "proj"
    project_dir.mkdir()
    monkeypatch.chdir(tmp_path)
    project = Project.locate("proj", codebook="elsewhere/cb.yaml", articles="texts", data="out/db")
    assert project.codebook_path == tmp_path.resolve() / "elsewhere" / "cb.yaml"
    assert project.articles_dir == tmp_path.resolve() / "texts"
    assert project.data_dir == tmp_path.resolve() / "out" / "db"


def test_missing_codebook_names_the_path_and_the_fix(tmp_path: Path) -> None:
    (tmp_path / "articles").mkdir()
    with pytest.raises(CoderError) as caught:
        Project.locate(tmp_path)
    message = str(caught.value)
    assert str(tmp_path.resolve()) in message and "--project DIR" in message


def test_missing_articles_folder(tmp_path: Path) -> None:
    (tmp_path / "codebook.yaml").write_text("x", encoding="utf-8")
    with pytest.raises(CoderError, match="--articles DIR"):
        Project.locate(tmp_path)
    with pytest.raises(CoderError, match="articles folder not found"):
        Project.locate(tmp_path, articles=tmp_path / "nope")


def test_missing_project_folder_and_codebook_file(tmp_path: Path) -> None:
    with pytest.raises(CoderError, match="project folder not found"):
        Project.locate(tmp_path / "nope")
    make_project(tmp_path)
    with pytest.raises(CoderError, match="codebook not found"):
        Project.locate(tmp_path, codebook=tmp_path / "other.yaml")


def test_codebook_folder_and_articles_file_are_named_as_such(tmp_path: Path) -> None:
    """Easy slips: --codebook pointing at the project, --articles at one article file."""
    make_project(tmp_path)
    (tmp_path / "articles" / "a.txt").write_text("T\ntext", encoding="utf-8")
    with pytest.raises(CoderError, match=r"is a folder: give the codebook file"):
        Project.locate(tmp_path, codebook=tmp_path)
    with pytest.raises(CoderError, match=r"is a file: give the folder that holds it"):
        Project.locate(tmp_path, articles=tmp_path / "articles" / "a.txt")


def test_data_path_that_is_a_file(tmp_path: Path) -> None:
    make_project(tmp_path)
    (tmp_path / "coding").write_text("", encoding="utf-8")
    with pytest.raises(CoderError, match="not a folder"):
        Project.locate(tmp_path)


def test_load_articles_from_the_project(tmp_path: Path) -> None:
    make_project(tmp_path)
    (tmp_path / "articles" / "a1.txt").write_text("Title\nBody\n", encoding="utf-8")
    found = Project.locate(tmp_path).load_articles()
    assert [a.id for a in found] == ["a1"]
