"""The moment a challenge is met: its stars burst out from the middle of the screen and settle into
a big "★★☆ Met!" card for two seconds (with reduced motion the card alone, still). Drawn over the
panels from the state the dispatcher set (`AppState.celebrated`: when, how many stars, what)."""

from __future__ import annotations

import math

import pygame

from ...i18n import tr
from .. import theme
from ..frame import Frame
from ..theme import Metrics
from .goal_text import stars_text

SHOW_S = 2.2  # how long the moment lasts
BURST_S = 0.7  # the stars' flight out from the middle
SPARKS = 12  # stars in the burst
SIZES = 6  # a spark's size is quantised so its glyph comes from the text cache


class Celebration:
    """An overlay: nothing drawn unless a challenge was met within the last SHOW_S seconds."""

    def __init__(self) -> None:
        self.window = pygame.Rect(0, 0, 0, 0)
        self.metrics = Metrics(1080)
        self.rect = pygame.Rect(0, 0, 0, 0)  # what it covered last frame (none: 0 × 0)

    def layout(self, rect: pygame.Rect, metrics: Metrics) -> None:
        self.window, self.metrics = pygame.Rect(rect), metrics

    def draw(self, surface: pygame.Surface, frame: Frame) -> None:
        self.rect = pygame.Rect(0, 0, 0, 0)
        moment = getattr(frame.state, "celebrated", None)
        if moment is None:
            return
        since, stars, title = moment
        age = frame.now - since
        if not 0 <= age < SHOW_S:
            return
        m, text, area = self.metrics, frame.text, self.window
        centre = area.center
        covered = []
        if not frame.still and age < BURST_S:  # the burst: stars flying out, growing, then fading
            progress = age / BURST_S
            reach = min(area.width, area.height) * 0.42 * (1 - (1 - progress) ** 3)
            size = m.title + round(progress * SIZES) * m.title // SIZES  # title … twice the title
            for k in range(SPARKS):
                angle = 2 * math.pi * k / SPARKS + 0.3
                x = centre[0] + math.cos(angle) * reach
                y = centre[1] + math.sin(angle) * reach
                glyph = text.render("★", size, theme.FOCUS if k % 2 else theme.ACCENT, bold=True)
                covered.append(surface.blit(glyph, glyph.get_rect(center=(round(x), round(y)))))
        # TRANSLATORS: a challenge met: its stars ("★★☆"), then the word said big.
        big = text.render(tr("{stars}  Met!", stars=stars_text(stars)), m.title * 2, theme.FOCUS, bold=True)
        name = text.render(tr(title), m.heading, theme.TEXT, bold=True)  # the challenge's title
        card = pygame.Rect(0, 0, max(big.get_width(), name.get_width()) + 4 * m.pad,
                           big.get_height() + name.get_height() + 3 * m.pad)
        card.center = centre
        card.clamp_ip(area)
        pygame.draw.rect(surface, theme.FIELD_BG, card, border_radius=m.radius)
        pygame.draw.rect(surface, theme.FOCUS, card, max(2, m.line * 3), border_radius=m.radius)
        surface.blit(big, big.get_rect(midtop=(card.centerx, card.y + m.pad)))
        surface.blit(name, name.get_rect(midbottom=(card.centerx, card.bottom - m.pad)))
        self.rect = card.unionall(covered) if covered else card
