"""The unrolled chain: one cell per time step, C carried along the blue highway, h along brown.

Each cell shows C(k) and h(k), tinted by their size so a remembered pulse glows along the chain;
the input neuron x(k) (green) sits below, the output neuron y(k) (orange) above. Steps not taken
yet are drawn as ghosts with their known input. Only the cells in view are drawn, and the chain
scrolls to keep the shown step in view; for long sequences a thin overview bar in the title row
shows where the window sits. A click on a taken cell asks to inspect that step.
"""

from __future__ import annotations

import math
from collections import OrderedDict

import pygame

from ...sim import Simulation
from .. import theme
from ..text import Text
from ..theme import Metrics
from ..widgets import Intent
from .formatting import signed, value
from .graph_motion import Slide
from .panel import PanelFrame

CELL_BG: theme.Color = (6, 7, 12)
GHOST: theme.Color = (40, 45, 62)


def blend(a: theme.Color, b: theme.Color, amount: float) -> theme.Color:
    amount = min(1.0, max(0.0, amount))
    return tuple(round(x + (y - x) * amount) for x, y in zip(a, b))  # type: ignore[return-value]


def chain_start(shown: float, length: int, slots: int, start: float, live: bool) -> float:
    """The step at the chain's left edge (1-based, may be fractional while scrolling).

    Live, the newest step sits second from the right (one future ghost shows what comes next);
    inspecting, the window stays put unless the inspected step left it, then centres on it.
    """
    last_start = max(1.0, length - slots + 1.0)
    if length <= slots:
        return 1.0
    if live:
        wanted = shown - slots + 2.0
    elif start <= shown <= start + slots - 1:
        wanted = start
    else:
        wanted = shown - slots / 2.0
    return min(max(1.0, wanted), last_start)


class ChainView:
    """The unrolled-chain panel; `draw` reads the simulation, `handle` returns intents."""

    region = "chain"

    def __init__(self) -> None:
        self.frame = PanelFrame("Unrolled chain")
        self.rect = pygame.Rect(0, 0, 0, 0)
        self.area = pygame.Rect(0, 0, 0, 0)
        self.start = 1.0
        self.slide = Slide()
        self.cells: list[tuple[int, pygame.Rect]] = []  # (step, box) drawn last frame, for clicks
        self.overview: pygame.Rect | None = None
        self._m: Metrics | None = None
        self._t = 0
        self._geometry: tuple | None = None
        # Rendered step columns, reused while they scroll by; least recently used first.
        self._tiles: OrderedDict[tuple, pygame.Surface] = OrderedDict()

    def place(self, rect: pygame.Rect, m: Metrics) -> None:
        self.rect, self._m = pygame.Rect(rect), m
        self.area = self.frame.content_rect(self.rect, m)

    # --- events ----------------------------------------------------------------------------
    def handle(self, event: pygame.event.Event, now: float) -> tuple[bool, list[Intent]]:
        if (
            event.type != pygame.MOUSEBUTTONDOWN
            or event.button != 1
            or not self.area.collidepoint(event.pos)
        ):
            return False, []
        for k, box in self.cells:
            hit = box.inflate(self._m.gap * 2, 0) if self._m else box
            hit.y, hit.height = self.area.y, self.area.height  # the whole column: neurons too
            if hit.collidepoint(event.pos) and k <= self._t:
                return True, [Intent("inspect", "chain", k)]
        return True, []

    # --- drawing ---------------------------------------------------------------------------
    def geometry(self, text: Text, m: Metrics, length: int) -> tuple[int, int, int]:
        """(box width, link length, pitch) for labels as wide as this sequence's indices.

        The links stretch so a whole number of cells fills the panel (no cell cut at the right
        edge when the chain is still), and a short sequence spreads out, up to three times the
        shortest link.
        """
        digits = "0" * len(str(max(1, length)))
        box_w = text.size(f"C({digits}) \u22120.000", m.small, mono=True)[0] + 2 * m.gap
        shortest = m.px(34)
        slots = max(1, min(self.area.width // (box_w + shortest), max(1, length)))
        link = min(3 * shortest, self.area.width // slots - box_w)
        return box_w, link, box_w + link

    def draw(
        self,
        surface: pygame.Surface,
        sim: Simulation,
        text: Text,
        m: Metrics,
        now: float,
        reduce_motion: bool = False,
    ) -> None:
        self.frame.draw(surface, self.rect, text, m)
        area, length = self.area, sim.length
        self._t = sim.t
        self.cells = []
        self.overview = None
        if length == 0:
            hint = text.render(
                "Type an input sequence: one cell per time step appears here",
                m.small,
                theme.TEXT_FAINT,
            )
            surface.blit(hint, hint.get_rect(center=area.center))
            return
        box_w, link, pitch = self.geometry(text, m, length)
        slots = max(1, area.width // pitch)
        position = sim.play_position(now) if sim.playing else None
        head = self.slide.update(sim.t, now, position, reduce_motion)
        live = sim.inspected is None
        self.start = chain_start(head if live else sim.shown_t, length, slots, self.start, live)
        geometry = (box_w, link, area.height, m.height)
        if geometry != self._geometry:
            self._geometry = geometry
            self._tiles.clear()

        first = max(1, math.floor(self.start))
        last = min(length, math.ceil(self.start + area.width / pitch))
        flowed = min(sim.t, sim.computed)  # steps whose C and h exist
        columns = {name: sim.column(name) for name in ("c", "h", "y")}
        clip = surface.get_clip()
        surface.set_clip(area)
        left = area.x + link // 2
        for k in range(first, last + 1):
            x = round(left + (k - self.start) * pitch)
            if k == 1 and x - link // 2 > area.x:  # h(0) = C(0) = 0 enter from the left edge
                self._links(surface, area.x, x - link // 2, m)
            taken = k <= flowed
            values = (
                (columns["c"][k - 1], columns["h"][k - 1], columns["y"][k - 1]) if taken else None
            )
            key = (k, sim.sequence[k - 1], values)
            tile = self._tiles.get(key)
            if tile is None:
                # Memory stays flat: past a few screens' worth, the oldest tile's surface is reused
                # (allocating a fresh surface costs more than drawing the tile).
                spare = self._tiles.popitem(last=False)[1] if len(self._tiles) > slots + 6 else None
                tile = self._tiles[key] = self._render_tile(key, box_w, link, text, m, spare)
            else:
                self._tiles.move_to_end(key)
            surface.blit(tile, (x - link // 2, area.y))
            if k == flowed + 1:  # the first ghost: the memory already flows into it
                self._links(surface, x - link // 2, x, m)
            box = self._box(box_w, m).move(x, area.y)
            self.cells.append((k, box))
            # The highlight is drawn over the tile, so moving it re-renders nothing.
            if taken and k in (sim.shown_t, sim.t):
                shown = k == sim.shown_t
                edge, width = (theme.FOCUS, m.px(4)) if shown else (theme.ACCENT, m.px(2))
                pygame.draw.rect(surface, edge, box, width, border_radius=m.radius)
        surface.set_clip(clip)
        self._draw_overview(surface, sim, slots, text, m)

    def _box(self, box_w: int, m: Metrics) -> pygame.Rect:
        """The cell's rectangle relative to its column's top left (x from the cell's edge)."""
        r = m.px(11)
        return pygame.Rect(0, 2 * r + m.gap, box_w, self.area.height - 4 * r - 2 * m.gap)

    def _rows(self, box_h: int, m: Metrics) -> tuple[int, int]:
        return box_h // 4 + m.px(2), box_h * 3 // 4 - m.px(2)

    def _links(self, surface: pygame.Surface, x0: int, x1: int, m: Metrics) -> None:
        """The C and h links from x0 to x1 in colour (the initial state's, or into the next step)."""
        r = m.px(11)
        box_y = self.area.y + 2 * r + m.gap
        c_row, h_row = self._rows(self.area.height - 4 * r - 2 * m.gap, m)
        pygame.draw.line(surface, theme.CELL_C, (x0, box_y + c_row), (x1, box_y + c_row), m.px(5))
        pygame.draw.line(surface, theme.H_CHAIN, (x0, box_y + h_row), (x1, box_y + h_row), m.px(3))

    def _render_tile(
        self,
        key: tuple,
        box_w: int,
        link: int,
        text: Text,
        m: Metrics,
        spare: pygame.Surface | None = None,
    ) -> pygame.Surface:
        """One step's column: the links in and out, the cell, its input and output neurons.

        Rendered once per (step, values, highlight) and reused while it scrolls by.
        """
        k, x_value, values = key
        flow_in = values is not None  # a ghost gets its coloured link drawn over it, per frame
        size = (box_w + link, self.area.height)
        tile = spare if spare is not None and spare.get_size() == size else pygame.Surface(size)
        tile.fill(theme.PANEL)
        r = m.px(11)
        box = self._box(box_w, m).move(link // 2, 0)
        c_row, h_row = self._rows(box.height, m)
        taken = values is not None
        for y, color, width in (
            (box.y + c_row, theme.CELL_C, m.px(5)),
            (box.y + h_row, theme.H_CHAIN, m.px(3)),
        ):
            pygame.draw.line(tile, color if flow_in else GHOST, (0, y), (box.x, y), width)
            pygame.draw.line(
                tile, color if taken else GHOST, (box.right, y), (tile.get_width(), y), width
            )
        cx = box.x + r + m.px(6)
        # Labels are drawn straight into the tile, not through the shared text cache: the tile is
        # their cache, and every step's new numbers would only crowd out reusable text.
        font = text.font(m.small, mono=True)
        # Input neuron below: its value is known before the step is taken.
        x_c = (cx, box.bottom + m.gap + r)
        pygame.draw.line(
            tile, theme.INPUT_X if taken else GHOST, (cx, x_c[1] - r), (cx, box.bottom), m.px(2)
        )
        pygame.draw.circle(tile, theme.INPUT_X, x_c, r, 0 if taken else m.px(2))
        x_text = font.render(
            f"x({k}) {value(x_value)}", True, theme.INPUT_X if taken else theme.TEXT_FAINT
        )
        tile.blit(x_text, (cx + r + m.gap // 2, x_c[1] - x_text.get_height() // 2))
        pygame.draw.rect(tile, CELL_BG, box, border_radius=m.radius)
        if not taken:
            pygame.draw.rect(tile, GHOST, box, m.px(2), border_radius=m.radius)
            return tile
        c, h, y = values
        # Output neuron above, filled as brightly as |y| is large.
        y_c = (cx, box.y - m.gap - r)
        pygame.draw.line(tile, theme.OUTPUT_Y, (cx, box.y), (cx, y_c[1] + r), m.px(2))
        pygame.draw.circle(
            tile, blend(CELL_BG, theme.OUTPUT_Y, 0.25 + 0.75 * math.tanh(abs(y))), y_c, r
        )
        pygame.draw.circle(tile, theme.OUTPUT_Y, y_c, r, m.px(2))
        y_text = font.render(f"y({k}) {signed(y)}", True, theme.OUTPUT_Y)
        tile.blit(y_text, (cx + r + m.gap // 2, y_c[1] - y_text.get_height() // 2))
        # The cell: C and h rows tinted by their magnitude, so a remembered value glows.
        inner = box.inflate(-2 * m.px(3), -2 * m.px(3))
        half = inner.height // 2
        rows = (
            (
                pygame.Rect(inner.x, inner.y, inner.width, half),
                theme.CELL_C,
                f"C({k}) {signed(c)}",
                c,
            ),
            (
                pygame.Rect(inner.x, inner.y + half, inner.width, inner.height - half),
                theme.HIDDEN_H,
                f"h({k}) {signed(h)}",
                h,
            ),
        )
        for row, color, label, v in rows:
            tile.fill(blend(CELL_BG, color, 0.7 * math.tanh(abs(v))), row)
            shown = font.render(label, True, theme.TEXT)
            tile.blit(shown, (row.x + m.gap - m.px(3), row.centery - shown.get_height() // 2))
        pygame.draw.rect(tile, theme.PANEL_EDGE, box, m.px(2), border_radius=m.radius)
        return tile

    def _draw_overview(
        self, surface: pygame.Surface, sim: Simulation, slots: int, text: Text, m: Metrics
    ) -> None:
        """A thin bar in the title row: the whole sequence, the part taken, the window, the step."""
        length = sim.length
        if length <= slots:
            return
        title_w = text.size(self.frame.title, m.heading, bold=True)[0]
        x0 = self.rect.x + 3 * m.pad + title_w
        bar = pygame.Rect(x0, 0, self.rect.right - m.pad - x0, m.px(8))
        bar.centery = self.rect.y + m.pad + m.heading // 2 + m.px(2)
        if bar.width < m.px(40):
            return
        self.overview = bar

        def x_of(step: float) -> int:
            return bar.x + round((step - 1) / max(1, length - 1) * (bar.width - 1))

        pygame.draw.rect(surface, theme.TRACK, bar, border_radius=bar.height // 2)
        taken = pygame.Rect(bar.x, bar.y, max(0, x_of(sim.t) - bar.x), bar.height)
        pygame.draw.rect(
            surface, blend(theme.TRACK, theme.CELL_C, 0.6), taken, border_radius=bar.height // 2
        )
        window = pygame.Rect(x_of(self.start), bar.y - m.px(3), 0, bar.height + 2 * m.px(3))
        window.width = max(m.px(6), x_of(self.start + slots - 1) - window.x)
        pygame.draw.rect(surface, theme.TEXT_DIM, window, m.px(2), border_radius=m.px(3))
        marker = pygame.Rect(0, bar.y - m.px(4), m.px(4), bar.height + 2 * m.px(4))
        marker.centerx = x_of(sim.shown_t)
        pygame.draw.rect(surface, theme.FOCUS, marker)
