"""The network diagram: the LSTM cell as a glowing glass box (DESIGN.md §3, issue 3).

Wires, shapes and fixed labels live on a surface rebuilt only on resize; each frame adds the
values, the activation-driven fills, additive glow sprites and the pulses of the step animation.
The view reads the simulation and emits intents; it never changes state.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from itertools import pairwise

import pygame

from ... import actions as act
from ...actions import TAKEN, Action
from ...i18n import N_, language, tr
from ...model import RNN_SPEC_BY_NAME, SPEC_BY_NAME
from ...sim import Simulation
from .. import paint, theme
from ..frame import Frame
from ..glow import GlowCache
from ..redraw import Layer
from ..text import Text
from ..theme import Metrics
from .diagram_geometry import (
    GRID_W,
    GRID_W_COMPARE,
    JUNCTIONS,
    NODES,
    RNN_FRAME,
    RNN_JUNCTIONS,
    RNN_NODES,
    RNN_TITLE_AT,
    RNN_WEIGHT_LABELS,
    RNN_WIRES,
    WEIGHT_LABELS,
    WIRES,
    NodeSpec,
    Transform,
    WeightLabelSpec,
    WireSpec,
)
from .diagram_text import brightness, node_value, rnn_value, step_value, tooltip_lines, value_text
from .formatting import signed
from .math_panel import Line
from .panel import PanelFrame
from .preset_chips import (
    MAX_CHIPS,
    MOTION_LABELS,
    SUBTITLE,
    TITLE,
    _narrowest_row,
    chip_height,
    chips_row,
    motion_width,
)

NEGATIVE: theme.Color = (255, 110, 110)  # the ring of a node whose value is below zero
GLOW_REACH = 2.6  # a halo's radius, in node radii
FADE = 0.08  # share of the step over which a node lights up once the pulse reaches it
SIGNED_KEYS = ("x", "h_prev", "c_prev", "c_tilde", "c", "h", "y", "rnn_x", "rnn_h", "rnn_y")
# The RNN cell's title, and its short form for a narrow frame (an acronym: as it is in every
# language); translated where measured and drawn.
RNN_TITLES = (N_("basic RNN"), "RNN")
# A node's widest value at 3 and 2 decimals: every label's box is measured with it.
WIDEST = {3: "\u22120.000", 2: "\u22120.00"}
WIDEST_WEIGHT = "\u22122.00"
# Where a label may go around its node: the side, and a shift (beside: rows up or down; over or
# under: 0 centred, -1 reaching left from the circle's right edge, 1 reaching right from its left).
SPOTS = (
    ("left", 0), ("above", 0), ("below", 0), ("right", 0), ("left", -1), ("left", 1), ("right", -1), ("right", 1),
    ("above", -1), ("above", 1), ("below", -1), ("below", 1),
)
SEARCH_BUDGET = 1500  # options tried at one label size before it counts as not fitting


def _mix(a: theme.Color, b: theme.Color, share: float) -> theme.Color:
    share = max(0.0, min(1.0, share))
    return tuple(round(a[k] + (b[k] - a[k]) * share) for k in range(3))  # type: ignore[return-value]


def rect_hits_circle(rect: pygame.Rect, center: tuple[int, int], r: int) -> bool:
    """Whether the rectangle reaches inside the circle (its nearest point is closer than r)."""
    nx = max(rect.left, min(center[0], rect.right - 1))
    ny = max(rect.top, min(center[1], rect.bottom - 1))
    return math.dist((nx, ny), center) < r


def _narrowest_chips(text: Text, m: Metrics) -> int:
    """The room the preset chips take left of the Motion chip, at their narrowest."""
    return _narrowest_row(text, m, MAX_CHIPS) - motion_width(text, m)


def _smooth(x: float) -> float:
    x = max(0.0, min(1.0, x))
    return x * x * (3 - 2 * x)


PLACEMENTS_KEPT = 8  # panel shapes whose label placement is kept (window sizes, compare on / off)


class DiagramView:
    """Draws the cell; hover or touch shows a node's tooltip, a click highlights its equation."""

    region = "diagram"

    def __init__(self) -> None:
        self.frame = PanelFrame(TITLE, SUBTITLE)
        self.glow = GlowCache()
        self.rect = pygame.Rect(0, 0, 0, 0)
        self.metrics = Metrics(1080)
        self.transform = Transform(pygame.Rect(0, 0, 1270, 370))
        self.hover: str | None = None
        self.tooltip: list[Line] = []  # the tooltip's lines drawn last frame
        self.label_size = self.metrics.body
        self._text = Text()  # measures labels at layout (the same fonts the frames draw with)
        self.content = pygame.Rect(0, 0, 0, 0)  # the cell's area: under the title and the chips
        self.placed: dict[str, tuple[pygame.Rect, str]] = {}  # each label's box and alignment
        # Placements already searched (a tenth to a third of a second each), by panel shape: a
        # resize back or a compare toggle undone takes the one found before.
        self._placements: OrderedDict[tuple, tuple] = OrderedDict()
        self._circles: dict[str, tuple[tuple[int, int], int]] = {}
        self._rnn_frame = pygame.Rect(0, 0, 0, 0)
        self.frame_strict = True  # compare mode: every RNN label inside its frame, the LSTM's outside
        self.decimals = 3  # the values' decimals: 2 where 3 leave no room
        self.drawn: list[pygame.Rect] = []  # the value labels the last frame drew
        self.motion_rect = pygame.Rect(0, 0, 0, 0)
        self.layer = Layer()  # the static picture under the glowing nodes
        # What the last frame drew over the static layer: the next frame restores only these.
        self._paths: list[tuple[WireSpec, list[tuple[int, int]], list[float]]] = []
        self._rnn_paths: list[tuple[WireSpec, list[tuple[int, int]], list[float]]] = []
        self.compare = False  # the basic-RNN cell is drawn beside the LSTM's (compare mode)
        self._language = language()  # the language the layout measured its words in

    @property
    def nodes(self) -> tuple[NodeSpec, ...]:
        """Every node on screen: the LSTM's, and the basic RNN's while comparing."""
        return NODES + RNN_NODES if self.compare else NODES

    def _weights(self) -> list[tuple[str, WeightLabelSpec, str, str]]:
        """(key prefix, spec, parameter, label) for every weight label on screen."""
        out = [("", spec, name, SPEC_BY_NAME[name].label) for spec in WEIGHT_LABELS for name in spec.params]
        if self.compare:
            out += [
                ("rnn_", spec, name, RNN_SPEC_BY_NAME[name].label)
                for spec in RNN_WEIGHT_LABELS
                for name in spec.params
            ]
        return out

    # --- layout ----------------------------------------------------------------------------
    def layout(self, rect: pygame.Rect, metrics: Metrics) -> None:
        self.rect, self.metrics = pygame.Rect(rect), metrics
        self._language = language()
        self.content = self._content_rect(rect, metrics)
        self.transform = Transform(self.content, GRID_W_COMPARE if self.compare else GRID_W)
        self._paths = [(wire, *self._path(wire)) for wire in WIRES]
        self._rnn_paths = [(wire, *self._path(wire)) for wire in RNN_WIRES] if self.compare else []
        self._place_labels(self._text)
        self.layer.forget()

    def _content_rect(self, rect: pygame.Rect, m: Metrics) -> pygame.Rect:
        """Under the title, and under the chips' row where the chips need a row of their own; the
        subtitle is dropped where the chips take the title row's room."""
        area = self.frame.content_rect(rect, m)
        top, own_row = chips_row(rect, m, self._text)
        chip_w, chip_h = motion_width(self._text, m), chip_height(self._text, m)
        self.motion_rect = pygame.Rect(rect.right - m.pad - chip_w, top, chip_w, chip_h)
        if own_row:
            self.frame.reserve = 0
            area.top, area.height = top + chip_h + m.gap, area.bottom - (top + chip_h + m.gap)
        else:  # the chips (up to nine numbers) and Motion sit at the title row's right end
            self.frame.reserve = rect.right - m.pad - (self.motion_rect.left - _narrowest_chips(self._text, m))
        return area

    def set_compare(self, on: bool) -> None:
        """Show or hide the basic-RNN cell (the grid widens for it): re-placed at once."""
        if on != self.compare:
            self.compare = on
            self.layout(self.rect, self.metrics)
            if self.hover is not None and all(n.key != self.hover for n in self.nodes):
                self.hover = None  # its node (the RNN's) has gone

    def _pixel(self, p: tuple[float, float]) -> tuple[int, int]:
        """A wire's point in pixels; one on a node's circle stays on it when the axes stretch."""
        for node in self.nodes:
            (x, y), r = node.center, node.radius
            if abs(math.dist(p, (x, y)) - r) < 0.01:
                cx, cy = self.transform.point(node.center)
                k = self.transform.length(r) / r
                return round(cx + (p[0] - x) * k), round(cy + (p[1] - y) * k)
        return self.transform.point(p)

    def _path(self, wire: WireSpec) -> tuple[list[tuple[int, int]], list[float]]:
        points = [self._pixel(p) for p in wire.points]
        lengths = [0.0]
        for a, b in pairwise(points):
            lengths.append(lengths[-1] + math.dist(a, b))
        return points, lengths

    def center(self, key: str) -> tuple[int, int]:
        node = next(n for n in self.nodes if n.key == key)
        return self.transform.point(node.center)

    def radius(self, node: NodeSpec) -> int:
        return self.transform.length(node.radius)

    def node_at(self, pos: tuple[int, int]) -> str | None:
        """The node under `pos` (a touch-sized target around each circle)."""
        reach = self.metrics.touch / 2
        for node in self.nodes:
            if math.dist(pos, self.transform.point(node.center)) <= max(self.radius(node), reach):
                return node.key
        return None

    # --- events ----------------------------------------------------------------------------
    def handle(self, event: pygame.event.Event, now: float) -> Action | None:
        if event.type == pygame.MOUSEMOTION:
            self.hover = self.node_at(event.pos) if self.rect.collidepoint(event.pos) else None
            return None
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            return self._press(event.pos)
        if event.type == pygame.FINGERDOWN:
            surface = pygame.display.get_surface()
            size = surface.get_size() if surface else (0, 0)
            pos = (round(event.x * size[0]), round(event.y * size[1]))
            self.hover = self.node_at(pos) if self.rect.collidepoint(pos) else None
            return self._press(pos)
        return None

    def _press(self, pos: tuple[int, int]) -> Action | None:
        touch = self.metrics.touch
        if self.motion_rect.inflate(0, max(0, touch - self.motion_rect.height)).collidepoint(pos):
            return Action(act.MOTION)
        if not self.rect.collidepoint(pos):
            return None
        key = self.node_at(pos)
        self.hover = key
        return Action(act.HIGHLIGHT, key) if key else TAKEN

    # --- drawing ---------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface, frame: Frame) -> None:
        """The shown step, as far as its animation has run; the clicked node lit."""
        self.render(
            surface, frame.sim, frame.text, frame.progress, frame.still, frame.state.highlight, frame.clean
        )

    def render(
        self,
        surface: pygame.Surface,
        sim: Simulation,
        text: Text,
        progress: float = 1.0,
        reduce_motion: bool = False,
        highlight: str | None = None,
        on_screen: bool = False,
    ) -> None:
        """Draw the shown step; `progress` (0 … 1) is how far its step animation has run.
        `on_screen`: nothing was drawn over the panel since the last frame, so only what that
        frame drew over the static layer is restored (a fraction of copying the whole panel at 4K)."""
        self.set_compare(sim.compare)
        if self._language != language() and self.rect.width:  # words of another width: placed anew
            self.layout(self.rect, self.metrics)
        if self.layer.needs(self.rect.size):
            self.layer.make(self._render_static(text))
        self.layer.put_back(surface, self.rect, on_screen)
        with paint.clipped(surface, self.rect):  # a glow near the edge stays inside: gaps are not redrawn
            self._draw_dynamic(surface, sim, text, progress, reduce_motion, highlight)
        self.tooltip = []
        if self.hover is not None:  # may reach over the next panel (the app redraws it after)
            self._draw_tooltip(surface, self.hover, sim, text)

    def _draw_dynamic(self, surface, sim: Simulation, text: Text, progress, reduce_motion, highlight) -> None:
        """Everything that changes with the step, over the static layer."""
        previous = sim.step_at(sim.shown_t - 1) if progress < 1.0 else None
        self.drawn = []
        for wire, points, _ in self._paths:
            if wire.source:
                lit = self._lit(wire.source, sim, previous, progress, reduce_motion, wire.start)
                color = _wire_color(wire, lit)
                self._mark(*self._polyline(surface, points, color, self.transform.length(wire.width), wire.dashed))
        for node in NODES:
            self._draw_node(surface, node, sim, previous, progress, reduce_motion, text, highlight)
        self._draw_weights(surface, sim, text)
        if self.compare:
            self._draw_rnn(surface, sim, text, progress, reduce_motion, highlight)
        if progress < 1.0 and not reduce_motion:
            self._draw_pulses(surface, progress)
        self._draw_motion_chip(surface, text, reduce_motion)

    def _mark(self, *rects: pygame.Rect | None) -> None:
        """Remember what this frame drew over the static layer (inside the panel); a margin
        takes in the antialiased edge pixels that pygame's returned rectangles leave out. What
        lies inside the first rectangle (a node's disc and ring inside its glow) is put back
        with it, not again."""
        first = None
        for rect in rects:
            if rect is not None:
                rect = rect.inflate(4, 4).clip(self.rect)
                if first is None:
                    first = rect
                elif first.contains(rect):
                    continue
                self.layer.cover(rect)

    def _lit(
        self, key: str, sim: Simulation, previous, progress: float, reduce_motion: bool, arrive: float
    ) -> float:
        """The node's brightness now: the new value's once the pulse has reached it."""
        new = brightness(key, node_value(key, sim))
        if progress >= 1.0:
            return new
        old = brightness(key, step_value(previous, key))
        return _fade(old, new, progress, reduce_motion, arrive)

    def _draw_node(self, surface, node: NodeSpec, sim, previous, progress, reduce_motion, text, highlight) -> None:
        m = self.metrics
        center, r = self.transform.point(node.center), self.radius(node)
        if node.kind == "op":
            flash = 0.0
            if progress < 1.0 and not reduce_motion:
                flash = max(0.0, 1.0 - abs(progress - node.arrive) / 0.06)
            if flash:
                self._mark(
                    self.glow.draw(surface, center, theme.TEXT, round(r * 2), 0.6 * flash),
                    paint.ring(surface, theme.TEXT, center, r, max(1, m.line)),
                )
            return
        v = node_value(node.key, sim)
        lit = self._lit(node.key, sim, previous, progress, reduce_motion, node.arrive)
        base = theme.FORGET_F if node.kind == "gate" else node.color
        negative = node.key in SIGNED_KEYS and v is not None and v < 0
        self._draw_disc(surface, node, base, lit, negative, value_text(node.key, v, self.decimals), text, highlight)

    def _draw_disc(self, surface, node: NodeSpec, base, lit: float, negative: bool, shown: str, text, highlight) -> None:
        """A value node: glow, a fill as bright as `lit`, the sign's ring, symbol, value label."""
        m = self.metrics
        center, r = self.transform.point(node.center), self.radius(node)
        self._mark(
            self.glow.draw(surface, center, base, round(r * GLOW_REACH), lit),
            pygame.draw.circle(surface, _mix(theme.PANEL, base, 0.12 + 0.88 * lit), center, r),
            paint.ring(surface, NEGATIVE if negative else node.color, center, r, max(2, m.px(3))),
        )
        if node.symbol:
            ink = theme.BACKGROUND if lit > 0.55 else theme.TEXT
            glyph = text.render(node.symbol, self._symbol_size(node), ink, bold=True)
            self._mark(surface.blit(glyph, glyph.get_rect(center=center)))
        if highlight == node.key:
            self._mark(pygame.draw.circle(surface, theme.FOCUS, center, r + m.px(7), max(2, m.px(3))))
        if f"{node.key}:label" in self.placed:
            self._draw_value(surface, text, f"{node.name} = {shown}", f"{node.key}:label")
        else:
            self._draw_value(surface, text, shown, f"{node.key}:value")

    def _draw_value(self, surface: pygame.Surface, text: Text, shown: str, key: str) -> None:
        """A number in its placed box (new numbers every frame: drawn by cells, no cache churn)."""
        size = text.mono_size(shown, self.label_size)
        at = self._blit_in(surface, size, key)
        if at is None:
            return
        text.draw_mono(surface, shown, self.label_size, theme.TEXT, at)
        box = pygame.Rect(at, size)
        self.drawn.append(box)
        self._mark(box)

    def _draw_weights(self, surface: pygame.Surface, sim: Simulation, text: Text) -> None:
        for prefix, _, name, _ in self._weights():
            params = sim.rnn_params if prefix else sim.params
            self._draw_value(surface, text, signed(getattr(params, name), 2), f"{prefix}{name}:value")

    def _draw_rnn(self, surface, sim: Simulation, text: Text, progress: float, reduce_motion: bool, highlight) -> None:
        """The basic RNN's neuron: glows as |h(t)| is large, fades as its memory decays."""
        t = sim.shown_t
        for wire, points, _ in self._rnn_paths:
            lit = self._rnn_lit(wire.source, sim, t, progress, reduce_motion, wire.start)
            color = _wire_color(wire, lit)
            self._mark(*self._polyline(surface, points, color, self.transform.length(wire.width), wire.dashed))
        for node in RNN_NODES:
            v = rnn_value(node.key, sim, t)
            lit = self._rnn_lit(node.key, sim, t, progress, reduce_motion, node.arrive)
            shown = value_text("x" if node.key == "rnn_x" else node.key, v, self.decimals)
            self._draw_disc(surface, node, node.color, lit, v is not None and v < 0, shown, text, highlight)

    def _rnn_lit(self, key: str, sim: Simulation, t: int, progress: float, reduce_motion: bool, arrive: float) -> float:
        kind = "x" if key == "rnn_x" else "h"
        new = brightness(kind, rnn_value(key, sim, t))
        if progress >= 1.0:
            return new
        old = brightness(kind, rnn_value(key, sim, t - 1))
        return _fade(old, new, progress, reduce_motion, arrive)

    def _draw_pulses(self, surface: pygame.Surface, progress: float) -> None:
        size = self.transform.length(18)
        for wire, points, lengths in self._paths:
            if not wire.start <= progress <= wire.end or wire.end <= wire.start:
                continue
            at = _point_along(points, lengths, (progress - wire.start) / (wire.end - wire.start))
            self._mark(
                self.glow.draw(surface, at, wire.color, size * 2, 1.0),
                pygame.draw.circle(surface, theme.TEXT, at, max(2, size // 3)),
            )

    def _draw_motion_chip(self, surface: pygame.Surface, text: Text, reduce_motion: bool) -> None:
        m = self.metrics
        rect = self.motion_rect
        self._mark(pygame.draw.rect(surface, theme.BUTTON_BG, rect, border_radius=m.radius))
        label = tr(MOTION_LABELS[1] if reduce_motion else MOTION_LABELS[0])
        glyph = text.render(label, m.small, theme.TEXT_DIM if reduce_motion else theme.TEXT)
        surface.blit(glyph, glyph.get_rect(center=rect.center))

    def _draw_tooltip(self, surface: pygame.Surface, key: str, sim: Simulation, text: Text) -> None:
        m = self.metrics
        self.tooltip = lines = tooltip_lines(key, sim)
        rendered = [text.render(line.text, m.body, line.color, mono=i > 0) for i, line in enumerate(lines)]
        line_h = max(g.get_height() for g in rendered)
        width = max(g.get_width() for g in rendered) + 2 * m.pad
        height = len(rendered) * line_h + 2 * m.pad
        cx, cy = self.center(key)
        r = self.radius(next(n for n in self.nodes if n.key == key))
        box = pygame.Rect(0, 0, width, height)
        box.midtop = (cx, cy + r + m.gap)
        if box.bottom > self.rect.bottom:
            box.midbottom = (cx, cy - r - m.gap)
        box.clamp_ip(surface.get_rect())
        shade = pygame.Surface(box.size)
        shade.fill(theme.FIELD_BG)
        self._mark(surface.blit(shade, box.topleft))
        pygame.draw.rect(surface, theme.PANEL_EDGE, box, max(1, m.line), border_radius=m.radius)
        for row, glyph in enumerate(rendered):
            surface.blit(glyph, (box.x + m.pad, box.y + m.pad + row * line_h))

    # --- the static layer --------------------------------------------------------------------
    def _render_static(self, text: Text) -> pygame.Surface:
        m = self.metrics
        layer = pygame.Surface(self.rect.size)
        self.frame.draw(layer, layer.get_rect(), text, m)
        shift = (-self.rect.x, -self.rect.y)
        for wire, points, _ in self._paths:
            local = [(x + shift[0], y + shift[1]) for x, y in points]
            color = _wire_color(wire, 0.0) if wire.source else wire.color
            self._polyline(layer, local, color, self.transform.length(wire.width), wire.dashed)
        for point, tone in JUNCTIONS:
            x, y = self.transform.point(point)
            pygame.draw.circle(layer, theme.color(tone), (x + shift[0], y + shift[1]), self.transform.length(6))
        for node in NODES:
            center = self.transform.point(node.center)
            center = (center[0] + shift[0], center[1] + shift[1])
            r = self.radius(node)
            if node.kind == "op":
                pygame.draw.circle(layer, theme.PANEL, center, r)
                pygame.draw.aacircle(layer, theme.INPUT_X if node.symbol == "+" else theme.TEXT, center, r, m.line)
                glyph = text.render(node.symbol, self._symbol_size(node), theme.TEXT, bold=True)
                layer.blit(glyph, glyph.get_rect(center=center))
            else:  # a one-line label ("x(t) = 1") has no separate name: nothing is placed for it
                self._blit_name(layer, shift, text.render(node.name, self.label_size, node.color, bold=True), f"{node.key}:name")
        if self.compare:
            self._render_rnn_static(layer, shift, text)
        for prefix, spec, name, label in self._weights():
            self._blit_name(layer, shift, text.render(label, self.label_size, spec.color, mono=True), f"{prefix}{name}:name")
        return layer

    def _blit_name(self, layer: pygame.Surface, shift: tuple[int, int], glyph: pygame.Surface, key: str) -> None:
        at = self._blit_in(layer, glyph.get_size(), key)
        if at is not None:
            layer.blit(glyph, (at[0] + shift[0], at[1] + shift[1]))

    def rnn_frame_rect(self) -> pygame.Rect:
        left, top, right, bottom = RNN_FRAME
        (x0, y0), (x1, y1) = self.transform.point((left, top)), self.transform.point((right, bottom))
        return pygame.Rect(x0, y0, x1 - x0, y1 - y0)

    def _rnn_title_options(self, text: Text, size: int) -> list[list[tuple[str, pygame.Rect, str]]]:
        """The RNN cell's title at its corner, in full or short, or centred under the frame's top."""
        x, y = self.transform.point(RNN_TITLE_AT)
        frame = self.rnn_frame_rect()
        options = []
        for k, title in enumerate(RNN_TITLES):
            w, h = text.size(tr(title), size, bold=True)
            options += [[(f"rnn:title:{k}", pygame.Rect(x, y, w, h), "left")],
                        [(f"rnn:title:{k}", pygame.Rect(frame.centerx - w // 2, y, w, h), "center")]]
        return options

    def _render_rnn_static(self, layer: pygame.Surface, shift: tuple[int, int], text: Text) -> None:
        """The RNN cell's frame, title, junction and node names (values are drawn per frame)."""
        m = self.metrics
        frame = self.rnn_frame_rect().move(*shift)
        pygame.draw.rect(layer, _mix(theme.RNN_H, theme.PANEL, 0.6), frame, max(1, m.line), border_radius=m.radius)
        for k, words in enumerate(RNN_TITLES):  # the form that was placed, if any
            self._blit_name(layer, shift, text.render(tr(words), self.label_size, theme.RNN_H, bold=True), f"rnn:title:{k}")
        for point, tone in RNN_JUNCTIONS:
            x, y = self.transform.point(point)
            pygame.draw.circle(layer, theme.color(tone), (x + shift[0], y + shift[1]), self.transform.length(6))
        for node in RNN_NODES:
            self._blit_name(layer, shift, text.render(node.name, self.label_size, node.color, bold=True), f"{node.key}:name")

    def _symbol_size(self, node: NodeSpec) -> int:
        share = 0.55 if len(node.symbol) > 1 else 1.1
        return max(self.metrics.small if node.kind == "gate" else 8, round(self.radius(node) * share))

    # --- label placement (measured at layout; shared by drawing and the overlap tests) --------
    def _line_h(self, text: Text, size: int | None = None) -> int:
        """A label row: the taller of a bold name and a monospace value (at small sizes the bold
        face is a pixel taller)."""
        size = size or self.label_size
        return max(text.font(size, mono=True).get_linesize(), text.size("Ag", size, bold=True)[1])

    def _place_labels(self, text: Text) -> None:
        """Every label's box (see `_search_labels`), from the cache when this panel shape was
        placed before: the boxes are kept relative to the content area."""
        m, origin = self.metrics, self.content.topleft
        key = (self.rect.size, self.content.size, (origin[0] - self.rect.x, origin[1] - self.rect.y),
               m.height, self.compare, language())  # the RNN's title is measured in the language
        kept = self._placements.get(key)
        if kept is None:
            self._search_labels(text)
            relative = {name: (box.move(-origin[0], -origin[1]), align) for name, (box, align) in self.placed.items()}
            kept = (self.label_size, self.decimals, self.frame_strict, relative)
            self._placements[key] = kept
            while len(self._placements) > PLACEMENTS_KEPT:
                self._placements.popitem(last=False)
        self._placements.move_to_end(key)
        self.label_size, self.decimals, self.frame_strict, relative = kept
        self.placed = {name: (box.move(origin), align) for name, (box, align) in relative.items()}

    def _search_labels(self, text: Text) -> None:
        """Every label's box, measured: the largest size (body … the small floor), and three
        decimals rather than two, at which every node's label finds a free spot; the weight labels
        that find none are left to the sliders and the gates' tooltips."""
        m = self.metrics
        narrowing = self.transform.scale / (m.height / 1080)  # the cell shrank to fit its panel
        top = max(m.small, min(m.body, round(m.body * narrowing)))
        sizes = sorted({*range(top, m.small, -max(1, (top - m.small) // 4)), m.small}, reverse=True)
        fallback: tuple[int, int, dict[str, tuple[pygame.Rect, str]]] | None = None
        # Two decimals rather than values on top of each other (a narrow panel); in compare mode,
        # labels that cross the RNN cell's frame line rather than ones on top of each other.
        tries = [(frame, size, decimals) for frame in (True, False) for size in sizes for decimals in (3, 2)]
        for strict, size, decimals in tries if self.compare else tries[: len(tries) // 2]:
            self.frame_strict = strict
            placed, nodes_fit, _ = self._try_place(size, decimals, text)
            if nodes_fit:
                fallback = (size, decimals, placed)
                break
        self.label_size, self.decimals, self.placed = fallback if fallback else (m.small, 2, placed)

    def _try_place(self, size: int, decimals: int, text: Text) -> tuple[dict[str, tuple[pygame.Rect, str]], bool, bool]:
        """(boxes with their alignment, every node's label placed, every label placed) at `size`:
        the weight labels where they go first, the nodes' around them; failing that the nodes'
        first, the weights' where room is left."""
        self._circles = self.node_circles()
        self._rnn_frame = self.rnn_frame_rect()
        options = [self._node_options(node, size, decimals, text) for node in self.nodes if node.kind != "op"]
        groups = self._weight_groups()
        weights = [self._weight_options(prefix, spec, rows, size, text) for prefix, spec, rows in groups]
        rnn = [w for w, (prefix, _, _) in zip(weights, groups, strict=True) if prefix]
        # The weights first (all, or the RNN's, which have no sliders beside the cell), else none.
        for first in (weights, rnn) if rnn else (weights,):
            placed = self._title(text, size)
            first_fit = self._put_all(placed, first)
            if self._search(placed, options, [SEARCH_BUDGET]):
                rest = self._put_all(placed, [group for group in weights if group not in first])
                return placed, True, first_fit and rest
        placed = self._title(text, size)
        nodes_fit = self._search(placed, options, [SEARCH_BUDGET])
        if not nodes_fit:  # no spot for every node's label: those that find one, and never text on text
            for node_options in options:
                self._put(placed, node_options)
        all_weights = self._put_all(placed, weights)
        return placed, nodes_fit, nodes_fit and all_weights

    def _put_all(self, placed: dict, groups: list) -> bool:
        """Put every group that finds room (each is tried: no stopping at the first that does not)."""
        results = [self._put(placed, options) for options in groups]
        return all(results)

    def _title(self, text: Text, size: int) -> dict[str, tuple[pygame.Rect, str]]:
        """A fresh placement holding only the RNN cell's title (in compare mode)."""
        placed: dict[str, tuple[pygame.Rect, str]] = {}
        if self.compare:
            self._put(placed, self._rnn_title_options(text, size))
        return placed

    def _fits(self, option: list[tuple[str, pygame.Rect, str]], placed: dict) -> bool:
        return all(self._free(key, rect, placed) for key, rect, _ in option)

    def _search(self, placed: dict, options: list, budget: list[int]) -> bool:
        """Place every node's label, each at one of its options, none on another (depth first,
        the designed sides tried first; `budget` bounds the work on a hopeless panel)."""
        if not options:
            return True
        for option in options[0]:
            budget[0] -= 1
            if budget[0] < 0:
                return False
            if self._fits(option, placed):
                placed.update({key: (rect, align) for key, rect, align in option})
                if self._search(placed, options[1:], budget):
                    return True
                for key, _, _ in option:
                    del placed[key]
        return False

    def _put(self, placed: dict, options: list[list[tuple[str, pygame.Rect, str]]]) -> bool:
        """Take the first option whose boxes are all free; a label that finds none is left out
        (to the tooltip, the stats and the sliders)."""
        for option in options:
            if self._fits(option, placed):
                placed.update({key: (rect, align) for key, rect, align in option})
                return True
        return False

    def _free(self, key: str, rect: pygame.Rect, placed: dict[str, tuple[pygame.Rect, str]]) -> bool:
        """Inside the content area, clear of every other label and every node but its own."""
        if not self.content.contains(rect):
            return False
        if self.compare and self.frame_strict:  # the RNN's labels inside its frame, the LSTM's clear of it
            inside = self._rnn_frame.contains(rect) if key.startswith("rnn") else not self._rnn_frame.colliderect(rect)
            if not inside:
                return False
        margin = rect.inflate(2 * self.metrics.line, 0)
        if any(margin.colliderect(other) for other, _ in placed.values()):
            return False
        own = key.split(":")[0]
        return not any(
            node_key != own and rect_hits_circle(rect, center, r) for node_key, (center, r) in self._circles.items()
        )

    def _node_options(self, node: NodeSpec, size: int, decimals: int, text: Text) -> list[list[tuple[str, pygame.Rect, str]]]:
        """Where a node's label may go: its designed side first, then beside it (level, raised or
        lowered), above, below; one line for "x(t) = 1", else the name over the value."""
        line_h = self._line_h(text, size)
        widest = WIDEST[decimals] if node.key in SIGNED_KEYS else WIDEST[decimals][1:]  # a gate is never negative
        rows = [(f"{node.key}:name", text.size(node.name, size, bold=True)[0]),
                (f"{node.key}:value", text.size(widest, size, mono=True)[0])]
        spots = [(node.label_side, 0), *SPOTS]
        options = [self._spot(node, rows, side, shift, line_h) for side, shift in dict.fromkeys(spots)]
        if node.label_side == "right":  # "x(t) = 1" on one line where it fits, else as the others
            line = [(f"{node.key}:label", text.size(f"{node.name} = {WIDEST[decimals]}", size, mono=True)[0])]
            options = [self._spot(node, line, side, shift, line_h) for side, shift in dict.fromkeys(spots)] + options
        return options

    def _spot(self, node: NodeSpec, rows: list[tuple[str, int]], side: str, shift: int, line_h: int):
        """The label's rows on one side of its node; `shift` moves a beside-label by rows."""
        (cx, cy), r, gap = self.transform.point(node.center), self.radius(node), self.metrics.gap
        height = len(rows) * line_h
        if side in ("left", "right"):
            top = cy - height // 2 + shift * line_h
            align = "right" if side == "left" else "left"
            boxes = [
                pygame.Rect(cx - r - gap - w if side == "left" else cx + r + gap, top + k * line_h, w, line_h)
                for k, (_, w) in enumerate(rows)
            ]
        else:  # centred over or under it; by the panel's edge moved in, as far as it takes
            top = cy - r - gap - height if side == "above" else cy + r + gap
            align = ("right", "center", "left")[shift + 1]
            boxes = self._inside([
                pygame.Rect((cx + r - w, cx - w // 2, cx - r)[shift + 1], top + k * line_h, w, line_h)
                for k, (_, w) in enumerate(rows)
            ])
        return [(key, box, align) for (key, _), box in zip(rows, boxes, strict=True)]

    def _inside(self, boxes: list[pygame.Rect]) -> list[pygame.Rect]:
        """The boxes moved sideways together until they are inside the content area."""
        left, right = min(b.left for b in boxes), max(b.right for b in boxes)
        dx = max(0, self.content.left - left) or min(0, self.content.right - right)
        return [b.move(dx, 0) for b in boxes]

    def _weight_groups(self) -> list[tuple[str, WeightLabelSpec, list[tuple[str, str]]]]:
        """(key prefix, spec, [(parameter, label)]) for each connection's weight labels."""
        groups = [("", spec, [(n, SPEC_BY_NAME[n].label) for n in spec.params]) for spec in WEIGHT_LABELS]
        if self.compare:
            groups += [("rnn_", spec, [(n, RNN_SPEC_BY_NAME[n].label) for n in spec.params]) for spec in RNN_WEIGHT_LABELS]
        return groups

    def _weight_options(self, prefix: str, spec: WeightLabelSpec, rows, size: int, text: Text):
        """A connection's labels: beside the tap as designed, mirrored to its left, or each name
        over its value; each also a row lower or higher."""
        line_h = self._line_h(text, size)
        x, y = self.transform.point(spec.anchor)
        tap_x = self.transform.point((spec.anchor[0] - 12, 0))[0]
        value_w = text.size(WIDEST_WEIGHT, size, mono=True)[0]
        space = text.size(" ", size, mono=True)[0]
        layouts = []
        if spec.align != "stack":
            beside, mirrored = [], []
            for k, (name, label) in enumerate(rows):
                w = text.size(label, size, mono=True)[0]
                top = y + k * line_h
                beside += [(f"{prefix}{name}:name", pygame.Rect(x, top, w, line_h), "left"),
                           (f"{prefix}{name}:value", pygame.Rect(x + w + space, top, value_w, line_h), "left")]
                right = 2 * tap_x - x
                mirrored += [(f"{prefix}{name}:value", pygame.Rect(right - value_w, top, value_w, line_h), "right"),
                             (f"{prefix}{name}:name", pygame.Rect(right - value_w - space - w, top, w, line_h), "right")]
            layouts += [beside, mirrored]
        stacked = []
        for k, (name, label) in enumerate(rows):
            w = text.size(label, size, mono=True)[0]
            top = y + 2 * k * line_h
            stacked += [(f"{prefix}{name}:name", pygame.Rect(x - w // 2, top, w, line_h), "center"),
                        (f"{prefix}{name}:value", pygame.Rect(x - value_w // 2, top + line_h, value_w, line_h), "center")]
        layouts.append(stacked)
        return [
            [(key, rect.move(0, shift), align) for key, rect, align in layout]
            for shift in (0, line_h, -line_h)
            for layout in layouts
        ]

    def _blit_in(self, surface: pygame.Surface, glyph_size: tuple[int, int], key: str) -> tuple[int, int] | None:
        """Where a glyph goes in its placed box (left, right or centred); None: left out."""
        if key not in self.placed:
            return None
        box, align = self.placed[key]
        x = box.x if align == "left" else box.right - glyph_size[0] if align == "right" else box.centerx - glyph_size[0] // 2
        return x, box.y

    def label_rects(self, text: Text | None = None) -> dict[str, pygame.Rect]:
        """Every label's box at its widest (for the no-overlap tests), keyed by what it is."""
        return {key: pygame.Rect(rect) for key, (rect, _) in self.placed.items()}

    def node_circles(self) -> dict[str, tuple[tuple[int, int], int]]:
        return {node.key: (self.transform.point(node.center), self.radius(node)) for node in self.nodes}

    @staticmethod
    def _polyline(surface, points, color, width: int, dashed: bool) -> list[pygame.Rect]:
        """Draw the wire; returns what it covered, segment by segment (a bend's bounding box
        would be most of the panel)."""
        if not dashed:
            pygame.draw.lines(surface, color, False, points, width)
            return [
                pygame.Rect(min(a[0], b[0]), min(a[1], b[1]), abs(a[0] - b[0]) + 1, abs(a[1] - b[1]) + 1).inflate(2 * width, 2 * width)
                for a, b in pairwise(points)
            ]
        covered = []
        for a, b in pairwise(points):
            length = math.dist(a, b)
            dash = max(4, width * 4)
            for k in range(0, int(length), 2 * dash):
                s, e = k / length, min(1.0, (k + dash) / length)
                pa = (round(a[0] + (b[0] - a[0]) * s), round(a[1] + (b[1] - a[1]) * s))
                pb = (round(a[0] + (b[0] - a[0]) * e), round(a[1] + (b[1] - a[1]) * e))
                covered.append(pygame.draw.line(surface, color, pa, pb, width))
        return covered


def _wire_color(wire: WireSpec, lit: float) -> theme.Color:
    """A wire as bright as the value it carries: its floor when 0, its full colour at 1."""
    return _mix(_mix(wire.color, theme.PANEL, 0.75), wire.color, wire.floor + (1 - wire.floor) * lit)


def _fade(old: float, new: float, progress: float, reduce_motion: bool, arrive: float) -> float:
    """A node's brightness during a step: it turns new once the pulse arrives (a plain fade
    over the whole step with reduced motion)."""
    share = progress if reduce_motion else _smooth((progress - arrive) / FADE)
    return old + (new - old) * share


def _point_along(points: list[tuple[int, int]], lengths: list[float], share: float) -> tuple[int, int]:
    target = lengths[-1] * max(0.0, min(1.0, share))
    for k in range(1, len(points)):
        if lengths[k] >= target:
            seg = lengths[k] - lengths[k - 1] or 1.0
            u = (target - lengths[k - 1]) / seg
            a, b = points[k - 1], points[k]
            return round(a[0] + (b[0] - a[0]) * u), round(a[1] + (b[1] - a[1]) * u)
    return points[-1]
