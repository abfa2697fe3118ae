"""Every use of Textual's private API in coder, in one place, checked by one test.

Textual is pinned (pyproject.toml) because coder relies on a few of its internals where no public
hook exists: the fast line wrapper and its wrapped document (a 4 MB article must wrap in a
thread), the enabled-option search of option lists, the message queues that tell when a key has
been fully handled (type-ahead), the bindings a node declares (the help screen), and methods of
`TextArea` and `Widget` that coder's widgets override. Private *modules* are imported only here;
private *attributes and methods* are read through the functions below or, where a widget must
override them, listed in `PRIVATE_HOOKS`. `tests/tui/test_textual_compat.py` checks that each of
them still exists with the shape coder expects, so a Textual upgrade that changes one fails there,
loudly and by name, instead of somewhere in a screen.

A Textual bug coder works around is here too, for the same one-file review (`join_content`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import TYPE_CHECKING, Any

from textual import events
from textual._styles_cache import StylesCache
from textual._widget_navigation import find_next_enabled_no_wrap
from textual._wrap import compute_wrap_offsets
from textual._xterm_parser import XTermParser
from textual.app import App
from textual.binding import Binding
from textual.content import Content
from textual.dom import DOMNode
from textual.geometry import Size, Spacing
from textual.message import Message
from textual.message_pump import MessagePump
from textual.screen import Screen
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import OptionList, TextArea
from textual.widgets.text_area import Document, DocumentNavigator, WrappedDocument

__all__ = [
    "PRIVATE_HOOKS",
    "Document",
    "DocumentNavigator",
    "LoneEscapeParser",
    "SteadyContainerSize",
    "SteadyScrollSize",
    "WrappedDocument",
    "XTermParser",
    "after_refresh",
    "app_exiting",
    "compute_wrap_offsets",
    "declared_bindings",
    "find_next_enabled_no_wrap",
    "forget_dead_styles",
    "forget_stale_queries",
    "has_after_refresh_callbacks",
    "has_queued_messages",
    "install_lone_escape_parser",
    "is_gone",
    "join_content",
    "own_component_classes",
    "parent_of",
    "post_callback",
    "whole_frame",
]


def forget_dead_styles() -> None:
    """Let go of the styles caches of widgets that are gone.

    Textual 8.2.8's `StylesCache.get_inner_outer` is an `lru_cache(1024)` on a method, so its
    keys hold up to 1,024 `StylesCache`s, each with its widget's rendered lines, after their
    widgets were removed (an incident tab, a notification): ~20 KB and ~100 objects per article
    switch, a session that grew until 1,024 were kept. Live widgets add their entry (two Style
    objects) again at their next paint."""
    StylesCache.get_inner_outer.cache_clear()


def forget_stale_queries(root: DOMNode) -> None:
    """Empty the `query_one` caches of `root` and every node under it.

    Textual 8.2.8 keeps each node's `query_one` answers in an LRUCache(1024) keyed by the count
    of changes below that node, so every incident tab added or removed makes the old answers
    unreachable but kept (the widget found, a key tuple and a list each) until 1,024 are: the
    coding screen's grew by ~5 a switch, for ~200 switches, holding removed widgets alive. The
    next `query_one` after this walks once and caches again."""
    root._query_one_cache.clear()
    for node in root.walk_children():
        node._query_one_cache.clear()


def has_queued_messages(node: MessagePump) -> bool:
    """Whether `node` still has messages waiting (a key is handled once its chain is quiet)."""
    return not node._message_queue.empty()


def post_callback(node: MessagePump, callback: Callable[..., Any], *args: Any) -> bool:
    """`node.call_later(callback, *args)` without Textual's signature lookup on each call.

    `call_later` wraps the call in a new `functools.partial`, and Textual counts the parameters
    of every callback it invokes with `inspect.signature` unless the callable carries a cached
    `_param_count`, which a fresh partial never does: ~0.1 ms per call. The key gate posts about
    twenty such callbacks per key (one per node it follows a key through), so a key paid ~2 ms
    for signatures alone. The partial made here says it takes no parameters (as Textual's own
    `count_parameters` would conclude: the arguments are bound). False if `node` is closing."""
    call = partial(callback, *args)
    call._param_count = 0  # type: ignore[attr-defined]  # read by textual._callback
    return node.post_message(events.Callback(callback=call))


def parent_of(node: MessagePump) -> MessagePump | None:
    """The message pump `node` bubbles to (an App's screens have no public `parent`)."""
    return node._parent


def is_gone(node: MessagePump) -> bool:
    """True if `node` will never process the messages queued on it now (its loop has ended:
    closed, removed, or stopped by an error); a node not started yet will still run them."""
    if node._running:
        return False
    return bool(node._closing or node._closed or node._is_mounted)


def has_after_refresh_callbacks(node: Screen[Any]) -> bool:
    """Whether `node` has `call_after_refresh` callbacks still to run."""
    return bool(node._callbacks)


def after_refresh(node: Screen[Any], callback: Callable[[], None], sender: MessagePump) -> None:
    """Run `callback` after `node`'s pending after-refresh callbacks, in order."""
    node._invoke_later(callback, sender)


def app_exiting(app: App[Any]) -> bool:
    """The app is exiting or has no screen left (keys typed now have nowhere to go)."""
    return bool(app._exit or app._closing or not app._screen_stack)


def declared_bindings(node: DOMNode) -> Iterator[tuple[str, Binding]]:
    """(key, binding) for every binding `node` declares, in declaration order (help screen)."""
    yield from node._bindings


class LoneEscapeParser(XTermParser):
    """Textual's terminal parser, except that an escape read on its own is the Escape key.

    Textual waits up to ESCDELAY (100 ms) after an escape for the rest of an escape sequence; a
    key typed within that time is merged with it: "." becomes a bare "." (the escape is lost),
    a letter becomes alt+letter, and at 15 keys a second a run of keys becomes "^" and text. A
    terminal writes an escape sequence (an arrow, alt+x) in one piece, so an escape that arrives
    alone, in a read of its own, is the Escape key: it is reported at once, and the keys after it
    are keys of their own (the find bar's escape, then "." to extend the selection).
    """

    def feed(self, data: str) -> Iterable[Message]:
        yield from super().feed(data)
        if data == "\x1b" and self._timeout_time is not None:
            self._timeout_time = 0.0  # as if ESCDELAY had passed: report the Escape key now
            yield from self.tick()


def install_lone_escape_parser() -> None:
    """Make Textual's Linux driver read keys with `LoneEscapeParser` (idempotent)."""
    from textual.drivers import linux_driver

    setattr(linux_driver, "XTermParser", LoneEscapeParser)  # noqa: B010 (not re-exported)


if TYPE_CHECKING:
    _ScrollViewBase = ScrollView
    _WidgetBase = Widget
else:  # plain mixins: Textual takes CSS and component classes from the first DOMNode base only
    _ScrollViewBase = object
    _WidgetBase = object


class SteadyContainerSize(_WidgetBase):
    """A container whose new size, found by a layout, does not ask for a second layout.

    Textual 8.2.8 stores a container's new virtual (content) size through a reactive that lays
    the whole screen out again: so each Tab into a choice list (it expands, its row and the form
    grow) laid the screen out twice and painted the form three times, the second layout finding
    nothing to change. That second layout matters only when the container scrolls and its scroll
    bar appears or goes (its content then gets narrower or wider); otherwise the size is stored
    without one, as Textual itself does when it lays out for a scroll (`layout=False`).

    Put it first among the bases (`class FieldRow(SteadyContainerSize, Vertical)`).
    """

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        if layout:
            room = size.height - self.styles.gutter.height
            had_bar = self.virtual_size.height > self.size.height - self.styles.gutter.height
            same_bar = had_bar == (virtual_size.height > room)
            if not self.is_scrollable or (
                same_bar and virtual_size.width == self.virtual_size.width
            ):
                layout = False
        return super()._size_updated(size, virtual_size, container_size, layout)


class SteadyScrollSize(_ScrollViewBase):
    """A ScrollView (TextArea, Input, OptionList) that does nothing on a layout that left its
    size alone.

    Textual 8.2.8's ScrollView._size_updated compares the container size the layout passes (its
    parent's) with its own (its size less padding), which differ whenever it has padding or a
    scroll bar. So on every layout of the screen (a choice list expanding on Tab) every
    ScrollView updated its scroll bars, and those that show one (the article, a long list)
    repainted it: the article pane's 37-row scroll bar widened the repainted area to the whole
    screen and the article was drawn again on each Tab. Here a layout that passes exactly what
    the last one did, with our own virtual size and gutter unchanged, is a no-op, as it is for
    widgets that are not ScrollViews.

    Put it first among the bases (`class ArticleText(SteadyScrollSize, TextArea)`); it is not a
    Textual widget itself, so the widget's CSS and component classes are its Textual base's.
    """

    _steady_key: tuple[Size, Size, Size, Size, Spacing] | None = None

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        key = (size, virtual_size, container_size, self.virtual_size, self.styles.gutter)
        if key == self._steady_key:
            return False
        self._steady_key = key
        return super()._size_updated(size, virtual_size, container_size, layout)


def join_content(separator: Content, pieces: Iterable[Content]) -> Content:
    """`separator.join(pieces)`, measured right.

    Textual 8.2.8's `Content.join` starts the cell length it hands the result at the separator's
    own, when the separator has been measured and so has every piece: the result claims one
    separator more than it has. A widget then pads its line that much short, and the terminal
    cells past the line's end are never drawn again (the status header at 120 columns: the
    article list's border stayed at its right end after the list closed). The result is built
    again without a length, so it is measured when asked."""
    joined = separator.join(pieces)
    return Content(joined.plain, list(joined.spans), strip_control_codes=False)


def whole_frame(screen: Screen[Any]) -> list[Strip]:
    """The whole screen drawn now, every line (Textual's compositor): tests compare what the
    partial updates sent to a terminal add up to with it (tests/tui/test_screen_as_sent.py)."""
    return list(screen._compositor.render_strips())


def own_component_classes(cls: type[DOMNode]) -> None:
    """Give `cls` (and its subclasses) only the component classes it declares itself, not its
    bases' as well. Textual's `inherit_component_classes=False` class keyword does this, but
    `Widget.__init_subclass__` does not pass it on, and `DOMNode.__init_subclass__` resets the flag
    on every class; so it is set once the class exists."""
    cls._inherit_component_classes = False


PRIVATE_HOOKS: dict[type, tuple[str, ...]] = {
    # ArticleText (coder/tui/article/text.py) and the review's article pane override or call these
    # to swap in a pre-wrapped document, wrap in a thread and add highlight styles.
    TextArea: (
        "_set_document",
        "_rewrap_and_refresh_virtual_size",
        "_refresh_size",
        "_recompute_cursor_offset",
        "_build_highlight_map",
        "_set_theme",
    ),
    # KeyGate (coder/tui/key_gate.py) runs its follow-up after a screen's after-refresh work.
    Screen: ("_invoke_later",),
    # tests/tui/test_screen_as_sent.py: what is written to the terminal.
    App: ("_display",),
    # SteadyScrollSize and SteadyContainerSize (above): the article, the form and its editors.
    ScrollView: ("_size_updated",),
    # ChoiceEditor drops the rows it kept per width when OptionList drops its own.
    OptionList: ("_clear_caches",),
    # FieldRow / CodebookForm order focus by form position; FormScroll keeps the focused field in
    # view after a layout that changed its size.
    Widget: ("_focus_sort_key", "_size_updated"),
    # `own_component_classes`: the form's editors restyle fewer component classes per Tab.
    DOMNode: ("_inherit_component_classes", "_get_component_classes"),
    # `forget_dead_styles` (a day's session) clears this method's lru_cache.
    StylesCache: ("get_inner_outer",),
}
"""Private methods coder's widgets override or call, by the Textual class that defines them."""

PRIVATE_ATTRIBUTES: dict[type, tuple[str, ...]] = {
    # KeyGate follows a key through message queues until they are quiet.
    MessagePump: ("_message_queue", "_parent", "_running", "_closing", "_closed", "_is_mounted"),
    # `forget_stale_queries` (a day's session) empties each node's query_one cache.
    DOMNode: ("_query_one_cache",),
    Screen: ("_callbacks", "_compositor"),
    # _batch_count: tests/tui/test_screen_as_sent.py (nothing is sent during a batch).
    App: ("_exit", "_closing", "_screen_stack", "_batch_count"),
    TextArea: ("_line_cache", "_highlights", "_theme"),
    # ChoiceEditor keeps the rows it rendered at its open and at its closed width.
    OptionList: ("_option_render_cache",),
    XTermParser: ("_timeout_time",),
    WrappedDocument: (
        "_width",
        "_tab_width",
        "_wrap_offsets",
        "_offset_to_line_info",
        "_line_index_to_offsets",
        "_tab_width_cache",
    ),
}
"""Private attributes set on instances (checked on a fresh instance by the test)."""
