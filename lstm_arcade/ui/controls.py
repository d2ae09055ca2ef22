"""The control panel: the sequence field, the transport buttons, speed and the 13 weight sliders."""

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


class ControlPanel:
    """Owns the control widgets, places them, and mirrors the simulation into them each frame."""

    def __init__(self) -> None:
        self.frame = PanelFrame("Controls")
        self.sequence = TextField("sequence", placeholder="e.g. 1, 0, 0, 0, 0", validate=parse_sequence)
        self.back = Button("back", "◀ Back", key_hint="←")
        self.step = Button("step", "Step ▶", key_hint="→")
        self.play = Button("play", "▶ Play", key_hint="Space", toggled_label="❚❚ Pause")
        self.reset = Button("reset", "⟲ Reset", key_hint="R")
        self.speed = SpeedSlider()
        self.sliders: dict[str, Slider] = {
            spec.name: Slider(
                spec.name, spec.label, spec.min, spec.max, spec.default,
                color=theme.GROUP_COLORS[spec.group], step=0.05, fine_step=SLIDER_RESOLUTION,
                fmt="{:+.2f}",
            )
            for spec in PARAM_SPECS
        }
        self.group_titles: list[tuple[str, pygame.Rect]] = []
        self.label_rect = pygame.Rect(0, 0, 0, 0)
        self.message_rect = pygame.Rect(0, 0, 0, 0)

    def widgets(self) -> list[Widget]:
        """Every widget in reading order: the Tab order."""
        return [self.sequence, self.back, self.step, self.play, self.reset, self.speed, *self.sliders.values()]

    def place(self, rect: pygame.Rect, m: Metrics) -> None:
        area = self.frame.content_rect(rect, m)
        x, y, w = area.x, area.y, area.width
        self.label_rect = pygame.Rect(x, y, w, m.small + m.gap // 2)
        y = self.label_rect.bottom
        self.sequence.place(pygame.Rect(x, y, w, m.touch))
        y += m.touch
        self.message_rect = pygame.Rect(x, y + m.gap // 2, w, m.small + m.gap)
        y = self.message_rect.bottom + m.gap
        button_w = (w - 3 * m.gap) // 4
        for k, button in enumerate((self.back, self.step, self.play, self.reset)):
            button.place(pygame.Rect(x + k * (button_w + m.gap), y, button_w, m.touch))
        y += m.touch + m.gap
        # The sliders share what is left: two rows of gate groups (title + 3 sliders), speed, W_out.
        title_h = m.small + m.gap
        row_h = max(m.px(36), min(m.px(56), (area.bottom - y - 2 * title_h - 2 * m.gap) // 8))
        self.speed.place(pygame.Rect(x, y, w, row_h))
        y += row_h + m.gap
        col_w = (w - 2 * m.pad) // 2
        self.group_titles = []
        for row in range(2):
            for col in range(2):
                group = GROUP_ORDER[row * 2 + col]
                gx = x + col * (col_w + 2 * m.pad)
                self.group_titles.append((group, pygame.Rect(gx, y, col_w, title_h)))
                specs = [s for s in PARAM_SPECS if s.group == group]
                for k, spec in enumerate(specs):
                    self.sliders[spec.name].place(pygame.Rect(gx, y + title_h + k * row_h, col_w, row_h))
            y += title_h + 3 * row_h + m.gap
        self.sliders["w_out"].place(pygame.Rect(x, y, col_w, row_h))
        self.group_titles.append(("out", pygame.Rect(x + col_w + 2 * m.pad, y, col_w, row_h)))

    def sync(self, sim: Simulation) -> None:
        """Show the real state: slider values, the Play toggle, what can be pressed now."""
        for name, slider in self.sliders.items():
            slider.value = getattr(sim.params, name)
        self.speed.value = math.log2(sim.speed)
        self.play.toggled = sim.playing
        self.back.enabled = sim.t > 0
        self.step.enabled = sim.t < sim.length
        self.play.enabled = sim.length > 0

    def draw(self, surface: pygame.Surface, rect: pygame.Rect, text: Text, m: Metrics) -> None:
        self.frame.draw(surface, rect, text, m)
        label = text.render("Input sequence", m.small, theme.INPUT_X, bold=True)
        surface.blit(label, self.label_rect.topleft)
        message = self.sequence.error
        if message:
            shown = text.render(message, m.small, theme.ERROR)
        else:
            shown = text.render("Enter commits · Esc undoes · any values in −10 … 10", m.small, theme.TEXT_FAINT)
        clip = surface.get_clip()
        surface.set_clip(self.message_rect)
        surface.blit(shown, self.message_rect.topleft)
        surface.set_clip(clip)
        for group, title_rect in self.group_titles:
            color = theme.GROUP_COLORS[group]
            title = text.render(theme.GROUP_TITLES[group], m.small, color, bold=True)
            if group == "out":
                title = text.render("y(t) = W_out·h(t)", m.small, color, bold=True)
                surface.blit(title, title.get_rect(midleft=title_rect.midleft))
            else:
                surface.blit(title, title_rect.topleft)
        for widget in self.widgets():
            widget.draw(surface, text, m)
        for widget in self.widgets():
            widget.draw_focus_ring(surface, m)
