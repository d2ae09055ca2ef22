"""The strip of tabs above the panels a squarer window folds (ui/layout.py): one button per tab,
the shown one lit; a click, a touch or V shows another."""

from __future__ import annotations

import pygame

from ... import actions as act
from ...actions import Action
from ...i18n import tr
from .. import theme
from ..frame import Frame, Placed
from ..layout import TAB_SHORT
from ..text import Text
from ..theme import Metrics
from .tooltip import Tip, Wanted


class TabStrip(Placed):
    region = "tabs"

    def __init__(self) -> None:
        super().__init__()
        self.names: tuple[str, ...] = ()  # English (the layout's): translated when drawn
        self.buttons: list[pygame.Rect] = []

    def layout(self, rect: pygame.Rect, metrics: Metrics) -> None:
        super().layout(rect, metrics)
        self.names, self.buttons = (), []  # placed anew at the next draw, from the layout's names

    def place(self, names: tuple[str, ...]) -> None:
        """One button per tab name, side by side across the strip."""
        self.names = names
        count, gap = max(1, len(names)), self.metrics.gap
        width = (self.rect.width - gap * (count - 1)) // count
        self.buttons = [pygame.Rect(self.rect.x + k * (width + gap), self.rect.y, width, self.rect.height)
                        for k in range(len(names))]

    def tips(self, text: Text, wanted: Wanted) -> list[Tip]:
        """Of the `wanted` tabs, those whose name is shown shortened, with the whole name
        (translated)."""
        m = self.metrics
        return [
            Tip(button, tr(name), f"tab {page}")  # its focus stop's id (app/hotspots.py)
            for page, (name, button) in enumerate(zip(self.names, self.buttons, strict=True))
            if wanted(button, f"tab {page}") and fitted_name(text, name, m, button.width - 2 * m.pad)[0] != tr(name)
        ]

    def handle(self, event: pygame.event.Event, now: float) -> Action | None:
        if event.type != pygame.MOUSEBUTTONDOWN or event.button != 1:
            return None
        for page, button in enumerate(self.buttons):
            if button.collidepoint(event.pos):
                return Action(act.SHOW_PAGE, page)
        return None

    def draw(self, surface: pygame.Surface, frame: Frame) -> None:
        m, text = self.metrics, frame.text
        if self.names != frame.layout.tab_names:
            self.place(frame.layout.tab_names)
        surface.fill(theme.BACKGROUND, self.rect)
        for page, (name, button) in enumerate(zip(self.names, self.buttons, strict=True)):
            shown = page == frame.layout.page
            pygame.draw.rect(surface, theme.PANEL if shown else theme.BUTTON_BG, button, border_radius=m.radius)
            edge = theme.ACCENT if shown else theme.PANEL_EDGE
            pygame.draw.rect(surface, edge, button, m.line * (2 if shown else 1), border_radius=m.radius)
            label = fitted_label(text, name, m, button.width - 2 * m.pad, shown)
            surface.blit(label, label.get_rect(center=button.center))


def fitted_label(text: Text, name: str, m: Metrics, room: int, shown: bool) -> pygame.Surface:
    """The tab's name (English, shown translated) at body size, or at the floor size when body
    does not fit; never cut."""
    face, size = fitted_name(text, name, m, room)
    return text.render(face, size, theme.TEXT if shown else theme.TEXT_DIM, bold=True)


def fitted_name(text: Text, name: str, m: Metrics, room: int) -> tuple[str, int]:
    """What a tab shows of its English `name`, translated, and at which size: the whole name where
    it fits, else its short form ("Time series & chain" → "Time series"), whole words, never a cut."""
    whole = tr(name)
    for size in (m.body, m.small):
        if text.size(whole, size, bold=True)[0] <= room:
            return whole, size
    short = TAB_SHORT.get(name)
    return (tr(short) if short else whole.split(" & ")[0]), m.small
