"""The shape of the code base: short modules, packages that only re-export, no import cycles,
no module reaching into another's private names, no upward imports between layers.

docs/architecture.md describes the layers these tests hold the tree to."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGE = SRC / "tabayyun"
MAX_LINES = 600

# Lower layers never import higher ones (a module may import its own layer and those below).
LAYERS = [
    {"spans", "settings", "script", "model", "nlp", "schema", "knowledge"},
    {"ingest", "extract", "resolve", "audit"},
    {"pipeline", "corpus"},
    {"store"},
    {"report", "export"},
    {"web", "cli"},
]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports_of(name: str) -> list[tuple[str, list[str], int]]:
    """(module imported, names imported from it, line) for every tabayyun import in a module."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("tabayyun"):
            found.append((node.module, [a.name for a in node.names], node.lineno))
        elif isinstance(node, ast.Import):
            found.extend((a.name, [], node.lineno) for a in node.names if a.name.startswith("tabayyun"))
    return found


def edges() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for name in MODULES:
        targets = set()
        for module, names, _ in imports_of(name):
            for imported in names or [""]:
                full = f"{module}.{imported}"
                targets.add(full if full in MODULES else module)
        graph[name] = {t for t in targets if t in MODULES and t != name}
    return graph


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
        for other in sorted(graph.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
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

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def layer_of(name: str) -> int | None:
    top = name.split(".")[1] if "." in name else ""
    for level, members in enumerate(LAYERS):
        if top in members:
            return level
    return None


def test_no_module_is_over_the_line_limit():
    long = {name: n for name, path in MODULES.items() if (n := len(path.read_text().splitlines())) > MAX_LINES}
    assert long == {}


def test_there_is_no_import_cycle():
    assert cycles(edges()) == []


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_module_imports_another_modules_private_names():
    private = [
        f"{name}:{line} imports {imported} from {module}"
        for name in MODULES
        for module, names, line in imports_of(name)
        for imported in names
        if imported.startswith("_") and not imported.startswith("__")
    ]
    assert private == []


def test_no_layer_imports_a_layer_above_it():
    upward = []
    for name in MODULES:
        here = layer_of(name)
        for module, _, line in imports_of(name):
            there = layer_of(module)
            if here is not None and there is not None and there > here:
                upward.append(f"{name}:{line} imports {module}")
    assert upward == []


def test_every_top_level_module_has_a_layer():
    tops = {name.split(".")[1] for name in MODULES if "." in name}
    assert {top for top in tops if layer_of(f"tabayyun.{top}") is None} <= {"__main__"}


@pytest.mark.parametrize("name", sorted(n for n, p in MODULES.items() if p.name == "__init__.py"))
def test_a_package_init_only_re_exports(name: str):
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    allowed = (ast.Import, ast.ImportFrom)
    for node in tree.body:
        if isinstance(node, allowed):
            continue
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            continue  # the docstring
        if isinstance(node, ast.Assign) and [getattr(t, "id", "") for t in node.targets] == ["__all__"]:
            continue
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            continue  # the names a lazy package re-exports, for type checkers
        if isinstance(node, ast.FunctionDef) and node.name == "__getattr__":
            continue  # a lazy re-export (tabayyun.web keeps FastAPI out of the other commands)
        if isinstance(node, ast.Assign | ast.AnnAssign) and all(
            getattr(t, "id", "").isupper() or getattr(t, "id", "") == "__version__"
            for t in (node.targets if isinstance(node, ast.Assign) else [node.target])
        ) and isinstance(node.value, ast.Constant):
            continue  # a constant such as __version__
        pytest.fail(f"{name} holds {type(node).__name__} at line {node.lineno}: move it into a module")
