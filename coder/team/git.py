"""The `git` program, run the one way sync needs it: no prompts, plain English, a time limit.

We use git itself rather than a replication protocol of our own (or dulwich): every team already
has a git host or a shared drive, credentials and proxies are configured once for git, and a
lead can always inspect or repair the repository with ordinary git commands.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from coder.errors import CoderError

NETWORK_TIMEOUT = 120.0
"""Seconds a fetch or push may take before we call the remote unreachable."""

_AUTH_WORDS = (
    "authentication failed",
    "permission denied",
    "could not read username",
    "could not read password",
    "access denied",
    "403",
    "401",
    "terminal prompts disabled",
    "host key verification failed",
)


class GitError(CoderError):
    """A git step failed; the message is one line saying what to do."""


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def ok(self) -> bool:
        return self.code == 0


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["GIT_TERMINAL_PROMPT"] = "0"  # never wait for a password nobody sees
    env.setdefault("GIT_SSH_COMMAND", "ssh -o BatchMode=yes")
    env["LC_ALL"] = "C"  # messages we can recognise
    env.pop("GIT_DIR", None)
    env.pop("GIT_WORK_TREE", None)
    return env


def git(repo: Path, *args: str, timeout: float | None = None, check: bool = True) -> Result:
    """Run `git -C repo args`; GitError (with git's last line) if it fails and `check`."""
    try:
        proc = subprocess.run(
            ["git", "-C", str(repo), *args],
            capture_output=True,
            text=True,
            env=_env(),
            timeout=timeout,
            stdin=subprocess.DEVNULL,
        )
    except FileNotFoundError:
        raise GitError("git is not installed: install git (https://git-scm.com) to sync") from None
    except subprocess.TimeoutExpired:
        return Result(124, "", f"timed out after {timeout:.0f} s")
    result = Result(proc.returncode, proc.stdout, proc.stderr)
    if check and not result.ok:
        raise GitError(f"git {args[0]} failed in {repo}: {last_line(result.err)}")
    return result


def last_line(text: str) -> str:
    lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
    return lines[-1] if lines else "no message"


_ADVICE = (
    "please make sure you have the correct access rights",
    "and the repository exists.",
    "could not read from remote repository.",
)
"""Lines git adds after every failed connection: advice, never the reason."""


def reason_line(text: str) -> str:
    """The line of git's message that says why a remote could not be reached: the first one
    that is not git's closing advice ("fatal: 'x' does not appear to be a git repository",
    "ssh: Could not resolve hostname ..."). `last_line` would quote "and the repository
    exists.", which reads as if all were well."""
    lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
    for line in lines:
        if line.lower().removeprefix("fatal: ") not in _ADVICE:
            return line
    return lines[0] if lines else "no message"


def is_auth_failure(err: str) -> bool:
    return bool(auth_line(err))


def auth_line(err: str) -> str:
    """The line of git's message that says access was refused ("" if none does): git ends with
    generic advice ("and the repository exists."), the reason comes before it."""
    for line in err.splitlines():
        if any(w in line.lower() for w in _AUTH_WORDS):
            return line.strip()
    return ""


# -- the repository's state -------------------------------------------------------------------


def tip(top: Path, ref: str) -> str:
    """The commit `ref` names ("" if none: a branch the remote does not have yet)."""
    return git(top, "rev-parse", "--verify", "--quiet", ref, check=False).out.strip()


def changed(top: Path) -> list[tuple[str, str]]:
    """(status code, path) of every uncommitted change, untracked files included."""
    out = git(top, "status", "--porcelain", "--no-renames", "-z", "--untracked-files=all").out
    entries = out.split("\0")
    changes: list[tuple[str, str]] = []
    i = 0
    while i < len(entries):
        entry = entries[i]
        i += 1
        if len(entry) < 4:
            continue
        code, path = entry[:2], entry[3:]
        if code[0] in "RC":
            i += 1  # the rename's source path follows
        changes.append((code, path))
    return changes


def names(top: Path, a: str, b: str) -> list[str]:
    """The paths that differ between commits (or trees) `a` and `b`."""
    # --no-renames: a renamed file is its old path and its new one, both checked (with rename
    # detection a coder's database moved elsewhere showed only the new path, owned by nobody)
    out = git(top, "diff", "--name-only", "--no-renames", "-z", a, b).out
    return [p for p in out.split("\0") if p]
