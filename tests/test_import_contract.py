"""The import contract of DESIGN.md §5: each layer imports only the layers below it, the lower
layers never import pygame, nothing in the product imports the developer tools or the tests, and
no two modules import each other, however indirectly.

Every import is read from the source with `ast`, function-level ones included (a late import is
still a dependency; the scenario file format once reached the app through one). Imports under
`if TYPE_CHECKING:` count for the layers but not for cycles (they never run).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGE = "lstm_arcade"

# The one table of rules; a new layer or package is one more row. Every module must belong to a
# layer: a layer owns the modules whose name is one of its prefixes or starts with one plus ".".
# layer: (module prefixes, layers it may import, may it import pygame)
LAYERS: dict[str, tuple[tuple[str, ...], frozenset[str], bool]] = {
    "model": (("lstm_arcade.model",), frozenset({"model"}), False),
    # The words on screen: marks and translates text; imports nothing; the model never uses it.
    "i18n": (("lstm_arcade.i18n",), frozenset({"i18n"}), False),
    "sim": (("lstm_arcade.sim",), frozenset({"model", "i18n", "sim"}), False),
    "formats": (("lstm_arcade.formats",), frozenset({"model", "i18n", "sim", "formats"}), False),
    "actions": (("lstm_arcade.actions",), frozenset({"model", "i18n", "sim", "actions"}), False),
    "physical": (
        ("lstm_arcade.physical",),
        frozenset({"model", "i18n", "sim", "formats", "actions", "physical"}),
        True,
    ),
    "ui": (
        ("lstm_arcade.ui",),
        frozenset({"model", "i18n", "sim", "formats", "actions", "physical", "ui"}),
        True,
    ),
    "app": (
        (
            "lstm_arcade",  # the package itself (its __init__ imports nothing of the project)
            "lstm_arcade.app",  # the loop, dispatcher, state, session, files, devices, kiosk, tour player
            "lstm_arcade.tour",  # only `python -m lstm_arcade.tour FILE` (the format: formats/)
            "lstm_arcade.config",  # only `python -m lstm_arcade.config FILE` (the format: formats/)
        ),
        frozenset({"model", "i18n", "sim", "formats", "actions", "physical", "ui", "app"}),
        True,
    ),
    "entry": (
        ("lstm_arcade.cli", "lstm_arcade.__main__"),
        frozenset({"model", "i18n", "sim", "formats", "actions", "physical", "ui", "app", "entry"}),
        True,
    ),
}
NEVER_IMPORTED = ("tools", "tests", "conftest", "benchmarks")  # by anything in the product


@dataclass(frozen=True)
class Import:
    source: str  # the importing module
    target: str  # the imported name, resolved to a module of the package where it is one
    line: int
    module_level: bool  # runs when the module is imported (not inside a function)
    type_only: bool  # under `if TYPE_CHECKING:`


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def product_modules() -> dict[str, Path]:
    files = (p for p in (REPO / PACKAGE).rglob("*.py") if "__pycache__" not in p.parts)
    return {module_name(p): p for p in sorted(files)}


MODULES = product_modules()


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


class _Collector(ast.NodeVisitor):
    """Every import of one module, with where it sits."""

    def __init__(self, module: str, is_package: bool) -> None:
        self.module, self.imports = module, []
        self.package = module if is_package else module.rpartition(".")[0]
        self.depth = 0  # functions we are inside
        self.type_only = 0  # TYPE_CHECKING blocks we are inside

    def _add(self, target: str, node: ast.stmt) -> None:
        where = (node.lineno, self.depth == 0, self.type_only > 0)
        self.imports.append(Import(self.module, target, *where))

    def _function(self, node: ast.AST) -> None:
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    visit_FunctionDef = visit_AsyncFunctionDef = visit_Lambda = _function

    def visit_If(self, node: ast.If) -> None:
        if _is_type_checking(node.test):
            self.type_only += 1
            for child in node.body:
                self.visit(child)
            self.type_only -= 1
            for child in node.orelse:
                self.visit(child)
        else:
            self.generic_visit(node)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._add(alias.name, node)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level:
            base = self.package.split(".")
            base = base[: len(base) - (node.level - 1)]
            origin = ".".join(base + ([node.module] if node.module else []))
        else:
            origin = node.module or ""
        for alias in node.names:
            submodule = f"{origin}.{alias.name}"  # `from .ui import theme` imports a module
            self._add(submodule if submodule in MODULES else origin, node)


def imports_of(module: str) -> list[Import]:
    path = MODULES[module]
    collector = _Collector(module, path.name == "__init__.py")
    collector.visit(ast.parse(path.read_text(encoding="utf-8"), str(path)))
    return collector.imports


ALL_IMPORTS = [imp for module in MODULES for imp in imports_of(module)]


def layer_of(module: str) -> str | None:
    """The layer owning `module` (the longest matching prefix wins); None: not of the package."""
    best, length = None, -1
    for layer, (prefixes, _, _) in LAYERS.items():
        for prefix in prefixes:
            owns = module == prefix or (module.startswith(prefix + ".") and prefix != PACKAGE)
            if owns and len(prefix) > length:
                best, length = layer, len(prefix)
    return best


def where(imp: Import) -> str:
    return f"{MODULES[imp.source].relative_to(REPO)}:{imp.line}: {imp.source} imports {imp.target}"


def test_every_module_belongs_to_a_layer():
    assert [m for m in MODULES if layer_of(m) is None] == []


def test_the_collector_sees_every_kind_of_import():
    seen = {(imp.target, imp.module_level) for imp in imports_of("lstm_arcade.cli")}
    assert ("lstm_arcade.formats.scenario", False) in seen  # a function-level import
    assert ("lstm_arcade.formats.export", True) in seen
    assert ("lstm_arcade.ui.theme", True) in seen
    typed = [imp for imp in imports_of("lstm_arcade.app.files") if imp.type_only]
    assert [imp.target for imp in typed] == ["lstm_arcade.app.app"]


@pytest.mark.parametrize("layer", list(LAYERS))
def test_each_layer_imports_only_the_layers_it_may(layer):
    _, allowed, pygame_ok = LAYERS[layer]
    wrong = []
    for imp in ALL_IMPORTS:
        if layer_of(imp.source) != layer:
            continue
        top = imp.target.split(".")[0]
        if top == PACKAGE:
            target_layer = layer_of(imp.target)
            if target_layer not in allowed:
                wrong.append(f"{where(imp)} (layer {target_layer})")
        elif top == "pygame" and not pygame_ok:
            wrong.append(f"{where(imp)} (no pygame in {layer})")
    assert wrong == []


def test_the_product_imports_no_tool_and_no_test():
    wrong = [where(imp) for imp in ALL_IMPORTS if imp.target.split(".")[0] in NEVER_IMPORTED]
    assert wrong == []


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module, or a module importing itself
    (Tarjan's algorithm, iterative: no recursion limit)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1 or node in edges.get(node, ()):
                    found.append(sorted(component))
    return found


def graph(module_level_only: bool) -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {module: set() for module in MODULES}
    for imp in ALL_IMPORTS:
        runs = imp.module_level or not module_level_only
        if imp.target in MODULES and not imp.type_only and runs:
            edges[imp.source].add(imp.target)
    return edges


def test_the_cycle_finder_finds_cycles():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"a"}}) == [["a"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_at_module_level():
    assert cycles(graph(module_level_only=True)) == []


def test_no_import_cycle_through_function_level_imports_either():
    assert cycles(graph(module_level_only=False)) == []


# Rules inside a layer (DESIGN.md §5): (importer prefix, imported prefix, why not).
WITHIN_LAYER_NEVER = (
    ("lstm_arcade.ui.widgets", "lstm_arcade.ui.views", "widgets never import views"),
    ("lstm_arcade.ui.widgets", "lstm_arcade.ui.controls", "widgets never import the panel"),
    ("lstm_arcade.actions", "lstm_arcade.ui", "the action vocabulary is plain data"),
    ("lstm_arcade.app.state", "lstm_arcade.app.app", "the state knows nothing of the loop"),
    ("lstm_arcade.app.files", "lstm_arcade.app.dispatch", "files report; the dispatcher decides"),
    ("lstm_arcade.app.devices", "lstm_arcade.app.dispatch", "devices give actions, never dispatch"),
)


def _under(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


@pytest.mark.parametrize(("importer", "imported", "why"), WITHIN_LAYER_NEVER)
def test_rules_inside_a_layer(importer, imported, why):
    wrong = [where(imp) for imp in ALL_IMPORTS if _under(imp.source, importer)
             and _under(imp.target, imported) and not imp.type_only]
    assert wrong == [], why


def test_only_the_dispatcher_and_session_change_the_app_state():
    """`state.X = …` (and `state.X ^= …`) appears only in app/dispatch.py and app/session.py:
    views, widgets, devices and files read the state; they never change it."""
    import re

    assignment = re.compile(r"\bstate\.\w+\s*(?:[-+^|&]?=)(?!=)|\bstate\.\w+\.(?:add|clear|update|discard)\(")
    allowed = {"lstm_arcade.app.dispatch", "lstm_arcade.app.session"}
    wrong = []
    for module, path in MODULES.items():
        if module in allowed:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if assignment.search(line.split("#")[0]):
                wrong.append(f"{path.relative_to(REPO)}:{number}: {line.strip()}")
    assert wrong == []
