"""Sound effects through the real frame loop: silent unless asked for; with --sound (or a kiosk
config's sound = true) a met challenge chimes a note per star and a lesson page done ticks; the
generated samples are what they claim; no sound device means silence and one line, never a stop."""

from __future__ import annotations

import numpy as np
import pygame
import pytest

from lstm_arcade import actions as act
from lstm_arcade.actions import Action
from lstm_arcade.app import AppOptions, sounds
from lstm_arcade.app.sounds import Speaker, chime, tick
from lstm_arcade.formats.config import parse_config


def meet_hold_the_pulse(d) -> None:
    """As a visitor does it at the Explore level: the challenge's button, then both gates dragged up."""
    d.app.dispatch(Action(act.LEVEL, "explore"), d.clock.now)
    d.frame()
    d.click(next(b for b in d.app.explore.challenges if b.offer.id == "hold-the-pulse").rect.center)
    d.frame()
    for name in ("u_f", "b_f"):
        slider = d.app.explore.gates[name]
        d.drag(slider.knob_rect().center, (slider.rect.right + 30, slider.knob_rect().centery))
    d.frame()


def test_silent_unless_asked_for(make_driver):
    d = make_driver(size=(1920, 1080))
    meet_hold_the_pulse(d)
    assert d.app.state.celebrated is not None  # the moment came …
    assert not d.app.speaker.enabled and d.app.speaker.played == []  # … without a sound


def test_a_met_challenge_chimes_once_per_new_best(make_driver):
    d = make_driver(size=(1920, 1080), options=AppOptions(sound=True))
    assert d.app.speaker.enabled and pygame.mixer.get_init() == (sounds.RATE, -16, 1)
    meet_hold_the_pulse(d)
    chimes = [stars for name, stars in d.app.speaker.played if name == "chime"]
    assert chimes and chimes[-1] == 3 == d.app.state.celebrated[1]
    assert chimes == sorted(set(chimes))  # each new best once, rising
    for _ in range(30):
        d.frame()
    assert len(d.app.speaker.played) == len(chimes)  # the moment stands: nothing more


def test_a_lesson_page_done_ticks(make_driver):
    d = make_driver(size=(1920, 1080), options=AppOptions(sound=True))
    d.app.dispatch(Action(act.LESSON, "forget-gate"), d.clock.now)
    d.frame()
    d.click(dict(d.app.lesson_card.buttons)["next"].center)  # a page to read: turned, not done
    assert d.app.state.lesson_page == 1 and d.app.speaker.played == []
    d.click(d.app.controls.play.rect.center)  # "Press Play and watch C": done when t == T
    while d.app.sim.playing:
        d.frame(0.25)
    d.frame()
    assert d.app.speaker.played == [("tick", 0)]


def test_the_samples_are_a_rising_chord_within_the_volume():
    for stars in range(4):
        samples = chime(stars)
        assert samples.dtype == np.int16 and samples.ndim == 1
        assert np.abs(samples).max() <= sounds.VOLUME * 32767 + 1
        expected = stars * sounds.NOTE_S + sounds.LAST_NOTE_S
        assert len(samples) == pytest.approx(expected * sounds.RATE, abs=stars + 1)
    spectrum = np.abs(np.fft.rfft(chime(0).astype(float)))
    assert np.argmax(spectrum) * sounds.RATE / len(chime(0)) == pytest.approx(sounds.CHIME_HZ[0], rel=0.01)
    assert 0 < len(tick()) < len(chime(0))


def test_no_sound_device_is_silence_and_one_line(monkeypatch):
    def refuse(*args, **kwargs):
        raise pygame.error("No available audio device")

    monkeypatch.setattr(pygame.mixer, "get_init", lambda: None)
    monkeypatch.setattr(pygame.mixer, "init", refuse)
    lines: list[str] = []
    speaker = Speaker(True, lines.append)
    assert not speaker.enabled
    assert len(lines) == 1 and "sound is off" in lines[0] and "No available audio device" in lines[0]


def test_the_kiosk_config_key_and_the_command_line_flag(kiosk, tmp_path):
    assert parse_config("sound = true\n", "kiosk.toml").sound is True
    assert parse_config("", "kiosk.toml").sound is False
    with pytest.raises(ValueError) as bad:
        parse_config('sound = "yes"\n', "kiosk.toml")
    assert "\n" not in str(bad.value) and "kiosk.toml" in str(bad.value) and "sound" in str(bad.value)
    assert kiosk(sound=True).app.speaker.enabled
    assert not kiosk().app.speaker.enabled
    from lstm_arcade.cli import build_parser

    assert build_parser().parse_args(["--sound"]).sound is True


def test_a_sound_device_failing_mid_visit_is_silence_and_one_line(make_driver, monkeypatch):
    lines: list[str] = []
    d = make_driver(size=(1920, 1080), options=AppOptions(sound=True))
    d.app.speaker._log = lines.append

    def broken(*args, **kwargs):
        raise pygame.error("Audio device has been lost")

    monkeypatch.setattr(pygame.sndarray, "make_sound", broken)
    meet_hold_the_pulse(d)  # the frames go on: no exception reaches the loop
    assert d.app.state.celebrated is not None and d.app.speaker.played == []
    assert not d.app.speaker.enabled
    assert len(lines) == 1 and "sound is off" in lines[0] and "Audio device has been lost" in lines[0]
