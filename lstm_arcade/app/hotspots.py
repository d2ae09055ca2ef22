"""Everything a pointer can press outside the control panel, as keyboard focus stops: Tab reaches
the header's level and language switches, the tabs, the preset chips, Motion, the diagram's nodes, Pin run, a pin's ×, the legend entries,
"latest", Undo training and Back to live; Enter or Space presses the one focused.

A hotspot is the place a view already answers a click at; pressing it offers that view the same
click, so the key path and the pointer path are one path. The views are only read here."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

import pygame

from ..actions import Action
from ..ui.widgets import Widget

if TYPE_CHECKING:
    from .app import App


class Pressable(Protocol):
    """A view that answers clicks."""

    def handle(self, event: pygame.event.Event, now: float) -> Action | None: ...

PRESS_KEYS = (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE)


class Hotspot(Widget):
    """A focus stop at a rectangle a view takes clicks in (equal by id: views redraw their rects)."""

    def __init__(self, hotspot_id: str, rect: pygame.Rect, view: Pressable) -> None:
        super().__init__(hotspot_id)
        self.rect, self.view = pygame.Rect(rect), view

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Hotspot) and other.id == self.id

    def __hash__(self) -> int:
        return hash(self.id)

    def handle(self, event: pygame.event.Event, now: float) -> Action | None:
        if event.type == pygame.KEYDOWN and event.key in PRESS_KEYS:
            click = pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=self.rect.center, button=1)
            return self.view.handle(click, now)
        return None


def hotspots(app: App) -> list[Hotspot]:
    """The focus stops on screen now, in reading order of the panels (top to bottom)."""
    lay, found = app.layout, []

    def add(hotspot_id: str, rect: pygame.Rect | None, view: Pressable, region: str) -> None:
        if rect is not None and rect.width > 0 and lay.shows(region):
            found.append(Hotspot(hotspot_id, rect, view))

    header = app.header
    add("live", header.live_rect, header, "header")
    add("page", header.page_rect, header, "header")
    add("level", header.level_rect, header, "header")
    for code, rect in header.language_rects:
        add(f"language {code or 'next'}", rect, header, "header")
    for page, rect in enumerate(app.tabs.buttons if lay.pages > 1 and lay.arrangement != "scaled" else []):
        add(f"tab {page}", rect, app.tabs, "tabs")
    for preset, rect in app.chips.chips:
        add(f"preset {preset.key}", rect, app.chips, "diagram")
    add("motion", app.diagram.motion_rect, app.diagram, "diagram")
    diagram = app.diagram
    reach = app.layout.metrics.touch
    for node in diagram.nodes:
        x, y = diagram.transform.point(node.center)
        add(f"node {node.key}", pygame.Rect(round(x) - reach // 2, round(y) - reach // 2, reach, reach), diagram, "diagram")
    graph = app.graph
    add("undo training", app.training_overlay.undo_hit, app.training_overlay, "graph")
    add("pin run", graph.pin_hit, graph, "graph")
    for number, _, cross in graph.pin_chips:
        add(f"unpin {number}", cross, graph, "graph")
    add("latest", graph.follow_rect, graph, "graph")
    for key, rect in graph.legend.entries:
        add(f"legend {key}", rect, graph, "graph")
    for key, rect in app.lesson_card.buttons:  # a lesson's Back, Skip and Next, over the panels
        add(f"lesson {key}", rect, app.lesson_card, "header")
    return found
