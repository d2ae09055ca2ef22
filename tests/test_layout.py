"""Screen regions: panels inside the window, disjoint, and the gaps cover exactly the rest."""

from __future__ import annotations

import itertools

import pygame
import pytest

from lstm_arcade.ui.layout import compute_layout

SIZES = [(1280, 720), (1366, 768), (1920, 1080), (2560, 1440), (3840, 2160), (1280, 1024), (3440, 1440)]


@pytest.mark.parametrize("size", SIZES)
def test_panels_and_gaps_tile_the_window_exactly(size):
    layout = compute_layout(*size)
    screen = pygame.Rect(0, 0, *size)
    panels = [layout.diagram, layout.chain, layout.graph, layout.controls, layout.stats, layout.math]
    pieces = panels + list(layout.gaps)
    for a, b in itertools.combinations(pieces, 2):
        assert not a.colliderect(b), (a, b)
    assert all(screen.contains(piece) for piece in pieces)
    assert sum(r.width * r.height for r in pieces) == size[0] * size[1]
    assert layout.header.collidelist(panels) == -1  # the header is drawn over a cleared gap
    assert any(gap.contains(layout.header) for gap in layout.gaps) or sum(
        gap.clip(layout.header).width * gap.clip(layout.header).height for gap in layout.gaps
    ) == layout.header.width * layout.header.height
