"""Glow sprites: soft radial halos rendered once, then added to the screen with BLEND_ADD."""

from __future__ import annotations

import numpy as np
import pygame

from . import theme

LEVELS = 24  # brightness steps: enough that a fade looks smooth, few enough to cache them all


def level_of(intensity: float) -> int:
    """0 … LEVELS for an intensity in 0 … 1 (clamped)."""
    return max(0, min(LEVELS, round(intensity * LEVELS)))


class GlowCache:
    """Halo surfaces keyed by (colour, radius, level); built on first use, reused every frame."""

    def __init__(self, max_items: int = 2048) -> None:
        self._sprites: dict[tuple[theme.Color, int, int], pygame.Surface] = {}
        self._max = max_items

    def __len__(self) -> int:
        return len(self._sprites)

    def sprite(self, color: theme.Color, radius: int, level: int) -> pygame.Surface:
        key = (color, radius, level)
        sprite = self._sprites.get(key)
        if sprite is None:
            if len(self._sprites) >= self._max:
                self._sprites.clear()  # a resize storm cannot grow the cache without bound
            if level == LEVELS:
                sprite = _render(color, radius, 1.0)
            else:  # a dimmer copy of the brightest: one multiply, not a new radial falloff
                shade = round(255 * level / LEVELS)
                sprite = self.sprite(color, radius, LEVELS).copy()
                sprite.fill((shade, shade, shade), special_flags=pygame.BLEND_MULT)
            self._sprites[key] = sprite
        return sprite

    def draw(
        self, surface: pygame.Surface, center: tuple[int, int], color: theme.Color, radius: int, intensity: float
    ) -> pygame.Rect | None:
        """Add a halo of `radius` around `center`, as bright as `intensity` (0 draws nothing);
        returns the rectangle it touched."""
        level = level_of(intensity)
        if level == 0 or radius < 1:
            return None
        sprite = self.sprite(color, radius, level)
        return surface.blit(sprite, (center[0] - radius, center[1] - radius), special_flags=pygame.BLEND_ADD)


def _render(color: theme.Color, radius: int, intensity: float) -> pygame.Surface:
    """A square RGB sprite whose colour falls off smoothly from the centre to black at `radius`."""
    size = 2 * radius + 1
    yy, xx = np.mgrid[0:size, 0:size]
    distance = np.hypot(xx - radius, yy - radius) / max(radius, 1)
    falloff = np.clip(1.0 - distance, 0.0, 1.0) ** 2.2 * intensity
    rgb = (np.asarray(color, dtype=np.float64)[None, None, :] * falloff[:, :, None]).astype(np.uint8)
    surface = pygame.Surface((size, size))
    pygame.surfarray.blit_array(surface, rgb.swapaxes(0, 1))
    return surface
