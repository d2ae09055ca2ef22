"""The whole text of a shortened label: a button's full name, a slider's name and meaning, a
message cut at a word. Shown when the pointer rests on it (or a finger holds it) for half a
second, and at once when the keyboard focus is on it; a press or a move elsewhere hides it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pygame

from .. import theme
from ..frame import Frame
from ..text import Text
from ..theme import Metrics

REST_S = 0.5  # how long the pointer rests on a label before its whole text shows
WIDTH_EMS = 24  # the box wraps its text at about this many body-size "M"s (and the window's half)


@dataclass(frozen=True)
class Tip:
    """A place on screen whose drawn text is shorter than `text`, and what it belongs to: the
    widget, or a hotspot's id (app/hotspots.py); its keyboard focus shows the tip at once."""

    rect: pygame.Rect
    text: str
    owner: object


Wanted = Callable[[pygame.Rect, object], bool]  # which places to measure: where, whose


class Tooltip:
    """An overlay: finds the tip under the resting pointer or the focus, and draws it there."""

    def __init__(self, tips: Callable[[Text, Wanted], list[Tip]]) -> None:
        self._tips = tips  # the wanted shortened labels on screen now (none below a card)
        self.pointer: tuple[int, int] | None = None
        self.moved = 0.0  # when the pointer last moved with a button held, or pressed
        self.keyed = -1.0  # when a key was last pressed
        self.resting: tuple[object, float] | None = None  # the tip under the pointer, since when
        self.window = pygame.Rect(0, 0, 0, 0)
        self.metrics = Metrics(1080)
        self.rect = pygame.Rect(0, 0, 0, 0)  # where it was drawn last frame (none: 0 × 0)
        self.shown = ""  # its text, for tests and the redraw

    def layout(self, rect: pygame.Rect, metrics: Metrics) -> None:
        self.window, self.metrics = pygame.Rect(rect), metrics

    def point(self, event: pygame.event.Event, now: float) -> None:
        """Follow the pointer (a finger's mouse events too); never takes the event."""
        if event.type == pygame.MOUSEMOTION:
            self.pointer = event.pos
            if any(getattr(event, "buttons", ())):
                self.moved = now  # a drag: the tip waits until the knob rests
        elif event.type in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP):
            self.pointer, self.moved = event.pos, now  # a press hides it; resting again shows it
        elif event.type in (pygame.WINDOWLEAVE, pygame.FINGERUP, pygame.WINDOWFOCUSLOST):
            self.pointer = None
        elif event.type == pygame.KEYDOWN:
            self.keyed = now  # the keys lead now: the focused widget's tip shows

    def current(self, text: Text, focused: object, now: float) -> Tip | None:
        """The tip to show now: the focused widget's when the keys moved the focus, else the one
        the pointer rests on."""
        keyed = focused if focused is not None and self.keyed > self.moved else None
        focus_id = getattr(keyed, "id", None)  # a hotspot (a view's button) is known by its id
        pointer = self.pointer

        def is_keyed(owner: object) -> bool:
            return keyed is not None and (owner is keyed or owner == focus_id)

        def wanted(rect: pygame.Rect, owner: object) -> bool:
            return is_keyed(owner) or (pointer is not None and rect.collidepoint(pointer))

        # Only the labels asked about are measured: this runs every frame.
        tips = self._tips(text, wanted) if keyed is not None or pointer is not None else []
        focus_tip = next((tip for tip in tips if is_keyed(tip.owner)), None)
        if focus_tip is not None:
            return focus_tip  # the keys have no hover: no wait
        under = next((tip for tip in tips if pointer is not None and tip.rect.collidepoint(pointer)), None)
        if under is None:
            self.resting = None
            return None
        if self.resting is None or self.resting[0] != under.owner:
            self.resting = (under.owner, now)
        since = max(self.resting[1], self.moved)
        return under if now - since >= REST_S else None

    def draw(self, surface: pygame.Surface, frame: Frame) -> None:
        tip = self.current(frame.text, getattr(frame.state, "focused", None), frame.now)
        self.rect, self.shown = pygame.Rect(0, 0, 0, 0), ""
        if tip is not None:
            self.rect, self.shown = self._draw(surface, tip, frame.text, self.metrics), tip.text

    def _draw(self, surface: pygame.Surface, tip: Tip, text: Text, m: Metrics) -> pygame.Rect:
        area = self.window if self.window.width else surface.get_rect()
        room = min(area.width // 2, WIDTH_EMS * text.size("M", m.body)[0], area.width - 4 * m.pad)
        lines = text.wrap(tip.text, m.body, max(room, 1))
        rendered = [text.render(line, m.body, theme.TEXT) for line in lines]
        line_h = text.font(m.body).get_linesize()
        box = pygame.Rect(
            0,
            0,
            max(g.get_width() for g in rendered) + 2 * m.pad,
            len(rendered) * line_h + 2 * m.pad,
        )
        box.midtop = (tip.rect.centerx, tip.rect.bottom + m.gap)
        if box.bottom > area.bottom:  # no room below: above the label instead
            box.midbottom = (tip.rect.centerx, tip.rect.top - m.gap)
        box.clamp_ip(area)
        pygame.draw.rect(surface, theme.FIELD_BG, box, border_radius=m.radius)
        pygame.draw.rect(surface, theme.ACCENT, box, max(1, m.line), border_radius=m.radius)
        for row, glyph in enumerate(rendered):
            surface.blit(glyph, (box.x + m.pad, box.y + m.pad + row * line_h))
        return box
