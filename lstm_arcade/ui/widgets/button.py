"""A push button: click or Enter sends a "press" intent; it can show a toggled label (Play/Pause)."""

from __future__ import annotations

import pygame

from ...actions import TAKEN, Action
from .. import paint, theme
from ..text import Text
from ..theme import Metrics
from .base import Widget

ENTER_KEYS = (pygame.K_RETURN, pygame.K_KP_ENTER)


class Button(Widget):
    """A rounded button with a centred label and, when it fits, its keyboard shortcut beside it."""

    focus_on_click = False  # a click presses it; the keys stay where they were

    def __init__(
        self, widget_id: str, label: str, *, key_hint: str = "", toggled_label: str | None = None
    ) -> None:
        super().__init__(widget_id)
        self.label = label
        self.key_hint = key_hint
        self.toggled_label = toggled_label
        self.toggled = False
        self.hovered = False
        self.pressed = False

    @property
    def shown_label(self) -> str:
        """The label on the face: the toggled one while toggled (e.g. Pause while playing)."""
        if self.toggled and self.toggled_label is not None:
            return self.toggled_label
        return self.label

    def handle(self, event: pygame.event.Event, now: float) -> Action | None:
        if event.type == pygame.MOUSEMOTION:
            self.hovered = self.rect.collidepoint(event.pos)
            return None  # never consumed: other widgets (a dragged slider) need the motion
        if not self.enabled:
            self.pressed = False
            return None
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            if self.rect.collidepoint(event.pos):
                self.pressed = True
                return TAKEN
        elif event.type == pygame.MOUSEBUTTONUP and event.button == 1 and self.pressed:
            self.pressed = False
            if self.rect.collidepoint(event.pos):
                return Action(self.id)
            return TAKEN  # released elsewhere: the press is abandoned
        elif event.type == pygame.KEYDOWN and self.focused and event.key in ENTER_KEYS:
            return Action(self.id)
        return None

    def fit_label(self, text: Text, metrics: Metrics) -> tuple[int, bool]:
        """Font size and whether the hint fits: drop the hint first, then shrink to small."""
        room = self.rect.width - 2 * metrics.gap
        label = self.shown_label
        if self.key_hint:
            hint_w = metrics.gap + text.size(self.key_hint, metrics.small)[0]
            if text.size(label, metrics.body)[0] + hint_w <= room:
                return metrics.body, True
        for size in range(metrics.body, metrics.small - 1, -1):
            if text.size(label, size)[0] <= room:
                return size, False
        return metrics.small, False  # still too wide: drawn clipped to the button

    def draw(self, surface: pygame.Surface, text: Text, metrics: Metrics) -> None:
        if not self.enabled:
            fill, ink = theme.BUTTON_DISABLED, theme.TEXT_FAINT
        elif self.pressed and self.hovered:
            fill, ink = theme.BUTTON_PRESSED, theme.TEXT
        elif self.hovered:
            fill, ink = theme.BUTTON_HOVER, theme.TEXT
        else:
            fill, ink = theme.BUTTON_BG, theme.TEXT
        pygame.draw.rect(surface, fill, self.rect, border_radius=metrics.radius)
        edge = theme.PANEL_EDGE if self.enabled else theme.BUTTON_DISABLED
        pygame.draw.rect(surface, edge, self.rect, metrics.line, border_radius=metrics.radius)

        size, with_hint = self.fit_label(text, metrics)
        label = text.render(self.shown_label, size, ink)
        parts = [label]
        if with_hint:
            hint_ink = theme.TEXT_DIM if self.enabled else theme.TEXT_FAINT
            parts.append(text.render(self.key_hint, metrics.small, hint_ink))
        width = sum(p.get_width() for p in parts) + metrics.gap * (len(parts) - 1)
        # Centred; a label too wide even at the smallest size keeps its start visible.
        x = max(self.rect.centerx - width // 2, self.rect.left + metrics.gap)
        with paint.clipped(surface, self.rect):
            for part in parts:
                surface.blit(part, part.get_rect(midleft=(x, self.rect.centery)))
                x += part.get_width() + metrics.gap
