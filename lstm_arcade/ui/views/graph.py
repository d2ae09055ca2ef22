"""The scrolling time-series graph: every series against time, with zoom, pan, hover and time travel.

Per frame only the visible steps are copied out of the simulation's arrays, transformed with numpy
and handed to `graph_draw.draw_series` (at most about one point per pixel column per series), so the
frame costs the same for 100 steps as for 100,000. The view keeps only its own state (zoom, pan,
hidden series, hover); clicking a step asks the app to inspect it through an intent.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet

import numpy as np
import pygame

from ... import actions as act
from ...actions import TAKEN, Action
from ...i18n import N_, language, tr
from ...sim import Simulation
from .. import paint, theme
from ..frame import Frame
from ..redraw import Layer
from ..text import Text
from ..theme import Metrics
from . import graph_draw
from .formatting import num, signed
from .goal_text import goal_caption
from .graph_legend import Legend
from .graph_motion import Slide
from .graph_series import Series, available
from .graph_window import (
    ZOOM_STEP,
    Coord,
    Window,
    decimate,
    default_span,
    max_span,
    pan,
    visible_values,
    visible_window,
    x_ticks,
    y_range,
    zoom,
)
from .panel import PanelFrame

STEP_PX_AT_1080 = 16  # default zoom: a step every 16 px (at 1080p) once the sequence is long
GRID: theme.Color = (32, 37, 52)
ZERO_LINE: theme.Color = (78, 86, 110)
GHOST_KEYS = ("c", "y")  # a pinned run's ghost lines: the cell state and the output
GHOST_MIX = 0.55  # a ghost's colour: this much of its series' colour, the rest the panel's
# TRANSLATORS: a button; "P" is the key that does the same.
PIN_BUTTON = N_("Pin run  P")
TITLE = N_("Time series")
PLOT_SHARE = 0.45  # the plot keeps at least this share of the panel's height
HINTS = (  # the header's hint, longest first: the longest that fits is shown (each translated)
    N_("click: inspect a step \u00b7 wheel: zoom \u00b7 drag: pan"),
    N_("click: inspect \u00b7 wheel: zoom"),
    N_("click: inspect"),
)
BACKGROUNDS_KEPT = 4


def ghost_color(color: theme.Color) -> theme.Color:
    """A series' colour dimmed towards the panel: its pinned runs' faint lines."""
    r, g, b = (round(c * GHOST_MIX + p * (1 - GHOST_MIX)) for c, p in zip(color, theme.PANEL, strict=False))
    return r, g, b


def steady_y_range(
    low: float, high: float, previous: tuple[float, float, float]
) -> tuple[float, float, float]:
    """`y_range(low, high)`, except that the previous axis stays while the data still fits it and
    fills at least half of it: values wiggling across a tick (as they do while training) do not
    make the axis jump back and forth."""
    bottom, top, tick = y_range(low, high)
    old_bottom, old_top, _ = previous
    if old_bottom <= bottom and top <= old_top and (top - bottom) * 2 >= old_top - old_bottom:
        return previous
    return bottom, top, tick


def label_every(line_gap_px: float, label_h: int) -> int:
    """Label every n-th y grid line so labels `label_h` tall never overlap (a short plot, a small
    or scaled window, labels every 2nd, 5th or 10th line; the grid keeps every line)."""
    return next((n for n in (1, 2, 5, 10) if n * line_gap_px >= label_h), 10)


class GraphView:
    """The time-series panel; `draw` reads the simulation, `handle` returns intents."""

    region = "graph"

    def __init__(self) -> None:
        self.frame = PanelFrame(TITLE, HINTS[0])
        self.legend = Legend()
        self.hidden: AbstractSet[str] = frozenset()  # the series switched off, as drawn last frame
        self.span: float | None = None  # steps across the plot; None: the default zoom
        self.right: float | None = None  # the window's right edge; None: follow the newest point
        self.slide = Slide()
        self.rect = pygame.Rect(0, 0, 0, 0)
        self.plot = pygame.Rect(0, 0, 0, 0)
        self.data_width = 1
        self.window = Window(0.0, 1.0, 1, 0)
        self.hover: tuple[int, list[tuple[Series, float]]] | None = None  # step and its values
        self.y_axis = (0.0, 1.0, 0.2)  # bottom, top and tick step drawn last
        self.follow_rect: pygame.Rect | None = None  # "back to the latest" chip while panned
        self.caption_rect: pygame.Rect | None = None  # the memory test's caption band
        self.caption_lines: list[tuple[str, theme.Color]] = []
        # The training status's band over the plot's top: the overlay says how tall (0: none)
        # for a width and the height the band and the plot share.
        self.status_height: Callable[[Simulation, int, int, Text, Metrics], int] = lambda *_: 0
        self.status_rect = pygame.Rect(0, 0, 0, 0)
        self.hint_rects: list[pygame.Rect] = []  # the lines of the hint before the first step, as drawn
        # The background on screen, and what last frame drew over it (put back, not the whole panel).
        self.layer = Layer()
        self._full_plot = pygame.Rect(0, 0, 0, 0)  # the plot as laid out, before the band
        self._m: Metrics | None = None
        self._layout_key: tuple | None = None
        self._mouse: tuple[int, int] | None = None
        self._press: tuple[tuple[int, int], float, float] | None = None  # pos, right, span at press
        self._dragging = False
        self._sequence: list[float] | None = None
        self._last_t = 0
        self._last_inspected: int | None = None
        # True when the view left the newest step only to show an inspected one.
        self._panned_to_inspect = False
        self._points = 0
        self._span_now = 1.0
        # The last few backgrounds (frame, grid, axes, legend) by what they show: the axis going
        # back and forth between two ranges, or a series hidden and shown again, draws nothing.
        self._backgrounds: OrderedDict[tuple, pygame.Surface] = OrderedDict()
        self._limit = 1.0
        # Pins: the "Pin run" button in the title row (its drawn box and its touch target), and
        # per pin in the plot its label chip and the × that removes it.
        self.pin_rect = pygame.Rect(0, 0, 0, 0)
        self.pin_hit = pygame.Rect(0, 0, 0, 0)
        self.pin_chips: list[tuple[int, pygame.Rect, pygame.Rect]] = []  # number, chip, × target
        self._y_map = (0.0, 0.0, 1.0)  # bottom value, its pixel row, pixels per unit

    # --- layout ----------------------------------------------------------------------------
    def layout(self, rect: pygame.Rect, m: Metrics) -> None:
        self.rect, self._m, self._layout_key = pygame.Rect(rect), m, None

    def _layout(self, series: list[Series], text: Text, m: Metrics, caption: list | None = None) -> None:
        caption_rows = len(caption) if caption else 0
        key = (self.rect.size, self.rect.topleft, tuple(s.key for s in series), m.height, caption_rows, language())
        if key == self._layout_key:
            return
        self._layout_key = key
        # The Pin button: right end of the title row, a chip like the diagram's presets whose
        # touch target is the full 48 px (at 1080p).
        width = text.size(tr(PIN_BUTTON), m.small, bold=True)[0] + 2 * m.pad
        self.pin_rect = pygame.Rect(self.rect.right - m.pad - width, self.rect.y + m.px(4), width, m.px(40))
        self.pin_hit = self.pin_rect.inflate(0, max(0, m.touch - self.pin_rect.height))
        self.frame.reserve = width + m.pad
        area = self.frame.content_rect(self.rect, m)
        self.frame.subtitle = _fitting_hint(area.width + m.pad - self.frame.reserve, text, m)
        # The legend may take what leaves the plot (and its axis labels) >= 45 % of the panel.
        budget = area.height - round(PLOT_SHARE * self.rect.height) - text.size("0", m.small)[1] - m.gap * 2
        legend_h = self.legend.layout(area, series, text, m, max(m.touch, budget))
        label_w = text.size("\u2212000.0", m.small)[0] + m.gap
        label_h = text.size("0", m.small)[1] + m.gap // 2
        top = area.y + legend_h + m.gap
        self.caption_rect = None
        if caption_rows:  # the memory test's verdict: its own band, so it never hides a line
            line_h = text.font(m.body, bold=True).get_linesize()
            self.caption_rect = pygame.Rect(area.x, top - m.gap // 2, area.width, caption_rows * line_h + m.gap)
            top = self.caption_rect.bottom + m.gap
        self.plot = pygame.Rect(
            area.x + label_w, top, area.width - label_w - m.gap, area.bottom - label_h - top
        )
        self._full_plot = pygame.Rect(self.plot)

    def _caption(self, sim: Simulation, text: Text, m: Metrics) -> list[tuple[str, theme.Color]]:
        """The band over the plot: the memory test's caption or the running challenge's score, in
        lines; a challenge's short form where the long one takes more lines (a portrait graph)."""
        if not hasattr(sim, "caption"):
            return []
        width = self.frame.content_rect(self.rect, m).width - 2 * m.pad
        caption = sim.caption()
        if caption:
            return _wrap_caption(tr(caption), width, text, m)
        long = goal_caption(sim)
        if not long:
            return []
        lines = _wrap_caption(long, width, text, m)
        if len(lines) > 1:
            shorter = _wrap_caption(goal_caption(sim, short=True) or long, width, text, m)
            if len(shorter) < len(lines):
                return shorter
        return lines

    def _carve_status(self, sim: Simulation, text: Text, m: Metrics) -> None:
        """The training status's band off the top of the plot (every frame: it comes and goes)."""
        full, area = self._full_plot, self.frame.content_rect(self.rect, m)
        height = self.status_height(sim, area.width, full.height + m.gap // 2, text, m)
        self.status_rect = pygame.Rect(area.x, full.y - m.gap // 2, area.width, height)
        cut = height + m.gap // 2 if height else 0
        self.plot = pygame.Rect(full.x, full.y + cut, full.width, full.height - cut)
        # Time maps onto the plot less a margin on the right, so the newest point is not on the frame.
        self.data_width = max(1, self.plot.width - m.px(10))

    # --- events ----------------------------------------------------------------------------
    def handle(self, event: pygame.event.Event, now: float) -> Action | None:
        m = self._m
        if m is None or self.plot.width <= 0:
            return None
        if event.type == pygame.MOUSEMOTION:
            return self._motion(event.pos, m)
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            if self.follow_rect and self.follow_rect.collidepoint(event.pos):
                self.right = None
                return TAKEN
            if self.pin_hit.collidepoint(event.pos):
                return Action(act.PIN)
            for number, _, cross in self.pin_chips:
                if cross.collidepoint(event.pos):
                    return Action(act.UNPIN, number)
            key = self.legend.hit(event.pos)
            if key is not None:
                return Action(act.TOGGLE_SERIES, key)
            if self.plot.collidepoint(event.pos):
                self._press = (event.pos, self.window.hi, self.window.span)
                self._dragging = False
                return TAKEN
            return None
        if event.type == pygame.MOUSEBUTTONUP and event.button == 1 and self._press is not None:
            was_drag, self._press, self._dragging = self._dragging, None, False
            if was_drag or self._points == 0 or not self.plot.collidepoint(event.pos):
                return TAKEN
            return Action(act.INSPECT, self._nearest_step(event.pos[0]))
        if event.type == pygame.MOUSEWHEEL and self._mouse and self.plot.collidepoint(self._mouse):
            notches = getattr(event, "precise_y", event.y) or event.y
            self._zoom(ZOOM_STEP ** (-notches), self._mouse[0])
            return TAKEN
        if event.type == pygame.MULTIGESTURE and abs(getattr(event, "pinched", 0.0)) > 0:
            return self._pinch(event)
        return None

    def _motion(self, pos: tuple[int, int], m: Metrics) -> Action | None:
        self._mouse = pos if self.rect.collidepoint(pos) else None
        if self._press is None:
            return None
        (x0, _), right0, span0 = self._press
        dx = pos[0] - x0
        if not self._dragging and abs(dx) >= m.px(6):
            self._dragging = True
        if self._dragging:
            self.right = pan(
                span0, right0, -dx / self.data_width * span0, max(self.slide.head, span0)
            )
            self._panned_to_inspect = False  # the user chose where to look
        return TAKEN

    def _pinch(self, event: pygame.event.Event) -> Action | None:
        screen = pygame.display.get_surface()
        if screen is None:
            return None
        w, h = screen.get_size()
        centre = (round(event.x * w), round(event.y * h))
        if not self.plot.collidepoint(centre):
            return None
        self._zoom(1.0 / max(0.2, 1.0 + event.pinched * 3.0), centre[0])
        return TAKEN

    def _zoom(self, factor: float, x: int) -> None:
        anchor = self.window.step_at(x, self.plot.x, self.data_width)
        span, right = zoom(self._span_now, self.right, factor, anchor, self._limit)
        self.span = self._span_now = span
        self.right = None if right is not None and right >= self.slide.head else right
        # Several wheel notches can arrive in one frame: each zooms from the last one's window.
        self.window = visible_window(span, self.slide.head, self._points, self.right)

    def _nearest_step(self, x: int) -> int:
        step = round(self.window.step_at(x, self.plot.x, self.data_width))
        return min(max(1, step), self._points)

    # --- drawing ---------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface, frame: Frame) -> None:
        """The series the legend shows; the one of the node clicked in the diagram stands out."""
        with paint.clipped(surface, self.rect):
            self.render(
                surface, frame.sim, frame.text, self._m or frame.metrics, frame.now, frame.still, frame.series_key,
                frame.state.hidden_series, frame.clean,
            )

    def render(
        self,
        surface: pygame.Surface,
        sim: Simulation,
        text: Text,
        m: Metrics,
        now: float,
        reduce_motion: bool = False,
        emphasis: str | None = None,
        hidden: AbstractSet[str] = frozenset(),
        on_screen: bool = False,
    ) -> None:
        """`emphasis`: the key of a series to stand out (a node clicked in the diagram); `hidden`:
        the series switched off in the legend; `on_screen`: nothing was drawn over the panel since
        last frame, so only what that frame drew over its background is put back."""
        self.hidden = hidden
        series = available(sim)
        self.caption_lines = self._caption(sim, text, m)
        self._layout(series, text, m, self.caption_lines)
        self._carve_status(sim, text, m)
        self._follow_simulation(sim)
        plot = self.plot
        if plot.width < 10 or plot.height < 10:
            self.frame.draw(surface, self.rect, text, m)
            self.layer.forget()  # not the background on screen: all of it next time
            return

        self._points = points = min(sim.t, sim.computed)
        default = default_span(sim.length, self.data_width, m.px(STEP_PX_AT_1080))
        self._limit = max_span(sim.length, sim.t, default)
        self._span_now = span = min(self.span or default, self._limit)
        position = sim.play_position(now) if sim.playing else None
        head = self.slide.update(sim.t, now, position, reduce_motion)
        self.window = window = visible_window(span, head, points, self.right)
        self._keep_inspected_in_view(sim)

        shown = [s for s in series if s.key not in self.hidden]
        # One row per shown series, one column per visible step: every transform is one numpy call.
        rows = [visible_values(s.shown_values(sim), window.first, window.last) for s in shown]
        block = np.array(rows) if rows else np.empty((0, 0))  # every series hidden: nothing
        ghosts = self._ghost_rows(sim, shown, window)
        if block.size:
            low, high = float(block.min()), float(block.max())
            for _, _, row in ghosts:
                if row.size:
                    low, high = min(low, float(row.min())), max(high, float(row.max()))
            bottom, top, tick = steady_y_range(low, high, self.y_axis)
        else:
            bottom, top, tick = y_range(0.0, 1.0)
        self.y_axis = (bottom, top, tick)
        inset = m.px(6)
        y0, y_scale = plot.bottom - inset, (plot.height - 2 * inset) / (top - bottom)
        self._y_map = (bottom, y0, y_scale)

        key = (
            self.rect.size,
            tuple(self.plot),  # a caption or status band moves the plot
            m.height,
            tuple(s.key for s in series),
            frozenset(self.hidden),
            language(),  # the title, the hint and the legend are words
            bottom,
            top,
            tick,
        )
        background = self._backgrounds.get(key)
        if background is None:
            background = self._render_background(series, bottom, top, tick, y0, y_scale, text, m)
            self._backgrounds[key] = background
            if len(self._backgrounds) > BACKGROUNDS_KEPT:
                self._backgrounds.popitem(last=False)
        else:
            self._backgrounds.move_to_end(key)
        if background is not self.layer.picture:
            self.layer.make(background)
        self.layer.put_back(surface, self.rect, on_screen)
        self._draw_x_axis(surface, window, text, m)
        with paint.clipped(surface, plot):
            if block.size:
                self._draw_ghosts(surface, ghosts, window, text, m)
                steps = np.arange(window.first, window.last + 1, dtype=np.float64)
                steps, block = _head_cut(steps, block, head)
                columns = plot.width // 2
                # The emphasised series goes last, over a wide halo, so it reads above the others.
                order = sorted(zip(shown, block, strict=False), key=lambda pair: pair[0].key == emphasis)
                shifts = coincident_shifts([row for _, row in order], graph_draw.line_width(m))
                for (s, row), shift in zip(order, shifts, strict=True):
                    xs, ys = decimate(steps, row, columns)  # unchanged unless zoomed far out
                    px = plot.x + (xs - window.lo) * (self.data_width / window.span)
                    py = y0 - (ys - bottom) * y_scale + shift
                    line = np.column_stack((px, py))
                    if s.key == emphasis and len(line) > 1:
                        halo = tuple(c // 3 for c in s.color)
                        pygame.draw.lines(surface, halo, False, line.tolist(), 4 * graph_draw.line_width(m))
                    graph_draw.draw_series(surface, s.color, s.style, line, m)
            self._draw_inspected(surface, sim, text, m)
            self._draw_pin_chips(surface, sim, text, m)
        self._draw_pin_button(surface, text, m)
        self._draw_caption(surface, text, m)
        self._draw_hover(surface, sim, shown, bottom, y0, y_scale, text, m)
        self._draw_follow_chip(surface, text, m)
        self.hint_rects = self._draw_hint(surface, text, m) if points == 0 else []
        for part in self._over_background(text, m):
            self.layer.cover(part)

    def _draw_hint(self, surface: pygame.Surface, text: Text, m: Metrics) -> list[pygame.Rect]:
        """Before the first step, what to do, wrapped to the plot's width and centred in it;
        where each line went."""
        plot = self.plot
        # TRANSLATORS: "Step" and "Play" are the buttons of those names.
        lines = text.wrap(tr("Step or Play: every step adds a point"), m.small, plot.width - 2 * m.gap)
        line_h = text.font(m.small).get_linesize()
        y = plot.centery - len(lines) * line_h // 2
        placed = []
        with paint.clipped(surface, plot):  # a word wider than a tiny plot is cut at its frame
            for k, line in enumerate(lines):
                glyph = text.render(line, m.small, theme.TEXT_FAINT)
                placed.append(surface.blit(glyph, glyph.get_rect(midtop=(plot.centerx, y + k * line_h))))
        return placed

    def _over_background(self, text: Text, m: Metrics) -> list[pygame.Rect]:
        """Everything a frame draws over the background: the plot (with the pins' chips, the
        follow chip, the hint), the step labels under it, the pin button, the caption and the
        training band; with a hover's box (it may go anywhere), the whole panel."""
        if self.hover is not None:
            return [self.rect]
        plot = self.plot
        labels = pygame.Rect(self.rect.x, plot.bottom, self.rect.width, m.gap // 2 + text.font(m.small).get_height() + 1)
        parts = [plot, labels, self.pin_rect, self.caption_rect, self.status_rect]
        return [part.clip(self.rect) for part in parts if part is not None and part.width and part.height]

    # --- pins ------------------------------------------------------------------------------
    def point(self, step: Coord, value: Coord) -> tuple[Coord, Coord]:
        """The pixel where `value` at `step` is drawn in the last frame (tests probe with it)."""
        bottom, y0, y_scale = self._y_map
        return self.window.x_of(step, self.plot.x, self.data_width), y0 - (value - bottom) * y_scale

    def _ghost_rows(self, sim: Simulation, shown: list[Series], window) -> list[tuple[int, Series, np.ndarray]]:
        """(pin number, series, visible values) for every pin's ghost of a shown series."""
        pins = getattr(sim, "pins", ())
        wanted = [s for s in shown if s.key in GHOST_KEYS]
        rows = []
        for number, pin in enumerate(pins, 1):
            last = min(window.last, pin.length)
            if last < window.first:
                continue
            for s in wanted:
                rows.append((number, s, pin.values(s.key)[window.first - 1 : last]))
        return rows

    def _draw_ghosts(self, surface: pygame.Surface, ghosts, window, text: Text, m: Metrics) -> None:
        """Each pinned run's y and C as thin dimmed lines under the live ones; its number at the
        right end of its y line."""
        width = max(1, m.px(2))
        tags: list[pygame.Rect] = []
        for number, s, row in ghosts:
            if not row.size:
                continue
            steps = np.arange(window.first, window.first + len(row), dtype=np.float64)
            xs, ys = decimate(steps, row, self.plot.width // 2)
            px, py = self.point(xs, ys)
            color = ghost_color(s.color)
            if len(px) > 1:
                pygame.draw.lines(surface, color, False, np.column_stack((px, py)).tolist(), width)
            else:
                pygame.draw.circle(surface, color, (round(px[0]), round(py[0])), width + 1)
            if s.key == "y":
                tag = text.render(str(number), m.small, color, bold=True)
                box = tag.get_rect(bottomleft=(round(px[-1]) + m.gap // 2, round(py[-1])))
                box.right = min(box.right, self.plot.right - m.gap // 2)
                while box.collidelist(tags) >= 0:  # two pins ending together: stack their numbers
                    box.y -= box.height
                tags.append(box)
                surface.blit(tag, box)

    def _draw_pin_chips(self, surface: pygame.Surface, sim: Simulation, text: Text, m: Metrics) -> None:
        """Bottom left in the plot, one chip per pin: its number, its weights in short, and ×."""
        self.pin_chips = []
        pins = getattr(sim, "pins", ())
        if not pins:
            return
        plot = self.plot
        height = min(m.px(40), max(text.size("0", m.small)[1] + m.gap, (plot.height - m.gap) // 3 - m.gap // 2))
        cross_w = max(height, m.px(40))
        left = plot.x + m.gap
        max_w = max(cross_w * 3, plot.right - m.gap - left)
        y = plot.bottom - m.gap
        for number in range(len(pins), 0, -1):
            pin = pins[number - 1]
            head = text.render(f"{number}", m.small, theme.TEXT, bold=True)
            room = max_w - head.get_width() - cross_w - 3 * m.gap
            label = text.render(text.fit(tr(pin.label), m.small, room), m.small, theme.TEXT_DIM)
            width = m.gap + head.get_width() + m.gap + label.get_width() + m.gap + cross_w
            y -= height
            chip = pygame.Rect(left, y, width, height)
            shade = pygame.Surface(chip.size, pygame.SRCALPHA)
            shade.fill((*theme.FIELD_BG, 215))
            surface.blit(shade, chip.topleft)
            pygame.draw.rect(surface, ghost_color(theme.OUTPUT_Y), chip, 1, border_radius=m.radius)
            x = chip.x + m.gap
            surface.blit(head, head.get_rect(midleft=(x, chip.centery)))
            x += head.get_width() + m.gap
            surface.blit(label, label.get_rect(midleft=(x, chip.centery)))
            cross = pygame.Rect(chip.right - cross_w, chip.y, cross_w, height)
            glyph = text.render("\u00d7", m.body, theme.TEXT, bold=True)
            surface.blit(glyph, glyph.get_rect(center=cross.center))
            target = cross.inflate(max(0, m.touch - cross.width), max(0, m.touch - cross.height))
            self.pin_chips.append((number, chip, target.clip(cross.inflate(m.touch, m.gap))))
            y -= m.gap // 2
        self.pin_chips.reverse()

    def _draw_pin_button(self, surface: pygame.Surface, text: Text, m: Metrics) -> None:
        box = self.pin_rect
        if box.width <= 0:
            return
        hovered = self._mouse is not None and self.pin_hit.collidepoint(self._mouse)
        pygame.draw.rect(surface, theme.BUTTON_HOVER if hovered else theme.BUTTON_BG, box, border_radius=m.radius)
        pygame.draw.rect(surface, ghost_color(theme.OUTPUT_Y), box, 1, border_radius=m.radius)
        label = text.render(tr(PIN_BUTTON), m.small, theme.TEXT, bold=True)
        surface.blit(label, label.get_rect(center=box.center))

    def _draw_caption(self, surface: pygame.Surface, text: Text, m: Metrics) -> None:
        box = self.caption_rect
        if box is None or not self.caption_lines:
            return
        pygame.draw.rect(surface, theme.FIELD_BG, box, border_radius=m.radius)
        pygame.draw.rect(surface, theme.FOCUS, box, max(1, m.line), border_radius=m.radius)
        line_h = text.font(m.body, bold=True).get_linesize()
        y = box.y + m.gap // 2
        for line, color in self.caption_lines:
            surface.blit(text.render(line, m.body, color, bold=True), (box.x + m.pad, y))
            y += line_h

    def _follow_simulation(self, sim: Simulation) -> None:
        """A new sequence or a reset starts the view afresh (default zoom, following)."""
        if sim.sequence is not self._sequence or (sim.t == 0 and self._last_t != 0):
            self.span = self.right = None
            self._panned_to_inspect = False
            self._press, self._dragging = None, False
        self._sequence, self._last_t = sim.sequence, sim.t

    def _keep_inspected_in_view(self, sim: Simulation) -> None:
        """When the inspected step moves (← →, a click in the chain) out of view, pan to it."""
        k = sim.inspected
        if k == self._last_inspected:
            return
        self._last_inspected = k
        w = self.window
        if k is None:
            if self._panned_to_inspect:  # back to live: back to where the graph was following
                self.right, self._panned_to_inspect = None, False
                self.window = visible_window(w.span, self.slide.head, self._points, None)
            return
        if w.lo <= k <= w.hi:
            return
        self._panned_to_inspect = self._panned_to_inspect or self.right is None
        self.right = pan(w.span, w.hi, k + w.span / 2 - w.hi, max(self.slide.head, w.span))
        self.window = visible_window(w.span, self.slide.head, self._points, self.right)

    def _render_background(
        self,
        series: list[Series],
        bottom: float,
        top: float,
        tick: float,
        y0: float,
        y_scale: float,
        text: Text,
        m: Metrics,
    ) -> pygame.Surface:
        """Panel, legend, plot frame, y grid and y labels: redrawn only when one of them changes."""
        layer = pygame.Surface(self.rect.size)
        self.frame.draw(layer, layer.get_rect(), text, m)
        offset = (-self.rect.x, -self.rect.y)
        self.legend.draw(layer, series, self.hidden, text, m, offset)
        plot = self.plot.move(offset)
        decimals = max(0, -math.floor(math.log10(tick) + 1e-9))
        every = label_every(tick * y_scale, text.font(m.small).get_linesize())
        for k in range(round((top - bottom) / tick) + 1):
            value = bottom + k * tick
            y = round(y0 - (value - bottom) * y_scale) + offset[1]
            zero = abs(value) < tick * 1e-6
            pygame.draw.line(
                layer,
                ZERO_LINE if zero else GRID,
                (plot.x, y),
                (plot.right - 1, y),
                m.px(2) if zero else 1,
            )
            if round(value / tick) % every:
                continue
            label = text.render(num(value, decimals), m.small, theme.TEXT_DIM)
            layer.blit(label, (plot.x - m.gap - label.get_width(), y - label.get_height() // 2))
        pygame.draw.rect(layer, theme.PANEL_EDGE, plot, 1)
        return layer

    def _draw_x_axis(self, surface: pygame.Surface, window: Window, text: Text, m: Metrics) -> None:
        """Step labels and faint verticals; they scroll, so they are drawn every frame."""
        plot = self.plot
        for step in x_ticks(window, self.data_width, m.px(90)):
            x = round(window.x_of(step, plot.x, self.data_width))
            if not plot.x <= x <= plot.right:
                continue
            pygame.draw.line(surface, GRID, (x, plot.y + 1), (x, plot.bottom - 2))
            label = text.render(f"{step:,}", m.small, theme.TEXT_DIM)
            lx = min(
                max(x - label.get_width() // 2, plot.x - m.gap),
                self.rect.right - m.pad - label.get_width(),
            )
            surface.blit(label, (lx, plot.bottom + m.gap // 2))

    def _draw_inspected(
        self, surface: pygame.Surface, sim: Simulation, text: Text, m: Metrics
    ) -> None:
        k = sim.inspected
        if k is None:
            return
        plot, w = self.plot, self.window
        x = round(w.x_of(k, plot.x, self.data_width))
        pygame.draw.line(surface, theme.FOCUS, (x, plot.y), (x, plot.bottom), m.px(3))
        # TRANSLATORS: over the plot, at the step shown while time travelling.
        label = text.render(tr("viewing {k:,}", k=k), m.small, theme.FOCUS, bold=True)
        lx = (
            x + m.gap
            if x + m.gap + label.get_width() < plot.right
            else x - m.gap - label.get_width()
        )
        surface.blit(label, (lx, plot.y + m.px(4)))

    def _draw_hover(
        self,
        surface: pygame.Surface,
        sim: Simulation,
        shown: list[Series],
        bottom: float,
        y0: float,
        y_scale: float,
        text: Text,
        m: Metrics,
    ) -> None:
        self.hover = None
        pos, plot, w = self._mouse, self.plot, self.window
        if pos is None or self._dragging or not plot.collidepoint(pos) or self._points == 0:
            return
        k = self._nearest_step(pos[0])
        step = sim.step_at(k)
        if step is None:
            return
        rows = [(s, float(s.shown_values(sim)[k - 1])) for s in shown]
        self.hover = (k, rows)
        x = round(w.x_of(k, plot.x, self.data_width))
        pygame.draw.line(surface, theme.TEXT_DIM, (x, plot.y), (x, plot.bottom - 1), 1)
        r = m.px(5)
        for s, v in rows:
            y = y0 - (v - bottom) * y_scale
            if plot.y <= y <= plot.bottom:
                pygame.draw.circle(surface, s.color, (x, round(y)), r)
        # Each pinned run's y and C at this step, beside the live values.
        pinned = [
            # TRANSLATORS: a pinned run's numbers: keep "y" and "C" (the output and the cell state).
            (tr("pin {n} y {y} C {c}", n=n, y=signed(float(pin.y[k - 1])), c=signed(float(pin.c[k - 1]))),
             ghost_color(theme.OUTPUT_Y))
            for n, pin in enumerate(getattr(sim, "pins", ()), 1)
            if k <= pin.length
        ]
        self._draw_tooltip(surface, k, rows, x, text, m, pinned)

    def _draw_tooltip(
        self,
        surface: pygame.Surface,
        k: int,
        rows: list[tuple[Series, float]],
        x: int,
        text: Text,
        m: Metrics,
        pinned: Sequence[tuple[str, theme.Color]] = (),
    ) -> None:
        size = m.small
        lines = [(f"t = {k:,}", theme.TEXT)] + [
            (f"{tr(s.symbol):<6}{signed(v)}", s.color) for s, v in rows
        ] + list(pinned)
        rendered = [text.render(t, size, c, mono=True) for t, c in lines]
        line_h = rendered[0].get_height()
        box = pygame.Rect(
            0,
            0,
            max(r.get_width() for r in rendered) + 2 * m.pad,
            len(rendered) * line_h + 2 * m.gap,
        )
        plot = self.plot
        box.x = x + m.pad if x + m.pad + box.width <= plot.right else x - m.pad - box.width
        box.x = max(plot.x, box.x)
        box.y = plot.y + m.gap
        box.bottom = min(box.bottom, self.rect.bottom - m.gap)
        box.clamp_ip(self.rect)  # never over a neighbour, which may not draw itself next frame
        pygame.draw.rect(surface, theme.FIELD_BG, box, border_radius=m.radius)
        pygame.draw.rect(surface, theme.PANEL_EDGE, box, 1, border_radius=m.radius)
        for row, r in enumerate(rendered):
            surface.blit(r, (box.x + m.pad, box.y + m.gap + row * line_h))

    def _draw_follow_chip(self, surface: pygame.Surface, text: Text, m: Metrics) -> None:
        """While panned away from the newest step, a chip that returns to following it."""
        self.follow_rect = None
        if self.right is None:
            return
        # TRANSLATORS: a chip that returns the graph to the newest step.
        label = text.render(tr("latest \u25b8\u25b8"), m.small, theme.ACCENT, bold=True)
        chip = pygame.Rect(
            0, 0, label.get_width() + 2 * m.pad, max(m.touch * 3 // 4, label.get_height() + m.gap)
        )
        chip.topright = (self.plot.right - m.gap, self.plot.y + m.gap)
        pygame.draw.rect(surface, theme.BUTTON_BG, chip, border_radius=m.radius)
        pygame.draw.rect(surface, theme.ACCENT, chip, 1, border_radius=m.radius)
        surface.blit(label, label.get_rect(center=chip.center))
        self.follow_rect = chip


def coincident_shifts(rows: list[np.ndarray], width: int) -> list[int]:
    """Pixel offsets so lines with equal values (f = i = o at the default weights) lie side by
    side, each a line width from the last, instead of hiding under one another."""
    # Rows compared by their values rounded to 1e-9 (a hash each, not a numpy call per pair:
    # this runs every frame the plot is drawn).
    seen: dict[tuple, int] = {}
    shifts: list[int] = []
    for row in rows:
        key = (row.shape, (np.round(row, 9) + 0.0).tobytes())  # + 0.0: -0.0 as 0.0
        same = seen.get(key, 0)
        seen[key] = same + 1
        shifts.append((width + 1) * ((same + 1) // 2) * (1 if same % 2 else -1))
    return shifts


def _fitting_hint(room: int, text: Text, m: Metrics) -> str:
    """The longest of the header hints that fits `room` px right of the title (else none): the
    English text (the frame draws it translated), measured in the language shown."""
    title = text.size(tr(TITLE), m.heading, bold=True)[0] + m.pad
    for hint in HINTS:
        if title + text.size(tr(hint), m.small)[0] <= room - m.pad:
            return hint
    return ""


def _wrap_caption(caption: str, width: int, text: Text, m: Metrics) -> list[tuple[str, theme.Color]]:
    """The caption in lines that fit `width`: the LSTM's half in its blue, the RNN's in salmon."""
    parts = caption.split("; ")
    colors = [theme.CELL_C, theme.RNN_H] if len(parts) == 2 else [theme.TEXT] * len(parts)
    lines: list[tuple[str, theme.Color]] = []
    for k, (part, color) in enumerate(zip(parts, colors, strict=False)):
        part = part + (";" if k < len(parts) - 1 else "")
        current = ""
        for word in part.split(" "):
            trial = f"{current} {word}".strip()
            if current and text.size(trial, m.body, bold=True)[0] > width:
                lines.append((current, color))
                current = word
            else:
                current = trial
        if current:
            lines.append((current, color))
    return lines


def _head_cut(steps: np.ndarray, values: np.ndarray, head: float) -> tuple[np.ndarray, np.ndarray]:
    """Cut the lines where the sliding head is: steps beyond it are not drawn yet, and the last
    segment ends part-way, at the head, so a new point grows in instead of popping up.

    `values` holds one row per series (columns are the steps).
    """
    if not len(steps) or steps[-1] <= head:
        return steps, values
    keep = int(np.searchsorted(steps, head, side="right"))
    if keep == 0:
        return steps[:0], values[:, :0]
    a, b = values[:, keep - 1], values[:, keep]
    part = (head - steps[keep - 1]) / (steps[keep] - steps[keep - 1])
    tip = (a + (b - a) * part)[:, None]
    return np.append(steps[:keep], head), np.concatenate((values[:, :keep], tip), axis=1)
