"""The command line (DESIGN.md §6): parse and check every option, then run the window."""

from __future__ import annotations

import argparse
import json
import os
import re
import stat
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import __version__
from .formats.export import TRACE_COLUMNS, export_trace  # cli.export_trace: kept importable here
from .formats.languages import CODES, LANGUAGES, LanguageError, system_language
from .formats.languages import DEFAULT as DEFAULT_LANGUAGE
from .formats.languages import check as check_language
from .formats.textfile import save_atomically, shown, shown_path
from .formats.toml_file import NumberError, number_in
from .model import MAX_VALUES, SPEC_BY_NAME, LSTMParams, SequenceError, count_values, parse_sequence
from .sim import SPEED_DEFAULT, SPEED_MAX, SPEED_MIN, Simulation
from .ui.theme import UI_SCALE_MAX

PROG = "lstm-arcade"
MAX_FRAMES = 1_000_000_000  # --frames: 190 days at 60 fps (a kiosk runs without it)


class OneLineParser(argparse.ArgumentParser):
    """Bad arguments: exit code 2 and one clear line (no usage block)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {_one_line(message)}\n")


_ECHOED = re.compile(r"(invalid choice: |unrecognized arguments: )(.*?)(?= \(choose|$)")


def _one_line(message: str) -> str:
    """Our converters cut what they echo (`shown`); argparse's own messages echo a value whole
    (`invalid choice: '…'`, `unrecognized arguments: …`): cut those too, and any line break."""
    message = _ECHOED.sub(lambda m: m.group(1) + shown(m.group(2), 60), message)
    return shown(message, 400) if len(message) > 400 or not message.isprintable() else message


_DIGITS = re.compile(r"\s*([+-]?)([0-9]+)\s*")  # [0-9]: ASCII only (int() takes other scripts' too)
_DECIMAL = re.compile(
    r"\s*[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\s*|\s*[+-]?(?:inf|infinity|nan)\s*",
    re.IGNORECASE,
)
TOO_MANY_DIGITS = 30  # past any option's bound: a stand-in, not converted (int() refuses 4,301)


def _integer(text: str) -> int | None:
    """The integer `text` writes in ASCII digits (e.g. " 12 ", "-3"), or None."""
    found = _DIGITS.fullmatch(text)
    if not found:
        return None
    sign, digits = found.groups()
    if len(digits.lstrip("0")) > TOO_MANY_DIGITS:
        return (-1 if sign == "-" else 1) * 10**TOO_MANY_DIGITS
    return int(sign + digits)


def _decimal(text: str) -> float | None:
    """The number `text` writes in ASCII (e.g. "1.5", "2e3", "inf"), or None."""
    return float(text) if _DECIMAL.fullmatch(text) else None


def _size(text: str) -> tuple[int, int]:
    found = re.fullmatch(r"\s*([0-9]+)\s*[xX×]\s*([0-9]+)\s*", text)
    if not found:
        raise argparse.ArgumentTypeError(f"'{shown(text)}' is not WIDTHxHEIGHT, e.g. 1920x1080")
    width, height = (_integer(part) or 0 for part in found.groups())  # digits: never None
    if not (640 <= width <= 7680 and 360 <= height <= 4320):
        raise argparse.ArgumentTypeError(f"'{shown(text)}' is outside 640x360 … 7680x4320")
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
        raise argparse.ArgumentTypeError(f"'{shown(text)}' is not NAME=VALUE, e.g. w_f=1.5")
    spec = SPEC_BY_NAME.get(name) or SPEC_BY_NAME.get(name.lower())
    if spec is None:
        known = ", ".join(SPEC_BY_NAME)
        raise argparse.ArgumentTypeError(f"unknown parameter '{shown(name)}'; known: {known}")
    value = _decimal(raw)
    if value is None:
        raise argparse.ArgumentTypeError(f"{spec.name} value '{shown(raw)}' is not a number")
    try:
        return spec.name, number_in(value, spec.min, spec.max)
    except NumberError as exc:
        raise argparse.ArgumentTypeError(f"{spec.name}={shown(raw.strip())} {exc.reason}") from None


def _bounded(kind: type, low: float, high: float):
    """A converter of an option's number (int or float) in low … high, with a one-line refusal."""
    whole = kind is int

    def convert(text: str):
        value = _integer(text) if whole else _decimal(text)
        if value is None:
            what = "an integer" if whole else "a number"
            raise argparse.ArgumentTypeError(f"'{shown(text)}' is not {what}")
        try:
            return number_in(value, low, high, whole=whole)
        except NumberError as exc:
            raise argparse.ArgumentTypeError(f"{shown(text.strip())} {exc.reason}") from None

    return convert


def _path(text: str, folder: bool = False) -> Path:
    """A file option: ~ expanded; refused when it cannot name a file (see checked_path)."""
    from .formats.textfile import PathError, checked_path

    try:
        return checked_path(text, folder=folder)
    except PathError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _folder_path(text: str) -> Path:
    """A folder option, as `_path` (a trailing / is fine)."""
    return _path(text, folder=True)


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(prog=PROG, description="A glass-box simulator of one LSTM cell.")
    add = parser.add_argument
    add("--size", type=_size, metavar="WxH", help="window size, e.g. 1920x1080 (default: fits the screen)")
    add("--fullscreen", action="store_true", help="desktop full screen")
    add("--sequence", type=_sequence, default=[], metavar="TEXT", help='input sequence, e.g. "1, 0, 0, 0, 0"')
    add("--set", type=_assignment, action="append", default=[], metavar="NAME=VALUE",
        help="set a parameter, e.g. --set w_f=1.5 (repeatable; names: " + ", ".join(SPEC_BY_NAME) + ")")
    add("--steps", type=_bounded(int, 0, MAX_VALUES), default=0, metavar="N", help="steps taken before the first frame")
    add("--play", action="store_true", help="start playing")
    add("--target", type=_sequence, metavar="TEXT", help="training target: the desired y per step, as many values as the sequence")
    add("--task", metavar="NAME", help="a training task preset by name, e.g. \"Remember the pulse\", or \"Memory test\"")
    add("--train", action="store_true", help="start training at once (on --task, or on --sequence and --target)")
    add("--compare", action="store_true", help="start in compare mode: a basic RNN beside the LSTM (key C toggles)")
    add("--reduce-motion", action="store_true", help="no moving pulses: values only fade (key M toggles)")
    add("--sound", action="store_true", help="sound effects: a chime when a challenge is met, a tick when a lesson page is done")
    add("--palette", choices=["seed", "okabe-ito"], default="seed",
        help="colours: the seed's, or Okabe-Ito (safe for colour-blind viewers)")
    add("--high-contrast", action="store_true", help="white text and edges on pure black")
    add("--ui-scale", type=_bounded(float, 1.0, UI_SCALE_MAX), default=1.0, metavar="S",
        help=f"text and controls S times larger for a projector's far rows (1 … {UI_SCALE_MAX:g});"
        " above 1 the panels show a group at a time, V shows the next")
    add("--speed", type=_bounded(float, SPEED_MIN, SPEED_MAX), default=SPEED_DEFAULT, metavar="S",
        help=f"play speed in steps per second ({SPEED_MIN:g} … {SPEED_MAX:g}, default {SPEED_DEFAULT:g})")
    add("--frames", type=_bounded(int, 1, MAX_FRAMES), metavar="N", help="run N frames, then exit")
    add("--screenshot", type=_path, metavar="PATH", help="save the last frame as PNG")
    add("--export-trace", type=_path, metavar="PATH", help="write the whole trace as CSV: " + ",".join(TRACE_COLUMNS))
    add("--fps", type=_bounded(int, 0, 1000), default=60, metavar="N", help="frame cap (0 = uncapped)")
    add("--kiosk", action="store_true",
        help="museum kiosk: full screen, staff-only exit, attract tour when idle (docs/kiosk.md)")
    add("--config", type=_path, metavar="FILE", help="kiosk settings (TOML), with --kiosk; see docs/kiosk.md")
    add("--display", type=_bounded(int, 0, 63), metavar="N", help="kiosk monitor number (default 0)")
    add("--scenario", type=_path, metavar="FILE", help="start from a scenario file (TOML, as Ctrl+S saves them)")
    add("--scenario-dir", type=_folder_path, metavar="DIR",
        help="the folder Ctrl+S saves to and Ctrl+O lists (default: ~/.local/share/lstm-arcade/scenarios)")
    add("--export-dir", type=_folder_path, metavar="DIR",
        help="the folder E and F12 write to (default: ~/.local/share/lstm-arcade/exports)")
    add("--controller-map", type=_path, metavar="FILE",
        help="gamepad and arcade-button mapping (TOML; default: assets/controllers.toml)")
    add("--midi-map", type=_path, metavar="FILE",
        help="MIDI knob mapping (TOML), also where MIDI learn (Ctrl+M) saves "
             "(default: ~/.config/lstm-arcade/midi.toml if it exists, else assets/midi.toml)")
    add("--list-challenges", action="store_true", help="print every challenge (ID<tab>title) and exit")
    add("--challenge", metavar="ID", help="start a challenge (a goal level; see --list-challenges)")
    add("--solve", action="store_true", help="with --challenge: apply its reference solution")
    add("--export-result", type=_path, metavar="FILE",
        help="with --challenge: write the result as JSON at exit (challenge, met, stars, measure, "
             "threshold, weights)")
    add("--list-lessons", action="store_true", help="print every lesson (ID<tab>title) and exit")
    add("--sessions-report", type=_folder_path, metavar="DIR",
        help="print a summary of a kiosk's session log folder (sessions-*.csv) and exit")
    add("--lesson", metavar="ID", help="start a guided lesson at its first page (see --list-lessons)")
    add("--lang", metavar="CODE", help=f"the language on screen: {', '.join(f'{lang.code} ({lang.name})' for lang in LANGUAGES)} "
        "(default: the system's when it is one of them, else en; a kiosk's: its config's)")
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
    from .app.devices import open_midi
    from .physical import init_subsystems

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


@dataclass(frozen=True)
class _Plan:
    """What the command line asks for, checked whole before a window opens."""

    scenario: Any  # formats.scenario.Scenario | None
    task_index: int | None
    task: Any  # model.tasks.Task | None (None also for the memory test, which is not a training task)
    folders: dict[str, Path | None]
    params: LSTMParams
    settings: Any  # formats.config.KioskSettings | None (None: not a kiosk)
    challenge: Any = None  # formats.challenges_file.Challenge | None
    lesson: Any = None  # formats.lessons_file.Lesson | None
    language: str = DEFAULT_LANGUAGE  # shown at start
    languages: tuple[str, ...] = CODES  # the switch offers these


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(_join_text_values(sys.argv[1:] if argv is None else list(argv)))
    if args.list_challenges or args.list_lessons:
        return _list(args)
    if args.sessions_report is not None:  # a bad folder: one line, exit code 2
        from .formats.sessions import report_main

        return report_main(args.sessions_report, PROG)
    if args.kiosk:  # from here on a stop signal is kept for the kiosk, never a traceback
        from .app.kiosk import install_signal_handlers

        install_signal_handlers()
    plan = _plan(parser, args)
    from .ui import theme

    theme.use_display(args.palette, args.high_contrast)
    from .app import DisplayUnavailable

    sim = _simulation(parser, args, plan)
    try:
        screen = _open_screen(parser, args, plan.settings)
    except DisplayUnavailable as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return 1
    app, kiosk = _make_app(args, plan, sim, screen)
    _prepare(app, args, plan)
    try:
        app.run(frames=args.frames, fps=args.fps)
        if not _write_outputs(app, args):
            return 1
    except KeyboardInterrupt:
        pass
    finally:
        code = kiosk.finish() if kiosk is not None else 0  # export_on_exit, log, exit code
        app.gamepad.close()
        app.midi.close()
        import pygame

        pygame.quit()
    return code


def _plan(parser: argparse.ArgumentParser, args: argparse.Namespace) -> _Plan:
    """Every file and option checked (a bad one: exit 2 with one line), nothing opened yet."""
    scenario = _scenario(parser, args)  # checked whole before the window opens
    challenge = _challenge(parser, args)
    lesson = _lesson(parser, args)
    task_index, task, task_length = _task(parser, args.task) if args.task is not None else (None, None, 0)
    # The sequence that will really be loaded: the scenario's, the task's, else --sequence.
    if scenario:
        length = len(parse_sequence(scenario.sequence))
    elif challenge is not None:
        length = len(challenge.sequence)
    elif lesson is not None and lesson.setup.sequence is not None:
        length = len(lesson.setup.sequence)
    else:
        length = task_length if task_index is not None else len(args.sequence)
    if args.steps > length:
        parser.error(f"argument --steps: {args.steps:,} is more than the sequence's {count_values(length)}")
    folders = {option: _folder(parser, value, option) for option, value in
               (("--scenario-dir", args.scenario_dir), ("--export-dir", args.export_dir))}
    params = LSTMParams(**dict(args.set)) if args.set else LSTMParams()
    for target, option in ((args.screenshot, "--screenshot"), (args.export_trace, "--export-trace"),
                           (args.export_result, "--export-result")):
        if target is not None:
            _check_writable(parser, target, option)
    settings = _kiosk_settings(parser, args)
    language, offered = _language(parser, args.lang, settings)
    _check_distinct(parser, args, settings)
    _sweep_temporaries(args, folders, settings)
    return _Plan(scenario, task_index, task, folders, params, settings, challenge, lesson, language, offered)


def _language(parser: argparse.ArgumentParser, wanted: str | None, settings) -> tuple[str, tuple[str, ...]]:
    """(the language at start, the languages the switch offers): --lang, else a kiosk's config,
    else the system's preferred one when it is shipped, else English."""
    offered = settings.languages if settings is not None else CODES
    if wanted is None:
        return (settings.language if settings is not None else system_language() or DEFAULT_LANGUAGE), offered
    try:
        check_language(wanted)
    except LanguageError as exc:
        parser.error(f"argument --lang: {exc}")
    if wanted not in offered:
        parser.error(f"argument --lang: {wanted!r} is not among the kiosk config's languages ({', '.join(offered)})")
    return wanted, offered


def _list(args: argparse.Namespace) -> int:
    """--list-challenges, --list-lessons: `ID<tab>title` a line each; a bad file's one line on
    stderr (exit 1), the good ones listed all the same."""
    entries: Sequence[Any]
    if args.list_challenges:
        from .formats.challenges_file import load_challenges

        entries, problems = load_challenges()
    else:
        from .formats.lessons_file import load_lessons

        entries, problems = load_lessons()
    try:
        for entry in entries:
            print(f"{entry.id}\t{entry.title}", flush=True)
    except BrokenPipeError:  # `| head -1`: the reader had enough; no traceback at exit either
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    for problem in problems:
        print(f"{PROG}: {problem}", file=sys.stderr)
    return 1 if problems else 0


CHALLENGE_CONFLICTS = ("--scenario", "--sequence", "--target", "--task", "--train", "--compare")


def _challenge(parser: argparse.ArgumentParser, args: argparse.Namespace):
    """The --challenge asked for (None without one), with --solve, --set and --export-result
    checked against it: a challenge brings its own sequence and decides which weights move."""
    if args.challenge is None:
        for option, given in (("--solve", args.solve), ("--export-result", args.export_result)):
            if given:
                parser.error(f"argument {option}: only with --challenge ID")
        return None
    for option in CHALLENGE_CONFLICTS:
        value = getattr(args, option[2:].replace("-", "_"))
        if value not in (None, False, []):
            parser.error(f"argument {option}: not with --challenge (a challenge brings its own "
                         "sequence and weights)")
    from .formats.challenges_file import load_challenges

    challenge = _by_id(parser, "challenge", args.challenge, *load_challenges())
    locked = [name for name, _ in args.set if name not in challenge.sliders]
    if locked:
        parser.error(f"argument --set: {locked[0]} is locked in challenge {challenge.id!r} "
                     f"(its sliders: {', '.join(challenge.sliders)})")
    return challenge


LESSON_CONFLICTS = ("--scenario", "--task", "--challenge")


def _lesson(parser: argparse.ArgumentParser, args: argparse.Namespace):
    """The --lesson asked for (None without one): a lesson brings its own start."""
    if args.lesson is None:
        return None
    for option in LESSON_CONFLICTS:
        if getattr(args, option[2:]) is not None:
            parser.error(f"argument {option}: not with --lesson (a lesson brings its own start)")
    from .formats.lessons_file import load_lessons

    return _by_id(parser, "lesson", args.lesson, *load_lessons())


def _by_id(parser: argparse.ArgumentParser, kind: str, wanted: str, entries: Sequence[Any], problems: list[str]):
    """The challenge or lesson `wanted` among those loaded; else exit 2 with one line (naming a
    bad file's problem, which may be why it is missing)."""
    entry = next((entry for entry in entries if entry.id == wanted), None)
    if entry is None:
        why = f" ({problems[0]})" if problems else ""
        parser.error(f"argument --{kind}: no {kind} {shown(wanted, 60)!r}; --list-{kind}s lists them{why}")
    return entry


def _simulation(parser: argparse.ArgumentParser, args: argparse.Namespace, plan: _Plan) -> Simulation:
    """The simulation --set, --sequence, --speed, --target and (without a scenario or task)
    --steps ask for."""
    sim = Simulation(plan.params, args.sequence, speed=args.speed)
    if args.target is not None:
        try:
            sim.set_target(args.target)
        except ValueError as exc:
            parser.error(f"argument --target: {exc}")
    for _ in range(0 if plan.scenario or plan.task_index is not None else args.steps):  # else after either
        sim.step_forward()
    return sim


def _open_screen(parser: argparse.ArgumentParser, args: argparse.Namespace, settings: Any):
    """The kiosk's full screen on its display, else the window --size / --fullscreen ask for."""
    from .app import open_window

    if settings is None:
        return open_window(args.size, args.fullscreen)
    from .app.kiosk import NoSuchDisplay, open_kiosk_window

    try:
        return open_kiosk_window(settings.display)
    except NoSuchDisplay as exc:
        parser.error(str(exc))


def _make_app(args: argparse.Namespace, plan: _Plan, sim: Simulation, screen: Any):
    """The app (a kiosk's with --kiosk, which then takes the stop signals); (app, kiosk or None)."""
    from .app import App, AppOptions

    options = AppOptions(
        controller_map=Path(args.controller_map) if args.controller_map else None,
        ui_scale=args.ui_scale,
        scenario_dir=plan.folders["--scenario-dir"],
        export_dir=plan.folders["--export-dir"],
        language=plan.language,
        languages=plan.languages,
        sound=args.sound,
    )
    if plan.settings is None:
        return App(sim, screen, reduce_motion=args.reduce_motion, options=options), None
    from .app.kiosk import KioskApp, install_signal_handlers

    kiosk = KioskApp(sim, screen, plan.settings, reduce_motion=args.reduce_motion, options=options)
    install_signal_handlers(kiosk)
    return kiosk, kiosk


def _prepare(app: Any, args: argparse.Namespace, plan: _Plan) -> None:
    """Devices, then the scenario or task, --steps, --train and --play, in that order."""
    from .app import dispatch as dispatcher

    _open_physical_controls(app, args)
    if plan.scenario is not None:
        _start_from_scenario(app, plan.scenario, args)
    if plan.task_index is not None:
        dispatcher.select_task(app, plan.task_index)
        for _ in range(args.steps):
            app.sim.step_forward()
    if plan.lesson is not None:  # its setup, then --set over it and --steps from its start
        dispatcher.start_lesson(app, plan.lesson.id, app.clock())
        for name, value in args.set:
            app.sim.set_param(name, value)
        for _ in range(args.steps):
            app.sim.step_forward()
    if plan.challenge is not None:
        dispatcher.start_challenge(app, plan.challenge.id)
        for name, value in args.set:  # over its start weights: the sliders it lets move
            app.sim.set_param(name, value)
        if args.solve:
            dispatcher.solve_challenge(app)
        for _ in range(args.steps):
            app.sim.step_forward()
    if args.compare:  # after the scenario or task, which may leave compare mode off
        app.sim.set_compare(True)
    if args.train:
        dispatcher.toggle_training(app, app.clock())
    if args.play:
        app.sim.play(app.clock())


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

    from .formats.config import ConfigError, KioskSettings, load_config

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
    from .formats.scenario import ScenarioError, load_scenario

    try:
        return load_scenario(args.scenario)
    except ScenarioError as exc:
        parser.error(f"argument --scenario: {exc}")


def _folder(parser: argparse.ArgumentParser, value: Path | None, option: str) -> Path | None:
    """A folder option (created when first written to), or None for the default; refused when it,
    or the nearest existing one above it, is a file."""
    if value is None:
        return None
    probe = value
    while True:
        try:
            info = os.stat(probe)
        except (FileNotFoundError, NotADirectoryError):
            if probe == probe.parent:
                return value
            probe = probe.parent
            continue
        except OSError as exc:
            parser.error(f"argument {option}: '{shown_path(value)}': {exc.strerror or exc}")
        if stat.S_ISDIR(info.st_mode):
            return value
        where = "is a file" if probe == value else f"is inside the file '{shown_path(probe)}'"
        parser.error(f"argument {option}: '{shown_path(value)}' {where}, not a folder")


def _start_from_scenario(app, scenario, args: argparse.Namespace) -> None:
    """Apply the scenario, then what the command line says on top: --set, --speed (when the file
    has no speed), --reduce-motion, --steps."""
    from dataclasses import replace

    from .app import session
    from .app.session import apply_scenario

    sim = app.sim
    apply_scenario(app, scenario)
    if args.set:
        sim.set_params(replace(sim.params, **dict(args.set)))
    if scenario.speed is None:
        sim.set_speed(args.speed, app.clock())
    if args.reduce_motion:
        session.keep_motion_off(app)  # the viewer's accessibility choice wins over the file
    for _ in range(args.steps):
        sim.step_forward()


def _task(parser: argparse.ArgumentParser, name: str):
    """The Task cycler's index (0 is Custom), the preset named on the command line (None for the
    memory test, the cycler's last entry) and the length of the sequence it loads."""
    from .formats.tasks_file import TaskError, load_tasks
    from .model import memory_test_preset
    from .ui.controls import MEMORY_TEST

    try:
        tasks = load_tasks()
    except TaskError as exc:
        parser.error(f"argument --task: the task presets cannot be read: {exc}")
    names = [task.name.lower() for task in tasks]
    if name.lower() == MEMORY_TEST.lower() and MEMORY_TEST.lower() not in names:
        return len(tasks) + 1, None, len(memory_test_preset().xs)
    if name.lower() not in names:
        known = ", ".join([*(t.name for t in tasks), MEMORY_TEST])
        parser.error(f"argument --task: no task '{shown(name)}' (tasks: {known})")
    index = names.index(name.lower())
    return index + 1, tasks[index], tasks[index].length


def _check_writable(parser: argparse.ArgumentParser, path: Path, option: str) -> None:
    """Fail before the window opens, not after the run, when an output cannot be written: a new
    name or a regular file (no folder, device, FIFO or symbolic link) in a folder we may write."""
    from .formats.textfile import PathError, check_output

    try:
        check_output(path)
    except PathError as exc:
        parser.error(f"argument {option}: {exc}")


OUTPUTS = ("--screenshot", "--export-trace", "--export-result", "--midi-map", "export_on_exit", "log_file")  # written to


def _check_distinct(parser: argparse.ArgumentParser, args: argparse.Namespace, settings) -> None:
    """Refuse an output that is also another option's file (`X`, `./X`, via a linked folder): one
    would overwrite the other."""
    files = [("--screenshot", args.screenshot), ("--export-trace", args.export_trace),
             ("--export-result", args.export_result),
             ("--scenario", args.scenario), ("--config", args.config),
             ("--controller-map", args.controller_map), ("--midi-map", args.midi_map)]
    if settings is not None:
        files += [(key, getattr(settings, key)) for key in ("export_on_exit", "log_file", "tour_file")]
    seen: dict[str, str] = {}
    for option, path in files:
        if path is None:
            continue
        key = os.path.realpath(path)
        other = seen.setdefault(key, option)
        if other != option and (option in OUTPUTS or other in OUTPUTS):
            name = option if option.startswith("--") else f"--config: {shown_path(args.config)}: {option}"
            parser.error(f"argument {name}: '{shown_path(path)}' is also the file of {other}; "
                         "one would overwrite the other")


def _sweep_temporaries(args: argparse.Namespace, folders: dict[str, Path | None], settings) -> None:
    """At start: the leftovers of saves that were killed half-way, in every folder we write to."""
    from .formats.export import data_dir
    from .formats.textfile import sweep_temporaries

    places: list[Path] = []
    for option, kind in (("--scenario-dir", "scenarios"), ("--export-dir", "exports")):
        try:
            places.append(folders[option] or data_dir(kind))
        except RuntimeError:  # no home folder known: nothing of ours there either
            continue
    outputs = [args.screenshot, args.export_trace, args.export_result,
               settings.export_on_exit if settings else None]
    places += [Path(path).parent for path in outputs if path is not None]
    for folder in dict.fromkeys(places):
        sweep_temporaries(folder)


def _write_outputs(app, args: argparse.Namespace) -> bool:
    """--screenshot and --export-trace after the run; each failure is one line. True when all went."""
    sim, ok = app.sim, True

    def trace(path: Path) -> None:
        export_trace(path, sim.params, sim.sequence, sim.target)

    def result(path: Path) -> None:
        save_atomically(path, (json.dumps(_result(app, args.challenge), indent=2) + "\n").encode())

    for path, write in ((args.screenshot, app.screenshot), (args.export_trace, trace),
                        (args.export_result, result)):
        if path is None:
            continue
        try:
            write(path)
        except OSError as exc:
            where = shown_path(exc.filename or path)
            print(f"{PROG}: cannot write {where}: {exc.strerror or exc}", file=sys.stderr)
            ok = False
    return ok


def _result(app, challenge_id: str) -> dict[str, object]:
    """The challenge's result on the weights at exit (the visitor may have left it on screen)."""
    from .formats.challenges_file import result_json
    from .sim.goals import evaluate

    challenge = next(c for c in app.challenges if c.id == challenge_id)
    moves = app.sim.goal_moves if app.sim.goal is challenge else 0
    return result_json(challenge, evaluate(challenge, app.sim.params, moves), app.sim.params)
