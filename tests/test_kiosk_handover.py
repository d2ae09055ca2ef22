"""The kiosk hands over: the "Still there?" countdown before the idle reset, and a touch on the
attract tour that starts where a visitor can act (the first challenge). Real events through the
real frame loop, time from the injected clock.

Timing (docs/kiosk.md): the card comes up `countdown = min(still_there_seconds, idle_seconds / 2)`
after `idle_seconds - countdown` without input; the reset and the tour come at `idle_seconds`, as
before. The number is the whole seconds left, rounded up.
"""

from __future__ import annotations

import pygame
import pytest
from conftest import Driver, FakeClock

from lstm_arcade.app import open_window
from lstm_arcade.app.kiosk import KioskApp
from lstm_arcade.formats.challenges_file import load_challenges
from lstm_arcade.formats.config import ConfigError, KioskSettings, parse_config
from lstm_arcade.model import LSTMParams
from lstm_arcade.sim import Simulation
from lstm_arcade.ui import theme
from lstm_arcade.ui.views.still_there import seconds_left
from lstm_arcade.ui.views.tour_overlay import caption_size

PULSE = [1.0, 0.0, 0.0, 0.0, 0.0]
FIRST = load_challenges()[0][0].id


def frames(d: Driver, seconds: float, dt: float = 0.1) -> None:
    for _ in range(round(seconds / dt)):
        d.frame(dt)


def log_text(tmp_path) -> str:
    return (tmp_path / "kiosk.log").read_text(encoding="utf-8")


def card_up(d: Driver, idle: float = 20, still: float = 5, **settings) -> Driver:
    """A kiosk whose visitor left `idle - still` seconds (and a frame) ago: the card is up."""
    d = d if isinstance(d, Driver) else d(Simulation(sequence=PULSE), idle_seconds=idle,
                                          still_there_seconds=still, **settings)
    frames(d, idle - still)
    d.frame(0.05)
    assert d.app.still_since is not None
    return d


# --- "Still there?" ---------------------------------------------------------------------------
def test_the_countdown_comes_up_before_the_reset_and_counts_down(kiosk, tmp_path):
    d = kiosk(Simulation(sequence=PULSE), idle_seconds=20, still_there_seconds=5)
    app = d.app
    frames(d, 14.9)
    assert app.still_since is None and not app.touring
    d.frame(0.15)  # 15.05 s without input
    assert app.still_since is not None and not app.touring
    card = app.still_there
    assert card.number == 5 and card.message.endswith("starting over in 5")
    assert card.card_rect.center == app.screen.get_rect().center
    seen, shots = [], []
    for _ in range(5):
        seen.append(card.number)
        shots.append(app.screen.subsurface(card.number_rect).copy())
        frames(d, 1.0)
    assert seen == [5, 4, 3, 2, 1]
    assert pygame.image.tobytes(shots[0], "RGB") != pygame.image.tobytes(shots[1], "RGB")
    assert app.touring and app.still_since is None  # it ran out: the reset and the tour
    assert "attract tour starts after 20" in log_text(tmp_path)


def test_the_card_is_drawn_with_a_bar_that_empties(kiosk):
    d = card_up(kiosk)
    card, app = d.app.still_there, d.app
    assert d.pixel((card.card_rect.x + 1, card.card_rect.centery)) == theme.ACCENT  # its edge
    bar = card.bar_rect
    filled = [x for x in range(bar.left, bar.right) if d.pixel((x, bar.centery)) == theme.ACCENT]
    frames(d, 2.0)
    later = [x for x in range(bar.left, bar.right) if d.pixel((x, bar.centery)) == theme.ACCENT]
    assert len(filled) > 0.9 * bar.width and 0.45 * bar.width < len(later) < 0.7 * bar.width
    assert app.still_since is not None


def test_with_reduced_motion_the_bar_moves_only_with_the_number(kiosk):
    def widths(d: Driver) -> list[int]:
        out = []
        for _ in range(8):  # within one second of the count
            d.frame(0.1)
            bar = d.app.still_there.bar_rect
            out.append(sum(d.pixel((x, bar.centery)) == theme.ACCENT for x in range(bar.left, bar.right)))
        return out

    moving = card_up(kiosk)
    moving.frame(0.02)
    assert len(set(widths(moving))) > 4
    still = kiosk(Simulation(sequence=PULSE), idle_seconds=20, still_there_seconds=5)
    still.key(pygame.K_m)  # reduce motion (an input: the wait starts again)
    assert still.app.state.reduce_motion
    card_up(still)
    numbers = {still.app.still_there.number}
    still.frame(0.02)
    assert len(set(widths(still))) == 1
    frames(still, 1.0)
    numbers.add(still.app.still_there.number)
    assert numbers == {5, 4}  # the number still counts


def test_the_countdown_lasts_at_most_half_the_idle_time(kiosk):
    d = kiosk(idle_seconds=10)  # the default still_there_seconds, 10: the card for 5 s
    assert d.app.settings.still_there_seconds == 10 and d.app.countdown_seconds == 5
    frames(d, 4.9)
    assert d.app.still_since is None
    frames(d, 0.2)
    assert d.app.still_since is not None and d.app.still_there.number == 5


def test_no_countdown_when_it_is_off_or_during_the_tour_or_the_exit_gesture(kiosk):
    off = kiosk(idle_seconds=4, still_there_seconds=0)
    for _ in range(41):
        off.frame(0.1)
        assert off.app.still_since is None
    assert off.app.touring
    frames(off, 30.0)  # the tour plays on: no countdown over it
    assert off.app.touring and off.app.still_since is None
    on = kiosk(idle_seconds=4, still_there_seconds=2)
    frames(on, 4.1)
    assert on.app.touring
    for _ in range(100):
        on.frame(0.1)
        assert on.app.still_since is None
    staff = kiosk(idle_seconds=4, still_there_seconds=2, exit_hold_seconds=5)
    staff.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_q, mod=pygame.KMOD_LCTRL | pygame.KMOD_LSHIFT,
                                  unicode="", scancode=0))
    frames(staff, 3.0)
    assert staff.app.still_since is None and staff.app.running


def finger(app, pos, kind) -> pygame.event.Event:
    w, h = app.screen.get_size()
    return pygame.event.Event(kind, x=pos[0] / w, y=pos[1] / h, dx=0, dy=0, finger_id=3, touch_id=1)


@pytest.mark.parametrize("how", ["click", "finger", "key", "wheel", "gamepad"])
def test_any_input_answers_the_card_and_presses_nothing(kiosk, how):
    d = kiosk(Simulation(sequence=PULSE), idle_seconds=20, still_there_seconds=5)
    app = d.app
    step = app.controls.step.rect.center
    d.key(pygame.K_RIGHT)
    assert app.sim.t == 1
    before_pixel = d.pixel(step)
    before = (app.sim.t, app.sim.params, list(app.sim.sequence), app.controls.sequence.text, app.sim.playing)
    card_up(d)
    assert d.pixel(step) != before_pixel  # dimmed behind the card
    if how == "click":
        d.click(step)  # on the Step button: the card goes, the sim does not step
    elif how == "finger":
        d.post(finger(app, step, pygame.FINGERDOWN))
        d.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=step, button=1, touch=True))
        d.frame()
        d.post(finger(app, step, pygame.FINGERUP))
        d.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=step, button=1, touch=True))
        d.frame()
    elif how == "key":
        d.key(pygame.K_RIGHT)  # → would step
    elif how == "wheel":
        d.post(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=1, precise_x=0.0, precise_y=1.0, flipped=False))
        d.frame()
    else:
        from lstm_arcade.physical import Command

        app.physical([Command("step")], app.clock())
        d.frame()
    assert app.still_since is None and not app.touring
    after = (app.sim.t, app.sim.params, list(app.sim.sequence), app.controls.sequence.text, app.sim.playing)
    assert after == before
    d.frame()
    assert d.pixel(step) == before_pixel  # the card is gone, the button looks as it did
    d.click(step)  # and the next press does press
    assert app.sim.t == 2
    frames(d, 14.9)  # the wait started again at the answer
    assert app.still_since is None and not app.touring


def test_a_key_that_answers_types_nothing_into_the_focused_field(kiosk):
    d = kiosk(Simulation(sequence=PULSE), idle_seconds=20, still_there_seconds=5)
    field = d.app.controls.sequence
    d.click(field.rect.center)
    d.key(pygame.K_END)
    d.type(", 1")
    assert d.app.state.focused is field and field.text.endswith(", 1")
    typed = field.text
    card_up(d)
    d.type("7")  # KEYDOWN and its TEXTINPUT: the answer
    assert d.app.still_since is None and field.text == typed and d.app.state.focused is field
    d.type("8")
    assert field.text == typed + "8"


def test_a_drag_that_answers_moves_no_slider(kiosk):
    d = kiosk(Simulation(sequence=PULSE), idle_seconds=20, still_there_seconds=5)
    card_up(d)
    slider = d.app.controls.sliders["w_f"]
    y = slider.track_rect().centery
    d.drag((slider.x_of(slider.value), y), (slider.x_of(-1.5), y))
    assert d.app.still_since is None and d.app.sim.params.w_f == LSTMParams().w_f


@pytest.mark.parametrize("size", [(1024, 768), (1280, 1024), (1080, 1920), (3840, 2160)])
def test_the_card_fits_every_screen_and_is_big(kiosk, size):
    d = card_up(kiosk(Simulation(sequence=PULSE), size=size, idle_seconds=20, still_there_seconds=5))
    app, card = d.app, d.app.still_there
    screen = app.screen.get_rect()
    assert screen.contains(card.card_rect)
    assert card.text_rects and all(card.card_rect.contains(r) for r in card.text_rects)
    assert card.card_rect.contains(card.number_rect) and card.card_rect.contains(card.bar_rect)
    m = app.layout.metrics
    big, body, number = card.sizes(app.text)
    assert body >= m.body and number >= m.title and big >= m.title
    assert big >= caption_size(m) or size[1] < 800  # as large as the tour's captions
    assert card.number_rect.height >= m.title  # the number's glyphs are title size at least
    assert card.bar_rect.height >= m.gap


def test_seconds_left_rounds_up_and_never_shows_zero():
    assert [seconds_left(x) for x in (10.0, 9.99, 9.0, 0.5, 0.0)] == [10, 10, 9, 1, 1]


# --- a touch on the tour ------------------------------------------------------------------------
def touch_the_tour(d: Driver, idle: float = 2) -> None:
    frames(d, idle + 0.1)
    assert d.app.touring
    d.click(d.app.controls.step.rect.center)
    assert not d.app.touring


def test_a_touch_on_the_tour_starts_the_first_challenge(kiosk, tmp_path):
    d = kiosk(Simulation(sequence=PULSE), idle_seconds=2)
    touch_the_tour(d)
    app = d.app
    assert app.sim.goal is not None and app.sim.goal.id == FIRST
    assert app.sim.t == 0  # the touch did not also step
    assert app.state.note.startswith(app.challenges[0].title)
    assert f"attract tour ended by a visitor: challenge {FIRST} starts" in log_text(tmp_path)
    frames(d, 2.1)  # the next idle reset leaves it
    assert app.touring and app.sim.goal is None


def test_a_gamepad_on_the_tour_starts_the_first_challenge_too(kiosk):
    from lstm_arcade.physical import Command

    d = kiosk(Simulation(sequence=PULSE), idle_seconds=2)
    frames(d, 2.1)
    d.app.physical([Command("step")], d.app.clock())
    assert d.app.sim.goal is not None and d.app.sim.goal.id == FIRST and d.app.sim.t == 0


def test_a_named_challenge_or_a_fresh_start(kiosk):
    named = kiosk(idle_seconds=2, tour_hands_over_to="beat-the-rnn")
    touch_the_tour(named)
    assert named.app.sim.goal is not None and named.app.sim.goal.id == "beat-the-rnn"
    fresh = kiosk(Simulation(sequence=PULSE), idle_seconds=2, tour_hands_over_to="fresh")
    touch_the_tour(fresh)
    assert fresh.app.sim.goal is None and fresh.app.sim.sequence == PULSE


def test_a_challenge_that_does_not_exist_is_a_fresh_start_said_once(kiosk, tmp_path):
    d = kiosk(Simulation(sequence=PULSE), idle_seconds=2, tour_hands_over_to="no-such-level")
    for _ in range(2):
        touch_the_tour(d)
        assert d.app.sim.goal is None and d.app.sim.sequence == PULSE
    lines = [line for line in log_text(tmp_path).splitlines() if "tour_hands_over_to" in line]
    assert len(lines) == 1 and "no challenge is called 'no-such-level'" in lines[0]
    assert "fresh start" in lines[0]


def test_with_no_challenges_loaded_the_touch_gives_a_fresh_start(tmp_path, monkeypatch):
    from lstm_arcade.app import app as app_module

    monkeypatch.setattr(app_module, "load_challenges", lambda: ((), ["challenges.toml: broken"]))
    clock = FakeClock()
    settings = KioskSettings(idle_seconds=2, log_file=tmp_path / "kiosk.log")
    app = KioskApp(Simulation(sequence=PULSE), open_window((1280, 720), False), settings, clock=clock)
    try:
        touch_the_tour(Driver(app, clock))
        assert app.sim.goal is None and app.sim.sequence == PULSE
        assert "no challenge is loaded" in log_text(tmp_path)
    finally:
        app.finish()
        pygame.quit()


# --- the settings -------------------------------------------------------------------------------
def test_the_new_keys_are_read(tmp_path):
    s = parse_config('still_there_seconds = 15\ntour_hands_over_to = "fresh"\n', "k.toml", tmp_path)
    assert s.still_there_seconds == 15.0 and s.tour_hands_over_to == "fresh"
    assert KioskSettings().still_there_seconds == 10 and KioskSettings().tour_hands_over_to == "challenge"
    assert parse_config("still_there_seconds = 0").still_there_seconds == 0
    assert parse_config('tour_hands_over_to = "count-the-ones"').tour_hands_over_to == "count-the-ones"


@pytest.mark.parametrize(
    "text, words",
    [
        ("still_there_seconds = -1", "still_there_seconds"),
        ('still_there_seconds = "10"', "must be a number of seconds"),
        ("still_there_seconds = nan", "still_there_seconds"),
        ("still_there_seconds = inf", "still_there_seconds"),
        ("still_there_seconds = 1" + "0" * 400, "still_there_seconds"),
        ("still_there_seconds = 3601", "still_there_seconds"),
        ('tour_hands_over_to = ""', "must be \"challenge\""),
        ("tour_hands_over_to = 3", "must be text in quotes"),
        ('tour_hands_over_to = "Hold The Pulse"', "challenge id"),
        ('tour_hands_over_to = "hold\\u200bthe-pulse"', "challenge id"),
        ('tour_hands_over_to = "fresh\\n"', "challenge id"),
        ('tour_hands_over_to = "' + "a" * 41 + '"', "challenge id"),
        ("still_there = 5", "unknown key 'still_there'"),
    ],
)
def test_bad_values_of_the_new_keys_are_one_line_naming_the_key(text, words):
    with pytest.raises(ConfigError) as caught:
        parse_config(f"# kiosk\n{text}\n", "k.toml")
    message = str(caught.value)
    assert "\n" not in message and message.startswith("k.toml line 2: ") and words in message
    assert len(message) < 700

