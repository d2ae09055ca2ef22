"""The step animation's clock: which step is animating and how far along it is."""

from __future__ import annotations

MAX_DURATION = 1.2  # seconds: a slow Play speed should not make one Step feel sluggish
STEP_SHARE = 0.85  # the pulse finishes within this share of the time one step takes at Play speed


class StepAnimation:
    """Starts when the shown step moves one forward; any other jump shows the new step at once."""

    def __init__(self) -> None:
        self.shown_t: int | None = None
        self.start = 0.0
        self.duration = 0.0
        self.active = False

    def observe(self, shown_t: int, speed: float, now: float) -> None:
        """Call once per frame with the step the panels show."""
        if self.shown_t is not None and shown_t == self.shown_t + 1:
            self.start = now
            self.duration = min(MAX_DURATION, STEP_SHARE / max(speed, 1e-9))
            self.active = True
        elif shown_t != self.shown_t:
            self.active = False
        self.shown_t = shown_t

    def progress(self, now: float) -> float:
        """0 … 1 through the current step's animation; 1 when none is running."""
        if not self.active or self.duration <= 0:
            return 1.0
        done = (now - self.start) / self.duration
        return min(1.0, max(0.0, done))
