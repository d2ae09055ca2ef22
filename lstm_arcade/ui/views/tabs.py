"""The strip of tabs above the panels a squarer window folds (ui/layout.py): one button per tab,
the shown one lit; a click, a touch or V shows another."""

from __future__ import annotations

import pygame

from ... import actions as act
from ...actions import Action
from ...i18n import language, tr
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
        self._language = ""  # the language the buttons were sized for
        self.labels: list[pygame.Rect] = []  # where each name was drawn last (tests check the fit)

    def layout(self, rect: pygame.Rect, metrics: Metrics) -> None:
        super().layout(rect, metrics)
        self.names, self.buttons = (), []  # placed anew at the next draw, from the layout's names
        self._language = ""

    def place(self, names: tuple[str, ...], text: Text) -> None:
        """One button per tab name, side by side across the strip: equally wide where every name
        fits so, else each as wide as its shortest face needs and the rest shared out
        ("Controles | Serie temporal | Mates" in a portrait window)."""
        self.names, self._language = names, language()
        m, count = self.metrics, max(1, len(names))
        room = self.rect.width - m.gap * (count - 1)
        needs = [text.size(shortest_face(name), m.small, bold=True)[0] + 2 * m.pad for name in names]
        if all(need <= room // count for need in needs) or sum(needs) > room:
            widths = [room // count] * len(names)
        else:
            spare = room - sum(needs)
            widths = [need + spare // count for need in needs]
        x = self.rect.x
        self.buttons = []
        for width in widths:
            self.buttons.append(pygame.Rect(x, self.rect.y, width, self.rect.height))
            x += width + m.gap

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
        if self.names != frame.layout.tab_names or self._language != language():
            self.place(frame.layout.tab_names, text)
        surface.fill(theme.BACKGROUND, self.rect)
        faces = [fitted_name(text, name, m, button.width - 2 * m.pad) for name, button in zip(self.names, self.buttons, strict=True)]
        size = min((size for _, size in faces), default=m.body)  # one size across the strip
        self.labels = []
        for page, ((face, _), button) in enumerate(zip(faces, self.buttons, strict=True)):
            shown = page == frame.layout.page
            pygame.draw.rect(surface, theme.PANEL if shown else theme.BUTTON_BG, button, border_radius=m.radius)
            edge = theme.ACCENT if shown else theme.PANEL_EDGE
            pygame.draw.rect(surface, edge, button, m.line * (2 if shown else 1), border_radius=m.radius)
            label = text.render(face, size, theme.TEXT if shown else theme.TEXT_DIM, bold=True)
            self.labels.append(surface.blit(label, label.get_rect(center=button.center)))


def shortest_face(name: str) -> str:
    """A tab's short form, translated ("Time series & chain" → "Time series"): whole words."""
    short = TAB_SHORT.get(name)
    return tr(short) if short else tr(name).split(" & ")[0]


def fitted_name(text: Text, name: str, m: Metrics, room: int) -> tuple[str, int]:
    """What a tab shows of its English `name`, translated, and at which size: the whole name where
    it fits, else its short form, at body size where it fits, never a cut."""
    for face, size in ((tr(name), m.body), (tr(name), m.small), (shortest_face(name), m.body)):
        if text.size(face, size, bold=True)[0] <= room:
            return face, size
    return shortest_face(name), m.small
