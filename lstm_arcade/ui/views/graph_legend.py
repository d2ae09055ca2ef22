"""The graph's legend: one entry per series, a sample of its line and its name; a click toggles it.

Entries flow left to right and wrap into rows; each row is a full touch target high. The drawn
legend is cached per (size, series, hidden set), so an idle legend costs one blit.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet

import numpy as np
import pygame

from ...i18n import tr
from .. import theme
from ..text import Text
from ..theme import Metrics
from .graph_draw import draw_series
from .graph_series import Series


class Legend:
    def __init__(self) -> None:
        self.entries: list[tuple[str, pygame.Rect]] = []  # (series key, hit rectangle on screen)
        self.rect = pygame.Rect(0, 0, 0, 0)
        self.labels: dict[str, str] = {}  # series key -> the text its entry shows (translated)
        self._cache: tuple[tuple, pygame.Surface] | None = None

    def layout(
        self, area: pygame.Rect, series: list[Series], text: Text, m: Metrics, max_height: int = 0
    ) -> int:
        """Place the entries in rows from the top of `area`; returns the height they take.

        Where the full names need more than `max_height` (0: no limit), the entries use the
        series' symbols ("C(t)", "f(t)") beside their colour sample, so the plot keeps its share."""
        height = self._flow(area, series, text, m, short=False)
        if max_height and height > max_height:
            height = self._flow(area, series, text, m, short=True)
        return height

    def _flow(self, area: pygame.Rect, series: list[Series], text: Text, m: Metrics, short: bool) -> int:
        """Flow the entries into rows (full names or symbols); returns the height they take."""
        self.entries, self.labels = [], {s.key: tr(s.symbol if short else s.label) for s in series}
        row_h = m.touch
        x, y = area.x, area.y
        for s in series:
            w = self._entry_width(self.labels[s.key], text, m)
            if x > area.x and x + w > area.right:
                x, y = area.x, y + row_h
            self.entries.append((s.key, pygame.Rect(x, y, w, row_h)))
            x += w + m.px(12)
        height = (y - area.y + row_h) if series else 0
        self.rect = pygame.Rect(area.x, area.y, area.width, height)
        return height

    def hit(self, pos: tuple[int, int]) -> str | None:
        for key, rect in self.entries:
            if rect.collidepoint(pos):
                return key
        return None

    def draw(
        self,
        surface: pygame.Surface,
        series: list[Series],
        hidden: AbstractSet[str],
        text: Text,
        m: Metrics,
        offset: tuple[int, int] = (0, 0),
    ) -> None:
        """Blit the legend at its place, shifted by `offset` (when drawing into a panel's layer)."""
        key = (self.rect.size, tuple(self.labels.get(s.key, tr(s.label)) for s in series), frozenset(hidden), m.height)
        if self._cache is None or self._cache[0] != key:
            self._cache = (key, self._render(series, hidden, text, m))
        surface.blit(self._cache[1], self.rect.move(offset).topleft)

    def _entry_width(self, label: str, text: Text, m: Metrics) -> int:
        return self._swatch_width(m) + m.px(5) + text.size(label, m.small)[0]

    @staticmethod
    def _swatch_width(m: Metrics) -> int:
        return m.px(22)

    def _render(
        self, series: list[Series], hidden: AbstractSet[str], text: Text, m: Metrics
    ) -> pygame.Surface:
        layer = pygame.Surface(self.rect.size)
        layer.fill(theme.PANEL)
        layer.set_colorkey(theme.PANEL)  # the panel shows through; only the entries are drawn
        by_key = {s.key: s for s in series}
        for key, rect in self.entries:
            s = by_key[key]
            off = key in hidden
            local = rect.move(-self.rect.x, -self.rect.y)
            y = local.centery
            swatch = np.array(
                [[local.x + m.px(2), y], [local.x + self._swatch_width(m) - m.px(2), y]], float
            )
            color = _dim(s.color) if off else s.color
            draw_series(layer, color, s.style, swatch, m, pattern=0.55)
            label = text.render(self.labels.get(key, tr(s.label)), m.small, theme.TEXT_FAINT if off else theme.TEXT)
            lx = local.x + self._swatch_width(m) + m.px(5)
            layer.blit(label, (lx, y - label.get_height() // 2))
            if off:  # struck through: colour is not the only cue that it is hidden
                pygame.draw.line(
                    layer, theme.TEXT_FAINT, (lx, y), (lx + label.get_width(), y), m.px(2)
                )
        return layer


def _dim(color: theme.Color) -> theme.Color:
    return tuple(round(c * 0.35) for c in color)  # type: ignore[return-value]
