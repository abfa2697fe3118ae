"""Line-aware, surprise-free YAML reading for codebooks.

Codebook authors are social scientists, not YAML lawyers, so the loader departs from PyYAML's
YAML 1.1 defaults where those silently change what the author wrote:

* only `true` / `false` (any case) are booleans: `yes`, `no`, `on`, `off`, `y`, `n` stay strings,
  so `choices: [yes, no]` means the two strings "yes" and "no";
* integers are decimal: `010` is 10 (not octal 8) and `1:30` stays a string (not sexagesimal 90);
* ISO dates stay strings (`2019-07-01`), never `datetime.date`; callers that expect a date get the
  text the author typed;
* `=` is an ordinary string.

It is a `yaml.SafeLoader` subclass (safe_load semantics: no Python objects). Instead of building
plain dicts it composes the node tree and converts it to `YMap` / `YList`, which remember the line
of every key and item so the codebook validator can report each problem at `file:line`. Duplicate
mapping keys are recorded (PyYAML would silently keep the last one).
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from coder.textsafe import clean, is_clean

_DROPPED = {
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:value",
}


MAX_DEPTH = 40
"""Nesting levels a codebook may use (it needs about six)."""
MAX_ALIASES = 10_000
ALIAS_GROWTH = 4
"""How many times its written size aliases may expand a codebook to."""
MAX_INT_DIGITS = 30
"""Integers longer than this are refused (Python refuses 4,300 digits with a traceback)."""


def _mark_line(event: Any) -> int | None:
    mark = getattr(event, "start_mark", None)
    return int(mark.line) + 1 if mark is not None else None


class CodebookLoader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2-like scalars (see module docstring)."""

    yaml_implicit_resolvers = {  # noqa: RUF012 - PyYAML's own class-level registry
        first: [(tag, rx) for tag, rx in resolvers if tag not in _DROPPED]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.composed = 0
        """Nodes in the document as written (aliases count once)."""
        self.aliases = 0
        self.visited = 0
        """Nodes converted so far, aliases expanded: bounded by `budget()`."""
        self.depth = 0

    def construct_yaml_int(self, node: ScalarNode) -> int:
        text = str(self.construct_scalar(node)).replace("_", "")
        if len(text.lstrip("+-")) > MAX_INT_DIGITS:
            raise ValueError(f"a number with more than {MAX_INT_DIGITS} digits")
        return int(text, 10)

    # -- bounds (why: a 518-byte alias bomb would expand to gigabytes, 400 levels of nesting
    # -- would overflow Python's stack) -----------------------------------------------------------

    def compose_node(self, parent: Node | None, index: Any) -> Node:
        if self.check_event(yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                raise YamlProblem(
                    _mark_line(self.peek_event()),  # type: ignore[no-untyped-call]
                    f"more than {MAX_ALIASES} aliases (*name): a codebook needs far fewer; this "
                    "looks like an alias bomb. Write the values out instead.",
                )
        else:
            self.composed += 1
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise YamlProblem(
                    _mark_line(self.peek_event()),  # type: ignore[no-untyped-call]
                    f"nested more than {MAX_DEPTH} levels deep; a codebook needs a handful "
                    "(fields, choices, conditions). Check the indentation and brackets.",
                )
            return super().compose_node(parent, index)  # type: ignore[return-value]
        finally:
            self.depth -= 1

    def budget(self) -> int:
        return ALIAS_GROWTH * self.composed + 10_000

    def count(self, nodes: int, node: Node) -> None:
        self.visited += nodes
        if self.visited > self.budget():
            raise YamlProblem(
                _line(node),
                f"aliases (*name) and merge keys (<<:) expand this codebook to more than "
                f"{ALIAS_GROWTH} times its written size; this looks like an alias bomb. Write "
                "the values out instead of nesting aliases.",
            )

    def flatten_mapping(self, node: MappingNode) -> None:
        super().flatten_mapping(node)
        self.count(len(node.value), node)


CodebookLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
CodebookLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9][0-9_]*$"), list("-+0123456789")
)
CodebookLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(
        r"""^(?:[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+]?[0-9]+)?
            |[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+
            |[-+]?\.[0-9][0-9_]*(?:[eE][-+]?[0-9]+)?
            |[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$""",
        re.X,
    ),
    list("-+0123456789."),
)
CodebookLoader.add_constructor("tag:yaml.org,2002:int", CodebookLoader.construct_yaml_int)


class YMap(dict[str, Any]):
    """A mapping that remembers where it and each of its keys are (1-based lines)."""

    line: int
    key_lines: dict[str, int]
    raw: dict[str, str]
    """The source text of scalar values, e.g. `1.10` for a version that parsed as 1.1."""
    duplicates: list[tuple[str, int]]
    bad_keys: list[tuple[Any, int]]


class YList(list[Any]):
    """A sequence that remembers its line and the line of each item."""

    line: int
    item_lines: list[int]


class YamlProblem(Exception):
    """A YAML syntax or construction error with the 1-based line it happened on."""

    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def _line(node: Node) -> int:
    return int(node.start_mark.line) + 1


_PLAIN_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")


def _convert(loader: CodebookLoader, node: Node) -> Any:
    loader.count(1, node)
    if isinstance(node, MappingNode | SequenceNode) and node.tag not in _PLAIN_TAGS:
        raise YamlProblem(_line(node), f"cannot read this value: unsupported tag {node.tag!r}")
    if isinstance(node, MappingNode):
        loader.flatten_mapping(node)  # resolves `<<: *anchor` merge keys
        out = YMap()
        out.line, out.key_lines, out.raw, out.duplicates, out.bad_keys = _line(node), {}, {}, [], []
        for key_node, value_node in node.value:
            key = _convert(loader, key_node)
            if not isinstance(key, str):
                out.bad_keys.append((key, _line(key_node)))
                continue
            if key in out:
                out.duplicates.append((key, _line(key_node)))
            out[key] = _convert(loader, value_node)
            out.key_lines[key] = _line(key_node)
            if isinstance(value_node, ScalarNode):
                out.raw[key] = str(value_node.value)
        return out
    if isinstance(node, SequenceNode):
        items = YList(_convert(loader, item) for item in node.value)
        items.line, items.item_lines = _line(node), [_line(item) for item in node.value]
        return items
    try:
        value = loader.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError, TypeError, AttributeError) as exc:
        # Explicit tags (`!!timestamp junk`, `!python/...`) fail here; report, never crash.
        shown = clean(repr(node.value))
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        detail = f" ({exc})" if isinstance(exc, ValueError) and "digits" in str(exc) else ""
        problem = getattr(exc, "problem", None) or f"{shown} is not a valid {node.tag}{detail}"
        raise YamlProblem(_line(node), f"cannot read this value: {problem}") from exc
    if isinstance(value, str) and not is_clean(value):
        raise YamlProblem(
            _line(node),
            f"{clean(repr(value))} holds a control character, a bidi override or a lone "
            "surrogate (written as a \\e, \\x.. or \\u.. escape): these would drive the "
            "terminal or reorder what coders see; remove it",
        )
    return value


_SYNTAX_HINTS = (
    ("'\\t'", "a tab character: YAML indents with spaces only; replace the tabs with spaces"),
    (
        "expected <block end>",
        "the indentation does not fit here: every key of a field starts in the same column as "
        "its 'name', and every '- name:' of a list starts in the same column",
    ),
    (
        "mapping values are not allowed here",
        "a ': ' where no new key can start: put a text that contains ': ' in quotes, or check "
        "the indentation of this line",
    ),
    (
        "could not find expected ':'",
        "a line that is not 'key: value': check its indentation; a text over several lines goes "
        "after 'help: >-' or in quotes",
    ),
)


def _syntax_hint(problem: str) -> str | None:
    """PyYAML's messages speak parser; a first-time codebook author needs the usual cause."""
    return next((hint for needle, hint in _SYNTAX_HINTS if needle in problem), None)


_CLoader: Any = getattr(yaml, "CSafeLoader", None)
if _CLoader is not None:

    class FastCodebookLoader(_CLoader):  # type: ignore[misc]
        """The same scalars as CodebookLoader, parsed by libyaml (about 10x faster): for large
        machine-written files such as assignments.yaml (thousands of lines)."""

        yaml_implicit_resolvers = CodebookLoader.yaml_implicit_resolvers
        yaml_constructors = CodebookLoader.yaml_constructors
        construct_yaml_int = CodebookLoader.construct_yaml_int
        budget = CodebookLoader.budget
        count = CodebookLoader.count

        def __init__(self, stream: str) -> None:
            super().__init__(stream)
            self.composed = 0  # set from the composed graph: libyaml composes in C
            self.visited = 0

        def flatten_mapping(self, node: MappingNode) -> None:
            _CLoader.flatten_mapping(self, node)
            self.count(len(node.value), node)


def _distinct_nodes(root: Node, bounded: bool = False) -> int | None:
    """Nodes as written (an alias is the same node object again): the alias budget's base.

    `bounded`: None when the graph libyaml composed is past the reference reader's bounds
    (MAX_DEPTH levels, MAX_ALIASES alias uses), which that reader checks while composing."""
    seen: set[int] = set()
    aliases = 0
    stack: list[tuple[Node, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if bounded and depth > MAX_DEPTH:
            return None
        if id(node) in seen:
            aliases += 1
            if bounded and aliases > MAX_ALIASES:
                return None
            continue
        seen.add(id(node))
        if isinstance(node, MappingNode):
            stack.extend((n, depth + 1) for pair in node.value for n in pair)
        elif isinstance(node, SequenceNode):
            stack.extend((n, depth + 1) for n in node.value)
    return len(seen)


class _PastBounds(Exception):
    """The fast reader's graph is past the reference reader's bounds: read it with that one."""


def read_yaml_quickly(text: str) -> Any:
    """`read_yaml(text)` (the same result, the same messages), parsed by libyaml when that can be.

    About 10x faster (a codebook's ~0.06 s of every `coder code` start-up). The text is read
    again by the reference reader whenever the fast one refuses it (YAML errors, an alias bomb,
    a hostile scalar) or composes a graph past that reader's bounds, so every problem is reported
    exactly as before; only text that reads cleanly is taken from libyaml."""
    if _CLoader is None:
        return read_yaml(text)
    try:
        return read_yaml(text, fast=True, _bounded=True)
    except (YamlProblem, _PastBounds):
        return read_yaml(text)


def read_yaml(text: str, *, fast: bool = False, _bounded: bool = False) -> Any:
    """Parse one YAML document into YMap/YList/scalars; raise YamlProblem on bad YAML.

    Returns None for an empty document. `fast` uses libyaml when PyYAML has it (same result).
    """
    try:
        loader = FastCodebookLoader(text) if fast and _CLoader is not None else CodebookLoader(text)
    except yaml.reader.ReaderError as exc:  # a control character: checked before any parsing
        position = exc.position if isinstance(exc.position, int) else 0
        char = (
            exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
        )
        raise YamlProblem(
            text.count("\n", 0, position) + 1,
            f"the file holds a control character (#x{char:04x}) that YAML does not "
            "allow; remove it (an escape code or a binary file?)",
        ) from None
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = int(mark.line) + 1 if mark is not None else None
            what = exc.problem or "syntax error"
            if exc.context:
                what = f"{exc.context}: {what}"
            hint = _syntax_hint(exc.problem or "")
            if hint:
                what = f"{hint} (the YAML parser says: {what})"
            raise YamlProblem(line, f"YAML syntax error: {what}") from exc
        except yaml.YAMLError as exc:
            raise YamlProblem(None, f"YAML syntax error: {exc}") from exc
        except RecursionError:  # a last guard; MAX_DEPTH stops real nesting long before this
            raise YamlProblem(None, "nested too deeply to read") from None
        if node is not None and not isinstance(loader, CodebookLoader):
            composed = _distinct_nodes(node, bounded=_bounded)
            if composed is None:
                raise _PastBounds
            loader.composed = composed
        return None if node is None else _convert(loader, node)
    finally:
        loader.dispose()
