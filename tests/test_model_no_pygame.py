"""The model and the simulation never import pygame (DESIGN.md §5)."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import lstm_arcade

PACKAGE = Path(lstm_arcade.__file__).resolve().parent
PYGAME_IMPORT = re.compile(r"^\s*(import\s+pygame|from\s+pygame[\s.])", re.MULTILINE)

PROBE = """
import sys
import lstm_arcade.model
import lstm_arcade.sim
from lstm_arcade.model import LSTMParams, run
from lstm_arcade.sim import Simulation
run(LSTMParams(), [1, 0, 0])
Simulation()
loaded = sorted(m for m in sys.modules if m == "pygame" or m.startswith("pygame."))
assert not loaded, loaded
assert "lstm_arcade.model" in sys.modules and "lstm_arcade.sim" in sys.modules
print("ok")
"""


def _run_probe(code):
    env = {**os.environ, "PYGAME_HIDE_SUPPORT_PROMPT": "1"}
    return subprocess.run(
        [sys.executable, "-c", code],
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )


def test_importing_model_and_sim_loads_no_pygame():
    """A fresh interpreter imports and uses model and sim; no pygame module is loaded."""
    result = _run_probe(PROBE)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_probe_detects_pygame_when_it_is_imported():
    """The same probe fails when pygame is loaded (so the test above can fail)."""
    result = _run_probe("import pygame\n" + PROBE)
    assert result.returncode != 0
    assert "AssertionError" in result.stderr and "pygame" in result.stderr


def _sources(subpackage):
    files = sorted((PACKAGE / subpackage).rglob("*.py"))
    assert files, subpackage
    return files


@pytest.mark.parametrize("subpackage", ["model", "sim"])
def test_sources_do_not_mention_a_pygame_import(subpackage):
    """No `import pygame` / `from pygame ...` line anywhere in the model or sim sources."""
    for path in _sources(subpackage):
        text = path.read_text(encoding="utf-8")
        assert not PYGAME_IMPORT.search(text), path
        assert "import pygame" not in text, path
        assert "importlib" not in text or "pygame" not in text, path


def test_source_scan_pattern_catches_imports():
    """The pattern used by the scan matches the import forms it is meant to forbid."""
    for line in ("import pygame", "    import pygame.freetype", "from pygame import Rect"):
        assert PYGAME_IMPORT.search(line), line
    assert not PYGAME_IMPORT.search("# draws nothing; no pygame here")
