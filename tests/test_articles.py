"""Article loading on real files: every format, every kind of broken file, the shipped samples."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coder.articles import (
    Article,
    ArticlesError,
    clean_text,
    load_articles,
    text_hash,
)

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "articles"


def write(folder: Path, name: str, data: str | bytes) -> Path:
    path = folder / name
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8", newline="")
    return path


def test_samples_load_with_stems_and_titles() -> None:
    found = load_articles(SAMPLES)
    assert found.problems == []
    stems = sorted(p.stem for p in SAMPLES.glob("*.txt"))
    assert [a.id for a in found] == stems
    for article in found:
        raw = article.path.read_text(encoding="utf-8") if article.path else ""
        first = next(line.strip() for line in raw.splitlines() if line.strip())
        assert article.title == (first if len(first) <= 200 else article.title)
        assert article.title and len(article.title) <= 200
        # the text is the file exactly as written (the samples have no control characters)
        assert article.text == raw
        assert article.sha256 == text_hash(raw)
    first = found.get("000_a9317a16385be697")
    assert first is not None
    assert first.title == "ISIS terrorists are shelling villages south of Kirkuk"
    # brackets in scraped text stay as written (never markup)
    second = found.get("002_1bec70a6d058b0fd")
    assert second is not None and "[in Sherk village]" in second.text


def test_fixture_folder_mixes_every_format() -> None:
    found = load_articles(FIXTURES)
    ids = [a.id for a in found]
    assert ids == sorted(ids)
    assert {"md-article", "txt-article", "j1", "j2", "c1", "c2"} <= set(ids)
    md = found.get("md-article")
    assert md is not None and md.title == "Clashes near Kirkuk"
    c2 = found.get("c2")
    assert c2 is not None
    assert c2.source == "Rudaw" and c2.date == "2020-09-07" and c2.url.startswith("https://")
    assert "\n" in c2.text  # multi-line CSV cell kept
    j2 = found.get("j2")
    assert j2 is not None and "کەرکووک" in j2.text and "قتل" in j2.text
    bad = {(p.path.name, p.line) for p in found.problems}
    assert ("bad.jsonl", 2) in bad  # not JSON
    assert ("bad.jsonl", 3) in bad  # no text


def test_txt_md_titles(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", "\n\n  First line title  \nbody\n")
    write(tmp_path, "b.md", "intro line\n\n# The Heading\n\ntext\n")
    write(tmp_path, "c.md", "no heading here\nmore\n")
    found = load_articles(tmp_path)
    assert [a.id for a in found] == ["a", "b", "c"]
    assert [a.title for a in found] == ["First line title", "The Heading", "no heading here"]


def test_bom_and_cp1252_fallback(tmp_path: Path) -> None:
    write(tmp_path, "bom.txt", b"\xef\xbb\xbfTitle\nS\xc3\xa9ance\n")
    write(tmp_path, "win.txt", "Title\n\u201cquoted\u201d caf\u00e9\n".encode("cp1252"))
    found = load_articles(tmp_path)
    bom = found.get("bom")
    assert bom is not None and bom.text == "Title\nSéance\n" and bom.title == "Title"
    win = found.get("win")
    assert win is not None and win.text == "Title\n\u201cquoted\u201d caf\u00e9\n"
    assert [(p.path.name, p.severity) for p in found.problems] == [("win.txt", "warning")]
    assert "cp1252" in found.problems[0].message


def test_latin1_last_resort(tmp_path: Path) -> None:
    # 0x81 is undefined in cp1252, so only latin-1 can read this
    write(tmp_path, "odd.txt", b"Title\n\x81 caf\xe9\n")
    found = load_articles(tmp_path)
    assert found.get("odd") is not None
    assert "latin-1" in found.problems[0].message and found.problems[0].severity == "warning"


def test_empty_binary_and_unknown_files_are_reported_not_loaded(tmp_path: Path) -> None:
    write(tmp_path, "empty.txt", "")
    write(tmp_path, "blank.txt", "  \n\n ")
    write(tmp_path, "binary.txt", b"GIF89a\x00\x01\x02")
    write(tmp_path, "notes.docx", b"PK")
    write(tmp_path, "ok.txt", "Title\ntext")
    write(tmp_path, ".hidden.txt", "")
    (tmp_path / "sub").mkdir()
    found = load_articles(tmp_path)
    assert [a.id for a in found] == ["ok"]
    by_name = {p.path.name: p for p in found.problems}
    assert set(by_name) == {"empty.txt", "blank.txt", "binary.txt", "notes.docx"}
    assert by_name["binary.txt"].severity == "error" and "binary" in by_name["binary.txt"].message
    assert by_name["empty.txt"].severity == "error"
    assert by_name["notes.docx"].severity == "warning"
    # each message says what to do about it
    assert "move the file out of the articles folder" in by_name["binary.txt"].message
    assert "or remove the file" in by_name["empty.txt"].message


def test_unreadable_file_is_a_problem(tmp_path: Path) -> None:
    # a dangling symlink cannot be read, whoever runs the test (root ignores chmod)
    (tmp_path / "gone.txt").symlink_to(tmp_path / "missing-target")
    write(tmp_path, "ok.txt", "t\nx")
    found = load_articles(tmp_path)
    assert [a.id for a in found] == ["ok"]
    assert found.problems[0].path.name == "gone.txt"
    assert "cannot read" in found.problems[0].message


def test_jsonl_bad_lines_have_line_numbers(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "a", "title": "A", "text": "alpha"}),
        "{not json",
        json.dumps({"id": "b", "title": "B"}),
        "",
        json.dumps(["a list"]),
        json.dumps({"title": "no id", "text": "x"}),
        json.dumps({"id": 7, "text": "numeric id\nsecond line"}),
    ]
    write(tmp_path, "many.jsonl", "\n".join(lines) + "\n")
    found = load_articles(tmp_path)
    assert [a.id for a in found] == ["7", "a"]
    assert found.get("7") is not None and found.get("7").title == "numeric id"  # type: ignore[union-attr]
    assert [p.line for p in found.problems] == [2, 3, 5, 6]
    assert all(p.severity == "error" for p in found.problems)
    assert "not valid JSON" in found.problems[0].message
    assert str(found.problems[0]).startswith(f"{tmp_path / 'many.jsonl'}:2: error:")


def test_csv_without_text_column(tmp_path: Path) -> None:
    write(tmp_path, "x.csv", "id,title,body\n1,A,hello\n")
    found = load_articles(tmp_path)
    assert len(found) == 0
    assert found.problems[0].line == 1 and '"text"' in found.problems[0].message


def test_csv_line_numbers_count_multiline_cells(tmp_path: Path) -> None:
    write(tmp_path, "x.csv", 'id,text\na,"one\ntwo"\nb,\nc,ok\n')
    found = load_articles(tmp_path)
    assert [a.id for a in found] == ["a", "c"]
    assert [(p.line, 'no "text"' in p.message) for p in found.problems] == [(4, True)]


def test_duplicate_ids_keep_the_first_and_report_the_rest(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", "from txt\n")
    write(tmp_path, "b.jsonl", json.dumps({"id": "a", "text": "from jsonl"}) + "\n")
    found = load_articles(tmp_path)
    assert len(found) == 1
    only = found.get("a")
    assert only is not None and only.text == "from txt\n"
    assert found.problems[0].path.name == "b.jsonl" and found.problems[0].line == 1
    assert "duplicate" in found.problems[0].message


def test_escape_codes_stripped_brackets_and_scripts_kept(tmp_path: Path) -> None:
    raw = (
        "Title \x1b[31mred\x1b[0m\r\n"
        "[bold]not markup[/bold] [link=x]y[/link]\r\n"
        "\x1b]0;evil title\x07\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\\r\n"
        "bell\x07 nul-free \x9b2J tab\there\x0c\n"
        "العراق کوردستان\n"
    )
    write(tmp_path, "esc.txt", raw)
    article = load_articles(tmp_path).get("esc")
    assert article is not None
    assert article.text == (
        "Title red\n[bold]not markup[/bold] [link=x]y[/link]\nlink\nbell nul-free  tab\there\n"
        "العراق کوردستان\n"
    )
    assert "\x1b" not in article.text and "\r" not in article.text


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("a\r\nb\rc", "a\nb\nc"),
        ("x\x1b[1;31;40mY", "xY"),
        ("x\x1b(By", "xy"),
        ("x\x1bPdcs\x1b\\y", "xy"),
        ("keep\ttabs\nand [brackets]", "keep\ttabs\nand [brackets]"),
        ("unterminated \x1b]0;title", "unterminated 0;title"),
        ("\x00\x01\x7f\x85", ""),
    ],
)
def test_clean_text(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


def test_hash_changes_when_text_changes(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", "Title\nversion one\n")
    before = load_articles(tmp_path).get("a")
    path.write_text("Title\nversion two\n", encoding="utf-8")
    after = load_articles(tmp_path).get("a")
    assert before is not None and after is not None
    assert before.sha256 != after.sha256
    assert after.sha256 == text_hash("Title\nversion two\n")
    assert Article("x", "t", "same").sha256 == Article("y", "u", "same").sha256


def test_four_megabyte_article_loads(tmp_path: Path) -> None:
    line = "Militants attacked [the village] of Topzawa – قتل اثنان. " * 40 + "\n"
    text = "Big article\n" + line * (4_000_000 // len(line.encode()) + 1)
    assert len(text.encode()) > 4_000_000
    write(tmp_path, "big.txt", text)
    write(tmp_path, "big.csv", "id,text\nbigcsv," + '"' + text.replace('"', '""') + '"\n')
    found = load_articles(tmp_path)
    assert found.problems == []
    assert found.get("big") is not None and found.get("big").text == text  # type: ignore[union-attr]
    assert found.get("bigcsv") is not None and found.get("bigcsv").text == text  # type: ignore[union-attr]


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ArticlesError, match="not found"):
        load_articles(tmp_path / "nope")
