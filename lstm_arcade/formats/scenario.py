"""Scenario files: a lesson's sequence, target, weights, speed and display options as TOML.

A scenario is checked whole before anything is applied: a bad file is refused with one line naming
the file, the line and the key (`lesson.toml line 4: weights.w_f = 3.0 is outside -2 … 2`) and the
current state is kept. Unknown keys are errors; files over 1 MB are refused before reading.

Every key lives in one table, `SCHEMA`: its kind (how it is checked and written) and its help line
(a comment in saved files). How a key is read from the running app and put back is the session's
(`lstm_arcade/session.py`, one entry per key). A later capability adds a key by adding one entry
here and one there (e.g. `compare`, or an `[rnn_weights]` table of kind "weights" over
`RNN_SPEC_BY_NAME`); a key is accepted only when the schema has it.

A pure file format: no pygame, no ui, no app.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..i18n import Message, message_of
from ..model import SPEC_BY_NAME, SequenceError, parse_sequence
from ..sim import SPEED_DEFAULT, SPEED_MAX, SPEED_MIN
from ..sim.pins import MAX_PINS
from ..sim.simulation import count_message
from .series import SERIES_IDS
from .textfile import find_line
from .toml_file import NumberError, TomlError, number_in, parse_toml, read_toml_file

MAX_BYTES = 1024 * 1024  # 1 MB: a 100,000-value sequence fits; anything bigger is a mistake
SUFFIX = ".toml"
Value = Any


class ScenarioError(ValueError):
    """One line: `FILE line N: what is wrong with which key` (file and line when known).

    `reason` and `message()` are `Message`s: English, translated where the app shows them."""

    def __init__(self, reason: str, key: str | None = None, file: str | None = None, line: int | None = None):
        self.reason, self.key, self.file, self.line = reason, key, file, line
        super().__init__(self.message())

    def message(self, file: str | None = None) -> str:
        """The line, naming `file` (default: the file it came from)."""
        where = file if file is not None else self.file
        if where and self.line:
            # TRANSLATORS: file is a scenario file's name, line its line number
            return Message("{file} line {line}: {reason}", file=where, line=self.line, reason=self.reason)
        return Message("{file}: {reason}", file=where, reason=self.reason) if where else self.reason

    def located(self, file: str, line: int | None) -> ScenarioError:
        return ScenarioError(self.reason, self.key, file, line if line is not None else self.line)


# --- the schema ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Field:
    """One key of a scenario file."""

    kind: str  # "sequence", "target", "number", "bool", "series", "pins" or "weights" (a table)
    help: str  # one line, written as a comment above the key in saved files
    low: float = 0.0  # "number": the range
    high: float = 0.0
    unit: str = ""
    specs: Callable[[], Mapping[str, Any]] | None = None  # "weights": name → spec with min/max
    required: bool = False

    @property
    def is_table(self) -> bool:
        return self.kind == "weights"


SCHEMA: dict[str, Field] = {
    "sequence": Field(
        "sequence", 'the input sequence as typed, e.g. "1, 0, 0, 0, 0" (values in -10 … 10)',
        required=True,
    ),
    "target": Field("target", "the training target: one value per input (left out: no target)"),
    "speed": Field(
        "number", f"play speed in steps per second ({SPEED_MIN:g} … {SPEED_MAX:g}; left out: {SPEED_DEFAULT:g})",
        # TRANSLATORS: follows a range in a message: "speed = 40 is outside 0.25 … 30 steps per second"
        low=SPEED_MIN, high=SPEED_MAX, unit=Message(" steps per second"),
    ),
    "hidden_series": Field(
        "series", "graph lines hidden, of: " + ", ".join(SERIES_IDS) + " (left out: all shown)",
    ),
    "reduce_motion": Field(
        "bool", "true: no moving pulses, values only fade (left out: the viewer's setting stays)",
    ),
    "compare": Field("bool", "true: compare mode, a basic RNN beside the LSTM (left out: off)"),
    "weights": Field(
        "weights", "the 13 weights (W, U and W_out in -2 … 2, b in -1 … 1; left out: the default)",
        specs=lambda: SPEC_BY_NAME,
    ),
    "pins": Field(
        "pins", f"pinned runs (at most {MAX_PINS}, oldest first): the weights of each that differ from the "
        "default, e.g. [{w_f = 2.0}, {}] (left out: no pins)",
        specs=lambda: SPEC_BY_NAME,
    ),
}


# --- the scenario ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Scenario:
    """Checked values by schema key, in schema order; a key the file left out is absent.

    `scenario.sequence`, `scenario.weights` … read a key (None when left out)."""

    values: dict[str, Value] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Value:
        if name in SCHEMA:
            return self.values.get(name)
        raise AttributeError(name)


def make_scenario(**values: Value) -> Scenario:
    """A checked scenario from keyword values, e.g. `make_scenario(sequence="1, 0", speed=4.0)`."""
    return Scenario(validate(values))


def validate(data: Mapping[str, Value]) -> dict[str, Value]:
    """Every key checked and normalised (numbers as floats), in schema order; ScenarioError (with
    the key, without file and line) at the first problem."""
    for key in data:
        if key not in SCHEMA:
            raise ScenarioError(
                Message("unknown key '{key}' (known: {known})", key=_cut(key), known=", ".join(SCHEMA)), key
            )
    for key, spec in SCHEMA.items():
        if spec.required and key not in data:
            raise ScenarioError(Message("the key '{key}' is missing, e.g. {key} = \"1, 0, 0, 0, 0\"", key=key), key)
    out: dict[str, Value] = {}
    for key, spec in SCHEMA.items():
        if key in data:
            out[key] = _check(key, spec, data[key], out)
    return out


def _check(key: str, spec: Field, value: Value, done: dict[str, Value]) -> Value:
    """`value` checked and normalised by its field's kind; `done`: the keys checked before it."""
    check = _CHECKS.get(spec.kind)
    if check is None:
        raise AssertionError(f"unknown kind {spec.kind!r}")
    return check(key, spec, value, done)


def _check_sequence(key: str, spec: Field, value: Value, done: dict[str, Value]) -> Value:
    """"sequence" and "target": text that parses; a target as long as the sequence."""
    if not isinstance(value, str):
        raise ScenarioError(Message(
            '{key} = {value} must be text in quotes, e.g. {key} = "1, 0, 0"', key=key, value=_shown(value)
        ), key)
    try:
        values = parse_sequence(value)
    except SequenceError as exc:
        raise ScenarioError(Message("{key}: {reason}", key=key, reason=message_of(exc)), key) from None
    if spec.kind == "target" and values:
        length = len(parse_sequence(done.get("sequence", "")))
        if len(values) != length:
            raise ScenarioError(Message(
                "{key} has {count} but the sequence has {length}",
                key=key, count=count_message(len(values)), length=count_message(length),
            ), key)
    return value


def _check_number(key: str, spec: Field, value: Value, done: dict[str, Value]) -> Value:
    return _number(key, value, spec.low, spec.high, spec.unit)


def _check_bool(key: str, spec: Field, value: Value, done: dict[str, Value]) -> Value:
    if not isinstance(value, bool):
        raise ScenarioError(
            Message("{key} = {value} must be true or false (no quotes)", key=key, value=_shown(value)), key
        )
    return value


def _check_series(key: str, spec: Field, value: Value, done: dict[str, Value]) -> Value:
    """Series names, returned in SERIES_IDS order."""
    known = SERIES_IDS
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ScenarioError(Message(
            '{key} = {value} must be a list of series names, e.g. ["f", "i"]', key=key, value=_shown(value)
        ), key)
    for name in value:
        if name not in known:
            raise ScenarioError(Message(
                "{key}: '{name}' is not a series (known: {known})", key=key, name=_cut(name), known=", ".join(known)
            ), key)
    return [name for name in known if name in value]


def _check_pins(key: str, spec: Field, value: Value, done: dict[str, Value]) -> Value:
    """At most MAX_PINS tables, each checked as weights (`pins[2].w_f` in messages)."""
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ScenarioError(Message(
            "{key} = {value} must be a list of tables, e.g. [{{w_f = 2.0}}, {{}}]", key=key, value=_shown(value)
        ), key)
    if len(value) > MAX_PINS:
        raise ScenarioError(
            Message("{key} has {n} pins; at most {most}", key=key, n=len(value), most=MAX_PINS), key
        )
    table = Field("weights", "", specs=spec.specs)
    return [_check(f"{key}[{k}]", table, weights, done) for k, weights in enumerate(value, 1)]


def _check_weights(key: str, spec: Field, value: Value, done: dict[str, Value]) -> Value:
    """A table of known parameters in their ranges, returned in the spec table's order."""
    specs = spec.specs() if spec.specs else {}
    if not isinstance(value, dict):
        raise ScenarioError(Message(
            "{key} = {value} must be a table: [{key}] with lines like w_f = 1.5", key=key, value=_shown(value)
        ), key)
    out = {}
    for name, number in value.items():
        dotted = f"{key}.{name}"
        if name not in specs:
            raise ScenarioError(Message(
                "{name} is not a parameter (known: {known})", name=_cut(dotted), known=", ".join(specs)
            ), dotted)
        out[name] = _number(dotted, number, specs[name].min, specs[name].max)
    return {name: out[name] for name in specs if name in out}  # the table's order


# kind -> its check: (key, field, value, the keys checked before) -> the value to keep
_CHECKS: dict[str, Callable[[str, Field, Value, dict[str, Value]], Value]] = {
    "sequence": _check_sequence,
    "target": _check_sequence,
    "number": _check_number,
    "bool": _check_bool,
    "series": _check_series,
    "pins": _check_pins,
    "weights": _check_weights,
}


def _number(key: str, value: Value, low: float, high: float, unit: str = "") -> float:
    try:
        return number_in(value, low, high, unit=unit)
    except NumberError as exc:
        raise ScenarioError(
            # TRANSLATORS: "speed = 40 is outside 0.25 … 30": a key, its value and what is wrong
            Message("{key} = {value} {reason}", key=key, value=_shown(value), reason=exc.reason), key
        ) from None


def _cut(text: str, limit: int = 40) -> str:
    text = text if text.isprintable() else repr(text)[1:-1]
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _shown(value: Value) -> str:
    """A value as it was written in the file, shortened to stay on one line."""
    try:
        return _cut(_toml(value))
    except TypeError:  # a date or a table: its Python form is as clear
        return _cut(repr(value))


# --- reading ---------------------------------------------------------------------------------
def load_scenario(path: str | os.PathLike[str]) -> Scenario:
    """Read and check a scenario file; ScenarioError (one line) on any problem. Refused before
    reading: not a regular file, over 1 MB; before parsing: a file that would take long
    (`formats.toml_file`)."""
    name = str(path)
    try:
        data, text = read_toml_file(Path(path), Message("scenario file"), MAX_BYTES)
    except TomlError as exc:
        raise ScenarioError(exc.reason, exc.key, name, exc.line) from None
    return _checked(data, text, name)


def parse_scenario(text: str, name: str = "scenario") -> Scenario:
    """A scenario from TOML text (as `load_scenario`, without the file)."""
    try:
        data = parse_toml(text)
    except TomlError as exc:
        raise ScenarioError(exc.reason, exc.key, name, exc.line) from None
    return _checked(data, text, name)


def _checked(data: dict[str, Value], text: str, name: str) -> Scenario:
    """The file's table validated; an error gets the line of its key (`pins[2].w_f`: of `pins`)."""
    try:
        return Scenario(validate(data))
    except ScenarioError as exc:
        key = re.sub(r"\[\d+\]", "", exc.key) if exc.key else None  # find_line knows no indexes
        raise exc.located(name, find_line(text, key) if key else None) from None


# --- writing ---------------------------------------------------------------------------------
def dump_scenario(scenario: Scenario) -> str:
    """The scenario as TOML text (written here, no third-party writer); `load` gives it back
    exactly (floats are written with repr)."""
    values = scenario.values
    lines = [
        "# LSTM Arcade scenario: open it with Ctrl+O in the app, or: lstm-arcade --scenario FILE",
        "# Every key may be left out except sequence; an unknown key is an error.",
        "",
    ]
    for key, spec in SCHEMA.items():
        if key in values and values[key] is not None and not spec.is_table:
            lines += [f"# {spec.help}", f"{key} = {_toml(values[key])}", ""]
    for key, spec in SCHEMA.items():
        if key in values and values[key] is not None and spec.is_table:
            lines += [f"# {spec.help}", f"[{key}]"]
            lines += [f"{name} = {_toml(number)}" for name, number in values[key].items()]
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def _toml(value: Value) -> str:
    """One TOML value: a basic string, a float (repr: exact), an integer, a boolean or a list."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if not math.isfinite(value):
            return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        out = []
        for char in value:
            if char in _ESCAPES:
                out.append(_ESCAPES[char])
            elif ord(char) < 0x20 or ord(char) == 0x7F:
                out.append(f"\\u{ord(char):04X}")
            else:
                out.append(char)
        return '"' + "".join(out) + '"'
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, dict):  # an inline table (keys are parameter names: bare keys)
        return "{" + ", ".join(f"{name} = {_toml(v)}" for name, v in value.items()) + "}"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


# --- the scenarios folder ------------------------------------------------------------------
@dataclass(frozen=True)
class Entry:
    """One file in the scenarios folder."""

    path: Path
    modified: float  # seconds since the epoch

    @property
    def name(self) -> str:
        return self.path.name


def list_scenarios(folder: Path, limit: int = 2000) -> list[Entry]:
    """The folder's `.toml` files, newest first (hidden files and sub-folders left out); empty
    when the folder does not exist yet. OSError when it cannot be read."""
    entries = []
    try:
        scan = os.scandir(folder)
    except FileNotFoundError:
        return []
    with scan:
        for item in scan:
            if item.name.startswith(".") or not item.name.lower().endswith(SUFFIX):
                continue
            try:
                if not item.is_file():
                    continue
                entries.append(Entry(Path(item.path), item.stat().st_mtime))
            except OSError:
                continue
    entries.sort(key=lambda e: (-e.modified, e.name))
    return entries[:limit]
