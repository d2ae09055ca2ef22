"""The lesson's pointer: a ring around the page's target (a panel, a slider, a button or field
as a rounded rectangle; a diagram node as a circle) that pulses white ⇄ accent, steady white with
reduced motion. A dark edge outside the ring keeps it visible over bright lines."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pygame

from .. import theme
from ..frame import Frame
from ..theme import Metrics

PULSE_S = 1.2  # one bright–dim–bright cycle
LEVELS = 10  # the pulse's colour is quantised: equal frames draw equal pixels
WHITE = (255, 255, 255)


@dataclass(frozen=True)
class Aim:
    """What to ring: a rectangle, or the circle inscribed in it (`round`)."""

    rect: pygame.Rect
    round: bool = False


def ring_color(now: float, still: bool) -> theme.Color:
    """The ring's colour at `now`: steady white without motion."""
    if still:
        return WHITE
    level = round((0.5 + 0.5 * math.cos(2 * math.pi * now / PULSE_S)) * LEVELS) / LEVELS
    accent = theme.ACCENT
    return tuple(round(a + (w - a) * level) for a, w in zip(accent, WHITE, strict=True))  # type: ignore[return-value]


class Highlight:
    """Draws the ring of the aim it was given this frame (`point`); nothing without one."""

    def __init__(self) -> None:
        self.metrics = Metrics(1080)
        self.aim: Aim | None = None
        self.rect = pygame.Rect(0, 0, 0, 0)  # the ring's bounds as drawn last (none: 0 × 0)

    def layout(self, rect: pygame.Rect, metrics: Metrics) -> None:
        self.metrics = metrics

    def width(self) -> int:
        return self.metrics.px(5)

    def margin(self) -> int:
        """How far the ring stands off its target: clear of a focus ring (8 px at 1080p)."""
        return self.metrics.px(7)

    def bounds(self, aim: Aim) -> pygame.Rect:
        """The ring's outer rectangle (with its dark edge) around `aim`."""
        grow = 2 * (self.margin() + self.width() + self.metrics.px(2))
        return aim.rect.inflate(grow, grow)

    def point(self, aim: Aim | None) -> None:
        self.aim = aim
        if aim is None:
            self.rect = pygame.Rect(0, 0, 0, 0)

    def probe(self) -> tuple[int, int] | None:
        """A pixel in the middle of the ring's stroke (its top), for tests and checks."""
        if self.aim is None:
            return None
        rect, off = self.aim.rect, self.margin() + self.width() // 2
        return rect.centerx, rect.top - off - (1 if self.aim.round else 0)

    def draw(self, surface: pygame.Surface, frame: Frame) -> None:
        aim = self.aim
        if aim is None:
            self.rect = pygame.Rect(0, 0, 0, 0)
            return
        m, width = self.metrics, self.width()
        color = ring_color(frame.now, frame.still)
        edge = m.px(2)
        if aim.round:
            center = aim.rect.center
            radius = max(aim.rect.width, aim.rect.height) // 2 + self.margin() + width
            pygame.draw.circle(surface, theme.BACKGROUND, center, radius + edge, width + 2 * edge)
            pygame.draw.circle(surface, color, center, radius, width)
        else:
            ring = aim.rect.inflate(2 * (self.margin() + width), 2 * (self.margin() + width))
            pygame.draw.rect(surface, theme.BACKGROUND, ring.inflate(2 * edge, 2 * edge), width + 2 * edge,
                             border_radius=m.radius + edge)
            pygame.draw.rect(surface, color, ring, width, border_radius=m.radius)
        self.rect = self.bounds(aim).clip(surface.get_rect())
