"""The title bar: name, step counter, play state and the current hint."""

from __future__ import annotations

import pygame

from ...sim import Simulation
from .. import theme
from ..text import Text
from ..theme import Metrics


class Header:
    def draw(self, surface: pygame.Surface, rect: pygame.Rect, sim: Simulation, text: Text, m: Metrics) -> None:
        title = text.render("LSTM Arcade", m.title, theme.TEXT, bold=True)
        y = rect.centery - title.get_height() // 2
        surface.blit(title, (rect.x + m.pad, y))
        x = rect.x + m.pad + title.get_width() + 2 * m.pad
        if sim.playing:
            mode, color = f"▶ Playing · {sim.speed:g} steps/s", theme.INPUT_X
        else:
            mode, color = "❚❚ Paused", theme.TEXT_DIM
        for shown, shade, mono in ((f"t = {sim.t} / {sim.length}", theme.TEXT, True), (mode, color, False)):
            surface_ = text.render(shown, m.heading, shade, mono=mono, bold=mono)
            surface.blit(surface_, (x, rect.centery - surface_.get_height() // 2))
            x += surface_.get_width() + 2 * m.pad
        hint = sim.hint or "H  help"
        shown = text.render(hint, m.body, theme.FOCUS if sim.hint else theme.TEXT_FAINT)
        if x + shown.get_width() <= rect.right - m.pad:
            surface.blit(shown, (rect.right - m.pad - shown.get_width(), rect.centery - shown.get_height() // 2))
        elif sim.hint:  # not enough room beside the counters: the hint wins over the mode text
            surface.blit(shown, (rect.right - m.pad - shown.get_width(), rect.bottom - shown.get_height()))
