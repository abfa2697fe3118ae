"""F1 help: the codebook a coder works against, at their fingertips.

Coders look up a definition dozens of times a session, mostly for the field they are on, so the
screen opens scrolled to that field. The instructions are the project's own Markdown and go through
the Markdown widget; everything else (labels, help, choice texts) is built as plain `rich.text.Text`
so codebook text such as "[unknown]" is shown literally and never parsed as markup. Each field is a
single Static, which keeps opening fast on codebooks with hundreds of choices.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import ClassVar

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Markdown, Static, TextArea

from coder.codebook.model import Codebook, Field
from coder.tui.form import FormScroll
from coder.tui.plain import plain as _plain
from coder.tui.textual_compat import declared_bindings


def field_anchor(field: Field) -> str:
    """The DOM id of a field's section (ids must be identifiers; field names may have dots)."""
    safe = re.sub(r"[^A-Za-z0-9_-]", "_", field.name)
    return f"field-{field.scope}-{safe}"


def _describe_type(field: Field) -> str:
    parts: list[str] = [field.type]
    if field.type == "multi":
        parts.append("pick any")
    elif field.type == "choice" and field.ordered:
        parts.append("ordered")
    if field.min is not None and field.max is not None:
        parts.append(f"{field.min} to {field.max}")
    elif field.min is not None:
        parts.append(f"at least {field.min}")
    elif field.max is not None:
        parts.append(f"at most {field.max}")
    return ", ".join(parts)


def _describe_when(codebook: Codebook, field: Field) -> str | None:
    if field.when is None:
        return None
    control = codebook.field(field.scope, field.when.field)
    if control is None:
        values = ", ".join(str(v) for v in field.when.values)
        return f"only when {field.when.field} is {values}"
    values = ", ".join(_plain(control.label_for(v)) for v in field.when.values)
    verb = "includes" if control.type == "multi" else "is"
    return f"only when “{_plain(control.label)}” {verb} {values}"


def field_text(codebook: Codebook, field: Field) -> Text:
    """A field's label, name, type, requirement, condition and help, as markup-free Text."""
    text = Text()
    text.append(_plain(field.label), style="bold")
    text.append(f"  {field.name}", style="dim")
    text.append("\n")
    text.append(_describe_type(field), style="italic")
    text.append(" · ")
    if field.required:
        text.append("required", style="bold")
    else:
        text.append("optional")
    when = _describe_when(codebook, field)
    if when:
        text.append(" · ")
        text.append(when, style="italic")
    if field.help:
        text.append("\n")
        text.append(_plain(field.help).strip())
    return text


def choices_table(field: Field) -> Table:
    """Value | label - help, in a grid so long choice help wraps under its label, not the code."""
    table = Table.grid(padding=(0, 2), pad_edge=False)
    table.add_column(no_wrap=True, style="bold")
    table.add_column(ratio=1)
    for choice in field.choices:
        description = Text(_plain(choice.label))
        if choice.help:
            description.append(" - ", style="dim")
            description.append(_plain(choice.help).strip(), style="dim")
        table.add_row(Text(_plain(choice.value)), description)
    return table


def field_section(codebook: Codebook, field: Field) -> RenderableType:
    """Everything a coder needs to know about one field (one widget's worth)."""
    if not field.choices:
        return field_text(codebook, field)
    return Group(field_text(codebook, field), Padding(choices_table(field), (0, 0, 0, 2)))


def _textual_defaults() -> set[tuple[str, str]]:
    """(key, action) pairs Textual's own classes bind, except quit (which coders need to know)."""
    import textual.app
    import textual.screen

    pairs: set[tuple[str, str]] = set()
    for cls in (textual.app.App, textual.screen.Screen):
        for binding in Binding.make_bindings(cls.BINDINGS):
            if binding.action != "quit":
                pairs.add((binding.key, binding.action))
    return pairs


def collect_bindings(screen: Screen[object] | None) -> list[tuple[str, list[tuple[str, str]]]]:
    """The bindings a coder can use on `screen` (the one under this help), grouped by where they
    apply: its focused widget chain, the screen itself and the app. Textual's own widgets and
    defaults (Input's editing keys, tab focus, copy) are left out: they are standard and would
    bury the app's keys. Keys bound to the same action are listed together ("f1, ?")."""
    if screen is None:
        return []
    app = screen.app
    defaults = _textual_defaults()
    nodes: list[DOMNode] = []
    if screen.focused is not None:
        nodes.extend(
            node
            for node in screen.focused.ancestors_with_self
            if node is not screen
            and node is not app
            and not type(node).__module__.startswith("textual.")
            and not isinstance(node, FormScroll)  # Textual's VerticalScroll, laid out our way
        )
    nodes += [screen, app]
    groups: list[tuple[str, list[tuple[str, str]]]] = []
    seen: set[str] = set()
    for node in nodes:
        by_action: dict[tuple[str, str], list[str]] = {}
        own = _declared_by_us(node) if node is not screen and node is not app else None
        for key, binding in declared_bindings(node):
            if (
                (own is not None and (binding.key, binding.action) not in own)
                or not binding.description
                or binding.system
                or key in seen
                or (key, binding.action) in defaults
                or (binding.action == "command_palette" and not app.ENABLE_COMMAND_PALETTE)
            ):
                continue
            seen.add(key)
            # A binding's tooltip is its longer explanation; prefer it when the app gives one.
            description = binding.tooltip or binding.description
            by_action.setdefault((binding.action, description), []).append(
                app.get_key_display(binding)
            )
        rows = [(", ".join(keys), description) for (_, description), keys in by_action.items()]
        if isinstance(node, TextArea):
            rows += TEXT_AREA_KEYS
        if rows:
            groups.append((_group_name(node, screen), rows))
    return groups


TEXT_AREA_KEYS = [
    ("enter", "a new line (tab: the next field)"),
    ("? /", "typed into the text: F1 is help, ctrl+f finds"),
    ("arrows, home, end", "move in the text; ctrl and F keys are the app's, as everywhere"),
]
"""What a notes area (a TextArea) takes over from the screen, said in the coder's terms: its
own editing bindings (ctrl+e "line end", ctrl+k...) are shadowed by the app's priority keys, so
listing them would tell the coder that ctrl+e ends the line when it takes the evidence."""


def _declared_by_us(node: DOMNode) -> set[tuple[str, str]]:
    """(key, action) of the bindings the project's own classes in `node`'s MRO declare: a field
    editor built on a Textual widget inherits that widget's bindings, which are Textual's."""
    pairs: set[tuple[str, str]] = set()
    for cls in type(node).__mro__:
        if cls.__module__.startswith("textual.") or "BINDINGS" not in vars(cls):
            continue
        for binding in Binding.make_bindings(vars(cls)["BINDINGS"]):
            for key in binding.key.split(","):
                pairs.add((key.strip(), binding.action))
    return pairs


def _group_name(node: DOMNode, screen: Screen[object]) -> str:
    if node is screen.app:
        return "Everywhere"
    if node is screen:
        return "This screen"
    field = getattr(node, "field", None)
    if isinstance(field, Field):  # a field editor: the coder knows it by its label
        return f"In “{_plain(field.label)}”"
    return type(node).__name__


def bindings_text(groups: Sequence[tuple[str, Iterable[tuple[str, str]]]]) -> Text:
    text = Text()
    for name, rows in groups:
        if text:
            text.append("\n")
        text.append(name, style="bold")
        for key, description in rows:
            text.append("\n  ")
            text.append(f"{key:<20}", style="bold")
            text.append(_plain(description))
    return text


class HelpScreen(ModalScreen[None]):
    """The codebook (instructions, every field and choice) and the app's keys."""

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
    }
    HelpScreen > #help-box {
        width: 100%;
        max-width: 110;
        height: 1fr;
        border: round $primary;
        border-title-color: $text;
        background: $surface;
    }
    HelpScreen #help-scroll {
        padding: 0 1;
    }
    HelpScreen .heading {
        text-style: bold;
        color: $text-accent;
        margin-top: 1;
    }
    HelpScreen .field {
        margin-top: 1;
        padding: 0 1;
    }
    HelpScreen .field.focused-field {
        border-left: outer $accent;
        background: $boost;
    }
    HelpScreen #instructions {
        margin: 0;
        padding: 0;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("f1", "close", "Close", show=False),
        Binding("q", "close", "Close", show=False),
    ]

    def __init__(self, codebook: Codebook, focused: Field | None = None) -> None:
        super().__init__()
        self.codebook = codebook
        self.focused_field = focused

    def compose(self) -> ComposeResult:
        codebook = self.codebook
        with Vertical(id="help-box") as box:
            # Text, not str: a border title string is parsed as markup ("[test]" would vanish).
            box.border_title = Text(_plain(f"Help · {codebook.title} (version {codebook.version})"))
            with VerticalScroll(id="help-scroll"):
                if codebook.instructions.strip():
                    if not codebook.instructions.lstrip().startswith("#"):
                        yield Static("Instructions", classes="heading", markup=False)
                    yield Markdown(_plain(codebook.instructions), id="instructions")
                for title, fields in (
                    ("Article fields (once per article)", codebook.article_fields),
                    ("Incident fields (once per incident)", codebook.incident_fields),
                ):
                    if not fields:
                        continue
                    yield Static(title, classes="heading", markup=False)
                    for field in fields:
                        classes = "field"
                        if field == self.focused_field:
                            classes += " focused-field"
                        yield Static(
                            field_section(codebook, field), id=field_anchor(field), classes=classes
                        )
                yield Static("Keys", classes="heading", markup=False)
                yield Static(id="keys")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#keys", Static).update(bindings_text(collect_bindings(self._beneath())))
        self.query_one("#help-scroll").focus()
        self.call_after_refresh(self._scroll_to_focused)

    def on_markdown_table_of_contents_updated(self) -> None:
        # The Markdown widget mounts its blocks after we scrolled, pushing the fields down.
        self.call_after_refresh(self._scroll_to_focused)

    def _scroll_to_focused(self) -> None:
        if self.focused_field is None:
            return
        anchor = self.query(f"#{field_anchor(self.focused_field)}")
        if anchor:
            scroll = self.query_one("#help-scroll", VerticalScroll)
            scroll.scroll_to_widget(anchor.first(), animate=False, top=True)

    def _beneath(self) -> Screen[object] | None:
        """The screen this help was opened over."""
        stack = self.app.screen_stack
        if self in stack:
            index = stack.index(self)
            return stack[index - 1] if index > 0 else None
        return stack[-1] if stack else None

    def action_close(self) -> None:
        self.dismiss(None)
