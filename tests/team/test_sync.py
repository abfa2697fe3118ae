"""coder sync with a real bare repository and three clones (lead lea, coders ann and bob)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from coder.cli import main
from coder.team.sync import SyncError, sync
from tests.team.git_team import Team, code, git, make_team, places, run_as


@pytest.fixture
def team(tmp_path: Path) -> Team:
    return make_team(tmp_path)


def everyone_has(team: Team, expected: dict[str, dict[str, str]]) -> None:
    for clone in (team.lead, team.ann, team.bob):
        for coder, want in expected.items():
            assert places(clone, coder) == want, (clone.root.name, coder)


@pytest.mark.parametrize(
    "order", [("ann", "bob", "lea"), ("bob", "lea", "ann"), ("lea", "ann", "bob")]
)
def test_every_record_arrives_everywhere_in_any_order(team: Team, order: tuple[str, ...]) -> None:
    clones = {"lea": team.lead, "ann": team.ann, "bob": team.bob}
    code(team.ann, "ann", "a1", "Topzawa")
    code(team.bob, "bob", "a2", "Daquq")
    code(team.ann, "ann", "a3", "Kirkuk")
    for _round in range(2):  # two rounds: whoever synced first receives the rest in round two
        for name in order:
            sync(clones[name], name)
    everyone_has(team, {"ann": {"a1": "Topzawa", "a3": "Kirkuk"}, "bob": {"a2": "Daquq"}})
    assert (team.ann.root / "assignments.yaml").read_text() == (
        team.lead.root / "assignments.yaml"
    ).read_text()


def test_the_one_line_report(team: Team) -> None:
    code(team.ann, "ann", "a1", "Topzawa")
    code(team.ann, "ann", "a2", "Daquq")
    assert sync(team.ann, "ann").line() == "pushed 2 articles; received nothing new"
    code(team.bob, "bob", "a3", "Kirkuk")
    assert sync(team.bob, "bob").line() == "pushed 1 article; received ann"
    assert sync(team.lead, "lea").line() == "pushed 0 articles; received ann, bob"


def test_concurrent_syncs_lose_nothing(team: Team) -> None:
    code(team.ann, "ann", "a1", "Topzawa")
    code(team.bob, "bob", "a2", "Daquq")
    errors: list[BaseException] = []

    def run(project: object, name: str) -> None:
        try:
            sync(project, name)  # type: ignore[arg-type]
        except BaseException as e:  # reported by the assert below
            errors.append(e)

    threads = [
        threading.Thread(target=run, args=(team.ann, "ann")),
        threading.Thread(target=run, args=(team.bob, "bob")),
        threading.Thread(target=run, args=(team.lead, "lea")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    for project, name in ((team.ann, "ann"), (team.bob, "bob"), (team.lead, "lea")):
        sync(project, name)
    everyone_has(team, {"ann": {"a1": "Topzawa"}, "bob": {"a2": "Daquq"}})


def test_offline_commits_locally_and_the_next_sync_pushes(team: Team, tmp_path: Path) -> None:
    code(team.ann, "ann", "a1", "Topzawa")
    url = git(team.ann.root, "remote", "get-url", "origin").strip()
    git(team.ann.root, "remote", "set-url", "origin", str(tmp_path / "unplugged.git"))
    result = sync(team.ann, "ann")
    assert result.offline
    assert result.line() == (
        "kept 1 article here (committed); the remote 'origin' could not be reached (fatal: "
        f"'{tmp_path / 'unplugged.git'}' does not appear to be a git repository): the next sync "
        "will push it"
    )
    assert git(team.ann.root, "status", "--porcelain") == ""  # committed, not left loose
    code(team.ann, "ann", "a2", "Daquq")  # keeps coding offline
    sync(team.ann, "ann")
    git(team.ann.root, "remote", "set-url", "origin", url)
    assert sync(team.ann, "ann").line() == "pushed 2 articles; received nothing new"
    sync(team.bob, "bob")
    assert places(team.bob, "ann") == {"a1": "Topzawa", "a2": "Daquq"}


def test_offline_says_why_in_one_clean_line(
    team: Team, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """git's message ends with "...and the repository exists.": the reason comes first."""
    git(team.ann.root, "remote", "set-url", "origin", "git@nonexistent.invalid:x.git")
    # an ssh that fails as a real one does when the name does not resolve, without a network
    no_host = tmp_path / "ssh"
    no_host.write_text(
        "#!/bin/sh\necho 'ssh: Could not resolve hostname nonexistent.invalid: Name or service "
        "not known' >&2\nexit 255\n"
    )
    no_host.chmod(0o755)
    monkeypatch.setenv("GIT_SSH_COMMAND", str(no_host))
    line = sync(team.ann, "ann").line()
    assert line == (
        "nothing new to push, and the remote 'origin' could not be reached (ssh: Could not "
        "resolve hostname nonexistent.invalid: Name or service not known): sync again once it "
        "can be reached"
    )
    code(team.ann, "ann", "a1", "Topzawa")
    code(team.ann, "ann", "a2", "Daquq")
    line = sync(team.ann, "ann").line()
    assert line.startswith("kept 2 articles here (committed); the remote 'origin' could not")
    assert line.endswith("): the next sync will push them")
    assert "repository exists" not in line and "0 articles" not in line


def test_a_commit_changing_someone_elses_file_is_not_pushed(team: Team) -> None:
    """`git commit -am` with an edited codebook: sync names the file and the commit, pushes
    nothing, and its advice, followed to the letter, keeps the coder's own work."""
    code(team.ann, "ann", "a1", "Topzawa")
    sync(team.ann, "ann")
    code(team.ann, "ann", "a2", "Daquq")
    book = team.ann.root / "codebook.yaml"
    book.write_text(book.read_text().replace("label: Place", "label: Where"))
    git(team.ann.root, "add", "-A")
    git(team.ann.root, "-c", "user.name=ann", "-c", "user.email=a@x", "commit", "-qm", "x")
    sha = git(team.ann.root, "rev-parse", "--short", "HEAD").strip()
    remote_before = git(team.origin, "rev-parse", "main")
    with pytest.raises(SyncError) as refused:
        sync(team.ann, "ann")
    message = str(refused.value)
    assert f"commit {sha} (x) changes codebook.yaml, which ann does not own (the lead does)" in (
        message
    )
    assert git(team.origin, "rev-parse", "main") == remote_before  # nothing pushed
    undo = message.split("keeps your own work: ")[1].removesuffix("; then sync again")
    assert undo.startswith("git checkout origin/main -- codebook.yaml && git commit")
    run_as(team.ann, "ann", undo)
    assert sync(team.ann, "ann").line() == "pushed 1 article; received nothing new"
    sync(team.bob, "bob")
    assert places(team.bob, "ann") == {"a1": "Topzawa", "a2": "Daquq"}
    assert "label: Where" not in (team.bob.root / "codebook.yaml").read_text()


def test_a_commit_adding_a_file_for_someone_else_is_not_pushed(team: Team) -> None:
    bobs = team.ann.root / "coding" / "bob.json"
    code(team.ann, "ann", "a1", "Topzawa")
    bobs.write_text((team.ann.root / "coding" / "ann.json").read_text())
    git(team.ann.root, "add", "-A")
    git(team.ann.root, "-c", "user.name=ann", "-c", "user.email=a@x", "commit", "-qm", "both")
    with pytest.raises(SyncError) as refused:
        sync(team.ann, "ann")
    message = str(refused.value)  # (ann committed her store's lock file too: never synced yet)
    assert "changes coding/bob.json, which ann does not own (bob does)" in message
    undo = message.split("keeps your own work: ")[1].removesuffix("; then sync again")
    assert undo == (
        "git rm -q --cached -- coding/bob.json coding/ann.json.lock && "
        'git commit -m "undo changes to files of others"'
    )
    # Run as printed (a reviewer found the lock file's `git commit -- path` failed and looped):
    # both leave git and stay on disk; the copy of bob's file is then refused as uncommitted.
    run_as(team.ann, "ann", undo)
    tracked = git(team.ann.root, "ls-files", "coding").split()
    assert tracked == ["coding/ann.json"] and bobs.exists()
    with pytest.raises(SyncError, match=r"uncommitted changes in files ann does not own: coding"):
        sync(team.ann, "ann")
    bobs.unlink()
    assert sync(team.ann, "ann").line().startswith("pushed 1 article")


def test_remote_changing_my_own_file_is_refused_with_nothing_lost(team: Team) -> None:
    twin = team.clone("ann-laptop-2")  # the same coder syncing from a second copy
    code(twin, "ann", "a1", "from the other laptop")
    sync(twin, "ann")
    code(team.ann, "ann", "a2", "Daquq")
    with pytest.raises(SyncError, match=r"the remote changed your own file coding/ann\.json"):
        sync(team.ann, "ann")
    gitdir = team.ann.root / ".git"
    assert not (gitdir / "MERGE_HEAD").exists() and not (gitdir / "rebase-merge").exists()
    assert places(team.ann, "ann") == {"a2": "Daquq"}  # the save is on disk
    assert "a2" in git(team.ann.root, "show", "HEAD:coding/ann.json")  # and committed
    sync(team.bob, "bob")
    assert places(team.bob, "ann") == {"a1": "from the other laptop"}  # remote untouched


def test_changing_someone_elses_file_is_refused(team: Team) -> None:
    code(team.bob, "bob", "a2", "Daquq")
    sync(team.bob, "bob")
    sync(team.ann, "ann")
    bobs = team.ann.root / "coding" / "bob.json"
    bobs.write_text(bobs.read_text().replace("Daquq", "Tampered"))
    before = bobs.read_bytes()
    with pytest.raises(SyncError, match=r"coding/bob\.json"):
        sync(team.ann, "ann")
    assert bobs.read_bytes() == before  # working files untouched
    assert "Tampered" not in git(team.ann.root, "log", "-p", "--all")


def test_a_coder_cannot_push_the_plan(team: Team) -> None:
    plan = team.ann.root / "assignments.yaml"
    plan.write_text(plan.read_text().replace("seed: 3", "seed: 4"))
    with pytest.raises(SyncError, match=r"assignments\.yaml"):
        sync(team.ann, "ann")


def one_line_error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(list(argv)) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("coder: "), err
    return err


def test_bad_repository_states_are_one_line_errors(
    team: Team, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = str(team.ann.root)
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "codebook.yaml").write_text((team.ann.root / "codebook.yaml").read_text())
    (plain / "articles").mkdir()
    assert "not a git repository" in one_line_error(
        capsys, "sync", "--coder", "ann", "--project", str(plain)
    )
    git(team.ann.root, "remote", "remove", "origin")
    assert "no remote" in one_line_error(capsys, "sync", "--coder", "ann", "--project", root)
    git(team.ann.root, "remote", "add", "origin", str(team.origin))
    git(team.ann.root, "checkout", "--quiet", "--detach")
    assert "detached HEAD" in one_line_error(capsys, "sync", "--coder", "ann", "--project", root)
    git(team.ann.root, "checkout", "--quiet", "main")
    (team.ann.root / ".git" / "rebase-merge").mkdir()
    assert "rebase is in progress" in one_line_error(
        capsys, "sync", "--coder", "ann", "--project", root
    )


def test_cli_sync_refuses_while_the_coder_is_writing(
    team: Team, capsys: pytest.CaptureFixture[str]
) -> None:
    code(team.ann, "ann", "a1", "Topzawa")
    with team.ann.open_store("ann"):  # the coding screen of ann is open
        err = one_line_error(capsys, "sync", "--coder", "ann", "--project", str(team.ann.root))
    assert "coding in another window" in err
    assert "read-only" not in err and "one writer at a time" not in err and ")" + ":" in err
    assert "sync from that coding screen (f5), or close it and run coder sync again" in err
    assert main(["sync", "--coder", "ann", "--project", str(team.ann.root)]) == 0
    assert capsys.readouterr().out == "pushed 1 article; received nothing new\n"


def test_refused_login_is_one_line_and_work_stays_committed(
    team: Team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    refusing_ssh = tmp_path / "ssh"
    refusing_ssh.write_text(
        "#!/bin/sh\necho 'git@host: Permission denied (publickey).' >&2\nexit 255\n"
    )
    refusing_ssh.chmod(0o755)
    monkeypatch.setenv("GIT_SSH_COMMAND", str(refusing_ssh))
    git(team.ann.root, "remote", "set-url", "origin", "ssh://git@host.invalid/team.git")
    code(team.ann, "ann", "a1", "Topzawa")
    err = one_line_error(capsys, "sync", "--coder", "ann", "--project", str(team.ann.root))
    assert "refused access" in err and "Permission denied" in err
    assert "a1" in git(team.ann.root, "show", "HEAD:coding/ann.json")


def test_remote_commits_that_change_nothing_in_sum_are_merged(team: Team) -> None:
    """A coder's refused commit and its undoing reach the remote as two commits that change no
    file in sum; the others' next sync must still merge them, or its push is refused for ever."""
    book = team.ann.root / "codebook.yaml"
    book.write_text(book.read_text().replace("label: Place", "label: Where"))
    git(team.ann.root, "-c", "user.name=ann", "-c", "user.email=a@x", "commit", "-qam", "x")
    git(team.ann.root, "checkout", "origin/main", "--", "codebook.yaml")
    git(team.ann.root, "-c", "user.name=ann", "-c", "user.email=a@x", "commit", "-qam", "undo")
    assert sync(team.ann, "ann").line() == "pushed 0 articles; received nothing new"
    code(team.bob, "bob", "a2", "Daquq")
    assert sync(team.bob, "bob").line() == "pushed 1 article; received nothing new"
    sync(team.ann, "ann")
    assert places(team.ann, "bob") == {"a2": "Daquq"}
