"""The one-line header: project, coder, progress, the article's status and whether work is saved.

A coder glances here to know two things: how far along they are and whether what they typed is
on disk. It is plain text built with `Content` (never markup) from attributes the screen sets.
At 80 columns the whole line does not fit, so each part has a shorter form and the header uses
the longest forms that fit its width (`fit_parts`): the reason a blind article shows no
suggestions stays as long as it can; the saved time can go; the project's title takes what is
left.
"""

from __future__ import annotations

import re

from textual.content import Content
from textual.widget import Widget

from coder.tui.textual_compat import join_content

SEPARATOR = Content(" │ ")
MIN_TITLE = len("coder · ") + 4
"""Cells the title needs to be worth showing: "coder · " and a few letters of the title."""

_LEAD_NOTE = re.compile(r" \([^()]*\)$")
"""The codebook setting named after a blind reason ("… (hide_on_overlap)"): for the lead, in F6."""


class StatusHeader(Widget):
    """`me │ ● unsaved │ 12/40 done │ article 3/40: draft │ coder · Title`

    The count of articles done is "…" for the moment after start-up when the session has not
    read every stored record yet (`Session.index_all`)."""

    def __init__(self) -> None:
        super().__init__(id="status-header", markup=False)
        self.title_text = ""
        self.coder = ""
        self.readonly = ""
        self.notice = ""
        """Why this article shows no suggestions (coder.suggest.blind), "" when it does."""
        self._parts: list[tuple[Content, ...]] = []
        self._title = Content("")
        self._shown: tuple[str, ...] = ()

    def show(
        self,
        *,
        dirty: bool,
        saved_at: str | None,
        position: tuple[int | None, int | None],
        progress: tuple[int | None, int | None],
        status: str,
    ) -> None:
        # Most important first; each part lists its forms from the longest to the shortest.
        parts: list[tuple[Content, ...]] = [(Content.styled(self.coder, "bold"),)]
        if self.readonly:
            parts.append((Content.styled(f"READ-ONLY: {self.readonly}", "bold $error"),))
        elif dirty:
            parts.append((Content.styled("● unsaved", "bold $warning"),))
        elif saved_at:
            parts.append(
                (
                    Content.styled(f"✓ saved {saved_at}", "$success"),
                    Content.styled("✓ saved", "$success"),
                    Content.styled("✓", "$success"),
                )
            )
        else:
            parts.append((Content.styled("✓ nothing to save", "dim"), Content.styled("✓", "dim")))
        parts.append((Content(f"{_count(progress[0])}/{_count(progress[1])} done"),))
        where = f"{_count(position[0])}/{_count(position[1])}: {status}"
        # "saved as DRAFT, not done: incident 1: Location precision 1 is finer than ...": the
        # reason is in the notice and under the field; the header keeps what it did.
        said = where.split(": ", 2)
        forms = [Content(f"article {where}"), Content(where)]
        if len(said) == 3:
            forms.append(Content(": ".join(said[:2])))
        parts.append(tuple(forms))
        if self.notice:
            short = _LEAD_NOTE.sub("", self.notice)
            parts.append(
                (
                    Content.styled(f"no suggestions: {self.notice}", "bold $accent"),
                    Content.styled(f"no suggestions: {short}", "bold $accent"),
                    Content.styled("no suggestions (F6: why)", "bold $accent"),
                )
            )
        self._title = Content.styled(f"coder · {self.title_text}", "dim")
        shown = (*("\0".join(form.markup for form in part) for part in parts), self._title.markup)
        if shown != self._shown:  # most keystrokes change nothing here: skip the repaint
            self._shown = shown
            self._parts = parts
            self.refresh()  # one row, whatever it says: no layout

    def render(self) -> Content:
        # The project's title fills what is left, cut with "…": it never shortens the rest, and
        # where too little is left for a word of it ("coder ·" alone at 80 columns) it goes.
        width = self.content_size.width
        fitted = fit_parts(self._parts, width)
        room = width - fitted.cell_length - SEPARATOR.cell_length
        if not self._title or room < MIN_TITLE:
            return fitted
        return join_content(SEPARATOR, [fitted, self._title.truncate(room, ellipsis=True)])


def fit_parts(parts: list[tuple[Content, ...]], width: int) -> Content:
    """The parts joined by " │ ", each in its longest form that lets the line fit `width`.

    Shortened a step at a time, in rounds: each round takes every part that has a shorter form
    one step down, the last part (the least important) first, and stops as soon as the line
    fits. So the blind reason loses its codebook setting before the saved time goes, and only
    then becomes "see F6". If even the shortest forms do not fit, the line is cut at the edge."""
    chosen = [0] * len(parts)

    def line() -> Content:
        return join_content(SEPARATOR, [part[i] for part, i in zip(parts, chosen, strict=True)])

    content = line()
    while content.cell_length > width:
        shorter = [i for i in reversed(range(len(parts))) if chosen[i] < len(parts[i]) - 1]
        if not shorter:
            break
        for index in shorter:
            chosen[index] += 1
            content = line()
            if content.cell_length <= width:
                break
    return content


def _count(n: int | None) -> str:
    """A count, or "…" while it is not known yet (start-up)."""
    return "…" if n is None else str(n)
