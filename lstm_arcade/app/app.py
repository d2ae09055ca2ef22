"""The frame loop: events → actions → the dispatcher → state → update → views draw → flip."""

from __future__ import annotations

import errno
import io
import os
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pygame

from .. import actions as act
from .. import i18n
from ..actions import Action
from ..formats.challenges_file import load_challenges
from ..formats.languages import CODES as LANGUAGE_CODES
from ..formats.languages import use as use_language
from ..formats.lessons_file import load_lessons
from ..formats.presets import load_presets
from ..formats.tasks_file import TaskError, load_tasks
from ..formats.textfile import save_atomically
from ..i18n import Message, message_of
from ..physical import EVENT_TYPES as GAMEPAD_EVENTS
from ..physical import Command, MidiInput
from ..sim import Simulation
from ..sim.training import TRAIN_BUDGET_S
from ..ui import bindings, theme
from ..ui.animation import StepAnimation
from ..ui.controls import ControlPanel
from ..ui.frame import View
from ..ui.layout import Layout
from ..ui.text import Text
from ..ui.touch import TouchPointer, is_touch
from ..ui.views.celebration import Celebration
from ..ui.views.chain import ChainView
from ..ui.views.diagram import DiagramView
from ..ui.views.explore_panel import ExplorePanel, Offer
from ..ui.views.graph import GraphView
from ..ui.views.header import Header
from ..ui.views.help_overlay import HelpOverlay
from ..ui.views.highlight import Highlight
from ..ui.views.lesson_card import LessonCard
from ..ui.views.math_panel import MathPanel
from ..ui.views.preset_chips import PresetChips
from ..ui.views.scenario_list import ScenarioList
from ..ui.views.stats import StatsPanel
from ..ui.views.tabs import TabStrip
from ..ui.views.toast import Toast
from ..ui.views.tooltip import Tooltip
from ..ui.views.training_overlay import TrainingOverlay
from ..ui.widgets import Widget
from . import compose, devices, files, lessons
from . import dispatch as dispatcher
from .sounds import Speaker
from .state import AppState

MIN_SIZE = (1280, 720)
POINTER_EVENTS = frozenset(
    {
        pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP, pygame.MOUSEMOTION, pygame.MOUSEWHEEL,
        pygame.FINGERDOWN, pygame.FINGERUP, pygame.FINGERMOTION, pygame.MULTIGESTURE,
    }
)


class PointerView(View, Protocol):
    """A panel that reacts to the pointer: the view contract (ui/frame.py), events in, actions out."""

    region: str  # the Layout field it lives in: "diagram", "chain", "graph"

    def handle(self, event: pygame.event.Event, now: float) -> Action | None: ...
CAPTION = "LSTM Arcade"  # the window's title: the program's name, not translated


def _load_tasks() -> tuple[tuple, str | None]:
    """The task presets from assets/, or none and the one-line reason when the file is bad."""
    try:
        return load_tasks(), None
    except TaskError as exc:
        return (), Message("Task presets not loaded: {problem}", problem=message_of(exc))


class DisplayUnavailable(RuntimeError):
    """No screen to open a window on (and no dummy driver asked for)."""


def default_size() -> tuple[int, int]:
    """The largest 16:9 window that fits in 90 % of the desktop, at least 1280×720."""
    try:
        desktop_w, desktop_h = pygame.display.get_desktop_sizes()[0]
    except (pygame.error, IndexError):
        return MIN_SIZE
    height = min(int(desktop_h * 0.9), int(desktop_w * 0.9 * 9 / 16))
    if height < MIN_SIZE[1]:
        return MIN_SIZE
    return round(height * 16 / 9), height


def init_display() -> None:
    """Initialise only the display (no audio); DisplayUnavailable, in one line, when there is none."""
    try:
        pygame.display.init()
    except pygame.error as exc:
        raise DisplayUnavailable(
            f"cannot open a window: {exc} (no display? set SDL_VIDEODRIVER=dummy to run headless)"
        ) from None


def open_window(size: tuple[int, int] | None, fullscreen: bool) -> pygame.Surface:
    """Initialise only the display and fonts (no audio) and open the window."""
    init_display()
    pygame.font.init()
    pygame.display.set_caption(CAPTION)
    if fullscreen:
        return pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
    return pygame.display.set_mode(size or default_size(), pygame.RESIZABLE)


@dataclass
class AppOptions:
    """How this run was started (the command line, a kiosk's config): fixed for the run."""

    export_enabled: bool = True  # E and F12; kiosk mode turns it off unless config allow_export
    scenarios_enabled: bool = True  # Ctrl+S and Ctrl+O
    scenario_dir: Path | None = None  # None: $XDG_DATA_HOME/lstm-arcade/scenarios (--scenario-dir)
    export_dir: Path | None = None  # None: $XDG_DATA_HOME/lstm-arcade/exports (--export-dir)
    controller_map: Path | None = None  # None: assets/controllers.toml (--controller-map)
    midi_learn_enabled: bool = True  # Ctrl+M; a kiosk's visitors never rebind (or write) anything
    ui_scale: float = 1.0  # above 1: larger text and controls, a page of panels at a time (--ui-scale)
    levels: tuple[str, ...] = ("full", "explore")  # the visitor's levels offered; the first at start
    language: str | None = None  # each visitor's first language (None: the one in use, i18n.language())
    languages: tuple[str, ...] = LANGUAGE_CODES  # the languages the switch offers
    sound: bool = False  # sound effects (--sound, a kiosk config's sound = true): app/sounds.py


class App:
    """One window showing one simulation; `frame()` runs one turn of the loop."""

    # A visitor's session, built by `start` (again at a kiosk's fresh start).
    sim: Simulation
    state: AppState
    text: Text
    controls: ControlPanel
    layout: Layout

    def __init__(
        self,
        sim: Simulation,
        screen: pygame.Surface,
        clock: Callable[[], float] = time.perf_counter,
        reduce_motion: bool = False,
        train_clock: Callable[[], float] = time.perf_counter,
        options: AppOptions | None = None,
    ) -> None:
        self.options = options or AppOptions()
        self.screen = screen
        self.clock = clock
        self.train_clock = train_clock  # wall time for the training budget (tests inject one)
        self.running = True
        self.frame_ms: deque[float] = deque(maxlen=10_000)  # work per frame, for the benchmark
        self.tasks, self.task_problem = _load_tasks()
        self.challenges, self.challenge_problems = load_challenges()
        self.lessons, self.lesson_problems = load_lessons()
        self.presets, self.presets_problem = load_presets()
        # Physical controls: gamepads and arcade panels (hot-plugged), MIDI (off until the command
        # line opens the real devices; tests give it a fake). They outlive a kiosk's fresh start.
        self.gamepad, self.controller_map_problem = devices.open_gamepad(
            self.options.controller_map, self.log_line
        )
        self.midi = MidiInput()
        self.speaker = Speaker(self.options.sound, self.log_line)  # outlives a kiosk's fresh start
        self.midi_map_path: Path | None = None  # where MIDI learn saves (None: it does not)
        self.start(sim, self.first_state(reduce_motion))

    def first_state(self, reduce_motion: bool) -> AppState:
        """A visitor's state at the start: the first level offered (a kiosk's: Explore)."""
        options = self.options
        return AppState(
            reduce_motion=reduce_motion, level=options.levels[0], levels=options.levels,
            language=options.language or i18n.language(), languages=options.languages,
        )

    def start(self, sim: Simulation, state: AppState) -> None:
        """A visitor's session from scratch: this simulation and state, new panels, laid out."""
        self.sim = sim
        self.state = state
        use_language(state.language)  # before any panel measures a label
        self.text = Text()
        self.theme = theme.current()  # the colours the views are handed (cli: theme.use_display)
        for problem in (self.task_problem, self.presets_problem, self.controller_map_problem):
            if problem and not sim.hint:
                sim.hint = problem
        self.controls = ControlPanel(tuple(task.name for task in self.tasks))
        self.header = Header()
        self.tabs = TabStrip()  # a squarer window's folded panels
        self.explore = ExplorePanel(  # the Explore level's controls and what it offers to try
            [Offer(c.id, c.title, 0) for c in self.challenges],
            [Offer(k.id, k.title) for k in self.lessons if k.level in (None, *state.levels)],
            full="full" in state.levels,
        )
        self.stats = StatsPanel()
        self.math = MathPanel()
        self.help = HelpOverlay()
        # Panels that take pointer input (hover, click, wheel, touch): each has place(rect,
        # metrics) and handle(event, now) -> Action | None; they never change the state.
        self.diagram = DiagramView()
        self.chips = PresetChips(self.presets, self.text)
        self.chain = ChainView()
        self.graph = GraphView()
        self.training_overlay = TrainingOverlay(self.graph)  # over the graph: its Undo button goes first
        # The chips sit in the diagram's title row, so they see a click before the diagram does;
        # the header has "back to live".
        self.pointer_views: list[PointerView] = [
            self.chips, self.diagram, self.header, self.tabs, self.chain, self.training_overlay, self.graph,
            self.math,
        ]
        self.animation = StepAnimation()
        self.scenario_list = ScenarioList()  # Ctrl+O
        self.toast = Toast()  # "Saved …", "Exported …"
        self.celebration = Celebration()  # a challenge met: its stars, big
        self.lesson_card = LessonCard()  # a running lesson's page, over the panels (a pointer view)
        self.highlight = Highlight()  # the ring around the page's target
        self.tooltip = Tooltip(lambda text, wanted: compose.tips(self, text, wanted))  # a shortened label's whole text
        self.touch = TouchPointer()  # the first finger down acts as the mouse
        self.drawn_clean = False  # nothing on screen yet that a panel could leave as it is
        self.steady_overlays: tuple = ()  # where a lesson's card and ring were drawn last frame
        self.layout: Layout = self.relayout()
        if sim.sequence:
            self.controls.sequence.text = self.controls.sequence.committed_text = ", ".join(
                f"{x:g}" for x in sim.sequence
            )

    # --- the loop ------------------------------------------------------------------------
    def frame(self) -> None:
        """Handle every pending event, advance the simulation, draw and flip."""
        start = time.perf_counter()
        now = self.clock()
        files.finish_open(self)  # a scenario chosen in the Ctrl+O list in an earlier frame
        for event in pygame.event.get():
            self.handle(event, now)
        self.physical(self.gamepad.update(now) + self.midi.poll(), now)
        self.update(now)
        self.draw()
        pygame.display.flip()
        self.speaker.observe(self.state)  # a chime for a goal met in this frame, a tick for a page done
        self.frame_ms.append((time.perf_counter() - start) * 1000)

    def update(self, now: float) -> None:
        """Advance the simulation and bring the widgets and the layout up to date (before draw)."""
        self.sim.update(now)
        self.sim.train(now, TRAIN_BUDGET_S, self.train_clock)
        self.animation.observe(self.sim.shown_t, self.sim.speed, now)
        result = self.sim.goal_result()
        if result is not None and result.stars > self.state.best_stars:  # a new best: say it
            self.dispatch(Action(act.GOAL_MET, result.stars), now)
        if lessons.condition_met(self.state, self.sim):  # the lesson page's `when` holds now
            self.dispatch(Action(act.LESSON_DONE), now)
        if self.layout.compare != self.sim.compare:  # compare mode gives the chain more room
            self.relayout()
        self.controls.sync(self.sim, self.state)
        self.explore.sync(self.sim, self.state.lesson)
        self.explore.set_stars(self.stars_shown())

    def run(self, frames: int | None = None, fps: int = 60) -> None:
        """Run until quit, or for `frames` frames; `fps` 0 runs uncapped."""
        ticker = pygame.time.Clock()
        count = 0
        while self.running and (frames is None or count < frames):
            self.frame()
            count += 1
            if fps:
                ticker.tick(fps)

    def dispatch(self, action: Action | None, now: float) -> bool:
        """Do what `action` asks for; whether there was one (None: the event was not taken)."""
        if action is None:
            return False
        dispatcher.dispatch(self, action, now)
        return True

    # --- events --------------------------------------------------------------------------
    def handle(self, event: pygame.event.Event, now: float) -> None:
        """One event: whoever takes it first turns it into an action, which is dispatched."""
        if event.type == pygame.QUIT:
            self.running = False
            return
        if not is_touch(event):  # a finger's own events reach it as mouse events (below)
            self.tooltip.point(event, now)
        if event.type in GAMEPAD_EVENTS:  # devices plugged in or out, buttons, sticks
            self.physical(self.gamepad.handle(event, now), now)
            if event.type != pygame.WINDOWFOCUSLOST:  # that one is for the widgets too
                return
        if event.type in (pygame.VIDEORESIZE, pygame.WINDOWSIZECHANGED):
            self.screen = pygame.display.get_surface() or self.screen
            self.relayout()
        elif is_touch(event):  # fingers become mouse events; SDL's own mouse copies are dropped
            self._handle_touch(event, now)
        elif self.state.help_open:
            self.dispatch(self._help_action(event), now)
        elif self.scenario_list.open:
            self._handle_scenario_list(event)
        else:
            self._handle_input(event, now)

    def _handle_touch(self, event: pygame.event.Event, now: float) -> None:
        under = self._pointer_widgets()
        for pointer in self.touch.translate(
            event, self.screen.get_size(), under, self.layout.metrics.touch
        ):
            self.handle(pointer, now)
        if event.type == pygame.FINGERUP:
            self.tooltip.point(event, now)
            for widget in self.widgets():  # a lifted finger hovers over nothing
                if hasattr(widget, "hovered"):
                    widget.hovered = False

    def _handle_input(self, event: pygame.event.Event, now: float) -> None:
        """Priority keys, then the focused widget (keys) or every widget and panel (pointer),
        then the shortcuts."""
        if event.type == pygame.KEYDOWN and self.dispatch(self._priority_action(event), now):
            return
        if event.type in POINTER_EVENTS and self.dispatch(self.lesson_card.handle(event, now), now):
            return  # the lesson card lies over the panels: its buttons first
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            self._focus_at(event.pos, now)
        for widget in self._receivers(event):
            if self.dispatch(widget.handle(event, now), now):
                return
        if event.type in POINTER_EVENTS:
            for view in self.pointer_views:
                if self.layout.shows(view.region) and self.dispatch(view.handle(event, now), now):
                    return
        if event.type == pygame.KEYDOWN:
            if self.layout.shows("math") and self.dispatch(self.math.handle(event, now), now):
                return  # PgUp / PgDn, and ↑ ↓ Home End with the pointer over the math panel
            if self.dispatch(self.lesson_card.handle(event, now), now):
                return  # ] and [ turn a lesson's pages
            self.dispatch(bindings.lookup(event.key, event.mod), now)

    def _receivers(self, event: pygame.event.Event) -> list[Widget]:
        """Keys go to the focused widget only; pointer events to every widget."""
        if event.type in (pygame.KEYDOWN, pygame.KEYUP, pygame.TEXTINPUT, pygame.TEXTEDITING):
            return [self.state.focused] if self.state.focused else []
        if event.type in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP, pygame.MOUSEMOTION):
            return self._pointer_widgets()
        return []

    def stars_shown(self) -> dict[str, int]:
        """The stars beside each challenge: this session's best (a kiosk shows today's)."""
        return self.state.stars

    def widgets(self) -> list[Widget]:
        """The level's widgets: the Explore panel's, or the Full control panel's."""
        return self.explore.widgets() if self.layout.level == "explore" else self.controls.widgets()

    def _pointer_widgets(self) -> list[Widget]:
        """The widgets a pointer can reach: none below the scenario list or on a hidden page."""
        if self.scenario_list.open or not (self.layout.shows("controls") or self.layout.shows("explore")):
            return []
        return self.widgets()

    def _priority_action(self, event: pygame.event.Event) -> Action | None:
        """Keys that work even when a field has the focus: Ctrl+Q, Tab, F1, Ctrl+S, Ctrl+O, F12,
        Ctrl+M (where MIDI learn is allowed), and Esc while MIDI learn waits."""
        if event.key == pygame.K_ESCAPE and (self.state.midi_learning or self.midi.learning):
            return Action(act.MIDI_LEARN_CANCEL)
        action = bindings.lookup(event.key, event.mod, bindings.PRIORITY)
        if action is not None and action.name == act.MIDI_LEARN and not self.options.midi_learn_enabled:
            return None
        return action

    @staticmethod
    def _help_action(event: pygame.event.Event) -> Action | None:
        """While the help card is up: Esc, H or F1 close it; a click, Space or → show its next page
        (closing it after the last); Ctrl+Q still quits."""
        if event.type == pygame.KEYDOWN:
            if event.key in (pygame.K_ESCAPE, pygame.K_h, pygame.K_F1):
                return Action(act.CLOSE_HELP)
            if event.key in (pygame.K_RIGHT, pygame.K_SPACE, pygame.K_PAGEDOWN, pygame.K_RETURN):
                return Action(act.HELP_NEXT)  # a card in pages: the next one
            if event.key == pygame.K_q and event.mod & pygame.KMOD_CTRL:
                return Action(act.QUIT)
        elif event.type == pygame.MOUSEBUTTONDOWN:
            return Action(act.HELP_NEXT)
        return None

    def _handle_scenario_list(self, event: pygame.event.Event) -> None:
        """The Ctrl+O list takes every event while it is open; Ctrl+Q still quits."""
        if event.type == pygame.KEYDOWN and event.key == pygame.K_q and event.mod & pygame.KMOD_CTRL:
            self.running = False
            return
        chosen = self.scenario_list.handle(event)
        if chosen is not None:
            files.open_scenario(self, chosen)

    def physical(self, commands: list[Command], now: float) -> None:
        """What gamepads, arcade buttons and MIDI knobs asked for this frame: the same actions
        as keys and clicks. The Ctrl+O list is for the keyboard and pointer; while the help card
        is up, any control first closes it."""
        for command in commands:
            if self.scenario_list.open:
                continue
            help_up = self.state.help_open
            self.dispatch(Action(act.CLOSE_HELP) if help_up else devices.action_for(command), now)

    def log_line(self, line: str) -> None:
        """One line for the log (a kiosk's goes to its log file)."""
        devices.LOG.info(line)

    # --- focus ---------------------------------------------------------------------------
    def _focus_at(self, pos: tuple[int, int], now: float) -> None:
        """A click focuses the field or slider under it; anywhere else the focus leaves."""
        target = None
        for widget in self._pointer_widgets():
            if widget.rect.collidepoint(pos) and widget.focus_on_click:
                target = widget
        dispatcher.set_focus(self, target, now)
        # A field losing the focus commits its text (a new sequence): the buttons must know it
        # before this same click reaches them, or Step, disabled for the old empty sequence,
        # would ignore the press that committed the text.
        self.controls.sync(self.sim, self.state)

    def set_focus(self, widget: Widget | None, now: float) -> None:
        dispatcher.set_focus(self, widget, now)

    # --- drawing -------------------------------------------------------------------------
    def relayout(self) -> Layout:
        return compose.relayout(self)

    def draw(self) -> None:
        compose.draw(self)

    def screenshot(self, path: str | os.PathLike[str]) -> None:
        """Save the last frame as PNG without ever leaving a half-written file."""
        save_atomically(path, self.png())

    def png(self) -> bytes:
        """The last frame as PNG bytes, encoded in memory: pygame's own file writer does not report
        a full disk, so the bytes are written (and checked) by `save_atomically`."""
        out = io.BytesIO()
        try:
            pygame.image.save(self.screen, out, "png")
        except pygame.error as exc:
            raise OSError(errno.EIO, f"the PNG could not be made ({exc})") from None
        data = out.getvalue()
        if not (data.startswith(b"\x89PNG\r\n\x1a\n") and data.endswith(b"IEND\xaeB`\x82")):
            raise OSError(errno.EIO, "the PNG came out incomplete")
        return data
