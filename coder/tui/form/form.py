"""CodebookForm: the form for one scope (article or incident), built once from a tuple of Fields.

The form is mounted once per screen and reused for every article and incident: `load()` puts
values into the existing editors and `collect()` reads them back, so switching is cheap and no
widget is ever recomposed. It posts one message upward, `CodebookForm.Changed`, whatever editor
changed ("attributes down, messages up"); the screen decides what a change means (dirty state,
autosave). `when` fields are hidden with `display`, never unmounted, so typing is never lost.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Checkbox, Input, TextArea

from coder.codebook.model import Field
from coder.codebook.rules import fitting_choices, tied_fields
from coder.codebook.values import check_value, is_empty, normalize_quote, parse_value
from coder.places import Near, Place
from coder.textsafe import clean
from coder.tui.form.choice_list import ChoiceEditor, ChoiceSlot, PickChanged
from coder.tui.form.editors import FieldEditor, make_editor
from coder.tui.form.field_row import FieldRow, dom_order
from coder.tui.form.form_scroll import FormScroll
from coder.tui.form.place_editor import PlaceEditor
from coder.tui.textual_compat import SteadyContainerSize

_EDITOR_MESSAGES: tuple[type[Message], ...] = (
    Input.Changed,
    PickChanged,
    Checkbox.Changed,
    TextArea.Changed,
)
EDITOR_MESSAGES = _EDITOR_MESSAGES
"""The messages an editor posts when its value changes (a caller setting a value itself can
`prevent` them and post one `CodebookForm.Changed`)."""


class CodebookForm(SteadyContainerSize, Vertical):
    """All editors for one tuple of Fields; see the module docstring."""

    BLANK = True  # see `BLANK_CONTAINERS`

    class Changed(Message):
        """A coder changed a value in this form (never sent by `load`)."""

        def __init__(self, form: CodebookForm, field: Field) -> None:
            super().__init__()
            self.form = form
            self.field = field

        @property
        def control(self) -> CodebookForm:
            return self.form

    @property
    def _focus_sort_key(self) -> tuple[int, int]:
        return dom_order(self)

    def __init__(self, fields: tuple[Field, ...], *, id: str | None = None) -> None:
        super().__init__(id=id, classes="codebook-form")
        self.fields = fields
        prefix = id or "form"
        self.editors: dict[str, FieldEditor] = {}
        self.rows: dict[str, FieldRow] = {}
        for f in fields:
            editor = make_editor(f, id=f"{prefix}--{f.name}")
            self.editors[f.name] = cast(FieldEditor, editor)
            self.rows[f.name] = FieldRow(f, editor)
        self._ties = tied_fields(fields)
        """{field: fields whose choices it filters} (`when:` on a choice)."""
        self._controllers = {f.when.field for f in fields if f.when is not None} | set(self._ties)
        for name in self._controllers:
            if name in self.editors:
                self.editors[name].value_hook = self.update_conditions
        for place_editor in self.editors.values():
            if isinstance(place_editor, PlaceEditor):
                place_editor.picked_hook = self._place_chosen
                place_editor.near_hook = self._place_near
        self._article_text: str | None = None
        self._normalized: str | None = None

    def compose(self) -> ComposeResult:
        yield from self.rows.values()

    # -- attributes down ---------------------------------------------------------------------

    @property
    def article_text(self) -> str | None:
        """Text quotes are checked against (set by the screen for each article)."""
        return self._article_text

    @article_text.setter
    def article_text(self, text: str | None) -> None:
        self._article_text = text
        self._normalized = None

    def _quote_found(self, quote: str) -> bool:
        """Whitespace-insensitive containment, normalising the article once (4 MB: ~0.5 s)."""
        if self._article_text is None:
            return True
        if self._normalized is None:
            self._normalized = normalize_quote(self._article_text)
        return normalize_quote(quote) in self._normalized

    def load(
        self,
        values: Mapping[str, Any],
        scratch: Mapping[str, str] | None = None,
        as_coded: Mapping[str, str] | None = None,
    ) -> None:
        """Show `values` (canonical) and `scratch` (unparsed text, wins over the value);
        `as_coded`: the names places were chosen by (kept with the record, see `as_coded()`)."""
        scratch = scratch or {}
        with self.prevent(*_EDITOR_MESSAGES):
            self._offer_every_choice()
            for name, editor in self.editors.items():
                if editor.typed and name in scratch:
                    editor.set_raw(scratch[name])
                else:  # a hand-edited database may hold escapes: shown as data only
                    editor.set_value(shown_value(values.get(name)))
                if isinstance(editor, PlaceEditor) and as_coded and name in as_coded:
                    editor.show_seen(clean(as_coded[name]))
        self.clear_errors()
        self.update_conditions(keep_values=True)

    def _offer_every_choice(self) -> None:
        """Before values are loaded, a tied list offers all its choices again: it still offers
        those that fit the last record shown, and a value set into a list that lacks it is lost
        ("armed_clash" loaded after an abduction was shown as not coded, and the next save
        dropped it). `update_conditions` narrows the lists again after the load."""
        for dependents in self._ties.values():
            for name in dependents:
                editor = self.editors.get(name)
                if isinstance(editor, ChoiceEditor):
                    editor.offer(editor.field.choices, keep_value=True)

    def collect(self) -> tuple[dict[str, Any], dict[str, str]]:
        """(values that parse, raw text that does not) for the fields that currently apply."""
        values: dict[str, Any] = {}
        raw: dict[str, str] = {}
        for f in self.fields:
            value, text, _ = self._read(f)
            if text is not None:
                raw[f.name] = text
            elif not is_empty(value):
                values[f.name] = value
        # Drop fields whose `when` does not hold; repeat so chains of conditions settle.
        changed = True
        while changed:
            changed = False
            for f in self.fields:
                if not f.applies(values) and (f.name in values or f.name in raw):
                    values.pop(f.name, None)
                    raw.pop(f.name, None)
                    changed = True
        return values, raw

    def as_coded(self) -> dict[str, str]:
        """{place field: the name or alternate name its place was chosen by} for the place
        fields that show a chosen place ("Daqouq" for Daquq): stored beside the id."""
        return {
            name: editor.seen
            for name, editor in self.editors.items()
            if isinstance(editor, PlaceEditor) and editor.seen and self.rows[name].display
        }

    def _place_chosen(self, field: Field, place: Place) -> None:
        """A place was chosen: fill the field's `precision_field` (coder.codebook.place_keys)
        in the same edit. The precision editor is set with its messages held back and one
        Changed for the place field follows, so the screen records place and precision as one
        edit (one ctrl+z puts both back). The coder may change the precision afterwards."""
        code = field.precision_code(place.kind)
        target = self.editors.get(field.precision_field or "")
        if code is not None and target is not None:
            with self.prevent(*_EDITOR_MESSAGES):
                target.set_value(code)
            self.rows[target.field.name].set_error(None)
            if target.field.name in self._controllers:
                self.update_conditions()
        self.post_message(self.Changed(self, field))

    def _place_near(self, field: Field) -> Near:
        """The province and district answered so far in this form, in the fields the place
        `field` declares (`area_fields: {admin1: province, admin2: district}`, see
        coder.codebook.place_keys), as every spelling the gazetteer may know them by (a choice's
        label and value, the text typed), for its candidates to list the places inside them
        first. Hidden fields do not count."""
        found: dict[str, list[str]] = {"admin1": [], "admin2": []}
        for level, name in field.area_fields:
            editor = self.editors.get(name)
            if editor is None or name == field.name or not self.rows[name].display:
                continue
            raw = editor.get_raw()
            choice = editor.field.choice(raw) if editor.field.type == "choice" else None
            if choice is not None:
                found[level] += [choice.label, str(choice.value)]
            elif isinstance(raw, str) and raw.strip():
                found[level].append(raw)
        return Near(province=tuple(found["admin1"]), district=tuple(found["admin2"]))

    def _read(self, f: Field) -> tuple[Any, str | None, str | None]:
        """(value, unparsed text, parse error) of one editor."""
        editor = self.editors[f.name]
        if isinstance(editor, PlaceEditor) and (kept := editor.kept_typed()) is not None:
            return kept, None, None  # stored as typed, as it is: never resolved unchosen
        got = editor.get_raw()
        if not editor.typed:
            return got, None, None
        text = cast(str, got)
        if not text.strip():
            return None, None, None
        try:
            return parse_value(f, text), None, None
        except ValueError as error:
            return None, text, str(error)

    def check_field(self, name: str) -> str | None:
        """The problem with one field as typed now (not `required`: that waits for "done")."""
        f = next(f for f in self.fields if f.name == name)
        value, _, error = self._read(f)
        if error is not None:
            return self._said_here(name, error)
        if is_empty(value):
            return None
        if f.type == "quote":
            problem = check_value(f, value, None)
            if problem is None and not self._quote_found(value):
                problem = "this passage does not appear in the article"
            return problem
        return check_value(f, value, self.article_text)

    def update_conditions(self, keep_values: bool = False) -> None:
        """Show exactly the fields whose `when` holds, and in each list tied to another answer
        only the choices that fit it (clearing a value that no longer does, unless the values
        were just loaded: `keep_values`)."""
        values, _ = self.collect()
        for dependents in self._ties.values():
            for name in dependents:
                editor = self.editors.get(name)
                if isinstance(editor, ChoiceEditor):
                    f = editor.field
                    if editor.offer(fitting_choices(f, values), keep_value=keep_values):
                        values.pop(name, None)
        for f in self.fields:
            if f.when is not None:
                self.rows[f.name].display = f.applies(values)

    def show_errors(self, errors: Mapping[str, str]) -> None:
        for name, row in self.rows.items():
            error = errors.get(name)
            row.set_error(None if error is None else self._said_here(name, error))

    def _said_here(self, name: str, error: str) -> str:
        """`error` as the form says it: a place name of several places says how to choose
        one in the field instead of asking for the gazetteer id (`PlaceEditor.several_places`),
        text typed while the gazetteer cannot be read how to keep it as typed, and a place kept
        as typed, the gazetteer back, to choose it from the field's list."""
        editor = self.editors.get(name)
        if isinstance(editor, PlaceEditor):
            hint = editor.several_places() or editor.unreadable_hint() or editor.unplaced_hint()
            return hint or error
        return error

    def clear_errors(self) -> None:
        for row in self.rows.values():
            row.set_error(None)

    def show_suggestions(self, lines: Mapping[str, str]) -> None:
        """The suggestion line of each field in `lines`; every other field's is hidden."""
        for name, row in self.rows.items():
            row.set_suggestion(lines.get(name))

    def is_blank(self, name: str) -> bool:
        """Nothing entered in the field (no value, no half-typed text)."""
        f = self.rows[name].field
        value, text, _ = self._read(f)
        return text is None and is_empty(value)

    def visible_editors(self) -> list[FieldEditor]:
        return [self.editors[n] for n, row in self.rows.items() if row.display]

    def first_quote_editor(self) -> FieldEditor | None:
        for editor in self.visible_editors():
            if editor.field.type == "quote":
                return editor
        return None

    def focus_field(self, name: str | None = None) -> None:
        """Focus `name`, or the first visible field."""
        targets = self.visible_editors()
        if name is not None:
            targets = [e for e in targets if e.field.name == name] or targets
        if targets:
            editor = cast(Widget, targets[0])
            editor.focus()
            # Focus scrolls to where the field was before this change's layout: after F6 fills
            # a dozen fields (their suggestion lines gone) that place is rows away, and the
            # cursor sat off screen. Scroll the whole row, label included, once laid out.
            row = next((a for a in editor.ancestors if isinstance(a, FieldRow)), editor)
            self.call_after_refresh(row.scroll_visible, animate=False)

    # -- messages up -------------------------------------------------------------------------

    def _editor_for(self, widget: Widget | None) -> FieldEditor | None:
        node: Any = widget
        while node is not None and node is not self:
            if isinstance(node, FieldEditor):
                return node
            node = node.parent
        return None

    def _changed(self, event: Message, widget: Widget) -> None:
        editor = self._editor_for(widget)
        if editor is None:
            return
        event.stop()
        if editor.field.name in self._controllers:
            self.update_conditions()
        row = self.rows[editor.field.name]
        if row.has_class("-invalid") and self.check_field(editor.field.name) is None:
            row.set_error(None)
        self.post_message(self.Changed(self, editor.field))

    def on_input_changed(self, event: Input.Changed) -> None:
        self._changed(event, event.input)

    def on_pick_changed(self, event: PickChanged) -> None:
        self._changed(event, event.editor)

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        self._changed(event, event.checkbox)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self._changed(event, event.text_area)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        editor = self._editor_for(event.widget)
        if editor is not None and editor.field.name in self.rows:
            row = self.rows[editor.field.name]
            row.show_focus(True)
            # Textual scrolls the editor into view; its label is drawn above it, in the row's
            # top rows: a shift+Tab to a field above the pane showed the list without its
            # label. The row, label included, is brought into view (in the same frame).
            if row.region and row.region.y < self._pane_top():
                row.scroll_visible(animate=False, immediate=True)

    def _pane_top(self) -> int:
        """The first screen row the form's scrolling pane shows."""
        pane = self.parent
        return pane.content_region.y if isinstance(pane, Widget) else 0

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        """Inline validation as the coder leaves a field."""
        editor = self._editor_for(event.widget)
        if editor is not None and editor.field.name in self.rows:
            row = self.rows[editor.field.name]
            row.show_focus(False)
            row.set_error(self.check_field(editor.field.name))


BLANK_CONTAINERS = (FieldRow, CodebookForm, FormScroll, ChoiceSlot)
"""Containers drawn as blank rows of their background (`Widget.BLANK`, coder/tui/blank.py): no
border and no content, only children. ~100 of them in the form, all inside the area a Tab
repaints (from its field down to the help line at the bottom of the pane)."""


def shown_value(value: Any) -> Any:
    """A stored value as the form may show it: text through `coder.textsafe.clean`."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, list):
        return [clean(v) if isinstance(v, str) else v for v in value]
    return value
