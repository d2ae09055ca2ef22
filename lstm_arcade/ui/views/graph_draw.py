"""Drawing one series' polyline in its style: solid, dashed or dotted.

pygame has no dashed lines, so dashes and dots are stamped: a small round sprite placed every
few pixels along the line's arc length, all in one `fblits` call (the loop runs in C). The number of
stamps is capped, so a jagged zoomed-out line never costs more than a few hundred microseconds.
"""

from __future__ import annotations

from itertools import repeat

import numpy as np
import pygame

from .. import theme
from ..theme import Metrics

MAX_STAMPS = 3000

_sprites: dict[tuple[theme.Color, int], pygame.Surface] = {}


def line_width(m: Metrics) -> int:
    return m.px(3)


def draw_series(
    surface: pygame.Surface,
    color: theme.Color,
    style: str,
    points: np.ndarray,
    m: Metrics,
    pattern: float = 1.0,
) -> None:
    """Draw the polyline `points` (an N×2 array of pixel coordinates) in `style`; `pattern`
    scales the dash lengths (the legend's short samples use shorter dashes).

    This is the only place series points are handed to pygame (tests count them here).
    """
    if len(points) == 0:
        return
    width = line_width(m)
    if len(points) == 1:
        _stamp(surface, color, points, width + m.px(2))
        return
    if style == "solid":
        pygame.draw.lines(surface, color, False, points.tolist(), width)
    elif style == "dashed":
        on, period = m.px(12) * pattern, m.px(19) * pattern
        # Round stamps a little closer than their width read as a continuous dash.
        _stamp(
            surface,
            color,
            along(points, spacing=max(1.0, width * 0.8), on=on, period=period),
            width,
        )
    elif style == "dashdot":  # a dash, a dot, a dash …: the basic RNN's line
        period = m.px(26) * pattern
        dash = along(points, spacing=max(1.0, width * 0.8), on=m.px(13) * pattern, period=period)
        dot_at = m.px(18) * pattern
        dots = along(points, spacing=period, on=period, period=period, offset=dot_at)
        _stamp(surface, color, dash, width)
        _stamp(surface, color, dots, width + m.px(1))
    else:  # dotted: round dots a little wider than the line, evenly spaced
        dot = width + m.px(1)
        _stamp(
            surface, color, along(points, spacing=dot * 2.2, on=dot * 2.2, period=dot * 2.2), dot
        )


def along(
    points: np.ndarray, spacing: float, on: float, period: float, offset: float = 0.0
) -> np.ndarray:
    """Positions every `spacing` pixels along the polyline (from `offset`), keeping those in the
    first `on` pixels of every `period` (a dash pattern measured along the line, so slopes dash
    like flats)."""
    xs, ys = points[:, 0], points[:, 1]
    cumulative = np.concatenate(([0.0], np.cumsum(np.hypot(np.diff(xs), np.diff(ys)))))
    total = cumulative[-1]
    if total <= 0:
        return points[:1]
    stretch = max(1.0, total / spacing / MAX_STAMPS)  # too long: stretch the pattern, keep the cost
    spacing, on, period = spacing * stretch, on * stretch, period * stretch
    offset *= stretch
    s = np.arange(offset, total + 1e-9, spacing)
    s = s[np.mod(s - offset, period) < on - 1e-9]
    return np.column_stack((np.interp(s, cumulative, xs), np.interp(s, cumulative, ys)))


def _stamp(surface: pygame.Surface, color: theme.Color, centres: np.ndarray, diameter: int) -> None:
    sprite = _sprite(color, diameter)
    # Two flat lists zipped into tuples: much cheaper than tolist() of an N×2 array.
    xs = np.rint(centres[:, 0] - diameter / 2).astype(np.int32).tolist()
    ys = np.rint(centres[:, 1] - diameter / 2).astype(np.int32).tolist()
    surface.fblits(zip(repeat(sprite), zip(xs, ys, strict=False)))


def _sprite(color: theme.Color, diameter: int) -> pygame.Surface:
    key = (color, diameter)
    sprite = _sprites.get(key)
    if sprite is None:
        sprite = pygame.Surface((diameter, diameter))
        if diameter <= 3:
            sprite.fill(color)  # too small to be round: a square is the same to the eye
        else:
            sprite.fill((1, 0, 1))
            sprite.set_colorkey((1, 0, 1))
            pygame.draw.circle(sprite, color, (diameter / 2, diameter / 2), diameter / 2)
        _sprites[key] = sprite
    return sprite
