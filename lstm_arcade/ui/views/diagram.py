"""The network diagram: the LSTM cell as a glowing glass box (DESIGN.md §3, issue 3).

Wires, shapes and fixed labels live on a surface rebuilt only on resize; each frame adds the
values, the activation-driven fills, additive glow sprites and the pulses of the step animation.
The view reads the simulation and emits intents; it never changes state.
"""

from __future__ import annotations

import math
from itertools import pairwise

import pygame

from ... import actions as act
from ...actions import TAKEN, Action
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

NEGATIVE: theme.Color = (255, 110, 110)  # the ring of a node whose value is below zero
GLOW_REACH = 2.6  # a halo's radius, in node radii
FADE = 0.08  # share of the step over which a node lights up once the pulse reaches it
SIGNED_KEYS = ("x", "h_prev", "c_prev", "c_tilde", "c", "h", "y", "rnn_x", "rnn_h", "rnn_y")
RNN_TITLE = "basic RNN"


def _mix(a: theme.Color, b: theme.Color, share: float) -> theme.Color:
    share = max(0.0, min(1.0, share))
    return tuple(round(a[k] + (b[k] - a[k]) * share) for k in range(3))  # type: ignore[return-value]


def _smooth(x: float) -> float:
    x = max(0.0, min(1.0, x))
    return x * x * (3 - 2 * x)


class DiagramView:
    """Draws the cell; hover or touch shows a node's tooltip, a click highlights its equation."""

    region = "diagram"

    def __init__(self) -> None:
        self.frame = PanelFrame("Network diagram", "one LSTM cell, one time step")
        self.glow = GlowCache()
        self.rect = pygame.Rect(0, 0, 0, 0)
        self.metrics = Metrics(1080)
        self.transform = Transform(pygame.Rect(0, 0, 1270, 370))
        self.hover: str | None = None
        self.tooltip: list[Line] = []  # the tooltip's lines drawn last frame
        self.label_size = self.metrics.body
        self.motion_rect = pygame.Rect(0, 0, 0, 0)
        self.layer = Layer()  # the static picture under the glowing nodes
        # What the last frame drew over the static layer: the next frame restores only these.
        self._paths: list[tuple[WireSpec, list[tuple[int, int]], list[float]]] = []
        self._rnn_paths: list[tuple[WireSpec, list[tuple[int, int]], list[float]]] = []
        self.compare = False  # the basic-RNN cell is drawn beside the LSTM's (compare mode)

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
        area = self.frame.content_rect(rect, metrics)
        self.transform = Transform(area, GRID_W_COMPARE if self.compare else GRID_W)
        m = metrics
        # Labels follow the window height, but shrink (never below the 1/60 floor) when the cell
        # had to shrink to fit its panel (a window narrower than 16:9, or the RNN's column beside it).
        narrowing = self.transform.scale / (m.height / 1080)
        self.label_size = max(m.small, min(m.body, round(m.body * narrowing)))
        chip_w, chip_h = m.px(190), m.px(40)
        self.motion_rect = pygame.Rect(rect.right - m.pad - chip_w, rect.y + m.px(4), chip_w, chip_h)
        self._paths = [(wire, *self._path(wire)) for wire in WIRES]
        self._rnn_paths = [(wire, *self._path(wire)) for wire in RNN_WIRES] if self.compare else []
        self.layer.forget()

    def set_compare(self, on: bool) -> None:
        """Show or hide the basic-RNN cell (the grid widens for it): re-placed at once."""
        if on != self.compare:
            self.compare = on
            self.layout(self.rect, self.metrics)
            if self.hover is not None and all(n.key != self.hover for n in self.nodes):
                self.hover = None  # its node (the RNN's) has gone

    def _path(self, wire: WireSpec) -> tuple[list[tuple[int, int]], list[float]]:
        points = [self.transform.point(p) for p in wire.points]
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
        takes in the antialiased edge pixels that pygame's returned rectangles leave out."""
        for rect in rects:
            if rect is not None:
                self.layer.cover(rect.inflate(4, 4).clip(self.rect))

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
                    pygame.draw.aacircle(surface, theme.TEXT, center, r, max(1, m.line)),
                )
            return
        v = node_value(node.key, sim)
        lit = self._lit(node.key, sim, previous, progress, reduce_motion, node.arrive)
        base = theme.FORGET_F if node.kind == "gate" else node.color
        negative = node.key in SIGNED_KEYS and v is not None and v < 0
        self._draw_disc(surface, node, base, lit, negative, value_text(node.key, v), text, highlight)

    def _draw_disc(self, surface, node: NodeSpec, base, lit: float, negative: bool, shown: str, text, highlight) -> None:
        """A value node: glow, a fill as bright as `lit`, the sign's ring, symbol, value label."""
        m = self.metrics
        center, r = self.transform.point(node.center), self.radius(node)
        self._mark(
            self.glow.draw(surface, center, base, round(r * GLOW_REACH), lit),
            pygame.draw.circle(surface, _mix(theme.PANEL, base, 0.12 + 0.88 * lit), center, r),
            pygame.draw.aacircle(surface, NEGATIVE if negative else node.color, center, r, max(2, m.px(3))),
        )
        if node.symbol:
            ink = theme.BACKGROUND if lit > 0.55 else theme.TEXT
            glyph = text.render(node.symbol, self._symbol_size(node), ink, bold=True)
            self._mark(surface.blit(glyph, glyph.get_rect(center=center)))
        if highlight == node.key:
            self._mark(pygame.draw.circle(surface, theme.FOCUS, center, r + m.px(7), max(2, m.px(3))))
        if node.label_side == "right":
            shown = f"{node.name} = {shown}"
        size = text.mono_size(shown, self.label_size)  # new numbers every frame: no cache churn
        box = self._value_rect(node, size, text)
        text.draw_mono(surface, shown, self.label_size, theme.TEXT, box.topleft)
        self._mark(box)

    def _draw_weights(self, surface: pygame.Surface, sim: Simulation, text: Text) -> None:
        for prefix, spec, name, label in self._weights():
            params = sim.rnn_params if prefix else sim.params
            row = spec.params.index(name)
            shown = signed(getattr(params, name), 2)
            size = text.mono_size(shown, self.label_size)
            box = self._weight_value_rect(spec, row, label, size, text)
            text.draw_mono(surface, shown, self.label_size, theme.TEXT, box.topleft)
            self._mark(box)

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
            shown = value_text("x" if node.key == "rnn_x" else node.key, v)
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
        label = "Motion off  M" if reduce_motion else "Motion on  M"
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
            elif node.label_side != "right":
                title = text.render(node.name, self.label_size, node.color, bold=True)
                box = self._name_rect(node, title.get_size(), text).move(*shift)
                layer.blit(title, box)
        if self.compare:
            self._render_rnn_static(layer, shift, text)
        line_h = self._line_h(text)
        for _, spec, name, label in self._weights():
            row = spec.params.index(name)
            x, y = self._weight_origin(spec, row, label, text, line_h)
            layer.blit(text.render(label, self.label_size, spec.color, mono=True), (x + shift[0], y + shift[1]))
        return layer

    def rnn_frame_rect(self) -> pygame.Rect:
        left, top, right, bottom = RNN_FRAME
        (x0, y0), (x1, y1) = self.transform.point((left, top)), self.transform.point((right, bottom))
        return pygame.Rect(x0, y0, x1 - x0, y1 - y0)

    def _rnn_title_rect(self, text: Text) -> pygame.Rect:
        return pygame.Rect(self.transform.point(RNN_TITLE_AT), text.size(RNN_TITLE, self.label_size, bold=True))

    def _render_rnn_static(self, layer: pygame.Surface, shift: tuple[int, int], text: Text) -> None:
        """The RNN cell's frame, title, junction and node names (values are drawn per frame)."""
        m = self.metrics
        frame = self.rnn_frame_rect().move(*shift)
        pygame.draw.rect(layer, _mix(theme.RNN_H, theme.PANEL, 0.6), frame, max(1, m.line), border_radius=m.radius)
        title = text.render(RNN_TITLE, self.label_size, theme.RNN_H, bold=True)
        layer.blit(title, self._rnn_title_rect(text).move(*shift))
        for point, tone in RNN_JUNCTIONS:
            x, y = self.transform.point(point)
            pygame.draw.circle(layer, theme.color(tone), (x + shift[0], y + shift[1]), self.transform.length(6))
        for node in RNN_NODES:
            if node.label_side != "right":
                name = text.render(node.name, self.label_size, node.color, bold=True)
                layer.blit(name, self._name_rect(node, name.get_size(), text).move(*shift))

    def _symbol_size(self, node: NodeSpec) -> int:
        share = 0.55 if len(node.symbol) > 1 else 1.1
        return max(self.metrics.small if node.kind == "gate" else 8, round(self.radius(node) * share))

    # --- label geometry (shared by drawing and the overlap test) -------------------------------
    def _line_h(self, text: Text) -> int:
        """A label row: the taller of a bold name and a monospace value (at small sizes the bold
        face is a pixel taller)."""
        size = self.label_size
        return max(text.font(size, mono=True).get_linesize(), text.size("Ag", size, bold=True)[1])

    def _label_block(self, node: NodeSpec, size: tuple[int, int], text: Text, row: int) -> pygame.Rect:
        """Row 0 (name) or 1 (value) of a node's two-line label, placed on its label side."""
        m = self.metrics
        cx, cy = self.transform.point(node.center)
        r = self.radius(node)
        line_h = self._line_h(text)
        box = pygame.Rect(0, 0, *size)
        if node.label_side == "right":
            box.midleft = (cx + r + m.gap, cy)
        elif node.label_side == "left":
            box.right = cx - r - m.gap
            box.top = cy - line_h + (row * line_h)
        elif node.label_side == "above":
            box.centerx = cx
            box.bottom = cy - r - m.gap - (1 - row) * line_h
        else:  # below
            box.centerx = cx
            box.top = cy + r + m.gap + row * line_h
        if node.label_side in ("above", "below"):
            box.left = max(box.left, self.frame.content_rect(self.rect, m).left)
        return box

    def _name_rect(self, node: NodeSpec, size: tuple[int, int], text: Text) -> pygame.Rect:
        return self._label_block(node, size, text, 0)

    def _value_rect(self, node: NodeSpec, size: tuple[int, int], text: Text) -> pygame.Rect:
        return self._label_block(node, size, text, 0 if node.label_side == "right" else 1)

    def _weight_origin(self, spec, row: int, label: str, text: Text, line_h: int) -> tuple[int, int]:
        """Top-left of a weight's name (its value follows on the line, or under it when stacked)."""
        x, y = self.transform.point(spec.anchor)
        if spec.align == "stack":
            return x - text.size(label, self.label_size, mono=True)[0] // 2, y
        return x, y + row * line_h

    def _weight_value_rect(self, spec, row: int, label: str, size: tuple[int, int], text: Text) -> pygame.Rect:
        line_h = self._line_h(text)
        x, y = self._weight_origin(spec, row, label, text, line_h)
        box = pygame.Rect(0, 0, *size)
        if spec.align == "stack":
            box.midtop = (self.transform.point(spec.anchor)[0], y + line_h)
        else:
            box.topleft = (x + text.size(label + " ", self.label_size, mono=True)[0], y)
        return box

    def label_rects(self, text: Text) -> dict[str, pygame.Rect]:
        """Every label's rectangle at its widest (for the no-overlap test), keyed by what it is."""
        rects: dict[str, pygame.Rect] = {}
        widest = "\u22120.000"
        for node in self.nodes:
            if node.kind == "op":
                continue
            if node.label_side == "right":
                size = text.size(f"{node.name} = {widest}", self.label_size, mono=True)
                rects[f"{node.key}:label"] = self._value_rect(node, size, text)
                continue
            rects[f"{node.key}:name"] = self._name_rect(node, text.size(node.name, self.label_size, bold=True), text)
            rects[f"{node.key}:value"] = self._value_rect(node, text.size(widest, self.label_size, mono=True), text)
        line_h = self._line_h(text)
        for prefix, spec, name, label in self._weights():
            row = spec.params.index(name)
            x, y = self._weight_origin(spec, row, label, text, line_h)
            rects[f"{prefix}{name}:name"] = pygame.Rect((x, y), text.size(label, self.label_size, mono=True))
            widest_weight = text.size("\u22122.00", self.label_size, mono=True)
            rects[f"{prefix}{name}:value"] = self._weight_value_rect(spec, row, label, widest_weight, text)
        if self.compare:
            rects["rnn:title"] = self._rnn_title_rect(text)
        return rects

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
