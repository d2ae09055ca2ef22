"""What the diagram says about each node: its shown value and its tooltip (pure, no drawing)."""

from __future__ import annotations

import math

from ...i18n import N_, tr
from ...model import Step
from ...sim import Simulation
from .. import theme
from .formatting import num, value
from .math_panel import Line, math_lines, pin_lines

TILDE = "\u0303"
DASH = "—"

# A visitor's one-line meaning of each node: the first line of its tooltip (translated when shown).
MEANING: dict[str, str] = {
    "x": N_("Input x(t): this step's number from the sequence"),
    "h_prev": N_("h(t-1): the last step's output, fed back in"),
    "c_prev": N_("C(t-1): the memory carried in from the last step"),
    "f": N_("Forget gate: how much of the old memory to keep (0 none, 1 all)"),
    "i": N_("Input gate: how much of the candidate to write (0 none, 1 all)"),
    "c_tilde": N_("Candidate C\u0303: the new value that could be written (−1 … 1)"),
    "o": N_("Output gate: how much of the memory to show as h(t)"),
    "forget_mul": N_("×: the old memory, scaled by the forget gate"),
    "input_mul": N_("×: the candidate C\u0303, scaled by the input gate"),
    "add": N_("+: kept memory plus written candidate is the new memory C(t)"),
    "c": N_("C(t): the new memory, carried along the highway to the next step"),
    "tanh_c": N_("tanh: squeezes the memory into −1 … 1"),
    "out_mul": N_("×: the squeezed memory, scaled by the output gate, is h(t)"),
    "h": N_("h(t): the hidden state, this step's output and the next step's h(t-1)"),
    "y": N_("y(t) = W_out·h(t): the output neuron"),
    "rnn_h": N_("Basic RNN's hidden neuron: glows on input, fades as its memory decays"),
    "rnn_x": N_("x(t): the same input, fed to the basic RNN through W_in"),
    "rnn_y": N_("Basic RNN's output y(t) = W_out·h(t)"),
}
NO_NUMBERS = N_("Take a step to see its numbers")
_MATH_KEY = {"add": "c", "out_mul": "h", "c": "c", "h": "h", "y": "y"}
_GATES = ("f", "i", "c_tilde", "o")
# The math-panel lines a click on a node highlights: its own equation, or the one it is part of.
_HIGHLIGHT_KEY = {**_MATH_KEY, "forget_mul": "c", "input_mul": "c", "tanh_c": "h"}


# The graph series a click on a node makes stand out (C̃ has no series of its own).
_SERIES_KEY = {
    "x": "x", "h_prev": "h", "c_prev": "c", "f": "f", "i": "i", "o": "o", "c": "c", "h": "h",
    "y": "y", "forget_mul": "f", "input_mul": "i", "add": "c", "tanh_c": "h", "out_mul": "h",
    "rnn_h": "rnn_h", "rnn_y": "rnn_h", "rnn_x": "x",
}


def series_key(node_key: str | None) -> str | None:
    """The graph series that belongs to a diagram node, if any."""
    return _SERIES_KEY.get(node_key or "")


def math_key(node_key: str | None) -> str | None:
    """The key of the math-panel lines that belong to a diagram node (None: no equation of its own)."""
    if node_key in _GATES:
        return node_key
    if node_key in ("rnn_h", "rnn_y"):
        return node_key
    return _HIGHLIGHT_KEY.get(node_key or "")


def step_value(s: Step | None, key: str) -> float | None:
    """A node's or wire's value in step `s`; None before the first step, except the zero state."""
    if s is None:
        return 0.0 if key in ("c", "h", "c_prev", "h_prev", "kept") else None
    if key == "kept":  # f·C(t-1): the memory that passes the forget gate
        return s.f * s.c_prev
    return getattr(s, key, None)


def node_value(key: str, sim: Simulation) -> float | None:
    """The number a value node shows for the shown step (None: nothing to show yet)."""
    t = sim.shown_t
    s = sim.step_at(t)
    if s is None and not (t == 0 and key in ("c", "h")):
        return None  # at t = 0 only the initial state C(0) = h(0) = 0 exists
    return step_value(s, key)


def rnn_value(key: str, sim: Simulation, t: int) -> float | None:
    """The basic RNN's x(t), h(t) or y(t) at step t (h(0) = y(0) = 0; None when not computed)."""
    if t <= 0:
        return None if key == "rnn_x" else 0.0
    step = sim.rnn_at(t)
    if step is None:
        return None
    x, _, _, h, y = step
    return {"rnn_x": x, "rnn_h": h, "rnn_y": y}[key]


def value_text(key: str, v: float | None, decimals: int = 3) -> str:
    """A node's shown value: an input as typed, anything else to `decimals` places."""
    if v is None:
        return DASH
    return value(v) if key == "x" else num(v, decimals)


def brightness(key: str, v: float | None) -> float:
    """0 … 1: a gate's activation, a state's magnitude (squashed where it is unbounded)."""
    if v is None:
        return 0.0
    if key in ("f", "i", "o"):
        return v
    # Magnitudes on a gentle curve, so that a small remembered value still visibly glows.
    if key in ("c", "c_prev", "kept"):
        return math.tanh(abs(v)) ** 0.6
    return min(1.0, abs(v)) ** 0.6


def tooltip_lines(key: str, sim: Simulation) -> list[Line]:
    """The node's meaning, then its equation with this step's numbers."""
    lines = [Line(tr(MEANING[key]), theme.TEXT)]
    t = sim.shown_t
    if key.startswith("rnn_"):
        if key == "rnn_x":
            v = rnn_value(key, sim, t)
            return lines + [Line(f"x({t}) = {value(v)}" if v is not None else tr(NO_NUMBERS), theme.TEXT_DIM)]
        rows = [line for line in math_lines(sim, rnn=True) if line.key == key]
        return lines + (rows or [Line(tr(NO_NUMBERS), theme.TEXT_DIM)])
    s = sim.step_at(t)
    if s is None:
        if t == 0 and key in ("c", "h"):
            state = f"{'C' if key == 'c' else 'h'}(0) = 0.000"
            # TRANSLATORS: {state} is an equation such as "C(0) = 0.000": keep it as it is.
            return lines + [Line(tr("{state}  (no memory yet)", state=state), theme.TEXT_DIM)]
        return lines + [Line(tr(NO_NUMBERS), theme.TEXT_DIM)]
    math_key = key if key in _GATES else _MATH_KEY.get(key)
    if math_key is not None:
        lines += [line for line in math_lines(sim) if line.key == math_key]
    else:
        lines += [Line(text, theme.TEXT_DIM) for text in _operation(key, s, t)]
    pinned = _PIN_KEY.get(key)
    return lines + (pin_lines(sim, (pinned,)) if pinned else [])


# The pinned runs' value a node's tooltip shows beside the live one.
_PIN_KEY = {
    "f": "f", "i": "i", "c_tilde": "c_tilde", "o": "o", "c": "c", "add": "c", "h": "h",
    "out_mul": "h", "y": "y", "c_prev": "c_prev", "h_prev": "h_prev",
}


def _operation(key: str, s: Step, t: int) -> list[str]:
    if key == "x":
        return [f"x({t}) = {value(s.x)}"]
    if key == "h_prev":
        return [f"h({t - 1}) = {num(s.h_prev)}"]
    if key == "c_prev":
        return [f"C({t - 1}) = {num(s.c_prev)}"]
    if key == "forget_mul":
        return [f"f·C({t - 1}) = {num(s.f)}·{_paren(num(s.c_prev))} = {num(s.f * s.c_prev)}"]
    if key == "input_mul":
        return [f"i·C{TILDE} = {num(s.i)}·{_paren(num(s.c_tilde))} = {num(s.i * s.c_tilde)}"]
    if key == "tanh_c":
        return [f"tanh(C({t})) = tanh({num(s.c)}) = {num(math.tanh(s.c))}"]
    raise KeyError(key)


def _paren(text: str) -> str:
    return f"({text})" if text.startswith("\u2212") else text
