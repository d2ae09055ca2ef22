"""The slider: drag, click, double-click, keys, and what it draws."""

from __future__ import annotations

import pygame
import pytest
from hypothesis import given
from hypothesis import strategies as st
from widget_helpers import down, feed, key, motion, open_display, split, up

from lstm_arcade import actions as act
from lstm_arcade.actions import TAKEN, Action
from lstm_arcade.ui import theme
from lstm_arcade.ui.text import Text
from lstm_arcade.ui.theme import Metrics
from lstm_arcade.ui.widgets import Slider

RECT = pygame.Rect(100, 100, 400, 40)


@pytest.fixture(scope="module", autouse=True)
def display() -> pygame.Surface:
    return open_display()


def make(lo: float = -2.0, hi: float = 2.0, default: float = 0.5, **kw) -> Slider:
    """A slider placed in RECT, as the layout would place it."""
    slider = Slider("w_f", "W_f", lo, hi, default, color=theme.FORGET_F, **kw)
    slider.place(RECT)
    return slider


def pixel_step(slider: Slider) -> float:
    """The value one pixel of track is worth: the precision a mouse can reach."""
    left, right = slider.x_of(slider.minimum), slider.x_of(slider.maximum)
    return (slider.maximum - slider.minimum) / (right - left)


@pytest.mark.parametrize("lo,hi", [(-2.0, 2.0), (-1.0, 1.0)])
def test_drag_with_negative_minimum_maps_the_full_range(lo: float, hi: float) -> None:
    slider = make(lo, hi, default=0.0)
    y, tol = slider.track_y, pixel_step(slider)
    left, right = slider.x_of(lo), slider.x_of(hi)
    assert right - left > RECT.width * 0.9  # the track uses nearly the whole width

    consumed, intents = split(slider.handle(down((slider.x_of(0.5 * hi), y)), 0.0))
    assert consumed and slider.dragging
    assert intents[0].value == pytest.approx(0.5 * hi, abs=tol)
    expected = [
        (left, lo),  # the left end is the (negative) minimum, not 0
        (RECT.left - 300, lo),  # beyond the left end: clamped
        ((left + right) // 2, 0.0),  # the centre of a symmetric range is zero
        ((3 * left + right) // 4, lo / 2),  # linear: a quarter of the way is halfway to min
        (right, hi),
        (RECT.right + 300, hi),  # beyond the right end: clamped
    ]
    for x, value in expected:
        slider.handle(motion((x, y - 50)), 0.1)  # the pointer may leave the rect while dragging
        assert slider.value == pytest.approx(value, abs=tol)
    assert slider.handle(up((RECT.right + 300, y)), 0.2) == TAKEN
    assert not slider.dragging
    # After release, motion no longer moves it.
    assert feed(slider, motion((left, y), buttons=(0, 0, 0))) == []
    assert slider.value == hi


@given(value=st.floats(min_value=-2.0, max_value=2.0))
def test_value_at_inverts_x_of_within_a_pixel(value: float) -> None:
    slider = make()
    assert slider.value_at(slider.x_of(value)) == pytest.approx(value, abs=pixel_step(slider))


def test_click_on_track_jumps_and_intents_carry_the_value() -> None:
    slider = make()
    x = slider.x_of(-1.5)
    intents = feed(slider, down((x, slider.track_y)), up((x, slider.track_y)), now=5.0)
    assert len(intents) == 1
    assert intents[0].name == act.SET and intents[0].target == "w_f"
    assert intents[0].value == pytest.approx(-1.5, abs=pixel_step(slider))
    assert slider.value == intents[0].value
    # A click outside the rect is not the slider's.
    assert slider.handle(down((RECT.left, RECT.bottom + 5)), 9.0) is None


def test_intents_only_when_the_value_really_changes() -> None:
    slider = make()
    x, y = slider.x_of(1.0), slider.track_y
    assert len(feed(slider, down((x, y)))) == 1
    assert feed(slider, motion((x, y)), motion((x, y - 3))) == []  # same column: same value
    assert len(feed(slider, motion((x + 20, y)))) == 1
    slider.handle(up((x + 20, y)), 0.0)
    slider.set_focus(True, 0.0)
    feed(slider, key(pygame.K_END))
    consumed, intents = split(slider.handle(key(pygame.K_RIGHT), 0.0))
    assert consumed and intents == []  # already at the maximum: the key is used, nothing changes


def test_keyboard_steps_fine_steps_home_and_end() -> None:
    slider = make(default=0.5)  # default step: 4/40 = 0.1; fine: 4/400 = 0.01
    slider.set_focus(True, 0.0)
    assert slider.handle(key(pygame.K_RIGHT), 0.0) == Action(act.SET, 0.6, "w_f")
    assert feed(slider, key(pygame.K_UP)) == [Action(act.SET, 0.7, "w_f")]
    assert feed(slider, key(pygame.K_DOWN), key(pygame.K_LEFT))[-1].value == pytest.approx(0.5)
    assert feed(slider, key(pygame.K_LEFT, pygame.KMOD_LSHIFT))[0].value == pytest.approx(0.49)
    assert feed(slider, key(pygame.K_UP, pygame.KMOD_RSHIFT))[0].value == pytest.approx(0.5)
    assert feed(slider, key(pygame.K_HOME)) == [Action(act.SET, -2.0, "w_f")]
    assert feed(slider, key(pygame.K_LEFT)) == []  # clamped at the minimum
    assert feed(slider, key(pygame.K_END)) == [Action(act.SET, 2.0, "w_f")]
    # Keys the slider does not use go on to the app's shortcuts.
    assert slider.handle(key(pygame.K_SPACE), 0.0) is None


def test_custom_steps_and_keys_need_focus() -> None:
    slider = make(step=0.05, fine_step=0.01, default=0.0)
    assert slider.handle(key(pygame.K_RIGHT), 0.0) is None  # not focused: the app's →
    slider.set_focus(True, 0.0)
    assert feed(slider, key(pygame.K_RIGHT))[0].value == pytest.approx(0.05)
    assert feed(slider, key(pygame.K_RIGHT, pygame.KMOD_SHIFT))[0].value == pytest.approx(0.06)


def test_double_click_resets_to_default_but_slow_clicks_do_not() -> None:
    slider = make(default=0.5)
    pos = (slider.x_of(-1.0), slider.track_y)
    first = feed(slider, down(pos), up(pos), now=10.0)
    assert first[0].value == pytest.approx(-1.0, abs=pixel_step(slider))
    assert feed(slider, down(pos), up(pos), now=10.3) == [Action(act.SET, 0.5, "w_f")]
    assert slider.value == 0.5

    slow = make(default=0.5)
    feed(slow, down(pos), up(pos), now=10.0)
    second = feed(slow, down(pos), up(pos), now=11.0)  # 1 s later: just another click
    assert second == [] and slow.value == pytest.approx(-1.0, abs=pixel_step(slow))


def test_a_quick_press_elsewhere_after_a_drag_is_not_a_double_click() -> None:
    slider = make(default=0.5)
    y = slider.track_y
    feed(slider, down((slider.x_of(0.5), y)), motion((slider.x_of(-2.0), y)), now=1.0)
    feed(slider, up((slider.x_of(-2.0), y)), now=1.05)
    intents = feed(slider, down((slider.x_of(-1.0), y)), now=1.1)  # a new drag, 0.1 s later
    assert intents[0].value == pytest.approx(-1.0, abs=pixel_step(slider))


def test_disabled_slider_ignores_everything() -> None:
    slider = make()
    slider.enabled = False
    slider.set_focus(True, 0.0)
    pos = (slider.x_of(1.0), slider.track_y)
    assert feed(slider, down(pos), motion(pos), up(pos), key(pygame.K_END)) == []
    assert slider.value == 0.5


def test_drawing_knob_fill_from_zero_and_dim_when_disabled() -> None:
    surface = pygame.Surface((640, 240))
    slider = make(default=0.5)
    slider.value = -1.0
    slider.draw(surface, Text(), Metrics(720))
    y = slider.track_y
    assert tuple(surface.get_at((slider.x_of(-1.0), y)))[:3] == theme.FORGET_F  # the knob
    # The fill runs from zero to the knob (the negative side), the positive side is bare track.
    assert tuple(surface.get_at((slider.x_of(-0.5), y)))[:3] == theme.FORGET_F
    assert tuple(surface.get_at((slider.x_of(1.5), y)))[:3] == theme.TRACK
    # The default is marked with a tick above the track.
    tick = surface.get_at((slider.x_of(0.5), y - slider.knob_radius + 1))
    assert tuple(tick)[:3] == theme.TEXT_DIM
    # Label and value text are drawn in the rect's top part.
    top = RECT.copy()
    top.height = RECT.height // 2
    assert any(
        surface.get_at((x, yy))[0] > 120
        for x in range(top.left, top.right, 2)
        for yy in range(top.top, top.bottom)
    )

    slider.enabled = False
    surface.fill(theme.BACKGROUND)
    slider.draw(surface, Text(), Metrics(720))
    dim = tuple(surface.get_at((slider.x_of(-1.0), y)))[:3]
    assert dim != theme.FORGET_F and sum(dim) < sum(theme.FORGET_F)


def test_fill_starts_at_minimum_when_zero_is_out_of_range() -> None:
    surface = pygame.Surface((640, 240))
    slider = make(lo=1.0, hi=5.0, default=2.0)
    slider.value = 3.0
    slider.draw(surface, Text(), Metrics(720))
    y = slider.track_y
    assert tuple(surface.get_at((slider.x_of(1.5), y)))[:3] == theme.FORGET_F
    assert tuple(surface.get_at((slider.x_of(4.5), y)))[:3] == theme.TRACK


def test_focus_ring_is_drawn_only_when_focused() -> None:
    surface = pygame.Surface((640, 240))
    metrics = Metrics(720)
    slider = make()
    ring_top = RECT.inflate(metrics.px(8), metrics.px(8)).top
    ring_point = (RECT.centerx, ring_top)  # on the ring, outside the rect
    slider.draw_focus_ring(surface, metrics)
    assert tuple(surface.get_at(ring_point))[:3] == theme.BACKGROUND
    slider.set_focus(True, 0.0)
    slider.draw_focus_ring(surface, metrics)
    assert tuple(surface.get_at(ring_point))[:3] == theme.FOCUS


def test_a_value_that_rounds_to_zero_never_shows_minus_zero():
    slider = Slider("b_c", "b_C", -1.0, 1.0, 0.0, color=(255, 190, 90))
    assert slider.format_value(-0.001) == "+0.00"  # a trained bias of -0.001 is shown as zero
    assert slider.format_value(-0.0) == "+0.00"
    assert slider.format_value(-0.006) == "-0.01"
    assert slider.format_value(0.004) == "+0.00"
