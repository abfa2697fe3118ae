"""The coding screen: the article on the left, the codebook form on the right.

Everything is built once in `compose`; moving between articles and incidents only loads values
into the existing widgets (`CodebookForm.load`), so switching stays far under 100 ms. The screen
is the only place that talks to the `Session` (the non-Textual controller): it syncs the forms
into the session's working record, asks it for the record to save and writes that in a worker
thread. Quitting waits for the last write (`save_now`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, ClassVar, cast

from textual import events, work
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Footer, Static

from coder.errors import CoderError
from coder.model import Field
from coder.store import ArticleRecord, Status
from coder.tui.screens.article_list import ArticleListScreen, ArticleRow
from coder.tui.screens.confirm import ConfirmScreen
from coder.tui.screens.help import HelpScreen
from coder.tui.session import ErrorMap, Session
from coder.tui.widgets.article_view import ArticleText, ArticleView
from coder.tui.widgets.field_widgets import ChoiceHighlighted, FieldEditor
from coder.tui.widgets.find_bar import FindBar, FindInput
from coder.tui.widgets.form import CodebookForm
from coder.tui.widgets.incident_bar import IncidentBar
from coder.tui.widgets.status_header import StatusHeader

AUTOSAVE_SECONDS = 2.0
STATUS_WORDS = {"draft": "draft", "done": "done", "no_incident": "no relevant incident"}

# (action, binding keys, footer description, palette help, shown in the footer). The palette
# reads this table too, so every action has one name everywhere. Footer order = importance.
ACTIONS: tuple[tuple[str, str, str, str, bool], ...] = (
    ("help", "f1", "Help", "The codebook's instructions and every field's help", True),
    ("save", "ctrl+s", "Save", "Save the article now (as a draft unless it is done)", True),
    ("done", "ctrl+d", "Done", "Check everything, mark the article done, go to the next", True),
    ("new_incident", "ctrl+n", "New incident", "Add an empty incident and show it", True),
    (
        "evidence",
        "ctrl+e",
        "Evidence",
        "Put the passage selected in the article into a quote",
        True,
    ),
    (
        "find",
        "ctrl+f",
        "Find",
        "Find text in the article (enter: next match); the match is selected for ctrl+e",
        True,
    ),
    ("find_next", "f3", "Find next", "Select the next match of the last search", False),
    ("find_previous", "shift+f3", "Find previous", "Select the previous match", False),
    ("toggle_pane", "f2", "Article/form", "Move between the article text and the form", True),
    ("article_list", "ctrl+o,ctrl+l", "Articles", "List articles with status, filter, jump", True),
    ("no_incident", "f4", "No incident", "Mark the article as having no relevant incident", True),
    ("duplicate_incident", "ctrl+t", "Duplicate", "Copy this incident into a new one", True),
    ("delete_incident", "f8", "Delete incident", "Delete this incident (asks first)", True),
    ("next_incident", "ctrl+down,alt+down", "Next incident", "Show the next incident", False),
    ("prev_incident", "ctrl+up,alt+up", "Prev incident", "Show the previous incident", False),
    (
        "next_article",
        "ctrl+pagedown,alt+right",
        "Next article",
        "Save, open the next article",
        True,
    ),
    ("prev_article", "ctrl+pageup,alt+left", "Prev article", "Save, open the previous one", False),
)


class CodingScreen(Screen[None]):
    """See the module docstring."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]  # noqa: RUF012 (Screen: instance var)

    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(keys, action, description, show=show, priority=keys.startswith("ctrl"))
            for action, keys, description, _, show in ACTIONS
        ),
        Binding("question_mark", "help", "Help", show=False),
        Binding("slash", "find", "Find", show=False),  # where "/" is not typed into a field
    ]

    def __init__(
        self,
        session: Session,
        *,
        coder: str,
        readonly_reason: str = "",
        clock: Callable[[str], str | None] | None = None,
    ) -> None:
        super().__init__()
        self.session = session
        self.coder = coder
        self.readonly_reason = readonly_reason
        self.clock = clock or _local_time
        """Turns the store's ISO UTC stamp into the header's "saved HH:MM" (tests freeze it)."""
        self.saved_at: str | None = self.clock(session.record.updated)
        self.errors = ErrorMap()
        self._autosave: Timer | None = None
        self._highlight: Timer | None = None
        self._last_editor: FieldEditor | None = None
        self.demoted: str | None = None
        """Why the article, marked done (or no incident), was last saved as a draft; None when
        the stored status is the one the coder chose."""

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """The footer shows keys in ACTIONS order (importance), whatever the focus.

        Textual keeps the position where a key was first bound down the focus chain, so without
        this the scroll containers' own ctrl+pagedown put "Next article" first, and the order
        changed with the focused widget.
        """
        order = {action: i for i, (action, *_) in enumerate(ACTIONS)}
        bindings = super().active_bindings
        return dict(
            sorted(bindings.items(), key=lambda kv: order.get(kv[1].binding.action, len(order)))
        )

    # -- layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        codebook = self.session.codebook
        header = StatusHeader()
        header.title_text = codebook.title
        header.coder = self.coder
        header.readonly = self.readonly_reason
        yield header
        with Horizontal(id="main"):
            yield ArticleView(id="article-pane")
            with Vertical(id="form-pane"):
                with VerticalScroll(id="form-scroll"):
                    if codebook.article_fields:
                        yield Static("Article", classes="section-title")
                        yield CodebookForm(codebook.article_fields, id="article-form")
                    if codebook.incident_fields:
                        yield IncidentBar()
                        yield Static(
                            "No incidents yet: ctrl+n adds one, F4 marks the article "
                            "as having no relevant incident.",
                            id="no-incidents",
                            markup=False,
                        )
                        yield CodebookForm(codebook.incident_fields, id="incident-form")
                yield Static("", id="help-line", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        if self.session.readonly:
            for form in self.query(CodebookForm):
                form.disabled = True
        self.load_article()
        self.call_after_refresh(self._focus_start)

    def _focus_start(self) -> None:
        form = self._article_form or self._incident_form
        if form is not None and not form.disabled:
            form.focus_field()
        else:
            self.query_one(ArticleText).focus()

    @property
    def _article_form(self) -> CodebookForm | None:
        found = self.query("#article-form")
        return cast(CodebookForm, found.first()) if found else None

    @property
    def _incident_form(self) -> CodebookForm | None:
        found = self.query("#incident-form")
        return cast(CodebookForm, found.first()) if found else None

    # -- attributes down ------------------------------------------------------------------------

    def load_article(self) -> None:
        """Show the session's current article and its record in the existing widgets."""
        s = self.session
        a = s.article
        self.errors = ErrorMap()
        self.demoted = None
        self.query_one(ArticleView).show(
            id=a.id, title=a.title, source=a.source, date=a.date, text=a.text
        )
        # Text files start with their title line: do not spend a row saying it twice.
        self.query_one("#article-title").display = not (
            a.title and a.text.lstrip().startswith(a.title)
        )
        if (form := self._article_form) is not None:
            form.article_text = a.text
            form.load(s.record.values, s.scratch_for(None))
        if (form := self._incident_form) is not None:
            form.article_text = a.text
        self.show_incident()
        self.refresh_header()

    def show_incident(self) -> None:
        """Load the current incident into the incident form (or say there is none)."""
        s = self.session
        form = self._incident_form
        if form is None:
            return
        n = len(s.record.incidents)
        self.query_one(IncidentBar).show(n, s.current)
        self.query_one("#no-incidents").display = s.current is None
        form.display = s.current is not None
        if s.current is not None:
            incident = s.record.incidents[s.current]
            form.load(incident.values, s.scratch_for(incident))
            form.show_errors(self.errors.incidents.get(s.current, {}))
        self.query_one(ArticleText).highlight_quotes(s.quotes())

    def refresh_header(self) -> None:
        s = self.session
        self.query_one(StatusHeader).show(
            dirty=s.dirty and not s.readonly,
            saved_at=self.saved_at,
            position=(s.index + 1, len(s.articles)),
            progress=s.progress(),
            status=self._status_words(),
        )

    def _status_words(self) -> str:
        s = self.session
        if s.status_of(s.article.id) == "not started" and not s.dirty:
            return "not started"
        words = STATUS_WORDS.get(s.record.status, s.record.status)
        if self.demoted is not None:
            return f"saved as DRAFT, not {words}: {self.demoted}"
        return words

    # -- messages up ----------------------------------------------------------------------------

    def sync(self) -> None:
        """Copy what the forms show into the session's working record."""
        s = self.session
        if (form := self._article_form) is not None:
            s.set_article_values(*form.collect())
        if (form := self._incident_form) is not None and s.current is not None:
            s.set_incident_values(s.current, *form.collect())

    def on_codebook_form_changed(self, event: CodebookForm.Changed) -> None:
        event.stop()
        s = self.session
        s.touch()
        if event.form.id == "article-form":
            s.set_article_values(*event.form.collect())
        elif s.current is not None:
            s.set_incident_values(s.current, *event.form.collect())
        if event.form.id == "incident-form" and event.field.type == "quote":
            # Highlighting scans the whole article: wait until the coder pauses typing.
            if self._highlight is not None:
                self._highlight.stop()
            self._highlight = self.set_timer(0.3, self._highlight_quotes)
        self.refresh_header()
        if self._autosave is not None:
            self._autosave.stop()
        if not self.session.readonly:
            self._autosave = self.set_timer(AUTOSAVE_SECONDS, self.save_in_background)

    def _highlight_quotes(self) -> None:
        self.query_one(ArticleText).highlight_quotes(self.session.quotes())

    def on_incident_bar_selected(self, event: IncidentBar.Selected) -> None:
        if event.index < 0:
            self.action_new_incident()
        else:
            self._go_incident(event.index)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        editor = _editor_of(event.widget)
        line = self.query_one("#help-line", Static)
        if editor is not None:
            self._last_editor = editor
            line.update(_field_help(editor.field))
        elif isinstance(event.widget, ArticleText):
            line.update(
                Content(
                    "Article: select a passage (shift+arrows or the mouse; ctrl+f or / finds "
                    "text), then ctrl+e puts it in the quote field. F2 returns to the form."
                )
            )
        elif isinstance(event.widget, FindInput):
            line.update(
                Content(
                    "Find (any case, any spacing): enter/F3 next match, shift+enter previous; "
                    "ctrl+e puts the selected match in the quote field; escape returns to the "
                    "article, where shift+arrows extend the selection."
                )
            )

    def on_choice_highlighted(self, event: ChoiceHighlighted) -> None:
        """The choice under the cursor of a list: its help under the field's."""
        event.stop()
        text = _field_help(event.field)
        choice = event.field.choice(event.value) if event.value is not None else None
        if choice is not None:
            text += Content("\n") + Content.styled(choice.label, "bold")
            text += Content(": " + (" ".join(choice.help.split()) or "-"))
        self.query_one("#help-line", Static).update(text)

    # -- saving -------------------------------------------------------------------------------

    def _draft(self) -> tuple[ArticleRecord, int] | None:
        if self._autosave is not None:
            self._autosave.stop()
            self._autosave = None
        s = self.session
        if s.readonly or not s.dirty:
            return None
        self.sync()
        return s.draft_record(), s.generation

    def save_in_background(self) -> None:
        """Autosave: write a draft in a worker thread if anything changed."""
        job = self._draft()
        if job is not None:
            self._write(*job)

    def save_now(self) -> None:
        """Write synchronously (quit): the app must not exit before the data is on disk."""
        job = self._draft()
        if job is not None:
            try:
                self._stored(self.session.write(*job), notify=False)
            except CoderError as error:
                self.notify(str(error), severity="error")

    @work(thread=True, group="save")
    def _write(self, record: ArticleRecord, generation: int) -> None:
        try:
            stored = self.session.write(record, generation)
        except CoderError as error:
            self.app.call_from_thread(self.notify, str(error), severity="error", timeout=10)
        else:
            self.app.call_from_thread(self._stored, stored, False)

    def _stored(self, stored: ArticleRecord | None, notify: bool = False) -> None:
        if stored is None or stored.article != self.session.article.id:
            return  # a save of the article the coder just left: nothing to show here
        self.saved_at = self.clock(stored.updated)
        self._check_demoted(stored.status)
        self.refresh_header()

    def _check_demoted(self, stored_status: Status) -> None:
        """An edit keeps a done article done while it validates; when it no longer does, the
        store gets a draft and the coder is told why (once, and in the header until fixed).
        The working record keeps the coder's status, so the next valid save is done again."""
        s = self.session
        chosen = s.record.status
        if chosen == "draft":
            self.demoted = None
            return
        words = STATUS_WORDS[chosen]
        if stored_status == "draft":
            errors = s.errors_for(s.record, chosen)
            reason = self._describe(errors) if errors else "text that does not parse yet"
            if self.demoted is None:
                self.notify(
                    f"Saved as a draft, no longer {words}: {reason}. Fix it and it is {words} "
                    "again when saved.",
                    title="Not complete",
                    severity="warning",
                    timeout=10,
                )
            self.demoted = reason
        elif self.demoted is not None:
            self.demoted = None
            self.notify(f"Complete again: saved as {words}.", timeout=3)

    def _describe(self, errors: dict[str, str]) -> str:
        """'N problem(s), first: incident 2: Event date: is required' for notifications."""
        key, message = next(iter(errors.items()))
        name = key.rpartition(": ")[2]
        codebook = self.session.codebook
        f = codebook.field("article", name) or codebook.field("incident", name)
        where = key.replace(name, f.label) if f is not None else key
        count = f"{len(errors)} problems, first: " if len(errors) > 1 else ""
        return f"{count}{where}: {message}"

    def _readonly_refused(self) -> bool:
        if self.session.readonly:
            self.notify(
                f"Read-only: {self.readonly_reason}. Nothing can be saved in this window.",
                severity="warning",
            )
            return True
        return False

    def action_save(self) -> None:
        if self._readonly_refused():
            return
        self.session.touch()  # an explicit save always writes
        job = self._draft()
        if job is None:
            return
        record, generation = job
        problems = self.session.errors_for(self.session.record, "draft")
        self._show_errors(problems)
        self._write(record, generation)
        if record.status != self.session.record.status:
            pass  # demoted to a draft: _stored says why
        elif problems:
            self.notify(
                f"Saved as a draft; {len(problems)} problem(s) to fix are marked in red.",
                severity="warning",
            )
        else:
            self.notify("Saved.", timeout=2)

    def _finish(self, status: Status) -> None:
        if self._readonly_refused():
            return
        self.sync()
        s = self.session
        errors = s.errors_for(s.record, status)
        if errors:
            self._show_errors(errors)
            self.notify(
                f"Not marked {STATUS_WORDS[status]}: {self._describe(errors)}",
                severity="error",
                timeout=8,
            )
            return
        s.record.status = status
        s.touch()
        job = self._draft()
        if job is None:
            return
        try:
            s.write(*job)  # a status change is written before moving on: it is what counts
        except CoderError as error:
            self.notify(str(error), severity="error")
            return
        self.notify(f"{s.article.id}: {STATUS_WORDS[status]}.", timeout=2)
        if s.index + 1 < len(s.articles):
            self._open(s.index + 1)
        else:
            self.load_article()

    def action_done(self) -> None:
        self._finish("done")

    def action_no_incident(self) -> None:
        if self.session.record.incidents:
            self.notify(
                "This article has incidents: delete them first (F8) to mark it "
                "'no relevant incident'.",
                severity="error",
            )
            return
        self._finish("no_incident")

    def _show_errors(self, errors: dict[str, str]) -> None:
        self.errors = ErrorMap.from_errors(errors)
        if (form := self._article_form) is not None:
            form.show_errors(self.errors.article)
        s = self.session
        if self.errors.incidents and (s.current is None or s.current not in self.errors.incidents):
            self.sync()
            s.current = min(self.errors.incidents)
            self.show_incident()
        elif (form := self._incident_form) is not None and s.current is not None:
            form.show_errors(self.errors.incidents.get(s.current, {}))

    # -- incidents ----------------------------------------------------------------------------

    def _go_incident(self, index: int) -> None:
        s = self.session
        if s.current is None or not 0 <= index < len(s.record.incidents) or index == s.current:
            return
        self.sync()
        self.save_in_background()
        s.current = index
        self.show_incident()

    def action_next_incident(self) -> None:
        if self.session.current is not None:
            self._go_incident(self.session.current + 1)

    def action_prev_incident(self) -> None:
        if self.session.current is not None:
            self._go_incident(self.session.current - 1)

    def action_new_incident(self) -> None:
        if self._incident_form is None or self._readonly_refused():
            return
        self.sync()
        self.session.add_incident()
        self._after_incident_change()

    def action_duplicate_incident(self) -> None:
        s = self.session
        if s.current is None or self._readonly_refused():
            return
        self.sync()
        s.duplicate_incident(s.current)
        self._after_incident_change()
        self.notify(f"Incident {s.current} copied to incident {s.current + 1}.", timeout=2)

    def action_delete_incident(self) -> None:
        s = self.session
        if s.current is None or self._readonly_refused():
            return
        number = s.current + 1

        def confirmed(yes: bool | None) -> None:
            if yes and s.current is not None:
                self.sync()
                s.delete_incident(s.current)
                self._after_incident_change()
                self.notify(f"Incident {number} deleted.", timeout=2)

        self.app.push_screen(
            ConfirmScreen(f"Delete incident {number} of {len(s.record.incidents)}?"), confirmed
        )

    def _after_incident_change(self) -> None:
        self.errors = ErrorMap()
        self.show_incident()
        self.refresh_header()
        if (form := self._incident_form) is not None and self.session.current is not None:
            form.focus_field()
        self.save_in_background()

    # -- evidence -------------------------------------------------------------------------------

    def action_evidence(self) -> None:
        if self._readonly_refused():
            return
        text = " ".join(self.query_one(ArticleText).selected_text.split())
        if not text:
            self.notify(
                "Select a passage in the article first (F2 moves there; shift+arrows or the "
                "mouse select), then press ctrl+e.",
                severity="warning",
            )
            return
        target = self._quote_target()
        if target is None:
            self.notify("This codebook has no quote field.", severity="warning")
            return
        target.set_value(text)
        cast(Widget, target).focus()
        self.query_one(FindBar).display = False

    # -- find in the article --------------------------------------------------------------------

    def action_find(self) -> None:
        self.query_one(FindBar).open()

    def action_find_next(self) -> None:
        self._find_step(1)

    def action_find_previous(self) -> None:
        self._find_step(-1)

    def _find_step(self, direction: int) -> None:
        bar = self.query_one(FindBar)
        if not bar.query_text.strip():
            bar.open()
        else:
            bar.step(direction)

    def on_find_bar_closed(self, event: FindBar.Closed) -> None:
        event.stop()
        self.query_one(ArticleText).focus()

    def _quote_target(self) -> FieldEditor | None:
        """The focused (or last focused) quote field, else the incident's first quote field."""
        last = self._last_editor
        if last is not None and last.field.type == "quote" and cast(Widget, last).is_mounted:
            form = cast(Widget, last).parent
            in_incident = form is not None and form.parent is self._incident_form
            if not in_incident or self.session.current is not None:
                return last
        form = self._incident_form
        if form is not None and form.first_quote_editor() is not None:
            if self.session.current is None:
                self.action_new_incident()
            return form.first_quote_editor()
        if (article_form := self._article_form) is not None:
            return article_form.first_quote_editor()
        return None

    def action_toggle_pane(self) -> None:
        text = self.query_one(ArticleText)
        if text.has_focus:
            if self._last_editor is not None and cast(Widget, self._last_editor).is_mounted:
                cast(Widget, self._last_editor).focus()
            else:
                self._focus_start()
        else:
            text.focus()

    # -- articles -------------------------------------------------------------------------------

    def _open(self, index: int) -> None:
        if index == self.session.index:
            return
        self.save_in_background()
        self.session.open(index)
        self.saved_at = self.clock(self.session.record.updated)
        self.load_article()
        if not isinstance(self.focused, ArticleText):
            # A new article starts at its first question, not wherever the last one ended
            # (often a field of an incident form that this article hides).
            self.call_after_refresh(self._focus_start)

    def action_next_article(self) -> None:
        if self.session.index + 1 < len(self.session.articles):
            self._open(self.session.index + 1)
        else:
            self.notify("This is the last article.", timeout=2)

    def action_prev_article(self) -> None:
        if self.session.index > 0:
            self._open(self.session.index - 1)
        else:
            self.notify("This is the first article.", timeout=2)

    def action_article_list(self) -> None:
        s = self.session
        self.sync()
        rows = [
            ArticleRow(a.id, a.title, cast(Any, s.status_of(a.id)), s.incidents_of(a.id))
            for a in s.articles
        ]

        def chosen(article_id: str | None) -> None:
            if article_id is not None and (i := s.index_of(article_id)) is not None:
                self._open(i)

        self.app.push_screen(ArticleListScreen(rows, s.article.id), chosen)

    def action_help(self) -> None:
        focused = self._last_editor.field if self._last_editor is not None else None
        self.app.push_screen(HelpScreen(self.session.codebook, focused))

    def focused_field(self) -> Field | None:
        editor = _editor_of(self.focused)
        return editor.field if editor is not None else None


def _field_help(f: Field) -> Content:
    """'Label *: first line of the help' for the help line."""
    text = Content.styled(f.label + (" *" if f.required else ""), "bold")
    return text + Content(": " + (f.help.strip().splitlines()[0] if f.help.strip() else "-"))


def _local_time(stamp: str) -> str | None:
    """'14:03' in the coder's time zone from the store's ISO UTC stamp."""
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%H:%M")
    except ValueError:
        return None


def _editor_of(widget: Widget | None) -> FieldEditor | None:
    node: Any = widget
    while node is not None:
        if isinstance(node, FieldEditor):
            return node
        node = node.parent
    return None
