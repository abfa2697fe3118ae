"""Suggestions on the coding screen: values proposed from the incident's evidence quote.

Whenever an incident's evidence is set or changed (ctrl+e, typing in the quote field, a new
incident that arrives with a quote, moving to another incident) the screen asks `coder.suggest`
for the quote's suggestions. Each one is shown under its field while the field is empty, dimmed
and marked with ◇ and the words it came from, and those words are highlighted in the article. It
is not a value: ctrl+g takes the focused field's suggestion, F6 takes all of the incident's (and
moves to the first field still empty), and typing or picking a value overrides it (the line goes
away). An accepted field is listed in the
incident's `suggested` (the record keeps which values were accepted rather than typed, for
`coder compare --typed-only`); typing over it later removes it from the list. A codebook with
`suggestions: false` shows none, and neither does an article the codebook's `suggestions:
{hide_on_overlap, hide_for}` hides from this coder (coder.suggest.blind): the header says so and
why, and a setting the project cannot honour is reported with its codebook line.

A value carried from the previous incident (`carry: true`) is a default, not the coder's
judgement of this incident: when the evidence suggests another value for such a field (a second
incident at another place), the suggestion is shown under it too ("ctrl+g replaces the carried
value") and ctrl+g / F6 take it over the carried one. Once the coder edits the field, its value
is theirs. Which fields of an incident still hold their carried value is known for the incidents
added in this session (`mark_carried`; kept by the undo stack, so ctrl+z brings the mark back
with the value); a reopened article treats every value as the coder's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from textual.timer import Timer
from textual.widget import Widget

from coder.codebook.values import format_value, is_empty
from coder.errors import CoderError
from coder.suggest.blind import blind_problems, hidden_reason
from coder.tui.article.text import ArticleText
from coder.tui.coding.evidence import EvidenceMixin
from coder.tui.coding.status_header import StatusHeader
from coder.tui.coding.undo import UndoStack
from coder.tui.form import EDITOR_MESSAGES, CodebookForm
from coder.tui.form.place_editor import PlaceEditor

if TYPE_CHECKING:  # the rules are imported when first used, after the first frame
    from coder.suggest import Suggestion

MARK = "◇"
REFRESH_SECONDS = 0.3
SHOWN_WORDS = 40
"""The suggestion line quotes at most this many characters of the words it came from."""


class SuggestMixin(EvidenceMixin):
    """ctrl+g, F6, F7 and the suggestion lines of the incident form."""

    _suggestions: dict[str, Suggestion] | None = None
    _accepting: set[str] | None = None
    _suggest_timer: Timer | None = None
    _blind: str | None = None
    """Why the current article shows no suggestions (coder.suggest.blind), None if it does."""
    _blind_plan: tuple[tuple[int, int] | None, set[str] | None, list[str] | None] | None = None
    """(assignments.yaml's mtime and size, its overlap articles, its coders), read once a change."""

    # -- computing -------------------------------------------------------------------------------

    def _evidence_of(self, values: dict[str, Any]) -> str | None:
        for f in self.session.codebook.incident_fields:
            if f.type == "quote" and isinstance(values.get(f.name), str) and values[f.name].strip():
                return cast(str, values[f.name])
        return None

    def _published(self) -> Any:
        from coder.suggest.dates import publication_base

        s = self.session
        coded = next(
            (s.record.values.get(f.name) for f in s.codebook.article_fields if f.type == "date"),
            None,
        )
        return publication_base(s.article.text, s.article.date, coded)

    # -- blind articles ------------------------------------------------------------------------

    def load_article(self) -> None:
        """Whether this article shows suggestions is decided as it opens (header: why not)."""
        self._blind = self._blind_reason()
        self.query_one(StatusHeader).notice = self._blind or ""
        super().load_article()

    def _blind_reason(self) -> str | None:
        codebook = self.session.codebook
        blind = codebook.blind
        if not codebook.suggestions or not (blind.overlap or blind.coders):
            return hidden_reason(codebook, None, self.session.article.id, None)
        first = self._blind_plan is None
        overlap, coders = self._plan_for_blind()
        if first:  # once a session: a setting the project cannot honour, with its line
            where = codebook.path or "codebook"
            for line, message in blind_problems(codebook, overlap, coders):
                self.notify(f"{where}:{line}: {message}", severity="error", timeout=30)
        coder = cast(str | None, getattr(self, "coder", None))
        return hidden_reason(codebook, coder, self.session.article.id, overlap)

    def _plan_for_blind(self) -> tuple[set[str] | None, list[str] | None]:
        """The plan's overlap articles and coders (None, None without a readable plan), read
        again only when assignments.yaml changed (a sync may bring a new one)."""
        from coder.team.model import PLAN_FILE
        from coder.team.project_plan import project_plan

        project = getattr(self.app, "project", None)
        if project is None:
            return None, None
        try:
            st = (project.root / PLAN_FILE).stat()
            stamp: tuple[int, int] | None = (st.st_mtime_ns, st.st_size)
        except OSError:
            stamp = None
        if self._blind_plan is None or self._blind_plan[0] != stamp:
            overlap: set[str] | None = None
            coders: list[str] | None = None
            if stamp is not None:
                try:
                    plan = project_plan(project, [a.id for a in self.session.all_articles])
                except CoderError:
                    plan = None  # refused at start-up; after a sync: hidden, fail closed
                if plan is not None:
                    overlap, coders = set(plan.overlap), plan.coders
            self._blind_plan = (stamp, overlap, coders)
        return self._blind_plan[1], self._blind_plan[2]

    # -- computing, continued --------------------------------------------------------------------

    def refresh_suggestions(self) -> None:
        """Recompute the current incident's suggestions from its evidence, and show them."""
        s = self.session
        form = self._incident_form
        self._suggestions = {}
        if form is not None and s.current is not None and self._blind is None:
            from coder.suggest import locate_quote, suggest

            values, _ = form.collect()
            quote = self._evidence_of(values)
            span = locate_quote(quote, s.article.text) if quote else None
            if span is not None:
                found = suggest(
                    s.codebook, s.article.text, span, published=self._published(), values=values
                )
                for one in found:
                    self._suggestions.setdefault(one.field, one)
        self.show_suggestions()

    def show_suggestions(self) -> None:
        """A line under each empty field that has a suggestion; its words marked in the text."""
        form = self._incident_form
        if form is None:
            return
        shown: dict[str, str] = {}
        spans = []
        visible = {e.field.name for e in form.visible_editors()}
        carried = self._carried_here()  # the form is read only when a value may be replaced
        values = form.collect()[0] if carried & set(self._suggestions or {}) else {}
        for name, one in (self._suggestions or {}).items():
            if name not in visible:
                continue
            if form.is_blank(name):
                shown[name] = self._line(one, "ctrl+g accepts")
            elif self._replaces_carried(name, one, values):
                shown[name] = self._line(one, "ctrl+g replaces the carried value")
            else:
                continue
            if one.end > one.start:
                spans.append((one.start, one.end))
        form.show_suggestions(shown)
        self.query_one(ArticleText).highlight_suggestions(spans)

    def _line(self, one: Suggestion, how: str) -> str:
        from coder.suggest.places import CONTEXT

        f = self.session.codebook.field("incident", one.field)
        value = format_value(f, one.value) if f is not None else str(one.value)
        if f is not None and f.has_choices:
            items = one.value if isinstance(one.value, list) else [one.value]
            value = "; ".join(f.label_for(v) for v in items)
        elif f is not None and f.type == "place" and f.gazetteer is not None:
            value = self._place_name(f.gazetteer, one.value) or value
        words = " ".join(one.text.split())
        if len(words) > SHOWN_WORDS:
            words = words[: SHOWN_WORDS - 1] + "…"
        origin = f"from “{words}”" if words else "from the publication date coded above"
        if one.rule == CONTEXT:
            origin += ", outside the quote"
        return f"{MARK} {value}  ({origin}; {how})"

    # -- carried values --------------------------------------------------------------------------

    def mark_carried(self) -> None:
        """The current incident was just added: its `carry: true` fields that have a value hold
        the previous incident's, which a suggestion may replace."""
        s = self.session
        if s.current is None:
            return
        incident = s.record.incidents[s.current]
        names = {
            f.name
            for f in s.codebook.incident_fields
            if f.carry and not is_empty(incident.values.get(f.name))
        }
        self.undo.carried[incident.id] = names

    def _carried_here(self) -> set[str]:
        s = self.session
        if s.current is None or not self.undo.carried:
            return set()
        return self.undo.carried.get(s.record.incidents[s.current].id, set())

    def _replaces_carried(self, name: str, one: Suggestion, values: dict[str, Any]) -> bool:
        return name in self._carried_here() and values.get(name) != one.value

    @staticmethod
    def _place_name(path: Any, place_id: Any) -> str | None:
        from coder.places import GazetteerError, gazetteer_for

        try:
            gaz = gazetteer_for(path)
        except GazetteerError:
            return None
        return gaz.hierarchy(place_id) if place_id in gaz else None

    # -- hooks: evidence set or changed, incident shown, a field typed ------------------------

    def show_incident(self) -> None:
        super().show_incident()
        self.refresh_suggestions()

    def on_codebook_form_changed(self, event: CodebookForm.Changed) -> None:
        """Runs besides SaveMixin's handler (Textual calls each class's): a new quote (or
        publication date) means new suggestions; a field the coder typed into loses its line
        (and its `suggested` mark)."""
        if event.form is not self._incident_form:
            if event.field.type == "date":  # the coded publication date resolves weekdays
                self._refresh_soon()
            return
        name = event.field.name
        accepting = self._accepting or set()
        if name in accepting:
            accepting.discard(name)
        elif (s := self.session).current is not None:
            incident = s.record.incidents[s.current]
            if name in incident.suggested:
                incident.suggested.remove(name)
            self._carried_here().discard(name)  # the coder's own value now
        if event.field.type == "quote":
            self._refresh_soon()
        else:
            self.call_later(self.show_suggestions)

    def _refresh_soon(self) -> None:
        """Recompute after the coder pauses typing in a quote (as the quote highlight does)."""
        if self._suggest_timer is not None:
            self._suggest_timer.stop()
        self._suggest_timer = self.set_timer(REFRESH_SECONDS, self.refresh_suggestions)

    # -- moving ----------------------------------------------------------------------------------

    def action_next_empty_field(self) -> None:
        """F7: the next field (after the focused one, in form order) that has no value yet, so
        the fields suggestions filled are passed over in one key."""
        form = self._incident_form if self.session.current is not None else None
        forms = [f for f in (self._article_form, form) if f is not None and f.display]
        editors = [(f, e.field.name) for f in forms for e in f.visible_editors()]
        if not editors:
            return
        last = self._last_editor
        at = next(
            (i for i, (f, n) in enumerate(editors) if last is not None and f.editors[n] is last),
            -1,
        )
        for f, name in [*editors[at + 1 :], *editors[: at + 1]]:
            if f.is_blank(name):
                f.focus_field(name)
                return
        self.notify("Every field has a value.", timeout=2)

    # -- accepting -----------------------------------------------------------------------------

    def action_accept_suggestion(self) -> None:
        """ctrl+g: the focused field takes its suggestion."""
        if self._readonly_refused() or self._blind_refused():
            return
        editor = self._last_editor
        form = self._incident_form
        if editor is None or form is None or editor.field.name not in form.editors:
            self.notify("Go to an incident field with a suggestion (◇) first.", severity="warning")
            return
        if not self._accept(editor.field.name):
            self.notify(f"No suggestion for {editor.field.label} here.", severity="warning")

    def action_accept_all_suggestions(self) -> None:
        """F6: every empty field of the incident takes its suggestion, in codebook order."""
        if self._readonly_refused() or self._blind_refused():
            return
        s = self.session
        self.undo.before_change(s.record, s.current, "suggestions taken (F6)")
        taken = [
            f.name
            for f in s.codebook.incident_fields
            if f.name in (self._suggestions or {}) and self._accept(f.name)
        ]
        if not taken:
            self.undo.pop()  # nothing changed: no empty undo step
            self.notify("No suggestions to accept for this incident.", severity="warning")
            return
        form_id = self._incident_form.id if self._incident_form is not None else None
        self.undo.absorb(UndoStack.field_key(form_id, s.current, name) for name in taken)
        # A value taken can hide or unfit one taken before it (an event type whose sub-events
        # differ): count what the incident holds as suggested now, as the export will.
        kept = [] if s.current is None else s.record.incidents[s.current].suggested
        count = sum(name in kept for name in taken)
        self.notify(f"Accepted {count} suggested value(s); check them.", timeout=3)
        form = self._incident_form
        if form is not None:  # on to the first field still to code
            blank = [e.field.name for e in form.visible_editors() if form.is_blank(e.field.name)]
            if blank:
                form.focus_field(blank[0])

    def _blind_refused(self) -> bool:
        if self._blind is not None:
            self.notify(f"No suggestions on this article: {self._blind}.", severity="warning")
        return self._blind is not None

    def _accept(self, name: str) -> bool:
        s, form = self.session, self._incident_form
        one = (self._suggestions or {}).get(name)
        if form is None or s.current is None or one is None:
            return False
        visible = {e.field.name for e in form.visible_editors()}
        if name not in visible:
            return False
        if not form.is_blank(name) and not self._replaces_carried(name, one, form.collect()[0]):
            return False
        form.update_conditions(keep_values=True)  # a tied list offers the choices that fit now
        editor = form.editors[name]
        with form.prevent(*EDITOR_MESSAGES):
            editor.set_value(one.value)
        if isinstance(editor, PlaceEditor):  # the name it was taken by, as a pick records it
            # (on one line: a name the article breaks across lines matches, and the store
            # refuses an as_coded name with a line break, which made every save fail)
            editor.show_seen(" ".join(one.text.split()))
        form.update_conditions(keep_values=True)
        s.set_incident_values(s.current, *form.collect(), form.as_coded())
        incident = s.record.incidents[s.current]
        if name not in incident.values:
            return False  # the editor did not take it (a choice no longer offered)
        self._carried_here().discard(name)
        if name not in incident.suggested:
            incident.suggested.append(name)
        if self._accepting is None:
            self._accepting = set()
        self._accepting.add(name)
        form.post_message(CodebookForm.Changed(form, form.rows[name].field))
        self.show_suggestions()
        if (widget := cast(Widget, form.editors[name])).display:
            widget.refresh()
        return True
