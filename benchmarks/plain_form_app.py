"""The baseline of bench_keys_terminal.py: the form a Textual developer writes first.

The same codebook's fields, in order, as stock widgets: a Label and an OptionList (choice
fields, every choice shown, at most 8 rows) or an Input (every other field) per field, in a
VerticalScroll beside the article's text in a Static, under a Header and over a Footer. No
coder code runs in it beyond reading the codebook, so its cost per key is what Textual itself
asks for a focus change, a highlight move and a typed character on a form of this size.

Run: python benchmarks/plain_form_app.py CODEBOOK ARTICLE_FILE
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, ClassVar

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from textual.app import App, ComposeResult  # noqa: E402
from textual.binding import BindingType  # noqa: E402
from textual.containers import Horizontal, VerticalScroll  # noqa: E402
from textual.widgets import Footer, Header, Input, Label, OptionList, Static  # noqa: E402

from coder.codebook import load_codebook  # noqa: E402


class PlainForm(App[None]):
    CSS = """
    #article { width: 1fr; height: 1fr; overflow-y: auto; }
    #form { width: 1fr; }
    OptionList { max-height: 8; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [("ctrl+n", "first_incident_field", "New incident")]

    def __init__(self, codebook: Path, article: Path) -> None:
        super().__init__()
        book = load_codebook(codebook)
        self.fields = [*book.article_fields, *book.incident_fields]
        self.first_incident = len(book.article_fields)
        self.text = article.read_text(encoding="utf-8")

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            yield Static(self.text, id="article", markup=False)
            with VerticalScroll(id="form"):
                for field in self.fields:
                    yield Label(field.label, markup=False)
                    if field.choices:
                        yield OptionList(*(c.label for c in field.choices))
                    else:
                        yield Input(placeholder=field.name)
        yield Footer()

    def on_mount(self) -> Any:
        self.query(OptionList).first().focus()

    def action_first_incident_field(self) -> None:
        """As coder's ctrl+n lands on the new incident's first field."""
        self.query("#form > Input, #form > OptionList")[self.first_incident].focus()


if __name__ == "__main__":
    PlainForm(Path(sys.argv[1]), Path(sys.argv[2])).run()
