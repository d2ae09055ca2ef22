"""Live statistics: the current values of every state and gate, in the monospace font."""

from __future__ import annotations

import pygame

from ...sim import Simulation
from .. import paint, theme
from ..frame import Frame, Placed
from ..redraw import Redraw
from ..text import Text
from ..theme import Metrics
from .formatting import signed, value
from .panel import PanelFrame

DASH = "—"


def stats_rows(sim: Simulation) -> list[tuple[str, str, theme.Color]]:
    """(label, value text, colour) for t, x, C, h, f, i, o, y at the shown step (the inspected one
    when time travelling: then t is in the banner's yellow)."""
    s = sim.shown
    inspecting = sim.inspected is not None
    rows = [("t", f"{sim.shown_t} / {sim.length}", theme.FOCUS if inspecting else theme.TEXT)]
    if sim.shown_pending:
        return rows + [("", "recomputing…", theme.TEXT_DIM)]
    h, c = (s.h, s.c) if s else (0.0, 0.0)
    rows += [
        ("x(t)", value(s.x) if s else DASH, theme.INPUT_X),
        ("C(t)", signed(c), theme.CELL_C),
        ("h(t)", signed(h), theme.HIDDEN_H),
        ("f(t)", signed(s.f) if s else DASH, theme.FORGET_F),
        ("i(t)", signed(s.i) if s else DASH, theme.INPUT_I),
        ("o(t)", signed(s.o) if s else DASH, theme.OUTPUT_O),
        ("y(t)", signed(s.y) if s else DASH, theme.OUTPUT_Y),
    ]
    if sim.session is not None:  # the training loss (mean squared error) of the last epoch
        loss = sim.session.trainer.loss
        rows.append(("MSE", DASH if loss is None else f"{loss:.1e}", theme.TARGET))
    return rows


class StatsPanel(Placed):
    region = "stats"

    def __init__(self) -> None:
        super().__init__()
        self.frame = PanelFrame("Stats")
        self.redraw = Redraw()  # the rows the screen holds in the panel's place

    def draw(self, surface: pygame.Surface, frame: Frame) -> None:
        """The rows; while they are the ones the screen shows, nothing."""
        with paint.clipped(surface, self.rect):
            self.render(surface, self.rect, frame.sim, frame.text, self.metrics, frame.clean)

    def render(
        self, surface: pygame.Surface, rect: pygame.Rect, sim: Simulation, text: Text, m: Metrics,
        on_screen: bool = False,
    ) -> None:
        rows = stats_rows(sim)
        if self.redraw.unchanged((tuple(rect), m.height, tuple(rows)), on_screen):
            return
        self.frame.draw(surface, rect, text, m)
        area = self.frame.content_rect(rect, m)
        size = m.body
        while size > m.small and (
            len(rows) * round(size * 1.3) > area.height
            or text.size("x(t) +0.000", size, mono=True)[0] > area.width
        ):
            size -= 1
        step = round(size * 1.3)
        with paint.clipped(surface, area):
            for row, (label, shown, color) in enumerate(rows):
                y = area.y + row * step
                surface.blit(text.render(label, size, color, mono=True, bold=True), (area.x, y))
                advance = text.font(size, mono=True).size("0")[0]
                text.draw_mono(surface, shown, size, theme.TEXT, (area.right - advance * len(shown), y))
