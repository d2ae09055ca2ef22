"""The soak harness runs and checks its cache bounds (the 20,000-frame run is a CI command)."""

from __future__ import annotations

import re

import pygame
import pytest

from tools import soak


def test_a_short_soak_reports_memory_and_bounded_caches():
    lines = []
    try:
        baseline, end = soak.soak(600, seed=3, traced=True, report=lines.append, phase_frames=150)
    finally:
        pygame.quit()
    assert baseline > 0 and end > 0 and "caches" in lines[0]
    runs, tours = re.search(r"\((\d+) training runs, (\d+) tours\)", lines[0]).groups()
    assert int(runs) >= 1 and int(tours) == 1  # every phase ran: play, training, the tour


def test_an_overgrown_cache_fails_the_soak(monkeypatch):
    monkeypatch.setitem(soak.CACHE_BOUNDS, "glow", 0)
    try:
        with pytest.raises(AssertionError, match="glow"):
            soak.soak(50, report=lambda line: None)
    finally:
        pygame.quit()
