"""Live statistics: the current values of every state and gate, in the monospace font.

The rows fit by construction (`fit_rows`): the largest size from body down to the floor at which
they stand in one column, else in as many columns as the height needs, with a tighter row gap
before a smaller size; a short, wide panel puts them beside its title. Nothing below `m.small`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import pygame

from ...i18n import N_, language, tr
from ...sim import Simulation
from .. import paint, theme
from ..frame import Frame, Placed
from ..redraw import Redraw
from ..text import Text
from ..theme import Metrics
from .formatting import signed, value
from .panel import PanelFrame

DASH = "—"
ROW_SPACING = 1.3  # a row's height in font sizes; tighter, the font's own height
StatsRow = tuple[str, str, theme.Color]


def stats_rows(sim: Simulation) -> list[StatsRow]:
    """(label, value text, colour) for t, x, C, h, f, i, o, y at the shown step (the inspected one
    when time travelling: then t is in the banner's yellow)."""
    s = sim.shown
    inspecting = sim.inspected is not None
    rows = [("t", f"{sim.shown_t} / {sim.length}", theme.FOCUS if inspecting else theme.TEXT)]
    if sim.shown_pending:
        # TRANSLATORS: the stats while the shown step is computed again with new weights.
        return rows + [("", tr("recomputing…"), theme.TEXT_DIM)]
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
    if sim.session is not None:  # the training loss (mean squared error) of the last epoch; "MSE" as it is
        loss = sim.session.trainer.loss
        rows.append(("MSE", DASH if loss is None else f"{loss:.1e}", theme.TARGET))
    return rows


def shorter(rows: list[StatsRow]) -> list[list[StatsRow]]:
    """`rows`, then with the t row shortened for a narrow panel: "1234/100000", then "1234"."""
    variants = [rows]
    for shorten in (lambda v: v.replace(" / ", "/"), lambda v: v.split(" / ")[0]):
        variants.append([(label, shorten(shown) if label == "t" else shown, color) for label, shown, color in rows])
    return variants


@dataclass(frozen=True)
class StatsFit:
    """Where the rows go: their font size and spacing, and the columns they stand in."""

    rows: tuple[StatsRow, ...]
    variant: int  # which of `shorter(rows)`
    size: int
    step: int  # from one row's top to the next
    area: pygame.Rect
    columns: int
    per_column: int
    split: tuple[bool, ...] = ()  # one column only: the rows whose value goes under their label

    @property
    def column_width(self) -> int:
        gap = self.step  # between columns: about a row's height, so each stands apart
        return (self.area.width - gap * (self.columns - 1)) // self.columns

    def place(self, k: int) -> tuple[int, int, int]:
        """Row k's left x, right x (its value ends there) and top y."""
        column, row = divmod(k, self.per_column)
        row += sum(self.split[:k])  # the split rows above take a line more each
        left = self.area.x + column * (self.column_width + self.step)
        return left, left + self.column_width, self.area.y + row * self.step

    def value_y(self, k: int) -> int:
        """Where row k's value stands: beside its label, or (split) on the line under it."""
        y = self.place(k)[2]
        return y + self.step if self.split and self.split[k] else y


def row_width(text: Text, row: StatsRow, size: int) -> int:
    """A row's label, a space and its value, in monospace cells."""
    label, shown, _ = row
    advance = text.font(size, mono=True).size("0")[0]
    return advance * (len(label) + 1 + len(shown)) if label else advance * len(shown)


def split_fit(text: Text, rows: list[StatsRow], area: pygame.Rect, size: int, variant: int) -> StatsFit | None:
    """One column in which each row too wide for it puts its value on the line under its label."""
    advance = text.font(size, mono=True).size("0")[0]
    if any(advance * max(len(label), len(shown)) > area.width for label, shown, _ in rows):
        return None
    split = tuple(row_width(text, row, size) > area.width for row in rows)
    for step in (round(size * ROW_SPACING), text.font(size, mono=True).get_height()):
        if (len(rows) + sum(split)) * step <= area.height:
            return StatsFit(tuple(rows), variant, size, step, pygame.Rect(area), 1, len(rows), split)
    return None


def fit_at(
    text: Text, rows: list[StatsRow], area: pygame.Rect, size: int, variant: int = 0, split: bool = False
) -> StatsFit | None:
    """The rows at `size`: one column if they fit, else as many as the height needs, at the usual
    spacing, else at the font's own height; None when the width cannot hold those columns.
    `split`: one column, a row too wide for it on two lines (`split_fit`)."""
    if split:
        return split_fit(text, rows, area, size, variant)
    for step in (round(size * ROW_SPACING), text.font(size, mono=True).get_height()):
        per_column = area.height // step
        if per_column < 1:
            continue
        columns = math.ceil(len(rows) / per_column)
        fit = StatsFit(tuple(rows), variant, size, step, pygame.Rect(area), columns, math.ceil(len(rows) / columns))
        if fit.column_width > 0 and all(row_width(text, row, size) <= fit.column_width for row in rows):
            return fit
    return None


def fit_rows(text: Text, rows: list[StatsRow], areas: list[pygame.Rect], m: Metrics) -> StatsFit:
    """The first of: the rows as they are, then shortened (`shorter`), each in the first of
    `areas` where they fit at the largest size from body down to the floor; then the same with a
    row too wide on two lines. Where none does (no screen shape of the layout's), the floor size
    in the first area, clipped."""
    for split in (False, True):
        for k, variant in enumerate(shorter(rows)):
            for area in areas:
                for size in range(m.body, m.small - 1, -1):
                    fit = fit_at(text, variant, area, size, k, split)
                    if fit is not None:
                        return fit
    area = areas[0]
    step = text.font(m.small, mono=True).get_height()
    columns = max(1, math.ceil(len(rows) / max(1, area.height // step)))
    return StatsFit(tuple(rows), 0, m.small, step, pygame.Rect(area), columns, math.ceil(len(rows) / columns))


class StatsPanel(Placed):
    region = "stats"

    def __init__(self) -> None:
        super().__init__()
        self.frame = PanelFrame(N_("Stats"))
        self.redraw = Redraw()  # the rows the screen holds in the panel's place
        self.fit: StatsFit | None = None
        self._fit_key: tuple | None = None  # what the fit depends on: the rect and the rows' lengths
        self.drawn: list[tuple[pygame.Rect, pygame.Rect]] = []  # each row's label and value, as drawn

    def draw(self, surface: pygame.Surface, frame: Frame) -> None:
        """The rows; while they are the ones the screen shows, nothing."""
        with paint.clipped(surface, self.rect):
            self.render(surface, self.rect, frame.sim, frame.text, self.metrics, frame.clean)

    def areas(self, rect: pygame.Rect, text: Text, m: Metrics) -> list[pygame.Rect]:
        """Where the rows may go: under the title, or (a short, wide panel) beside it."""
        below = self.frame.content_rect(rect, m)
        left = rect.x + m.pad + text.size(tr(self.frame.title), m.heading, bold=True)[0] + 2 * m.pad
        beside = pygame.Rect(left, rect.y + m.pad, rect.right - m.pad - left, rect.height - 2 * m.pad)
        return [below, beside] if beside.width > 0 else [below]

    def render(
        self, surface: pygame.Surface, rect: pygame.Rect, sim: Simulation, text: Text, m: Metrics,
        on_screen: bool = False,
    ) -> None:
        rows = stats_rows(sim)
        if self.redraw.unchanged((tuple(rect), m.height, tuple(rows), language()), on_screen):
            return
        placed_before, shown_before, drawn_before = self._fit_key, self.fit.rows if self.fit else (), self.drawn
        fit = self.fit = self._fitted(rows, rect, text, m)
        # The rows stand where they stood (same lengths, same rect): only the changed ones are
        # drawn again, over their old text (a step changes a few of the numbers, not the frame).
        again = on_screen and self._fit_key == placed_before and len(drawn_before) == len(fit.rows)
        if not again:
            self.frame.draw(surface, rect, text, m)
        advance = text.font(fit.size, mono=True).size("0")[0]
        self.drawn = []
        with paint.clipped(surface, fit.area):
            for k, (label, shown, color) in enumerate(fit.rows):
                if again and shown_before[k] == fit.rows[k]:
                    self.drawn.append(drawn_before[k])
                    continue
                if again:
                    for old in drawn_before[k]:
                        paint.fill(surface, theme.PANEL, old)
                left, right, y = fit.place(k)
                label_w = text.draw_mono(surface, label, fit.size, color, (left, y), bold=True)
                x, value_y = right - advance * len(shown), fit.value_y(k)
                value_w = text.draw_mono(surface, shown, fit.size, theme.TEXT, (x, value_y))
                self.drawn.append(
                    (pygame.Rect(left, y, label_w, fit.step), pygame.Rect(x, value_y, value_w, fit.step))
                )

    def _fitted(self, rows: list[StatsRow], rect: pygame.Rect, text: Text, m: Metrics) -> StatsFit:
        """`fit_rows`, again only when the rows' lengths or the rect changed (not every step)."""
        # The language: the title's width decides the room beside it.
        key = (tuple(rect), m.height, tuple((len(label), len(shown)) for label, shown, _ in rows), language())
        if key != self._fit_key or self.fit is None:
            self._fit_key = key
            return fit_rows(text, rows, self.areas(rect, text, m), m)
        return replace(self.fit, rows=tuple(shorter(rows)[self.fit.variant]))
