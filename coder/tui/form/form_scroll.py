"""FormScroll: the scrolling pane that holds the article and incident forms."""

from __future__ import annotations

from typing import Any

from textual.containers import VerticalScroll
from textual.geometry import Offset, Region, Size
from textual.widget import Widget

from coder.tui.form.choice_list import EXPANDED_ROWS, ChoiceEditor, ChoiceSlot
from coder.tui.form.field_row import FieldRow
from coder.tui.textual_compat import SteadyContainerSize


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
