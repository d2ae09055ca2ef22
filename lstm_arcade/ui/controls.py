"""The control panel: sequence and target fields, transport, speed, training and the 13 weights."""

from __future__ import annotations

import math

import pygame

from ..model import PARAM_SPECS, parse_sequence
from ..sim import SPEED_DEFAULT, SPEED_MAX, SPEED_MIN, Simulation
from . import theme
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
        self.task_names = ("Custom", *task_names)
        self.task_index = 0
        self.task = Button("task", "Task: Custom")
        self.optimizer = Button("optimizer", "Adam", toggled_label="SGD")
        self.reset_weights = Button("reset_weights", "⟲ Weights")
        self.sliders: dict[str, Slider] = {
            spec.name: Slider(
                spec.name, spec.label, spec.min, spec.max, spec.default,
                color=theme.GROUP_COLORS[spec.group], step=0.05, fine_step=SLIDER_RESOLUTION,
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

    @property
    def task_name(self) -> str:
        return self.task_names[self.task_index]

    def select_task(self, index: int) -> str:
        """The Task button cycles through Custom (index 0) and the presets."""
        self.task_index = index % len(self.task_names)
        self.task.label = f"Task: {self.task_name}" if self.task_index == 0 else self.task_name
        return self.task_name

    def widgets(self) -> list[Widget]:
        """Every widget in reading order: the Tab order."""
        return [
            self.sequence, self.target, self.back, self.step, self.play, self.reset, self.speed,
            self.lr, self.train, self.task, self.optimizer, self.reset_weights,
            *self.sliders.values(),
        ]

    def place(self, rect: pygame.Rect, m: Metrics) -> None:
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
        slider_h = max(m.px(40), min(m.px(52), (area.bottom - y - 2 * row - 3 * m.gap - m.small) // 6))
        self.speed.place(pygame.Rect(x, y, half, slider_h))
        self.lr.place(pygame.Rect(x + half + 2 * m.pad, y, half, slider_h))
        y += slider_h + m.gap
        self._row(x, y, w, (self.train, self.task, self.optimizer, self.reset_weights), m, (0.95, 1.9, 0.7, 0.95))
        y += row + m.gap
        # The weight grid: a gate per row (f, i, C̃, o), W · U · b across; W_out under it.
        symbol_w = m.px(34)
        col_w = (w - symbol_w - 2 * m.pad) // 3
        self.column_labels = [
            (title, pygame.Rect(x + symbol_w + k * (col_w + m.pad), y, col_w, m.small + m.gap // 2))
            for k, (_, title) in enumerate(GRID_COLUMNS)
        ]
        y += m.small + m.gap // 2
        self.row_labels = []
        for group in GROUP_ORDER:
            self.row_labels.append((group, pygame.Rect(x, y, symbol_w, slider_h)))
            for k, (kind, _) in enumerate(GRID_COLUMNS):
                name = f"{kind}_{GATE_SYMBOL[group][0].lower()}"
                self.sliders[name].place(pygame.Rect(x + symbol_w + k * (col_w + m.pad), y, col_w, slider_h))
            y += slider_h
        self.row_labels.append(("out", pygame.Rect(x, y, symbol_w, slider_h)))
        self.sliders["w_out"].place(pygame.Rect(x + symbol_w, y, col_w, slider_h))
        self.out_caption_rect = pygame.Rect(x + symbol_w + col_w + m.pad, y, 2 * col_w + m.pad, slider_h)

    @staticmethod
    def _row(x: int, y: int, w: int, buttons, m: Metrics, shares=None) -> None:
        """Buttons side by side across the width, sized by `shares` (equal by default)."""
        shares = shares or (1,) * len(buttons)
        room = w - (len(buttons) - 1) * m.gap
        left = x
        for button, share in zip(buttons, shares):
            width = round(room * share / sum(shares))
            button.place(pygame.Rect(left, y, width, m.touch))
            left += width + m.gap

    def sync(self, sim: Simulation) -> None:
        """Show the real state: slider values, the toggles, what can be pressed now."""
        for name, slider in self.sliders.items():
            slider.value = getattr(sim.params, name)
        self.speed.value = math.log2(sim.speed)
        self.play.toggled = sim.playing
        self.back.enabled = sim.t > 0
        self.step.enabled = sim.t < sim.length
        self.play.enabled = sim.length > 0
        self.train.toggled = sim.training

    @property
    def learning_rate(self) -> float:
        return 10 ** self.lr.value

    @property
    def optimizer_name(self) -> str:
        return "sgd" if self.optimizer.toggled else "adam"

    def draw(self, surface: pygame.Surface, rect: pygame.Rect, text: Text, m: Metrics) -> None:
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
        clip = surface.get_clip()
        surface.set_clip(self.message_rect)
        surface.blit(shown, self.message_rect.topleft)
        surface.set_clip(clip)
        for title, title_rect in self.column_labels:
            glyph = text.render(title, m.small, theme.TEXT_DIM)
            surface.blit(glyph, title_rect.topleft)
        for group, row_rect in self.row_labels:
            color = theme.GROUP_COLORS[group]
            symbol = "y" if group == "out" else GATE_SYMBOL[group]
            glyph = text.render(symbol, m.body, color, bold=True)
            surface.blit(glyph, glyph.get_rect(center=row_rect.center))
        caption = text.render("y(t) = W_out·h(t)", m.small, theme.OUTPUT_Y, bold=True)
        surface.blit(caption, caption.get_rect(midleft=self.out_caption_rect.midleft))
        for widget in self.widgets():
            widget.draw(surface, text, m)
        for widget in self.widgets():
            widget.draw_focus_ring(surface, m)
