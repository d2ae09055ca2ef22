"""The math panel: every equation of the current step with its numbers (the glass box)."""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from ...model import Step
from ...sim import Simulation
from .. import paint, theme
from ..frame import Frame, Placed
from ..redraw import Redraw
from ..text import Text
from ..theme import Metrics
from .formatting import linear, num, value, weight
from .panel import PanelFrame


@dataclass(frozen=True)
class Line:
    text: str
    color: theme.Color
    key: str = ""  # which quantity the line computes ("f", "i", …), for highlighting


def math_lines(sim: Simulation, compact: bool = False, rnn: bool | None = None) -> list[Line]:
    """The panel's lines for the shown step, the inspected one when time travelling (pure: tested
    without a window). While comparing (or `rnn`), the basic RNN's equations follow the LSTM's.
    `compact` writes each gate on one line (its numbers only), to make room for the RNN's."""
    if sim.shown_pending:
        return [Line(f"Recomputing with the new weights … {sim.computed:,} / {sim.shown_t:,}", theme.TEXT_DIM)]
    rnn = sim.compare if rnn is None else rnn
    s = sim.shown
    if s is None:
        return _initial_lines(sim) + (_rnn_initial_lines() if rnn else [])
    return _lstm_lines(sim, s, compact) + (rnn_lines(sim) if rnn else []) + pin_lines(sim)


PIN_NAMES = {"f": "f", "i": "i", "c_tilde": "C\u0303", "o": "o", "c_prev": "C({p})", "h_prev": "h({p})",
             "c": "C({t})", "h": "h({t})", "y": "y({t})"}


def pin_lines(sim: Simulation, keys: tuple[str, ...] = ("c", "h", "y")) -> list[Line]:
    """A line per pinned run: its `keys` at the shown step, beside the live numbers above."""
    t = sim.shown_t
    if t == 0:
        return []
    lines = []
    for n, pin in enumerate(sim.pins, 1):
        parts = [
            f"{PIN_NAMES[key].format(t=t, p=t - 1)} = {num(value)}"
            for key in keys
            if (value := pin.at(key, t)) is not None
        ]
        if parts:
            lines.append(Line(f"pin {n}: " + "   ".join(parts), theme.TEXT_DIM, "pin"))
    return lines


def rnn_lines(sim: Simulation) -> list[Line]:
    """The basic RNN's two equations with this step's numbers (keys "rnn_h" and "rnn_y")."""
    t = sim.shown_t
    step = sim.rnn_at(t)
    if step is None:
        return [Line("RNN: recomputing …", theme.TEXT_DIM, "rnn_h")]
    x, h_prev, z, h, y = step
    p = sim.rnn_params
    pad = " " * 4  # short: the line with the numbers is the panel's longest
    x_text, h_text = value(x), num(h_prev)
    return [
        Line(f"RNN h({t}) = tanh(W_in·x + W_hidden·h({t - 1}) + b)", theme.RNN_H, "rnn_h"),
        Line(f"{pad} = tanh({linear(p.w_in, x_text, p.w_hidden, h_text, p.b)}) = tanh({num(z)}) = {num(h)}", theme.RNN_H, "rnn_h"),
        Line(f"RNN y({t}) = W_out·h({t}) = {weight(p.w_out)}·{_f(num(h))} = {num(y)}", theme.RNN_H, "rnn_y"),
    ]


def _rnn_initial_lines() -> list[Line]:
    return [
        Line("RNN h(t) = tanh(W_in·x + W_hidden·h(t-1) + b)", theme.RNN_H, "rnn_h"),
        Line("RNN y(t) = W_out·h(t)      basic RNN, h(0) = 0", theme.RNN_H, "rnn_y"),
    ]


def _lstm_lines(sim: Simulation, s: Step, compact: bool) -> list[Line]:
    p, t = sim.params, sim.shown_t
    x, h = value(s.x), num(s.h_prev)
    lines = [
        Line(f"t = {t}:  x = x({t}) = {x}   h = h({t - 1}) = {h}   C({t - 1}) = {num(s.c_prev)}", theme.TEXT),
    ]
    gates = (
        ("f", "σ", "f", p.w_f, p.u_f, p.b_f, s.z_f, s.f, theme.FORGET_F),
        ("i", "σ", "i", p.w_i, p.u_i, p.b_i, s.z_i, s.i, theme.INPUT_I),
        ("C\u0303", "tanh", "C", p.w_c, p.u_c, p.b_c, s.z_c, s.c_tilde, theme.CANDIDATE),
        ("o", "σ", "o", p.w_o, p.u_o, p.b_o, s.z_o, s.o, theme.OUTPUT_O),
    )
    for name, fn, sub, w, u, b, z, a, color in gates:
        key = "c_tilde" if sub == "C" else name
        pad = " " * len(name.replace("\u0303", ""))  # the combining tilde takes no column
        if compact:  # the numbers say the same as the symbols, in the same order
            lines.append(Line(f"{name} = {fn}({linear(w, x, u, h, b)}) = {fn}({num(z)}) = {num(a)}", color, key))
            continue
        lines.append(Line(f"{name} = {fn}(W_{sub}·x + U_{sub}·h + b_{sub})", color, key))
        lines.append(Line(f"{pad} = {fn}({linear(w, x, u, h, b)}) = {fn}({num(z)}) = {num(a)}", color, key))
    pad = " " * len(f"C({t})")
    if compact:
        return lines + [
            Line(f"C({t}) = f·C({t - 1}) + i·C\u0303 = {num(s.f)}·{_f(num(s.c_prev))} + {num(s.i)}·{_f(num(s.c_tilde))} = {num(s.c)}", theme.CELL_C, "c"),
            Line(f"h({t}) = o·tanh(C({t})) = {num(s.o)}·{_f(_tanh_c(s))} = {num(s.h)}", theme.HIDDEN_H, "h"),
            Line(f"y({t}) = W_out·h({t}) = {weight(p.w_out)}·{_f(num(s.h))} = {num(s.y)}", theme.OUTPUT_Y, "y"),
        ]
    lines += [
        Line(f"C({t}) = f·C({t - 1}) + i·C\u0303", theme.CELL_C, "c"),
        Line(f"{pad} = {num(s.f)}·{_f(num(s.c_prev))} + {num(s.i)}·{_f(num(s.c_tilde))} = {num(s.c)}", theme.CELL_C, "c"),
        Line(f"h({t}) = o·tanh(C({t}))", theme.HIDDEN_H, "h"),
        Line(f"{pad} = {num(s.o)}·tanh({num(s.c)}) = {num(s.o)}·{_f(_tanh_c(s))} = {num(s.h)}", theme.HIDDEN_H, "h"),
        Line(f"y({t}) = W_out·h({t})", theme.OUTPUT_Y, "y"),
        Line(f"{pad} = {weight(p.w_out)}·{_f(num(s.h))} = {num(s.y)}", theme.OUTPUT_Y, "y"),
    ]
    return lines


def _f(text: str) -> str:
    return f"({text})" if text.startswith("\u2212") else text


def _tanh_c(s: Step) -> str:
    import math

    return num(math.tanh(s.c))


def _initial_lines(sim: Simulation) -> list[Line]:
    lines = [
        Line("t = 0: the initial state", theme.TEXT),
        Line("h(0) = 0.000   C(0) = 0.000   (zero memory)", theme.TEXT),
    ]
    nxt = sim.next_input()
    if nxt is None:
        lines.append(Line("Type an input sequence, then press Step.", theme.TEXT_DIM))
    else:
        lines.append(Line(f"Step 1 will read x(1) = {value(nxt)}, h(0) and C(0):", theme.TEXT_DIM))
    lines += [
        Line("f = σ(W_f·x + U_f·h + b_f)     forget gate", theme.FORGET_F, "f"),
        Line("i = σ(W_i·x + U_i·h + b_i)     input gate", theme.INPUT_I, "i"),
        Line("C\u0303 = tanh(W_C·x + U_C·h + b_C)  candidate", theme.CANDIDATE, "c_tilde"),
        Line("o = σ(W_o·x + U_o·h + b_o)     output gate", theme.OUTPUT_O, "o"),
        Line("C(t) = f·C(t-1) + i·C\u0303         cell state", theme.CELL_C, "c"),
        Line("h(t) = o·tanh(C(t))            hidden state", theme.HIDDEN_H, "h"),
        Line("y(t) = W_out·h(t)              output", theme.OUTPUT_Y, "y"),
    ]
    return lines


HIGHLIGHT_BG: theme.Color = (48, 44, 18)  # a dark amber band behind highlighted lines (tests probe it)


class MathPanel(Placed):
    """Draws `math_lines` in the monospace font, shrinking to fit the panel (never below 1/60 H)."""

    region = "math"

    def __init__(self) -> None:
        super().__init__()
        self.frame = PanelFrame("Math", "this step, every number")
        self.lines: list[Line] = []  # what the last frame showed, and at which font size
        self.size = 0
        self.redraw = Redraw()  # the lines the screen holds in the panel's place

    def draw(self, surface: pygame.Surface, frame: Frame) -> None:
        """The lines; those of the node clicked in the diagram stand out."""
        with paint.clipped(surface, self.rect):
            self.render(surface, self.rect, frame.sim, frame.text, self.metrics, frame.math_key, frame.clean)

    def render(
        self,
        surface: pygame.Surface,
        rect: pygame.Rect,
        sim: Simulation,
        text: Text,
        m: Metrics,
        highlight: str | None = None,
        on_screen: bool = False,
    ) -> None:
        """Draw the lines; those whose key is `highlight` (a node clicked in the diagram) stand out.
        `on_screen`: the screen holds what the panel drew last frame (nothing drawn over it)."""
        lines = math_lines(sim)
        shown = (tuple(rect), m.height, highlight, sim.compare or bool(sim.pins), tuple(lines))
        if self.redraw.unchanged(shown, on_screen):
            return
        self.frame.draw(surface, rect, text, m)
        area = self.frame.content_rect(rect, m)
        size = _fitting_size(text, lines, area, m)
        if (sim.compare or sim.pins) and not _fits(text, lines, area, size):
            # With the RNN's or the pins' lines too, the full form no longer fits: each gate on one line.
            lines = math_lines(sim, compact=True)
            size = _fitting_size(text, lines, area, m)
        self.lines, self.size = lines, size
        line_h = round(size * 1.22)
        with paint.clipped(surface, area.inflate(m.gap, 0)):  # room for the highlight's bar left of the text
            y = area.y
            for line in lines:
                if highlight is not None and line.key == highlight:
                    band = pygame.Rect(area.x - m.gap // 2, y, area.width + m.gap, line_h)
                    pygame.draw.rect(surface, HIGHLIGHT_BG, band)
                    pygame.draw.rect(surface, theme.FOCUS, (band.x, band.y, max(2, m.px(4)), band.h))
                text.draw_mono(surface, line.text, size, line.color, (area.x, y))
                y += line_h


def _fits(text: Text, lines: list[Line], area: pygame.Rect, size: int) -> bool:
    longest = max(len(line.text.replace("\u0303", "")) for line in lines)
    advance = text.font(size, mono=True).size("0")[0]
    return longest * advance <= area.width and len(lines) * round(size * 1.22) <= area.height


def _fitting_size(text: Text, lines: list[Line], area: pygame.Rect, m: Metrics) -> int:
    """The largest font size from body down to the floor at which the lines fit the area."""
    for size in range(m.body, m.small - 1, -1):
        if _fits(text, lines, area, size):
            return size
    return m.small
