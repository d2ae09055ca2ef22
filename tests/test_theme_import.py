"""No module copies a theme colour at import: `--palette` and `--high-contrast` are set after
modules may have been imported (a scenario file loads before the theme is set), and every table
of colours must show them."""

from __future__ import annotations

import ast
import dataclasses
import importlib
import inspect
import pkgutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pygame
import pytest

import lstm_arcade
from lstm_arcade.cli import main
from lstm_arcade.ui import theme
from lstm_arcade.ui.layout import compute_layout
from lstm_arcade.ui.views.graph_series import SERIES

PACKAGE = Path(lstm_arcade.__file__).parent
THEME_TABLES = {"PALETTES", "HIGH_CONTRAST", "Theme"}  # the palettes' own definitions (Theme: the seed's)
# The LSTM's series and the palette colour each is drawn in (DESIGN.md §3).
SERIES_TONES = {
    "x": "INPUT_X", "c": "CELL_C", "h": "HIDDEN_H", "f": "FORGET_F", "i": "INPUT_I",
    "o": "OUTPUT_O", "y": "OUTPUT_Y",
}


@pytest.fixture
def seed_theme():
    """Start from the seed colours and leave them so for the next test, whatever happens."""
    theme.use_display()
    yield
    theme.use_display()


def colour_names() -> dict[str, theme.Color]:
    """Every colour the theme defines, by name (the current Theme's fields)."""
    current = theme.current()
    return {field.name: getattr(current, field.name) for field in dataclasses.fields(current)}


def every_module() -> list[Any]:
    names = [m.name for m in pkgutil.walk_packages([str(PACKAGE)], "lstm_arcade.")]
    return [importlib.import_module(n) for n in names if not n.endswith("__main__")]


def held(value: Any, depth: int = 2) -> Iterator[Any]:
    """`value` and what it holds, `depth` levels into tuples, lists, sets, dicts and dataclasses."""
    yield value
    if depth == 0 or isinstance(value, (str, bytes, type)):
        return
    if isinstance(value, dict):
        inner: Any = value.values()
    elif isinstance(value, (tuple, list, set, frozenset)):
        inner = value
    elif dataclasses.is_dataclass(value):
        inner = [getattr(value, f.name, None) for f in dataclasses.fields(value)]
    else:
        return
    for item in inner:
        yield from held(item, depth - 1)


def import_time_values(module: Any) -> Iterator[tuple[str, Any]]:
    """(where, value) for everything a module fixed at import: its globals, its classes'
    attributes, and the default arguments of its functions and methods."""

    def defaults(where: str, function: Any) -> Iterator[tuple[str, Any]]:
        function = getattr(function, "__func__", function)
        if inspect.isfunction(function):
            keywords = tuple((function.__kwdefaults__ or {}).values())
            for value in (function.__defaults__ or ()) + keywords:
                yield f"{where}() default", value

    for name, value in vars(module).items():
        if module is theme and name in THEME_TABLES:
            continue
        where = f"{module.__name__}.{name}"
        yield where, value
        if inspect.isclass(value) and value.__module__ == module.__name__:
            for attr, member in vars(value).items():
                yield f"{where}.{attr}", member
                yield from defaults(f"{where}.{attr}", member)
        elif inspect.isfunction(value) and value.__module__ == module.__name__:
            yield from defaults(where, value)


@pytest.mark.parametrize(
    "palette, high_contrast", [("okabe-ito", False), ("seed", True), ("okabe-ito", True)]
)
def test_no_module_keeps_a_colour_of_the_palette_it_was_imported_with(
    seed_theme, palette, high_contrast
):
    modules = every_module()  # imported (or already imported) with the seed colours
    before = colour_names()
    theme.use_display(palette, high_contrast)
    after = colour_names()
    old = {value: name for name, value in before.items() if after[name] != value}
    assert old  # the display option changes something
    stale = sorted(
        f"{where} holds the old {old[item]} {item}"
        for module in modules
        for where, value in import_time_values(module)
        for item in held(value)
        if isinstance(item, tuple) and item in old
    )
    assert stale == []


def import_time_expressions(tree: ast.Module) -> Iterator[ast.AST]:
    """What Python evaluates when it imports a module: module and class bodies, default
    arguments, decorators, base classes (not function bodies)."""
    stack: list[ast.AST] = list(tree.body)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield from node.args.defaults + [d for d in node.args.kw_defaults if d]
            yield from node.decorator_list
        elif isinstance(node, ast.ClassDef):
            stack.extend(node.body)
            yield from node.decorator_list + node.bases
        elif isinstance(node, ast.AnnAssign):
            if node.value is not None:
                yield node.value
        else:
            yield node


def test_no_source_reads_a_theme_colour_at_import():
    """Also the colours no display option changes today (TARGET, ACCENT …): a palette may."""
    colours = set(colour_names()) | {"GROUP_COLORS"}
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "theme.py":
            continue
        for expression in import_time_expressions(ast.parse(path.read_text(encoding="utf-8"))):
            for node in ast.walk(expression):
                if isinstance(node, (ast.Lambda, ast.FunctionDef, ast.AsyncFunctionDef)):
                    continue
                if (
                    isinstance(node, ast.Attribute)
                    and isinstance(node.value, ast.Name)
                    and node.value.id == "theme"
                    and node.attr in colours
                ):
                    where = f"{path.relative_to(PACKAGE)} line {node.lineno}"
                    found.append(f"{where}: theme.{node.attr}")
                if isinstance(node, ast.ImportFrom) and (node.module or "").endswith("theme"):
                    found += [
                        f"{path.relative_to(PACKAGE)} line {node.lineno}: imports {alias.name}"
                        for alias in node.names
                        if alias.name in colours
                    ]
    assert found == []


def test_a_scenario_with_the_okabe_ito_palette_draws_the_graph_in_okabe_ito(seed_theme, tmp_path):
    """Through the real command line: the scenario loads (and imports the graph's series) before
    the theme is set; the graph's lines and legend still come out in the chosen colours."""
    scenario = tmp_path / "lesson.toml"
    scenario.write_text('sequence = "1, 0, 0, 0, 0, 1, 0"\n', encoding="utf-8")
    shot = tmp_path / "shot.png"
    code = main([
        "--scenario", str(scenario), "--palette", "okabe-ito", "--high-contrast", "--steps", "5",
        "--size", "1280x720", "--frames", "2", "--fps", "0", "--screenshot", str(shot),
    ])
    assert code == 0
    image = pygame.image.load(str(shot))
    graph = compute_layout(1280, 720).graph
    seen = Counter(
        tuple(image.get_at((x, y)))[:3]
        for x in range(graph.left, graph.right)
        for y in range(graph.top, graph.bottom)
    )
    seed, okabe = theme.PALETTES["seed"], theme.PALETTES["okabe-ito"]
    assert {tone: seen[seed[tone]] for tone in SERIES_TONES.values()} == dict.fromkeys(
        SERIES_TONES.values(), 0
    )
    assert all(seen[okabe[tone]] > 0 for tone in SERIES_TONES.values()), seen.most_common(20)
    assert seen[theme.HIGH_CONTRAST["TEXT"]] > 0  # the legend's names in high-contrast white


def test_the_series_and_diagram_tables_follow_the_display(seed_theme):
    from lstm_arcade.ui.views.diagram_geometry import NODE_BY_KEY, WIRES

    theme.use_display("okabe-ito", True)
    okabe = theme.PALETTES["okabe-ito"]
    assert {s.key: s.color for s in SERIES if s.key in SERIES_TONES} == {
        key: okabe[tone] for key, tone in SERIES_TONES.items()
    }
    assert NODE_BY_KEY["c"].color == okabe["CELL_C"] and NODE_BY_KEY["add"].color == (255, 255, 255)
    assert WIRES[0].color == okabe["INPUT_X"]  # the [h(t-1), x(t)] bus
    assert theme.current().group_colors["forget"] == okabe["FORGET_F"]
