"""A titled panel whose view comes with a later capability (diagram, chain, graph)."""

from __future__ import annotations

import pygame

from .. import theme
from ..text import Text
from ..theme import Metrics
from .panel import PanelFrame


class PlaceholderPanel:
    def __init__(self, title: str, note: str) -> None:
        self.frame = PanelFrame(title)
        self.note = note

    def draw(self, surface: pygame.Surface, rect: pygame.Rect, text: Text, m: Metrics) -> None:
        self.frame.draw(surface, rect, text, m)
        note = text.render(self.note, m.small, theme.TEXT_FAINT)
        if note.get_width() < rect.width - 2 * m.pad:
            surface.blit(note, note.get_rect(center=rect.center))
