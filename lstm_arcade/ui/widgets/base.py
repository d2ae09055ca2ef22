"""What every widget shares: a rectangle, focus, and events in → actions out."""

from __future__ import annotations

import pygame

from ...actions import Action
from ..text import Text
from ..theme import Metrics

ELLIPSIS = "…"


def fit_words(
    text: Text, string: str, size: int, width: int, *, mono: bool = False, bold: bool = False
) -> str:
    """`string` if it fits `width` at `size`, else its longest run of whole words with "…"
    after them ("" when not even the first word fits): a word is never cut in half."""
    if text.size(string, size, mono=mono, bold=bold)[0] <= width:
        return string
    words = string.split()
    for count in range(len(words) - 1, 0, -1):
        shown = " ".join(words[:count]).rstrip(",;:·…").rstrip() + ELLIPSIS
        if text.size(shown, size, mono=mono, bold=bold)[0] <= width:
            return shown
    return ""


class Widget:
    """Base class: a rectangle that may take keyboard focus, handle events and draw itself."""

    focusable = True
    focus_on_click = True  # buttons say False: a click presses them without taking the keys

    def __init__(self, widget_id: str) -> None:
        self.id = widget_id
        self.rect = pygame.Rect(0, 0, 0, 0)
        self.focused = False
        self.enabled = True

    def place(self, rect: pygame.Rect) -> None:
        """Called by the layout whenever the window size changes."""
        self.rect = pygame.Rect(rect)

    def touch_rect(self, min_size: int) -> pygame.Rect:
        """Where a finger counts as on this widget: the rect, grown about its centre to at least
        `min_size` each way (48 px at 1080p), so a slider row drawn shorter is still a full target.
        Where grown rects overlap a neighbour, the widget actually under the finger wins."""
        grow_w = max(0, min_size - self.rect.width)
        grow_h = max(0, min_size - self.rect.height)
        return self.rect.inflate(grow_w, grow_h)

    def set_focus(self, focused: bool, now: float) -> Action | None:
        """Gain or lose keyboard focus; a text field commits when it loses it."""
        self.focused = focused
        return None

    def handle(self, event: pygame.event.Event, now: float) -> Action | None:
        """Offer an event: None if not taken, else the action asked for (TAKEN: nothing to do).
        `now` is the injected clock in seconds."""
        return None

    def full_text(self, text: Text, metrics: Metrics) -> str | None:
        """The whole text when the widget shows less of it (its tooltip), else None."""
        return None

    def draw(self, surface: pygame.Surface, text: Text, metrics: Metrics) -> None:
        raise NotImplementedError

    def draw_focus_ring(self, surface: pygame.Surface, metrics: Metrics) -> None:
        from ..theme import FOCUS

        if self.focused:
            ring = self.rect.inflate(metrics.px(8), metrics.px(8))
            pygame.draw.rect(surface, FOCUS, ring, metrics.px(3), border_radius=metrics.radius)
