"""The control panel: sequence and target fields, transport, speed, training and the 13 weights;
while comparing, the basic RNN's 4 weights too (its row in the grid, its W_out beside the LSTM's)."""

from __future__ import annotations

import math
from typing import Protocol

import pygame

from ..model import PARAM_SPECS, RNN_PARAM_SPECS, RNN_PREFIX, parse_sequence
from ..sim import SPEED_DEFAULT, SPEED_MAX, SPEED_MIN, Simulation
from . import paint, theme
from .frame import Frame
from .redraw import Outcome, Redraw
from .text import Text
from .theme import Metrics
from .views.panel import PanelFrame
from .widgets import Button, Slider, TextField, Widget

GROUP_ORDER = ("forget", "input", "candidate", "output")
# The weight grid: one row per gate, one column per kind of weight.
GRID_COLUMNS = (("w", "W · input x"), ("u", "U · recurrent h"), ("b", "b · bias"))
GATE_SYMBOL = {"forget": "f", "input": "i", "candidate": "C\u0303", "output": "o"}
LR_MIN, LR_MAX, LR_DEFAULT = 0.001, 1.0, 0.1
SLIDER_RESOLUTION = 0.01  # weights move in hundredths, so the math panel's numbers are exact
MEMORY_TEST = "Memory test"  # the Task cycler's entry that loads the memory-test preset


class SpeedSlider(Slider):
    """Play speed on a log scale (0.25 … 30 steps/s): slow speeds get as much track as fast ones."""

    def __init__(self) -> None:
        super().__init__(
            "speed", "Speed", math.log2(SPEED_MIN), math.log2(SPEED_MAX), math.log2(SPEED_DEFAULT),
            color=theme.ACCENT,
        )

    def format_value(self, value: float) -> str:
        return f"{2 ** value:.2f} steps/s"


class LearningRateSlider(Slider):
    """The training step size on a log scale (0.001 … 1)."""

    def __init__(self) -> None:
        super().__init__(
            "lr", "Learning rate", math.log10(LR_MIN), math.log10(LR_MAX), math.log10(LR_DEFAULT),
            color=theme.TARGET, step=0.1, fine_step=0.02,
        )

    def format_value(self, value: float) -> str:
        return f"{10 ** value:.3g}"


class ToggleButton(Button):
    """A button that stays lit while its mode is on: salmon edge and a bar along its bottom."""

    def draw(self, surface: pygame.Surface, text: Text, metrics: Metrics) -> None:
        super().draw(surface, text, metrics)
        if self.toggled:
            pygame.draw.rect(surface, theme.RNN_H, self.rect, max(2, metrics.px(3)), border_radius=metrics.radius)
            bar = pygame.Rect(self.rect.x + metrics.radius, self.rect.bottom - metrics.px(7), self.rect.width - 2 * metrics.radius, metrics.px(3))
            pygame.draw.rect(surface, theme.RNN_H, bar)


class ControlState(Protocol):
    """What the panel shows of the app's state (app/state.py)."""

    task_index: int
    optimizer: str
    learning_rate: float
    note: str


class ControlPanel:
    """Owns the control widgets, places them, and mirrors the simulation into them each frame."""

    def __init__(self, task_names: tuple[str, ...] = ()) -> None:
        self.frame = PanelFrame("Controls")
        self.sequence = TextField("sequence", placeholder="e.g. 1, 0, 0, 0, 0", validate=parse_sequence)
        self.target = TextField("target", placeholder="desired y per step, e.g. 1, 1, 1, 1, 1", validate=parse_sequence)
        self.back = Button("back", "◀ Back", key_hint="←")
        self.step = Button("step", "Step ▶", key_hint="→")
        self.play = Button("play", "▶ Play", key_hint="Space", toggled_label="❚❚ Pause")
        self.reset = Button("reset", "⟲ Reset", key_hint="R")
        self.speed = SpeedSlider()
        self.lr = LearningRateSlider()
        self.train = Button("train", "▶ Train", key_hint="T", toggled_label="■ Stop")
        self.task_names = ("Custom", *task_names, MEMORY_TEST)
        self.task = Button("task", "Task: Custom")
        self.optimizer = Button("optimizer", "Adam", toggled_label="SGD")
        self.reset_weights = Button("reset_weights", "⟲ Weights")
        self.compare = ToggleButton("compare", "LSTM vs RNN", key_hint="C")
        self.rnn_sliders: dict[str, Slider] = {
            spec.name: Slider(
                RNN_PREFIX + spec.name, ("RNN W_out" if spec.name == "w_out" else spec.label),
                spec.min, spec.max, spec.default, color=theme.RNN_H, step=0.05,
                fine_step=SLIDER_RESOLUTION, fmt="{:+.2f}",
            )
            for spec in RNN_PARAM_SPECS
        }
        self.show_rnn = False  # the RNN's sliders are placed and take input only while comparing
        self._placed: tuple[pygame.Rect, Metrics] | None = None
        self.sliders: dict[str, Slider] = {
            spec.name: Slider(
                spec.name, spec.label, spec.min, spec.max, spec.default,
                color=theme.current().group_colors[spec.group], step=0.05, fine_step=SLIDER_RESOLUTION,
                fmt="{:+.2f}",
            )
            for spec in PARAM_SPECS
        }
        self.row_labels: list[tuple[str, pygame.Rect]] = []  # gate symbol per grid row
        self.column_labels: list[tuple[str, pygame.Rect]] = []
        self.label_rect = pygame.Rect(0, 0, 0, 0)
        self.target_label_rect = pygame.Rect(0, 0, 0, 0)
        self.message_rect = pygame.Rect(0, 0, 0, 0)
        self.note = ""  # shown under the fields when there is no error: the chosen task's aim
        self.redraw = Redraw(picture=True)  # the last drawn panel and what it showed
        self._focused_in_picture: dict[str, bool] = {}  # whose focus ring the picture shows

    def training_task_index(self, task_index: int) -> int | None:
        """Task button entry `task_index` as an index in the app's task list; None for Custom and
        for the memory test (which is not a training task)."""
        if self.task_names[task_index] in ("Custom", MEMORY_TEST):
            return None
        return task_index - 1

    def widgets(self) -> list[Widget]:
        """Every widget in reading order: the Tab order."""
        rnn = list(self.rnn_sliders.values()) if self.show_rnn else []
        return [
            self.sequence, self.target, self.back, self.step, self.play, self.reset, self.speed,
            self.lr, self.train, self.task, self.optimizer, self.reset_weights, self.compare,
            *self.sliders.values(), *rnn,
        ]

    def layout(self, rect: pygame.Rect, m: Metrics) -> None:
        self._placed = (pygame.Rect(rect), m)
        area = self.frame.content_rect(rect, m)
        x, y, w = area.x, area.y, area.width
        row = m.touch
        self.label_rect = pygame.Rect(x, y, w, m.small + m.gap // 2)
        y = self.label_rect.bottom
        self.sequence.place(pygame.Rect(x, y, w, row))
        y += row + m.gap
        label_w = m.px(92)
        self.target_label_rect = pygame.Rect(x, y, label_w, row)
        self.target.place(pygame.Rect(x + label_w, y, w - label_w, row))
        y += row
        self.message_rect = pygame.Rect(x, y + m.gap // 2, w, m.small + m.gap)
        y = self.message_rect.bottom + m.gap // 2
        self._row(x, y, w, (self.back, self.step, self.play, self.reset), m)
        y += row + m.gap
        half = (w - 2 * m.pad) // 2
        # The speed row and the grid's rows share what is left (comparing, one more grid row).
        grid_rows = 6 if self.show_rnn else 5
        # The column titles' row is a whole line high (descenders too): a slider under it is
        # redrawn alone while training, and must not cut a "p" short.
        titles_h = round(m.small * 1.2) + m.gap // 2
        room = area.bottom - y - row - 2 * m.gap - titles_h
        slider_h = max(m.px(36), min(m.px(52), room // (grid_rows + 1)))
        self.speed.place(pygame.Rect(x, y, half, slider_h))
        self.lr.place(pygame.Rect(x + half + 2 * m.pad, y, half, slider_h))
        y += slider_h + m.gap
        self._row(
            x, y, w, (self.train, self.task, self.optimizer, self.reset_weights, self.compare), m,
            (0.55, 0.95, 0.45, 0.75, 0.9),
        )
        y += row + m.gap
        # The weight grid: a gate per row (f, i, C̃, o), W · U · b across; comparing, the basic
        # RNN's W_in · W_hidden · b under them; W_out (and the RNN's) in the last row.
        symbol_w = m.px(44)
        col_w = (w - symbol_w - 2 * m.pad) // 3
        self.column_labels = [
            (title, pygame.Rect(x + symbol_w + k * (col_w + m.pad), y, col_w, titles_h))
            for k, (_, title) in enumerate(GRID_COLUMNS)
        ]
        y += titles_h
        self.row_labels = []
        for group in GROUP_ORDER:
            self.row_labels.append((group, pygame.Rect(x, y, symbol_w, slider_h)))
            for k, (kind, _) in enumerate(GRID_COLUMNS):
                name = f"{kind}_{GATE_SYMBOL[group][0].lower()}"
                self.sliders[name].place(pygame.Rect(x + symbol_w + k * (col_w + m.pad), y, col_w, slider_h))
            y += slider_h
        hidden = pygame.Rect(-10_000, -10_000, 0, 0)  # off screen while not comparing: no input
        if self.show_rnn:
            self.row_labels.append(("rnn", pygame.Rect(x, y, symbol_w, slider_h)))
            for k, name in enumerate(("w_in", "w_hidden", "b")):
                self.rnn_sliders[name].place(pygame.Rect(x + symbol_w + k * (col_w + m.pad), y, col_w, slider_h))
            y += slider_h
        self.row_labels.append(("out", pygame.Rect(x, y, symbol_w, slider_h)))
        self.sliders["w_out"].place(pygame.Rect(x + symbol_w, y, col_w, slider_h))
        caption_x = x + symbol_w + col_w + m.pad
        if self.show_rnn:
            self.rnn_sliders["w_out"].place(pygame.Rect(caption_x, y, col_w, slider_h))
            caption_x += col_w + m.pad
        else:
            for slider in self.rnn_sliders.values():
                slider.place(hidden)
        self.out_caption_rect = pygame.Rect(caption_x, y, x + w - caption_x, slider_h)

    @staticmethod
    def _row(x: int, y: int, w: int, buttons, m: Metrics, shares=None) -> None:
        """Buttons side by side across the width, sized by `shares` (equal by default)."""
        shares = shares or (1,) * len(buttons)
        room = w - (len(buttons) - 1) * m.gap
        left = x
        for button, share in zip(buttons, shares, strict=False):
            width = round(room * share / sum(shares))
            button.place(pygame.Rect(left, y, width, m.touch))
            left += width + m.gap

    def sync(self, sim: Simulation, state: ControlState) -> None:
        """Show the real state (before drawing): slider values, the toggles, the chosen task,
        what can be pressed now. The widgets hold no state of their own beyond an edit."""
        name = self.task_names[state.task_index]
        self.task.label = f"Task: {name}" if state.task_index == 0 else name
        self.optimizer.toggled = state.optimizer == "sgd"
        self.lr.value = round(math.log10(state.learning_rate), 9)
        self.note = state.note
        if sim.compare != self.show_rnn:
            self.show_rnn = sim.compare
            if self._placed is not None:
                self.layout(*self._placed)
        for name, slider in self.sliders.items():
            slider.value = getattr(sim.params, name)
        for name, slider in self.rnn_sliders.items():
            slider.value = getattr(sim.rnn_params, name)
        self.compare.toggled = sim.compare
        self.speed.value = math.log2(sim.speed)
        self.play.toggled = sim.playing
        self.back.enabled = sim.t > 0
        self.step.enabled = sim.t < sim.length
        self.play.enabled = sim.length > 0
        self.train.toggled = sim.training

    def appearance(self, rect: pygame.Rect, m: Metrics) -> tuple:
        """Everything the panel's pixels depend on: while it is unchanged the last picture stands.

        A slider counts by what it shows (its value's text and knob pixel), so the tiny steps of a
        training weight redraw the panel only when the picture really changes.
        """
        parts: list = [rect.topleft, rect.size, m.height, self.note, self.show_rnn]
        for widget in self.widgets():
            state: tuple[object, ...]
            if isinstance(widget, Slider):
                state = (widget.format_value(widget.value), widget.x_of(widget.value), widget.label,
                         widget.focused, widget.enabled, widget.dragging)
            else:
                state = tuple(
                    (name, value) for name, value in vars(widget).items()
                    if isinstance(value, int | float | str | bool | tuple) or value is None
                )
            parts.append((widget.rect.topleft, widget.rect.size, state))
        return tuple(parts)

    def draw(self, surface: pygame.Surface, frame: Frame) -> None:
        """The panel from its kept picture, redrawn only where its appearance changed: while
        training moves the weights, only their sliders are drawn again (ui/redraw.py decides).
        In a window too small for its contents the widgets are cut at the panel's edge: the gaps
        around it are not redrawn every frame."""
        if self._placed is None:
            return
        rect, m = self._placed
        with paint.clipped(surface, rect):
            self.render(surface, rect, frame.text, m, frame.clean)

    def render(self, surface: pygame.Surface, rect: pygame.Rect, text: Text, m: Metrics, on_screen: bool) -> None:
        key = self.appearance(rect, m)
        outcome = self.redraw.decide(key, on_screen)
        if outcome is Outcome.BLIT:
            self.redraw.restore(surface, rect.topleft)
        if outcome is not Outcome.DRAW:
            return
        changed = self._changed_widgets(key)
        if changed is not None:
            if not on_screen:  # else the screen holds the picture already (a 4K copy is a millisecond)
                self.redraw.restore(surface, rect.topleft)
            for widget in changed:
                paint.fill(surface, theme.PANEL, widget.rect)
                widget.draw(surface, text, m)
                self.redraw.keep_part(surface, rect, widget.rect)
            for widget in self.widgets():  # the focus ring reaches into its neighbours: on top again
                if widget.focused:
                    widget.draw_focus_ring(surface, m)
                    self.redraw.keep_part(surface, rect, widget.rect.inflate(m.px(8), m.px(8)).clip(rect))
            self.redraw.mark(key)  # a slider's or button's look has no cache of its own to settle
            return
        self._draw(surface, rect, text, m)
        # Drawing may settle a widget's own caches: the key is taken after it.
        self.redraw.keep(self.appearance(rect, m), surface, rect)
        self._focused_in_picture = {widget.id: widget.focused for widget in self.widgets()}

    def _changed_widgets(self, key: tuple) -> list[Widget] | None:
        """The sliders and buttons (each drawn inside its own rectangle) whose look alone changed
        since the picture was drawn (None: more changed, or a focus ring came or went)."""
        old = self.redraw.key
        if not isinstance(old, tuple) or self.redraw.picture is None or len(old) != len(key) or old[:5] != key[:5]:
            return None
        changed: list[Widget] = []
        for widget, before, now in zip(self.widgets(), old[5:], key[5:], strict=False):
            if before == now:
                continue
            if not isinstance(widget, Slider | Button) or before[:2] != now[:2]:
                return None
            if widget.focused != self._focused_in_picture.get(widget.id, False):
                return None
            changed.append(widget)
        return changed

    def _draw(self, surface: pygame.Surface, rect: pygame.Rect, text: Text, m: Metrics) -> None:
        self.frame.draw(surface, rect, text, m)
        label = text.render("Input sequence", m.small, theme.INPUT_X, bold=True)
        surface.blit(label, self.label_rect.topleft)
        target_label = text.render("Target", m.small, theme.TARGET, bold=True)
        surface.blit(target_label, target_label.get_rect(midleft=self.target_label_rect.midleft))
        if self.sequence.error:
            shown = text.render(self.sequence.error, m.small, theme.ERROR)
        elif self.target.error:
            shown = text.render(f"Target: {self.target.error}", m.small, theme.ERROR)
        elif self.note:
            shown = text.render(text.fit(self.note, m.small, self.message_rect.width), m.small, theme.TEXT_DIM)
        else:
            shown = text.render("Enter commits · Esc undoes · values in −10 … 10", m.small, theme.TEXT_FAINT)
        with paint.clipped(surface, self.message_rect):
            surface.blit(shown, self.message_rect.topleft)
        for title, title_rect in self.column_labels:
            glyph = text.render(title, m.small, theme.TEXT_DIM)
            surface.blit(glyph, title_rect.topleft)
        for group, row_rect in self.row_labels:
            color = theme.current().group_colors[group]
            if group == "rnn":  # the basic RNN's row: its name, small, in its salmon
                glyph = text.render("RNN", m.small, color, bold=True)
            else:
                symbol = "y" if group == "out" else GATE_SYMBOL[group]
                glyph = text.render(symbol, m.body, color, bold=True)
            surface.blit(glyph, glyph.get_rect(center=row_rect.center))
        caption = text.render(
            "y = W_out·h" if self.show_rnn else "y(t) = W_out·h(t)", m.small, theme.OUTPUT_Y, bold=True
        )
        surface.blit(caption, caption.get_rect(midleft=self.out_caption_rect.midleft))
        for widget in self.widgets():
            widget.draw(surface, text, m)
        for widget in self.widgets():
            widget.draw_focus_ring(surface, m)
