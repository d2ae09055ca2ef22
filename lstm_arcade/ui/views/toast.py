"""A short confirmation on screen ("Saved scenario-….toml"), gone after a few seconds.

Shown at the bottom of the stage (the largest panel), centred: clear of the header's text and of
every panel's title row; its lines wrap at words to the stage's width. An error toast has a red edge. With reduced motion it simply disappears; otherwise it fades out in its last half
second.
"""

from __future__ import annotations

import pygame

from ...i18n import tr
from .. import theme
from ..frame import Frame
from ..text import Text
from ..theme import Metrics

SHOW_S = 6.0
FADE_S = 0.5


def title_height(m: Metrics) -> int:
    """A panel's title row (as PanelFrame lays it out): the toast stays below it."""
    return m.pad + m.heading + m.gap


class Toast:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.error = False
        self.since = 0.0
        self.rect = pygame.Rect(0, 0, 0, 0)  # where it was drawn last frame (none: 0 × 0)
        self.area = pygame.Rect(0, 0, 0, 0)  # the stage it is centred over
        self.metrics = Metrics(1080)

    def layout(self, rect: pygame.Rect, metrics: Metrics) -> None:
        self.area, self.metrics = pygame.Rect(rect), metrics

    @property
    def message(self) -> str:
        return " · ".join(self.lines)

    def show(self, now: float, *lines: str, error: bool = False) -> None:
        self.lines, self.error, self.since = [line for line in lines if line], error, now

    def clear(self) -> None:
        self.lines = []

    def visible(self, now: float) -> bool:
        return bool(self.lines) and now - self.since < SHOW_S

    def draw(self, surface: pygame.Surface, frame: Frame) -> None:
        """Centred at the top of its area (the stage), while it is shown."""
        self._draw(surface, self.area, frame.text, self.metrics, frame.now, frame.still)

    def _draw(
        self, surface: pygame.Surface, area: pygame.Rect, text: Text, m: Metrics, now: float, still: bool
    ) -> None:
        if not self.visible(now):
            self.rect = pygame.Rect(0, 0, 0, 0)
            return
        room = area.width - 8 * m.pad  # the text's width: the box's padding inside the stage's
        shown = [text.fit(piece, m.body, room) for line in self.lines for piece in text.wrap(tr(line), m.body, room)]
        rendered = [text.render(line, m.body, theme.TEXT) for line in shown]
        line_h = text.font(m.body).get_linesize()
        box = pygame.Rect(0, 0, max(r.get_width() for r in rendered) + 4 * m.pad, len(rendered) * line_h + 2 * m.pad)
        box.height = max(box.height, m.touch)
        box.midbottom = (area.centerx, area.bottom - 2 * m.pad)
        box.top = max(box.top, area.y + title_height(m))  # a stage too short for it: never on the title
        left = SHOW_S - (now - self.since)
        alpha = 255 if still or left >= FADE_S else round(255 * left / FADE_S)
        layer = pygame.Surface(box.size, pygame.SRCALPHA)
        edge = theme.ERROR if self.error else theme.INPUT_X
        pygame.draw.rect(layer, (*theme.BUTTON_BG, 245), layer.get_rect(), border_radius=m.radius)
        pygame.draw.rect(layer, edge, layer.get_rect(), m.line * 2, border_radius=m.radius)
        y = (box.height - len(rendered) * line_h) // 2
        for line in rendered:
            layer.blit(line, line.get_rect(midtop=(box.width // 2, y)))
            y += line_h
        if alpha < 255:
            layer.set_alpha(alpha)
        surface.blit(layer, box.topleft)
        self.rect = box
