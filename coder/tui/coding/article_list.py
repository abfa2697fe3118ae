"""Jump to an article: the coder's queue with each article's status, filterable as you type.

The filter box keeps focus so a coder can type and press enter; up/down still move the table's
cursor from the box. Typing a status name ("draft", "done", "not started", "no incident") shows
that status; anything else matches article ids and titles. ctrl+f cycles a status filter that
combines with the text.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import ClassVar, Literal, get_args

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.events import Resize
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Input, Static

from coder.tui.plain import plain as _plain

RowStatus = Literal["not started", "draft", "done", "no incident"]
STATUSES: tuple[RowStatus, ...] = get_args(RowStatus)

STATUS_LOOK: dict[str, tuple[str, str]] = {
    "not started": ("○", "dim"),
    "draft": ("◐", "yellow"),
    "done": ("●", "green"),
    "no incident": ("∅", "cyan"),
}
"""Symbol and colour for each status; the symbol keeps it readable without colour."""

STATUS_WORDS: dict[str, RowStatus] = {
    **{s: s for s in STATUSES},
    "not_started": "not started",
    "todo": "not started",
    "drafts": "draft",
    "no_incident": "no incident",
    "none": "no incident",
}
"""Filter-box words that select a status instead of matching titles."""

_MAX_WIDTH = 120  # the box's max-width below
_CHROME = 2 + 2 + 4 * 2  # box border, vertical scrollbar, padding of the four columns
_STATUS_WIDTH = len("∅ no incident")
_INCIDENTS_WIDTH = len("incidents")
_MIN_TITLE = 20


@dataclass
class ArticleRow:
    id: str
    title: str
    status: RowStatus
    incidents: int


def summary_text(rows: list[ArticleRow]) -> str:
    """'12/40 done · 3 drafts · 25 not started' (no-incident articles only when there are some)."""
    counts = Counter(row.status for row in rows)
    parts = [f"{counts['done']}/{len(rows)} done"]
    if counts["no incident"]:
        parts.append(f"{counts['no incident']} no incident")
    drafts = counts["draft"]
    parts.append(f"{drafts} draft{'' if drafts == 1 else 's'}")
    parts.append(f"{counts['not started']} not started")
    return " · ".join(parts)


def matches(row: ArticleRow, query: str, status: RowStatus | None) -> bool:
    """Whether `row` passes the text box (`query`) and the cycled status filter."""
    if status is not None and row.status != status:
        return False
    query = query.strip().casefold()
    if not query:
        return True
    if query in STATUS_WORDS:
        return row.status == STATUS_WORDS[query]
    return query in row.id.casefold() or query in row.title.casefold()


class ArticleListScreen(ModalScreen[str | None]):
    """Dismisses with the chosen article id, or None when cancelled."""

    DEFAULT_CSS = """
    ArticleListScreen {
        align: center middle;
    }
    ArticleListScreen > #list-box {
        width: 100%;
        max-width: 120;  /* _MAX_WIDTH */
        height: 1fr;
        border: round $primary;
        background: $surface;
    }
    ArticleListScreen #filter {
        margin: 0 0 0 0;
    }
    ArticleListScreen #summary {
        padding: 0 1;
        color: $text-muted;
    }
    ArticleListScreen DataTable {
        height: 1fr;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("enter", "choose", "Open article"),
        Binding("ctrl+f", "cycle_status", "Status filter"),
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
    ]

    def __init__(self, rows: list[ArticleRow], current: str | None = None) -> None:
        super().__init__()
        self.rows = list(rows)
        self.current = current
        self.status_filter: RowStatus | None = None
        self._title_width = 0

    def compose(self) -> ComposeResult:
        with Vertical(id="list-box") as box:
            box.border_title = "Articles"
            yield Input(
                placeholder="Filter: id or title, or a status (draft, done, not started…)",
                id="filter",
            )
            yield Static(id="summary", markup=False)
            table: DataTable[Text | str | int] = DataTable(
                cursor_type="row", zebra_stripes=True, id="articles"
            )
            yield table
        yield Footer()

    def on_mount(self) -> None:
        self._title_width = self._fit_title()
        self._refill(keep=self.current)
        self.query_one("#filter", Input).focus()

    def _fit_title(self) -> int:
        """Title column width that fills the box without a horizontal scrollbar."""
        box = min(self.size.width or self.app.size.width, _MAX_WIDTH)
        id_width = max([2, *(len(row.id) for row in self.rows)])
        return max(_MIN_TITLE, box - _CHROME - _STATUS_WIDTH - _INCIDENTS_WIDTH - id_width)

    def on_resize(self, _event: Resize) -> None:
        width = self._fit_title()
        if width != self._title_width:
            self._title_width = width
            self._refill(keep=self._highlighted())

    def visible_ids(self) -> list[str]:
        """Ids of the rows the table shows now, in order (for tests and callers)."""
        table = self.query_one(DataTable)
        return [str(key.value) for key in table.rows]

    def _highlighted(self) -> str | None:
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return None if key.value is None else str(key.value)

    def _refill(self, keep: str | None) -> None:
        """Rebuild the table from the filters, keeping the cursor on `keep` when still shown."""
        table = self.query_one(DataTable)
        query = self.query_one("#filter", Input).value
        shown = [row for row in self.rows if matches(row, query, self.status_filter)]
        # Columns too: a DataTable column never shrinks, so a narrower terminal would otherwise
        # push "incidents" off the right edge.
        table.clear(columns=True)
        table.add_column("status", key="status", width=_STATUS_WIDTH)
        table.add_column("id", key="id")
        table.add_column("title", key="title")
        table.add_column("incidents", key="incidents")
        for row in shown:
            symbol, colour = STATUS_LOOK[row.status]
            title = Text(_plain(row.title).replace("\n", " "), no_wrap=True)
            title.truncate(self._title_width, overflow="ellipsis")
            table.add_row(
                Text(f"{symbol} {row.status}", style=colour),
                Text(_plain(row.id)),
                title,
                Text(str(row.incidents), justify="right"),
                key=row.id,
            )
        if keep is not None and keep in {row.id for row in shown}:
            index = table.get_row_index(keep)
            table.move_cursor(row=index, animate=False, scroll=False)
            # Centre the current article so the coder sees its neighbours on both sides.
            self.call_after_refresh(self._centre, index)
        self._update_summary(len(shown))

    def _centre(self, index: int) -> None:
        table = self.query_one(DataTable)
        visible = table.scrollable_content_region.height - table.header_height
        table.scroll_to(y=max(0, index - visible // 2), animate=False)

    def _update_summary(self, shown: int) -> None:
        self.query_one("#summary", Static).update(summary_text(self.rows))
        narrowed = []
        if self.status_filter is not None:
            narrowed.append(f"status: {self.status_filter}")
        if shown != len(self.rows):
            narrowed.append(f"showing {shown} of {len(self.rows)}")
        box = self.query_one("#list-box")
        box.border_subtitle = Text(" · ".join(narrowed)) if narrowed else None

    @on(Input.Changed, "#filter")
    def _filter_changed(self) -> None:
        self._refill(keep=self._highlighted() or self.current)

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        self.action_choose()

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        self.dismiss(str(event.row_key.value))

    def action_choose(self) -> None:
        chosen = self._highlighted()
        if chosen is None:
            self.app.bell()
            return
        self.dismiss(chosen)

    def action_cycle_status(self) -> None:
        order: list[RowStatus | None] = [None, *STATUSES]
        self.status_filter = order[(order.index(self.status_filter) + 1) % len(order)]
        self._refill(keep=self._highlighted() or self.current)

    def action_move(self, delta: int) -> None:
        table = self.query_one(DataTable)
        if delta < 0:
            table.action_cursor_up()
        else:
            table.action_cursor_down()

    def action_page(self, delta: int) -> None:
        table = self.query_one(DataTable)
        if delta < 0:
            table.action_page_up()
        else:
            table.action_page_down()

    def action_cancel(self) -> None:
        self.dismiss(None)
