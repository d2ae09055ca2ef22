"""The unrolled chain: one cell per time step, C carried along the blue highway, h along brown.

Each cell shows C(k) and h(k), tinted by their size so a remembered pulse glows along the chain;
the input neuron x(k) (green) sits below, the output neuron y(k) (orange) above. Steps not taken
yet are drawn as ghosts with their known input. Only the cells in view are drawn, and the chain
scrolls to keep the shown step in view; for long sequences a thin overview bar in the title row
shows where the window sits. A click on a taken cell, or on its strip cell, asks to inspect that step.

While comparing, a row of basic-RNN cells (h per step, salmon) runs under the input neurons, fed
by the same x. At the bottom, the gradient strip across the panel's whole width: one cell per step
of the whole sequence (up to STRIP_STEPS of them), as bright as |∂y(T)/∂C(t)| (LSTM) and, comparing,
|∂y(T)/∂h(t)| (RNN) on a log scale, T the shown step; so the fade back in time shows however far the
chain has scrolled. Hovering a strip cell shows the numbers.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Hashable, Sequence

import numpy as np
import pygame

from ... import actions as act
from ...actions import TAKEN, Action
from ...i18n import N_, language, tr
from ...sim import Simulation
from ...sim.simulation import GradientFlow
from .. import paint, theme
from ..frame import Frame
from ..redraw import Parts, Redraw
from ..text import Text
from ..theme import Metrics
from . import chain_strip
from .formatting import signed, value
from .graph_motion import Slide
from .panel import PanelFrame

CELL_BG: theme.Color = (6, 7, 12)
GHOST: theme.Color = (40, 45, 62)
STRIP_BG: theme.Color = (20, 22, 30)  # a strip cell with no gradient: a step after T, or not taken
# The strip shows the whole sequence up to this many steps (one backward pass from T to step 1,
# ~1 ms, cached); a longer sequence shows the STRIP_STEPS steps that end at T.
STRIP_STEPS = 400
STRIP_ROWS = (("LSTM", "CELL_C"), ("RNN", "RNN_H"))  # row label (acronyms: never translated) and its theme colour


def strip_range(length: int, T: int) -> tuple[int, int]:
    """The first and last step the gradient strip shows (1-based, inclusive)."""
    if length <= STRIP_STEPS:
        return 1, length
    first = max(1, min(T, length) - STRIP_STEPS + 1)
    return first, min(length, first + STRIP_STEPS - 1)


Tile = tuple[int, float, tuple[float, ...] | None]  # a step, its input and its numbers (None: a ghost)


class Rows:
    """Vertical positions inside a chain column (relative to the panel's content top)."""

    def __init__(self, height: int, m: Metrics, line_h: int, compare: bool) -> None:
        self.r = r = m.px(11)
        # A neuron's row is as tall as its label beside it, so a y(k) or x(k) label never reaches
        # the box, the strip or the next row at any font size.
        half = max(r, (line_h + 1) // 2)
        self.y_c = half  # the output neuron's centre
        self.strip_h = m.px(15)
        count = 2 if compare else 1
        block = count * self.strip_h + (count - 1) * m.px(5)
        strip_top = height - block
        self.strips = [strip_top + k * (self.strip_h + m.px(5)) for k in range(count)]
        # A step's column ends above the strip and its marks, so drawing one leaves the strip be.
        self.tile_h = max(1, strip_top - m.px(3))
        if compare:
            rnn_bottom = strip_top - m.px(6)
            self.rnn: tuple[int, int] | None = (rnn_bottom - line_h - 2 * m.px(3), line_h + 2 * m.px(3))  # top, height
            self.x_c = self.rnn[0] - m.px(3) - half
        else:
            self.rnn = None
            self.x_c = strip_top - m.px(3) - half
        self.box_top = 2 * half + m.px(2)
        self.box_h = max(m.px(20), self.x_c - half - m.px(2) - self.box_top)
        # A panel too short for one line in the box gives up the y(k) row (the graph plots y).
        self.show_y = self.box_h >= line_h + 2 * m.px(3)
        if not self.show_y:
            self.box_top = m.px(2)
            self.box_h = max(m.px(20), self.x_c - half - m.px(2) - self.box_top)
        # Both C(k) and h(k) only where two lines fit the box; else C(k) alone, never text over text.
        self.two_rows = self.box_h >= 2 * line_h + 2 * m.px(3)
        # Not even one line (9:16 comparing): the box shows its values by colour alone.
        self.box_text = self.box_h >= line_h + 2 * m.px(3)

    def c_h_rows(self, m: Metrics) -> tuple[int, int]:
        """The C and h links' y inside the box."""
        return self.box_h // 4 + m.px(2), self.box_h * 3 // 4 - m.px(2)


def blend(a: theme.Color, b: theme.Color, amount: float) -> theme.Color:
    amount = min(1.0, max(0.0, amount))
    red, green, blue = (round(x + (y - x) * amount) for x, y in zip(a, b, strict=True))
    return red, green, blue


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
        self.frame = PanelFrame(N_("Unrolled chain"))
        self.rect = pygame.Rect(0, 0, 0, 0)
        self.area = pygame.Rect(0, 0, 0, 0)
        self.start = 1.0
        self.slide = Slide()
        self.cells: list[tuple[int, pygame.Rect]] = []  # (step, box) drawn last frame, for clicks
        self.overview: pygame.Rect | None = None
        self._m: Metrics | None = None
        self._t = 0
        self._geometry: tuple | None = None
        self.rows = Rows(1, Metrics(1080), 1, False)  # laid out anew for each geometry
        self.compare = False
        # The strip as drawn last frame: first and last step, left edge, width, rows' tops.
        self._strip_geometry: tuple[int, int, int, int, list[int]] | None = None
        self._strip_cache: tuple[tuple, pygame.Surface] | None = None
        self.hover: tuple[int, tuple[float, float, float | None], int] | None = None  # step, values, T
        self.legend_rect: pygame.Rect | None = None
        self.flow: GradientFlow | None = None  # the gradients drawn last frame
        self._mouse: tuple[int, int] | None = None
        # Rendered step columns, reused while they scroll by; least recently used first.
        self._tiles: OrderedDict[tuple, pygame.Surface] = OrderedDict()
        self._churning: set[int] = set()  # steps whose tile was not in the cache last frame either
        self._skeletons: OrderedDict[tuple, pygame.Surface] = OrderedDict()  # per step, see _skeleton
        self._slots = 1
        self.redraw = Redraw()  # what placed last frame's cells (see render)
        self._placed: tuple | None = None  # the frame, legend and strip labels last drawn: their places
        self._legend_left = 0
        self.steps = Parts()  # step → the tile key drawn for it last frame

    def layout(self, rect: pygame.Rect, m: Metrics) -> None:
        self.rect, self._m = pygame.Rect(rect), m
        self.area = self.frame.content_rect(self.rect, m)

    # --- events ----------------------------------------------------------------------------
    def handle(self, event: pygame.event.Event, now: float) -> Action | None:
        if event.type == pygame.MOUSEMOTION:
            self._mouse = event.pos if self.area.collidepoint(event.pos) else None
            return None
        if (
            event.type != pygame.MOUSEBUTTONDOWN
            or event.button != 1
            or not self.area.collidepoint(event.pos)
        ):
            return None
        step = self.strip_step_at(event.pos)  # the strip: any step of the sequence
        if step is not None:
            return Action(act.INSPECT, step) if step <= self._t else TAKEN
        for k, box in self.cells:
            hit = box.inflate(self._m.gap * 2, 0) if self._m else box
            hit.y, hit.height = self.area.y, self.area.height  # the whole column: neurons too
            if hit.collidepoint(event.pos) and k <= self._t:
                return Action(act.INSPECT, k)
        return TAKEN

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

    def draw(self, surface: pygame.Surface, frame: Frame) -> None:
        """The cells in view, the gradient strip and the overview."""
        with paint.clipped(surface, self.rect):
            self.render(surface, frame.sim, frame.text, self._m or frame.metrics, frame.now, frame.still, frame.clean)

    def render(
        self,
        surface: pygame.Surface,
        sim: Simulation,
        text: Text,
        m: Metrics,
        now: float,
        reduce_motion: bool = False,
        on_screen: bool = False,
    ) -> None:
        """Draw the panel; `on_screen` (the screen holds last frame's picture of it) and nothing
        moved: only the steps whose numbers changed are drawn again, and of them only the numbers."""
        length = sim.length
        self._t = sim.t
        self.cells = []
        hovered, self.hover = self.hover, None
        if length == 0:
            self._draw_empty(surface, text, m)
            return
        box_w, link, pitch = self.geometry(text, m, length)
        self._slots = slots = max(1, self.area.width // pitch)
        position = sim.play_position(now) if sim.playing else None
        head = self.slide.update(sim.t, now, position, reduce_motion)
        live = sim.inspected is None
        self.start = chain_start(head if live else sim.shown_t, length, slots, self.start, live)
        self._lay_rows(box_w, link, text, m, sim.compare)
        first = max(1, math.floor(self.start))
        last = min(length, math.ceil(self.start + self.area.width / pitch))
        flowed = min(sim.t, sim.computed)  # steps whose C and h exist
        strip = strip_range(length, sim.shown_t)
        signature = (
            tuple(self.rect), self._geometry, self.start, first, last, flowed, sim.t, sim.shown_t, length, strip,
            language(),  # the title and the legend are words
        )
        pointing = self._mouse is not None and self.strip_step_at(self._mouse) is not None
        # Everything but the cells' numbers and the strip's shades stands where last frame drew it.
        steady = on_screen and hovered is None and not pointing
        again = self.redraw.unchanged(signature, steady)
        # Or only the steps moved (Play slides them along): the frame, title, legend and the
        # strip's labels stand, and the cells, the strip's marks and the overview are drawn anew.
        placed = (tuple(self.rect), self._geometry, length, slots, language())
        slid = not again and steady and placed == self._placed
        if not again:
            self._strip_geometry = None
            self.overview = None
            self.steps.forget()
        if not again and not slid:
            self.frame.draw(surface, self.rect, text, m)
            self.legend_rect = None
            self._placed = placed
        flow = sim.gradient_flow(strip[0]) if flowed else None
        self.flow = flow
        with paint.clipped(surface, self.area):
            self._draw_cells(surface, sim, (first, last), flowed, (box_w, link, pitch), text, m, again, slid)
        self._draw_strip(surface, sim, strip, flow, (first, last), text, m, again, slid)
        if slid:
            self._draw_overview(surface, sim, slots, text, m, self._legend_left, clear=True)
        elif not again:
            self._legend_left = self._draw_legend(surface, text, m)
            self._draw_overview(surface, sim, slots, text, m, self._legend_left)
        if flow is not None:
            self._draw_hover(surface, flow, text, m)

    def _draw_empty(self, surface: pygame.Surface, text: Text, m: Metrics) -> None:
        """No sequence yet: the frame and a hint."""
        self.redraw.forget()
        self._placed = None  # the hint, not the steps' frame, stands here now
        self._strip_geometry = None
        self.overview = self.legend_rect = None
        self.frame.draw(surface, self.rect, text, m)
        hint = text.render(tr("Type an input sequence: one cell per time step appears here"), m.small, theme.TEXT_FAINT)
        surface.blit(hint, hint.get_rect(center=self.area.center))

    def _lay_rows(self, box_w: int, link: int, text: Text, m: Metrics, compare: bool) -> None:
        """The rows inside a column for this geometry; a new geometry renders every tile anew."""
        self.compare = compare
        geometry = (box_w, link, self.area.height, m.height, compare)
        if geometry != self._geometry:
            self._geometry = geometry
            self._tiles.clear()
            self._skeletons.clear()
            line_h = text.font(m.small, mono=True).get_linesize()
            self.rows = Rows(self.area.height, m, line_h, compare)

    @staticmethod
    def _columns(sim: Simulation) -> list[Sequence[float]]:
        """The numbers a tile shows, per step: C, h, y (and the RNN's h while comparing)."""
        columns: list[Sequence[float]] = [sim.column(name) for name in ("c", "h", "y")]
        return [*columns, sim.rnn_column("h")] if sim.compare else columns

    def _draw_cells(
        self, surface: pygame.Surface, sim: Simulation, span: tuple[int, int], flowed: int,
        geometry: tuple[int, int, int], text: Text, m: Metrics, again: bool, slid: bool = False,
    ) -> None:
        """The step columns first … last; `again`: only the steps whose numbers changed; `slid`:
        every column anew over last frame's, and the band's pixels that no column covers cleared."""
        area, (box_w, link, pitch) = self.area, geometry
        left = area.x + link // 2
        missed: set[int] = set()
        columns = self._columns(sim)
        cleared = area.x  # the band is clear (or covered by a column) left of this
        for k in range(span[0], span[1] + 1):
            x = round(left + (k - self.start) * pitch)
            if slid and x - link // 2 > cleared:
                paint.fill(surface, theme.PANEL, (cleared, area.y, x - link // 2 - cleared, self.rows.tile_h))
            cleared = max(cleared, x - link // 2 + box_w + link)
            if k == 1 and x - link // 2 > area.x and not again:  # h(0) = C(0) = 0 enter from the left
                self._links(surface, area.x, x - link // 2, m)
            # As shown (3 decimals): training's tiny steps reuse the tile; None: a ghost.
            values = tuple(round(column[k - 1], 3) for column in columns) if k <= flowed else None
            key: Tile = (k, sim.sequence[k - 1], values)
            box = self._box(box_w, m).move(x, area.y)
            self.cells.append((k, box))
            before = self.steps.before(k)
            if self.steps.unchanged(k, key, again):
                continue  # on screen as it is
            spot = pygame.Rect(x - link // 2, area.y, box_w + link, self.rows.tile_h)
            if not self._put_tile(surface, key, before, spot, geometry, text, m, again):
                missed.add(k)
            if k == flowed + 1:  # the first ghost: the memory already flows into it
                self._links(surface, x - link // 2, x, m)
            # The highlight is drawn over the tile, so moving it re-renders nothing.
            if k <= flowed and k in (sim.shown_t, sim.t):
                edge, width = (theme.FOCUS, m.px(4)) if k == sim.shown_t else (theme.ACCENT, m.px(2))
                pygame.draw.rect(surface, edge, box, width, border_radius=m.radius)
        if slid and cleared < area.right:
            paint.fill(surface, theme.PANEL, (cleared, area.y, area.right - cleared, self.rows.tile_h))
        self.steps.commit()
        self._churning = missed

    def _put_tile(
        self, surface: pygame.Surface, key: Tile, before: Hashable | None, spot: pygame.Rect,
        geometry: tuple[int, int, int], text: Text, m: Metrics, again: bool,
    ) -> bool:
        """Step `key[0]`'s tile at `spot`, from the cache or drawn; whether it was in the cache."""
        box_w, link, _ = geometry
        tile = self._tiles.get(key)
        if tile is None and key[0] in self._churning and self.area.contains(spot):
            # Its values change every frame (training, a drag): drawn in place, not cached,
            # which saves copying it twice; on the same skeleton, only the numbers.
            same_skeleton = (
                again and isinstance(before, tuple) and before[:2] == key[:2]
                and None not in (before[2], key[2])
            )
            self._render_tile(key, box_w, link, text, m, target=surface.subsurface(spot), values_only=same_skeleton)
            return False
        found = tile is not None
        if tile is None:
            # Memory stays flat: past a few screens' worth, the oldest tile's surface is
            # reused (allocating a fresh surface costs more than drawing the tile).
            spare = self._tiles.popitem(last=False)[1] if len(self._tiles) > self._slots + 6 else None
            tile = self._tiles[key] = self._render_tile(key, box_w, link, text, m, spare)
        else:
            self._tiles.move_to_end(key)
        surface.blit(tile, spot.topleft)
        return found

    # --- the gradient strip ------------------------------------------------------------------------
    def _draw_strip(
        self, surface: pygame.Surface, sim: Simulation, steps: tuple[int, int], flow,
        window: tuple[int, int], text: Text, m: Metrics, again: bool = False, slid: bool = False,
    ) -> None:
        """The strip of steps first … last across the panel, a labelled row per network; the
        chain's window outlined on it and the shown step T marked in yellow. `again`: the same
        strip is on screen, so only new shades are drawn; `slid`: its labels are, the marks not."""
        rows, (lo, hi) = self.rows, steps
        label_w = text.size("LSTM", m.small, bold=True)[0] + m.gap
        x0 = self.area.x + label_w
        width = self.area.right - x0
        tops = [self.area.y + top for top in rows.strips]
        self._strip_geometry = (lo, hi, x0, width, tops)
        if not again and not slid:
            for (name, colour), top in zip(STRIP_ROWS, tops, strict=False):  # the RNN's row when comparing
                glyph = text.render(name, m.small, getattr(theme, colour), bold=True)
                surface.blit(glyph, glyph.get_rect(midleft=(self.area.x, top + rows.strip_h // 2)))
        drawn = self._strip_cache[0] if self._strip_cache is not None else None
        layer = self._strip_layer(flow, lo, hi, width, len(tops))
        assert self._strip_cache is not None, "the strip's layer keeps its key"
        if again and drawn == self._strip_cache[0]:
            return  # the same shades, the same marks: on screen as they are
        band = pygame.Rect(x0, tops[0], width, tops[-1] + rows.strip_h - tops[0])
        if slid:  # last frame's marks reach past the strip's band, above and below it
            paint.fill(surface, theme.PANEL, band.inflate(0, 2 * m.px(3)).clip(self.area))
        surface.blit(layer, (x0, tops[0]))
        first, last = max(window[0], lo), min(window[1], hi)
        if first <= last:  # the steps the chain shows above
            x_a, x_b = self._strip_x(first), self._strip_x(last + 1)
            view = pygame.Rect(x_a, band.y - m.px(3), max(m.px(4), x_b - x_a), band.height + 2 * m.px(3))
            pygame.draw.rect(surface, theme.TEXT_DIM, view.clip(self.area), m.px(2))
        T = sim.shown_t
        if lo <= T <= hi:
            x_a, x_b = self._strip_x(T), self._strip_x(T + 1)
            marker = pygame.Rect(x_a, band.y - m.px(3), max(m.px(4), x_b - x_a), band.height + 2 * m.px(3))
            pygame.draw.rect(surface, theme.FOCUS, marker.clip(self.area), m.px(3))

    def _strip_x(self, step: int) -> int:
        """The left edge of a step's strip cell (step last + 1: the strip's right edge)."""
        assert self._strip_geometry is not None, "the strip is drawn before its steps are placed"
        lo, hi, x0, width, _ = self._strip_geometry
        return x0 + round((step - lo) * width / (hi - lo + 1))

    def _strip_layer(self, flow, lo: int, hi: int, width: int, count: int) -> pygame.Surface:
        """The strip's cells, drawn once per backward pass (a new T or new weights) and size."""
        rows = self.rows
        key = (None if flow is None else (flow.key, flow.first), lo, hi, width, count, rows.strip_h)
        if self._strip_cache is not None and self._strip_cache[0] == key:
            return self._strip_cache[1]
        pitch = rows.strip_h + (rows.strips[1] - rows.strips[0] - rows.strip_h if count > 1 else 0)
        size = (width, rows.strips[-1] - rows.strips[0] + rows.strip_h)
        # One surface per size, drawn over in place: a drag brings a new backward pass every frame,
        # and allocating the strip anew (and its stretched rows) cost 0.5 ms at 4K.
        layer = self._strip_cache[1] if self._strip_cache is not None else None
        if layer is None or layer.get_size() != size:
            layer = pygame.Surface(size)
        paint.fill(layer, theme.PANEL)
        # A pixel row per network, coloured column by column with numpy (400 steps are 400 cells:
        # one array operation instead of 400 fills), then stretched to the strip's height.
        steps = hi - lo + 1
        edges = np.round(np.arange(steps + 1) * width / steps).astype(np.intp)
        owner = np.searchsorted(edges, np.arange(width), side="right") - 1  # step index per column
        gap = width / steps >= 5  # separate cells while they are wide enough to see
        for row in range(count):
            shades = np.empty((steps, 3), dtype=np.uint8)
            shades[:] = STRIP_BG
            values = None if flow is None else (flow.lstm_dc if row == 0 else flow.rnn_dh)
            if values is not None:  # steps flow.first … T, of which lo … hi are shown
                a, b = max(lo, flow.first), min(hi, flow.first + len(values) - 1)
                if a <= b:
                    shades[a - lo : b - lo + 1] = chain_strip.colors(values[a - flow.first : b - flow.first + 1])
            pixels = shades[owner]
            if gap:
                pixels[edges[1:] - 1] = theme.PANEL
            line = pygame.surfarray.make_surface(pixels.reshape(width, 1, 3))
            pygame.transform.scale(line, (width, rows.strip_h), layer.subsurface((0, row * pitch, width, rows.strip_h)))
        self._strip_cache = (key, layer)
        return layer

    @property
    def strip_cells(self) -> list[tuple[int, pygame.Rect, int]]:
        """(step, rect, row 0 LSTM / 1 RNN) of every strip cell drawn last frame."""
        if self._strip_geometry is None:
            return []
        lo, hi, _, _, tops = self._strip_geometry
        cells = []
        for row, top in enumerate(tops):
            for k in range(lo, hi + 1):
                x_a = self._strip_x(k)
                cells.append((k, pygame.Rect(x_a, top, max(1, self._strip_x(k + 1) - x_a), self.rows.strip_h), row))
        return cells

    def strip_step_at(self, pos: tuple[int, int]) -> int | None:
        """The step whose strip cell is under `pos` (either row), or None."""
        if self._strip_geometry is None:
            return None
        lo, hi, x0, width, tops = self._strip_geometry
        pad = self._m.px(3) if self._m else 0
        if not (x0 <= pos[0] < x0 + width and tops[0] - pad <= pos[1] < tops[-1] + self.rows.strip_h + pad):
            return None
        return min(hi, lo + (pos[0] - x0) * (hi - lo + 1) // width)

    def strip_color(self, k: int, row: int = 0) -> theme.Color | None:
        """The colour drawn last frame for step k's strip cell (row 0 LSTM, 1 RNN), for tests."""
        for step, cell, r in self.strip_cells:
            if step == k and r == row:
                screen = pygame.display.get_surface()
                if screen is None:
                    return None
                red, green, blue, _ = screen.get_at(cell.center)
                return red, green, blue
        return None

    def _draw_legend(self, surface: pygame.Surface, text: Text, m: Metrics) -> int:
        """The strip's colour scale in the title row, right-aligned; returns its left edge."""
        right = self.rect.right - m.pad
        centery = self.rect.y + m.pad + m.heading // 2 + m.px(2)
        title_w = text.size(tr(self.frame.title), m.heading, bold=True)[0]
        if right - chain_strip.legend_width(text, m) < self.rect.x + 2 * m.pad + title_w:
            return right  # too narrow a window: the help and the hover explain the strip
        self.legend_rect = chain_strip.draw_legend(surface, right, centery, text, m)
        return self.legend_rect.x

    def _draw_hover(self, surface: pygame.Surface, flow, text: Text, m: Metrics) -> None:
        """Over a strip cell: the gradients of that step, with the model's own numbers."""
        pos = self._mouse
        if pos is None:
            return
        k = self.strip_step_at(pos)
        if k is not None:
            grads = flow.at(k)
            if grads is None:
                return
            self.hover = (k, grads, flow.T)
            T = flow.T
            lines = [
                (tr("How much y({T}) depends on step {k}:", T=T, k=k), theme.TEXT),
                (f"LSTM |∂y({T})/∂C({k})| = {chain_strip.sci(grads[0])}", theme.CELL_C),
                (f"LSTM |∂y({T})/∂h({k})| = {chain_strip.sci(grads[1])}", theme.HIDDEN_H),
            ]
            if grads[2] is not None:
                lines.append((f"RNN  |∂y({T})/∂h({k})| = {chain_strip.sci(grads[2])}", theme.RNN_H))
            rendered = [text.render(t, m.small, c, mono=True) for t, c in lines]
            line_h = rendered[0].get_height()
            box = pygame.Rect(0, 0, max(g.get_width() for g in rendered) + 2 * m.pad, len(rendered) * line_h + 2 * m.gap)
            centre = (self._strip_x(k) + self._strip_x(k + 1)) // 2
            box.midbottom = (centre, self.area.y + self.rows.strips[0] - m.gap - m.px(3))
            box.clamp_ip(self.rect)
            pygame.draw.rect(surface, theme.FIELD_BG, box, border_radius=m.radius)
            pygame.draw.rect(surface, theme.PANEL_EDGE, box, 1, border_radius=m.radius)
            for row, glyph in enumerate(rendered):
                surface.blit(glyph, (box.x + m.pad, box.y + m.gap + row * line_h))
            return

    # --- geometry ----------------------------------------------------------------------------------
    def _box(self, box_w: int, m: Metrics) -> pygame.Rect:
        """The cell's rectangle relative to its column's top left (x from the cell's edge)."""
        rows = self.rows
        return pygame.Rect(0, rows.box_top, box_w, rows.box_h)

    def _links(self, surface: pygame.Surface, x0: int, x1: int, m: Metrics) -> None:
        """The C and h links from x0 to x1 in colour (the initial state's, or into the next step)."""
        rows = self.rows
        box_y = self.area.y + rows.box_top
        c_row, h_row = rows.c_h_rows(m)
        pygame.draw.line(surface, theme.CELL_C, (x0, box_y + c_row), (x1, box_y + c_row), m.px(5))
        pygame.draw.line(surface, theme.H_CHAIN, (x0, box_y + h_row), (x1, box_y + h_row), m.px(3))
        if rows.rnn is not None:
            y = self.area.y + rows.rnn[0] + rows.rnn[1] // 2
            pygame.draw.line(surface, theme.RNN_H, (x0, y), (x1, y), m.px(3))

    def _render_tile(
        self,
        key: tuple,
        box_w: int,
        link: int,
        text: Text,
        m: Metrics,
        spare: pygame.Surface | None = None,
        target: pygame.Surface | None = None,
        values_only: bool = False,
    ) -> pygame.Surface:
        """One step's column: the links in and out, the cell, its input and output neurons.

        Rendered once per (step, values, highlight) and reused while it scrolls by; what does not
        depend on the values (links, input neuron, empty boxes) comes from the step's skeleton.
        `values_only`: `target` already shows this step's column, so only its numbers are drawn.
        """
        k, x_value, values = key
        r = m.px(11)
        box = self._box(box_w, m).move(link // 2, 0)
        cx = box.x + r + m.px(6)
        font = text.font(m.small, mono=True)
        size, half_h = m.small, font.get_height() // 2
        y_c = (cx, self.rows.y_c)
        if values_only and target is not None:
            tile = target
            label_x = cx + r + m.gap // 2  # the old y label goes: nothing else is above the box there
            paint.fill(tile, theme.PANEL, (label_x, 0, tile.get_width() - label_x, box.y))
        else:
            skeleton = self._skeleton(k, x_value, values is not None, box_w, link, text, m)
            if target is not None:  # a tile-sized part of the screen
                tile = target
            else:
                same = spare is not None and spare.get_size() == skeleton.get_size()
                tile = spare if same and spare is not None else pygame.Surface(skeleton.get_size())
            tile.blit(skeleton, (0, 0))
        if values is None:  # a ghost: the skeleton is the whole of it
            return tile
        c, h, y = values[:3]
        if self.rows.rnn is not None and len(values) > 3:
            # The basic RNN's h(k), tinted by its size like the LSTM's rows: its memory fades.
            rnn_box = pygame.Rect(box.x, self.rows.rnn[0], box.width, self.rows.rnn[1])
            rnn_h = values[3]
            inner = rnn_box.inflate(-2 * m.px(3), -2 * m.px(3))
            paint.fill(tile, blend(CELL_BG, theme.RNN_H, 0.7 * math.tanh(abs(rnn_h))), inner)
            text.draw_mono(tile, f"h({k}) {signed(rnn_h)}", size, theme.TEXT, (inner.x + m.gap - m.px(3), inner.centery - half_h))
            pygame.draw.rect(tile, theme.RNN_H, rnn_box, m.px(2), border_radius=m.radius)
        if self.rows.show_y:  # output neuron above, filled as brightly as |y| is large
            pygame.draw.circle(
                tile, blend(CELL_BG, theme.OUTPUT_Y, 0.25 + 0.75 * math.tanh(abs(y))), y_c, r
            )
            pygame.draw.circle(tile, theme.OUTPUT_Y, y_c, r, m.px(2))
            text.draw_mono(tile, f"y({k}) {signed(y)}", size, theme.OUTPUT_Y, (cx + r + m.gap // 2, y_c[1] - half_h))
        # The cell: C and h rows tinted by their magnitude, so a remembered value glows.
        inner = box.inflate(-2 * m.px(3), -2 * m.px(3))
        half = inner.height // 2
        rows: tuple[tuple[pygame.Rect, theme.Color, str, float], ...] = (
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
        if not self.rows.two_rows:  # one line's room: C(k) across the whole box
            rows = ((inner, theme.CELL_C, f"C({k}) {signed(c)}", c),)
        for row, color, label, v in rows:
            paint.fill(tile, blend(CELL_BG, color, 0.7 * math.tanh(abs(v))), row)
            if self.rows.box_text:
                text.draw_mono(tile, label, size, theme.TEXT, (row.x + m.gap - m.px(3), row.centery - half_h))
        pygame.draw.rect(tile, theme.PANEL_EDGE, box, m.px(2), border_radius=m.radius)
        return tile

    def _skeleton(
        self, k: int, x_value: float, taken: bool, box_w: int, link: int, text: Text, m: Metrics
    ) -> pygame.Surface:
        """The part of step k's column that its values do not change, drawn once per step."""
        key = (k, x_value, taken)
        skeleton = self._skeletons.get(key)
        if skeleton is not None:
            self._skeletons.move_to_end(key)
            return skeleton
        if len(self._skeletons) > 2 * self._slots + 12:
            self._skeletons.popitem(last=False)
        skeleton = self._skeletons[key] = pygame.Surface((box_w + link, self.rows.tile_h))
        paint.fill(skeleton, theme.PANEL)
        r = m.px(11)
        box = self._box(box_w, m).move(link // 2, 0)
        c_row, h_row = self.rows.c_h_rows(m)
        links = [
            (box.y + c_row, theme.CELL_C, m.px(5)),
            (box.y + h_row, theme.H_CHAIN, m.px(3)),
        ]
        rnn_box = None
        if self.rows.rnn is not None:
            rnn_box = pygame.Rect(box.x, self.rows.rnn[0], box.width, self.rows.rnn[1])
            links.append((rnn_box.centery, theme.RNN_H, m.px(3)))
        for y, color, width in links:  # a ghost gets its coloured link in drawn over it, per frame
            pygame.draw.line(skeleton, color if taken else GHOST, (0, y), (box.x, y), width)
            pygame.draw.line(
                skeleton, color if taken else GHOST, (box.right, y), (skeleton.get_width(), y), width
            )
        cx = box.x + r + m.px(6)
        # Input neuron below: its value is known before the step is taken. Comparing, it feeds the
        # basic RNN's cell under it too. Labels are placed glyph by glyph straight into the
        # surface, not through the shared text cache: the tiles are their cache.
        x_c = (cx, self.rows.x_c)
        pygame.draw.line(
            skeleton, theme.INPUT_X if taken else GHOST, (cx, x_c[1] - r), (cx, box.bottom), m.px(2)
        )
        if rnn_box is not None:
            pygame.draw.line(
                skeleton, theme.INPUT_X if taken else GHOST, (cx, x_c[1] + r), (cx, rnn_box.y), m.px(2)
            )
            pygame.draw.rect(skeleton, CELL_BG, rnn_box, border_radius=m.radius)
        pygame.draw.circle(skeleton, theme.INPUT_X, x_c, r, 0 if taken else m.px(2))
        half_h = text.font(m.small, mono=True).get_height() // 2
        text.draw_mono(
            skeleton, f"x({k}) {value(x_value)}", m.small, theme.INPUT_X if taken else theme.TEXT_FAINT,
            (cx + r + m.gap // 2, x_c[1] - half_h),
        )
        pygame.draw.rect(skeleton, CELL_BG, box, border_radius=m.radius)
        if not taken:
            pygame.draw.rect(skeleton, GHOST, box, m.px(2), border_radius=m.radius)
            if rnn_box is not None:
                pygame.draw.rect(skeleton, GHOST, rnn_box, m.px(2), border_radius=m.radius)
        elif self.rows.show_y:  # the output neuron's stem (the neuron itself shows y)
            y_c = (cx, self.rows.y_c)
            pygame.draw.line(skeleton, theme.OUTPUT_Y, (cx, box.y), (cx, y_c[1] + r), m.px(2))
        return skeleton

    def _draw_overview(
        self, surface: pygame.Surface, sim: Simulation, slots: int, text: Text, m: Metrics, right: int,
        clear: bool = False,
    ) -> None:
        """A thin bar in the title row: the whole sequence, the part taken, the window, the step;
        `clear`: over last frame's bar, its window mark's reach cleared first."""
        length = sim.length
        if length <= slots:
            return
        title_w = text.size(tr(self.frame.title), m.heading, bold=True)[0]
        x0 = self.rect.x + 3 * m.pad + title_w
        bar = pygame.Rect(x0, 0, right - 2 * m.pad - x0, m.px(8))
        bar.centery = self.rect.y + m.pad + m.heading // 2 + m.px(2)
        if bar.width < m.px(40):
            return
        self.overview = bar
        if clear:  # the step's mark reaches px(4) past the bar's height and either end, the window's px(6)
            reach = pygame.Rect(bar.x - m.px(4), bar.y - m.px(4), bar.width + m.px(10), bar.height + 2 * m.px(4))
            paint.fill(surface, theme.PANEL, reach)

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
        if sim.shown_t < 1:
            return  # t = 0: no step to mark (step 0 would sit left of the bar, over the title)
        marker = pygame.Rect(0, bar.y - m.px(4), m.px(4), bar.height + 2 * m.px(4))
        marker.centerx = x_of(sim.shown_t)
        pygame.draw.rect(surface, theme.FOCUS, marker)
