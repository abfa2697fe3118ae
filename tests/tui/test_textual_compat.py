"""Fails, by name, when a Textual upgrade changes an internal coder relies on.

Every private module, attribute and method coder uses is listed in coder.tui.textual_compat;
this test checks each against the installed Textual, so an upgrade is a one-file review.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Iterator
from functools import partial
from typing import ClassVar

import pytest
from textual.widgets import TextArea
from textual.widgets.text_area import Document, WrappedDocument

from coder.tui import textual_compat as compat


@pytest.mark.parametrize(
    ("cls", "name"), [(c, n) for c, names in compat.PRIVATE_HOOKS.items() for n in names]
)
def test_private_methods_still_exist(cls: type, name: str) -> None:
    member = inspect.getattr_static(cls, name, None)
    assert member is not None, f"Textual's {cls.__name__}.{name} is gone: see textual_compat"


_CLASS_MACHINERY = frozenset(
    {
        "_abc_impl",
        "_computes",
        "_css_type_name",
        "_css_type_names",
        "_decorated_handlers",
        "_inherit_bindings",
        "_inherit_component_classes",
        "_inherit_css",
        "_merged_bindings",
        "_reactives",
    }
)
"""Names Textual's metaclass and `abc` set on every class: not overrides."""


def _coder_classes() -> Iterator[type]:
    import coder.tui

    for info in pkgutil.walk_packages(coder.tui.__path__, "coder.tui."):
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if inspect.isclass(value) and value.__module__ == module.__name__:
                yield value


def test_every_private_textual_member_coder_overrides_is_listed() -> None:
    """A widget that overrides a private Textual method must say so in PRIVATE_HOOKS, or the
    check above cannot tell us when an upgrade renames it (the override would then silently
    never run). Handlers use the public `on_<event>` names; `_default_<name>` is a reactive's."""
    listed = {(base, name) for base, names in compat.PRIVATE_HOOKS.items() for name in names}
    unlisted = []
    for cls in _coder_classes():
        textual_bases = [b for b in cls.__mro__[1:] if b.__module__.startswith("textual")]
        reactives = {n for b in cls.__mro__ for n in getattr(b, "_reactives", {})}
        for name in vars(cls):
            if not name.startswith("_") or name.startswith("__") or name in _CLASS_MACHINERY:
                continue
            if name.startswith("_default_") and name[len("_default_") :] in reactives:
                continue
            owners = [b for b in textual_bases if name in vars(b)]
            if owners and not any(
                issubclass(owners[0], base) and (base, name) in listed
                for base in compat.PRIVATE_HOOKS
            ):
                unlisted.append(f"{cls.__module__}.{cls.__qualname__}.{name}")
    assert unlisted == [], "override of a private Textual member not in PRIVATE_HOOKS"


async def test_private_attributes_still_exist_on_fresh_instances() -> None:
    from textual.app import App
    from textual.message_pump import MessagePump
    from textual.screen import Screen
    from textual.widgets import OptionList

    app: App[None] = App()
    async with app.run_test():
        instances = {
            TextArea: TextArea("x"),
            OptionList: OptionList(),
            WrappedDocument: WrappedDocument(Document("ab")),
            MessagePump: app.screen,
            compat.DOMNode: app.screen,
            Screen: app.screen,
            App: app,
            compat.XTermParser: compat.XTermParser(),
        }
        missing = [
            f"{cls.__name__}.{name}"
            for cls, names in compat.PRIVATE_ATTRIBUTES.items()
            for name in names
            if not hasattr(instances[cls], name)
        ]
        assert missing == []
        assert compat.is_gone(app.screen) is False
        assert compat.app_exiting(app) is False
        assert compat.has_after_refresh_callbacks(app.screen) in (True, False)


def test_wrapped_functions_keep_their_shape() -> None:
    assert compat.compute_wrap_offsets("one two three", 7, 4) == [4, 8]
    options = [type("O", (), {"disabled": d})() for d in (False, True, False)]
    assert compat.find_next_enabled_no_wrap(options, 0, 1) == 2
    assert list(inspect.signature(compat.compute_wrap_offsets).parameters)[:3] == [
        "text",
        "width",
        "tab_size",
    ]


async def test_message_queue_and_bindings_accessors() -> None:
    from textual.app import App
    from textual.binding import BindingType

    class Tiny(App[None]):
        BINDINGS: ClassVar[list[BindingType]] = [("x", "bell", "Ring")]

    app = Tiny()
    async with app.run_test():
        assert compat.has_queued_messages(app) in (True, False)
        assert ("x", "bell") in [(k, b.action) for k, b in compat.declared_bindings(app)]
        assert compat.parent_of(app.screen) is app


def test_own_component_classes_drops_the_bases_ones() -> None:
    from textual.widgets import OptionList

    class Narrow(OptionList):
        COMPONENT_CLASSES: ClassVar[set[str]] = {"option-list--option"}

    compat.own_component_classes(Narrow)

    class Sub(Narrow):
        pass

    assert Narrow._get_component_classes() == {"option-list--option"}
    assert Sub._get_component_classes() == {"option-list--option"}
    assert "option-list--separator" in OptionList._get_component_classes()


def test_a_posted_callback_skips_textuals_signature_lookup(monkeypatch: pytest.MonkeyPatch) -> None:
    """post_callback marks its partial as taking no parameters; Textual must still read that
    mark (`_param_count`) before asking `inspect.signature`, or the key gate pays ~2 ms a key."""
    from textual import _callback, events
    from textual.message_pump import MessagePump

    looked_up: list[object] = []

    def counting_signature(func: object) -> inspect.Signature:
        looked_up.append(func)
        return inspect.signature(func)  # type: ignore[arg-type]

    def takes_one(value: str) -> str:
        return value

    posted: list[events.Callback] = []

    class Catcher(MessagePump):
        def post_message(self, message: object) -> bool:
            assert isinstance(message, events.Callback)
            posted.append(message)
            return True

    monkeypatch.setattr(_callback, "signature", counting_signature)
    assert compat.post_callback(Catcher(), takes_one, "x")
    (message,) = posted
    assert _callback.count_parameters(message.callback) == 0
    assert looked_up == []  # the mark was read, no signature asked for
    assert message.callback() == "x"  # the argument is bound
    assert _callback.count_parameters(partial(takes_one, "x")) == 0  # unmarked: looked up
    assert looked_up


async def test_a_posted_callback_runs_with_its_arguments() -> None:
    from textual.app import App

    from tests.tui.helpers import wait_for

    app: App[None] = App()
    got: list[tuple[int, str]] = []
    async with app.run_test() as pilot:
        assert compat.post_callback(app.screen, lambda a, b: got.append((a, b)), 1, "two")
        await wait_for(pilot, lambda: got, timeout=60, what="the callback run")
    assert got == [(1, "two")]
