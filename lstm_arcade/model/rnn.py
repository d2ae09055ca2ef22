"""The basic RNN of the comparison mode: one tanh neuron with a recurrent loop (no pygame).

The seed's "Hidden neuron" whose memory decays (DESIGN.md §2, the basic-RNN paragraph), for
t = 1 … T with h(0) = h0:

    z(t) = W_in·x(t) + W_hidden·h(t-1) + b      h(t) = tanh(z(t))      y(t) = W_out·h(t)

It is not part of the LSTM: it exists to show, side by side, that the LSTM remembers where the basic
RNN forgets. Its parameter table sits beside the LSTM's in params.py (group "rnn").
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from typing import ClassVar

from .params import (
    RNN_PARAM_NAMES,
    RNN_PARAM_SPECS,
    RNN_SPEC_BY_NAME,
    ParamSpec,
    SpecParams,
)


@dataclass(frozen=True)
class RNNParams(SpecParams):
    """The 4 parameters of the one-input, one-neuron, one-output basic RNN (seed defaults)."""

    SPECS: ClassVar[tuple[ParamSpec, ...]] = RNN_PARAM_SPECS
    KIND: ClassVar[str] = "RNN "

    w_in: float = 0.5
    w_hidden: float = 0.8
    b: float = 0.0
    w_out: float = 1.0


@dataclass
class RNNTrace:
    """Per-step values of a basic-RNN run; element k belongs to time step t = k + 1."""

    x: list[float] = field(default_factory=list)
    z: list[float] = field(default_factory=list)  # pre-activation W_in·x + W_hidden·h(t-1) + b
    h: list[float] = field(default_factory=list)
    y: list[float] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.x)


def forward_rnn(
    p: RNNParams, xs: Sequence[float], h0: float = 0.0
) -> tuple[list[float], list[float], list[float]]:
    """The one basic-RNN forward pass: z(t), h(t), y(t) for every input (floats), from h0.

    `run_rnn` and the simulation's buffer both compute through this loop (the same numbers to
    the last bit); plain local floats, because the buffer runs thousands of steps per frame.
    """
    w_in, w_hidden, b, w_out = p.w_in, p.w_hidden, p.b, p.w_out
    tanh = math.tanh
    h = h0
    zs: list[float] = []
    hs: list[float] = []
    ys: list[float] = []
    az, ah, ay = zs.append, hs.append, ys.append
    for x in xs:
        z = w_in * x + w_hidden * h + b
        h = tanh(z)
        az(z), ah(h), ay(w_out * h)
    return zs, hs, ys


def run_rnn(params: RNNParams, xs: Sequence[float], h0: float = 0.0) -> RNNTrace:
    """Run the basic RNN over the whole input sequence from the initial state h0."""
    x = [float(v) for v in xs]
    z, h, y = forward_rnn(params, x, float(h0))
    return RNNTrace(x, z, h, y)


def _check_table_matches_dataclass() -> None:
    names = tuple(f.name for f in fields(RNNParams))
    defaults = tuple(f.default for f in fields(RNNParams))
    assert names == RNN_PARAM_NAMES, "RNN_PARAM_SPECS and RNNParams disagree"
    assert all(RNN_SPEC_BY_NAME[n].default == d for n, d in zip(names, defaults, strict=True))


_check_table_matches_dataclass()
