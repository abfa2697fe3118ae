"""F9 on the coding screen: the article's incidents side by side (`incident_table`).

The table screen and Textual's DataTable are imported when F9 is first pressed, not with the
coding screen: DataTable is ~5 ms of the first frame's imports, for a screen most sessions open
seldom or never.
"""

from __future__ import annotations

from coder.tui.coding.next_required import NextRequiredMixin


class IncidentTableMixin(NextRequiredMixin):
    """F9 on the coding screen."""

    def action_incident_table(self) -> None:
        s = self.session
        if s.current is None or self._incident_form is None:
            self.notify("No incidents yet: ctrl+n adds one.", timeout=2)
            return
        self.sync()
        field = self.focused_field()
        start = (s.current, field.name if field is not None and field.scope == "incident" else None)

        def closed(result: tuple[int, str] | None) -> None:
            self.show_incident()  # the form shows what the fills changed
            self.refresh_header()
            if result is not None:
                self._go_incident(result[0])
                if (form := self._incident_form) is not None:
                    form.focus_field(result[1] or None)
            self.save_in_background()

        from coder.tui.coding.incident_table import IncidentTable

        self.app.push_screen(IncidentTable(self, start), closed)
