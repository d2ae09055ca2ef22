"""The LSTM cell: forward trace and gradients by backpropagation through time.

Scalars only (1 input, 1 cell, 1 output), written with `math` so every number can be followed by
hand. Equations (DESIGN.md §2), for t = 1 … T with h(0) = h0, C(0) = c0:

    f = σ(W_f·x + U_f·h(t-1) + b_f)      i = σ(W_i·x + U_i·h(t-1) + b_i)
    C̃ = tanh(W_C·x + U_C·h(t-1) + b_C)   o = σ(W_o·x + U_o·h(t-1) + b_o)
    C(t) = f·C(t-1) + i·C̃                h(t) = o·tanh(C(t))          y(t) = W_out·h(t)

The forward pass is written once for showing, in `forward`: `step` (the glass box), `run` and the
simulation's step buffer (model/buffers.py) go through it. Training has its own two: the fused
scalar `loss_and_grads` (bit-equal to `forward`) and the numpy batch in model/batch.py (equal to
a few units in the last place). tests/test_model_agree.py holds them to that.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, fields

from .params import LSTMParams


def sigmoid(z: float) -> float:
    """Logistic function that never overflows, whatever the sign of z."""
    if z >= 0.0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


@dataclass(frozen=True, slots=True)
class Step:
    """Everything one time step computed, with the states it read."""

    x: float
    h_prev: float
    c_prev: float
    z_f: float
    z_i: float
    z_c: float
    z_o: float
    f: float
    i: float
    c_tilde: float
    o: float
    c: float
    h: float
    y: float


_STEP_FIELDS = tuple(f.name for f in fields(Step))
# `forward` returns one flat list of floats, WIDTH per step: the `Step` fields in order (x, h_prev,
# c_prev, z_f … y). Flat, not a tuple per step: those stay alive until the pass ends and the
# garbage collector tracks them (with tuples the drag benchmark's slowest frames took 12-14 ms); it does
# not track floats.
WIDTH = len(_STEP_FIELDS)


def forward(p: LSTMParams, xs: Sequence[float], h0: float = 0.0, c0: float = 0.0) -> list[float]:
    """The one scalar forward pass over the inputs from the states h0, C0 (WIDTH values a step).

    `step`, `run` and the simulation's step buffer all compute through this loop, so their numbers
    are the same to the last bit. σ is written out inline (the same branches as
    `sigmoid`) and the values go into one list: the loop runs thousands of steps per frame.
    """
    w_f, u_f, b_f, w_i, u_i, b_i = p.w_f, p.u_f, p.b_f, p.w_i, p.u_i, p.b_i
    w_c, u_c, b_c, w_o, u_o, b_o, w_out = p.w_c, p.u_c, p.b_c, p.w_o, p.u_o, p.b_o, p.w_out
    exp, tanh = math.exp, math.tanh
    h, c = h0, c0
    out: list[float] = []
    for x in map(float, xs):
        z_f = w_f * x + u_f * h + b_f
        z_i = w_i * x + u_i * h + b_i
        z_c = w_c * x + u_c * h + b_c
        z_o = w_o * x + u_o * h + b_o
        if z_f >= 0.0:
            f = 1.0 / (1.0 + exp(-z_f))
        else:
            e = exp(z_f)
            f = e / (1.0 + e)
        if z_i >= 0.0:
            i = 1.0 / (1.0 + exp(-z_i))
        else:
            e = exp(z_i)
            i = e / (1.0 + e)
        g = tanh(z_c)
        if z_o >= 0.0:
            o = 1.0 / (1.0 + exp(-z_o))
        else:
            e = exp(z_o)
            o = e / (1.0 + e)
        h_prev, c_prev = h, c
        c = f * c_prev + i * g
        h = o * tanh(c)
        out += (x, h_prev, c_prev, z_f, z_i, z_c, z_o, f, i, g, o, c, h, w_out * h)
    return out


def step(p: LSTMParams, x: float, h_prev: float, c_prev: float) -> Step:
    """One time step of the cell."""
    return Step(*forward(p, (x,), float(h_prev), float(c_prev)))


@dataclass
class Trace:
    """Per-step values of a run; element k belongs to time step t = k + 1."""

    x: list[float] = field(default_factory=list)
    z_f: list[float] = field(default_factory=list)
    z_i: list[float] = field(default_factory=list)
    z_c: list[float] = field(default_factory=list)
    z_o: list[float] = field(default_factory=list)
    f: list[float] = field(default_factory=list)
    i: list[float] = field(default_factory=list)
    c_tilde: list[float] = field(default_factory=list)
    o: list[float] = field(default_factory=list)
    c: list[float] = field(default_factory=list)
    h: list[float] = field(default_factory=list)
    y: list[float] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.x)

    def append(self, s: Step) -> None:
        for name in _TRACE_FIELDS:
            getattr(self, name).append(getattr(s, name))


_TRACE_FIELDS = ("x", "z_f", "z_i", "z_c", "z_o", "f", "i", "c_tilde", "o", "c", "h", "y")


def run(params: LSTMParams, xs: Sequence[float], h0: float = 0.0, c0: float = 0.0) -> Trace:
    """Run the cell over the whole input sequence from the initial states h0, c0."""
    values = forward(params, xs, float(h0), float(c0))
    return Trace(**{name: values[_STEP_FIELDS.index(name) :: WIDTH] for name in _TRACE_FIELDS})


def loss_and_grads(
    params: LSTMParams, xs: Sequence[float], targets: Sequence[float]
) -> tuple[float, LSTMParams]:
    """Mean squared error of y against the targets, and its gradient for all 13 parameters (BPTT).

    Training's scalar pass: the equations of `forward` fused with the backward pass on local
    floats, because the trainer calls this thousands of times a second, and the shared `forward`
    plus a backward over its values is about 15 % slower here. Every product and sum is taken in
    `forward`'s order, so the forward numbers are the same to the last bit (test_model_agree.py).
    """
    if len(xs) != len(targets):
        raise ValueError(f"targets has {len(targets)} values but the input has {len(xs)}")
    n = len(xs)
    if n == 0:
        return 0.0, LSTMParams(**{k: 0.0 for k in params.as_dict()})
    p = params
    w_f, u_f, b_f = p.w_f, p.u_f, p.b_f
    w_i, u_i, b_i = p.w_i, p.u_i, p.b_i
    w_c, u_c, b_c = p.w_c, p.u_c, p.b_c
    w_o, u_o, b_o = p.w_o, p.u_o, p.b_o
    w_out = p.w_out
    exp, tanh = math.exp, math.tanh

    # Forward: one tuple per step with what the backward pass reads.
    saved = []
    errors = []
    h = c = 0.0
    for x, d in zip(xs, targets, strict=True):  # same length: checked above
        x = float(x)
        z = w_f * x + u_f * h + b_f
        if z >= 0.0:
            f = 1.0 / (1.0 + exp(-z))
        else:
            e = exp(z)
            f = e / (1.0 + e)
        z = w_i * x + u_i * h + b_i
        if z >= 0.0:
            i = 1.0 / (1.0 + exp(-z))
        else:
            e = exp(z)
            i = e / (1.0 + e)
        gt = tanh(w_c * x + u_c * h + b_c)
        z = w_o * x + u_o * h + b_o
        if z >= 0.0:
            o = 1.0 / (1.0 + exp(-z))
        else:
            e = exp(z)
            o = e / (1.0 + e)
        c_prev, h_prev = c, h
        c = f * c_prev + i * gt
        tanh_c = tanh(c)
        h = o * tanh_c
        saved.append((x, h_prev, c_prev, f, i, gt, o, tanh_c, h))
        errors.append(w_out * h - float(d))
    loss = sum(e * e for e in errors) / n

    # Backward through time.
    g_wf = g_uf = g_bf = g_wi = g_ui = g_bi = 0.0
    g_wc = g_uc = g_bc = g_wo = g_uo = g_bo = g_out = 0.0
    dh_next = 0.0  # dL/dh(t) arriving from step t+1
    dc_next = 0.0  # dL/dC(t) arriving from step t+1
    for k in range(n - 1, -1, -1):
        x, h_prev, c_prev, f, i, gt, o, tanh_c, h = saved[k]
        dy = 2.0 * errors[k] / n
        g_out += dy * h
        dh = dy * w_out + dh_next
        dc = dh * o * (1.0 - tanh_c * tanh_c) + dc_next
        d_f = dc * c_prev * f * (1.0 - f)
        d_i = dc * gt * i * (1.0 - i)
        d_c = dc * i * (1.0 - gt * gt)
        d_o = dh * tanh_c * o * (1.0 - o)
        g_wf += d_f * x
        g_uf += d_f * h_prev
        g_bf += d_f
        g_wi += d_i * x
        g_ui += d_i * h_prev
        g_bi += d_i
        g_wc += d_c * x
        g_uc += d_c * h_prev
        g_bc += d_c
        g_wo += d_o * x
        g_uo += d_o * h_prev
        g_bo += d_o
        dh_next = d_f * u_f + d_i * u_i + d_c * u_c + d_o * u_o
        dc_next = dc * f
    grads = LSTMParams(
        g_wf, g_uf, g_bf, g_wi, g_ui, g_bi, g_wc, g_uc, g_bc, g_wo, g_uo, g_bo, g_out
    )
    return loss, grads
