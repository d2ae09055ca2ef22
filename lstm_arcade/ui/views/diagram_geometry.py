"""Where every node, wire and label of the network diagram sits (pure geometry, no drawing).

The cell is designed on a 1270 × 370 grid (the diagram's content area at 1920×1080) and scaled
uniformly into whatever rectangle it gets. Wires are orthogonal polylines. Each carries the part of
the step animation (`start`, `end` in 0 … 1) during which a pulse runs along it, in the order the
computation happens: inputs → gates → × and + on the highway → tanh → outputs.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

import pygame

from .. import theme

GRID_W, GRID_H = 1270.0, 370.0
# Compare mode: the grid gains a column on the right for the small basic-RNN cell.
RNN_X0 = 1290.0
GRID_W_COMPARE = 1610.0
Point = tuple[float, float]


@dataclass(frozen=True)
class NodeSpec:
    key: str  # the quantity it shows: "f", "c_tilde", "x", "h_prev", … or an operation
    kind: str  # "gate", "op", "input", "state", "output"
    symbol: str  # drawn inside: σ, tanh, ×, +, or "" for value nodes
    name: str  # its label: f(t), C(t-1), …; "" for operations
    tone: str  # the theme colour's name, e.g. "CELL_C" (read when drawn: --palette sets it later)
    center: Point
    radius: float
    label_side: str  # where the name and value go: "left", "right", "above", "below"
    arrive: float  # animation phase at which the pulse reaches it and it lights up

    @property
    def color(self) -> theme.Color:
        return theme.color(self.tone)


@dataclass(frozen=True)
class WireSpec:
    points: tuple[Point, ...]
    tone: str  # the theme colour's name
    width: float
    start: float
    end: float
    source: str = ""  # the node whose value the wire carries (its brightness follows it)
    dashed: bool = False
    floor: float = 0.25  # its brightness when the value is 0 (the highway never goes dark)

    @property
    def color(self) -> theme.Color:
        return theme.color(self.tone)


@dataclass(frozen=True)
class WeightLabelSpec:
    """A connection's weight labels, one line per parameter, left-aligned at `anchor`."""

    params: tuple[str, ...]
    anchor: Point
    tone: str  # the theme colour's name
    align: str = "left"  # or "stack": the label, then its value under it, both centred

    @property
    def color(self) -> theme.Color:
        return theme.color(self.tone)


GATE_Y, MID_Y, HIGHWAY_Y, BUS_Y, LOOP_Y = 185.0, 105.0, 30.0, 300.0, 364.0
X_F, X_I, X_C, X_O = 300.0, 480.0, 660.0, 840.0
X_IN_MUL, X_TANH, X_H, X_Y, X_RIGHT = 570.0, 950.0, 1060.0, 1225.0, 1225.0
X_LEFT = 40.0
GATE_R, OP_R, STATE_R = 30.0, 20.0, 22.0

NODES: tuple[NodeSpec, ...] = (
    NodeSpec("c_prev", "state", "", "C(t-1)", "CELL_C", (X_LEFT, HIGHWAY_Y), STATE_R, "below", 0.0),
    NodeSpec("h_prev", "input", "", "h(t-1)", "INPUT_X", (X_LEFT, BUS_Y), STATE_R, "above", 0.0),
    NodeSpec("x", "input", "", "x(t)", "INPUT_X", (170.0, 334.0), 18.0, "right", 0.0),
    NodeSpec("f", "gate", "σ", "f(t)", "FORGET_F", (X_F, GATE_Y), GATE_R, "left", 0.24),
    NodeSpec("i", "gate", "σ", "i(t)", "INPUT_I", (X_I, GATE_Y), GATE_R, "left", 0.26),
    NodeSpec("c_tilde", "gate", "tanh", "C\u0303(t)", "CANDIDATE", (X_C, GATE_Y), GATE_R, "left", 0.28),
    NodeSpec("o", "gate", "σ", "o(t)", "OUTPUT_O", (X_O, GATE_Y), GATE_R, "left", 0.30),
    NodeSpec("forget_mul", "op", "×", "", "TEXT", (X_F, HIGHWAY_Y), OP_R, "", 0.45),
    NodeSpec("input_mul", "op", "×", "", "TEXT", (X_IN_MUL, MID_Y), OP_R, "", 0.45),
    NodeSpec("add", "op", "+", "", "TEXT", (X_IN_MUL, HIGHWAY_Y), OP_R, "", 0.56),
    NodeSpec("c", "state", "", "C(t)", "CELL_C", (X_RIGHT, HIGHWAY_Y), STATE_R, "below", 0.70),
    NodeSpec("tanh_c", "op", "tanh", "", "TEXT", (X_TANH, MID_Y), 26.0, "", 0.74),
    NodeSpec("out_mul", "op", "×", "", "TEXT", (X_TANH, GATE_Y), OP_R, "", 0.82),
    NodeSpec("h", "output", "", "h(t)", "HIDDEN_H", (X_H, GATE_Y), 24.0, "above", 0.88),
    NodeSpec("y", "output", "", "y(t)", "OUTPUT_Y", (X_Y, GATE_Y), 24.0, "below", 0.96),
)
NODE_BY_KEY = {node.key: node for node in NODES}


def _edge(key: str, side: str) -> Point:
    """The point where a wire meets a node's circle, on its top, bottom, left or right."""
    node = NODE_BY_KEY[key]
    (x, y), r = node.center, node.radius
    return {"top": (x, y - r), "bottom": (x, y + r), "left": (x - r, y), "right": (x + r, y)}[side]


def _wires() -> tuple[WireSpec, ...]:
    green, blue = "INPUT_X", "CELL_C"
    bus_end = X_O
    wires = [
        # [h(t-1), x(t)]: one bus under the gates, one tap up into each gate.
        WireSpec((_edge("h_prev", "right"), (bus_end, BUS_Y)), green, 3, 0.0, 0.16, "h_prev"),
        WireSpec((_edge("x", "top"), (170.0, BUS_Y)), green, 3, 0.0, 0.03, "x"),
    ]
    for gate, gx in (("f", X_F), ("i", X_I), ("c_tilde", X_C), ("o", X_O)):
        reach = 0.16 * (gx - X_LEFT) / (bus_end - X_LEFT)  # when the bus pulse passes the tap
        wires.append(WireSpec(((gx, BUS_Y), _edge(gate, "bottom")), green, 3, reach, reach + 0.08))
    wires += [
        # Gates to the operations.
        WireSpec((_edge("f", "top"), _edge("forget_mul", "bottom")), "FORGET_F", 3, 0.30, 0.45, "f"),
        WireSpec((_edge("i", "top"), (X_I, MID_Y), _edge("input_mul", "left")), "INPUT_I", 3, 0.30, 0.45, "i"),
        WireSpec(
            (_edge("c_tilde", "top"), (X_C, MID_Y), _edge("input_mul", "right")),
            "CANDIDATE", 3, 0.30, 0.45, "c_tilde",
        ),
        WireSpec((_edge("input_mul", "top"), _edge("add", "bottom")), "TEXT_DIM", 3, 0.45, 0.56),
        # The cell-state highway: C(t-1) → × (forget) → + (input) → C(t).
        WireSpec((_edge("c_prev", "right"), _edge("forget_mul", "left")), blue, 6, 0.10, 0.45, "c_prev", floor=0.5),
        WireSpec((_edge("forget_mul", "right"), _edge("add", "left")), blue, 6, 0.45, 0.56, "kept", floor=0.5),
        WireSpec((_edge("add", "right"), _edge("c", "left")), blue, 6, 0.56, 0.70, "c", floor=0.5),
        # h(t) = o(t) · tanh(C(t)), then y(t) = W_out · h(t).
        WireSpec(((X_TANH, HIGHWAY_Y), _edge("tanh_c", "top")), blue, 3, 0.62, 0.74),
        WireSpec((_edge("tanh_c", "bottom"), _edge("out_mul", "top")), "TEXT_DIM", 3, 0.74, 0.82),
        WireSpec((_edge("o", "right"), _edge("out_mul", "left")), "OUTPUT_O", 3, 0.60, 0.82, "o"),
        WireSpec((_edge("out_mul", "right"), _edge("h", "left")), "HIDDEN_H", 3, 0.82, 0.88, "h"),
        WireSpec((_edge("h", "right"), _edge("y", "left")), "OUTPUT_Y", 3, 0.88, 0.96, "y"),
        # h(t) loops back, under everything, as the next step's h(t-1).
        WireSpec(
            (_edge("h", "bottom"), (X_H, LOOP_Y), (X_LEFT, LOOP_Y), _edge("h_prev", "bottom")),
            "HIDDEN_H", 2, 0.90, 1.0, dashed=True,  # static: many dashes, no per-frame recolour
        ),
    ]
    return tuple(wires)


WIRES = _wires()

# Dots where a wire splits off another, so that a branch never reads as a crossing.
JUNCTIONS: tuple[tuple[Point, str], ...] = (  # (where, the theme colour's name)
    *(((x, BUS_Y), "INPUT_X") for x in (170.0, X_F, X_I, X_C)),
    ((X_TANH, HIGHWAY_Y), "CELL_C"),
)

WEIGHT_LABELS: tuple[WeightLabelSpec, ...] = (
    WeightLabelSpec(("w_f", "u_f"), (X_F + 12, 224.0), "FORGET_F"),
    WeightLabelSpec(("w_i", "u_i"), (X_I + 12, 224.0), "INPUT_I"),
    WeightLabelSpec(("w_c", "u_c"), (X_C + 12, 224.0), "CANDIDATE"),
    WeightLabelSpec(("w_o", "u_o"), (X_O + 12, 224.0), "OUTPUT_O"),
    WeightLabelSpec(("w_out",), (1125.0, GATE_Y + 8), "OUTPUT_Y", "stack"),
)


# --- the basic RNN (compare mode) -------------------------------------------------------------
# One tanh neuron: x(t) enters from below through W_in, its own output comes back through
# W_hidden (the recurrent loop over the top), b is its bias, and y(t) = W_out·h(t) leaves right.
RNN_Y, RNN_LOOP_Y, RNN_X_N, RNN_X_J, RNN_X_Y = 215.0, 110.0, 1425.0, 1495.0, 1540.0
RNN_FRAME = (RNN_X0, 4.0, GRID_W_COMPARE - 4.0, 366.0)  # left, top, right, bottom
RNN_NODES: tuple[NodeSpec, ...] = (
    NodeSpec("rnn_h", "state", "tanh", "h(t)", "RNN_H", (RNN_X_N, RNN_Y), 32.0, "left", 0.5),
    NodeSpec("rnn_x", "input", "", "x", "INPUT_X", (RNN_X_N, 340.0), 14.0, "right", 0.0),
    NodeSpec("rnn_y", "output", "", "y(t)", "OUTPUT_Y", (RNN_X_Y, RNN_Y), 18.0, "above", 0.9),
)
RNN_NODE_BY_KEY = {node.key: node for node in RNN_NODES}


def _rnn_edge(key: str, side: str) -> Point:
    node = RNN_NODE_BY_KEY[key]
    (x, y), r = node.center, node.radius
    return {"top": (x, y - r), "bottom": (x, y + r), "left": (x - r, y), "right": (x + r, y)}[side]


RNN_WIRES: tuple[WireSpec, ...] = (
    WireSpec((_rnn_edge("rnn_x", "top"), _rnn_edge("rnn_h", "bottom")), "INPUT_X", 3, 0.0, 0.5, "rnn_x"),
    WireSpec((_rnn_edge("rnn_h", "right"), _rnn_edge("rnn_y", "left")), "OUTPUT_Y", 3, 0.5, 0.9, "rnn_y"),
    WireSpec(
        ((RNN_X_J, RNN_Y), (RNN_X_J, RNN_LOOP_Y), (RNN_X_N, RNN_LOOP_Y), _rnn_edge("rnn_h", "top")),
        "RNN_H", 3, 0.5, 1.0, "rnn_h",
    ),
)
RNN_JUNCTIONS: tuple[tuple[Point, str], ...] = (((RNN_X_J, RNN_Y), "RNN_H"),)
# The weights, each a name with its value beside it or under it ("stack"): W_hidden over the loop,
# b and W_in in a column left of the neuron, W_out under the output wire.
RNN_WEIGHT_LABELS: tuple[WeightLabelSpec, ...] = (
    WeightLabelSpec(("w_hidden",), (RNN_X0 + 40.0, 62.0), "RNN_H"),
    WeightLabelSpec(("b",), (RNN_X0 + 60.0, 118.0), "RNN_H", "stack"),
    WeightLabelSpec(("w_in",), (RNN_X0 + 60.0, 262.0), "INPUT_X", "stack"),
    WeightLabelSpec(("w_out",), (RNN_X_J + 10.0, RNN_Y + 22.0), "OUTPUT_Y", "stack"),
)
RNN_TITLE_AT: Point = (RNN_X0 + 14.0, 14.0)


MAX_STRETCH = 1.6  # how much further one axis may scale than the other (room for labels)


class Transform:
    """Grid coordinates → pixels: fits the grid in `area`, centred. Positions may stretch one axis
    up to MAX_STRETCH times the other (a portrait panel gives the labels height); lengths (radii,
    wire widths) follow the smaller scale, so circles stay round."""

    def __init__(self, area: pygame.Rect, grid_w: float = GRID_W) -> None:
        self.scale = min(area.width / grid_w, area.height / GRID_H)
        self.sx = min(area.width / grid_w, self.scale * MAX_STRETCH)
        self.sy = min(area.height / GRID_H, self.scale * MAX_STRETCH)
        self.x0 = area.x + (area.width - grid_w * self.sx) / 2
        self.y0 = area.y + (area.height - GRID_H * self.sy) / 2

    def point(self, p: Point) -> tuple[int, int]:
        return round(self.x0 + p[0] * self.sx), round(self.y0 + p[1] * self.sy)

    def length(self, value: float) -> int:
        return max(1, round(value * self.scale))


def is_orthogonal(points: tuple[Point, ...]) -> bool:
    """Every segment horizontal or vertical."""
    return all(a[0] == b[0] or a[1] == b[1] for a, b in pairwise(points))
