"""The button: press and release, keys, the toggled label, and a face that never overflows."""

from __future__ import annotations

import pygame
import pytest
from widget_helpers import count_near, down, feed, key, motion, open_display, up

from lstm_arcade.actions import TAKEN, Action
from lstm_arcade.ui import theme
from lstm_arcade.ui.text import Text
from lstm_arcade.ui.theme import Metrics
from lstm_arcade.ui.widgets import Button

RECT = pygame.Rect(100, 100, 240, 48)
INSIDE, OUTSIDE = RECT.center, (RECT.right + 30, RECT.centery)


@pytest.fixture(scope="module", autouse=True)
def display() -> pygame.Surface:
    return open_display()


def make(label: str = "Step ▶", hint: str = "→", rect: pygame.Rect = RECT, **kw) -> Button:
    button = Button("step", label, key_hint=hint, **kw)
    button.place(rect)
    return button


def face(button: Button, metrics: Metrics | None = None) -> pygame.Surface:
    surface = pygame.Surface((640, 320))
    button.draw(surface, Text(), metrics or Metrics(720))
    return surface


def test_press_and_release_inside_presses() -> None:
    button = make()
    assert button.handle(down(INSIDE), 0.0) == TAKEN
    assert button.pressed
    assert button.handle(up(INSIDE), 0.1) == Action("step")
    assert not button.pressed


def test_release_outside_abandons_the_press() -> None:
    button = make()
    intents = feed(button, down(INSIDE), motion(OUTSIDE), up(OUTSIDE))
    assert intents == [] and not button.pressed
    # A release inside without a press first is nothing either (the press began elsewhere).
    assert feed(button, down(OUTSIDE), up(INSIDE)) == []
    # The right button does not press it.
    assert feed(button, down(INSIDE, button=3), up(INSIDE, button=3)) == []


def test_motion_tracks_hover_without_consuming() -> None:
    button = make()
    assert button.handle(motion(INSIDE, buttons=(0, 0, 0)), 0.0) is None
    assert button.hovered
    button.handle(motion(OUTSIDE, buttons=(0, 0, 0)), 0.0)
    assert not button.hovered


def test_disabled_button_sends_nothing() -> None:
    button = make()
    button.enabled = False
    button.set_focus(True, 0.0)
    assert feed(button, down(INSIDE), up(INSIDE), key(pygame.K_RETURN)) == []
    assert not button.pressed


def test_enter_presses_only_when_focused() -> None:
    button = make()
    assert button.handle(key(pygame.K_RETURN), 0.0) is None
    button.set_focus(True, 0.0)
    assert button.handle(key(pygame.K_RETURN), 0.0) == Action("step")
    assert button.handle(key(pygame.K_KP_ENTER), 0.0) == Action("step")
    # Space stays the app's play/pause shortcut even on a focused button.
    assert button.handle(key(pygame.K_SPACE, unicode=" "), 0.0) is None
    assert not Button.focus_on_click  # a click presses without stealing the keyboard


def test_toggled_label_shows_pause_while_playing() -> None:
    play = make("▶ Play", "Space", toggled_label="❚❚ Pause")
    assert play.shown_label == "▶ Play"
    before = pygame.image.tobytes(face(play), "RGB")
    play.toggled = True
    assert play.shown_label == "❚❚ Pause"
    assert pygame.image.tobytes(face(play), "RGB") != before
    plain = make("⟲ Reset", "R")
    plain.toggled = True  # no toggled label: the label stays
    assert plain.shown_label == "⟲ Reset"


@pytest.mark.parametrize(
    "state,color",
    [
        ("idle", theme.BUTTON_BG),
        ("hover", theme.BUTTON_HOVER),
        ("pressed", theme.BUTTON_PRESSED),
        ("disabled", theme.BUTTON_DISABLED),
    ],
)
def test_face_colour_follows_the_state(state: str, color: tuple[int, int, int]) -> None:
    button = make()
    if state in ("hover", "pressed"):
        button.handle(motion(INSIDE, buttons=(0, 0, 0)), 0.0)
    if state == "pressed":
        button.handle(down(INSIDE), 0.0)
    button.enabled = state != "disabled"
    surface = face(button)
    probe = (RECT.left + RECT.width // 10, RECT.centery)  # inside, left of the centred label
    assert tuple(surface.get_at(probe))[:3] == color
    # The label is drawn: bright pixels in the middle (dim ones when disabled).
    ink = theme.TEXT if button.enabled else theme.TEXT_FAINT
    assert count_near(surface, RECT, ink, tol=30) > 10


def test_hint_shown_when_it_fits_dropped_when_not() -> None:
    text, m = Text(), Metrics(1080)
    wide = make(rect=pygame.Rect(0, 0, 400, m.touch))
    assert wide.fit_label(text, m) == (m.body, True)
    narrow_w = text.size("Step ▶", m.body)[0] + 2 * m.gap + 4  # the label fits, the hint not
    narrow = make(rect=pygame.Rect(0, 0, narrow_w, m.touch))
    assert narrow.fit_label(text, m) == (m.body, False)
    tight = make(rect=pygame.Rect(0, 0, narrow_w - 12, m.touch))
    size, hinted = tight.fit_label(text, m)
    assert m.small <= size < m.body and not hinted
    tiny = make(rect=pygame.Rect(0, 0, 10, m.touch))
    assert tiny.fit_label(text, m) == (m.small, False)  # never below the legibility floor


def test_wide_button_draws_the_hint_in_dim_text() -> None:
    button = make(rect=pygame.Rect(100, 100, 400, 48))
    surface = face(button)
    right_half = pygame.Rect(button.rect.centerx, button.rect.top, 200, 48)
    assert count_near(surface, right_half, theme.TEXT_DIM, tol=12) > 3


def test_label_never_overflows_the_button() -> None:
    rect = pygame.Rect(200, 100, 40, 30)
    button = make("A very long label indeed", "Ctrl+Shift+X", rect=rect)
    surface = face(button)
    outside = [
        surface.get_at((x, y))
        for y in range(rect.top - 5, rect.bottom + 5)
        for x in (*range(rect.left - 60, rect.left), *range(rect.right, rect.right + 60))
    ]
    assert all(tuple(p)[:3] == (0, 0, 0) for p in outside)
    assert count_near(surface, rect, theme.TEXT, tol=60) > 0  # something is drawn inside
