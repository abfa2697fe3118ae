"""What the coding app and the review app share: one look, one quit key, one project.

Both open a project (codebook and articles loaded before the UI starts, so a broken file fails as
a CoderError the CLI prints), route keys one at a time (`KeyGate`) and ask for the user's name
when none is known. Each mode subclasses this and decides what its first screen is; neither
subclasses the other.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.notifications import SeverityLevel
from textual.widget import Widget

from coder.articles import ArticleSet
from coder.codebook import Codebook
from coder.config import remember_coder
from coder.errors import CoderError
from coder.project import Project
from coder.tui.dialogs.ask_name import AskNameScreen
from coder.tui.key_gate import KeyGate
from coder.tui.textual_compat import install_lone_escape_parser


class BaseApp(KeyGate[int]):
    """A project opened for one person (a coder, or the lead in review)."""

    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute: subclasses live elsewhere
    TITLE = "coder"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit (saves)", priority=True, id="quit"),
    ]
    NO_NAME = "No name given; nothing was opened."
    """The exit message when the name prompt is cancelled (each mode says why it needs one)."""

    def __init__(
        self,
        project: Project,
        *,
        codebook: Codebook | None = None,
        articles: ArticleSet | None = None,
        clock: Callable[[str], str | None] | None = None,
    ) -> None:
        """`clock` formats the store's UTC stamps for the header (default: local HH:MM); tests
        pass a fixed one so screenshots do not depend on the time of day."""
        super().__init__()
        install_lone_escape_parser()  # an escape typed alone is never merged with the next key
        self.clock = clock
        self.project = project
        self.codebook = codebook if codebook is not None else project.load_codebook()
        self.article_set = articles if articles is not None else project.load_articles()
        if not self.article_set.articles:
            raise CoderError(f"no articles to code in {project.articles_dir}")

    def update_styles(self, node: DOMNode, animate: bool = True) -> None:
        """Textual's, except for a widget not mounted yet: Textual styles it when it is mounted,
        with the classes it has by then, so a class set while it is built (a form editor's
        `-fits`, `compact`) need not apply the whole stylesheet to it then as well. That was a
        second styling of every field editor on the way to the first frame."""
        if isinstance(node, Widget) and not node.is_attached:
            return
        super().update_styles(node, animate=animate)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Textual's, with the message always plain text. coder writes no markup in a notice,
        and most quote what came from a file or from git: a path, a codebook label, a place
        name, a commit subject ("[/] wip" ended the app; "[WIP] fix" lost its first word).
        Forced here, not left to each call: Widget.notify passes markup=True explicitly."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def start_as(self, name: str | None) -> None:
        """Start this mode for `name`, asking for a name first when there is none."""
        if name:
            self.start(name)
        else:
            self.push_screen(AskNameScreen(), self._named)

    def _named(self, name: str | None) -> None:
        if not name:
            self.exit(1, message=self.NO_NAME)
            return
        remember_coder(name)
        self.start(name)

    def start(self, name: str) -> None:
        """Open this mode's first screen for `name` (a coder, or the lead in review)."""
        raise NotImplementedError
