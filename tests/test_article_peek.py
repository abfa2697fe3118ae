"""`peek_article` reads one article of a big JSONL file as `load_articles` reads it, or None."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coder import article_peek
from coder.article_peek import peek_article
from coder.articles import load_articles


@pytest.fixture(autouse=True)
def _every_file_is_big(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(article_peek, "PEEK_OVER", -1)


def _write(folder: Path, lines: list[str], name: str = "articles.jsonl") -> Path:
    folder.mkdir(exist_ok=True)
    (folder / name).write_text("\n".join(lines) + "\n", "utf-8")
    return folder


def test_each_article_is_the_one_the_whole_folder_gives(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": f"a{n}", "title": f"T {n}", "text": f"Body {n}\x1b[31m red", "url": n})
        for n in range(30)
    ]
    lines.insert(3, "not json")
    lines.insert(5, json.dumps({"id": "no text"}))
    folder = _write(tmp_path / "f", lines)
    every = load_articles(folder)
    for article in every:
        assert peek_article(folder, article.id) == article
    assert peek_article(folder, "no text") is None
    assert peek_article(folder, "a99") is None


def test_the_first_of_duplicate_ids_and_an_id_in_another_article_s_text(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "x", "text": 'mentions "b" in its text'}),
        json.dumps({"id": "b", "text": "first"}),
        json.dumps({"id": "b", "text": "second"}),
        json.dumps({"id": "ü", "text": "non-ASCII id"}, ensure_ascii=False),
    ]
    folder = _write(tmp_path / "f", lines)
    every = load_articles(folder)
    assert peek_article(folder, "b") == every.get("b")
    found = peek_article(folder, "b")
    assert found is not None and found.text == "first"
    assert peek_article(folder, "ü") == every.get("ü")


def test_anything_but_one_big_jsonl_file_is_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    line = json.dumps({"id": "a", "text": "x"})
    folder = _write(tmp_path / "two", [line])
    _write(folder, [line.replace('"a"', '"b"')], "more.jsonl")
    assert peek_article(folder, "a") is None
    assert peek_article(_write(tmp_path / "txt", ["a"], "a.txt"), "a") is None
    small = _write(tmp_path / "small", [line])
    assert peek_article(small, "a") is not None
    monkeypatch.setattr(article_peek, "PEEK_OVER", 1_000)
    assert peek_article(small, "a") is None
    (tmp_path / "utf16").mkdir()
    (tmp_path / "utf16" / "a.jsonl").write_text(line + "\n", "utf-16")
    assert peek_article(tmp_path / "utf16", "a") is None
