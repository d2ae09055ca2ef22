"""The static part of every panel (background, edge, title), rendered once per size."""

from __future__ import annotations

import pygame

from .. import theme
from ..text import Text
from ..theme import Metrics


class PanelFrame:
    """A titled, rounded panel background kept on a cached surface."""

    def __init__(self, title: str, subtitle: str = "") -> None:
        self.title = title
        self.subtitle = subtitle
        self.reserve = 0  # pixels at the title row's right end kept free (a button sits there)
        self._cache: tuple[tuple[int, int], pygame.Surface] | None = None

    def content_rect(self, rect: pygame.Rect, m: Metrics) -> pygame.Rect:
        """The area below the title, inside the padding."""
        top = m.pad + m.heading + m.gap
        return pygame.Rect(rect.x + m.pad, rect.y + top, rect.width - 2 * m.pad, rect.height - top - m.pad)

    def draw(self, surface: pygame.Surface, rect: pygame.Rect, text: Text, m: Metrics) -> None:
        if self._cache is None or self._cache[0] != rect.size:
            self._cache = (rect.size, self._render(rect.size, text, m))
        surface.blit(self._cache[1], rect.topleft)

    def _render(self, size: tuple[int, int], text: Text, m: Metrics) -> pygame.Surface:
        surface = pygame.Surface(size)
        surface.fill(theme.BACKGROUND)
        box = surface.get_rect()
        pygame.draw.rect(surface, theme.PANEL, box, border_radius=m.radius)
        pygame.draw.rect(surface, theme.PANEL_EDGE, box, m.line, border_radius=m.radius)
        title = text.render(self.title, m.heading, theme.TEXT_DIM, bold=True)
        surface.blit(title, (m.pad, m.pad))
        if self.subtitle:
            sub = text.render(self.subtitle, m.small, theme.TEXT_FAINT)
            x = m.pad + title.get_width() + m.pad
            if x + sub.get_width() <= size[0] - m.pad - self.reserve:
                surface.blit(sub, (x, m.pad + title.get_height() - sub.get_height()))
        return surface
