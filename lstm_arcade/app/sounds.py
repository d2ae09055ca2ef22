"""Sound effects, generated, not shipped: a rising chime when a challenge is met (one note per
star) and a soft tick when a lesson's page is done. Off unless asked for (`--sound`, a kiosk
config's `sound = true`); without a sound device the program stays silent, with one line saying so.

The speaker reads the state after each frame, as a view does, and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
import pygame

if TYPE_CHECKING:
    from .state import AppState

RATE = 44_100  # samples per second, mono 16-bit
VOLUME = 0.25  # of full scale: a chime in a quiet gallery, not an alarm
# C major, upwards: a met challenge plays the first stars + 1 notes, the last one held.
CHIME_HZ = (523.25, 659.25, 783.99, 1046.50)
NOTE_S, LAST_NOTE_S = 0.11, 0.45
TICK_HZ, TICK_S = 880.0, 0.06


def note(frequency: float, seconds: float, rate: int = RATE) -> np.ndarray:
    """One bell-like note: a sine with its octave, a 5 ms attack and an exponential decay."""
    t = np.arange(round(seconds * rate)) / rate
    wave = np.sin(2 * np.pi * frequency * t) + 0.3 * np.sin(4 * np.pi * frequency * t)
    envelope = np.minimum(1.0, t / 0.005) * np.exp(-t * 4.0 / seconds)
    return wave * envelope / 1.3


def chime(stars: int, rate: int = RATE) -> np.ndarray:
    """The notes of a met challenge with `stars` stars (0 … 3): int16 samples."""
    count = max(1, min(len(CHIME_HZ), stars + 1))
    parts = [note(hz, NOTE_S, rate) for hz in CHIME_HZ[: count - 1]]
    parts.append(note(CHIME_HZ[count - 1], LAST_NOTE_S, rate))
    return _pcm(np.concatenate(parts))


def tick(rate: int = RATE) -> np.ndarray:
    return _pcm(note(TICK_HZ, TICK_S, rate) * 0.6)


def _pcm(wave: np.ndarray) -> np.ndarray:
    return np.round(np.clip(wave, -1.0, 1.0) * VOLUME * 32767).astype(np.int16)


class Speaker:
    """Plays a cue when the state shows a new met goal or a lesson page newly done."""

    def __init__(self, enabled: bool, log: Callable[[str], None] = lambda line: None) -> None:
        self.played: list[tuple[str, int]] = []  # every cue played: ("chime", stars) or ("tick", 0)
        self._sounds: dict[tuple[str, int], pygame.mixer.Sound] = {}
        self._seen: tuple[AppState, object, int] | None = None  # the state last seen, and what it showed
        self._log = log
        self.enabled = enabled and self._open(log)

    @staticmethod
    def _open(log: Callable[[str], None]) -> bool:
        try:
            if pygame.mixer.get_init() != (RATE, -16, 1):
                pygame.mixer.quit()
                pygame.mixer.init(frequency=RATE, size=-16, channels=1, buffer=512)
        except pygame.error as exc:
            log(f"sound is off: no sound device ({exc})")
            return False
        return True

    def observe(self, state: AppState) -> None:
        """After a frame: a cue for what happened in it (nothing for a new visitor's state)."""
        seen = (state, state.celebrated, len(state.lesson_done))
        last, self._seen = self._seen, seen
        if last is None or last[0] is not state or not self.enabled:
            return
        if state.celebrated is not None and state.celebrated != last[1]:
            self._play("chime", state.celebrated[1])
        elif seen[2] > last[2]:
            self._play("tick", 0)

    def _play(self, name: str, stars: int) -> None:
        key = (name, stars)
        try:
            sound = self._sounds.get(key)
            if sound is None:
                samples = chime(stars) if name == "chime" else tick()
                sound = self._sounds[key] = pygame.sndarray.make_sound(samples)
            sound.play()
        except pygame.error as exc:  # the device went away mid-visit: silence, not a reset
            self.enabled = False
            self._log(f"sound is off: the sound device failed ({exc})")
            return
        self.played.append(key)
