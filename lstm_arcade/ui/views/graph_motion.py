"""The slide-in of a new step: where the newest point is drawn while it arrives.

While playing, the head trails Play's own clock by one step (head = position - 1), so the newest
point grows in at exactly the Play speed, smoothly, whatever the frame rate. A step taken by hand
glides in quickly; going back, reset and reduced motion jump at once.
"""

from __future__ import annotations

MANUAL_SLIDE = 0.18  # seconds for a step taken by hand (Step button or →)


class Slide:
    def __init__(self) -> None:
        self._t: int | None = None
        self._from = 0.0
        self._start = 0.0
        self._was_playing = False
        self.head = 0.0

    def update(self, t: int, now: float, position: float | None, reduce_motion: bool) -> float:
        """The head (in steps) for this frame: t once settled, less while step t slides in.
        `position` is Play's fractional position (None while paused)."""
        if self._t is None or t < self._t or reduce_motion:
            self.head = self._from = float(t)  # first frame, back, reset: no slide
        elif position is not None:
            # Never backwards: when Play starts on a settled step, that step stays drawn.
            self.head = min(float(t), max(self.head, position - 1.0))
        else:
            if t != self._t or self._was_playing:  # a manual step, or Play just stopped mid-slide
                self._from, self._start = max(self.head, t - 2.0), now
            progress = (now - self._start) / MANUAL_SLIDE
            self.head = min(float(t), self._from + (t - self._from) * max(0.0, progress))
        self._t, self._was_playing = t, position is not None
        return self.head
