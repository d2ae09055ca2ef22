"""Physical controls on the app: gamepad, arcade-panel and MIDI Commands take the same paths as
keys and clicks (the sources and their mapping files are in `physical/`).

The app owns the inputs, polls them each frame and dispatches `action_for(command)`.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .. import actions as act
from ..actions import Action
from ..i18n import N_
from ..physical import (
    MIDI_PATH,
    Command,
    GamepadInput,
    MidiInput,
    load_controller_mapping,
    load_midi_mapping,
    param_spec,
)
from ..ui.controls import RNN_PREFIX
from ..ui.widgets import Slider

LOG = logging.getLogger("lstm_arcade")
HINT_LEARN = N_("MIDI learn: click a slider, then move a knob or fader (Esc cancels)")
HINT_NO_MIDI = N_("MIDI learn needs a MIDI controller: none is connected")


def user_midi_path() -> Path:
    """Where MIDI learn keeps what it learned: $XDG_CONFIG_HOME/lstm-arcade/midi.toml."""
    base = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
    return Path(base) / "lstm-arcade" / "midi.toml"


def open_gamepad(path: Path | None, log) -> tuple[GamepadInput, str | None]:
    """The gamepad input with the mapping at `path` (None: the bundled one); a bad file's line."""
    mapping, problem = load_controller_mapping(path)
    if problem:
        log(problem)
    return GamepadInput(mapping, log=log), problem


def open_midi(path: Path | None, log) -> tuple[MidiInput, Path, str | None]:
    """MIDI from every input device, with the mapping at `path` (or MIDI learn's own file), else
    the bundled one while that file does not exist yet (learning creates it); also where learning
    saves, and a bad file's line."""
    save_to = path or user_midi_path()
    source = save_to if os.path.lexists(save_to) else MIDI_PATH
    mapping, problem = load_midi_mapping(source)
    if problem:
        log(problem)
    return MidiInput.open(mapping, log=log), save_to, problem


def param_label(param_id: str) -> str:
    """A weight's name as its slider shows it ("RNN …" for the basic RNN's)."""
    spec = param_spec(param_id)
    label = spec.label if spec is not None else param_id
    return "RNN " + label if param_id.startswith(RNN_PREFIX) else label


def sliders(app: Any) -> list[Slider]:
    """The sliders on screen, in the Tab order: where a gamepad moves the focus."""
    return [widget for widget in app.widgets() if isinstance(widget, Slider)]


# A device's command → the action a key or click asking for the same would give.
SAME_NAME = ("step", "back", "play", "reset", "preset", "train", "compare", "pin", "undo_training",
             "nudge")
RENAMED: dict[str, Callable[[Any], Action]] = {
    "focus_next": lambda _: Action(act.FOCUS_SLIDER, 1),
    "focus_prev": lambda _: Action(act.FOCUS_SLIDER, -1),
    "set_param": lambda arg: Action(act.SET, arg[1], arg[0]),
    "learned": lambda arg: Action(act.MIDI_LEARNED, tuple(arg)),
}


def action_for(command: Command) -> Action:
    """The action a gamepad, arcade-panel or MIDI command asks for."""
    if command.action in SAME_NAME:
        return Action(command.action, command.arg)
    return RENAMED[command.action](command.arg)
