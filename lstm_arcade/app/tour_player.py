"""The kiosk's attract tour player: plays the scenes of a `Tour` (`formats/tour.py`) in turn.

No pygame here: the player drives the simulation, and the kiosk draws what `caption()` returns.
"""

from __future__ import annotations

from ..formats.tour import Caption, Scene, Tour
from ..sim import Simulation


class TourPlayer:
    """Loads each scene into the simulation, plays it, holds the end, then the next; loops."""

    def __init__(self, tour: Tour) -> None:
        self.tour = tour
        self.index = 0
        self._loaded_at = 0.0
        self._started = False
        self._ended_at: float | None = None

    @property
    def scene(self) -> Scene:
        return self.tour.scenes[self.index]

    def start(self, sim: Simulation, now: float) -> None:
        self.index = 0
        self._load(sim, now)

    def _load(self, sim: Simulation, now: float) -> None:
        scene = self.scene
        sim.set_params(scene.params)
        sim.set_sequence(scene.sequence)
        sim.set_speed(scene.speed, now)
        self._loaded_at, self._started, self._ended_at = now, False, None

    def update(self, sim: Simulation, now: float) -> None:
        """Once per frame, before the simulation advances: start Play, or move to the next scene."""
        scene = self.scene
        if not self._started:
            if now - self._loaded_at >= scene.wait:
                sim.play(now)
                self._started = True
            return
        if sim.playing or sim.t < sim.length:
            if not sim.playing:  # something paused it: carry on, the tour plays by itself
                sim.play(now)
            return
        if self._ended_at is None:
            self._ended_at = now
        elif now - self._ended_at >= scene.hold:
            self.index = (self.index + 1) % len(self.tour.scenes)
            self._load(sim, now)

    def caption(self, sim: Simulation) -> Caption | None:
        return self.scene.caption_at(sim.t)

