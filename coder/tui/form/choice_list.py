"""Pick-from-list editors that never move the focus: `ChoiceEditor` (one of, incl. yes/no) and
`MultiEditor` (a checklist), both inline OptionLists.

Why not Textual's Select: it opens an overlay and moves the focus there with a deferred
`call_later`, so keys typed faster than the UI redraws (a fast typist, an SSH burst, a paste)
went to the wrong widget and were lost. Here every key is handled by the focused widget itself,
synchronously, and `enter` moves the focus on at once, so a burst such as `down enter 2020-09-07`
always codes the choice and types the date into the next field.

ChoiceEditor: one line (the current value) when not focused; focused it opens over the rows below it
(at most 10 rows, scrolling) and what is highlighted IS the value: up/down set it, the first row
"(not coded)" clears it, letters jump to the first label starting with (else containing) what was
typed (letters that match nothing leave the cursor and say so), digits pick the n-th choice (unless
some label starts with a digit), a click picks, delete/backspace clear it, enter moves to the next
field like tab. Each choice shows its number beside it; with ten choices or more two digits typed
within a second pick the tenth and after ("1", "3": the 13th). In the coding app a number that no
further digit can extend also moves to the next field (`moves_on_after`): "3" picks and moves on,
one key per answer. A choice tied to another field's answer (`when:` on a choice) is offered only
while that answer fits (`offer`).

Opening a list moves nothing else: the editor sits in a `ChoiceSlot`, one row of fixed height in
its field row, and the open list is an overlay (app.tcss) laid over the fields below. When the
list grew inline, every Tab into or out of it changed the height of its row, the form and the
form's scroll area, so Textual laid out the form again, repainted every row below (they had
moved) and the form's scroll bar: 60-90 ms of CPU per Tab. Now Textual re-arranges only the slot
and repaints only the rows the list covers or uncovers (`tests/tui/test_choice_overlay.py`).
The focus never moves to the overlay: it is the focused editor itself.

MultiEditor: every choice on its own row with an unmistakable `[x]` / `[ ]` marker (ticked labels
bold); space or a click ticks, digits tick the n-th choice (two digits for the tenth and after),
letters move the cursor, enter moves on. It shows up to 14 choices without scrolling.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.containers import Container
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from coder.codebook.model import Choice, Field
from coder.tui.form.field_editor import FieldEditor
from coder.tui.textual_compat import (
    SteadyScrollSize,
    find_next_enabled_no_wrap,
    own_component_classes,
)

NOT_CODED = "(not coded)"
_WORDS = re.compile(r"\w+")

EXPANDED_ROWS = 10
"""Rows a focused ChoiceEditor shows at most (`max-height` in app.tcss); a longer list scrolls."""

SEARCH_PAUSE = 1.0
"""Seconds after which typed letters start a new search instead of extending the last one."""


class ChoiceHighlighted(Message):
    """The cursor of a pick-from-list editor is on the choice with `value` (None: "not coded");
    the screen shows that choice's help under the field's. `unmatched`: letters the coder typed
    that no choice matches (the cursor stayed where it was), shown as a warning so a name typed
    into the wrong field ("daquq", a district, in Province) is not silently left on a province."""

    def __init__(self, field: Field, value: Any, unmatched: str = "") -> None:
        super().__init__()
        self.field = field
        self.value = value
        self.unmatched = unmatched


class PickChanged(Message):
    """The coder changed the value of a pick-from-list editor (never sent by `set_value`)."""

    def __init__(self, editor: _PickList) -> None:
        super().__init__()
        self.editor = editor

    @property
    def control(self) -> _PickList:
        return self.editor


class _PickList(SteadyScrollSize, OptionList):
    """OptionList with type-to-jump, digits, no wrap-around, and enter = next field."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "option-list--option",
        "option-list--option-highlighted",
        "option-list--option-hover",
    }
    """OptionList's, less those of disabled options and separators, which these lists never
    have: Textual styles every component class of a widget again at each change of its focus
    (a virtual node each), so two fewer of five on every Tab into and out of a list."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "leave", "Next field", show=False),
        Binding("up", "cursor_up", show=False),
        Binding("down", "cursor_down", show=False),
    ]

    field: Field
    labels: list[str]
    """Label of each row (for type-to-jump), in row order."""
    values: list[Any]
    """Choice value of each row (None for "(not coded)"), in row order."""
    first_choice = 0
    """Row of the first codebook choice (1 when row 0 is "(not coded)")."""

    def _init_search(self) -> None:
        self._search = ""
        self._search_at = 0.0
        self._digits = ""
        self._digits_row: int | None = None
        starts_with_digit = any(label[:1].isdigit() for label in self.labels[self.first_choice :])
        self._digits_pick = not starts_with_digit

    def _number(self, row: int) -> Content:
        """The key beside a choice: its number (right-aligned when there are ten or more)."""
        if not self._digits_pick:
            return Content("")
        n = row - self.first_choice + 1
        width = len(str(len(self.labels) - self.first_choice))
        return Content.styled(f"{n:>{width}} ", "$text-muted")

    def action_leave(self) -> None:
        self.screen.focus_next()

    def action_cursor_up(self) -> None:
        self.highlighted = find_next_enabled_no_wrap(self.options, self.highlighted, -1)

    def action_cursor_down(self) -> None:
        self.highlighted = find_next_enabled_no_wrap(self.options, self.highlighted, 1)

    def on_key(self, event: events.Key) -> None:
        char = event.character
        if not event.is_printable or char is None or char == " ":
            self._digits = ""  # any other key ends a number: "1", down, "2" is 1 then 2
            return
        n = len(self.labels) - self.first_choice
        # When the key was read, not when it is handled: keys typed ahead on a busy machine
        # are handled later, but two digits typed together are still one number.
        now = event.time
        if char.isdigit() and self._digits_pick:
            typed = self._digits + char if now - self._search_at <= SEARCH_PAUSE else char
            if not 1 <= int(typed) <= n:
                typed = char
            if 1 <= int(typed) <= n:
                event.stop()
                event.prevent_default()
                undo = self._digits_row if len(typed) > 1 else None
                self._digits, self._search_at, self._search = typed, now, ""
                self._digits_row = self.first_choice + int(typed) - 1
                self.digit(self._digits_row, undo)
                if self.moves_on_after(int(typed), n):
                    self.screen.focus_next()
            return
        self._digits = ""
        if now - self._search_at > SEARCH_PAUSE:
            self._search = ""
        typed = self._search + char
        row = self._find(typed)
        if row is None and not char.isalnum():
            return  # e.g. "?" (help) when no label contains it
        event.stop()
        event.prevent_default()
        self._search_at, self._search = now, typed
        if row is None:
            # The cursor stays and the coder is told. Starting a new search from this letter
            # (as before) turned "daquq" typed into Province into Qadisiyah, with no sign.
            value = self.values[self.highlighted] if self.highlighted is not None else None
            self.post_message(ChoiceHighlighted(self.field, value, unmatched=typed))
            return
        self.highlighted = row

    def _find(self, typed: str) -> int | None:
        """The first row whose label starts with `typed`, else whose value starts with it
        ("isis", "state" for state_forces), else with a word of its label starting with it
        ("da" for "ISIS / Islamic State / Daesh"), else whose label contains it (case-blind).

        Word starts come before substrings so that the letters a coder types as the start of a
        name find that name, not a label that merely contains them."""
        wanted = typed.casefold()
        labels = [label.casefold() for label in self.labels]
        values = ["" if v is None else str(v).casefold() for v in self.values]
        rows = range(self.first_choice, len(labels))
        tests: tuple[Callable[[int], bool], ...] = (
            lambda row: labels[row].startswith(wanted),
            lambda row: values[row].startswith(wanted),
            lambda row: any(w.startswith(wanted) for w in _WORDS.findall(labels[row])),
            lambda row: wanted in labels[row],
        )
        for test in tests:
            for row in rows:
                if test(row):
                    return row
        return None

    def digit(self, row: int, undo: int | None = None) -> None:
        """Pick `row` by its number; `undo` is the row the first of two digits picked."""
        self.highlighted = row

    def moves_on_after(self, number: int, count: int) -> bool:
        """Whether picking choice `number` of `count` by its digits also moves to the next field:
        never in a checklist (the coder may tick more)."""
        return False

    def _picked(self) -> None:
        hook = getattr(self, "value_hook", None)
        if hook is not None:
            hook()
        self.post_message(PickChanged(self))

    def _highlight_help(self, value: Any) -> None:
        if self.has_focus:
            self.post_message(ChoiceHighlighted(self.field, value))


own_component_classes(_PickList)


class ChoiceSlot(Container):
    """The one row a ChoiceEditor takes in its field row, whether its list is open or not.

    Its height is fixed (app.tcss), so when the focused editor opens as an overlay the layout
    Textual does stops here: a container of fixed size keeps its place, and the arrangement of
    the field row, the form and the scroll area above it stays cached (Textual clears cached
    arrangements upward only through containers whose size depends on their content)."""

    BLANK = True  # drawn as its background (coder.tui.form.form.BLANK_CONTAINERS)


class ChoiceEditor(_PickList, FieldEditor):
    """`choice`, and `boolean` without a default (Yes / No): see the module docstring."""

    typed: ClassVar[bool] = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("delete,backspace", "clear", "Not coded", show=False),
    ]

    def __init__(
        self, field: Field, items: Sequence[tuple[str, Any]] | None = None, **kwargs: Any
    ) -> None:
        if items is None:
            items = [(c.label, c.value) for c in field.choices]
        self.field = field
        self._set_items(items)
        self._row = 0
        self._renders_by_width: dict[int, Any] = {}
        super().__init__(*self._build_options(), compact=True, **kwargs)
        self._mark_fits()

    _lines_width: int | None = None

    def _clear_caches(self) -> None:
        """The options changed (or OptionList's own reasons): rows kept for the other width go."""
        self._renders_by_width.clear()
        super()._clear_caches()

    def on_resize(self, event: events.Resize) -> None:
        """Keep the rendered rows when only the height changed (the list opening or closing):
        OptionList's own (private) handler, which runs after this one unless prevented, renders
        every option again on any resize, though a row's rendering depends only on the width.

        A long list is one cell narrower open (its scroll bar) than closed (Textual keeps no
        gutter while its overflow is hidden), so each Tab into or out of it rendered every
        choice again: the rows rendered at each of its widths are kept instead, and swapped in
        (every row is one line at any width, so the row positions stay)."""
        width = self.scrollable_content_region.width
        if self._lines_width is not None:
            event.prevent_default()
            if width != self._lines_width:
                self._renders_by_width[self._lines_width] = self._option_render_cache
                kept = self._renders_by_width.pop(width, None)
                self._option_render_cache = kept or LRUCache(maxsize=2048)  # OptionList's size
                self.refresh()
        self._lines_width = width
        # Opened or closed, and laid out so: the value with its neighbours in the open list, on
        # the one row of the closed one. (Scrolled after the next refresh instead, a list closed
        # by keys typed ahead could be scrolled while still laid out open, and then showed
        # "(not coded)" on its row, though its value was set.)
        self.scroll_to_highlight(top=not self.has_focus)

    def _mark_fits(self) -> None:
        """Class `-fits` when every row shows expanded: app.tcss then gives the focused list no
        scroll bar. Without it, each Tab into a short list laid the whole form out twice: Textual
        decided on the scroll bar from the one-row size, showed it, then took it away."""
        fits = len(self.labels) <= EXPANDED_ROWS
        self.set_class(fits, "-fits")
        self.set_class(not fits, "-long")

    def _set_items(self, items: Sequence[tuple[str, Any]]) -> None:
        self.values: list[Any] = [None, *(value for _, value in items)]
        self.labels = [NOT_CODED, *(label for label, _ in items)]
        self.first_choice = 1
        self._init_search()

    def _build_options(self) -> list[Option]:
        options = [Option(Content.styled(NOT_CODED, "dim italic"))]
        options += [
            Option(self._number(row) + Content(self.labels[row]))
            for row in range(1, len(self.labels))
        ]
        return options

    def offer(self, choices: Sequence[Choice], *, keep_value: bool) -> bool:
        """Show only `choices` (those that fit the other answers now). The value, if it no longer
        fits, is cleared (`keep_value=False`: the coder changed the answer it depends on) or kept
        and listed (a record loaded as stored: validation then says what is wrong). Returns
        whether the value was cleared."""
        value = self.get_raw()
        wanted = list(choices)
        if value is not None and keep_value and not any(c.value == value for c in wanted):
            extra = self.field.choice(value)
            if extra is not None:
                wanted = [c for c in self.field.choices if c in wanted or c is extra]
        if [c.value for c in wanted] == self.values[1:]:
            return False
        self._set_items([(c.label, c.value) for c in wanted])
        with self.prevent(PickChanged):
            self.clear_options()
            self.add_options(self._build_options())
        self._mark_fits()
        cleared = value is not None and not any(
            v == value and type(v) is type(value) for v in self.values[1:]
        )
        self.set_value(None if cleared else value)
        return cleared

    # -- FieldEditor ----------------------------------------------------------------------------

    def get_raw(self) -> Any:
        return self.values[self._row]

    def set_value(self, value: Any) -> None:
        row = next(
            (
                i
                for i, v in enumerate(self.values)
                if i and v == value and type(v) is type(value)  # 1 is not True
            ),
            0,
        )
        self._row = row  # first, so the highlight watcher sees no change by the coder
        self.highlighted = row
        self.scroll_to_highlight(top=True)

    @property
    def value(self) -> Any:
        return self.get_raw()

    def moves_on_after(self, number: int, count: int) -> bool:
        """A number no further digit can extend ("3" of 8, "2" or "12" of 12) is the whole pick:
        the focus moves on at once, as enter would, so a pick is one key, not two. "1" of 12
        waits (it may be the start of "12"): enter or tab then moves on. The coding app turns it
        on (`auto_advance` in the coder's config.json, true unless set to false)."""
        return bool(getattr(self.app, "auto_advance", False)) and number * 10 > count

    def action_clear(self) -> None:
        self._search = ""
        self.highlighted = 0

    # -- the highlight is the value -------------------------------------------------------------

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        if highlighted is None:
            return
        self._highlight_help(self.values[highlighted])
        if highlighted != self._row:
            self._row = highlighted
            self._picked()

    def on_focus(self) -> None:
        # Open now: the whole list in the form (its resize shows the value's neighbours).
        self._make_room()

    def _make_room(self) -> None:
        """Scroll the form (before the list opens: one repaint) so that the open list fits
        under the top of its row in the visible part of the form, not over the help line. Its
        row has not moved (the slot is fixed), so its place on the screen is known already.
        If the form cannot scroll that far, `constrain` (app.tcss) keeps the list on screen."""
        slot, scroller = self.parent, self.parent
        while isinstance(scroller, Widget) and scroller.styles.overflow_y == "hidden":
            scroller = scroller.parent
        if not isinstance(slot, Widget) or not isinstance(scroller, Widget):
            return
        view = scroller.scrollable_content_region
        row = slot.region
        if not view or not row:
            return  # not laid out yet
        rows = min(self.option_count, EXPANDED_ROWS)
        below = row.y + rows - view.bottom
        if below > 0:
            below = min(below, row.y - view.y)  # never past the top of its own row
            scroller.scroll_to(y=scroller.scroll_y + below, animate=False, immediate=True)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()  # a click: it already set the highlight, which is the value

    def on_blur(self) -> None:
        self._search = ""  # (closing, its resize scrolls the value onto its one row)


class MultiEditor(_PickList, FieldEditor):
    """`multi`: a checklist; see the module docstring. The value keeps codebook order."""

    typed: ClassVar[bool] = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "tick", "Tick", show=False),
    ]

    def __init__(self, field: Field, **kwargs: Any) -> None:
        self.field = field
        self.values = [c.value for c in field.choices]
        self.labels = [c.label for c in field.choices]
        self.ticked = [False] * len(self.values)
        self._init_search()
        options = [Option(self._prompt(i)) for i in range(len(self.values))]
        super().__init__(*options, compact=True, **kwargs)

    def _prompt(self, row: int) -> Content:
        if self.ticked[row]:
            return (
                Content.styled("[x] ", "bold $success")
                + self._number(row)
                + Content.styled(self.labels[row], "bold")
            )
        return Content.styled("[ ] ", "dim") + self._number(row) + Content(self.labels[row])

    def _show(self, row: int) -> None:
        self.replace_option_prompt_at_index(row, self._prompt(row))

    # -- FieldEditor ----------------------------------------------------------------------------

    def get_raw(self) -> list[Any] | None:
        chosen = [v for v, on in zip(self.values, self.ticked, strict=True) if on]
        return chosen or None

    def set_value(self, value: Any) -> None:
        wanted = value if isinstance(value, list | tuple) else ()
        for row, v in enumerate(self.values):
            on = any(v == w and type(v) is type(w) for w in wanted)
            if on != self.ticked[row]:
                self.ticked[row] = on
                self._show(row)
        if self.option_count:
            # Each incident starts with the cursor on the first choice; otherwise "down, space"
            # ticks a different choice depending on where the last incident left it.
            self.highlighted = 0

    @property
    def selected(self) -> list[Any]:
        return self.get_raw() or []

    # -- ticking --------------------------------------------------------------------------------

    def action_tick(self) -> None:
        row = self.highlighted
        if row is None:
            return
        self.ticked[row] = not self.ticked[row]
        self._show(row)
        self._picked()

    def digit(self, row: int, undo: int | None = None) -> None:
        if undo is not None:  # "1" toggled the first; "13" means the 13th: toggle it back
            self.ticked[undo] = not self.ticked[undo]
            self._show(undo)
        self.highlighted = row
        self.action_tick()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """A click (enter is `leave` here): tick or untick the clicked choice."""
        event.stop()
        self.action_tick()

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        if highlighted is not None:
            self._highlight_help(self.values[highlighted])
