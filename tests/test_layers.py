"""The package's layers and its import graph: no module imports a higher layer, and nothing
imports itself round a cycle.

The layer list is the map of ``docs/architecture.md``; a new top-level module or package must be
placed in it (the test fails until it is). Imports inside ``if TYPE_CHECKING:`` are annotations
only and never run, so they are left out; imports inside functions are counted like any other.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest

#: lowest first; a module may import its own layer and the layers below it, never above
LAYERS: tuple[frozenset[str], ...] = (
    frozenset({"model", "config", "errors", "rows", "numbers", "i18n", "toml_text"}),
    frozenset({"catalog", "stats", "formatting"}),
    frozenset({"sources", "store", "derive"}),
    frozenset(
        {
            "analysis",
            "privacy",
            "goals",
            "effect",
            "access",
            "ingest",
            "query",
            "refresh",
            "published",
        }
    ),
    frozenset({"report", "charts", "demo"}),
    frozenset({"web", "cli", "__main__"}),
)

ROOT = Path(str(resources.files("kommunanalys")))


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(ROOT.rglob("*.py")):
        parts = ["kommunanalys", *path.relative_to(ROOT).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _import_nodes(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and _is_type_checking(node):
            for orelse in node.orelse:
                yield from _import_nodes(orelse)
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        yield from _import_nodes(node)


def _imports(module: str, path: Path) -> set[str]:
    """The kommunanalys modules ``module`` imports (a package's ``__init__`` is the package)."""
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in _import_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            # ``from package import module`` imports the module; any other name, the package
            names = [f"{target}.{alias.name}" for alias in node.names]
            if not all(name in MODULES for name in names):
                names.append(target)
        for name in names:
            while name and name not in MODULES:
                name = name.rpartition(".")[0]
            if name.startswith("kommunanalys") and name not in (module, "kommunanalys"):
                found.add(name)
    return found


GRAPH = {module: _imports(module, path) for module, path in MODULES.items()}


def _top(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _layer(top: str) -> int | None:
    return next((i for i, names in enumerate(LAYERS) if top in names), None)


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one node (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in graph.get(node, ()):
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


def test_every_top_level_module_has_a_layer() -> None:
    tops = {_top(m) for m in MODULES if m != "kommunanalys"}
    assert sorted(t for t in tops if _layer(t) is None) == []


def test_no_module_imports_a_higher_layer() -> None:
    upward = [
        f"{module} (layer {_layer(_top(module))}) imports {other} (layer {_layer(_top(other))})"
        for module, others in sorted(GRAPH.items())
        for other in sorted(others)
        if (_layer(_top(module)) or 0) < (_layer(_top(other)) or 0)
    ]
    assert upward == []


def test_no_import_cycle_between_modules() -> None:
    assert _cycles(GRAPH) == []


def test_no_import_cycle_between_top_level_packages() -> None:
    packages: dict[str, set[str]] = {}
    for module, others in GRAPH.items():
        packages.setdefault(_top(module), set()).update(
            _top(o) for o in others if _top(o) != _top(module)
        )
    assert _cycles(packages) == []


@pytest.mark.parametrize(
    ("graph", "expected"),
    [
        ({"a": {"b"}, "b": {"a"}, "c": {"a"}}, [["a", "b"]]),
        ({"a": {"b"}, "b": {"c"}, "c": set()}, []),
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}}, [["a", "b", "c"]]),
    ],
)
def test_the_cycle_finder_finds_cycles(
    graph: dict[str, set[str]], expected: list[list[str]]
) -> None:
    assert _cycles(graph) == expected
