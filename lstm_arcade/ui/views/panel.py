"""The static part of every panel: background, edge, title."""

from __future__ import annotations

import pygame

from ...i18n import tr
from .. import theme
from ..text import Text
from ..theme import Metrics


class PanelFrame:
    """A titled, rounded panel background; its title and subtitle are kept in English (N_) and
    translated where they are drawn."""

    def __init__(self, title: str, subtitle: str = "") -> None:
        self.title = title
        self.subtitle = subtitle
        self.reserve = 0  # pixels at the title row's right end kept free (a button sits there)

    def content_rect(self, rect: pygame.Rect, m: Metrics) -> pygame.Rect:
        """The area below the title, inside the padding."""
        top = m.pad + m.heading + m.gap
        return pygame.Rect(rect.x + m.pad, rect.y + top, rect.width - 2 * m.pad, rect.height - top - m.pad)

    def draw(self, surface: pygame.Surface, rect: pygame.Rect, text: Text, m: Metrics) -> None:
        """Drawn straight onto `surface`: filling a rounded rectangle costs half of copying a
        cached picture of it (at 4K, a large panel's copy alone is a millisecond)."""
        r = m.radius
        for x, y in ((rect.left, rect.top), (rect.right - r, rect.top),
                     (rect.left, rect.bottom - r), (rect.right - r, rect.bottom - r)):
            surface.fill(theme.BACKGROUND, (x, y, r, r))  # outside the rounded corners
        pygame.draw.rect(surface, theme.PANEL, rect, border_radius=r)
        pygame.draw.rect(surface, theme.PANEL_EDGE, rect, m.line, border_radius=r)
        title = text.render(*self._fitted_title(rect, text, m), theme.TEXT_DIM, bold=True)
        surface.blit(title, (rect.x + m.pad, rect.y + m.pad))
        if self.subtitle:
            sub = text.render(tr(self.subtitle), m.small, theme.TEXT_FAINT)
            x = m.pad + title.get_width() + m.pad
            if x + sub.get_width() <= rect.width - m.pad - self.reserve:
                surface.blit(sub, (rect.x + x, rect.y + m.pad + title.get_height() - sub.get_height()))

    def _fitted_title(self, rect: pygame.Rect, text: Text, m: Metrics) -> tuple[str, int]:
        """The title (translated) and its size: the heading's where it fits the panel, else
        smaller down to the small size, else cut after a whole word (a long word in a narrow panel)."""
        title, room = tr(self.title), rect.width - 2 * m.pad - self.reserve
        size = text.largest_size(title, m.heading, m.small, room, bold=True)
        return (title, size) if size is not None else (text.fit(title, m.small, room, bold=True), m.small)
