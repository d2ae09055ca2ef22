"""Classroom presets: a sequence and/or weights behind a chip and a number key (no pygame).

The presets live in `assets/presets.toml` so that staff can edit them; a bad file is reported in
one line naming the file and key, and the built-in presets below are used instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..model import SPEC_BY_NAME, LSTMParams, SequenceError, parse_sequence
from .assets import asset_path
from .textfile import shown
from .toml_file import NumberError, TomlError, number_in, parse_toml, read_toml_file

PRESETS_PATH = asset_path("presets.toml")
MAX_FILE_BYTES = 1_000_000
KEYS = {"key", "name", "explanation", "sequence", "weights"}


class PresetError(ValueError):
    """A presets file that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class Preset:
    key: int  # 1 … 9: the shortcut and the chip's number
    name: str
    explanation: str
    sequence: tuple[float, ...] | None = None  # None: keep the current sequence
    sequence_text: str = ""
    weights: dict[str, float] | None = field(default=None, hash=False)  # None: keep the weights

    def params(self) -> LSTMParams | None:
        """The preset's cell: its weights over the defaults (None when it sets no weights)."""
        return None if self.weights is None else LSTMParams(**self.weights)


BUILT_IN: tuple[Preset, ...] = (
    Preset(1, "Pulse", "A single pulse: watch the cell state C(t) carry it", (1, 0, 0, 0, 0), "1, 0, 0, 0, 0"),
    Preset(2, "Burst", "Three ones in a row: the memory builds up, then fades", (1, 1, 1, 0, 0), "1, 1, 1, 0, 0"),
    Preset(3, "Alternating", "On, off, on: the gates follow the input", (1, 0, 1, 0, 1), "1, 0, 1, 0, 1"),
    Preset(4, "Late pulse", "Nothing is remembered before the pulse arrives", (0, 0, 0, 1, 0), "0, 0, 0, 1, 0"),
    Preset(5, "Strong memory", "Forget gate open: C(t) keeps the pulse", weights={"b_f": 1.0, "w_f": 2.0, "u_f": 2.0}),
    Preset(6, "Weak memory", "Forget gate shut: C(t) drops the pulse", weights={"b_f": -1.0, "w_f": -2.0, "u_f": -2.0}),
)


def parse_presets(text: str, source: str = "presets.toml") -> tuple[Preset, ...]:
    """Every [[preset]] of the file, checked key by key."""
    try:
        data = parse_toml(text)
    except TomlError as exc:
        raise PresetError(exc.located(source)) from None
    return _presets(data, source)


def _presets(data: dict, source: str) -> tuple[Preset, ...]:
    unknown = set(data) - {"preset"}
    if unknown:
        raise PresetError(f"{source}: unknown key '{shown(min(unknown))}' (only [[preset]] tables)")
    tables = data.get("preset", [])
    if not isinstance(tables, list) or not tables:
        raise PresetError(f"{source}: no [[preset]] tables")
    presets, seen = [], set()
    for number, table in enumerate(tables, start=1):
        where = f"{source}: preset {number}"
        preset = _parse_one(where, table)
        if preset.key in seen:
            raise PresetError(f"{where}: key {preset.key} is used twice")
        seen.add(preset.key)
        presets.append(preset)
    return tuple(sorted(presets, key=lambda p: p.key))


def _parse_one(where: str, table: object) -> Preset:
    if not isinstance(table, dict):
        raise PresetError(f"{where}: not a table")
    unknown = set(table) - KEYS
    if unknown:
        raise PresetError(f"{where}: unknown key '{shown(min(unknown))}'")
    for required in ("key", "name", "explanation"):
        if required not in table:
            raise PresetError(f"{where}: missing key '{required}'")
    try:
        key = number_in(table["key"], 1, 9, whole=True)
    except NumberError:
        shown_key = _shown(table["key"])
        raise PresetError(f"{where}: key must be a whole number 1 … 9, not {shown_key}") from None
    for name in ("name", "explanation"):
        if not isinstance(table[name], str) or not table[name].strip() or "\n" in table[name]:
            raise PresetError(f"{where}: {name} must be one line of text")
    if "sequence" not in table and "weights" not in table:
        raise PresetError(f"{where}: give a sequence, weights or both")
    sequence, text = None, ""
    if "sequence" in table:
        text = table["sequence"]
        if not isinstance(text, str):
            raise PresetError(f"{where}: sequence must be text like \"1, 0, 0\"")
        try:
            sequence = tuple(parse_sequence(text))
        except SequenceError as exc:
            raise PresetError(f"{where}: sequence: {exc}") from None
    weights = None
    if "weights" in table:
        weights = _weights(where, table["weights"])
    return Preset(key, table["name"].strip(), table["explanation"].strip(), sequence, text, weights)


def _weights(where: str, table: object) -> dict[str, float]:
    if not isinstance(table, dict) or not table:
        raise PresetError(f"{where}: weights must be a table like {{ b_f = 1.0 }}")
    weights = {}
    for name, value in table.items():
        spec = SPEC_BY_NAME.get(name)
        if spec is None:
            known = ", ".join(SPEC_BY_NAME)
            raise PresetError(f"{where}: weights.{shown(name)} is not a parameter (names: {known})")
        try:
            weights[name] = number_in(value, spec.min, spec.max)
        except NumberError as exc:
            if exc.wrong_type:
                raise PresetError(f"{where}: weights.{name} must be a number") from None
            raise PresetError(f"{where}: weights.{name} = {_shown(value)} {exc.reason}") from None
    return weights


def load_presets(path: str | Path = PRESETS_PATH) -> tuple[tuple[Preset, ...], str | None]:
    """The presets from the file, or the built-in ones and a one-line reason it was not used."""
    path = Path(path)
    try:
        try:
            data, _ = read_toml_file(path, "presets file", MAX_FILE_BYTES)
        except TomlError as exc:
            raise PresetError(exc.located(path.name)) from None
        return _presets(data, path.name), None
    except PresetError as exc:
        return BUILT_IN, f"Presets file not used ({exc}); the built-in presets are shown"


def _shown(value: object) -> str:
    """A value as a message quotes it: one line, cut to 40 characters and …."""
    return shown(repr(value))
