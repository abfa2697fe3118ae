"""ctrl+r: jump to the next required field that is still empty.

Half the tabs of an incident pass over optional fields the article does not speak to (weapons,
injured, kidnapped, arrested...) on the way to the next answer the codebook insists on. ctrl+r goes
straight there: the next field after the cursor, in form order (article questions, then the
incident), that is shown (`when` holds), required and not coded; round to the first such field
when none follows; a message when none is left (then ctrl+d marks the article done).

`next_empty_required` is the rule without Textual, so benchmarks/bench_keys.py counts the same
jump the screen makes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, cast

from textual.widget import Widget

from coder.codebook.model import Field
from coder.codebook.values import applicable, is_empty
from coder.tui.coding.resume import ResumeMixin
from coder.tui.form import CodebookForm


def next_empty_required(
    fields: Sequence[Field], values: Mapping[str, Any], after: str | None
) -> str | None:
    """The first field after `after` (None: from the start) that applies, is required and has no
    value in `values`; else the first such field before it; None when every one is coded."""
    live = applicable(fields, values)
    wanted = [
        f.name for f in fields if f.required and f.name in live and is_empty(values.get(f.name))
    ]
    names = [f.name for f in fields]
    if after in names:
        position = names.index(after)
        later = [n for n in wanted if names.index(n) > position]
        if later:
            return later[0]
    return wanted[0] if wanted else None


class NextRequiredMixin(ResumeMixin):
    """The ctrl+r action over the article form and the incident form."""

    def action_next_required(self) -> None:
        forms = [f for f in (self._article_form, self._incident_form) if f is not None]
        if self.session.current is None and self._incident_form in forms:
            forms.remove(self._incident_form)
        focused = self.focused_field()
        here = next(
            (i for i, form in enumerate(forms) if focused is not None and focused in form.fields),
            None,
        )
        # Search the focused form from the cursor on, then the others in order, then round to
        # the focused form's start: what "next" means to someone reading down the form.
        order = forms[here:] + forms[:here] if here is not None else forms
        for k, form in enumerate(order):
            after = focused.name if k == 0 and here is not None and focused else None
            name = self._empty_required(form, after)
            if name is not None:
                cast(Widget, form.editors[name]).focus()
                return
        if here is not None and focused is not None:
            name = self._empty_required(forms[here], None)
            if name is not None:
                cast(Widget, forms[here].editors[name]).focus()
                return
        self.notify("Every required field is coded: ctrl+d marks the article done.", timeout=3)

    @staticmethod
    def _empty_required(form: CodebookForm, after: str | None) -> str | None:
        """The form's next empty required field strictly after `after` (None: from its start)."""
        values, raw = form.collect()
        filled = {**values, **dict.fromkeys(raw, "typed")}  # typed, not yet valid: not empty
        name = next_empty_required(form.fields, filled, after)
        if name is None or not form.rows[name].display:
            return None
        names = [f.name for f in form.fields]
        if after in names and names.index(name) <= names.index(after):
            return None
        return name
