"""Incidents on the coding screen: add, duplicate, delete, move between them; ctrl+z.

One incident form is reused for every incident (see coding_view): moving saves what the form holds
into the session, autosaves, and loads the other incident's values. Any change to the list clears
the error marks (they are numbered by incident) and saves in the background.
"""

from __future__ import annotations

from coder.tui.coding.incident_bar import IncidentBar
from coder.tui.coding.saving import SaveMixin
from coder.tui.coding.session import ErrorMap
from coder.tui.dialogs.confirm import ConfirmScreen


class IncidentMixin(SaveMixin):
    """The incident actions (ctrl+n, ctrl+t, F8, ctrl+up/down) and the incident bar's clicks."""

    def on_incident_bar_selected(self, event: IncidentBar.Selected) -> None:
        if event.index < 0:
            self.action_new_incident()
        else:
            self._go_incident(event.index)

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
        s = self.session
        self.undo.before_change(s.record, s.current, f"new incident {len(s.record.incidents) + 1}")
        s.add_incident()
        self._after_incident_change()

    def action_duplicate_incident(self) -> None:
        s = self.session
        if s.current is None or self._readonly_refused():
            return
        self.sync()
        self.undo.before_change(s.record, s.current, f"copy of incident {s.current + 1}")
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
                self.undo.before_change(s.record, s.current, f"deletion of incident {number}")
                s.delete_incident(s.current)
                self._after_incident_change()
                self.notify(f"Incident {number} deleted (ctrl+z brings it back).", timeout=3)

        self.app.push_screen(
            ConfirmScreen(f"Delete incident {number} of {len(s.record.incidents)}?"), confirmed
        )

    def _after_incident_change(self) -> None:
        self.undo.settled(self.session.record, self.session.current)
        self.errors = ErrorMap()
        self.show_incident()
        self.refresh_header()
        if (form := self._incident_form) is not None and self.session.current is not None:
            form.focus_field()
        self.save_in_background()

    def action_undo(self) -> None:
        """ctrl+z: put the record back as it was before the last change (coder/tui/coding/undo)."""
        if self._readonly_refused():
            return
        s = self.session
        snap = self.undo.undo(s.record)
        if snap is None:
            self.notify("Nothing to undo in this article.", timeout=2)
            return
        s.current = snap.current
        self.undo.settled(s.record, s.current)
        s.touch()
        if (form := self._article_form) is not None:
            form.load(s.record.values, s.scratch_for(None), s.record.as_coded)
        self.errors = ErrorMap()
        self.show_incident()
        self.refresh_header()
        if snap.edited is not None:
            self._focus_edited(*snap.edited)
        elif (
            s.current is None
            and self._incident_form is not None
            and self._incident_form.has_focus_within
        ):
            self._focus_start()
        stop = "" if snap.what.endswith((".", "?", "!")) else "."  # a label may be a question
        self.notify(f"Undone: {snap.what}{stop}", timeout=2, markup=False)
        self.save_in_background()

    def _focus_edited(self, form_id: str | None, name: str) -> None:
        """Put the cursor in the field an undone edit changed: the coder may have moved on to
        another field (or incident) since, and should see what ctrl+z took back."""
        form = self._form(form_id) if form_id is not None else None
        if form is not None and name in form.rows and form.rows[name].display:
            form.focus_field(name)
