"""Touch as the mouse: one finger becomes left-button events in window pixels.

SDL reports a touch twice: as FINGER events (normalised 0 … 1 coordinates) and, for programs that
only know the mouse, as mouse events it synthesises (pygame-ce marks those `touch=True`). The app
drops the synthesised copies and turns the FINGER events into mouse events itself, so every
widget and view handles one press per tap, whatever the platform does.

Only the first finger on the screen drives the pointer; a second finger (a pinch on the graph)
abandons that press off-screen, so no button fires and no slider jumps while two fingers move.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pygame

from .widgets import Widget

FINGER_EVENTS = frozenset({pygame.FINGERDOWN, pygame.FINGERMOTION, pygame.FINGERUP})
MOUSE_EVENTS = frozenset(
    {pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP, pygame.MOUSEMOTION, pygame.MOUSEWHEEL}
)
OFF_SCREEN = (-10_000, -10_000)  # where an abandoned press is released: outside every target


def synthesized(event: pygame.event.Event) -> bool:
    """A mouse event SDL made from a touch (the FINGER event carries the same gesture)."""
    return event.type in MOUSE_EVENTS and bool(getattr(event, "touch", False))


def from_finger(event: pygame.event.Event) -> bool:
    """A mouse event TouchPointer made from a FINGER event (`finger=True`)."""
    return bool(getattr(event, "finger", False))


def is_touch(event: pygame.event.Event) -> bool:
    """FINGER events and the mouse copies SDL makes of them."""
    return event.type in FINGER_EVENTS or synthesized(event)


def snap(pos: tuple[int, int], widgets: Iterable[Widget], min_size: int) -> tuple[int, int]:
    """A finger just outside a small widget lands on it: the nearest one whose touch rect (at least
    `min_size` square) holds `pos`; a position already on a widget is never moved."""
    best: tuple[int, Widget] | None = None
    for widget in widgets:
        if not widget.enabled or widget.rect.width <= 0 or widget.rect.height <= 0:
            continue
        if widget.rect.collidepoint(pos):
            return pos
        if widget.touch_rect(min_size).collidepoint(pos):
            distance = _distance(pos, widget.rect)
            if best is None or distance < best[0]:
                best = (distance, widget)
    if best is None:
        return pos
    rect = best[1].rect
    return (
        min(max(pos[0], rect.left), rect.right - 1),
        min(max(pos[1], rect.top), rect.bottom - 1),
    )


def _distance(pos: tuple[int, int], rect: pygame.Rect) -> int:
    dx = max(rect.left - pos[0], 0, pos[0] - (rect.right - 1))
    dy = max(rect.top - pos[1], 0, pos[1] - (rect.bottom - 1))
    return dx * dx + dy * dy


class TouchPointer:
    """Turns the FINGER events of the first finger down into mouse events for widgets and views."""

    def __init__(self) -> None:
        self.finger: tuple[int, int] | None = None  # (touch_id, finger_id) of the driving finger
        self.pos: tuple[int, int] | None = None

    def translate(
        self,
        event: pygame.event.Event,
        size: tuple[int, int],
        widgets: Sequence[Widget] = (),
        min_size: int = 0,
    ) -> list[pygame.event.Event]:
        """The mouse events standing for `event`: [] for SDL's own copies and other fingers."""
        if event.type not in FINGER_EVENTS:
            return []
        finger = (getattr(event, "touch_id", 0), getattr(event, "finger_id", 0))
        pos = (_pixel(event.x, size[0]), _pixel(event.y, size[1]))
        if event.type == pygame.FINGERDOWN:
            if self.finger is not None and finger != self.finger:
                return self.abandon()  # a second finger: whatever the first one was doing stops
            if self.finger is None:
                pos = snap(pos, widgets, min_size)
                self.finger, self.pos = finger, pos
                return [_motion(pos, pressed=False), _button(pygame.MOUSEBUTTONDOWN, pos)]
            return []
        if finger != self.finger:
            return []
        if event.type == pygame.FINGERMOTION:
            self.pos = pos
            return [_motion(pos, pressed=True)]
        self.finger, self.pos = None, None  # FINGERUP
        return [_button(pygame.MOUSEBUTTONUP, pos)]

    def abandon(self) -> list[pygame.event.Event]:
        """Release the press somewhere no target is: buttons do not fire, drags just stop."""
        if self.finger is None:
            return []
        self.finger, self.pos = None, None
        return [_motion(OFF_SCREEN, pressed=True), _button(pygame.MOUSEBUTTONUP, OFF_SCREEN)]


def _pixel(unit: float, length: int) -> int:
    """A normalised finger coordinate (0 … 1, sometimes a little outside) as a pixel inside."""
    return min(max(0, length - 1), max(0, round(float(unit) * length)))


def _motion(pos: tuple[int, int], pressed: bool) -> pygame.event.Event:
    buttons = (1, 0, 0) if pressed else (0, 0, 0)
    return pygame.event.Event(
        pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=buttons, touch=False, finger=True
    )


def _button(kind: int, pos: tuple[int, int]) -> pygame.event.Event:
    return pygame.event.Event(kind, pos=pos, button=1, touch=False, finger=True)
