"""Sync's refusals: a change to another person's file, uncommitted or in a commit not pushed
yet, stops a sync before anything is merged or pushed, with one line naming the file (its
owner, the commit) and the git commands that undo the change while keeping the person's own
work. Split from sync.py: what is refused and what to do about it, apart from how a sync runs.
"""

from __future__ import annotations

import shlex
from pathlib import Path

from coder.team.git import GitError, changed, git, names, tip
from coder.team.owners import Owners, never_committed


class SyncError(GitError):
    """Sync refused or failed; one line saying what to do. Local work is never lost."""


def refuse_foreign_changes(top: Path, owners: Owners, claimed: str | None) -> None:
    foreign = [
        path
        for code, path in changed(top)
        if not owners.may_write(path) and (code != "??" or owners.is_team_file(path))
    ]
    if foreign:
        shown = _listed(foreign)
        raise SyncError(
            f"uncommitted changes in files {owners.coder} does not own: {shown}"
            f"{lead_note(owners, foreign, claimed)}. Each file has one writer: undo them "
            f"({restore_command(top, foreign)}) or ask its owner; nothing was synced"
        )


def restore_command(top: Path, paths: list[str]) -> str:
    """The git commands that drop uncommitted changes to `paths`: files HEAD has are put back
    as committed (index and working file); files it lacks leave git and the project, moved to
    SET_ASIDE beside it, never deleted (a coder's backup copy of their database under coding/
    was deleted by the advice, a reviewer found)."""
    had = [p for p in paths if git(top, "cat-file", "-e", f"HEAD:{p}", check=False).ok]
    new = [p for p in paths if p not in had]
    steps = [f"git restore --source=HEAD --staged --worktree -- {_quoted(had)}"] if had else []
    if new:
        steps += [
            f"git rm -q --cached --ignore-unmatch -- {_quoted(new)}",
            f"mkdir -p {SET_ASIDE}",
            f"mv -n -- {_quoted(new)} {SET_ASIDE}/",
        ]
    return " && ".join(steps)


SET_ASIDE = "../coder-set-aside"
"""Where a refusal's advice moves files that are not this person's to write: outside the
project (the commands run at its top folder), so nothing is lost and nothing is synced."""


def lead_note(owners: Owners, paths: list[str], claimed: str | None) -> str:
    """Why the plan is not this person's when their copy's plan names another lead than the
    team's ("" otherwise): editing `lead:` here does not make anyone the lead."""
    if owners.plan not in paths or claimed == owners.lead:
        return ""
    if owners.lead is None:
        return ""
    return (
        f" (the plan the team shares names {owners.lead} as its lead, whatever this copy's "
        f"says: only {owners.lead} can hand the lead over, by changing lead: and syncing)"
    )


_EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
"""git's id of the empty tree: what a branch the remote does not have yet is compared with."""


def refuse_foreign_commits(
    top: Path, owners: Owners, remote_ref: str, remote_name: str, claimed: str | None
) -> None:
    """Refuse to push a commit that changes another person's file (a coder's `git commit -am`
    with an edited codebook would reach every coder as if from the lead). What counts is what
    the push would change: the files that differ between HEAD and where it left the remote's
    history (the merge base), so a change already undone in a later commit is no longer held
    against the coder. The lead may also push files outside the team's (a README)."""
    remote_tip = tip(top, remote_ref)
    has_remote = bool(remote_tip)
    base = (
        git(top, "merge-base", "HEAD", remote_ref, check=False).out.strip() if has_remote else ""
    ) or _EMPTY_TREE
    foreign = sorted(
        (
            p
            for p in names(top, base, "HEAD")
            if not owners.may_write(p) and (owners.is_team_file(p) or not owners.is_lead)
        ),
        key=lambda p: (never_committed(p), not owners.is_team_file(p)),  # another's file first
    )
    if not foreign:
        return
    first = foreign[0]
    since = f"{base}..HEAD" if has_remote else "HEAD"
    commit = git(top, "log", "-1", "--format=%h (%s)", since, "--", first).out.strip()
    owner = owners.owner_of(first)
    base_name = remote_name if has_remote and base == remote_tip else base[:10]
    shown = _listed(foreign)
    undo = undo_command(top, base, foreign, base_name)
    raise SyncError(
        f"commit {commit or '?'} changes {first}, which {owners.coder} does not own"
        f"{f' ({owner} does)' if owner else ''}{lead_note(owners, foreign, claimed)}: nothing "
        f"was pushed. Undo the change to {shown} "
        f"in a new commit, which keeps your own work: {undo}; then sync again"
    )


def undo_command(top: Path, base: str, paths: list[str], base_name: str) -> str:
    """The git commands that put `paths` back as they were at `base` and commit that: files
    `base` had are checked out from it, files it lacked are taken out of git and left on disk
    (a store's lock file is held open; a coder's own notes stay theirs). The commit is of the
    index, which sync's own commit has just emptied of the coder's work, so nothing else (the
    coder's database above all) is touched."""
    had = [p for p in paths if git(top, "cat-file", "-e", f"{base}:{p}", check=False).ok]
    junk = [p for p in paths if p not in had and never_committed(p)]
    new = [p for p in paths if p not in had and p not in junk]
    steps = []
    if had:
        steps.append(f"git checkout {shlex.quote(base_name)} -- {_quoted(had)}")
    if new or junk:  # out of git, kept on disk (a coder's own notes stay theirs)
        steps.append(f"git rm -q --cached -- {_quoted(new + junk)}")
    # The index, not a pathspec: `git commit -- path` takes the working file, which a file
    # taken out of git with --cached still is, and the commit then failed or kept it tracked.
    steps.append('git commit -m "undo changes to files of others"')
    return " && ".join(steps)


def _quoted(paths: list[str]) -> str:
    return " ".join(shlex.quote(p) for p in paths)


def _listed(paths: list[str]) -> str:
    """The first five of `paths` and how many more: a refusal stays one line."""
    more = f" and {len(paths) - 5} more" if len(paths) > 5 else ""
    return ", ".join(paths[:5]) + more
