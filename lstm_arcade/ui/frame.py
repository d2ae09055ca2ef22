"""The view contract: what every panel answers to, and the one frame it draws from.

Compose builds one `Frame` per frame (app/compose.py) and hands it to every view in turn:

- `layout(rect, metrics)`: where the view goes (on every new layout of the window);
- `handle(event[, now]) -> Action | None`: an event in, an action out (views that take input);
- `draw(surface, frame)`: the view's pixels for this frame. A view reads the frame (and the state
  in it) and never changes the state or the simulation; its own presentation caches are its own.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

import pygame

from .text import Text
from .theme import Metrics, Theme

if TYPE_CHECKING:
    from ..sim import Simulation
    from .layout import Layout


class ViewState(Protocol):
    """What the views read of the app's state (app/state.py's AppState has all of it)."""

    @property
    def reduce_motion(self) -> bool: ...
    @property
    def language(self) -> str: ...
    @property
    def languages(self) -> tuple[str, ...]: ...
    @property
    def help_open(self) -> bool: ...
    @property
    def help_page(self) -> int: ...
    @property
    def highlight(self) -> str | None: ...
    @property
    def page(self) -> int: ...
    @property
    def hidden_series(self) -> AbstractSet[str]: ...
    @property
    def active_preset(self) -> int | None: ...


@dataclass(frozen=True)
class Frame:
    """Everything a view draws from in one frame (built once per frame by compose)."""

    sim: Simulation
    state: ViewState
    text: Text
    theme: Theme
    layout: Layout
    metrics: Metrics  # the panels' sizes (the UI scale's)
    window: Metrics  # the operator's overlays: the window's own sizes, whatever the UI scale
    now: float
    progress: float  # how far the shown step's animation has run (0 … 1)
    clean: bool  # the screen still holds what every panel drew last frame (see ui/redraw.py)
    math_key: str | None = None  # the math panel's lines of the node clicked in the diagram
    series_key: str | None = None  # the graph's series of that node
    page: str | None = None  # "View 1/3: …" while a UI scale shows a page of panels at a time

    @property
    def still(self) -> bool:
        """No motion: pulses off, values only fade (--reduce-motion, key M)."""
        return self.state.reduce_motion


class View(Protocol):
    """One panel: laid out on every layout, drawn every frame it is shown."""

    def layout(self, rect: pygame.Rect, metrics: Metrics) -> None: ...

    def draw(self, surface: pygame.Surface, frame: Frame) -> None: ...


class Placed:
    """A panel that keeps the rectangle and sizes it was laid out with, for its `draw`."""

    def __init__(self) -> None:
        self.rect = pygame.Rect(0, 0, 0, 0)
        self.metrics = Metrics(1080)

    def layout(self, rect: pygame.Rect, metrics: Metrics) -> None:
        self.rect, self.metrics = pygame.Rect(rect), metrics
