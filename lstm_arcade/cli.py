"""The command line (DESIGN.md §6): parse and check every option, then run the window."""

from __future__ import annotations

import argparse
import math
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .export import TRACE_COLUMNS, export_trace  # cli.export_trace: kept importable here
from .model import SPEC_BY_NAME, LSTMParams, SequenceError, parse_sequence
from .sim import SPEED_DEFAULT, SPEED_MAX, SPEED_MIN, Simulation
from .ui.theme import UI_SCALE_MAX

PROG = "lstm-arcade"


class OneLineParser(argparse.ArgumentParser):
    """Bad arguments: exit code 2 and one clear line (no usage block)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message}\n")


def _size(text: str) -> tuple[int, int]:
    parts = text.lower().split("x")
    if len(parts) != 2 or not all(p.isdigit() for p in parts):
        raise argparse.ArgumentTypeError(f"'{text}' is not WIDTHxHEIGHT, e.g. 1920x1080")
    width, height = int(parts[0]), int(parts[1])
    if not (640 <= width <= 7680 and 360 <= height <= 4320):
        raise argparse.ArgumentTypeError(f"'{text}' is outside 640x360 … 7680x4320")
    return width, height


def _sequence(text: str) -> list[float]:
    try:
        return parse_sequence(text)
    except SequenceError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _assignment(text: str) -> tuple[str, float]:
    name, sep, raw = text.partition("=")
    name = name.strip()
    if not sep:
        raise argparse.ArgumentTypeError(f"'{text}' is not NAME=VALUE, e.g. w_f=1.5")
    spec = SPEC_BY_NAME.get(name) or SPEC_BY_NAME.get(name.lower())
    if spec is None:
        raise argparse.ArgumentTypeError(f"unknown parameter '{name}'; known: {', '.join(SPEC_BY_NAME)}")
    try:
        value = float(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{spec.name} value '{raw}' is not a number") from None
    if not (math.isfinite(value) and spec.min <= value <= spec.max):
        raise argparse.ArgumentTypeError(f"{spec.name}={raw} is outside {spec.min:g} … {spec.max:g}")
    return spec.name, value


def _bounded(kind: type, low: float, high: float | None = None):
    def convert(text: str):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text}' is not a{'n integer' if kind is int else ' number'}") from None
        if not (math.isfinite(value) and value >= low and (high is None or value <= high)):
            shown = f"{low:g} … {high:g}" if high is not None else f"at least {low:g}"
            raise argparse.ArgumentTypeError(f"{text} is outside {shown}")
        return value

    return convert


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(prog=PROG, description="A glass-box simulator of one LSTM cell.")
    add = parser.add_argument
    add("--size", type=_size, metavar="WxH", help="window size, e.g. 1920x1080 (default: fits the screen)")
    add("--fullscreen", action="store_true", help="desktop full screen")
    add("--sequence", type=_sequence, default=[], metavar="TEXT", help='input sequence, e.g. "1, 0, 0, 0, 0"')
    add("--set", type=_assignment, action="append", default=[], metavar="NAME=VALUE",
        help="set a parameter, e.g. --set w_f=1.5 (repeatable; names: " + ", ".join(SPEC_BY_NAME) + ")")
    add("--steps", type=_bounded(int, 0), default=0, metavar="N", help="steps taken before the first frame")
    add("--play", action="store_true", help="start playing")
    add("--target", type=_sequence, metavar="TEXT", help="training target: the desired y per step, as many values as the sequence")
    add("--task", metavar="NAME", help="a training task preset by name, e.g. \"Remember the pulse\"")
    add("--train", action="store_true", help="start training at once (on --task, or on --sequence and --target)")
    add("--reduce-motion", action="store_true", help="no moving pulses: values only fade (key M toggles)")
    add("--palette", choices=["seed", "okabe-ito"], default="seed",
        help="colours: the seed's, or Okabe-Ito (safe for colour-blind viewers)")
    add("--high-contrast", action="store_true", help="white text and edges on pure black")
    add("--ui-scale", type=_bounded(float, 1.0, UI_SCALE_MAX), default=1.0, metavar="S",
        help=f"text and controls S times larger for a projector's far rows (1 … {UI_SCALE_MAX:g});"
        " above 1 the panels show a group at a time, V shows the next")
    add("--speed", type=_bounded(float, SPEED_MIN, SPEED_MAX), default=SPEED_DEFAULT, metavar="S",
        help=f"play speed in steps per second ({SPEED_MIN:g} … {SPEED_MAX:g}, default {SPEED_DEFAULT:g})")
    add("--frames", type=_bounded(int, 1), metavar="N", help="run N frames, then exit")
    add("--screenshot", metavar="PATH", help="save the last frame as PNG")
    add("--export-trace", metavar="PATH", help="write the whole trace as CSV: " + ",".join(TRACE_COLUMNS))
    add("--fps", type=_bounded(int, 0, 1000), default=60, metavar="N", help="frame cap (0 = uncapped)")
    add("--kiosk", action="store_true",
        help="museum kiosk: full screen, staff-only exit, attract tour when idle (docs/kiosk.md)")
    add("--config", metavar="FILE", help="kiosk settings (TOML), with --kiosk; see docs/kiosk.md")
    add("--display", type=_bounded(int, 0, 63), metavar="N", help="kiosk monitor number (default 0)")
    add("--scenario", metavar="FILE", help="start from a scenario file (TOML, as Ctrl+S saves them)")
    add("--scenario-dir", metavar="DIR",
        help="the folder Ctrl+S saves to and Ctrl+O lists (default: ~/.local/share/lstm-arcade/scenarios)")
    add("--export-dir", metavar="DIR",
        help="the folder E and F12 write to (default: ~/.local/share/lstm-arcade/exports)")
    add("--controller-map", metavar="FILE",
        help="gamepad and arcade-button mapping (TOML; default: assets/controllers.toml)")
    add("--midi-map", metavar="FILE",
        help="MIDI knob mapping (TOML), also where MIDI learn (Ctrl+M) saves "
             "(default: ~/.config/lstm-arcade/midi.toml if it exists, else assets/midi.toml)")
    add("--version", action="version", version=f"{PROG} {__version__}")
    return parser


TEXT_OPTIONS = ("--sequence", "--target")  # options whose value may start with a minus: "-1, 0, 0"


def _join_text_values(argv: list[str]) -> list[str]:
    """`--sequence -1,0` as `--sequence=-1,0`: argparse would take "-1,0" for an option."""
    out: list[str] = []
    k = 0
    while k < len(argv):
        if argv[k] in TEXT_OPTIONS and k + 1 < len(argv) and re.match(r"-[\d.]", argv[k + 1]):
            out.append(f"{argv[k]}={argv[k + 1]}")
            k += 2
        else:
            out.append(argv[k])
            k += 1
    return out


def _open_physical_controls(app, args: argparse.Namespace) -> None:
    """Gamepads and arcade panels (plugged in now or later) and MIDI devices: each says once in
    the log what it found; a bad mapping file is named on stderr and the defaults are used."""
    from .physical import init_subsystems
    from .physical_controls import open_midi

    problem = init_subsystems()
    if problem:
        app.log_line(problem)
    if app.controller_map_problem:
        print(f"{PROG}: {app.controller_map_problem}", file=sys.stderr)
    app.midi, app.midi_map_path, problem = open_midi(
        Path(args.midi_map) if args.midi_map else None, app.log_line
    )
    if problem:
        print(f"{PROG}: {problem}", file=sys.stderr)
        app.sim.hint = app.sim.hint or problem


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(_join_text_values(sys.argv[1:] if argv is None else list(argv)))
    scenario = _scenario(parser, args)  # checked whole before the window opens
    length = len(parse_sequence(scenario.sequence)) if scenario else len(args.sequence)
    if args.steps > length:
        parser.error(f"argument --steps: {args.steps} is more than the sequence's {length} values")
    folders = {option: _folder(parser, value, option) for option, value in
               (("--scenario-dir", args.scenario_dir), ("--export-dir", args.export_dir))}
    params = LSTMParams(**dict(args.set)) if args.set else LSTMParams()
    for target, option in ((args.screenshot, "--screenshot"), (args.export_trace, "--export-trace")):
        if target is not None:
            _check_writable(parser, target, option)

    settings = _kiosk_settings(parser, args)
    from .ui import theme

    theme.use_display(args.palette, args.high_contrast)  # before the views load
    from .app import App, DisplayUnavailable, open_window

    App.controller_map = Path(args.controller_map) if args.controller_map else None
    App.ui_scale = args.ui_scale

    sim = Simulation(params, args.sequence, speed=args.speed)
    if args.target is not None:
        try:
            sim.set_target(args.target)
        except ValueError as exc:
            parser.error(f"argument --target: {exc}")
    for _ in range(0 if scenario else args.steps):  # with a scenario: after it is applied
        sim.step_forward()
    task_index = None if args.task is None else _task_index(parser, args.task)
    try:
        if settings is not None:
            from .kiosk import NoSuchDisplay, open_kiosk_window

            try:
                screen = open_kiosk_window(settings.display)
            except NoSuchDisplay as exc:
                parser.error(str(exc))
        else:
            screen = open_window(args.size, args.fullscreen)
    except DisplayUnavailable as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return 1
    if settings is not None:
        from .kiosk import KioskApp, install_signal_handlers

        app = KioskApp(sim, screen, settings, reduce_motion=args.reduce_motion)
        install_signal_handlers(app)
    else:
        app = App(sim, screen, reduce_motion=args.reduce_motion)
    app.scenario_dir, app.export_dir = folders["--scenario-dir"], folders["--export-dir"]
    _open_physical_controls(app, args)
    if scenario is not None:
        _start_from_scenario(app, scenario, args)
    if task_index is not None:
        app.select_task(task_index)
    if args.train:
        app.toggle_training()
    if args.play:
        sim.play(app.clock())
    try:
        app.run(frames=args.frames, fps=args.fps)
        if args.screenshot:
            app.screenshot(args.screenshot)
        if args.export_trace:
            export_trace(args.export_trace, sim.params, sim.sequence, sim.target)
    except OSError as exc:
        print(f"{PROG}: cannot write {exc.filename}: {exc.strerror}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        pass
    finally:
        code = app.finish() if settings is not None else 0  # kiosk: export_on_exit, log, code
        app.gamepad.close()
        app.midi.close()
        import pygame

        pygame.quit()
    return code


def _kiosk_settings(parser: argparse.ArgumentParser, args: argparse.Namespace):
    """The kiosk settings (config file, then --display), or None without --kiosk."""
    if not args.kiosk:
        for option, value in (("--config", args.config), ("--display", args.display)):
            if value is not None:
                parser.error(f"argument {option}: only with --kiosk")
        return None
    if args.size is not None:
        parser.error("argument --size: kiosk mode is always the desktop's full screen")
    if args.ui_scale != 1.0:  # its tour points at panels that a paged layout may hide
        parser.error("argument --ui-scale: a kiosk shows every panel at once (the scale is for projectors)")
    from dataclasses import replace

    from .config import ConfigError, KioskSettings, load_config

    try:
        settings = load_config(args.config) if args.config else KioskSettings()
    except ConfigError as exc:
        parser.error(f"argument --config: {exc}")
    return settings if args.display is None else replace(settings, display=args.display)


def _scenario(parser: argparse.ArgumentParser, args: argparse.Namespace):
    """The --scenario file, checked whole (exit 2 with its one line when it is bad), or None."""
    if args.scenario is None:
        return None
    if args.sequence or args.target is not None or args.task is not None:
        parser.error("argument --scenario: the scenario sets the sequence and target; "
                     "leave out --sequence, --target and --task")
    from .scenario import ScenarioError, load_scenario

    try:
        return load_scenario(args.scenario)
    except ScenarioError as exc:
        parser.error(f"argument --scenario: {exc}")


def _folder(parser: argparse.ArgumentParser, value: str | None, option: str):
    """A folder option as a Path (created when first written to), or None for the default."""
    if value is None:
        return None
    from pathlib import Path

    folder = Path(value).expanduser()
    if folder.exists() and not folder.is_dir():
        parser.error(f"argument {option}: '{value}' is a file, not a folder")
    return folder


def _start_from_scenario(app, scenario, args: argparse.Namespace) -> None:
    """Apply the scenario, then what the command line says on top: --set, --speed (when the file
    has no speed), --reduce-motion, --steps."""
    from dataclasses import replace

    from .scenario import apply_scenario

    sim = app.sim
    apply_scenario(app, scenario)
    if args.set:
        sim.set_params(replace(sim.params, **dict(args.set)))
    if scenario.speed is None:
        sim.set_speed(args.speed, app.clock())
    if args.reduce_motion:
        app.reduce_motion = True
    for _ in range(args.steps):
        sim.step_forward()


def _task_index(parser: argparse.ArgumentParser, name: str) -> int:
    """The Task cycler's index of a preset named on the command line (0 is Custom)."""
    from .model.tasks import TaskError, load_tasks

    try:
        tasks = load_tasks()
    except (TaskError, OSError) as exc:
        parser.error(f"argument --task: the task presets cannot be read: {exc}")
    names = [task.name.lower() for task in tasks]
    if name.lower() not in names:
        parser.error(f"argument --task: no task '{name}' (tasks: {', '.join(t.name for t in tasks)})")
    return names.index(name.lower()) + 1


def _check_writable(parser: argparse.ArgumentParser, path: str, option: str) -> None:
    """Fail before the window opens, not after the run, when an output cannot be written."""
    from pathlib import Path

    folder = Path(path).resolve().parent
    if not folder.is_dir():
        parser.error(f"argument {option}: folder '{folder}' does not exist")
    if Path(path).is_dir():
        parser.error(f"argument {option}: '{path}' is a folder")
