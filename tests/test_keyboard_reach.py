"""Everything a pointer can press has a key path: Tab reaches it, Enter or Space presses it."""

from __future__ import annotations

import pygame
import pytest

from lstm_arcade.app.hotspots import Hotspot
from lstm_arcade.sim import Simulation


def tab_to(d, hotspot_id: str, limit: int = 120) -> None:
    """Tab until the hotspot `hotspot_id` has the focus (fails if Tab never gets there)."""
    for _ in range(limit):
        focused = d.app.state.focused
        if isinstance(focused, Hotspot) and focused.id == hotspot_id:
            return
        d.key(pygame.K_TAB)
    raise AssertionError(f"Tab never reached {hotspot_id}")


@pytest.mark.parametrize("size", [(1920, 1080), (1024, 768)], ids=["wide", "square"])
def test_tab_reaches_the_chips_motion_nodes_pin_and_legend_and_enter_presses_them(make_driver, size):
    d = make_driver(Simulation(sequence=[1, 0, 0, 0, 0]), size=size)
    app = d.app
    d.key(pygame.K_RIGHT)
    tab_to(d, "preset 2")
    d.key(pygame.K_RETURN)
    assert app.state.active_preset == 2
    tab_to(d, "motion")
    motion = app.state.reduce_motion
    d.key(pygame.K_RETURN)
    assert app.state.reduce_motion is not motion
    tab_to(d, "node f")
    d.key(pygame.K_SPACE)
    assert app.state.highlight == "f"
    tab_to(d, "pin run")
    d.key(pygame.K_RETURN)
    assert len(app.sim.pins) == 1
    tab_to(d, "unpin 1")
    d.key(pygame.K_RETURN)
    assert len(app.sim.pins) == 0
    tab_to(d, "legend c")
    d.key(pygame.K_RETURN)
    assert "c" in app.state.hidden_series


def test_the_focus_ring_is_drawn_around_the_focused_hotspot(make_driver):
    d = make_driver(Simulation(sequence=[1, 0, 0, 0, 0]), size=(1920, 1080))
    tab_to(d, "motion")
    ring = d.app.state.focused.rect.inflate(d.app.layout.metrics.px(8), d.app.layout.metrics.px(8))
    focus = d.app.theme.FOCUS
    edge = [d.pixel((ring.centerx, ring.top + 1)), d.pixel((ring.centerx, ring.bottom - 2))]
    assert all(sum(abs(a - b) for a, b in zip(pixel, focus, strict=True)) < 60 for pixel in edge)


def test_tab_reaches_the_folded_tabs_and_back_to_live(make_driver):
    d = make_driver(Simulation(sequence=[1, 0, 0, 0, 0]), size=(1080, 1920))
    app = d.app
    tab_to(d, "tab 2")
    d.key(pygame.K_RETURN)
    assert app.state.page == 2 and app.layout.shows("math")
    d.key(pygame.K_ESCAPE)  # the focus off the tab, so the arrows step
    d.key(pygame.K_RIGHT)
    d.key(pygame.K_RIGHT)
    d.key(pygame.K_LEFT, pygame.KMOD_SHIFT)  # time travel: view step 1
    assert app.sim.inspected == 1
    tab_to(d, "live")
    d.key(pygame.K_RETURN)
    assert app.sim.inspected is None
