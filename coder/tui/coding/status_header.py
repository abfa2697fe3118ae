"""The one-line header: project, coder, progress, the article's status and whether work is saved.

A coder glances here to know two things: how far along they are and whether what they typed is
on disk. It is plain text built with `Content` (never markup) from attributes the screen sets.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


class StatusHeader(Static):
    """`me │ ● unsaved │ 12/40 done │ article 3/40: draft │ coder · Title`

    The count of articles done is "…" for the moment after start-up when the session has not
    read every stored record yet (`Session.index_all`)."""

    def __init__(self) -> None:
        super().__init__("", id="status-header", markup=False)
        self.title_text = ""
        self.coder = ""
        self.progress: tuple[int | None, int | None] = (0, 0)
        self.position = (0, 0)
        self.status = ""
        self.saved = ""
        self.readonly = ""
        self.notice = ""
        """Why this article shows no suggestions (coder.suggest.blind), "" when it does."""
        self._shown = ""

    def show(
        self,
        *,
        dirty: bool,
        saved_at: str | None,
        position: tuple[int | None, int | None],
        progress: tuple[int | None, int | None],
        status: str,
    ) -> None:
        # Most important first: at 80 columns the end of the line is cut off.
        parts: list[Content] = [Content.styled(self.coder, "bold")]
        if self.readonly:
            parts.append(Content.styled(f"READ-ONLY: {self.readonly}", "bold $error"))
        elif dirty:
            parts.append(Content.styled("● unsaved", "bold $warning"))
        elif saved_at:
            parts.append(Content.styled(f"✓ saved {saved_at}", "$success"))
        else:
            parts.append(Content.styled("✓ nothing to save", "dim"))
        parts += [
            Content(f"{_count(progress[0])}/{_count(progress[1])} done"),
            Content(f"article {_count(position[0])}/{_count(position[1])}: {status}"),
        ]
        if self.notice:
            parts.append(Content.styled(f"no suggestions: {self.notice}", "bold $accent"))
        parts.append(Content.styled(f"coder · {self.title_text}", "dim"))
        content = Content(" │ ").join(parts)
        if content.markup != self._shown:  # most keystrokes change nothing here: skip layout
            self._shown = content.markup
            self.update(content)


def _count(n: int | None) -> str:
    """A count, or "…" while it is not known yet (start-up)."""
    return "…" if n is None else str(n)
