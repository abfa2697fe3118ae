"""The screen reopens where the coder left off: the article, the incident and the field.

A coder stops mid-article (lunch, the end of a shift) and `coder code` should bring back that
article, that incident and the cursor in that field, not the first unfinished article at its
first question. The position is written when the app quits and whenever an article is opened
(never per key), to `positions.json` in the coder's config folder (coder.config.config_dir),
keyed by project folder and coder, through the one atomic writer (coder.fsutil).

Why not next to the database: the data folder is the team's git repository (`coder sync` commits
each coder's own file, and refuses to sync with files it does not know about) and `coder check`
reads every JSON file there; where one person's cursor was is neither data nor shared. A missing,
unreadable or stale position (the article gone, fewer incidents, a field now hidden) falls back to
the first unfinished article and its first field, never an error.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coder.config import config_dir
from coder.fsutil import atomic_write_bytes
from coder.tui.article.text import ArticleText
from coder.tui.coding.quote_first import QuoteFirstMixin
from coder.tui.coding.session import Session

ARTICLE_PANE = "article-text"
"""`Position.focus` when the cursor was in the article, not in a field."""


@dataclass(frozen=True)
class Position:
    article: str
    incident: int | None = None
    """0-based index of the incident shown."""
    focus: str | None = None
    """"incident.<field>", "article.<field>", ARTICLE_PANE, or None (the first field)."""


def positions_path() -> Path:
    return config_dir() / "positions.json"


def _key(root: Path) -> str:
    try:
        return str(root.resolve())
    except OSError:
        return str(root)


def _read_all() -> dict[str, Any]:
    try:
        data = json.loads(positions_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def load_position(root: Path, coder: str) -> Position | None:
    """Where `coder` left off in the project at `root`; None if nothing (usable) is remembered."""
    entry = _read_all().get(_key(root), {})
    got = entry.get(coder) if isinstance(entry, dict) else None
    if not isinstance(got, dict) or not isinstance(got.get("article"), str):
        return None
    incident, focus = got.get("incident"), got.get("focus")
    return Position(
        article=got["article"],
        incident=incident if isinstance(incident, int) and incident >= 0 else None,
        focus=focus if isinstance(focus, str) else None,
    )


def save_position(root: Path, coder: str, position: Position) -> bool:
    """Remember `position`; False (and nothing else) when the file cannot be written: a cursor
    position is a convenience and must never stop anyone from coding or quitting."""
    data = _read_all()
    entry = data.get(_key(root))
    if not isinstance(entry, dict):
        entry = data[_key(root)] = {}
    entry[coder] = {
        "article": position.article,
        "incident": position.incident,
        "focus": position.focus,
    }
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    try:
        path = positions_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(path, text.encode("utf-8"))
    except OSError:
        return False
    return True


def resume_index(session: Session, position: Position | None) -> int:
    """The article to open: the remembered one if this coder's list still has it, else the first
    unfinished (what a first session opens)."""
    if position is not None:
        for i, article in enumerate(session.articles):
            if article.id == position.article:
                return i
    return session.first_unfinished()


class ResumeMixin(QuoteFirstMixin):
    """Remembers and restores the position; `resume_at` is set by the app before mounting."""

    resume_at: Position | None = None

    def position(self) -> Position:
        s = self.session
        focus: str | None = None
        if isinstance(self.focused, ArticleText):
            focus = ARTICLE_PANE
        elif (f := self.focused_field()) is not None:
            focus = f"{f.scope}.{f.name}"
        return Position(article=s.article.id, incident=s.current, focus=focus)

    def remember_position(self) -> bool:
        """Write where the coder is now (on quitting and on opening an article)."""
        project = getattr(self.app, "project", None)
        if project is None or self.session.readonly:
            return False
        return save_position(project.root, self.coder, self.position())

    def _open(self, index: int) -> None:
        super()._open(index)
        self.remember_position()

    def load_article(self) -> None:
        """Show the remembered incident of the article first opened (once)."""
        at = self.resume_at
        s = self.session
        if (
            at is not None
            and at.article == s.article.id
            and at.incident is not None
            and at.incident < len(s.record.incidents)
        ):
            s.current = at.incident
        super().load_article()

    def _focus_start(self) -> None:
        at, self.resume_at = self.resume_at, None
        if at is not None and at.article == self.session.article.id and self._restore_focus(at):
            return
        super()._focus_start()

    def _restore_focus(self, at: Position) -> bool:
        if at.focus == ARTICLE_PANE:
            self.query_one(ArticleText).focus()
            return True
        scope, _, name = (at.focus or "").partition(".")
        form = {"article": self._article_form, "incident": self._incident_form}.get(scope)
        if form is None or form.disabled or not form.display or name not in form.rows:
            return False
        if not form.rows[name].display:
            return False
        # Through the form, as every focus the screen moves: its row (label included) is
        # scrolled into view after the layout that shows the record. Textual's own scroll on
        # focus came before it, against the form as laid out for the first frame (at 80x24 a
        # label wraps to two rows once the pane's scroll bar shows), and left Notes, the last
        # field, under the help panel.
        form.focus_field(name)
        return True
