"""The `coder` command, run as users run it (subprocess) and in-process with a stand-in TUI."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import types
from pathlib import Path
from typing import Any

import pytest

from coder import cli
from coder.config import remembered_coder
from tests.project_helpers import make_project, sample_records, save

CODER = Path(sys.executable).parent / "coder"
COMMANDS = ("code", "check", "import", "export", "compare", "review")


def run(*args: str, cwd: Path, config: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CODER_CONFIG_DIR": str(config), "NO_COLOR": "1", "COLUMNS": "200"}
    return subprocess.run(
        [str(CODER), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60
    )


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "config"
    monkeypatch.setenv("CODER_CONFIG_DIR", str(path))
    return path


def test_help_for_every_command(tmp_path: Path, config: Path) -> None:
    top = run("--help", cwd=tmp_path, config=config)
    assert top.returncode == 0
    for command in COMMANDS:
        assert command in top.stdout
        result = run(command, "--help", cwd=tmp_path, config=config)
        assert result.returncode == 0, result.stderr
        assert f"usage: coder {command}" in result.stdout and "--project DIR" in result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("export", "--format", "xml"),
        ("--bogus",),
        ("compare", "--bootstrap", "many"),
        ("import",),
        ("frobnicate",),
    ],
)
def test_bad_arguments_give_one_error_line(tmp_path: Path, config: Path, args: tuple[str]) -> None:
    result = run(*args, cwd=tmp_path, config=config)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if "error:" in line]
    assert len(errors) == 1 and errors[0].startswith("coder")


def test_missing_project_is_a_clear_message(tmp_path: Path, config: Path) -> None:
    for args in [(), ("check",), ("export",), ("check", "--project", str(tmp_path / "nope"))]:
        result = run(*args, cwd=tmp_path, config=config)
        assert result.returncode == 2, args
        assert result.stderr.count("\n") == 1 and result.stderr.startswith("coder: ")
        assert "--project DIR" in result.stderr and "Traceback" not in result.stderr


def test_check_exit_codes(tmp_path: Path, config: Path) -> None:
    project = make_project(tmp_path)
    save(project, "ann", sample_records())
    ok = run("check", cwd=tmp_path, config=config)
    assert ok.returncode == 0 and "no problems" in ok.stdout
    (project.articles_dir / "a3.txt").unlink()
    bad = run("--project", str(tmp_path), "check", cwd=tmp_path.parent, config=config)
    assert bad.returncode == 1 and "'a3'" in bad.stdout and "1 error" in bad.stdout


def test_export_import_through_the_command(tmp_path: Path, config: Path) -> None:
    project = make_project(tmp_path)
    save(project, "ann", sample_records())
    out = tmp_path / "ann.jsonl"
    result = run("export", "--format", "jsonl", "--out", str(out), cwd=tmp_path, config=config)
    assert result.returncode == 0, result.stderr
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask, "an export is shared: not 0600"
    assert [json.loads(x)["article"] for x in out.read_text("utf-8").splitlines()] == [
        "a1",
        "a2",
        "a3",
    ]
    stdout = run("export", "--coder", "ann", cwd=tmp_path, config=config)
    assert stdout.returncode == 0 and stdout.stdout.startswith("coder,article,status,")
    imported = run("import", str(out), "--coder", "bob", cwd=tmp_path, config=config)
    assert imported.returncode == 0, imported.stderr
    assert "imported 3 article record(s) with 3 incident(s)" in imported.stdout
    both = run("export", "--coder", "ann,bob", "--format", "jsonl", cwd=tmp_path, config=config)
    coders = [json.loads(x)["coder"] for x in both.stdout.splitlines()]
    assert coders == ["ann"] * 3 + ["bob"] * 3

    bad = tmp_path / "bad.csv"
    bad.write_text("article,attack_type,event_date\na1,9,2020\n", encoding="utf-8")
    failed = run("import", str(bad), "--coder", "bob", cwd=tmp_path, config=config)
    assert failed.returncode == 2 and "Traceback" not in failed.stderr
    assert f"{bad}:2: attack_type:" in failed.stderr and "nothing imported" in failed.stderr

    unknown = run("export", "--coder", "zoe", cwd=tmp_path, config=config)
    assert unknown.returncode == 2 and "'zoe'" in unknown.stderr


def test_compare_with_no_coders_says_what_is_missing(tmp_path: Path, config: Path) -> None:
    make_project(tmp_path)
    result = run("compare", cwd=tmp_path, config=config)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "compare needs at least two coders" in result.stderr


@pytest.fixture
def fake_tui(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    """A stand-in `coder.tui` that records how it was called (no terminal needed)."""
    calls: list[tuple[Any, ...]] = []
    module = types.ModuleType("coder.tui")

    def run_coding(project: Any, coder: str | None, readonly: bool) -> int:
        calls.append(("code", project.root, coder, readonly))
        return 0

    def run_review(project: Any, coders: list[str] | None) -> int:
        calls.append(("review", project.root, coders))
        return 0

    module.run_coding = run_coding  # type: ignore[attr-defined]
    module.run_review = run_review  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "coder.tui", module)
    return calls


def test_no_command_means_code_with_the_remembered_name(
    tmp_path: Path, config: Path, fake_tui: list[tuple[Any, ...]], monkeypatch: pytest.MonkeyPatch
) -> None:
    make_project(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert cli.main([]) == 0
    assert fake_tui[-1] == ("code", tmp_path.resolve(), None, False)
    assert cli.main(["--coder", "ann", "--readonly"]) == 0
    assert fake_tui[-1] == ("code", tmp_path.resolve(), "ann", True)
    assert remembered_coder() == "ann"
    assert cli.main(["--project", str(tmp_path)]) == 0
    assert fake_tui[-1] == ("code", tmp_path.resolve(), "ann", False)
    assert cli.main(["review", "--coders", "ann,bob"]) == 0
    assert fake_tui[-1] == ("review", tmp_path.resolve(), ["ann", "bob"])


def test_bad_coder_name_and_interrupt(
    tmp_path: Path,
    config: Path,
    fake_tui: list[tuple[Any, ...]],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    make_project(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert cli.main(["code", "--coder", "../etc"]) == 2
    assert capsys.readouterr().err.startswith("coder: coder name '../etc' is not allowed")
    assert remembered_coder() is None

    def interrupted(*_: Any) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(sys.modules["coder.tui"], "run_coding", interrupted)
    assert cli.main(["code"]) == 130
    assert capsys.readouterr().err == ""


def test_config_location(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from coder import config as cfg

    monkeypatch.delenv("CODER_CONFIG_DIR", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    assert cfg.config_path() == tmp_path / "xdg" / "coder" / "config.json"
    assert cfg.remember_coder("ann") and cfg.remembered_coder() == "ann"
    cfg.config_path().write_text("{broken", encoding="utf-8")
    assert cfg.remembered_coder() is None  # a broken file means "nothing remembered"


def _compare_project(tmp_path: Path) -> None:
    """ann and bob finished the same articles; eve only has drafts."""
    project = make_project(tmp_path)
    save(project, "ann", sample_records())
    bob = sample_records()
    bob[0].incidents[0].values["fatalities"] = 5
    save(project, "bob", bob)
    drafts = sample_records()
    for record in drafts:
        record.status = "draft"
    save(project, "eve", drafts)


def test_compare_piped_table_is_plain_and_uncut(tmp_path: Path, config: Path) -> None:
    """`coder compare | less` or `> report.txt`: no colour codes, no progress bar, no names cut
    to Rich's default 80 columns."""
    _compare_project(tmp_path)
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "NO_COLOR")}
    env.update(CODER_CONFIG_DIR=str(config), TERM="xterm-256color")
    result = subprocess.run(
        [str(CODER), "compare", "--bootstrap", "20"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout and "\x1b" not in result.stderr
    assert "comparing fields" not in result.stderr
    assert "derived:any_incident" in result.stdout and "…" not in result.stdout
    assert "1 disagreement (unit x field): list them with --disagreements FILE" in result.stdout


def test_compare_markdown_names_only_coders_who_finished_articles(
    tmp_path: Path, config: Path
) -> None:
    """A methods appendix must not count a coder whose work was all drafts."""
    _compare_project(tmp_path)
    out = tmp_path / "report.md"
    result = run(
        "compare", "--format", "markdown", "--bootstrap", "20", "--out", str(out),
        cwd=tmp_path, config=config,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert "2 coders (ann, bob) independently coded 2 articles" in text
    assert "(eve finished none of them and is not included)" in text
    assert "drafts were left out" in text
    assert "derived:n_incidents: how many incidents a coder recorded" in text


def test_compare_disagreements_csv_neutralises_formulas(tmp_path: Path, config: Path) -> None:
    """The disagreements file is for a spreadsheet: a coder's "-Daquq" must not run as a formula."""
    project = make_project(tmp_path)
    cb = project.codebook_path.read_text(encoding="utf-8")
    cb = cb.replace(
        "type: text\n      label: Place", "type: text\n      level: nominal\n      label: Place"
    )
    project.codebook_path.write_text(cb, encoding="utf-8")
    save(project, "ann", sample_records())
    bob = sample_records()
    bob[0].incidents[0].values["place"] = "-Daquq"
    bob[0].incidents[0].values["cost"] = -2
    save(project, "bob", bob)
    out = tmp_path / "disagreements.csv"
    result = run(
        "compare", "--bootstrap", "0", "--disagreements", str(out), cwd=tmp_path, config=config
    )
    assert result.returncode == 0, result.stderr
    rows = {r[4]: r[5:] for r in csv.reader(out.read_text("utf-8").splitlines())}
    assert rows["place"] == ["Topzawa, 'Daquq'", "'-Daquq"]
    assert rows["cost"] == ["-1.5", "-2"]  # plain numbers stay numbers


def test_import_as_gold_is_refused_before_reading(tmp_path: Path, config: Path) -> None:
    """`--coder gold` would write a coder database where the adjudication database lives (and
    break `coder review` and `export --gold`)."""
    project = make_project(tmp_path)
    save(project, "ann", sample_records())
    out = tmp_path / "ann.jsonl"
    assert run("export", "--format", "jsonl", "--out", str(out), cwd=tmp_path, config=config)
    result = run("import", str(out), "--coder", "gold", cwd=tmp_path, config=config)
    assert result.returncode == 2 and "gold.json is the adjudicated database" in result.stderr
    assert not project.coder_path("ann").with_name("gold.json").exists()
