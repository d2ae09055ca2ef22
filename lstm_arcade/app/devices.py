"""Physical controls on the app: gamepad, arcade-panel and MIDI Commands take the same paths as
keys and clicks (the sources and their mapping files are in `physical/`).

Functions of the app, like `classroom`: the app owns the inputs and calls these each frame.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from ..physical import (
    MIDI_PATH,
    Command,
    GamepadInput,
    MidiInput,
    load_controller_mapping,
    load_midi_mapping,
    param_spec,
    save_midi_mapping,
)
from ..ui.controls import RNN_PREFIX
from ..ui.widgets import Intent, Slider

LOG = logging.getLogger("lstm_arcade")
HINT_LEARN = "MIDI learn: click a slider, then move a knob or fader (Esc cancels)"
HINT_NO_MIDI = "MIDI learn needs a MIDI controller: none is connected"


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
    label = param_spec(param_id).label
    return "RNN " + label if param_id.startswith(RNN_PREFIX) else label


def sliders(app: Any) -> list[Slider]:
    """The sliders on screen, in the Tab order: where a gamepad moves the focus."""
    return [widget for widget in app.controls.widgets() if isinstance(widget, Slider)]


def run(app: Any, commands: list[Command], now: float) -> None:
    for command in commands:
        execute(app, command, now)


def execute(app: Any, command: Command, now: float) -> None:
    """One Command, as the key or click that means the same would do it."""
    if app.scenario_list.open:
        return  # a list of files is for the keyboard and the pointer
    if app.help_open:
        app.help_open = False  # like a click: any control closes the help first
        return
    sim, action, arg = app.sim, command.action, command.arg
    if action in ("step", "back"):
        app.step_or_inspect(1 if action == "step" else -1)
    elif action == "play":
        sim.toggle_play(now)
    elif action == "reset":
        sim.reset()
    elif action == "preset":
        app.apply_preset(int(arg))
    elif action == "train":
        app.toggle_training()
    elif action == "compare":
        sim.set_compare(not sim.compare)
    elif action == "pin":
        app.apply(Intent("pin", "control"), now)
    elif action == "undo_training":
        sim.undo_training()
    elif action in ("focus_next", "focus_prev"):
        move_focus(app, 1 if action == "focus_next" else -1, now)
    elif action == "nudge":
        if not isinstance(app.focused, Slider):
            move_focus(app, 1, now)  # the first nudge shows which slider the stick moves
            return
        for intent in app.focused.nudge(int(arg)):
            app.apply(intent, now)
    elif action == "set_param":
        param_id, value = arg
        app.apply(Intent("set", param_id, value), now)
    elif action == "learned":
        learned(app, *arg)


def move_focus(app: Any, direction: int, now: float) -> None:
    order = sliders(app)
    if app.focused in order:
        index = (order.index(app.focused) + direction) % len(order)
    else:
        index = 0 if direction > 0 else len(order) - 1
    app.set_focus(order[index], now)


# --- MIDI learn (Ctrl+M) ---------------------------------------------------------------------
def toggle_learn(app: Any) -> None:
    """Ctrl+M: arm MIDI learn (the next slider clicked waits for a knob), or cancel it."""
    if app.midi_learning or app.midi.learning:
        cancel_learn(app)
        app.sim.hint = "MIDI learn cancelled"
    elif not app.midi.enabled:
        app.sim.hint = HINT_NO_MIDI
    else:
        app.midi_learning = True
        app.sim.hint = HINT_LEARN


def cancel_learn(app: Any) -> None:
    app.midi_learning = False
    app.midi.cancel_learn()


def slider_focused(app: Any, slider: Slider) -> None:
    """While learning, the slider just focused is the one the next knob moved will drive."""
    if app.midi_learning and param_spec(slider.id) is not None:  # a weight, not speed or rate
        app.midi.learn(slider.id)
        app.sim.hint = f"MIDI learn: move a knob or fader for {param_label(slider.id)}"


def learned(app: Any, param_id: str, channel: int, controller: int) -> None:
    app.midi_learning = False
    where = ""
    if app.midi_map_path is not None:
        problem = save_midi_mapping(app.midi.mapping, app.midi_map_path)
        where = f" (not saved: {problem})" if problem else " (saved)"
        LOG.info("MIDI learn: channel %d CC %d → %s%s", channel, controller, param_id, where)
    app.sim.hint = f"MIDI channel {channel} CC {controller} now moves {param_label(param_id)}{where}"

