"""The frame loop: events → widgets → intents → simulation → views draw → flip."""

from __future__ import annotations

import errno
import io
import math
import os
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import pygame

from .. import actions as act
from . import devices, files
from ..actions import Action
from ..formats.presets import load_presets
from ..formats.tasks_file import TaskError, load_tasks
from ..formats.textfile import save_atomically
from ..model import SequenceError, format_sequence, memory_test_preset, parse_sequence
from ..physical import EVENT_TYPES as GAMEPAD_EVENTS
from ..physical import Command, MidiInput
from .session import show_text
from ..sim import Simulation
from ..sim.simulation import wrong_target_length
from ..sim.training import TRAIN_BUDGET_S
from ..ui import bindings, paint, theme
from ..ui.animation import StepAnimation
from ..ui.controls import MEMORY_TEST, RNN_PREFIX, SLIDER_RESOLUTION, ControlPanel
from ..ui.layout import CONTROLS_PAGE, PAGES, Layout, compute_layout
from ..ui.text import Text
from ..ui.theme import Metrics
from ..ui.touch import TouchPointer, is_touch
from ..ui.views.chain import ChainView
from ..ui.views.diagram import DiagramView
from ..ui.views.diagram_text import math_key, series_key
from ..ui.views.graph import GraphView
from ..ui.views.header import Header
from ..ui.views.help_overlay import HelpOverlay
from ..ui.views.math_panel import MathPanel
from ..ui.views.preset_chips import PresetChips
from ..ui.views.scenario_list import ScenarioList
from ..ui.views.stats import StatsPanel
from ..ui.views.toast import Toast
from ..ui.views.training_overlay import TrainingOverlay
from ..ui.widgets import Intent, Slider, Widget

MIN_SIZE = (1280, 720)
TRAINING_WIDGETS = frozenset({"target", "train", "task", "optimizer", "reset_weights", "lr"})
POINTER_EVENTS = frozenset(
    {
        pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP, pygame.MOUSEMOTION, pygame.MOUSEWHEEL,
        pygame.FINGERDOWN, pygame.FINGERUP, pygame.FINGERMOTION, pygame.MULTIGESTURE,
    }
)


class PointerView(Protocol):
    """A panel that reacts to the pointer: placed on every layout, events in, intents out."""

    region: str  # the Layout field it lives in: "diagram", "chain", "graph"

    def place(self, rect: pygame.Rect, metrics: Metrics) -> None: ...

    def handle(self, event: pygame.event.Event, now: float) -> tuple[bool, list[Intent]]: ...
CAPTION = "LSTM Arcade"


def _load_tasks() -> tuple[tuple, str | None]:
    """The task presets from assets/, or none and the one-line reason when the file is bad."""
    try:
        return load_tasks(), None
    except TaskError as exc:
        return (), f"Task presets not loaded: {exc}"


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


class App:
    """One window showing one simulation; `frame()` runs one turn of the loop."""

    # Classroom files (class attributes, so a kiosk's settings survive its fresh start):
    export_enabled: bool = True  # E and F12; kiosk mode turns it off unless config allow_export
    scenarios_enabled: bool = True  # Ctrl+S and Ctrl+O
    scenario_dir: Path | None = None  # None: $XDG_DATA_HOME/lstm-arcade/scenarios (--scenario-dir)
    export_dir: Path | None = None  # None: $XDG_DATA_HOME/lstm-arcade/exports (--export-dir)
    controller_map: Path | None = None  # None: assets/controllers.toml (--controller-map)
    midi_learn_enabled: bool = True  # Ctrl+M; a kiosk's visitors never rebind (or write) anything
    ui_scale: float = 1.0  # above 1: larger text and controls, a page of panels at a time (--ui-scale)

    def __init__(
        self,
        sim: Simulation,
        screen: pygame.Surface,
        clock: Callable[[], float] = time.perf_counter,
        reduce_motion: bool = False,
        train_clock: Callable[[], float] = time.perf_counter,
    ) -> None:
        self.sim = sim
        self.screen = screen
        self.clock = clock
        self.text = Text()
        self.train_clock = train_clock  # wall time for the training budget (tests inject one)
        self.tasks, task_problem = _load_tasks()
        self.controls = ControlPanel(tuple(task.name for task in self.tasks))
        if task_problem:
            sim.hint = task_problem
        self.header = Header()
        self.stats = StatsPanel()
        self.math = MathPanel()
        self.help = HelpOverlay()
        # Panels that take pointer input (hover, click, wheel, touch). Each has place(rect, metrics)
        # and handle(event, now) -> (consumed, intents); like widgets they never change the sim.
        self.diagram = DiagramView()
        self.presets, presets_problem = load_presets()
        if presets_problem and not sim.hint:
            sim.hint = presets_problem
        self.chips = PresetChips(self.presets, self.text)
        # The chips sit in the diagram's title row, so they see a click before the diagram does.
        self.pointer_views: list[PointerView] = [self.chips, self.diagram]
        self.chain = ChainView()
        self.graph = GraphView()
        self.training_overlay = TrainingOverlay()  # over the graph: its Undo button goes first
        self.pointer_views += [self.header, self.chain, self.training_overlay, self.graph]  # the header: "back to live"
        self.animation = StepAnimation()
        self.reduce_motion = reduce_motion  # pulses off, values only fade (--reduce-motion, key M)
        self.highlight: str | None = None  # the node whose equation the math panel highlights
        self.help_open = False
        self.scenario_list = ScenarioList()  # Ctrl+O
        self.toast = Toast()  # "Saved …", "Exported …"
        self.running = True
        self.focused: Widget | None = None
        self.touch = TouchPointer()  # the first finger down acts as the mouse
        self.frame_ms: deque[float] = deque(maxlen=10_000)  # work per frame, for the benchmark
        # Physical controls: gamepads and arcade panels (hot-plugged), MIDI (off until the command
        # line opens the real devices; tests give it a fake).
        self.gamepad, self.controller_map_problem = devices.open_gamepad(
            self.controller_map, self.log_line
        )
        if self.controller_map_problem and not sim.hint:
            sim.hint = self.controller_map_problem
        self.midi = MidiInput()
        self.midi_map_path: Path | None = None  # where MIDI learn saves (None: it does not)
        self.midi_learning = False  # Ctrl+M: the next slider focused waits for a knob
        self.drawn_clean = False  # nothing on screen yet that a panel could leave as it is
        self.page = 0  # the group of panels a UI scale above 1 shows (layout.PAGES)
        self.layout: Layout = self._relayout()
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
        self.sim.update(now)
        self.sim.train(now, TRAIN_BUDGET_S, self.train_clock)
        self.animation.observe(self.sim.shown_t, self.sim.speed, now)
        if self.layout.compare != self.sim.compare:  # compare mode gives the chain more room
            self._relayout()
        self.draw()
        pygame.display.flip()
        self.frame_ms.append((time.perf_counter() - start) * 1000)

    def run(self, frames: int | None = None, fps: int = 60) -> None:
        """Run until quit, or for `frames` frames; `fps` 0 runs uncapped."""
        ticker = pygame.time.Clock()
        count = 0
        while self.running and (frames is None or count < frames):
            self.frame()
            count += 1
            if fps:
                ticker.tick(fps)

    # --- events --------------------------------------------------------------------------
    def handle(self, event: pygame.event.Event, now: float) -> None:
        if event.type == pygame.QUIT:
            self.running = False
            return
        if event.type in GAMEPAD_EVENTS:  # devices plugged in or out, buttons, sticks
            self.physical(self.gamepad.handle(event, now), now)
            if event.type != pygame.WINDOWFOCUSLOST:
                return
        if event.type in (pygame.VIDEORESIZE, pygame.WINDOWSIZECHANGED):
            self.screen = pygame.display.get_surface()
            self._relayout()
            return
        if is_touch(event):  # fingers become mouse events; SDL's own mouse copies are dropped
            under = self._pointer_widgets()
            for pointer in self.touch.translate(
                event, self.screen.get_size(), under, self.layout.metrics.touch
            ):
                self.handle(pointer, now)
            if event.type == pygame.FINGERUP:
                for widget in self.controls.widgets():  # a lifted finger hovers over nothing
                    if hasattr(widget, "hovered"):
                        widget.hovered = False
            return
        if self.help_open:
            self._handle_help(event)
            return
        if self.scenario_list.open:
            self._handle_scenario_list(event)
            return
        if event.type == pygame.KEYDOWN and self._handle_priority_key(event, now):
            return
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            self._focus_at(event.pos, now)
        for widget in self._receivers(event):
            consumed, intents = widget.handle(event, now)
            for intent in intents:
                self.apply(intent, now)
            if consumed:
                return
        if event.type in POINTER_EVENTS:
            for view in self.pointer_views:
                if not self.layout.shows(view.region):
                    continue  # on another page of a scaled layout
                consumed, intents = view.handle(event, now)
                for intent in intents:
                    self.apply(intent, now)
                if consumed:
                    return
        if event.type == pygame.KEYDOWN:
            self._handle_shortcut(event, now)

    def _receivers(self, event: pygame.event.Event) -> list[Widget]:
        """Keys go to the focused widget only; pointer events to every widget."""
        if event.type in (pygame.KEYDOWN, pygame.KEYUP, pygame.TEXTINPUT, pygame.TEXTEDITING):
            return [self.focused] if self.focused else []
        if event.type in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP, pygame.MOUSEMOTION):
            return self._pointer_widgets()
        return []

    def _pointer_widgets(self) -> list[Widget]:
        """The widgets a pointer can reach: none below the scenario list or on a hidden page."""
        if self.scenario_list.open or not self.layout.shows("controls"):
            return []
        return self.controls.widgets()

    def _handle_priority_key(self, event: pygame.event.Event, now: float) -> bool:
        """Keys that work even when a field has the focus: Ctrl+Q, Tab, F1, Ctrl+S, Ctrl+O, F12."""
        ctrl = event.mod & pygame.KMOD_CTRL
        if event.key == pygame.K_q and ctrl:
            self.running = False
        elif event.key == pygame.K_s and ctrl:
            files.save_scenario(self)
        elif event.key == pygame.K_o and ctrl:
            files.show_scenarios(self)
        elif event.key == pygame.K_F12:
            files.export(self, trace=False)
        elif event.key == pygame.K_TAB:
            self._move_focus(-1 if event.mod & pygame.KMOD_SHIFT else 1, now)
        elif event.key == pygame.K_F1:
            self.help_open = True
        elif event.key == pygame.K_m and ctrl and self.midi_learn_enabled:
            devices.toggle_learn(self)
        elif event.key == pygame.K_ESCAPE and (self.midi_learning or self.midi.learning):
            devices.cancel_learn(self)
            self.sim.hint = "MIDI learn cancelled"
        else:
            return False
        return True

    def physical(self, commands: list[Command], now: float) -> None:
        """What gamepads, arcade buttons and MIDI knobs asked for this frame."""
        devices.run(self, commands, now)

    def log_line(self, line: str) -> None:
        """One line for the log (a kiosk's goes to its log file)."""
        devices.LOG.info(line)

    def _handle_shortcut(self, event: pygame.event.Event, now: float) -> None:
        """A key no widget took: its action from the bindings table, done by KEY_ACTIONS."""
        action = bindings.lookup(event.key, event.mod)
        if action is not None:
            KEY_ACTIONS[action.name](self, action, now)

    def _time_travel(self) -> None:
        """Shift+←: view the step before t; while already viewing, one step further back."""
        if self.sim.inspected is None:
            self.sim.inspect(self.sim.t - 1)
        else:
            self.step_or_inspect(-1)

    def _escape(self, now: float) -> None:
        """Esc (no field took it): back to live from a past step, and the focus leaves."""
        if self.focused is None and self.sim.inspected is not None:
            self.sim.go_live()
        self.set_focus(None, now)

    def step_or_inspect(self, direction: int) -> None:
        """→ / ← and the Step / Back buttons: through the past while inspecting, else the sim."""
        sim = self.sim
        if sim.inspected is not None:
            sim.move_inspection(direction)
        elif direction > 0:
            sim.step_forward()
        else:
            sim.step_back()

    def _handle_scenario_list(self, event: pygame.event.Event) -> None:
        """The Ctrl+O list takes every event while it is open; Ctrl+Q still quits."""
        if event.type == pygame.KEYDOWN and event.key == pygame.K_q and event.mod & pygame.KMOD_CTRL:
            self.running = False
            return
        chosen = self.scenario_list.handle(event)
        if chosen is not None:
            files.open_scenario(self, chosen)

    def _handle_help(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN:
            if event.key in (pygame.K_ESCAPE, pygame.K_h, pygame.K_F1):
                self.help_open = False
            elif event.key == pygame.K_q and event.mod & pygame.KMOD_CTRL:
                self.running = False
        elif event.type == pygame.MOUSEBUTTONDOWN:
            self.help_open = False

    # --- focus ---------------------------------------------------------------------------
    def _focus_at(self, pos: tuple[int, int], now: float) -> None:
        """A click focuses the field or slider under it; anywhere else the focus leaves."""
        target = None
        for widget in self._pointer_widgets():
            if widget.rect.collidepoint(pos) and widget.focus_on_click:
                target = widget
        self.set_focus(target, now)

    def _move_focus(self, direction: int, now: float) -> None:
        order = self.controls.widgets()
        if self.focused in order:
            index = (order.index(self.focused) + direction) % len(order)
        else:
            index = 0 if direction > 0 else len(order) - 1
        self.set_focus(order[index], now)

    def set_focus(self, widget: Widget | None, now: float) -> None:
        if widget is self.focused:
            return
        previous, self.focused = self.focused, widget
        if widget is not None and not self.layout.shows("controls"):
            self.show_page(CONTROLS_PAGE)  # Tab, a knob or a stick reaches a slider: show it
        if previous is not None:
            for intent in previous.set_focus(False, now):
                self.apply(intent, now)
        if widget is not None:
            for intent in widget.set_focus(True, now):
                self.apply(intent, now)
            if isinstance(widget, Slider):
                devices.slider_focused(self, widget)

    # --- intents → simulation ------------------------------------------------------------
    def apply(self, intent: Intent, now: float) -> None:
        sim = self.sim
        if intent.target in TRAINING_WIDGETS and intent.action != "cancel":  # Esc leaves any field
            self._apply_training(intent)
        elif intent.action == "press":
            {
                "back": lambda: self.step_or_inspect(-1),
                "step": lambda: self.step_or_inspect(1),
                "reset": sim.reset,
                "play": lambda: sim.toggle_play(now),
                "compare": lambda: sim.set_compare(not sim.compare),
                "undo_training": sim.undo_training,
            }[intent.target]()
        elif intent.action == "pin":  # P or the graph's Pin button: keep this run as a ghost
            sim.pin()
        elif intent.action == "unpin":  # a pin's × (its number) or Shift+P (-1: the newest)
            sim.unpin(int(intent.value))
        elif intent.action == "preset":
            self.apply_preset(int(intent.target))
        elif intent.action == "page":  # the header's view name
            self.show_page(self.page + 1)
        elif intent.action == "highlight":
            self.highlight = None if self.highlight == intent.target else intent.target
        elif intent.action == "toggle" and intent.target == "motion":
            self.reduce_motion = not self.reduce_motion
        elif intent.action == "inspect":  # a click on a step in the graph or chain; None: live
            if intent.value is None:
                sim.go_live()
            else:
                sim.inspect(int(intent.value))
        elif intent.action == "set" and intent.target == "speed":
            sim.set_speed(2 ** float(intent.value), now)
        elif intent.action == "set" and intent.target.startswith(RNN_PREFIX):  # the basic RNN's
            snapped = round(float(intent.value) / SLIDER_RESOLUTION) * SLIDER_RESOLUTION
            sim.set_rnn_param(intent.target[len(RNN_PREFIX):], round(snapped, 2))
        elif intent.action == "set":
            snapped = round(float(intent.value) / SLIDER_RESOLUTION) * SLIDER_RESOLUTION
            sim.set_param(intent.target, round(snapped, 2))
        elif intent.action == "commit" and intent.target == "sequence":
            try:
                sim.set_sequence(parse_sequence(intent.value))
            except SequenceError as exc:  # the field validated already; never lose the old one
                self.controls.sequence.error = str(exc)
                return
            self._check_target_fits()
        elif intent.action == "cancel" and self.focused is not None and self.focused.id == intent.target:
            self.set_focus(None, now)

    def _apply_training(self, intent: Intent) -> None:
        """The Target field and the training row: Train/Stop, Task, optimizer, learning rate."""
        sim, controls = self.sim, self.controls
        if intent.action == "commit" and intent.target == "target":
            try:
                sim.set_target(parse_sequence(intent.value))
                controls.target.error = ""
            except ValueError as exc:  # wrong length (or bad text): the previous target stays
                controls.target.error = str(exc)
        elif intent.action == "set" and intent.target == "lr":
            sim.set_learning_rate(10 ** float(intent.value))
        elif intent.action != "press":
            return
        elif intent.target == "train":
            self.toggle_training()
        elif intent.target == "task":
            self.select_task((controls.task_index + 1) % len(controls.task_names))
        elif intent.target == "optimizer":
            controls.optimizer.toggled = not controls.optimizer.toggled
        elif intent.target == "reset_weights":
            sim.reset_weights()

    def apply_preset(self, key: int) -> None:
        """A classroom preset: its sequence (back to t = 0) and/or its weights over the defaults."""
        preset = next((p for p in self.presets if p.key == key), None)
        if preset is None:
            return
        sim, controls = self.sim, self.controls
        if preset.sequence is not None:
            sim.set_sequence(preset.sequence)
            show_text(controls.sequence, preset.sequence_text)
            self._check_target_fits()
        if preset.weights is not None:
            sim.set_params(preset.params())
        controls.note = f"{preset.key} {preset.name}: {preset.explanation}"
        self.chips.active = preset.key

    def select_task(self, index: int) -> None:
        """Task 0 is Custom (the typed target); a preset loads its first sequence and target and
        its learning rate and optimizer."""
        sim, controls = self.sim, self.controls
        controls.select_task(index)
        if index == 0:
            controls.note = "Custom: type a Target for the input sequence, then Train (T)"
            return
        if controls.task_name == MEMORY_TEST:
            self.load_memory_test()
            return
        task = self.tasks[index - 1]
        xs, targets = task.batch()
        sim.set_sequence(xs[0].tolist())
        sim.set_target(targets[0].tolist())
        show_text(controls.sequence, format_sequence(sim.sequence))
        show_text(controls.target, format_sequence(sim.target))
        controls.lr.value = math.log10(task.learning_rate)
        controls.optimizer.toggled = task.optimizer == "sgd"
        controls.note = f"{task.name}: {task.explanation}"

    def load_memory_test(self) -> None:
        """The memory-test preset: a pulse, 30 quiet steps, both cells' weights, compare mode on;
        the caption over the graph measures who still remembers the pulse at the last step."""
        sim, controls = self.sim, self.controls
        preset = memory_test_preset()
        sim.load_memory_test(preset)
        show_text(controls.sequence, format_sequence(sim.sequence))
        show_text(controls.target, "")
        controls.note = "Memory test: one pulse, then 30 zeros. Who still remembers it at the end?"

    def toggle_training(self) -> None:
        """Train from the current weights, or stop (the learned weights stay)."""
        now = self.clock()
        sim, controls = self.sim, self.controls
        if sim.training:
            sim.stop_training()
            return
        index = controls.training_task_index
        task = self.tasks[index] if index is not None else None
        sim.start_training(controls.optimizer_name, controls.learning_rate, task, now)

    def _check_target_fits(self) -> None:
        """After a new sequence: a typed target of another length is marked, not silently kept."""
        target = self.controls.target
        if target.committed_text.strip() and self.sim.target is None:
            try:
                values = parse_sequence(target.committed_text)
            except SequenceError:
                return
            target.error = wrong_target_length(len(values), self.sim.length)

    # --- drawing -------------------------------------------------------------------------
    def show_page(self, page: int) -> None:
        """Show page `page` (modulo their number) of a scaled layout; at UI scale 1, nothing."""
        if self.layout.pages > 1:
            self.page = page % self.layout.pages
            self._relayout()

    def _relayout(self) -> Layout:
        self.drawn_clean = False
        width, height = self.screen.get_size()
        lay = self.layout = compute_layout(width, height, self.sim.compare, self.ui_scale, self.page)
        if lay.shows("controls"):
            self.controls.place(lay.controls, lay.control_metrics)
        for view in self.pointer_views:
            if lay.shows(view.region):
                view.place(getattr(lay, view.region), lay.metrics)
        return lay

    def draw(self) -> None:
        surface, lay, m, text = self.screen, self.layout, self.layout.metrics, self.text
        now, still = self.clock(), self.reduce_motion
        # Panels that did not change leave the screen as it is, unless something was drawn over
        # them last frame (an overlay, a tooltip) or the window was laid out anew.
        reuse, self.drawn_clean = self.drawn_clean, True
        # The panels below paint every other pixel themselves, and draw nothing outside their
        # rectangles: of the gaps, only the header's text changes while the screen stands.
        for gap in (lay.header,) if reuse else lay.gaps:
            paint.fill(surface, theme.BACKGROUND, gap)
        self.header.draw(surface, lay.header, self.sim, text, m, self._page_name())
        if lay.shows("diagram"):
            self.diagram.draw(
                surface, self.sim, text, self.animation.progress(now), still, self.highlight, reuse
            )
            with paint.clipped(surface, lay.diagram):
                self.chips.draw(surface)
        if lay.shows("chain"):
            with paint.clipped(surface, lay.chain):
                self.chain.draw(surface, self.sim, text, m, now, still, reuse)
        if lay.shows("graph"):
            with paint.clipped(surface, lay.graph):
                self.graph.draw(surface, self.sim, text, m, now, still, series_key(self.highlight))
                self.training_overlay.draw(surface, self.graph.plot, self.sim, text, m)
        self.controls.sync(self.sim)
        if lay.shows("controls"):
            self.controls.draw(surface, lay.controls, text, lay.control_metrics, reuse)
        if lay.shows("stats"):
            with paint.clipped(surface, lay.stats):
                self.stats.draw(surface, lay.stats, self.sim, text, m, reuse)
        if lay.shows("math"):
            with paint.clipped(surface, lay.math):
                self.math.draw(surface, lay.math, self.sim, text, m, math_key(self.highlight), reuse)
        self.toast.draw(surface, lay.stage, text, m, now, still)
        hover = self.diagram.hover if lay.shows("diagram") else None
        overlays = (self.help_open, self.scenario_list.open, hover, self.toast.rect.width)
        if any(overlays):  # drawn over other panels: next frame, they draw themselves again
            self.drawn_clean = False
        # The overlays are the operator's: at the window's own sizes, whatever the UI scale.
        window = Metrics(surface.get_height()) if lay.pages > 1 else m
        if self.help_open:
            self.help.draw(surface, text, window)
        if self.scenario_list.open:
            self.scenario_list.draw(surface, text, window)

    def _page_name(self) -> str | None:
        """The header's "view 1/3: …" label while a UI scale shows a page of panels at a time."""
        lay = self.layout
        return f"View {lay.page + 1}/{lay.pages}: {PAGES[lay.page]}  ▸ V" if lay.pages > 1 else None

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


# The one table from a key's action (ui/bindings.py) to what the app does for it.
KeyAction = Callable[[App, Action, float], None]
KEY_ACTIONS: dict[str, KeyAction] = {
    act.PLAY: lambda app, _, now: app.sim.toggle_play(now),
    act.STEP: lambda app, _, now: app.step_or_inspect(1),
    act.BACK: lambda app, _, now: app.step_or_inspect(-1),
    act.TIME_TRAVEL: lambda app, _, now: app._time_travel(),
    act.GO_LIVE: lambda app, _, now: app.sim.go_live(),
    act.RESET: lambda app, _, now: app.sim.reset(),
    act.HELP: lambda app, _, now: setattr(app, "help_open", True),
    act.NEXT_PAGE: lambda app, _, now: app.show_page(app.page + 1),
    act.MOTION: lambda app, _, now: setattr(app, "reduce_motion", not app.reduce_motion),
    act.PRESET: lambda app, action, now: app.apply_preset(int(action.value)),
    act.TRAIN: lambda app, _, now: app.toggle_training(),
    act.PIN: lambda app, _, now: app.apply(Intent("pin", "key", -1), now),
    act.UNPIN: lambda app, action, now: app.apply(Intent("unpin", "key", action.value), now),
    act.UNDO_TRAINING: lambda app, _, now: app.sim.undo_training(),
    act.COMPARE: lambda app, _, now: app.sim.set_compare(not app.sim.compare),
    act.EXPORT: lambda app, _, now: files.export(app),
    act.ESCAPE: lambda app, _, now: app._escape(now),
}
