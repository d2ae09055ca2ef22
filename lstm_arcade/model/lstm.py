"""The LSTM cell: forward trace and gradients by backpropagation through time.

Scalars only (1 input, 1 cell, 1 output), written with `math` so every number can be followed by
hand. Equations (DESIGN.md §2), for t = 1 … T with h(0) = h0, C(0) = c0:

    f = σ(W_f·x + U_f·h(t-1) + b_f)      i = σ(W_i·x + U_i·h(t-1) + b_i)
    C̃ = tanh(W_C·x + U_C·h(t-1) + b_C)   o = σ(W_o·x + U_o·h(t-1) + b_o)
    C(t) = f·C(t-1) + i·C̃                h(t) = o·tanh(C(t))          y(t) = W_out·h(t)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

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


def step(p: LSTMParams, x: float, h_prev: float, c_prev: float) -> Step:
    """One time step of the cell."""
    z_f = p.w_f * x + p.u_f * h_prev + p.b_f
    z_i = p.w_i * x + p.u_i * h_prev + p.b_i
    z_c = p.w_c * x + p.u_c * h_prev + p.b_c
    z_o = p.w_o * x + p.u_o * h_prev + p.b_o
    f, i, g, o = sigmoid(z_f), sigmoid(z_i), math.tanh(z_c), sigmoid(z_o)
    c = f * c_prev + i * g
    h = o * math.tanh(c)
    return Step(x, h_prev, c_prev, z_f, z_i, z_c, z_o, f, i, g, o, c, h, p.w_out * h)


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
    trace = Trace()
    h, c = float(h0), float(c0)
    for x in xs:
        s = step(params, float(x), h, c)
        trace.append(s)
        h, c = s.h, s.c
    return trace


def loss_and_grads(
    params: LSTMParams, xs: Sequence[float], targets: Sequence[float]
) -> tuple[float, LSTMParams]:
    """Mean squared error of y against the targets, and its gradient for all 13 parameters (BPTT)."""
    if len(xs) != len(targets):
        raise ValueError(f"targets has {len(targets)} values but the input has {len(xs)}")
    n = len(xs)
    if n == 0:
        return 0.0, LSTMParams(**{k: 0.0 for k in params.as_dict()})
    tr = run(params, xs)
    errors = [y - float(d) for y, d in zip(tr.y, targets)]
    loss = sum(e * e for e in errors) / n

    g = dict.fromkeys(params.as_dict(), 0.0)
    p = params
    dh_next = 0.0  # dL/dh(t) arriving from step t+1
    dc_next = 0.0  # dL/dC(t) arriving from step t+1
    for k in reversed(range(n)):
        x = tr.x[k]
        h_prev = tr.h[k - 1] if k else 0.0
        c_prev = tr.c[k - 1] if k else 0.0
        f, i, gt, o, c = tr.f[k], tr.i[k], tr.c_tilde[k], tr.o[k], tr.c[k]

        dy = 2.0 * errors[k] / n
        g["w_out"] += dy * tr.h[k]
        dh = dy * p.w_out + dh_next
        tanh_c = math.tanh(c)
        dc = dh * o * (1.0 - tanh_c * tanh_c) + dc_next

        dz = {
            "f": dc * c_prev * f * (1.0 - f),
            "i": dc * gt * i * (1.0 - i),
            "c": dc * i * (1.0 - gt * gt),
            "o": dh * tanh_c * o * (1.0 - o),
        }
        dh_next = 0.0
        for gate, d in dz.items():
            g[f"w_{gate}"] += d * x
            g[f"u_{gate}"] += d * h_prev
            g[f"b_{gate}"] += d
            dh_next += d * getattr(p, f"u_{gate}")
        dc_next = dc * f
    return loss, LSTMParams(**g)
