"""Kiosk mode: the app on a museum floor, unattended for weeks.

- Desktop full screen on the chosen display (no video-mode switch), screensaver kept off, the mouse
  pointer hidden on touch and after `hide_cursor_seconds` without motion.
- Exit guard: Esc, the window's close button (a QUIT event), Alt+F4 and Ctrl+Q do nothing; only the
  staff gesture quits (default: Ctrl+Shift+Q held for 2 s, timed on the app's clock).
- "Still there?": the last `still_there_seconds` (at most half of `idle_seconds`) before the idle
  reset, a countdown card; any input answers it and changes nothing else.
- Attract tour: after `idle_seconds` without input every setting goes back to the start state and
  the tour from `tour_file` plays; any touch, click or key ends it and starts where a visitor can
  act (`tour_hands_over_to`: the first challenge, a named one, or a fresh start).
- Session log (`session_log_dir`): per visitor session one anonymous row of counts in a daily CSV
  (formats/sessions.py); `best_today` keeps today's best stars per challenge for the screen.
- Crash guard: an unexpected exception in a frame goes with its traceback to the log file, the
  scene is reset and the loop goes on. Ten crashes within a minute end the process with code 1,
  so the service manager (docs/kiosk.md) starts a clean one.
"""

from __future__ import annotations

import contextlib
import io
import logging
import logging.handlers
import os
import signal
import stat
import sys
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pygame

from .. import actions as act
from ..actions import Action
from ..formats.condition import SimulationContext
from ..formats.config import KioskSettings
from ..formats.export import export_trace
from ..formats.sessions import Session, SessionLog, next_midnight, session_at
from ..formats.textfile import shown, shown_path
from ..formats.tour import Tour, caption_fields, load_tour_or_builtin
from ..i18n import tr
from ..model import LSTMParams
from ..physical import EVENT_TYPES as GAMEPAD_EVENTS
from ..physical import Command
from ..sim import Simulation
from ..ui.layout import Layout
from ..ui.touch import FINGER_EVENTS, from_finger, synthesized
from ..ui.views.still_there import StillThere
from ..ui.views.tour_overlay import TourOverlay
from .app import CAPTION, App, AppOptions, DisplayUnavailable, init_display
from .tour_player import TourPlayer

CRASH_LIMIT, CRASH_WINDOW_S = 10, 60.0
LOG_BYTES, LOG_BACKUPS = 1_000_000, 3  # the log rotates: weeks of running never fill the disk
INPUT_EVENTS = frozenset(
    {
        pygame.KEYDOWN,
        pygame.KEYUP,
        pygame.TEXTINPUT,
        pygame.TEXTEDITING,
        pygame.MOUSEBUTTONDOWN,
        pygame.MOUSEBUTTONUP,
        pygame.MOUSEMOTION,
        pygame.MOUSEWHEEL,
        pygame.FINGERDOWN,
        pygame.FINGERUP,
        pygame.FINGERMOTION,
        pygame.MULTIGESTURE,
    }
)
TOUR_ENDERS = frozenset(
    {pygame.KEYDOWN, pygame.MOUSEBUTTONDOWN, pygame.MOUSEWHEEL, pygame.FINGERDOWN}
)
WINDOW_EVENTS = frozenset({pygame.VIDEORESIZE, pygame.WINDOWSIZECHANGED})
RELEASES = frozenset({pygame.KEYUP, pygame.MOUSEBUTTONUP, pygame.FINGERUP})
# A press, not just a pointer passing by, starts a visitor's session (so do gamepads and knobs).
SESSION_STARTERS = TOUR_ENDERS
MODIFIER_KEYS = frozenset(
    getattr(pygame, name)
    for name in ("K_LCTRL", "K_RCTRL", "K_LSHIFT", "K_RSHIFT", "K_LALT", "K_RALT", "K_LGUI", "K_RGUI")
)
HOLD_LIMIT_S = 3.0  # a press that answered the countdown: its release is swallowed within this
# Dispatched, but not a control a visitor used: a widget's "taken", the app's own "goal met" and
# "a lesson page's condition came true".
NOT_CONTROLS = frozenset({act.TAKEN_NAME, act.GOAL_MET, getattr(act, "LESSON_DONE", act.GOAL_MET)})
# The lesson actions (when the lessons are in): started, and the last page's Next that ends one.
LESSON_START, LESSON_NEXT = getattr(act, "LESSON", None), getattr(act, "LESSON_NEXT", None)
CLOSE_EVENTS = frozenset({pygame.QUIT, pygame.WINDOWCLOSE})
MOD_FLAGS = {"ctrl": pygame.KMOD_CTRL, "shift": pygame.KMOD_SHIFT, "alt": pygame.KMOD_ALT}
MOD_KEYS = {
    "ctrl": (pygame.K_LCTRL, pygame.K_RCTRL),
    "shift": (pygame.K_LSHIFT, pygame.K_RSHIFT),
    "alt": (pygame.K_LALT, pygame.K_RALT),
}


def _press_key(event: pygame.event.Event) -> tuple[str, int] | None:
    """Which press an event belongs to: the mouse, a finger or a key (None: none of them)."""
    kind = event.type
    if kind in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP, pygame.MOUSEMOTION):
        return ("mouse", 0)
    if kind in FINGER_EVENTS:
        return ("finger", int(event.finger_id))
    if kind in (pygame.KEYDOWN, pygame.KEYUP):
        return ("key", int(event.key))
    return None


def key_code(name: str) -> int:
    """ "q" → K_q, "7" → K_7, "f4" → K_F4 (the names config.parse_keys accepts)."""
    if len(name) == 1:
        return ord(name.lower())
    return getattr(pygame, f"K_F{int(name[1:])}")


class HoldGesture:
    """Keys held together for a time: pressed → timing starts; any of them released → cancelled."""

    def __init__(self, key: int, mods: frozenset[str], seconds: float) -> None:
        self.key, self.mods, self.seconds = key, mods, seconds
        self.since: float | None = None

    def matches(self, event: pygame.event.Event) -> bool:
        return (
            event.type == pygame.KEYDOWN
            and event.key == self.key
            and all(getattr(event, "mod", 0) & MOD_FLAGS[m] for m in self.mods)
        )

    def observe(self, event: pygame.event.Event, now: float) -> None:
        if event.type == pygame.KEYDOWN and event.key == self.key:
            if not self.matches(event):
                self.since = None
            elif self.since is None:  # key repeat while held keeps the first press's time
                self.since = now
        elif event.type == pygame.WINDOWFOCUSLOST or (
            event.type == pygame.KEYUP
            and (event.key == self.key or any(event.key in MOD_KEYS[m] for m in self.mods))
        ):
            self.since = None

    @property
    def active(self) -> bool:
        return self.since is not None

    def complete(self, now: float) -> bool:
        return self.since is not None and now - self.since >= self.seconds


LOG_FORMAT = "%(asctime)s %(levelname)s %(message)s"


class LogRefused(OSError):
    """The log file's name is there but is not a regular file: not written through, not opened."""


def _refuse_unless_regular(path: Path) -> None:
    """Only a regular file or a new name is a log: a FIFO blocks the start until a reader comes,
    a device or a symbolic link would be written through, a folder cannot be."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    if stat.S_ISLNK(mode):
        raise LogRefused("is a symbolic link; give a regular file or a new name")
    if stat.S_ISDIR(mode):
        raise LogRefused("is a folder; give a file name")
    if stat.S_ISFIFO(mode):
        raise LogRefused("is a FIFO, not a regular file")
    if not stat.S_ISREG(mode):
        raise LogRefused("is a device or socket, not a regular file")


def _open_for_append(path: Path, encoding: str | None) -> io.TextIOWrapper:
    """`path` opened to append, without blocking and without following a link: the name may have
    changed since it was checked (a FIFO opened so fails at once instead of waiting)."""
    _refuse_unless_regular(path)
    nonblocking = getattr(os, "O_NONBLOCK", 0)
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | nonblocking
    flags |= getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags, 0o666)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise LogRefused("is not a regular file")
        if nonblocking:
            os.set_blocking(fd, True)  # a regular file: writes wait for the disk as usual
        # the handler owns and closes it; a message holding a lone surrogate (a file name that is
        # not UTF-8) is escaped instead of failing the write and sending the whole log to stderr
        return open(fd, "a", encoding=encoding, errors="backslashreplace")
    except BaseException:
        os.close(fd)
        raise


def _log_problem(path: str | Path, error: BaseException) -> str:
    """The one line that says why the log went to stderr: the file (cut) and what went wrong."""
    reason = (error.strerror if isinstance(error, OSError) else None) or str(error) or repr(error)
    return f"cannot write the kiosk log {shown_path(path)}: {reason}; logging to stderr"


class QuietStderr(logging.StreamHandler):
    """The last resort: records on stderr; one that cannot be written there is dropped."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    def emit(self, record: logging.LogRecord) -> None:
        if self.stream is not None:  # None: no console at all (pythonw)
            super().emit(record)

    def handleError(self, record: logging.LogRecord) -> None:
        pass  # nowhere left to say it


class KioskLog(logging.handlers.RotatingFileHandler):
    """The rotating log file that never blocks, raises or prints a traceback (logging's own
    handleError does, once per record): the first write that fails says why on stderr in one
    line, and from then on the records go to stderr."""

    def __init__(self, path: Path) -> None:
        self.problem: str | None = None  # why the log went to stderr
        self.fallback = QuietStderr()
        super().__init__(path, maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8")
        self.setFormatter(logging.Formatter(LOG_FORMAT))

    def setFormatter(self, fmt: logging.Formatter | None) -> None:
        super().setFormatter(fmt)
        self.fallback.setFormatter(fmt)

    def _open(self) -> io.TextIOWrapper:  # also after each rotation
        return _open_for_append(Path(self.baseFilename), self.encoding)

    def emit(self, record: logging.LogRecord) -> None:
        if self.problem is None:
            super().emit(record)  # a failure comes back through handleError or flush
        if self.problem is not None:  # the record that failed too
            self.fallback.emit(record)

    def flush(self) -> None:
        try:
            super().flush()
        except (OSError, ValueError) as exc:  # a full disk shows at the flush
            self._fall_back(exc)

    def handleError(self, record: logging.LogRecord) -> None:
        error = sys.exc_info()[1]
        try:
            self.format(record)
        except Exception as exc:  # noqa: BLE001 - a record that cannot be formatted: say so, go on
            _say(f"a kiosk log record could not be formatted ({shown(str(exc))}): {shown(str(record.msg))}")
            return
        self._fall_back(error or OSError("write failed"))

    def close(self) -> None:
        try:
            super().close()
        except (OSError, ValueError) as exc:
            self._fall_back(exc)

    def _fall_back(self, error: BaseException) -> None:
        if self.problem is not None:
            return
        self.problem = _log_problem(self.baseFilename, error)
        _say(self.problem)
        stream, self.stream = self.stream, None
        try:
            if stream is not None:
                stream.close()  # the unwritten rest fails again: it went to stderr
        except (OSError, ValueError):
            pass


def _say(line: str) -> None:
    """One line on stderr, if there is one to write to."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        print(f"lstm-arcade: {line}", file=sys.stderr, flush=True)


def open_log(path: Path) -> tuple[logging.Logger, str | None]:
    """A private logger writing to a rotating file; stderr and the reason if the file cannot be
    opened (the kiosk runs on without its log rather than not at all)."""
    logger = logging.Logger("lstm_arcade.kiosk")  # noqa: LOG001 - private: one per kiosk, not global
    problem = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = KioskLog(path)
    except (OSError, ValueError) as exc:
        handler = QuietStderr()
        handler.setFormatter(logging.Formatter(LOG_FORMAT))
        problem = _log_problem(path, exc)
    logger.addHandler(handler)
    return logger, problem


class NoSuchDisplay(DisplayUnavailable):
    """The configured monitor number is not connected."""


def open_kiosk_window(display: int) -> pygame.Surface:
    """Desktop full screen on `display` (the desktop's own size: no video-mode switch)."""
    # SDL turns SIGTERM into a QUIT event, which the exit guard ignores: let Python handle signals
    # (install_signal_handlers) so `systemctl stop` still ends the kiosk at once. Installed before
    # SDL starts: pygame puts its own (fatal) SIGQUIT handler only where there is none.
    os.environ.setdefault("SDL_NO_SIGNAL_HANDLERS", "1")
    install_signal_handlers()
    os.environ.setdefault("SDL_WINDOWS_NO_CLOSE_ON_ALT_F4", "1")
    # A stable window class / app id, for kiosk compositors, window rules and test tools. pygame
    # sets the X11 one to the script's name ("__main__.py") on import; a value of one's own stays.
    for name in ("SDL_VIDEO_X11_WMCLASS", "SDL_VIDEO_WAYLAND_WMCLASS"):
        if os.environ.get(name) in (None, "", os.path.basename(sys.argv[0] or "")):
            os.environ[name] = "lstm-arcade"
    init_display()
    count = pygame.display.get_num_displays()
    if not 0 <= display < count:
        raise NoSuchDisplay(
            f"display {display} does not exist: {count} display{'s' if count != 1 else ''} found "
            f"(numbered 0 … {count - 1}); set --display or the config's display"
        )
    pygame.font.init()
    pygame.display.set_caption(CAPTION)
    pygame.display.set_allow_screensaver(False)
    return pygame.display.set_mode((0, 0), pygame.FULLSCREEN, display=display)


# Ways the system (not a visitor) asks a kiosk to stop: `systemctl stop` and shutdown (TERM), the
# session or terminal gone (HUP), Ctrl+C (INT), Ctrl+\ (QUIT, which pygame's own handler turned
# into a fatal error). Each ends it like the staff gesture: logged, export_on_exit, exit code 0.
STOP_SIGNALS = tuple(
    getattr(signal, name)
    for name in ("SIGTERM", "SIGHUP", "SIGINT", "SIGQUIT")
    if hasattr(signal, name)  # Windows has TERM and INT only
)


class _StopRequest:
    """Where a stop signal goes: the running kiosk, or kept (`pending`) until there is one."""

    app: KioskApp | None = None
    pending: int | None = None


def _on_signal(signum: int, _frame: Any) -> None:
    # Only flags: a signal lands anywhere (the startup, a frame, an export being written), so
    # nothing here raises, logs or writes; the loop sees the flags and the ending does the rest.
    app = _StopRequest.app
    if app is None:
        _StopRequest.pending = _StopRequest.pending or signum
    else:
        app.stop_for_signal(signum)


def install_signal_handlers(app: KioskApp | None = None) -> None:
    """The stop signals end the kiosk cleanly. Installed before the window opens (a signal
    during the startup is kept) and again for the app, which then takes the kept signal."""
    for signum in STOP_SIGNALS:
        signal.signal(signum, _on_signal)
    if app is not None:
        _StopRequest.app = app
        pending, _StopRequest.pending = _StopRequest.pending, None
        if pending is not None:
            app.stop_for_signal(pending)


@dataclass(frozen=True)
class StartState:
    """What "a fresh start" goes back to: how the kiosk was launched."""

    params: LSTMParams
    sequence: tuple[float, ...]
    speed: float
    reduce_motion: bool
    target: tuple[float, ...] | None = None  # a training target given at launch


class KioskApp(App):
    """The app with the exit guard, idle attract tour, cursor hiding and the crash guard."""

    def __init__(
        self,
        sim: Simulation,
        screen: pygame.Surface,
        settings: KioskSettings | None = None,
        *,
        clock: Callable[[], float] = time.perf_counter,
        reduce_motion: bool = False,
        log: logging.Logger | None = None,
        tour: Tour | None = None,
        wall_clock: Callable[[], float] = time.time,
        **app_options: Any,
    ) -> None:
        self.stop_signal: int | None = None  # set by a stop signal, at any moment from now on
        self.settings = settings = settings or KioskSettings()
        if log is None:
            log, problem = open_log(settings.log_file)
            if problem:
                print(f"lstm-arcade: {problem}", file=sys.stderr)
        self.log = log
        self.start_state = StartState(sim.params, tuple(sim.sequence), sim.speed, reduce_motion)
        self._start_pending = True  # taken again at the first frame: after --scenario, --task …
        # "Still there?": when the card came up (None: not shown); the presses that answered it,
        # whose release, motion and typed text go nowhere (key → the app clock's time).
        self.still_there = StillThere()
        self.still_since: float | None = None
        self._held: dict[tuple[str, int], float] = {}
        self._answered_at: float | None = None  # the frame (its time) whose input answered it
        # The visitor's session: counted from its first press to the idle reset (or the exit).
        self.wall_clock = wall_clock  # local dates and the rows' start times (tests inject one)
        self.session: Session | None = None
        self._session_began = 0.0  # the app clock's time of the session's first press
        self.best_today: dict[str, int] = {}  # challenge id → today's best stars (since midnight)
        self._midnight = next_midnight(wall_clock())
        folder = settings.session_log_dir
        self.session_log = SessionLog(folder, self.log.warning) if folder is not None else None
        # Nothing a visitor does writes files: export (E, F12) only when the config allows it,
        # scenarios (Ctrl+S, Ctrl+O) and MIDI learn never.
        base = app_options.pop("options", None) or AppOptions()
        options = replace(
            base,
            export_enabled=settings.allow_export,
            scenarios_enabled=False,
            midi_learn_enabled=False,
            levels=settings.levels,  # a kiosk starts in Explore unless its config says otherwise
            language=base.language or settings.language,  # --lang, else the config's: each visitor anew
            languages=settings.languages,
            sound=base.sound or settings.sound,  # --sound, else the config's
        )
        super().__init__(sim, screen, clock=clock, reduce_motion=reduce_motion, options=options, **app_options)
        self.help.hidden_keys = {"Ctrl+Q"}  # only the staff gesture quits a kiosk
        if tour is None:
            tour, problem = load_tour_or_builtin(settings.tour_file)
            if problem:
                self.log.warning(problem)
                print(f"lstm-arcade: {problem}", file=sys.stderr)
        self.tour = TourPlayer(tour)
        self.touring = False
        self.handover = self._handover_target(settings.tour_hands_over_to)
        self.overlay = TourOverlay()
        self._tour_card: tuple | None = None  # what the caption card showed last frame
        mods, key = settings.exit_combo
        self.exit_gesture = HoldGesture(key_code(key), mods, settings.exit_hold_seconds)
        now = clock()
        self.last_input = self.last_motion = now
        self.cursor_visible = True
        self._set_cursor(False)  # a touch screen shows no pointer; moving a mouse brings it back
        self.crashes: deque[float] = deque()
        self.exit_code = 0
        self.stop_reason = ""
        self.log.info(
            "kiosk started (%dx%d, idle %gs, exit: hold %s for %gs, tour: %s)",
            *self.screen.get_size(),
            settings.idle_seconds,
            settings.exit_keys,
            settings.exit_hold_seconds,
            tour.source,
        )
        if folder is not None:
            self.log.info("session log: one row per visitor session in %s", shown_path(folder))

    # --- the loop ----------------------------------------------------------------------------
    def frame(self) -> None:
        if self.stop_signal is None:
            try:
                self._kiosk_frame()
            except Exception as exc:  # noqa: BLE001 - the crash guard: anything, logged with its traceback
                self._recover(exc)
        if self.stop_signal is not None:  # again: a fresh start in this frame set running anew
            self.running = False

    def stop_for_signal(self, signum: int) -> None:
        """A stop signal: the loop ends after this frame (called from the signal handler)."""
        if self.stop_signal is None:
            self.stop_signal = signum
            self.stop_reason = self.stop_reason or f"signal {signal.Signals(signum).name}"
        self.running = False

    def _kiosk_frame(self) -> None:
        if self._start_pending:
            self.start_state, self._start_pending = self._snapshot(), False
        if self.touring:
            self.tour.update(self.sim, self.clock())
            self._show_sequence()
        else:
            self._ask_if_still_there(self.clock())  # before the events: one may answer at once
        super().frame()
        now = self.clock()
        self._roll_day()
        if self.exit_gesture.complete(now):
            self.stop_reason = "staff exit gesture"
            self.running = False
        elif (
            not self.touring
            and not self.exit_gesture.active
            and now - self.last_input >= self.settings.idle_seconds
        ):
            self.start_tour(now)
        if self.touring or (
            self.cursor_visible and now - self.last_motion >= self.settings.hide_cursor_seconds
        ):
            self._set_cursor(False)

    def _recover(self, error: Exception) -> None:
        now = self.clock()
        self.log.error(
            "unexpected error in a frame: the scene is reset, the kiosk goes on", exc_info=error
        )
        self.crashes.append(now)
        while self.crashes and now - self.crashes[0] > CRASH_WINDOW_S:
            self.crashes.popleft()
        if len(self.crashes) >= CRASH_LIMIT:
            self.log.critical(
                "%d errors within %gs: stopping with exit code 1 so the service restarts the kiosk",
                len(self.crashes),
                CRASH_WINDOW_S,
            )
            self.exit_code, self.stop_reason, self.running = 1, "repeated errors", False
            return
        self.touring = False
        self.still_since = None
        self._held.clear()
        try:
            self.fresh_start()
        except Exception as again:  # cannot even reset: let the service manager restart us
            self.log.critical("the reset after an error failed too: stopping", exc_info=again)
            self.exit_code, self.stop_reason, self.running = 1, "reset failed", False
            return
        self.last_input = now

    # --- events ------------------------------------------------------------------------------
    def handle(self, event: pygame.event.Event, now: float) -> None:
        kind = event.type
        if kind in CLOSE_EVENTS:
            return  # the exit guard: the close button, Alt+F4 via the window manager, SIGINT…
        if kind in GAMEPAD_EVENTS:  # even during the tour: a device plugged in must be opened
            if kind == pygame.WINDOWFOCUSLOST:
                self._held.clear()  # their releases go to the window that has the focus now
            super().handle(event, now)
            return
        self.exit_gesture.observe(event, now)
        if kind in INPUT_EVENTS:
            self._note_input(event, now)
            if self._swallowed(event, now):
                return  # the rest of the input that answered "Still there?"
        if kind == pygame.KEYDOWN and self._guarded(event):
            return
        if self.touring:
            if kind in TOUR_ENDERS and not synthesized(event):
                self.end_tour(now)
            elif kind in WINDOW_EVENTS:
                super().handle(event, now)
            return  # the event that ends the tour is not also a press on what lies under it
        if kind in SESSION_STARTERS and not synthesized(event) and getattr(event, "key", 0) not in MODIFIER_KEYS:
            self._begin_session(now)
        if self.still_since is not None and kind in INPUT_EVENTS:
            if not synthesized(event):
                self._answer(event, now)
            if kind not in RELEASES:
                return  # the answer is not also a press on what lies under the card
        super().handle(event, now)

    def physical(self, commands: list[Command], now: float) -> None:
        """A gamepad button or a knob is a visitor too: it ends the tour or answers "Still
        there?" (and does nothing else)."""
        if not commands:
            return
        self.last_input = now
        if self.touring:
            self.end_tour(now)
            return
        self._begin_session(now)
        if self.still_since is not None:
            self.still_since, self.drawn_clean = None, False
            return
        super().physical(commands, now)

    def dispatch(self, action: Action | None, now: float) -> bool:
        """Every action, counted for the session log (its name only, never its value)."""
        if action is None:
            return False
        goal, lesson = self.sim.goal, getattr(self.state, "lesson", None)
        taken = super().dispatch(action, now)
        self._count(action, goal, lesson)
        return taken

    def log_line(self, line: str) -> None:
        self.log.info(line)

    def _guarded(self, event: pygame.event.Event) -> bool:
        """Keys that would quit in a normal window, and the exit gesture's own key press."""
        mod = getattr(event, "mod", 0)
        if event.key == pygame.K_F4 and mod & pygame.KMOD_ALT:
            return True
        if event.key == pygame.K_q and mod & pygame.KMOD_CTRL:
            return True
        return self.exit_gesture.matches(event)

    def _note_input(self, event: pygame.event.Event, now: float) -> None:
        self.last_input = now
        touch = event.type in FINGER_EVENTS or event.type == pygame.MULTIGESTURE
        if touch or synthesized(event) or from_finger(event):
            self._set_cursor(False)  # a touch screen: no pointer in the way
        elif event.type == pygame.MOUSEMOTION:
            self.last_motion = now
            if not self.touring:
                self._set_cursor(True)

    def _set_cursor(self, visible: bool) -> None:
        if visible == self.cursor_visible:
            return
        self.cursor_visible = visible
        with contextlib.suppress(pygame.error):
            pygame.mouse.set_visible(visible)

    # --- tour and fresh start ----------------------------------------------------------------
    def start_tour(self, now: float) -> None:
        sim = self.sim
        self.log.info(
            "attract tour starts after %gs without input (left at t = %d of %d)",
            now - self.last_input,
            sim.t,
            sim.length,
        )
        self._end_session()
        self.still_since = None
        self._held.clear()
        self.fresh_start()
        self.touring = True
        self.tour.start(self.sim, now)
        self._show_sequence()

    def end_tour(self, now: float) -> None:
        """A visitor touched the tour: a fresh start, then where they can act (tour_hands_over_to)."""
        self.log.info(
            "attract tour ended by a visitor%s",
            f": challenge {self.handover} starts" if self.handover else ": a fresh start",
        )
        self.touring = False
        self.fresh_start()
        self.last_input = now
        self._begin_session(now)
        if self.handover is not None:
            self.dispatch(Action(act.CHALLENGE, self.handover), now)

    def _handover_target(self, wanted: str) -> str | None:
        """The challenge a touch on the tour starts (None: a fresh start), said once in the log
        when the one configured does not exist."""
        ids = [challenge.id for challenge in self.challenges]
        if wanted == "fresh":
            return None
        if wanted == "challenge" and ids:
            return ids[0]
        if wanted in ids:
            return wanted
        what = "no challenge is loaded" if wanted == "challenge" else f"no challenge is called {wanted!r}"
        self.log.warning("tour_hands_over_to: %s; a touch on the tour gives a fresh start", what)
        return None

    # --- "Still there?" ----------------------------------------------------------------------
    @property
    def countdown_seconds(self) -> float:
        """How long the card shows before the idle reset: still_there_seconds, but at most half of
        idle_seconds (a visitor always has the first half of the wait without it); 0: never."""
        return min(self.settings.still_there_seconds, self.settings.idle_seconds / 2)

    def _ask_if_still_there(self, now: float) -> None:
        """The card comes up `countdown_seconds` before the reset, unless staff hold the exit keys."""
        countdown = self.countdown_seconds
        if (
            self.still_since is None
            and countdown > 0
            and not self.exit_gesture.active
            and now - self.last_input >= self.settings.idle_seconds - countdown
        ):
            self.still_since = now

    def _answer(self, event: pygame.event.Event, now: float) -> None:
        """Input while the card is up: it goes, and nothing else changes. What came with it (the
        same frame's events: a click after the motion that answered) goes nowhere but releases."""
        self.still_since, self.drawn_clean = None, False
        self._answered_at = now
        self._hold(event, now)

    def _hold(self, event: pygame.event.Event, now: float) -> None:
        """A press that answered is held: its release, its motion and the text its key types go
        nowhere either."""
        kind = event.type
        if kind == pygame.MOUSEBUTTONDOWN:
            self._held[("mouse", 0)] = now
        elif kind == pygame.FINGERDOWN:
            self._held[("finger", int(event.finger_id))] = now
        elif kind == pygame.KEYDOWN:
            self._held[("key", int(event.key))] = now
            if getattr(event, "unicode", ""):
                self._held[("text", 0)] = now  # SDL sends its TEXTINPUT in the same batch

    def _swallowed(self, event: pygame.event.Event, now: float) -> bool:
        """Whether `event` is the rest of a press that answered the card (and so goes nowhere)."""
        held = self._held
        if now == self._answered_at and event.type not in RELEASES:
            self._hold(event, now)  # it came with the answer
            return True
        if not held:
            return False
        for stale, since in list(held.items()):
            if now - since > HOLD_LIMIT_S:  # its release never came (or went to another window)
                del held[stale]
        kind = event.type
        if kind in (pygame.TEXTINPUT, pygame.TEXTEDITING):
            return held.pop(("text", 0), None) == now
        if synthesized(event):  # SDL's mouse copy of a finger (the app takes the finger itself)
            return any(name == "finger" for name, _ in held)
        key = _press_key(event)
        if key is None or key not in held:
            return False
        if kind in RELEASES:
            del held[key]
            return True
        if kind in (pygame.MOUSEBUTTONDOWN, pygame.FINGERDOWN):
            del held[key]  # a new press: the old one was let go where we did not see it
            return False
        return True  # its motion, or a held key's repeat

    # --- the session log ---------------------------------------------------------------------
    def _begin_session(self, now: float) -> None:
        if self.session is None:
            self.session = session_at(self.wall_clock())
            self._session_began = now

    def _end_session(self) -> None:
        """The visitor's session is over: its row in the log (when there is one)."""
        session, self.session = self.session, None
        if session is None:
            return
        session.seconds = max(0.0, self.last_input - self._session_began)
        if self.session_log is not None:
            self.session_log.write(session)

    def _count(self, action: Action, goal: object, lesson: object) -> None:
        """One dispatched action in the session's counts (and a met goal in today's best)."""
        name, session = action.name, self.session
        if name == act.GOAL_MET:
            cid, stars = getattr(goal, "id", None), int(action.value)
            if isinstance(cid, str):
                self._roll_day()
                self.best_today[cid] = max(stars, self.best_today.get(cid, 0))
                if session is not None:
                    session.met(cid, stars)
            return
        if session is None or name in NOT_CONTROLS:
            return
        session.used(name)
        now_lesson = getattr(self.state, "lesson", None)
        if name == act.CHALLENGE and getattr(self.sim.goal, "id", None) == action.value:
            session.started(str(action.value))
        elif name == LESSON_START and now_lesson is not None:
            session.lessons_started += 1
        elif name == LESSON_NEXT and lesson is not None and now_lesson is None:
            session.lessons_completed += 1  # the last page's Next (Finish) ended it

    def _roll_day(self) -> None:
        """After local midnight, today's best stars start empty (also when the clock is set back)."""
        wall = self.wall_clock()
        if wall >= self._midnight or wall < self._midnight - 2 * 86_400:
            if wall >= self._midnight:
                self.best_today.clear()
            self._midnight = next_midnight(wall)

    def _show_sequence(self) -> None:
        """The sequence field shows what the tour scene plays."""
        field = self.controls.sequence
        shown = ", ".join(f"{x:g}" for x in self.sim.sequence)
        if field.committed_text != shown:
            field.text = field.committed_text = shown
            field.caret = len(shown)

    def _snapshot(self) -> StartState:
        sim = self.sim
        target = getattr(sim, "target", None)
        return StartState(
            sim.params,
            tuple(sim.sequence),
            sim.speed,
            self.state.reduce_motion,
            None if target is None else tuple(target),
        )

    def stars_shown(self) -> dict[str, int]:
        """Today's best stars per challenge, whoever earned them (no names)."""
        return self.best_today

    def fresh_start(self) -> None:
        """Everything back to the start state: simulation, fields, focus, views, help, motion."""
        with contextlib.suppress(pygame.error):
            pygame.key.stop_text_input()
        start = self.start_state
        sim = Simulation(start.params, start.sequence, speed=start.speed)
        if start.target is not None:
            sim.set_target(list(start.target))
        self.screen = pygame.display.get_surface() or self.screen
        self.start(sim, self.first_state(start.reduce_motion))  # open devices stay open
        self.gamepad.release_all()  # nothing the last visitor held keeps moving
        self.help.hidden_keys = {"Ctrl+Q"}

    # --- drawing -----------------------------------------------------------------------------
    def relayout(self) -> Layout:
        lay = super().relayout()
        self.still_there.layout(self.screen.get_rect(), lay.metrics)  # centred on the whole screen
        return lay

    def draw(self) -> None:
        from . import (
            compose,  # (imported here: this method is all of kiosk.py the view work touches)
        )

        card = None
        if self.touring:
            tour, scene = self.tour, self.tour.scene
            caption = tour.caption(self.sim)
            # TRANSLATORS: the attract tour's heading: scene k of n, then the scene's title.
            heading = tr("{k} / {n} · {title}", k=tour.index + 1, n=len(tour.tour.scenes), title=tr(scene.title))
            # The caption's numbers are fields filled in from the simulation (formats/tour.py).
            fields = caption_fields(SimulationContext(self.sim)) if caption else {}
            self.overlay.say(heading, tr(caption.text, **fields) if caption else "")
            card = (self.overlay.heading, self.overlay.caption, self.screen.get_size(), self.state.language)
        # The caption card is opaque and drawn again, in place, after the panels every frame: the
        # panels under it draw themselves again only when it comes, changes or goes (at 4K, a
        # whole redraw under a standing card cost half the tour's frame).
        if card != self._tour_card:
            self.drawn_clean = False
        self._tour_card = card
        shown = compose.draw(self)
        if self.touring:
            self.overlay.draw(self.screen, shown)
        elif self.still_since is not None:
            self.drawn_clean = False  # the card and the dimming lie over every panel
            deadline = self.last_input + self.settings.idle_seconds
            self.still_there.show(deadline - shown.now, self.countdown_seconds)
            self.still_there.draw(self.screen, shown)

    # --- the end -----------------------------------------------------------------------------
    def finish(self) -> int:
        """After the loop: export the trace if configured, log why the kiosk stopped; exit code."""
        self._end_session()
        sim, path = self.sim, self.settings.export_on_exit
        if path is not None and self.exit_code == 0:
            try:
                export_trace(str(path), sim.params, sim.sequence, getattr(sim, "target", None))
                self.log.info("trace exported to %s", path)
            except OSError as exc:
                self.log.error("cannot export the trace to %s: %s", path, exc.strerror or exc)
                print(f"lstm-arcade: cannot write {shown_path(path)}: {exc.strerror or exc}", file=sys.stderr)
                self.exit_code = 1
        self.log.info(
            "kiosk stopped (%s) at t = %d of %d, exit code %d",
            self.stop_reason or "end of run",
            sim.t,
            sim.length,
            self.exit_code,
        )
        for handler in list(self.log.handlers):
            handler.close()
            self.log.removeHandler(handler)
        return self.exit_code
