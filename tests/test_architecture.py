"""The shape of the code: imports run one way, with no cycle anywhere, lazy imports included."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "handlers")
DEV_TOOLS = ("bench", "devtools")
"""The local Vitec, the local Slack and the benchmark: never imported by the product."""


def is_dev_tool(name: str) -> bool:
    """Whether a dotted module name is one of the dev tools or inside one."""
    return any(name == tool or name.startswith(tool + ".") for tool in DEV_TOOLS)


def modules(packages: tuple[str, ...] = PACKAGES) -> dict[str, Path]:
    """Every module of these packages (the product's by default), by dotted name."""
    found: dict[str, Path] = {}
    for package in packages:
        for path in (ROOT / package).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


def imports_anywhere(path: Path) -> Iterator[str]:
    """Every absolute module name a file imports, at the top, in functions or TYPE_CHECKING."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            yield node.module


def imported(name: str, path: Path, known: dict[str, Path]) -> Iterator[str]:
    """Project modules ``name`` imports anywhere in its body, functions and TYPE_CHECKING too."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                yield target


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_module_imports_itself_back_through_others() -> None:
    known = modules((*PACKAGES, "devtools"))
    # A package's __init__ importing its own modules is not a cycle of design; leave those out.
    graph = {
        name: {t for t in imported(name, path, known) if not name.startswith(t + ".")}
        for name, path in known.items()
    }
    assert cycles(graph) == []


def test_the_product_never_imports_the_dev_tools() -> None:
    found = {
        f"{name} imports {target}"
        for name, path in modules().items()
        for target in imports_anywhere(path)
        if is_dev_tool(target)
    }
    assert found == set()


def test_vitec_and_store_import_nothing_of_the_bot_but_the_clock() -> None:
    edges = ("bot.vitec", "bot.store")
    found = {
        f"{name} imports {target}"
        for name, path in modules().items()
        if name.startswith(edges)
        for target in imports_anywhere(path)
        if target.split(".")[0] in PACKAGES and not target.startswith((*edges, "bot.clock"))
    }
    assert found == set()
