"""paint.fill draws exactly what Surface.fill draws, whatever the rectangle, clip and format."""

from __future__ import annotations

import random

import pygame
import pytest

from lstm_arcade.ui import paint


@pytest.mark.parametrize("flags", [0, pygame.SRCALPHA])
def test_fill_equals_surface_fill_pixel_for_pixel(flags):
    rng = random.Random(7)
    ours, sdl = (pygame.Surface((240, 160), flags, 32) for _ in range(2))
    colors = [(200, 100, 50), (1, 2, 3, 4), pygame.Color(9, 250, 130, 255), (0, 0, 0, 0)]
    for trial in range(1500):
        rect = pygame.Rect(rng.randint(-40, 260), rng.randint(-40, 180), rng.randint(-4, 200), rng.randint(-4, 90))
        clip = None if trial % 3 else pygame.Rect(rng.randint(0, 120), rng.randint(0, 80), rng.randint(0, 240), rng.randint(0, 160))
        color = colors[trial % len(colors)]
        for surface in (ours, sdl):
            surface.set_clip(None)
            surface.fill((17, 34, 51, 68))
            surface.set_clip(clip)
        paint.fill(ours, color, rect if trial % 10 else None)
        sdl.fill(color, rect if trial % 10 else None)
        assert pygame.image.tobytes(ours, "RGBA") == pygame.image.tobytes(sdl, "RGBA"), (rect, clip, color)
