"""Physical controls: game controllers, joysticks, arcade encoders and MIDI, as Commands.

Each source turns its input into `Command`s for the app to execute; the mappings from controls to
commands live in staff-editable files (`assets/controllers.toml`, `assets/midi.toml`).
"""

from .commands import ACTIONS, PARAM_SPECS_BY_ID, Command, param_spec
from .gamepad import EVENT_TYPES, GamepadInput, init_subsystems
from .mapping import (
    CONTROLLERS_PATH,
    DEFAULT_CONTROLLER_MAPPING,
    DEFAULT_MIDI_MAPPING,
    MIDI_PATH,
    ControllerMapping,
    MidiMapping,
    load_controller_mapping,
    load_midi_mapping,
    save_midi_mapping,
)
from .midi import MidiBackend, MidiInput, cc_to_value

__all__ = [
    "ACTIONS",
    "CONTROLLERS_PATH",
    "DEFAULT_CONTROLLER_MAPPING",
    "DEFAULT_MIDI_MAPPING",
    "EVENT_TYPES",
    "MIDI_PATH",
    "PARAM_SPECS_BY_ID",
    "Command",
    "ControllerMapping",
    "GamepadInput",
    "MidiBackend",
    "MidiInput",
    "MidiMapping",
    "cc_to_value",
    "init_subsystems",
    "load_controller_mapping",
    "load_midi_mapping",
    "param_spec",
    "save_midi_mapping",
]
