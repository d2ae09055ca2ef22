"""The package installs like a real one: every package and every asset is in the wheel, and
nothing finds its data relative to the source tree (a wheel installed elsewhere has none)."""

from __future__ import annotations

import ast
import glob
import importlib.util
import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "lstm_arcade"
ASSETS = REPO / "assets"
LOCATOR = PACKAGE / "formats" / "assets.py"  # the one module that knows where the assets are
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
SETUPTOOLS = PYPROJECT["tool"]["setuptools"]
SKIPPED_PARTS = {"__pycache__"}


def source_files(root: Path, pattern: str = "*") -> list[Path]:
    return sorted(p for p in root.rglob(pattern) if p.is_file() and not SKIPPED_PARTS & set(p.parts))


def asset_files() -> set[str]:
    """Every data file under assets/ (its Python package file aside), relative to it."""
    return {
        p.relative_to(ASSETS).as_posix()
        for p in source_files(ASSETS)
        if p.name != "__init__.py" and p.suffix != ".pyc"
    }


def modules() -> list[Path]:
    return source_files(PACKAGE, "*.py")


def test_the_package_list_is_every_package_there_is():
    """A package left out of the list is left out of the wheel; a folder of modules without an
    __init__.py would be left out without a word."""
    found = {
        ".".join(p.parent.relative_to(REPO).parts) for p in source_files(PACKAGE, "__init__.py")
    }
    assert SETUPTOOLS["package-dir"] == {"lstm_arcade.assets": "assets"}
    assert (ASSETS / "__init__.py").is_file()
    assert sorted(SETUPTOOLS["packages"]) == sorted(found | {"lstm_arcade.assets"})
    folders_of_modules = {p.parent for p in modules()}
    assert [f for f in folders_of_modules if not (f / "__init__.py").is_file()] == []


def test_every_asset_file_is_declared_package_data():
    """The package-data globs, expanded as setuptools does, cover every file under assets/."""
    patterns = SETUPTOOLS["package-data"]["lstm_arcade.assets"]
    declared = {
        Path(match).relative_to(ASSETS).as_posix()
        for pattern in patterns
        for match in glob.glob(str(ASSETS / pattern))
        if Path(match).is_file()
    }
    assert asset_files() - declared == set()
    assert all(glob.glob(str(ASSETS / pattern)) for pattern in patterns)  # no stale pattern


def test_every_asset_the_code_names_is_there():
    """`asset_path("…")` with a literal name: that file exists and is package data."""
    named = set()
    for path in modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", None)) == "asset_path"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                named.add(node.args[0].value)
    assert named  # the scan sees the calls
    assert named - asset_files() == set()


def test_no_module_finds_data_from_its_own_file():
    """`__file__` points into the source tree of a checkout, and into site-packages of a wheel:
    data found from it works in one and not the other. Only formats/assets.py finds data."""
    uses = []
    for path in modules():
        source = path.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(source)):
            where = f"{path.relative_to(REPO)} line {getattr(node, 'lineno', '?')}"
            if isinstance(node, ast.Name) and node.id == "__file__":
                uses.append(f"{where}: __file__")
            if path == LOCATOR:
                continue
            if isinstance(node, ast.ImportFrom):
                imported = [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                imported = [a.name for a in node.names]
            else:
                imported = []
            if any(name.startswith("importlib.resources") for name in imported):
                uses.append(f"{where}: importlib.resources")
            if isinstance(node, ast.Constant) and node.value == "lstm_arcade.assets":
                uses.append(f"{where}: names the assets package")
    assert uses == []


TOOLS = REPO / "tools"
DEVELOPER_TOOLS = ("bench", "monkey", "soak")


def test_the_developer_tools_live_outside_the_product():
    """bench, monkey and soak are in tools/ (run as `python -m tools.bench` and so on), not under
    lstm_arcade/, and tools/ is no package of the wheel."""
    assert [name for name in DEVELOPER_TOOLS if not (TOOLS / f"{name}.py").is_file()] == []
    left = [
        p.relative_to(REPO).as_posix()
        for p in PACKAGE.rglob("*")
        if p.stem in DEVELOPER_TOOLS and not SKIPPED_PARTS & set(p.parts)
    ]
    assert left == []
    assert [p for p in SETUPTOOLS["packages"] if p == "tools" or p.startswith("tools.")] == []


def test_the_product_imports_nothing_from_tools():
    """The tools use the app; the app never uses them (a wheel has no tools/ to import)."""
    uses = []
    for path in modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 0:
                imported = [node.module or ""]
            elif isinstance(node, ast.Import):
                imported = [a.name for a in node.names]
            else:
                continue
            if any(name == "tools" or name.startswith("tools.") for name in imported):
                uses.append(f"{path.relative_to(REPO)} line {node.lineno}")
    assert uses == []


def _can_build_offline() -> str | None:
    """None when this environment can build the wheel without the network, else why not."""
    if importlib.util.find_spec("setuptools") is None:
        return "setuptools is not installed in this environment (pip install '.[test]' brings it)"
    import setuptools

    major_minor = tuple(int(p) for p in setuptools.__version__.split(".")[:2])
    if major_minor < (70, 1) and importlib.util.find_spec("wheel") is None:
        return (f"setuptools {setuptools.__version__} builds wheels only with the wheel package "
                "(setuptools 70.1 and later on its own); pip install '.[test]' brings it")
    return None


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel, built offline from a copy of the sources (a build in the checkout would leave
    build/ behind)."""
    why_not = _can_build_offline()
    if why_not:
        pytest.skip(why_not)
    root = tmp_path_factory.mktemp("wheel")
    source = root / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, source / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for name in ("lstm_arcade", "assets", "tools"):  # tools/ as in a clone: it must stay out
        shutil.copytree(REPO / name, source / name, ignore=ignore)
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
         "-q", "-w", str(root / "dist"), str(source)],
        capture_output=True, text=True, timeout=600, check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    (built,) = (root / "dist").glob("lstm_arcade-*.whl")
    return built


def test_the_wheel_holds_every_module_and_asset(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    expected_modules = {p.relative_to(REPO).as_posix() for p in modules()}
    expected_assets = {f"lstm_arcade/assets/{name}" for name in asset_files()}
    assert expected_modules - names == set()
    assert expected_assets - names == set()
    assert "lstm_arcade/assets/__init__.py" in names
    assert [n for n in names if n.startswith("tools/")] == []
    info = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert "lstm-arcade = lstm_arcade.cli:main" in zipfile.ZipFile(wheel).read(info).decode()


def test_the_unpacked_wheel_runs_from_another_folder(wheel, tmp_path):
    """Its own assets, not the checkout's: fonts for the frame, task presets for --task."""
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site), "SDL_VIDEODRIVER": "dummy",
           "SDL_AUDIODRIVER": "dummy", "PYTHONDONTWRITEBYTECODE": "1"}
    where = subprocess.run(
        [sys.executable, "-c", "import lstm_arcade.formats.assets as a; print(a.asset_path('tour.txt'))"],
        cwd=elsewhere, env=env, capture_output=True, text=True, timeout=120, check=False,
    )
    assert where.returncode == 0, where.stderr
    assert Path(where.stdout.strip()).is_relative_to(site)  # not the checkout's assets/
    task = tomllib.loads((ASSETS / "tasks.toml").read_text(encoding="utf-8"))["task"][0]["name"]
    done = subprocess.run(
        [sys.executable, "-m", "lstm_arcade", "--size", "1280x720", "--frames", "3",
         "--task", task, "--screenshot", "out.png", "--export-trace", "out.csv"],
        cwd=elsewhere, env=env, capture_output=True, text=True, timeout=120, check=False,
    )
    assert (done.returncode, done.stderr) == (0, "")
    png = (elsewhere / "out.png").read_bytes()
    assert png.startswith(b"\x89PNG") and png.endswith(b"IEND\xaeB`\x82")
    assert (elsewhere / "out.csv").read_text(encoding="utf-8").startswith("t,x,")
