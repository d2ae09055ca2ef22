"""The attract tour's captions: a large card over the unrolled chain with a pulsing "Touch to
play" prompt, so someone walking past reads the point of the scene from metres away.

The card covers the chain panel only: the cell's gates and their numbers (which the captions talk
about) stay visible above it, and the graph, Stats and Math panels stay uncovered.
"""

from __future__ import annotations

import math

import pygame

from ...i18n import N_, language, tr
from .. import theme
from ..frame import Frame
from ..layout import Layout
from ..text import Text
from ..theme import Metrics

# TRANSLATORS: the attract tour's pulsing prompt to the people walking past.
PROMPT = N_("Touch to play")
PULSE_S = 1.6  # one bright–dim–bright cycle of the prompt
LEVELS = 12  # the prompt's brightness is quantised so its text renders come from the cache


def caption_size(m: Metrics) -> int:
    """Caption letters: nearly twice the body text (54 px at 1080p), readable from metres away."""
    return max(m.px(40), round(1.8 * m.body))


def _mix(a: theme.Color, b: theme.Color, share: float) -> theme.Color:
    return tuple(round(x + (y - x) * share) for x, y in zip(a, b, strict=False))  # type: ignore[return-value]


class TourOverlay:
    """Draws one caption card; the card is cached per caption, window size and language (the
    prompt's width, which the heading makes room for)."""

    def __init__(self) -> None:
        self._card: tuple[tuple, pygame.Surface, pygame.Rect] | None = None
        self.card_rect = pygame.Rect(0, 0, 0, 0)  # where the card was drawn last (for tests)
        self.prompt_rect = pygame.Rect(0, 0, 0, 0)
        self.heading = self.caption = ""  # what the tour player says now (`say`)

    def layout(self, rect: pygame.Rect, metrics: Metrics) -> None:
        """Nothing to place: the card lies over the chain panel of the frame's layout."""

    def say(self, heading: str, caption: str) -> None:
        """The scene's heading and caption, before the frame is drawn."""
        self.heading, self.caption = heading, caption

    def card(
        self, layout: Layout, text: Text, heading: str, caption: str
    ) -> tuple[pygame.Surface, pygame.Rect]:
        key = (layout.size, tuple(layout.caption_area[0]), heading, caption, language())
        if self._card is None or self._card[0] != key:
            self._card = (key, *self._render(layout, text, heading, caption))
        return self._card[1], self._card[2]

    def _render(
        self, layout: Layout, text: Text, heading: str, caption: str
    ) -> tuple[pygame.Surface, pygame.Rect]:
        m = layout.metrics
        chain, grows_up = layout.caption_area
        size = caption_size(m)
        pad = m.pad
        width = chain.width
        prompt_w, prompt_h = self._prompt_size(text, m)
        lines = text.wrap(caption, size, width - 2 * pad, bold=True)
        line_h = round(size * 1.2)
        needed = pad + prompt_h + m.gap // 2 + line_h * max(1, len(lines)) + pad
        # Exactly over the chain panel; a long caption grows upwards into the diagram's wires
        # (below a portrait's diagram: down over the folded panels).
        height = max(chain.height, needed)
        top = chain.bottom - height if grows_up else chain.y
        rect = pygame.Rect(chain.x, top, width, height)
        surface = pygame.Surface(rect.size, pygame.SRCALPHA)
        box = surface.get_rect()
        pygame.draw.rect(surface, theme.PANEL, box, border_radius=m.radius)
        pygame.draw.rect(surface, theme.ACCENT, box, m.line, border_radius=m.radius)
        title = text.render(heading, m.heading, theme.TEXT_DIM, bold=True)
        room = width - 3 * pad - prompt_w
        if title.get_width() > room:  # a long translated title: keep its start, drop the end
            title = title.subsurface((0, 0, max(1, room), title.get_height()))
        surface.blit(title, (pad, pad + (prompt_h - title.get_height()) // 2))
        # The caption lines share the space under the title row evenly.
        top = pad + prompt_h + m.gap // 2
        spare = height - top - pad - line_h * len(lines)
        y = top + max(0, spare // 2)
        for line in lines:
            rendered = text.render(line, size, theme.TEXT, bold=True)
            x = text.start_x(line, size, pad, width - 2 * pad, bold=True)
            surface.blit(rendered, (x, y + (line_h - rendered.get_height()) // 2))
            y += line_h
        return surface, rect

    @staticmethod
    def _prompt_size(text: Text, m: Metrics) -> tuple[int, int]:
        w, h = text.size(f"▶  {tr(PROMPT)}", m.title, bold=True)
        return w + 4 * m.pad, h + m.gap

    def draw(self, surface: pygame.Surface, frame: Frame) -> None:
        """The card with the caption; the prompt pulses unless motion is reduced."""
        self.render(surface, frame.layout, frame.text, self.heading, self.caption, frame.now, frame.still)

    def render(
        self,
        surface: pygame.Surface,
        layout: Layout,
        text: Text,
        heading: str,
        caption: str,
        now: float,
        still: bool = False,
    ) -> None:
        m = layout.metrics
        card, rect = self.card(layout, text, heading, caption)
        surface.blit(card, rect.topleft)
        self.card_rect = rect
        level = 1.0 if still else 0.5 + 0.5 * math.cos(2 * math.pi * now / PULSE_S)
        level = round(level * LEVELS) / LEVELS
        fill = _mix(theme.BUTTON_BG, theme.ACCENT, 0.35 + 0.65 * level)
        ink = _mix(theme.TEXT_DIM, (255, 255, 255), level)
        w, h = self._prompt_size(text, m)
        pill = pygame.Rect(rect.right - m.pad - w, rect.y + m.pad, w, h)
        pygame.draw.rect(surface, fill, pill, border_radius=h // 2)
        label = text.render(f"▶  {tr(PROMPT)}", m.title, ink, bold=True)
        surface.blit(label, label.get_rect(center=pill.center))
        self.prompt_rect = pill
