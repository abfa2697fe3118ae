"""The coding screen's layout and display: the article on the left, the codebook form on the right.

Everything is built once in `compose`; moving between articles and incidents only loads values
into the existing widgets (`CodebookForm.load`), so switching stays far under 100 ms. This layer
shows the `Session` (the non-Textual controller) and copies what the forms hold back into it;
saving, incidents, evidence and the key actions are added by the mixins that build `CodingScreen`
(see coder/tui/screens/coding.py for the list).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, cast

from textual import events
from textual.app import ComposeResult
from textual.content import Content
from textual.message import Message
from textual.reactive import Reactive
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Static

from coder.codebook.model import Field
from coder.gc_pause import REFREEZE_EVERY, refreeze_if_grown
from coder.tui.article.find_bar import FindInput
from coder.tui.article.text import ArticleText
from coder.tui.article.view import ArticleView
from coder.tui.blank import BlankHorizontal, BlankVertical
from coder.tui.coding.actions import footer_hints
from coder.tui.coding.help_line import HelpLine
from coder.tui.coding.incident_bar import IncidentBar
from coder.tui.coding.key_bar import KeyBar
from coder.tui.coding.session import ErrorMap, Session
from coder.tui.coding.status_header import StatusHeader
from coder.tui.coding.undo import UndoStack
from coder.tui.form import CodebookForm, FormScroll
from coder.tui.form.editors import ChoiceHighlighted, FieldEditor
from coder.tui.key_gate import KeyGate, OneFrameScreen
from coder.tui.textual_compat import forget_dead_styles, forget_stale_queries

STATUS_WORDS = {"draft": "draft", "done": "done", "no_incident": "no relevant incident"}

ARTICLE_HELP = (
    "Article: select a passage (shift+arrows or the mouse; . or alt+shift+right: to the end of "
    "the sentence; ctrl+f or / finds text), then ctrl+e puts it in the quote field. F2: the form."
)
FIND_HELP = (
    "Find (any case, any spacing): down/F3 next match, up previous; ctrl+e puts the selected "
    "match in the quote field; enter returns to the article with the match selected, where "
    "shift+arrows or . extend it."
)


class CodingView(OneFrameScreen):
    """The widgets and how the session's article, record and incident are shown in them."""

    BLANK = True  # drawn as its background: its widgets cover it (coder/tui/blank.py)

    WIDE = 110
    """From this width the two panes are equal; below it the article narrows (app.tcss)."""
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE, "-wide")]  # noqa: RUF012 (Screen: instance var)
    TALL = 30
    """From this height the help panel may take a third of the form pane; below it (80x24) a
    few rows, the form needs the others (app.tcss)."""
    VERTICAL_BREAKPOINTS = [(0, "-short"), (TALL, "-tall")]  # noqa: RUF012 (as above)

    focused: Reactive[Widget | None] = Reactive(None, repaint=False)
    """Screen.focused without its repaint: Textual repaints the whole screen (every widget's
    lines, 120x40 cells) on each focus change, though the widgets that gain and lose the focus
    refresh themselves (Widget._on_focus/_on_blur, and their :focus styles). Its watcher
    (`_watch_focused`: refresh the bindings) still runs."""

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
        self._choice_help_lines: dict[str, tuple[Content, ...]] = {}
        """Each choice field's choices as the help panel shows them (`_choice_helps`)."""
        self.save_error: str | None = None
        """Why the last save failed (None after a successful one); see SaveMixin._save_failed."""
        self._retry: Timer | None = None
        self.undo = UndoStack()
        """ctrl+z: the article's last changes (coder/tui/coding/undo.py)."""
        self.demoted: str | None = None
        """Why the article, marked done (or no incident), was last saved as a draft; None when
        the stored status is the one the coder chose."""
        self._resumed = False
        self._opened = 0
        """Articles shown so far: every REFREEZE_EVERY, a collection (`_refreeze`)."""
        self._complete = False
        """Whether every widget is mounted (the incident form may come after the first frame)."""
        self._forms: dict[str, CodebookForm] = {}
        """The article and incident forms by id, once found (`_form`)."""
        self._read_meanwhile: tuple[str, int] | None = None
        """`database_read`'s arguments when the record came before the screen was complete."""
        # The breakpoint classes from the start: set by Textual on the first resize, after the
        # widgets are mounted, it made Textual style all ~130 of them a second time.
        self.add_class("-wide" if self.app.size.width >= self.WIDE else "-narrow")
        self.add_class("-tall" if self.app.size.height >= self.TALL else "-short")
        # Keys typed from now until the screen is complete (focus set, the incident form mounted
        # after the first frame) wait, in order, instead of going to no widget or the wrong one:
        # released by `_after_first_frame` (the app pushes this screen as soon as it is built).
        _hold_keys(self.app)

    def post_message(self, message: Message) -> bool:
        """The first ScreenResume (from push_screen) without its restyle of every widget: they
        were styled as they were mounted, a moment before, and restyling the form's ~130
        widgets was a third of the start-up's styling. Later resumes (after a dialog or the
        article list) restyle as Textual does."""
        if isinstance(message, events.ScreenResume) and not self._resumed:
            self._resumed = True
            if message.refresh_styles:
                message = events.ScreenResume(refresh_styles=False)
        return super().post_message(message)

    # -- layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        codebook = self.session.codebook
        header = StatusHeader()
        header.title_text = codebook.title
        header.coder = self.coder
        header.readonly = self.readonly_reason
        yield header
        with BlankHorizontal(id="main"):
            yield ArticleView(id="article-pane")
            with BlankVertical(id="form-pane"):
                # Not a Tab stop while the fields can be edited (focusing a field scrolls to it);
                # a Tab stop only restyled the form's 100+ widgets on the way in and out. Read-only,
                # it is the way to scroll the (disabled) form by keyboard.
                with FormScroll(id="form-scroll", can_focus=self.session.readonly):
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
                        if not self._incident_form_later:
                            yield self._new_incident_form()
                yield HelpLine(id="help-line")
        yield KeyBar(*footer_hints(self.app), id="footer")

    @property
    def _incident_form_later(self) -> bool:
        """Whether the incident form is mounted after the first frame: the article opened first
        has no incident, so the frame does not show the form (about half the screen's widgets,
        a quarter of its start-up)."""
        return bool(self.session.codebook.incident_fields) and self.session.current is None

    def _new_incident_form(self) -> CodebookForm:
        form = CodebookForm(self.session.codebook.incident_fields, id="incident-form")
        form.display = self.session.current is not None
        return form

    def on_mount(self) -> None:
        if self.session.readonly:
            for form in self.query(CodebookForm):
                form.disabled = True
        later = self._incident_form_later
        self.load_article()
        self.call_after_refresh(self._after_first_frame, later)

    def _after_first_frame(self, incident_form_later: bool) -> None:
        try:
            if not self.session.loading:  # else once the record is shown (`database_read`)
                self._focus_start()
        finally:  # whatever happens, the keys held since __init__ go through in the end
            if incident_form_later:
                self.call_later(self._mount_incident_form)
            else:
                self._built()

    async def _mount_incident_form(self) -> None:
        """Mount the incident form left out of the first frame, then let the keys through."""
        try:
            form = self._new_incident_form()
            form.disabled = self.session.readonly
            await self.query_one("#form-scroll").mount(form, after="#no-incidents")
            form.article_text = self.session.article.text
            self.show_incident()
        finally:
            self._built()

    def _built(self) -> None:
        """The screen is complete: a record read meanwhile is shown now, and keys go through."""
        self._complete = True
        try:
            if self._read_meanwhile is not None:
                self.database_read(*self._read_meanwhile)
        finally:
            _release_keys(self.app)

    def database_read(self, readonly_reason: str, index: int) -> None:
        """The coder's database, read after the first frame (`Session.attach` has it): show
        article `index` with its stored record, and the focus where the coder left it. Waits
        for the incident form if it is not mounted yet (the keys are held until both)."""
        if not self._complete:
            self._read_meanwhile = (readonly_reason, index)
            return
        self._read_meanwhile = None
        s = self.session
        self.readonly_reason = readonly_reason
        self.query_one(StatusHeader).readonly = readonly_reason
        if s.readonly:
            for form in self.query(CodebookForm):
                form.disabled = True
            self.query_one(FormScroll).can_focus = True
        s.open(index)
        self.saved_at = self.clock(s.record.updated)
        self.load_article()
        self._focus_start()

    def _focus_start(self) -> None:
        form = self._article_form or self._incident_form
        if form is not None and not form.disabled:
            form.focus_field()
        else:
            self.query_one(ArticleText).focus()

    @property
    def _article_form(self) -> CodebookForm | None:
        return self._form("article-form") if self.session.codebook.article_fields else None

    @property
    def _incident_form(self) -> CodebookForm | None:
        return self._form("incident-form") if self.session.codebook.incident_fields else None

    def _form(self, form_id: str) -> CodebookForm | None:
        """The form with this id once it is in the screen (the incident form may come after
        the first frame), remembered: a form is built once and never removed, and finding it
        walked the screen's ~150 widgets, ~1.4 ms nine times per article switch and once per
        character typed."""
        form = self._forms.get(form_id)
        if form is None or form.parent is None:
            found = self.query(f"#{form_id}")
            if not found:
                return None
            form = self._forms[form_id] = cast(CodebookForm, found.first())
        return form

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
        self.query_one("#article-title").display = not title_repeats_text(a.title, a.text)
        if (form := self._article_form) is not None:
            form.article_text = a.text
            form.load(s.record.values, s.scratch_for(None), s.record.as_coded)
        if (form := self._incident_form) is not None:
            form.article_text = a.text
        self.show_incident()
        self.refresh_header()
        self._opened += 1
        if self._opened % REFREEZE_EVERY == 0:  # once this article is shown (gc_pause)
            self.call_after_refresh(_refreeze, self)

    def show_incident(self) -> None:
        """Load the current incident into the incident form (or say there is none)."""
        s = self.session
        if not s.codebook.incident_fields:
            return
        n = len(s.record.incidents)
        self.query_one(IncidentBar).show(n, s.current)
        self.query_one("#no-incidents").display = s.current is None
        form = self._incident_form  # None for a moment at start-up (`_mount_incident_form`)
        if form is not None:
            form.display = s.current is not None
        if form is not None and s.current is not None:
            incident = s.record.incidents[s.current]
            form.load(incident.values, s.scratch_for(incident), incident.as_coded)
            form.show_errors(self.errors.incidents.get(s.current, {}))
        self.query_one(ArticleText).highlight_quotes(s.quotes())

    def refresh_header(self) -> None:
        header = self.query_one_optional(StatusHeader)
        if header is None:  # the screen is closing: a save or the index finished as the app quit
            return
        s = self.session
        header.show(
            dirty=s.dirty and not s.readonly,
            saved_at=self.saved_at,
            position=(None, None) if s.preview else (s.index + 1, len(s.articles)),
            progress=(None, None) if s.preview else s.progress(),
            status=self._status_words(),
        )

    def _status_words(self) -> str:
        s = self.session
        if s.loading:
            return "loading…"
        if s.status_of(s.article.id) == "not started" and not s.dirty:
            return "not started"
        words = STATUS_WORDS.get(s.record.status, s.record.status)
        if self.demoted is not None:
            return f"saved as DRAFT, not {words}: {self.demoted}"
        return words

    def _highlight_quotes(self) -> None:
        self.query_one(ArticleText).highlight_quotes(self.session.quotes())

    # -- messages up ----------------------------------------------------------------------------

    def sync(self) -> None:
        """Copy what the forms show into the session's working record."""
        s = self.session
        if (form := self._article_form) is not None:
            s.set_article_values(*form.collect(), form.as_coded())
        if (form := self._incident_form) is not None and s.current is not None:
            s.set_incident_values(s.current, *form.collect(), form.as_coded())

    # -- the help line --------------------------------------------------------------------------

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """The help line follows the focus: the field's help, or how the article pane works."""
        editor = editor_of(event.widget)
        if editor is not None:
            self._last_editor = editor
            self._help(field_help(editor.field), room_for=self._choice_helps(editor.field))
        elif isinstance(event.widget, ArticleText):
            self._help(Content(ARTICLE_HELP))
        elif isinstance(event.widget, FindInput):
            self._help(Content(FIND_HELP))

    def on_choice_highlighted(self, event: ChoiceHighlighted) -> None:
        """The choice under the cursor of a list: its help under the field's. A pick by digit
        that moves on to the next field posts this before the focus moves and it arrives after:
        the field that has the cursor then is not the list's, and its own help stays."""
        event.stop()
        if self.focused_field() is not event.field:
            return
        text = field_help(event.field)
        choice = event.field.choice(event.value) if event.value is not None else None
        tail: Content | None = None
        if event.unmatched:  # first: the field's help may fill the help line
            still = f"; still on {choice.label}" if choice is not None else ""
            warning = (
                f"No choice matches '{event.unmatched}'{still} (wait a second to search again)"
            )
            text = Content.styled(warning, "bold $warning") + Content("\n") + text
        elif choice is not None:
            tail = labelled(choice.label, choice.help)
        self._help(text, tail, self._choice_helps(event.field))

    def _choice_helps(self, f: Field) -> tuple[Content, ...]:
        """Each choice's line in the help panel ('Label: help'), made once per field."""
        helps = self._choice_help_lines.get(f.name)
        if helps is None:
            helps = tuple(labelled(c.label, c.help) for c in f.choices)
            self._choice_help_lines[f.name] = helps
        return helps

    def _help(
        self, text: Content, tail: Content | None = None, room_for: Sequence[Content] = ()
    ) -> None:
        """Show `text` in the help line, then `tail` (the choice under the cursor), kept whole
        when the panel cannot show everything (coder.tui.coding.help_line). It changes on every
        Tab and every choice the cursor passes, so it is shown without laying the screen out
        again: the panel takes the new height, with room for the tallest of `room_for` (the
        field's choices' helps), at the next layout (a list opening or closing)."""
        self.query_one(HelpLine).show(text, tail, room_for)

    def focused_field(self) -> Field | None:
        editor = editor_of(self.focused)
        return editor.field if editor is not None else None


def _refreeze(screen: Widget) -> None:
    """Drop the styles and query answers of widgets gone since the last time (held by Textual's
    caches), collect, and freeze what is alive if it has grown (`refreeze_if_grown`)."""
    forget_dead_styles()
    forget_stale_queries(screen)
    forget_stale_queries(screen.app)
    refreeze_if_grown()


def _hold_keys(app: object) -> None:
    if isinstance(app, KeyGate):
        app.hold_keys()


def _release_keys(app: object) -> None:
    if isinstance(app, KeyGate):
        app.release_keys()


def title_repeats_text(title: str, text: str) -> bool:
    """Whether the text starts with its title, so the title row would say it twice: text files
    start with their title line, and a file without one (its lead paragraph taken as the title,
    shortened with "…") must not show that paragraph twice either."""
    shown = title.removesuffix("…").rstrip()
    return bool(shown) and text.lstrip().startswith(shown)


def field_help(f: Field) -> Content:
    """'Label *: the whole help' for the help line (it grows to show it)."""
    return labelled(f.label + (" *" if f.required else ""), f.help)


def labelled(label: str, help_text: str) -> Content:
    """'Label: help' with the label bold, the help on one line; the label alone when the
    codebook gives no help (a "Not reported: -" read as a value or a hint that is missing)."""
    text = Content.styled(label, "bold")
    help_text = " ".join(help_text.split())
    return text + Content(": " + help_text) if help_text else text


def _local_time(stamp: str) -> str | None:
    """'14:03' in the coder's time zone from the store's ISO UTC stamp."""
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%H:%M")
    except ValueError:
        return None


def editor_of(widget: Widget | None) -> FieldEditor | None:
    """The field editor `widget` belongs to (itself or an ancestor), if any."""
    node: Any = widget
    while node is not None:
        if isinstance(node, FieldEditor):
            return node
        node = node.parent
    return None
