"""`coder sync`: commit the files this person owns, pull the others', push, in one line.

Every file has one writer: a coder owns `coding/<name>.json`; the lead (the `lead` of the plan as
the remote's history had it when this copy last synced, not as the working copy has it: see
coder.team.owners) also owns `gold.json`, `assignments.yaml`, the codebook, the articles folder and
the gazetteer. Because no two people write the same file, bringing the remote's commits in never
conflicts, and sync checks that this holds before it changes anything: if another person's file was
changed here (uncommitted, or in a commit not yet pushed), or the remote changed this person's own
file, it refuses with nothing merged (the local work stays committed, so no save is ever lost) and
the repository is never left mid-merge or mid-rebase. The remote's commits are merged with `git
merge` (a fast-forward when we had nothing new), and a push that loses a race with another coder's
push simply fetches and tries again.

The one file with many writers is `places_added.csv` beside the gazetteer (places coders add
while coding; see coder.team.owners): everyone's additions are committed and merged with git's
`union` driver, set in `.git/info/attributes` as the lock files are excluded in
`.git/info/exclude`, so rows two coders appended at the same time both survive.

What is refused and the advice that comes with it are in coder.team.refusals.
"""

from __future__ import annotations

import contextlib
import csv
import fcntl
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coder.places.added import ADDED_FILE, locked
from coder.team.git import (
    NETWORK_TIMEOUT,
    auth_line,
    changed,
    git,
    is_auth_failure,
    last_line,
    names,
    reason_line,
    tip,
)
from coder.team.owners import (
    NEVER_COMMITTED,
    Owners,
    lead_named,
    owners_for,
    plan_lead,
    report_order,
)
from coder.team.refusals import SyncError as SyncError
from coder.team.refusals import refuse_foreign_changes, refuse_foreign_commits

if TYPE_CHECKING:
    from coder.project import Project

_ATTRIBUTES = (f"{ADDED_FILE} merge=union",)
"""places_added.csv is appended to by every coder: a merge keeps both sides' lines."""
_PUSH_TRIES = 5


@dataclass
class SyncResult:
    pushed: int = 0
    """Articles whose record is new or changed on the remote after this sync."""
    places: int = 0
    """Added places (rows of places_added.csv) the remote did not have."""
    other_pushed: list[str] = field(default_factory=list)
    """Lead files pushed besides the database (plan, gold, codebook, articles, gazetteer)."""
    received: list[str] = field(default_factory=list)
    offline: str = ""
    """Why the remote could not be reached ("" when it was)."""
    remote: str = "origin"
    committed: int = 0

    def what(self) -> str:
        """What went (or waits to go): "2 articles, 1 added place, the gazetteer"; "" if
        nothing. "0 articles" is said only when nothing else went either."""
        parts = [_count(self.pushed, "article")] if self.pushed else []
        parts += [_count(self.places, "added place")] if self.places else []
        return ", ".join(parts + self.other_pushed)

    def line(self) -> str:
        what = self.what()
        if self.offline:
            if not what:
                return (
                    f"nothing new to push, and the remote {self.remote!r} could not be reached "
                    f"({self.offline}): sync again once it can be reached"
                )
            return (
                f"kept {what} here (committed); the remote {self.remote!r} could not be reached "
                f"({self.offline}): the next sync will push {'it' if _one(self) else 'them'}"
            )
        got = ", ".join(self.received) if self.received else "nothing new"
        return f"pushed {what or '0 articles'}; received {got}"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' if n != 1 else ''}"


def _one(result: SyncResult) -> bool:
    return result.pushed + result.places + len(result.other_pushed) == 1


def sync(
    project: Project, coder: str, hold: contextlib.AbstractContextManager[Any] | None = None
) -> SyncResult:
    """Run one sync for `coder`. `hold` is entered around reading and committing the coder's
    files (the coding screen passes its store's write guard, so no save is half-done)."""
    top, gitdir = _repo(project)
    branch = _branch(top, gitdir)
    remote, remote_branch = _remote(top, branch)
    _exclude_store_files(gitdir)
    _merge_added_places_by_union(gitdir)
    remote_ref = f"refs/remotes/{remote}/{remote_branch}"
    owners = owners_for(project, top, coder, lambda path: _shared_file(top, remote_ref, path))
    claimed = plan_lead(project)
    result = SyncResult(remote=remote)
    with _sync_lock(gitdir), hold or contextlib.nullcontext():
        refuse_foreign_changes(top, owners, claimed)
        owners.validate_own_files(project)
        result.committed = _commit_own(top, owners, coder)
    refuse_foreign_commits(top, owners, remote_ref, f"{remote}/{remote_branch}", claimed)
    for _attempt in range(_PUSH_TRIES):
        fetched = git(top, "fetch", "--quiet", remote, timeout=NETWORK_TIMEOUT, check=False)
        if not fetched.ok:
            return _offline_or_refused(result, remote, fetched.err, owners, top, remote_ref)
        has_remote = bool(tip(top, remote_ref))
        if has_remote:
            result.received = _integrate(top, owners, remote_ref, result.received)
        _what_we_push(result, top, owners, remote_ref, has_remote)
        pushed = git(
            top,
            "push",
            "--quiet",
            remote,
            f"HEAD:refs/heads/{remote_branch}",
            timeout=NETWORK_TIMEOUT,
            check=False,
        )
        if pushed.ok:
            _set_upstream(top, branch, remote, remote_branch)
            return result
        if _lost_push_race(pushed.err):
            # another push held the remote's branch lock at that moment (a shared drive, two
            # coders at once): not a refusal; wait a moment and go round again
            time.sleep(0.2 * (_attempt + 1))
            continue
        if is_auth_failure(pushed.err) or "rejected" not in pushed.err:
            return _offline_or_refused(result, remote, pushed.err, owners, top, remote_ref)
        # rejected: someone pushed between our fetch and our push; fetch and try again
    raise SyncError(
        f"the remote kept changing while pushing ({_PUSH_TRIES} tries); your work is committed "
        "locally: run coder sync again"
    )


_PUSH_RACE = ("cannot lock ref", "failed to lock", "incorrect old value", "failed to update ref")
"""What git says when a concurrent push to the same remote held the branch's lock."""


def _lost_push_race(err: str) -> bool:
    lowered = err.lower()
    return any(words in lowered for words in _PUSH_RACE)


# -- the repository's state ---------------------------------------------------------------------


def _repo(project: Project) -> tuple[Path, Path]:
    found = git(project.root, "rev-parse", "--show-toplevel", "--absolute-git-dir", check=False)
    if not found.ok:
        raise SyncError(
            f"{project.root} is not a git repository: set the team up as in the README "
            "('Working as a team': git init, or git clone of the team's repository)"
        )
    top, gitdir = found.out.splitlines()[:2]
    g = Path(gitdir)
    if (g / "rebase-merge").exists() or (g / "rebase-apply").exists():
        raise SyncError(
            f"a rebase is in progress in {top}: finish it (git rebase --continue) or undo it "
            "(git rebase --abort), then sync again"
        )
    if (g / "MERGE_HEAD").exists():
        raise SyncError(
            f"a merge is in progress in {top}: finish it (git commit) or undo it "
            "(git merge --abort), then sync again"
        )
    return Path(top), g


def _branch(top: Path, gitdir: Path) -> str:
    ref = git(top, "symbolic-ref", "--quiet", "--short", "HEAD", check=False)
    if not ref.ok:
        raise SyncError(
            f"{top} has a detached HEAD (no branch checked out): run git switch main "
            "(or your team's branch), then sync again"
        )
    return ref.out.strip()


def _remote(top: Path, branch: str) -> tuple[str, str]:
    remote = git(top, "config", f"branch.{branch}.remote", check=False).out.strip()
    merge = git(top, "config", f"branch.{branch}.merge", check=False).out.strip()
    if not remote:
        remotes = git(top, "remote").out.split()
        if not remotes:
            raise SyncError(
                f"{top} has no remote: add the team's shared repository with "
                "git remote add origin URL, then sync again"
            )
        remote = "origin" if "origin" in remotes else remotes[0]
    return remote, merge.removeprefix("refs/heads/") or branch


def _shared_file(top: Path, remote_ref: str, path: str) -> str | None:
    """The plan at `path` as the team shares it, as far as it names a lead (`lead_named`): in
    the remote's history where this copy last synced with it (the merge base of HEAD and the
    remote-tracking branch: commits made here and not pushed yet do not count), else at the
    remote-tracking branch (a copy that fetched a plan it has not merged yet, or shares no
    history with the remote), else the last plan in the remote's history that named a lead (a
    plan deleted or left without a `lead:` since: otherwise a coder's own plan would decide,
    and they could push the lead's files). None when the remote never had one (a new team's
    first sync, a remote not fetched yet): the working copy's plan decides."""
    if not tip(top, remote_ref):
        return None
    for ref in _plan_versions(top, remote_ref, path):
        shown = git(top, "show", f"{ref}:{path}", check=False)
        if shown.ok and lead_named(shown.out) is not None:
            return shown.out
    return None


def _plan_versions(top: Path, remote_ref: str, path: str) -> Iterator[str]:
    """Where `_shared_file` looks, in order: the merge base, the remote's tip, then back through
    the remote's last 50 commits touching `path`, each and the one before it (a commit that
    deleted the plan has it only in its parent). Lazily: the history is read only if needed."""
    base = git(top, "merge-base", "HEAD", remote_ref, check=False).out.strip()
    if base:
        yield base
    yield remote_ref
    history = git(top, "log", "--format=%H", "-n", "50", remote_ref, "--", path, check=False)
    for sha in history.out.split():
        yield sha
        yield f"{sha}^"


def _set_upstream(top: Path, branch: str, remote: str, remote_branch: str) -> None:
    if not git(top, "config", f"branch.{branch}.remote", check=False).out.strip():
        git(top, "branch", f"--set-upstream-to={remote}/{remote_branch}", branch, check=False)


def _exclude_store_files(gitdir: Path) -> None:
    """Keep the stores' lock and temp files out of every commit without a tracked .gitignore."""
    _add_lines(gitdir / "info" / "exclude", NEVER_COMMITTED)


def _merge_added_places_by_union(gitdir: Path) -> None:
    """Merge places_added.csv with git's `union` driver in this clone. Per clone (not a tracked
    .gitattributes) for the same reason as the excludes: it must hold before the first merge,
    in every copy, without a commit anyone could forget or undo."""
    _add_lines(gitdir / "info" / "attributes", _ATTRIBUTES)


def _add_lines(path: Path, lines: tuple[str, ...]) -> None:
    """Append the `lines` missing from the file at `path` (made if need be)."""
    try:
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        missing = [p for p in lines if p not in text.splitlines()]
        if missing:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("a", encoding="utf-8") as out:
                out.write(
                    ("\n" if text and not text.endswith("\n") else "") + "\n".join(missing) + "\n"
                )
    except OSError as e:
        raise SyncError(f"cannot update {path}: {e.strerror or e}") from None


@contextlib.contextmanager
def _sync_lock(gitdir: Path) -> Iterator[None]:
    """One sync at a time per clone (two would race on git's own index lock)."""
    with open(gitdir / "coder-sync.lock", "a+", encoding="utf-8") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


# -- committing ---------------------------------------------------------------------------------


def _commit_own(top: Path, owners: Owners, coder: str, *, shared_only: bool = False) -> int:
    """Commit this person's changed files (only the shared ones: `shared_only`); returns how
    many files went into the commit."""
    mine = [
        path
        for _code, path in changed(top)
        if (owners.is_added_places(path) if shared_only else owners.may_write(path))
    ]
    if not mine:
        return 0
    git(top, "add", "--all", "--", *mine)
    git(
        top,
        *_ident(top, coder),
        "commit",
        "--quiet",
        "--no-verify",
        "-m",
        f"coder sync: {coder}",
        "--",
        *mine,
    )
    return len(mine)


def _ident(top: Path, coder: str) -> list[str]:
    """`-c user.name=... -c user.email=...` when git has no identity (a fresh laptop), so the
    commit is made instead of failing with git's "Please tell me who you are"."""
    ident: list[str] = []
    if not git(top, "config", "user.name", check=False).out.strip():
        ident += ["-c", f"user.name={coder}"]
    if not git(top, "config", "user.email", check=False).out.strip():
        ident += ["-c", f"user.email={coder}@coder.invalid"]
    return ident


# -- bringing the remote in -----------------------------------------------------------------------


def _integrate(top: Path, owners: Owners, remote_ref: str, received: list[str]) -> list[str]:
    base = git(top, "merge-base", "HEAD", remote_ref, check=False).out.strip()
    if not base:
        raise SyncError(
            f"this copy and {remote_ref.removeprefix('refs/remotes/')} share no history: clone "
            "the team's repository afresh and copy your coding/<name>.json into it"
        )
    theirs = names(top, base, remote_ref)
    ours = set(names(top, base, "HEAD"))
    own_changed = [p for p in theirs if owners.owns(p)]
    if own_changed:
        who = git(
            top, "log", "-1", "--format=%an, %h", remote_ref, "--", own_changed[0]
        ).out.strip()
        raise SyncError(
            f"the remote changed your own file {own_changed[0]} ({who}): was it synced from "
            f"another copy as {owners.coder}? Nothing was merged and your work is committed "
            "here; to keep both copies' work follow 'When sync refuses' in the README (or ask "
            "your lead) before syncing again"
        )
    both = [p for p in theirs if p in ours and not owners.is_added_places(p)]
    if both:
        raise SyncError(
            f"both this copy and the remote changed {both[0]}, which {owners.coder} does not own: "
            "nothing was merged and your work is committed here; undo the change here as "
            "'When sync refuses' in the README says (or ask your lead)"
        )
    if not _has(top, remote_ref):
        # even when the remote's new commits change nothing in sum (`theirs` empty: a coder's
        # commit and its undoing): our push is refused until HEAD contains them
        with _added_places_held(top, owners):
            _merge(top, owners, remote_ref)
    return sorted({*received, *(owners.label(p) for p in theirs)}, key=report_order)


def _has(top: Path, ref: str) -> bool:
    """HEAD contains `ref` (nothing of it is left to merge)."""
    return git(top, "merge-base", "--is-ancestor", ref, "HEAD", check=False).ok


@contextlib.contextmanager
def _added_places_held(top: Path, owners: Owners) -> Iterator[None]:
    """Hold the lock of every places_added.csv and commit what was added since this sync's
    first commit: the coding screen may add a place while we fetch, and git will not merge into
    a file with uncommitted changes, nor may the form rewrite it while the merge does."""
    with contextlib.ExitStack() as stack:
        for rel in owners.shared:
            if (top / rel).parent.is_dir():
                stack.enter_context(locked(top / rel))
        _commit_own(top, owners, owners.coder, shared_only=True)
        yield


def _merge(top: Path, owners: Owners, remote_ref: str) -> None:
    # merge, not rebase: a merge leaves uncommitted files it does not touch alone, so a save
    # the coding screen makes meanwhile (to our own file, never touched here) is safe.
    merged = git(
        top,
        *_ident(top, owners.coder),
        "merge",
        "--quiet",
        "--no-edit",
        "--no-verify",
        remote_ref,
        check=False,
    )
    if not merged.ok:
        git(top, "merge", "--abort", check=False)
        raise SyncError(
            f"bringing in the remote's work failed ({last_line(merged.err or merged.out)}); "
            "it was undone and your work is committed here: ask your lead"
        )


def _offline_or_refused(
    result: SyncResult, remote: str, err: str, owners: Owners, top: Path, remote_ref: str
) -> SyncResult:
    if is_auth_failure(err):
        raise SyncError(
            f"the remote {remote!r} refused access ({auth_line(err)}): check your login or key "
            "with git fetch; your work is committed here and the next sync pushes it"
        )
    has_remote = bool(tip(top, remote_ref))
    _what_we_push(result, top, owners, remote_ref, has_remote)
    result.offline = reason_line(err)
    return result


def _what_we_push(
    result: SyncResult, top: Path, owners: Owners, remote_ref: str, has_remote: bool
) -> None:
    """Set what HEAD has that the remote lacks: articles of our database that differ from the
    remote's copy, added places the remote lacks, and the lead's files by name."""
    changed = names(top, remote_ref, "HEAD") if has_remote else _tracked(top)
    result.pushed = result.places = 0
    others: set[str] = set()
    for path in (p for p in changed if owners.may_write(p)):
        before = f"{remote_ref}:{path}" if has_remote else ""
        if path == owners.database:
            old = _records(top, before) if before else {}
            after = _records(top, f"HEAD:{path}")
            result.pushed = sum(1 for a, doc in after.items() if old.get(a) != doc)
        elif owners.is_added_places(path):
            merged = _place_rows(top, f"HEAD:{owners.gazetteer_of(path)}")
            new = _place_rows(top, f"HEAD:{path}") - _place_rows(top, before) - merged
            result.places += len(new)
        else:
            others.add(owners.label(path))
    result.other_pushed = sorted(others)


def _place_rows(top: Path, spec: str) -> set[str]:
    """The ids of the places in a version of places_added.csv or of the gazetteer ("" spec:
    none); the gazetteer's credit lines (`#`) come before its header."""
    shown = git(top, "show", spec, check=False) if spec else None
    if shown is None or not shown.ok:
        return set()
    lines = shown.out.splitlines()
    while lines and lines[0].startswith("#"):
        lines.pop(0)
    rows = csv.DictReader(lines)
    return {row.get("id") or "" for row in rows} - {""}


def _tracked(top: Path) -> list[str]:
    return [p for p in git(top, "ls-files", "-z").out.split("\0") if p]


def _records(top: Path, spec: str) -> dict[str, Any]:
    shown = git(top, "show", spec, check=False)
    if not shown.ok:
        return {}
    try:
        table = json.loads(shown.out).get("records", {})
    except (ValueError, AttributeError):
        return {}
    return {str(d.get("article")): d for d in table.values() if isinstance(d, dict)}
