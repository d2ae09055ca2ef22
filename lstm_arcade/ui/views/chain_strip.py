"""The gradient strip's colour scale: how strongly y(T) still depends on a step, on a log scale.

|∂y(T)/∂state(t)| from 10⁻⁴ (black: that step no longer matters to the output) to 1 and above
(bright), through the dark purple → red → orange → pale yellow of a heat map, so brightness alone
carries the value (it survives a grey-scale print or colour-blind eyes).
"""

from __future__ import annotations

import math
from itertools import pairwise

import numpy as np
import pygame

from ...i18n import N_, tr
from .. import theme
from ..text import Text
from ..theme import Metrics

DECADES = 4  # the scale runs from 10^-DECADES (black) to 1
# (position, colour) stops of the heat map; luminance rises monotonically.
STOPS: tuple[tuple[float, theme.Color], ...] = (
    (0.0, (0, 0, 0)),
    (0.25, (52, 16, 92)),
    (0.5, (160, 44, 98)),
    (0.75, (246, 122, 34)),
    (1.0, (252, 246, 170)),
)
LEVELS = 64


def level(gradient: float) -> float:
    """0 … 1: where |gradient| sits on the log scale (0 for 10^-DECADES or less, 1 for 1 or more)."""
    g = abs(gradient)
    if not g > 0.0 or not math.isfinite(g):
        return 1.0 if g == math.inf else 0.0
    return min(1.0, max(0.0, (math.log10(g) + DECADES) / DECADES))


def _ramp(share: float) -> theme.Color:
    for (p0, c0), (p1, c1) in pairwise(STOPS):
        if share <= p1:
            u = (share - p0) / (p1 - p0)
            return tuple(round(a + (b - a) * u) for a, b in zip(c0, c1, strict=False))  # type: ignore[return-value]
    return STOPS[-1][1]


_PALETTE: tuple[theme.Color, ...] = tuple(_ramp(k / LEVELS) for k in range(LEVELS + 1))


def color(gradient: float) -> theme.Color:
    """The strip colour of a gradient's size (brighter for larger)."""
    return _PALETTE[round(level(gradient) * LEVELS)]


_PALETTE_ARRAY = np.array(_PALETTE, dtype=np.uint8)


def colors(gradients: np.ndarray) -> np.ndarray:
    """`color` of every gradient at once: an (n, 3) array of RGB (for a strip of many steps)."""
    g = np.abs(np.asarray(gradients, dtype=np.float64))
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.clip((np.log10(g) + DECADES) / DECADES, 0.0, 1.0)
    share = np.where(np.isfinite(g) & (g > 0.0), share, np.where(g == np.inf, 1.0, 0.0))
    return _PALETTE_ARRAY[np.round(share * LEVELS).astype(np.intp)]


def sci(value: float) -> str:
    """A gradient for the hover: 3 significant digits, e.g. 1.63e-01 (0 stays 0)."""
    return "0" if value == 0.0 else f"{value:.2e}"


LEGEND_TEXT = N_("gradient reaching y(T), log:")  # translated where measured and drawn
_ramps: dict[tuple[int, int], pygame.Surface] = {}


def _ramp_surface(width: int, height: int) -> pygame.Surface:
    """The legend's colour ramp, drawn once per size."""
    ramp = _ramps.get((width, height))
    if ramp is None:
        ramp = pygame.Surface((width, height))
        for k in range(width):
            ramp.fill(_ramp(k / max(1, width - 1)), (k, 0, 1, height))
        _ramps[(width, height)] = ramp
    return ramp


def legend_width(text: Text, m: Metrics) -> int:
    low, high = text.size("10⁻⁴", m.small)[0], text.size("1", m.small)[0]
    return text.size(tr(LEGEND_TEXT), m.small)[0] + low + high + m.px(120) + 4 * m.gap


def draw_legend(surface: pygame.Surface, right: int, centery: int, text: Text, m: Metrics) -> pygame.Rect:
    """"gradient reaching y(T), log: 10⁻⁴ [ramp] 1", right-aligned at `right`; returns its rect."""
    label = text.render(tr(LEGEND_TEXT), m.small, theme.TEXT_DIM)
    low = text.render("10⁻⁴", m.small, theme.TEXT_DIM)
    high = text.render("1", m.small, theme.TEXT_DIM)
    ramp_w, ramp_h = m.px(120), m.px(14)
    width = label.get_width() + low.get_width() + high.get_width() + ramp_w + 3 * m.gap
    x = right - width
    rect = pygame.Rect(x, centery - label.get_height() // 2, width, label.get_height())
    surface.blit(label, (x, rect.y))
    x += label.get_width() + m.gap
    surface.blit(low, (x, centery - low.get_height() // 2))
    x += low.get_width() + m.gap
    surface.blit(_ramp_surface(ramp_w, ramp_h), (x, centery - ramp_h // 2))
    pygame.draw.rect(surface, theme.PANEL_EDGE, (x - 1, centery - ramp_h // 2 - 1, ramp_w + 2, ramp_h + 2), 1)
    x += ramp_w + m.gap
    surface.blit(high, (x, centery - high.get_height() // 2))
    return rect
