"""The shape of the house: no import cycles, Textual's internals behind one wrapper, a pure core.

The layering itself is import-linter's contract in pyproject.toml (`lint-imports`, run by CI);
these tests add what a layers contract cannot say. grimp reads every import statement of a
module, those inside functions and under TYPE_CHECKING included, so a cycle hidden behind a
function-level import is a cycle here.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import grimp

import coder

WRAPPER = "coder.tui.textual_compat"


def _strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm (iterative), components of more than one module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
    return found


def _import_graph() -> dict[str, set[str]]:
    g = grimp.build_graph("coder")
    return {m: set(g.find_modules_directly_imported_by(m)) for m in g.modules}


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _strongly_connected(graph) == [["a", "b", "c"]]


def test_no_import_cycles_function_level_imports_included() -> None:
    cycles = _strongly_connected(_import_graph())
    assert cycles == [], f"import cycles: {cycles}"


def test_every_top_level_module_has_a_layer() -> None:
    """A new package outside the contract would be free to import anything: name it there."""
    config = tomllib.loads((Path(coder.__file__).parent.parent / "pyproject.toml").read_text())
    contract = config["tool"]["importlinter"]["contracts"][0]
    layered = {n for layer in contract["layers"] for n in re.split(r"[|:]", layer)}
    layered = {n.strip() for n in layered}
    top = {f"coder.{m.name}" for m in pkgutil.iter_modules(coder.__path__)}
    assert top - layered == set(), "add these to the layers in pyproject.toml"


def _private_textual_imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        for name in names:
            parts = name.split(".")
            if parts[0] == "textual" and any(p.startswith("_") for p in parts[1:]):
                found.append(f"{path.name}:{node.lineno}: {name}")
    return found


def test_textual_private_modules_only_in_the_wrapper() -> None:
    root = Path(coder.__file__).parent
    offenders = []
    for path in sorted(root.rglob("*.py")):
        module = ".".join(path.relative_to(root.parent).with_suffix("").parts)
        if module != WRAPPER:
            offenders += _private_textual_imports(path)
    assert offenders == []
    assert _private_textual_imports(root / "tui" / "textual_compat.py"), "the wrapper wraps them"


def _core_modules() -> list[str]:
    names = [
        m.name
        for m in pkgutil.walk_packages(coder.__path__, "coder.")
        if not m.name.startswith("coder.tui")
    ]
    assert "coder.compare.engine" in names and "coder.store.storage" in names
    return sorted(names)


def _printed_by(code: str) -> str:
    """What `code` prints, run in a fresh interpreter (what a command imports at start)."""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_every_core_module_imports_without_textual() -> None:
    """`coder check`/`import`/`export` must work without a terminal, and start fast."""
    code = (
        "import importlib, sys\n"
        f"for name in {_core_modules()!r}:\n"
        "    importlib.import_module(name)\n"
        "from coder import cli\n"
        "cli.build_parser()\n"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] == 'textual')))\n"
    )
    assert _printed_by(code) == "", "textual imported by the core"


def test_every_tui_module_imports() -> None:
    import coder.tui

    for m in pkgutil.walk_packages(coder.tui.__path__, "coder.tui."):
        importlib.import_module(m.name)


def test_the_coding_app_imports_nothing_its_first_frame_does_not_use() -> None:
    """Start-up (issue 12): the comparison engine (numpy, scipy), the suggestion rules (~100
    regular expressions), the fuzzy place search and the F9 incident table (Textual's DataTable)
    are imported when first used, not with the coding screen."""
    code = (
        "import sys\n"
        "import coder.tui.coding.app\n"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('numpy', 'scipy', 'rapidfuzz') or m.startswith(('coder.suggest.', 'coder.compare')) "
        "and m != 'coder.suggest.blind' or m in "
        "('coder.tui.coding.incident_table', 'textual.widgets._data_table'))))\n"
    )
    assert _printed_by(code) == "", "imported with the coding app"
