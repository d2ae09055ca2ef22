"""The "Still there?" card a kiosk shows before its idle reset: centred over the whole screen (which
dims behind it), the question in caption-sized letters, "Touch anywhere to keep going — starting
over in" and the seconds left as a big number, and a bar that empties as the time runs out.

With reduced motion the bar moves a whole second at a time, with the number; otherwise it runs
down smoothly. Every line is measured and wrapped to the card, so it fits any screen shape.
"""

from __future__ import annotations

import math

import pygame

from ...i18n import N_, tr
from .. import theme
from ..frame import Frame
from ..text import Text
from ..theme import Metrics
from .tour_overlay import caption_size

TITLE = N_("Still there?")
# TRANSLATORS: the kiosk's countdown card: the seconds left follow, as a big number on a line below.
MESSAGE = N_("Touch anywhere to keep going — starting over in")
DIM = (110, 110, 110)  # the screen behind the card, multiplied: 43 % of its brightness


def seconds_left(remaining: float) -> int:
    """The whole seconds shown: 10 at 10.0 s left, 1 in the last second, never 0 on screen."""
    return max(1, math.ceil(remaining - 1e-6))


class StillThere:
    """The countdown card: `show(remaining, total)` each frame, then `draw`."""

    def __init__(self) -> None:
        self.rect = pygame.Rect(0, 0, 0, 0)  # the screen it is centred on
        self.metrics = Metrics(1080)
        self.remaining = self.total = 0.0
        # Where the last draw put things (for tests and for the kiosk's redraw).
        self.card_rect = pygame.Rect(0, 0, 0, 0)
        self.number_rect = pygame.Rect(0, 0, 0, 0)
        self.bar_rect = pygame.Rect(0, 0, 0, 0)
        self.text_rects: list[pygame.Rect] = []

    def layout(self, rect: pygame.Rect, metrics: Metrics) -> None:
        self.rect, self.metrics = pygame.Rect(rect), metrics

    def show(self, remaining: float, total: float) -> None:
        """How long is left of how long, before this frame is drawn."""
        self.remaining, self.total = max(0.0, remaining), max(total, 1e-6)

    @property
    def number(self) -> int:
        return seconds_left(self.remaining)

    @property
    def message(self) -> str:
        return f"{tr(MESSAGE)} {self.number}"

    def share(self, still: bool) -> float:
        """How much of the bar is still full: by whole seconds when motion is reduced."""
        if still:
            return min(1.0, self.number / max(1, math.ceil(self.total - 1e-6)))
        return min(1.0, self.remaining / self.total)

    def sizes(self, text: Text) -> tuple[int, int, int]:
        """(question, message, number) letter sizes that fit the screen: smaller on a short one."""
        m = self.metrics
        big, body, number = caption_size(m), m.heading, 2 * m.title
        if self._height(text, big, body, number) > self.rect.height - 4 * m.pad:
            big, number = m.title, m.title  # never below the title size
        return big, body, number

    def _width(self) -> int:
        m = self.metrics
        return max(1, min(self.rect.width - 4 * m.pad, 26 * m.body))

    def _lines(self, text: Text, big: int, body: int) -> tuple[list[str], list[str]]:
        room = self._width() - 4 * self.metrics.pad
        title = [text.fit(line, big, room, bold=True) for line in text.wrap(tr(TITLE), big, room, bold=True)]
        words = [text.fit(line, body, room) for line in text.wrap(tr(MESSAGE), body, room)]
        return title, words

    def _height(self, text: Text, big: int, body: int, number: int) -> int:
        m = self.metrics
        title, words = self._lines(text, big, body)
        return (
            4 * m.pad
            + len(title) * text.font(big, bold=True).get_linesize()
            + m.gap
            + len(words) * text.font(body).get_linesize()
            + text.font(number, bold=True).get_linesize()
            + 2 * m.gap
            + self._bar_height()
        )

    def _bar_height(self) -> int:
        return max(self.metrics.px(16), self.metrics.gap)

    def draw(self, surface: pygame.Surface, frame: Frame) -> None:
        """The dimmed screen and the card over it."""
        m, text = self.metrics, frame.text
        big, body, number = self.sizes(text)
        title, words = self._lines(text, big, body)
        surface.fill(DIM, self.rect, special_flags=pygame.BLEND_MULT)
        card = pygame.Rect(0, 0, self._width(), self._height(text, big, body, number))
        card.center = self.rect.center
        pygame.draw.rect(surface, theme.PANEL, card, border_radius=m.radius)
        pygame.draw.rect(surface, theme.ACCENT, card, max(2, 2 * m.line), border_radius=m.radius)
        y = card.y + 2 * m.pad
        self.text_rects = []
        for lines, size, bold in ((title, big, True), (words, body, False)):
            for line in lines:
                rendered = text.render(line, size, theme.TEXT, bold=bold)
                self.text_rects.append(surface.blit(rendered, rendered.get_rect(midtop=(card.centerx, y))))
                y += text.font(size, bold=bold).get_linesize()
            y += m.gap if bold else 0  # a little air under the question
        rendered = text.render(str(self.number), number, theme.ACCENT, bold=True)
        self.number_rect = surface.blit(rendered, rendered.get_rect(midtop=(card.centerx, y)))
        y += text.font(number, bold=True).get_linesize() + m.gap
        track = pygame.Rect(card.x + 2 * m.pad, y, card.width - 4 * m.pad, self._bar_height())
        pygame.draw.rect(surface, theme.BUTTON_BG, track, border_radius=track.height // 2)
        full = track.copy()
        full.width = round(track.width * self.share(frame.still))
        if full.width > 0:
            pygame.draw.rect(surface, theme.ACCENT, full, border_radius=track.height // 2)
        self.card_rect, self.bar_rect = card, track
