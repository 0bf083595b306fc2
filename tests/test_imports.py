"""No import cycles inside the ``generator`` package.

Every import statement of every module under generator/ counts: at the top of a module, inside a
function (a function-local import only hides a cycle, it does not remove it), and under
``if TYPE_CHECKING:`` too. Those never run, but a module that needs another's types while that one
needs its code is the same tangle, and the cycle the issue names, ``qr`` -> ``render`` -> ``shop`` ->
``qr``, exists only through them. (``import_graph(..., type_checking=False)`` leaves them out.)

How imports become edges between modules:
- ``import generator.a.b`` and ``from generator.a.b import name`` import ``generator.a.b``, and also
  its parent packages ``generator.a`` (``generator/a/__init__.py``) and ``generator``: those parents
  count, except the importer's own parent packages, which Python has imported before the importer
  ran anyway (so ``generator.media.x`` importing ``generator.media.y`` adds no edge to
  ``generator.media``).
- ``from generator.a import b`` imports the module ``generator.a.b`` when there is one; when ``b``
  is a name defined in ``generator/a/__init__.py``, it imports the package ``generator.a`` itself,
  and that edge counts even from inside the package.
- relative imports (``from . import x``, ``from ..a import y``) resolve against the importer's package.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import REPO


@dataclass(frozen=True)
class Edge:
    """``source`` imports ``target``, at ``line`` of ``path``."""

    source: str
    target: str
    path: str
    line: int
    typing_only: bool = False  # under ``if TYPE_CHECKING:``


def modules_of(package_dir: Path, package: str) -> dict[str, Path]:
    """Every module of the package by its dotted name; a package's ``__init__.py`` is the package itself."""
    found = {}
    for path in sorted(package_dir.rglob("*.py")):
        parts = path.relative_to(package_dir).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join((package, *parts))] = path
    return found


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _import_nodes(tree: ast.AST, type_checking: bool):
    """Every Import and ImportFrom node anywhere in the module (under ``if TYPE_CHECKING:`` only if asked)."""
    stack: list[tuple[ast.AST, bool]] = [(tree, False)]
    while stack:
        node, typing_only = stack.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node, typing_only
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            stack.extend((n, typing_only) for n in node.orelse)  # the else branch does run
            if type_checking:
                stack.extend((n, True) for n in node.body)
            continue
        stack.extend((n, typing_only) for n in ast.iter_child_nodes(node))


def _parents(name: str) -> list[str]:
    parts = name.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def import_graph(package_dir: Path, package: str, type_checking: bool = True) -> tuple[dict[str, Path], list[Edge]]:
    """The package's modules and the import edges between them (imports of anything else are left out)."""
    modules = modules_of(package_dir, package)
    edges = []
    for module, path in modules.items():
        is_package = path.name == "__init__.py"
        own_package = module if is_package else module.rpartition(".")[0]
        ancestors = set(_parents(module)) | ({module} if is_package else set())
        rel = path.relative_to(package_dir.parent).as_posix()

        def add(target: str, explicit: bool, line: int) -> None:
            if target not in modules:
                return
            if explicit or target not in ancestors:
                edges.append(Edge(module, target, rel, line, typing_only))

        def add_module(name: str, line: int) -> None:
            add(name, True, line)
            for parent in _parents(name):
                add(parent, False, line)

        for node, typing_only in _import_nodes(ast.parse(path.read_text(encoding="utf-8"), str(path)), type_checking):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    add_module(alias.name, node.lineno)
                continue
            if node.level:
                base = own_package.split(".")
                base = base[: len(base) - (node.level - 1)]
                origin = ".".join(base + ([node.module] if node.module else []))
            else:
                origin = node.module or ""
            if origin not in modules and not any(f"{origin}.{a.name}" in modules for a in node.names):
                continue
            names_from_origin = False
            for alias in node.names:
                sub = f"{origin}.{alias.name}"
                if sub in modules:
                    add_module(sub, node.lineno)
                else:
                    names_from_origin = True
            add(origin, names_from_origin, node.lineno)  # the package is imported before its modules
            for parent in _parents(origin):
                add(parent, False, node.lineno)
    return modules, edges


def cycles(nodes: list[str], edges: list[Edge]) -> list[list[str]]:
    """Strongly connected components with more than one module, and modules that import themselves (Tarjan)."""
    graph: dict[str, set[str]] = {n: set() for n in nodes}
    for e in edges:
        graph[e.source].add(e.target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
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
            if len(component) > 1 or node in graph[node]:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def describe(component: list[str], edges: list[Edge]) -> str:
    """A cycle and the import statements that make it, for the failure message."""
    inside = set(component)
    lines = [" <-> ".join(component)]
    lines += [f"    {e.source} imports {e.target} ({e.path}, line {e.line}"
              f"{', under if TYPE_CHECKING' if e.typing_only else ''})"
              for e in sorted(set(edges), key=lambda e: (e.source, e.target, e.line))
              if e.source in inside and e.target in inside]
    return "\n".join(lines)


def test_generator_has_no_import_cycles():
    modules, edges = import_graph(REPO / "generator", "generator")
    assert len(modules) > 10 and edges, "the import graph came out empty: is the package where it was?"
    found = cycles(sorted(modules), edges)
    assert not found, "import cycles in generator/ (break each one; a function-local import hides it but " \
                      "does not remove it):\n" + "\n".join(describe(c, edges) for c in found)


# --------------------------------------------------------------------------- the checker itself


def write_package(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / "pkg" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root / "pkg"


def cycles_in(root: Path, files: dict[str, str], type_checking: bool = True) -> list[list[str]]:
    modules, edges = import_graph(write_package(root, files), "pkg", type_checking)
    return cycles(sorted(modules), edges)


@pytest.mark.parametrize("files, expected", [
    ({"__init__.py": "", "a.py": "import pkg.b\n", "b.py": "from pkg import a\n"}, [["pkg.a", "pkg.b"]]),
    ({"__init__.py": "", "a.py": "def f():\n    from pkg.b import x\n", "b.py": "from .a import y\n"},
     [["pkg.a", "pkg.b"]]),
    ({"__init__.py": "", "a.py": "from pkg.b import x\n", "b.py": "from pkg.c import y\n", "c.py": "import pkg.a\n"},
     [["pkg.a", "pkg.b", "pkg.c"]]),
    ({"__init__.py": "", "a.py": "from pkg.a import x\n"}, [["pkg.a"]]),
    # a package whose __init__ imports a module that takes a name from the package's __init__
    ({"__init__.py": "", "m/__init__.py": "from .x import thing\n", "m/x.py": "from pkg.m import other\n"},
     [["pkg.m", "pkg.m.x"]]),
    # importing pkg.m.x also imports pkg.m, whose __init__ imports the importer
    ({"__init__.py": "", "a.py": "import pkg.m.x\n", "m/__init__.py": "from pkg import a\n", "m/x.py": ""},
     [["pkg.a", "pkg.m"]]),
    # no cycle: siblings inside a package that re-exports them, one-way imports, outside libraries
    ({"__init__.py": "", "m/__init__.py": "from .x import thing\n", "m/x.py": "from .y import other\nimport os\n",
      "m/y.py": "import json\n", "a.py": "from pkg.m import thing\nfrom pkg import m\n"}, []),
])
def test_the_cycle_checker_finds_what_it_should(files, expected, tmp_path: Path):
    assert cycles_in(tmp_path, files) == expected


TYPES_ONLY = {
    "__init__.py": "",
    "a.py": "import pkg.b\n",
    "b.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg.a import A\nelse:\n    A = None\n",
}


def test_imports_for_the_type_checker_count_unless_left_out(tmp_path: Path):
    assert cycles_in(tmp_path / "with", TYPES_ONLY) == [["pkg.a", "pkg.b"]]
    assert cycles_in(tmp_path / "without", TYPES_ONLY, type_checking=False) == []
    else_branch = dict(TYPES_ONLY, **{"b.py": "import typing\nif typing.TYPE_CHECKING:\n    pass\n"
                                              "else:\n    import pkg.a\n"})
    assert cycles_in(tmp_path / "else", else_branch, type_checking=False) == [["pkg.a", "pkg.b"]]
