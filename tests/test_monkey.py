"""The monkey test: 200,000 seeded random events through the real loop, invariants every frame."""

from __future__ import annotations

import random
import unicodedata

import pygame
import pytest

from tools.monkey import InvariantError, Monkey, unicode_text


@pytest.mark.parametrize("seed", [11, 22, 33, 44])
def test_random_input_breaks_no_invariant(seed):
    monkey = Monkey(seed, events_per_frame=50)
    try:
        monkey.run(50_000)  # four seeds: 200,000 events in all
    finally:
        monkey.cleanup()
        pygame.quit()
    assert monkey.events_sent >= 50_000 and monkey.frames >= 1_000


def test_the_random_text_draws_from_every_unicode_category():
    """Format and direction marks, combining marks, astral, right-to-left, controls, lone
    surrogates: each category comes up, so a character no font draws stays found."""
    rng = random.Random(5)
    seen = {unicodedata.category(char) for _ in range(2_000) for char in unicode_text(rng)}
    assert seen == {
        "Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "No", "Pc", "Pd", "Ps", "Pe",
        "Pi", "Pf", "Po", "Sm", "Sc", "Sk", "So", "Zs", "Zl", "Zp", "Cc", "Cf", "Cs", "Co", "Cn",
    }
    astral = [c for _ in range(2_000) for c in unicode_text(rng) if ord(c) > 0xFFFF]
    assert {unicodedata.category(c) for c in astral} >= {"Lo", "Mn", "Cf", "So", "Co", "Cn"}


def test_the_checker_catches_a_broken_invariant():
    monkey = Monkey(1)
    try:
        monkey.run(200)
        object.__setattr__(monkey.app.sim.params, "w_f", 5.0)  # out of its range
        with pytest.raises(InvariantError, match="w_f"):
            monkey.check()
    finally:
        monkey.cleanup()
        pygame.quit()


def test_the_checker_catches_a_stale_panel_left_on_screen():
    monkey = Monkey(1)
    try:
        monkey.run(200)
        app = monkey.app
        app.state.help_open = app.scenario_list.open = False
        app.diagram.hover = None
        monkey.now += 60.0  # any toast has gone
        app.frame()
        app.frame()
        assert app.drawn_clean, (app.toast.rect, app.diagram.hover)
        monkey.check_left_panels()  # as drawn: nothing to find
        app.screen.fill((1, 2, 3), app.layout.math.inflate(-40, -40))  # a stale picture
        with pytest.raises(InvariantError, match="differs from a fresh drawing"):
            monkey.check_left_panels()
    finally:
        monkey.cleanup()
        pygame.quit()
