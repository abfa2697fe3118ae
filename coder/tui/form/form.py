"""CodebookForm: the form for one scope (article or incident), built once from a tuple of Fields.

The form is mounted once per screen and reused for every article and incident: `load()` puts
values into the existing editors and `collect()` reads them back, so switching is cheap and no
widget is ever recomposed. It posts one message upward, `CodebookForm.Changed`, whatever editor
changed ("attributes down, messages up"); the screen decides what a change means (dirty state,
autosave). `when` fields are hidden with `display`, never unmounted, so typing is never lost.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, cast

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.geometry import Offset, Region, Size
from textual.message import Message
from textual.strip import Strip
from textual.style import Style as VisualStyle
from textual.visual import Visual
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Static, TextArea

from coder.codebook.model import Field
from coder.codebook.rules import fitting_choices, tied_fields
from coder.codebook.values import check_value, is_empty, normalize_quote, parse_value
from coder.places import Near, Place
from coder.textsafe import clean
from coder.tui.form.choice_list import EXPANDED_ROWS, ChoiceEditor, ChoiceSlot, PickChanged
from coder.tui.form.editors import FieldEditor, make_editor
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


def _dom_order(widget: Widget) -> tuple[int, int]:
    """Focus order = order in the form, not screen position.

    Textual sorts siblings for tab/`focus_next` by their last laid-out region. A row that was
    just shown (`when` now holds, the first incident's form) has no region yet, so a key that
    arrives before the next repaint (type-ahead) moved the focus to the wrong field.
    """
    parent = widget.parent
    return (parent.children.index(widget) if parent is not None else 0), 0


class FieldRow(SteadyContainerSize, Vertical):
    """Label (with `*` when required), the editor, and an inline error line (mounted with the
    row's first error: most rows never have one, and start-up styles every widget mounted).

    The label is drawn by the row itself, in its top padding (as many rows as the label takes
    at the row's width), not by a Label widget: a widget per field is one more for Textual to
    lay out, style, walk for the focus chain and paint on every Tab (20 fields: 20 of the
    screen's ~140 widgets), and a Label drew its line again from its markup at each change of
    focus. The row keeps the lines of its label at each width and focus, so marking the focused
    field is a repaint of its label rows from what is kept. The rest of the row is blank: its
    children cover it (see `BLANK_CONTAINERS`)."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"field-row--label"}
    """The label's style (app.tcss: muted text), as a child Label of the row had it."""

    @property
    def _focus_sort_key(self) -> tuple[int, int]:
        return _dom_order(self)

    def __init__(self, field: Field, editor: Widget) -> None:
        super().__init__(classes=f"field-row type-{field.type}")
        self.field = field
        self.editor = editor
        self._error: str | None = None
        self._focused = False
        self._labelled = not isinstance(editor, Checkbox)  # a checkbox carries its own label
        self._label_lines: dict[tuple[bool, int], list[Strip]] = {}
        self._label_style: VisualStyle | None = None
        """The style the kept lines were drawn in (Textual keeps one object while it holds)."""
        if self._labelled:
            self.styles.padding = (1, 0, 0, 0)  # the label's rows (`_fit_label`)

    def _label(self, focused: bool) -> Content:
        """The label's text: accented and bold while the field has the focus."""
        label = Content.styled(self.field.label, "bold $accent" if focused else "")
        if self.field.required:
            label = label + Content.styled(" *", "bold $error")
        return label

    def label_lines(self, width: int, focused: bool | None = None) -> list[Strip]:
        """The label's lines at `width` (wrapped as a Label wraps), kept per focus and width."""
        if not self._labelled or width <= 0:
            return []
        focused = self._focused if focused is None else focused
        style = self.get_visual_style("field-row--label")
        if style is not self._label_style and style != self._label_style:
            self._label_lines.clear()  # a new theme or class: drawn again
        self._label_style = style
        key = (focused, width)
        lines = self._label_lines.get(key)
        if lines is None:
            if len(self._label_lines) > 8:  # other widths: drop them
                self._label_lines.clear()
            lines = Visual.to_strips(self, self._label(focused), width, None, style, pad=True)
            self._label_lines[key] = lines
        return lines

    def render_lines(self, crop: Region) -> list[Strip]:
        """The label's lines at the top; blank below, where the children cover the row."""
        rows = self.styles.padding.top if self._labelled else 0
        lines = self.label_lines(self.outer_size.width) if crop.y < rows else []
        blank = Strip.blank(crop.width, self.visual_style.rich_style)
        return [
            lines[y].crop(crop.x, crop.right) if y < len(lines) else blank
            for y in range(crop.y, crop.bottom)
        ]

    def on_resize(self, event: events.Resize) -> None:
        self._fit_label(event.size.width)

    def _fit_label(self, width: int) -> None:
        """Give the label as many rows as it takes at `width` (a long label wraps on a narrow
        screen): a layout only when that number changes."""
        if not self._labelled or width <= 0:
            return
        rows = len(self.label_lines(width, focused=False))
        if rows != self.styles.padding.top:
            self.styles.padding = (rows, 0, 0, 0)

    def compose(self) -> ComposeResult:
        suggestion = Static("", classes="field-suggestion", markup=False)
        if isinstance(self.editor, ChoiceEditor):
            # The open list covers the rows under its slot: the suggestion goes above it, where
            # the coder still sees what ctrl+g would take while choosing.
            yield suggestion
            yield ChoiceSlot(self.editor)  # one fixed row: the open list lays nothing out
        else:
            yield self.editor
            yield suggestion

    def show_focus(self, focused: bool) -> None:
        """Mark the label of the field with the focus, in its text (bold, accent colour): not by
        `:focus-within` on the row (Textual restyled the row with all its descendants on every
        focus change), nor by a class (a restyle); only the label's rows are drawn again, from
        lines kept for each focus, and its size does not change (no layout)."""
        if focused == self._focused:
            return
        self._focused = focused
        rows = self.styles.padding.top if self._labelled else 0
        if rows and self.is_mounted:
            # (refresh takes regions of the content area; the label is above it, in the padding)
            self.refresh(Region(0, -rows, self.outer_size.width, rows))

    def set_suggestion(self, line: str | None) -> None:
        """Show a suggested value beside the editor (dimmed, marked; not a value): None hides.
        Under a typed field, over a choice list (whose open list covers the rows below it)."""
        hint = self.query_one(".field-suggestion", Static)
        if line == getattr(self, "_suggestion", None):
            return
        self._suggestion = line
        hint.update(Content(line or ""))
        hint.set_class(bool(line), "-shown")
        self.set_class(bool(line), "-suggested")

    def set_error(self, message: str | None) -> None:
        if message == self._error:
            return  # (leaving a valid field again: no update, no layout)
        self._error = message
        shown = self.query(".field-error")
        if shown:
            shown.first(Static).update(Content(message or ""))
        elif message:  # the row's first error: its line is built now, not for every row at start
            self.mount(Static(Content(message), classes="field-error", markup=False))
        self.set_class(bool(message), "-invalid")


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
        return _dom_order(self)

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
        and text typed while the gazetteer cannot be read how to keep it as typed."""
        editor = self.editors.get(name)
        if isinstance(editor, PlaceEditor):
            return editor.several_places() or editor.unreadable_hint() or error
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


class FormScroll(SteadyContainerSize, VerticalScroll):
    """The scrolling pane that holds the forms: laid out once per Tab, not twice (see
    SteadyContainerSize), unless its scroll bar appears or goes.

    It scrolls in one step, never animated: a Tab to a field out of view scrolled it smoothly
    (Textual centres the newly focused widget, animated), and every frame of the animation
    laid out and repainted the whole pane: 60-140 ms of CPU for one Tab, and keys typed ahead
    waited for it.

    And at once, not after the next refresh (Textual's default): a Tab to a field out of view
    was painted first where the form was, then scrolled in a second frame that Textual 8.2.8
    paints whole (a scroll after a layout repaints every widget on the screen), then a third
    for the scroll bar. Scrolled while the key is handled, it is one frame (KeyGate)."""

    def scroll_to_region(
        self, region: Region, *, animate: bool = True, immediate: bool = False, **kwargs: Any
    ) -> Offset:
        return super().scroll_to_region(region, animate=False, immediate=True, **kwargs)

    _laid_out_at = 0.0
    """The scroll offset the last layout placed the pane's rows at: their regions are where
    they were then, until the next layout (a scroll is laid out as a layout: `watch_scroll_y`)."""

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        """Every layout of the screen comes here. When it changed the pane's height (the help
        panel under it took the height of a new help) or its content's (a label wrapped to
        another row), the field with the cursor is kept in view, once the layout is done."""
        self._laid_out_at = self.scroll_y
        changed = super()._size_updated(size, virtual_size, container_size, layout)
        if changed:
            self.call_later(self.keep_in_view)
        return changed

    def keep_in_view(self) -> None:
        """Scroll the field with the cursor back into the visible part of the pane if it is
        partly out: its row (label included) when it fits, and an open list whole.

        Textual scrolls to a widget when it gets the focus, against the layout of that moment,
        and never again: on reopening, the help panel took the height of the field's help at a
        later layout, and a label wrapped to two rows once the pane's scroll bar showed, and
        Notes (the last field) or Place stayed under the help panel until a key was typed."""
        focused = self.screen.focused
        view = self.scrollable_content_region
        if focused is None or not view or self not in focused.ancestors or not focused.region:
            return
        field = _extent(focused)
        moved = round(self.scroll_y - self._laid_out_at)  # scrolled since those regions
        room_top, room_bottom = view.y + moved, view.bottom + moved  # (as laid out)
        row = next((a for a in focused.ancestors if isinstance(a, FieldRow)), None)
        top = field.y
        if row is not None and field.bottom - row.region.y <= room_bottom - room_top:
            top = row.region.y  # the label too
        down = max(field.bottom - room_bottom, 0)
        if top - down < room_top:  # the top wins (a field taller than the room, or above it)
            down = top - room_top
        if down:
            self.scroll_to(y=self.scroll_y + down, animate=False, immediate=True)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        """A scroll is laid out as a layout, not as Textual's scroll-only reflow: that one, after
        any layout (every list opening or closing is one), finds every widget on the screen
        changed and repaints all 120x40 cells, and the layout after it, comparing with the map
        from before the scroll, repaints the whole form once more. A layout repaints only the
        rows that moved: the form pane."""
        super().watch_scroll_y(old_value, new_value)
        if round(old_value) != round(new_value):
            self.refresh(layout=True, repaint=False)  # (what moved is repainted anyway)


def _extent(editor: Widget) -> Region:
    """Where `editor` is on the screen, as last laid out: an open choice list is laid out in its
    slot's one row until the layout after its focus, and covers the rows it will open over."""
    slot = editor.parent
    if isinstance(editor, ChoiceEditor) and isinstance(slot, ChoiceSlot) and editor.has_focus:
        return slot.region._replace(height=min(editor.option_count, EXPANDED_ROWS))
    return editor.region


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
