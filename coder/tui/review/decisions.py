"""The disagreement walk's decisions: every key acts on the row under the cursor and is saved to
coding/gold.json at once (coder.gold.store via the ReviewSession).

1..9 take that coder's value, e types a new one (parsed and checked with codebook.values against the
field and the article), a accepts every value the coders already agree on, k / x keep or drop an
incident, f flags the unit as a codebook problem, backspace undoes. A decision that settles the
disagreement shown moves on by itself to the next unsettled one (`_saved`): one key per decision
when adjudicating hundreds.
"""

from __future__ import annotations

from coder.codebook.values import check_value, format_value, parse_value
from coder.errors import CoderError
from coder.gold.store import INCIDENT
from coder.tui.dialogs.prompt import PromptScreen
from coder.tui.review.disagreement_view import DisagreementView, short_value
from coder.tui.review.value_table import ValueTable


class DecisionMixin(DisagreementView):
    """The keys that write gold decisions, and how the walk moves on after one."""

    def _saved(self, what: str, was_open: bool = False) -> None:
        """Redraw after a change; when a decision settled the disagreement shown (`was_open`
        before it), move on to the next unsettled one, or say that none is left."""
        self._last = what + " · ⌫ undoes it" if "removed" not in what else what
        if not was_open or self._open_now():
            self.show_item()
            return
        found = self.session.next_unsettled(self.items, self.index)
        if found is None:
            self.show_item()
            return
        self.index = found
        self.show_item(focus_field=True)

    def action_take(self, k: int) -> None:
        unit, field = self.item.unit, self._row()
        if field is None:
            return
        if not 1 <= k <= len(unit.coders):
            self.notify(f"There is no coder {k} here.", severity="warning")
            return
        coder = unit.coders[k - 1]
        if field != INCIDENT and coder not in unit.cells:
            self.notify(f"{coder} did not record this incident.", severity="warning")
            return
        was_open = self._open_now()
        try:
            decision = self.session.take(unit, field, coder)
            self._history.append((self.index, field))
        except CoderError as error:
            self.notify(str(error), severity="error")
            return
        if field == INCIDENT:
            what = f"incident {'kept' if decision.value else 'dropped'} ({coder}'s view)"
        else:
            f = self.session.ready.field(unit, field)
            shown = (
                "(empty)" if f is None or decision.value is None else short_value(f, decision.value)
            )
            what = f"{field} = {shown} ({coder}'s)"
        self._saved(what, was_open)

    def action_incident(self, keep: bool) -> None:
        unit = self.item.unit
        if unit.scope != "incident":
            self.notify("k / x keep or drop an incident; this is the article's own values.")
            return
        was_open = self._open_now()
        try:
            self.session.gold.accept_incident(unit.key, keep, unit.based_on(INCIDENT))
            self._history.append((self.index, INCIDENT))
        except CoderError as error:
            self.notify(str(error), severity="error")
            return
        self._saved("incident kept" if keep else "incident dropped", was_open)

    def action_accept_agreed(self) -> None:
        was_open = self._open_now()
        try:
            n = self.session.accept_agreed(self.item.unit)
        except CoderError as error:
            self.notify(str(error), severity="error")
            return
        self._saved(f"accepted {n} agreed value(s)", was_open)

    def action_undo(self) -> None:
        """Undo the decision on the row under the cursor; on a row without one (the walk has
        just moved on), undo the last decision taken in this walk and go back to it."""
        field = self._row()
        if field is not None and self.session.gold.get(self.item.unit.key, field) is not None:
            self._undo(self.index, field)
            return
        while self._history:
            index, field = self._history.pop()
            if self.session.gold.get(self.items[index].unit.key, field) is not None:
                self.index = index
                self.show_item(focus_field=True)
                self.query_one(ValueTable).focus_field(field)
                self._undo(index, field)
                return
        self.notify("No decision on this row to undo.")

    def _undo(self, index: int, field: str) -> None:
        try:
            self.session.gold.undo(self.items[index].unit.key, field)
        except CoderError as error:
            self.notify(str(error), severity="error")
            return
        shown = "incident" if field == INCIDENT else field
        self._saved(f"{shown}: decision removed")

    def action_edit(self) -> None:
        unit, name = self.item.unit, self._row()
        if name is None or name == INCIDENT:
            self.notify("Use k / x to keep or drop the incident.")
            return
        f = next(x for x in self.session.ready.fields(unit) if x.name == name)
        article = self.session.articles.get(unit.article)
        text = article.text if article is not None else None
        current, _ = self.session.ready.gold_value(unit, name, self.session.fresh())

        def check(raw: str) -> str | None:
            try:
                value = parse_value(f, raw)
            except ValueError as exc:
                return str(exc)
            return None if value is None else check_value(f, value, text)

        def done(raw: str | None) -> None:
            if raw is None:
                return
            value = parse_value(f, raw)
            was_open = self._open_now()
            try:
                self.session.edit(unit, name, value)
                self._history.append((self.index, name))
            except CoderError as error:
                self.notify(str(error), severity="error")
                return
            shown = "(empty)" if value is None else short_value(f, value)
            self._saved(f"{name} = {shown} (typed)", was_open)

        hint = "enter: save · esc: cancel · empty: gold leaves it empty"
        if f.has_choices:
            hint = "choices: " + ", ".join(str(c.value) for c in f.choices)[:200] + "\n" + hint
        initial = "" if current is None else format_value(f, current)
        self.app.push_screen(
            PromptScreen(f"Gold value of {f.label} ({name})", initial, check, hint), done
        )

    def action_flag(self) -> None:
        unit = self.item.unit
        old = self.session.gold.flags().get(unit.key)

        def done(note: str | None) -> None:
            if note is None:
                return
            try:
                self.session.gold.flag(unit.key, note)
            except CoderError as error:
                self.notify(str(error), severity="error")
                return
            self._saved("flag removed" if not note.strip() else "flagged as a codebook problem")

        self.app.push_screen(
            PromptScreen(
                f"Codebook problem in {unit.title}: what do the rules not settle?",
                old.note if old else "",
                hint="enter: save · esc: cancel · empty: remove the flag",
            ),
            done,
        )
