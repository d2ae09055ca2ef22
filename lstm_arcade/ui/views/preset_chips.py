"""Preset chips in the diagram panel's title row: one click (or the key 1–9) loads a preset."""

from __future__ import annotations

import pygame

from ... import actions as act
from ...actions import Action
from ...formats.presets import Preset
from .. import paint, theme
from ..frame import Frame
from ..text import Text
from ..theme import Metrics

TITLE = "Network diagram"  # the panel title the chips must not cover
LABELS = (
    lambda p: f"{p.key} {p.name}",
    lambda p: f"{p.key} {p.name.split()[0]}",
    lambda p: str(p.key),
)


class PresetChips:
    """A row of chips, right-aligned beside the diagram's Motion chip; emits ("preset", key)."""

    region = "diagram"

    def __init__(self, presets: tuple[Preset, ...], text: Text) -> None:
        self.presets = presets
        self.text = text
        self.rect = pygame.Rect(0, 0, 0, 0)
        self.metrics = Metrics(1080)
        self.chips: list[tuple[Preset, pygame.Rect]] = []
        self.hover: int | None = None
        self.detail = 0  # which of LABELS fits the title row
        self.title_end = 0

    def label(self, preset: Preset) -> str:
        return LABELS[self.detail](preset)

    def layout(self, rect: pygame.Rect, metrics: Metrics) -> None:
        """Right to left from beside the Motion chip (which takes px(190) at the right edge); the
        labels shorten (full name, first word, number) until the row clears the panel's title."""
        self.rect, self.metrics = pygame.Rect(rect), metrics
        m = metrics
        self.title_end = title_end = rect.x + 2 * m.pad + self.text.size(TITLE, m.heading, bold=True)[0]
        for self.detail in range(len(LABELS)):
            self.chips = self._row(rect, m)
            if not self.chips or self.chips[0][1].left >= title_end:
                break

    def _row(self, rect: pygame.Rect, m: Metrics) -> list[tuple[Preset, pygame.Rect]]:
        right = rect.right - m.pad - m.px(190) - m.gap
        height, y = m.px(40), rect.y + m.px(4)
        chips = []
        for preset in reversed(self.presets):
            width = max(m.px(40), self.text.size(self.label(preset), m.small)[0] + 2 * m.pad)
            chips.append((preset, pygame.Rect(right - width, y, width, height)))
            right -= width + m.gap
        return list(reversed(chips))

    @property
    def row(self) -> pygame.Rect:
        """The area the chips cover (from the first chip to the last)."""
        if not self.chips:
            return pygame.Rect(0, 0, 0, 0)
        return self.chips[0][1].unionall([rect for _, rect in self.chips])

    def chip_at(self, pos: tuple[int, int]) -> Preset | None:
        reach = max(0, self.metrics.touch - self.metrics.px(40))
        for preset, rect in self.chips:
            if rect.inflate(0, reach).collidepoint(pos):
                return preset
        return None

    def handle(self, event: pygame.event.Event, now: float) -> Action | None:
        if event.type == pygame.MOUSEMOTION:
            chip = self.chip_at(event.pos)
            self.hover = chip.key if chip else None
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            chip = self.chip_at(event.pos)
            if chip is not None:
                return Action(act.PRESET, chip.key)
        return None

    def draw(self, surface: pygame.Surface, frame: Frame) -> None:
        """The chips in the diagram's title row; the last preset chosen lit."""
        if self.chips:
            with paint.clipped(surface, self.rect):
                self._draw(surface, frame.state.active_preset)

    def _draw(self, surface: pygame.Surface, active: int | None) -> None:
        m, text = self.metrics, self.text
        # The chips take the title row after the title: a subtitle there is covered whole, not cut.
        left = min(self.title_end, self.row.left - m.gap)
        backing = pygame.Rect(left, self.rect.y + m.line, self.row.right + m.gap - left, m.px(44))
        pygame.draw.rect(surface, theme.PANEL, backing)
        for preset, rect in self.chips:
            lit = preset.key == active
            fill = theme.BUTTON_HOVER if preset.key == self.hover else theme.BUTTON_BG
            pygame.draw.rect(surface, fill, rect, border_radius=m.radius)
            if lit:
                pygame.draw.rect(surface, theme.ACCENT, rect, max(1, m.line), border_radius=m.radius)
            glyph = text.render(self.label(preset), m.small, theme.TEXT if lit else theme.TEXT_DIM)
            surface.blit(glyph, glyph.get_rect(center=rect.center))
