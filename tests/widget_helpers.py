"""Shared pieces of the widget tests: a headless display and real pygame events."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame

from lstm_arcade.actions import TAKEN, Action
from lstm_arcade.ui.widgets import Widget

SIZE = (1280, 720)


def open_display() -> pygame.Surface:
    """Initialise only display and fonts (as the app does) and open a 1280×720 dummy window."""
    pygame.display.init()
    pygame.font.init()
    return pygame.display.set_mode(SIZE)


def down(pos: tuple[int, int], button: int = 1) -> pygame.event.Event:
    return pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=button)


def up(pos: tuple[int, int], button: int = 1) -> pygame.event.Event:
    return pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=button)


def motion(pos: tuple[int, int], buttons: tuple[int, int, int] = (1, 0, 0)) -> pygame.event.Event:
    return pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=buttons)


def key(code: int, mod: int = 0, unicode: str = "") -> pygame.event.Event:
    return pygame.event.Event(pygame.KEYDOWN, key=code, mod=mod, unicode=unicode, scancode=0)


def text_input(text: str) -> pygame.event.Event:
    return pygame.event.Event(pygame.TEXTINPUT, text=text)


def text_editing(text: str) -> pygame.event.Event:
    return pygame.event.Event(pygame.TEXTEDITING, text=text, start=len(text), length=0)


def split(action: Action | None) -> tuple[bool, list[Action]]:
    """A widget's answer as (taken, the actions it asks for): None is not taken, TAKEN asks none."""
    return action is not None, [] if action is None or action == TAKEN else [action]


def feed(widget: Widget, *events: pygame.event.Event, now: float = 0.0) -> list[Action]:
    """Hand events to a widget as the app would; every action they asked for, in order."""
    actions: list[Action] = []
    for event in events:
        actions += split(widget.handle(event, now))[1]
    return actions


def count_near(
    surface: pygame.Surface, rect: pygame.Rect, color: tuple[int, int, int], tol: int = 40
) -> int:
    """How many pixels in rect are within tol (per channel) of color."""
    found = 0
    for x in range(rect.left, rect.right):
        for y in range(rect.top, rect.bottom):
            pixel = surface.get_at((x, y))
            if all(abs(pixel[k] - color[k]) <= tol for k in range(3)):
                found += 1
    return found
