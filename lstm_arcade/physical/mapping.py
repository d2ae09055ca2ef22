"""The controller and MIDI mapping files that staff edit: read, checked key by key, saved.

A bad file is refused as a whole with one line naming the file, the line when known and the key;
the built-in mapping below then stays in force, so an exhibit never runs half-mapped.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import pygame

from ..formats.assets import asset_path
from ..formats.textfile import TextFileError, find_line, read_text_file, save_atomically, shown
from ..formats.toml_file import NumberError, TomlError, number_in, parse_toml
from ..i18n import Message
from .commands import PARAM_SPECS_BY_ID, RNN_PREFIX, Command

CONTROLLERS_PATH = asset_path("controllers.toml")
MIDI_PATH = asset_path("midi.toml")

# SDL's game-controller names (positions on an Xbox-style pad, whatever the printed labels).
BUTTON_NAMES: dict[str, int] = {
    "a": pygame.CONTROLLER_BUTTON_A,
    "b": pygame.CONTROLLER_BUTTON_B,
    "x": pygame.CONTROLLER_BUTTON_X,
    "y": pygame.CONTROLLER_BUTTON_Y,
    "back": pygame.CONTROLLER_BUTTON_BACK,
    "guide": pygame.CONTROLLER_BUTTON_GUIDE,
    "start": pygame.CONTROLLER_BUTTON_START,
    "leftstick": pygame.CONTROLLER_BUTTON_LEFTSTICK,
    "rightstick": pygame.CONTROLLER_BUTTON_RIGHTSTICK,
    "leftshoulder": pygame.CONTROLLER_BUTTON_LEFTSHOULDER,
    "rightshoulder": pygame.CONTROLLER_BUTTON_RIGHTSHOULDER,
    "dpup": pygame.CONTROLLER_BUTTON_DPAD_UP,
    "dpdown": pygame.CONTROLLER_BUTTON_DPAD_DOWN,
    "dpleft": pygame.CONTROLLER_BUTTON_DPAD_LEFT,
    "dpright": pygame.CONTROLLER_BUTTON_DPAD_RIGHT,
}
AXIS_NAMES: dict[str, int] = {
    "leftx": pygame.CONTROLLER_AXIS_LEFTX,
    "lefty": pygame.CONTROLLER_AXIS_LEFTY,
    "rightx": pygame.CONTROLLER_AXIS_RIGHTX,
    "righty": pygame.CONTROLLER_AXIS_RIGHTY,
    "triggerleft": pygame.CONTROLLER_AXIS_TRIGGERLEFT,
    "triggerright": pygame.CONTROLLER_AXIS_TRIGGERRIGHT,
}
HAT_DIRECTIONS = ("up", "down", "left", "right")
MAX_JOY_NUMBER = 63  # joystick buttons and axes are numbered 0 … 63
DEAD_ZONE_RANGE = (0.1, 0.9)
MIDI_CHANNELS = (1, 16)
MIDI_CCS = (0, 127)

_SIMPLE_ACTIONS = (
    "step", "back", "play", "reset", "train", "compare", "pin", "undo_training",
    "focus_next", "focus_prev",
)  # fmt: skip
_NUDGES = {"nudge_up": Command("nudge", 1), "nudge_down": Command("nudge", -1)}
ACTION_NAMES = (*_SIMPLE_ACTIONS, *_NUDGES, "preset 1 … preset 9", "none")

# An axis (or a hat's two directions): what pushing it towards -1 and towards +1 does.
Directions = tuple[Command | None, Command | None]


class MappingError(ValueError):
    """Why a mapping file cannot be used: `message`, the dotted `key` and `line` when known."""

    def __init__(self, message: str, key: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message, self.key, self.line = message, key, line


# --- the mappings ----------------------------------------------------------------------------
@dataclass(frozen=True)
class ControllerMapping:
    """Which command each gamepad button/axis and each joystick button/axis/hat sends."""

    pad_buttons: dict[int, Command] = field(default_factory=dict)  # CONTROLLER_BUTTON_* → command
    pad_axes: dict[int, Directions] = field(default_factory=dict)  # CONTROLLER_AXIS_* → directions
    joy_buttons: dict[int, Command] = field(default_factory=dict)  # button number → command
    joy_axes: dict[int, Directions] = field(default_factory=dict)  # axis number → directions
    joy_hat: dict[str, Command] = field(default_factory=dict)  # "up", "down", "left", "right"
    dead_zone: float = 0.5  # share of full scale a stick must pass to count as pushed


@dataclass(frozen=True)
class MidiMapping:
    """Which parameter each MIDI control change drives: (channel 1–16, CC 0–127) → param id."""

    bindings: dict[tuple[int, int], str] = field(default_factory=dict)

    def param_for(self, channel: int, cc: int) -> str | None:
        return self.bindings.get((channel, cc))

    def control_of(self, param_id: str) -> tuple[int, int] | None:
        """The (channel, cc) bound to a parameter, if any."""
        return next((key for key, bound in self.bindings.items() if bound == param_id), None)

    def with_binding(self, param_id: str, channel: int, cc: int) -> MidiMapping:
        """A copy where (channel, cc) drives `param_id`, replacing what either was bound to."""
        if param_id not in PARAM_SPECS_BY_ID:
            raise KeyError(f"unknown parameter {param_id!r}")
        kept = {k: p for k, p in self.bindings.items() if k != (channel, cc) and p != param_id}
        return MidiMapping({**kept, (channel, cc): param_id})


DEFAULT_CONTROLLER_MAPPING = ControllerMapping(
    pad_buttons={
        BUTTON_NAMES["a"]: Command("play"),
        BUTTON_NAMES["b"]: Command("reset"),
        BUTTON_NAMES["x"]: Command("back"),
        BUTTON_NAMES["y"]: Command("step"),
        BUTTON_NAMES["leftshoulder"]: Command("focus_prev"),
        BUTTON_NAMES["rightshoulder"]: Command("focus_next"),
        BUTTON_NAMES["dpup"]: Command("nudge", 1),
        BUTTON_NAMES["dpdown"]: Command("nudge", -1),
        BUTTON_NAMES["dpleft"]: Command("back"),
        BUTTON_NAMES["dpright"]: Command("step"),
        BUTTON_NAMES["start"]: Command("train"),
        BUTTON_NAMES["back"]: Command("compare"),
    },
    pad_axes={
        AXIS_NAMES["leftx"]: (Command("focus_prev"), Command("focus_next")),
        AXIS_NAMES["lefty"]: (Command("nudge", 1), Command("nudge", -1)),  # SDL: up is negative
    },
    joy_buttons={0: Command("step"), 1: Command("play"), 2: Command("reset"), 3: Command("back")},
    joy_axes={
        0: (Command("focus_prev"), Command("focus_next")),
        1: (Command("nudge", 1), Command("nudge", -1)),
    },
    joy_hat={
        "up": Command("nudge", 1),
        "down": Command("nudge", -1),
        "left": Command("focus_prev"),
        "right": Command("focus_next"),
    },
)

# Korg nanoKONTROL2 (factory scene, channel 1): faders 1–8 send CC 0–7, knobs 1–8 CC 16–23.
_FADERS = ("w_f", "u_f", "w_i", "u_i", "w_c", "u_c", "w_o", "u_o")
_KNOBS = ("b_f", "b_i", "b_c", "b_o", "w_out", "rnn_w_in", "rnn_w_hidden", "rnn_b")
DEFAULT_MIDI_MAPPING = MidiMapping(
    {**{(1, k): p for k, p in enumerate(_FADERS)}, **{(1, 16 + k): p for k, p in enumerate(_KNOBS)}}
)


# --- reading ---------------------------------------------------------------------------------
def load_controller_mapping(
    path: str | os.PathLike[str] | None = None,
) -> tuple[ControllerMapping, str | None]:
    """The mapping in the file (default: the bundled one), or the built-in one and why not."""
    return _load(
        path or CONTROLLERS_PATH,
        "controller mapping",
        parse_controller_mapping,
        DEFAULT_CONTROLLER_MAPPING,
    )


def load_midi_mapping(
    path: str | os.PathLike[str] | None = None,
) -> tuple[MidiMapping, str | None]:
    """The MIDI mapping in the file (default: the bundled one), or the built-in one and why not."""
    return _load(path or MIDI_PATH, "MIDI mapping", parse_midi_mapping, DEFAULT_MIDI_MAPPING)


T = TypeVar("T")


def _load(
    path: str | os.PathLike[str], kind: str, parse: Callable[[str], T], default: T
) -> tuple[T, str | None]:
    name = str(path)
    text = ""
    try:
        text = read_text_file(path, f"{kind} file")
        return parse(text), None
    except TextFileError as exc:
        where, message = _where(name, exc.line), exc.message
    except MappingError as exc:
        line = exc.line if exc.line is not None else find_line(text, exc.key) if exc.key else None
        where = _where(name, line) + (f"key '{shown(exc.key)}': " if exc.key else "")
        message = exc.message
    return default, f"{where}{message}; the built-in {kind} is used instead"


def _where(name: str, line: int | None) -> str:
    return f"{name}: " if line is None else f"{name}: line {line}: "


def parse_controller_mapping(text: str) -> ControllerMapping:
    """The controller mapping in TOML `text`; MappingError names the first bad key."""
    data = _toml(text)
    _only(data, "", ("dead_zone", "gamepad", "joystick"))
    given = data.get("dead_zone", DEFAULT_CONTROLLER_MAPPING.dead_zone)
    low, high = DEAD_ZONE_RANGE
    try:
        dead_zone = number_in(given, low, high)
    except NumberError as exc:
        reason = f"must be a number {low:g} … {high:g}, not {_shown(given)}" if exc.wrong_type \
            else f"{_shown(given)} {exc.reason}"
        raise MappingError(reason, "dead_zone") from None
    pad_buttons: dict[int, Command] = {}
    pad_axes: dict[int, Directions] = {}
    for key, value in _table(data, "gamepad").items():
        where = f"gamepad.{key}"
        if key in BUTTON_NAMES:
            _put(pad_buttons, BUTTON_NAMES[key], _parse_action(where, value))
        elif key in AXIS_NAMES:
            _put(pad_axes, AXIS_NAMES[key], _parse_directions(where, value))
        else:
            raise MappingError(
                f"not a gamepad button or axis (buttons: {', '.join(BUTTON_NAMES)}; "
                f"axes: {', '.join(AXIS_NAMES)})",
                where,
            )
    joy_buttons: dict[int, Command] = {}
    joy_axes: dict[int, Directions] = {}
    joy_hat: dict[str, Command] = {}
    seen: set[tuple[str, int]] = set()
    for key, value in _table(data, "joystick").items():
        where = f"joystick.{key}"
        numbered = re.fullmatch(r"(button|axis)_(\d{1,6})", key)
        if numbered:
            kind, number = numbered.group(1), int(numbered.group(2))
            if number > MAX_JOY_NUMBER:
                raise MappingError(f"{kind} number {number} is outside 0 … {MAX_JOY_NUMBER}", where)
            if (kind, number) in seen:  # button_7 and button_07
                raise MappingError(f"{kind} {number} is given twice", where)
            seen.add((kind, number))
            if kind == "button":
                _put(joy_buttons, number, _parse_action(where, value))
            else:
                _put(joy_axes, number, _parse_directions(where, value))
        elif key.startswith("hat_") and key[4:] in HAT_DIRECTIONS:
            _put(joy_hat, key[4:], _parse_action(where, value))
        else:
            raise MappingError(
                "not a joystick control (button_0 … button_63, axis_0 … axis_63, "
                "hat_up, hat_down, hat_left, hat_right)",
                where,
            )
    return ControllerMapping(pad_buttons, pad_axes, joy_buttons, joy_axes, joy_hat, dead_zone)


def parse_midi_mapping(text: str) -> MidiMapping:
    """The MIDI mapping in TOML `text`; MappingError names the first bad key."""
    data = _toml(text)
    _only(data, "", ("bindings",))
    bindings: dict[tuple[int, int], str] = {}
    for param_id, value in _table(data, "bindings").items():
        where = f"bindings.{param_id}"
        if param_id not in PARAM_SPECS_BY_ID:
            raise MappingError(
                f"'{shown(param_id)}' is not a parameter (names: {', '.join(PARAM_SPECS_BY_ID)})", where
            )
        if not isinstance(value, dict):
            raise MappingError(
                f"must be a table like {{ channel = 1, cc = 0 }}, not {_shown(value)}", where
            )
        _only(value, where, ("channel", "cc"))
        if "cc" not in value:
            raise MappingError("missing key 'cc' (the controller number 0 … 127)", where)
        channel = _whole(f"{where}.channel", value.get("channel", 1), "channel", MIDI_CHANNELS)
        cc = _whole(f"{where}.cc", value["cc"], "CC", MIDI_CCS)
        if (channel, cc) in bindings:
            raise MappingError(
                f"channel {channel} CC {cc} is already bound to {bindings[channel, cc]}", where
            )
        bindings[channel, cc] = param_id
    return MidiMapping(bindings)


def _toml(text: str) -> dict:
    """The table in `text` (see formats.toml_file: syntax, nesting, work bounded)."""
    try:
        return parse_toml(text)
    except TomlError as exc:  # its key is the line's own, without the [table]: the line says it
        raise MappingError(exc.message, line=exc.line) from None


def _only(table: dict, where: str, allowed: tuple[str, ...]) -> None:
    for key in table:
        if key not in allowed:
            full = f"{where}.{key}" if where else key
            raise MappingError(f"unknown key (known keys: {', '.join(allowed)})", full)


def _table(data: dict, key: str) -> dict:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise MappingError(f"must be a [{key}] section, not {_shown(value)}", key)
    return value


def _put(table: dict, key: object, value: object) -> None:
    """Keep a binding; "none" (and an axis with "none" both ways) binds nothing."""
    if value is not None and value != (None, None):
        table[key] = value


def _whole(where: str, value: object, what: str, bounds: tuple[int, int]) -> int:
    low, high = bounds
    try:
        return number_in(value, low, high, whole=True)
    except NumberError as exc:
        reason = f"must be a whole number {low} … {high}, not {_shown(value)}" if exc.wrong_type \
            else f"{what} {_shown(value)} {exc.reason}"
        raise MappingError(reason, where) from None


def _parse_action(where: str, value: object) -> Command | None:
    """A button's action: a name from ACTION_NAMES ("none" binds nothing)."""
    if not isinstance(value, str):
        raise MappingError(f'must be an action in quotes like "step", not {_shown(value)}', where)
    name = " ".join(value.split())
    if name == "none":
        return None
    if name in _SIMPLE_ACTIONS:
        return Command(name)
    if name in _NUDGES:
        return _NUDGES[name]
    preset = re.fullmatch(r"preset ?([+-]?\d{1,6})", name)
    if preset:
        number = int(preset.group(1))
        if not 1 <= number <= 9:
            raise MappingError(f"preset {number} is outside 1 … 9", where)
        return Command("preset", number)
    raise MappingError(f"{_shown(value)} is not an action (actions: {', '.join(ACTION_NAMES)})", where)


def _parse_directions(where: str, value: object) -> Directions:
    """An axis: one action (pushed to +1, e.g. a trigger) or [pushed to -1, pushed to +1]."""
    if isinstance(value, str):
        return None, _parse_action(where, value)
    if isinstance(value, list) and len(value) == 2:
        return _parse_action(where, value[0]), _parse_action(where, value[1])
    raise MappingError(
        f'must be an action, or two like ["focus_prev", "focus_next"] (left/up first), '
        f"not {_shown(value)}",
        where,
    )


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return f"a list of {len(value)}"
    return shown(repr(value))


# --- writing ---------------------------------------------------------------------------------
_MIDI_HEADER = f"""\
# MIDI mapping kept by learn mode (same format as assets/midi.toml; edit it the same way).
# One line per slider:  name = {{ channel = 1 … 16, cc = 0 … 127 }}
# Names: {" ".join(n for n in PARAM_SPECS_BY_ID if not n.startswith(RNN_PREFIX))} (the LSTM),
#        {" ".join(n for n in PARAM_SPECS_BY_ID if n.startswith(RNN_PREFIX))} (the basic RNN)

[bindings]
"""


def format_midi_mapping(mapping: MidiMapping) -> str:
    """The mapping as a file that `parse_midi_mapping` reads back, in control order."""
    lines = [
        f"{param_id} = {{ channel = {channel}, cc = {cc} }}\n"
        for (channel, cc), param_id in sorted(mapping.bindings.items())
    ]
    return _MIDI_HEADER + "".join(lines)


def save_midi_mapping(mapping: MidiMapping, path: str | os.PathLike[str]) -> str | None:
    """Write the mapping atomically (see `save_atomically`); None, or why it could not be saved."""
    try:
        save_atomically(path, format_midi_mapping(mapping).encode("utf-8"))
    except OSError as exc:
        # English in the log; shown on screen (MIDI learn's hint) as tr(problem)
        return Message(
            "cannot save the MIDI mapping to {path}: {reason}", path=str(Path(path)),
            reason=exc.strerror or str(exc),
        )
    return None
