"""The one checked TOML reading path: every file kind against every hostile class, through the real
loader and a real file; the work a file can cause bounded before parsing; the number check."""

from __future__ import annotations

import math
import time
import tomllib
from pathlib import Path

import pytest

from lstm_arcade.formats.config import ConfigError, load_config
from lstm_arcade.formats.presets import load_presets
from lstm_arcade.formats.scenario import ScenarioError, load_scenario
from lstm_arcade.formats.tasks_file import TaskError, load_tasks
from lstm_arcade.formats.toml_file import (
    MAX_BARE,
    MAX_DEPTH,
    MAX_ESCAPES,
    MAX_KEY_PARTS,
    MAX_LINES,
    MAX_SLOW,
    MAX_TOKENS,
    NumberError,
    TomlError,
    number_in,
    parse_toml,
    prescan,
)
from lstm_arcade.physical.mapping import load_controller_mapping, load_midi_mapping

BIG = "9" * 400  # too big for a float: math.isfinite(int) raised OverflowError
HUGE = "9" * 5_000  # over Python's int digit limit: tomllib raised ValueError

TASK = """[[task]]
name = "Echo"
explanation = "Say the input back."
generator = "echo"
length = 12
batch_size = 32
seed = 1
loss = {n}
max_epochs = 100
learning_rate = 0.1
optimizer = "adam"
"""


def _scenario(path: Path) -> str:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    return str(caught.value)


def _config(path: Path) -> str:
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    return str(caught.value)


def _mapping(load):
    def run(path: Path) -> str:
        _, problem = load(path)
        assert problem is not None, "a hostile file was used"
        return problem

    return run


def _presets(path: Path) -> str:
    _, problem = load_presets(path)
    assert problem is not None, "a hostile file was used"
    return problem


def _tasks(path: Path) -> str:
    with pytest.raises(TaskError) as caught:
        load_tasks(path)
    return str(caught.value)


# kind -> (the loader, a good first line, the file with N in a number key, the key it names)
KINDS = {
    "scenario": (_scenario, 'sequence = "1"\n', 'sequence = "1"\nspeed = {n}\n', "speed"),
    "settings": (_config, "idle_seconds = 5\n", "idle_seconds = {n}\n", "idle_seconds"),
    "controllers": (_mapping(load_controller_mapping), "dead_zone = 0.4\n", "dead_zone = {n}\n", "dead_zone"),
    "midi": (_mapping(load_midi_mapping), "# faders\n", "[bindings]\nw_f = {{ channel = 1, cc = {n} }}\n", "cc"),
    "presets": (_presets, "# presets\n",
                '[[preset]]\nkey = {n}\nname = "P"\nexplanation = "E"\nsequence = "1"\n', "key"),
    "tasks": (_tasks, "# tasks\n", TASK, "loss"),
}

# Hostile structures, each on line 2 after a good first line.
STRUCTURES = {
    "arrays 100,000 deep": ("x = " + "[" * 100_000 + "]" * 100_000 + "\n", "nested too deeply"),
    "inline tables 100,000 deep": ("x = " + "{a = " * 100_000 + "1" + "}" * 100_000 + "\n", "nested too deeply"),
    "[a.a.a…] header of 100,000 parts": ("[" + ".".join(["a"] * 100_000) + "]\n", "more than 32 dotted parts"),
    "dotted key of 40,000 parts": (".".join(["a"] * 40_000) + " = 1\n", "more than 32 dotted parts"),
}


def _one_line(message: str) -> None:
    assert "\n" not in message and "Traceback" not in message and len(message) < 300, message


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("case", STRUCTURES)
def test_every_file_kind_refuses_every_hostile_structure_by_line(tmp_path, kind, case, monkeypatch):
    load, first, _, _ = KINDS[kind]
    text, says = STRUCTURES[case]
    path = tmp_path / f"{kind}.toml"
    path.write_text(first + text, encoding="utf-8")
    monkeypatch.setattr(tomllib, "loads", lambda *a, **k: pytest.fail("parsed although refused"))
    message = load(path)
    _one_line(message)
    assert "line 2" in message and says in message, message


@pytest.mark.parametrize("kind", KINDS)
def test_every_file_kind_cuts_a_100000_character_key_it_names(tmp_path, kind):
    load, first, _, _ = KINDS[kind]
    path = tmp_path / f"{kind}.toml"
    path.write_text(first + '"' + "k" * 100_000 + '" = 1\n', encoding="utf-8")
    message = load(path)
    _one_line(message)
    assert "kkkkkkkkkk…" in message, message


@pytest.mark.parametrize("kind", KINDS)
def test_every_file_kind_says_a_400_digit_number_is_outside(tmp_path, kind):
    load, _, template, key = KINDS[kind]
    path = tmp_path / f"{kind}.toml"
    path.write_text(template.format(n=BIG), encoding="utf-8")
    message = load(path)
    _one_line(message)
    assert key in message and "9999999999…" in message, message
    assert "outside" in message or "must be" in message, message


@pytest.mark.parametrize("kind", KINDS)
def test_every_file_kind_refuses_a_5000_digit_number_by_line(tmp_path, kind):
    load, _, template, _ = KINDS[kind]
    path = tmp_path / f"{kind}.toml"
    text = template.format(n=HUGE)
    path.write_text(text, encoding="utf-8")
    message = load(path)
    _one_line(message)
    line = text[: text.index(HUGE)].count("\n") + 1
    assert f"line {line}" in message and "a number of 5,000 digits (at most 4,300)" in message, message


# --- the limits ----------------------------------------------------------------------------
def _tokens(line: str, tokens_per_line: int, budget: int = MAX_TOKENS) -> str:
    """Copies of `line` (its N numbered) just under the token budget."""
    return "".join(line.replace("N", str(n)) for n in range(budget // tokens_per_line - 2))


PARTS = ".".join(["a"] * (MAX_KEY_PARTS - 1))
# The worst file just under each limit (module docstring: what each measured).
WORST = {
    "keys": _tokens("kN = 1\n", 4),
    "dotted keys": _tokens(PARTS + ".bN = 1\n", 2 * MAX_KEY_PARTS + 2),
    "headers": _tokens("[" + PARTS + ".bN]\n", 2 * MAX_KEY_PARTS + 2),
    "nesting": _tokens("kN = " + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "\n", 2 * MAX_DEPTH + 3),
    "inline nesting": _tokens("kN = " + "{a = " * (MAX_DEPTH - 1) + "1" + "}" * (MAX_DEPTH - 1) + "\n",
                              4 * MAX_DEPTH + 2),
    "blank lines": "\n" * (MAX_LINES - 1),
    "escapes": 'x = "' + "\\n" * MAX_ESCAPES + '"\n',
    "slow strings": 'x = "' + "'" * (MAX_SLOW - 2) + '"\n' + 'y = """' + "a" * 800_000 + '"""\n',
    "bare": "x = 1." + "5" * (MAX_BARE - 10) + "\n",
    "a 1 MB string": 'sequence = "' + ", ".join(["0.123456"] * 99_999) + '"\n',
}
# One past each limit, and what the message names.
OVER = {
    "tokens": ("k = [" + "1, " * MAX_TOKENS + "]\n", f"more than {MAX_TOKENS:,} keys, values"),
    "key parts": (".".join(["a"] * (MAX_KEY_PARTS + 1)) + " = 1\n", f"more than {MAX_KEY_PARTS} dotted parts"),
    "header parts": ("[[" + ".".join(["a"] * (MAX_KEY_PARTS + 1)) + "]]\n", "dotted parts"),
    "depth": ("x = " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "\n", f"more than {MAX_DEPTH} levels"),
    "lines": ("\n" * (MAX_LINES + 1), f"more than {MAX_LINES:,} lines"),
    "escapes": ('x = "' + "\\t" * (MAX_ESCAPES + 1) + '"\n', f"more than {MAX_ESCAPES:,} backslashes"),
    "bare": ("x = [" + ", ".join(["1" * 1000] * (MAX_BARE // 1000 + 1)) + "]\n", f"more than {MAX_BARE:,} characters"),
    "slow strings": ("x = [" + ", ".join(['"' + "'" * 998 + '"'] * (MAX_SLOW // 1000 + 1)) + "]\n",
                     f'more than {MAX_SLOW:,} characters in "strings"'),
    "unclosed string": ('x = """' + "a" * 500_000 + "\n", "a string that is not closed, column 5"),
}


@pytest.mark.parametrize("case", WORST)
def test_the_worst_file_under_each_limit_is_read_quickly(case):
    text = WORST[case]
    start = time.perf_counter()
    parse_toml(text)
    # Measured 3-12 ms (formats/toml_file.py's docstring); this bound only catches a return of
    # the slow cases (a 40,000-part key took 30 s, 1 MB of keys 0.25 s).
    assert time.perf_counter() - start < 1.0


@pytest.mark.parametrize("case", OVER)
def test_one_past_each_limit_is_refused_before_parsing(case, monkeypatch):
    text, says = OVER[case]
    monkeypatch.setattr(tomllib, "loads", lambda *a, **k: pytest.fail("parsed although refused"))
    with pytest.raises(TomlError) as caught:
        parse_toml(text)
    assert says in caught.value.message and caught.value.line is not None, caught.value.message


def test_real_files_are_far_below_every_limit():
    from lstm_arcade.formats.assets import asset_path

    for name in ("tasks.toml", "presets.toml", "controllers.toml", "midi.toml"):
        prescan(asset_path(name).read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "text",
    [
        'a = """x""""\n', "a = '''x'''''\n", 'a = "q\\"u\\\\"\n', "a = 'C:\\path'\n",
        'a = """\nfirst line dropped\n  "quoted" ""twice""\n"""\nb = """""x"""""\nc = "tab\there"\n',
        '"k" = "v"\n"it\'s" = "q"\nd = "ü €"\n',
        '"quoted.key".b = 1\nc = { d.e = [1, {f = 2}], g = "#" } # comment\n',
        "[[t.u]]\nx = [\n  1,\n  # c\n  2,\n]\n[v]\n'w' = 1979-05-27T07:32:00Z\n",
        "x = 1.5e3\ny = 0xff\nz = +inf\n", "a.b.c = 1\n[a.d]\n",
    ],
)
def test_prescan_reads_valid_toml_as_tomllib_does(text):
    assert parse_toml(text) == tomllib.loads(text)


@pytest.mark.parametrize(
    "text, line, says",
    [
        ('sequence = "1, 0"\nspeed = fast\n', 2, "speed: not valid TOML (invalid value, column 9)"),
        ('sequence = "1"\nsequence = "0"\n', 2, "sequence: not valid TOML (cannot overwrite a value"),
        ("x = [1, 2\n", 1, "x: not valid TOML (unclosed array)"),
        ("ok = 1\n\x00\n", 2, "not valid TOML (invalid statement, column 1): \\x00"),
        ('x = "abc\n', 1, "x: not valid TOML (a string that is not closed, column 5)"),
    ],
)
def test_syntax_errors_are_one_line_with_line_and_key(text, line, says):
    with pytest.raises(TomlError) as caught:
        parse_toml(text)
    assert caught.value.line == line and str(caught.value).startswith(says), str(caught.value)


def test_memory_and_recursion_errors_of_the_parser_are_one_line(monkeypatch):
    for error in (MemoryError, RecursionError):
        def fail(*_, error=error):
            raise error()

        monkeypatch.setattr(tomllib, "loads", fail)
        with pytest.raises(TomlError) as caught:
            parse_toml("x = 1\n")
        assert "\n" not in str(caught.value)


# --- numbers -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "value, whole, reason",
    [
        (10**400, True, "is outside 0 … 63"), (-(10**400), False, "is outside 0 … 63"),
        (10**400, False, "is outside 0 … 63"), (math.nan, False, "is outside 0 … 63"),
        (-math.inf, False, "is outside 0 … 63"), (64, True, "is outside 0 … 63"),
        (True, False, "is not a number"), ("3", False, "is not a number"), (None, True, "is not a number"),
        (1.5, True, "is not a whole number"), (math.nan, True, "is not a whole number"),
    ],
)
def test_number_in_refuses_without_raising_anything_else(value, whole, reason):
    with pytest.raises(NumberError) as caught:
        number_in(value, 0, 63, whole=whole)
    assert caught.value.reason == reason


def test_number_in_gives_floats_and_ints_and_half_open_ranges():
    assert number_in(4, 0.25, 30) == 4.0 and isinstance(number_in(4, 0.25, 30), float)
    assert number_in(7, 0, 63, whole=True) == 7 and isinstance(number_in(7, 0, 63, whole=True), int)
    assert number_in(10**300, 0) == 1e300
    for value, reason in ((10**400, "is too big for a number"), (-1, "is less than 0"), (math.nan, "is not a number")):
        with pytest.raises(NumberError, match=reason):
            number_in(value, 0)
    with pytest.raises(NumberError, match="is more than 9"):
        number_in(10, high=9)
