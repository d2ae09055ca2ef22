"""A scenario and the running app: capture the app's state as a scenario, apply one to the app, and
save the state as a new file (Ctrl+S). The file format itself is `formats/scenario.py`.

Every key of the scenario schema has one entry in `BINDINGS`, in the schema's order: how it is read
from the app and how it is put back. No pygame here: these functions only touch the app's
attributes (DESIGN.md §5 puts this module at `app/session.py` once the app is a package).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ..formats.export import save_stamped
from ..formats.scenario import SUFFIX, Scenario, Value, dump_scenario, validate
from ..formats.series import SERIES_IDS
from ..model import SPEC_BY_NAME, LSTMParams, SequenceError, parse_sequence
from ..sim import SPEED_DEFAULT


def show_text(field: Any, text: str) -> None:
    """Put committed text into a text field, as if typed and committed: caret at end, no error."""
    field.text = field.committed_text = text
    field.caret = len(text)
    field.error = ""


@dataclass(frozen=True)
class Binding:
    """How one schema key meets the app."""

    capture: Callable[[Any], Value]  # the app's current value (None: not written)
    restore: Callable[[Any, Value], None]  # put a checked value back (None: the key was left out)


def _exact_text(values: list[float]) -> str:
    """A sequence as text that parses back to exactly these floats: `1, 0, 0.5`."""
    return ", ".join(f"{v:g}" if float(f"{v:g}") == v else repr(v) for v in values)


def _field_text(field_widget: Any, values: list[float] | None) -> str:
    """What the visitor typed, when it still means these values; else the exact values."""
    typed = getattr(field_widget, "committed_text", "")
    try:
        if values is not None and parse_sequence(typed) == values and typed.isprintable():
            return typed
    except SequenceError:
        pass
    return _exact_text(values or [])


def _one_line(text: str, values: list[float]) -> str:
    """Text for a one-line field: as typed unless it spans lines or has control characters."""
    return text if text.isprintable() else _exact_text(values)


def _capture_sequence(app: Any) -> str:
    return _field_text(app.controls.sequence, app.sim.sequence)


def _restore_sequence(app: Any, text: str | None) -> None:
    text = text or ""
    values = parse_sequence(text)
    app.sim.set_sequence(values)
    app.sim.set_target(None)
    show_text(app.controls.sequence, _one_line(text, values))
    show_text(app.controls.target, "")
    if app.state.task_index != 0:  # a preset's sequence is gone: back to Custom
        app.state.task_index = 0
        app.state.note = ""


def _capture_target(app: Any) -> str | None:
    target = app.sim.target
    return None if target is None else _field_text(app.controls.target, target)


def _restore_target(app: Any, text: str | None) -> None:
    values = parse_sequence(text) if text else []
    app.sim.set_target(values or None)
    show_text(app.controls.target, _one_line(text, values) if text and values else "")


def _restore_weights(app: Any, weights: Mapping[str, float] | None) -> None:
    app.sim.set_params(LSTMParams(**(weights or {})))  # left out: the default


def _restore_speed(app: Any, speed: float | None) -> None:
    app.sim.set_speed(SPEED_DEFAULT if speed is None else speed, app.clock())


def _capture_hidden(app: Any) -> list[str]:
    hidden = app.state.hidden_series
    return [key for key in SERIES_IDS if key in hidden]


def _restore_hidden(app: Any, keys: list[str] | None) -> None:
    app.state.hidden_series.clear()
    app.state.hidden_series.update(keys or ())


def _capture_pins(app: Any) -> list[dict[str, float]] | None:
    """Each pinned run's weights (only those that differ from the default); None: no pins."""
    pins = getattr(app.sim, "pins", ())
    if not pins:
        return None
    return [{name: value for name, value in pin.params.as_dict().items()
             if value != SPEC_BY_NAME[name].default} for pin in pins]


def _restore_pins(app: Any, pins: list[dict[str, float]] | None) -> None:
    """The pins again, recomputed over the restored sequence: the same runs to the last bit."""
    app.sim.clear_pins()
    for weights in pins or ():
        app.sim.pin(LSTMParams(**weights))


def _restore_motion(app: Any, on: bool | None) -> None:
    if on is not None:  # left out: the viewer's own setting stays (it is an accessibility choice)
        app.state.reduce_motion = on


def _restore_compare(app: Any, on: bool | None) -> None:
    app.sim.set_compare(bool(on))  # left out: off, as a scenario saved without compare mode was


def end_training_status(app: Any) -> None:
    """The training status ends: the weights, task or sequence it described have changed (the
    weights it started from stay, for Undo)."""
    app.sim.end_training()


BINDINGS: dict[str, Binding] = {
    "sequence": Binding(_capture_sequence, _restore_sequence),
    "target": Binding(_capture_target, _restore_target),
    "speed": Binding(lambda app: float(app.sim.speed), _restore_speed),
    "hidden_series": Binding(_capture_hidden, _restore_hidden),
    "reduce_motion": Binding(lambda app: bool(app.state.reduce_motion), _restore_motion),
    "compare": Binding(lambda app: bool(app.sim.compare), _restore_compare),
    "weights": Binding(lambda app: app.sim.params.as_dict(), _restore_weights),
    "pins": Binding(_capture_pins, _restore_pins),
}


def scenario_from_app(app: Any) -> Scenario:
    """The app's current state as a scenario (every key of the schema)."""
    values = {key: binding.capture(app) for key, binding in BINDINGS.items()}
    return Scenario({key: value for key, value in values.items() if value is not None})


def apply_scenario(app: Any, scenario: Scenario) -> None:
    """Check the whole scenario, then apply it (t back to 0). A bad value raises ScenarioError
    before anything changes; should applying fail anyway, the state before is put back."""
    values = validate(scenario.values)
    before = scenario_from_app(app)
    try:
        for key, binding in BINDINGS.items():
            binding.restore(app, values.get(key))
    except Exception:
        for key, binding in BINDINGS.items():
            binding.restore(app, before.values.get(key))
        raise
    end_training_status(app)  # new weights and sequence: the last training's numbers are not theirs


def _write_text(path: str, text: str) -> None:
    """The one place a scenario's bytes are written (tests make it fail half-way)."""
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)


def save_new(app: Any, folder: Path, when: datetime | None = None) -> Path:
    """Save the app's state as a new `scenario-YYYYMMDD-HHMMSS.toml` in `folder` (created on
    demand; -2, -3 … so nothing is overwritten), atomically. OSError when it cannot be written."""
    text = dump_scenario(scenario_from_app(app))
    folder.mkdir(parents=True, exist_ok=True)
    [path] = save_stamped(folder, [("scenario", SUFFIX, lambda tmp: _write_text(tmp, text))], when)
    return path


def keep_motion_off(app: Any) -> None:
    """--reduce-motion given with a scenario: motion stays off whatever the file says."""
    app.state.reduce_motion = True
