"""The basic RNN of the comparison mode: one tanh neuron with a recurrent loop (no pygame).

The seed's "Hidden neuron" whose memory decays (DESIGN.md §2, the basic-RNN paragraph), for
t = 1 … T with h(0) = h0:

    z(t) = W_in·x(t) + W_hidden·h(t-1) + b      h(t) = tanh(z(t))      y(t) = W_out·h(t)

It is not part of the LSTM: it exists to show, side by side, that the LSTM remembers where the basic
RNN forgets. Its own parameter table has the same `ParamSpec` rows as the LSTM's, in group "rnn".
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from typing import ClassVar

from .params import ParamSpec, SpecParams

RNN_PARAM_SPECS: tuple[ParamSpec, ...] = (
    ParamSpec("w_in", "W_in", -2.0, 2.0, 0.5, "Basic RNN: weight on the input x(t)", "rnn"),
    ParamSpec(
        "w_hidden", "W_hidden", 0.0, 1.0, 0.8, "Basic RNN: weight on h(t-1) (memory decay)", "rnn"
    ),
    ParamSpec("b", "b", -1.0, 1.0, 0.0, "Basic RNN: bias", "rnn"),
    ParamSpec(
        "w_out", "W_out", -2.0, 2.0, 1.0, "Basic RNN: output weight, y(t) = W_out·h(t)", "rnn"
    ),
)
RNN_SPEC_BY_NAME: dict[str, ParamSpec] = {spec.name: spec for spec in RNN_PARAM_SPECS}
RNN_PARAM_NAMES: tuple[str, ...] = tuple(RNN_SPEC_BY_NAME)


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


def run_rnn(params: RNNParams, xs: Sequence[float], h0: float = 0.0) -> RNNTrace:
    """Run the basic RNN over the whole input sequence from the initial state h0."""
    p = params
    trace = RNNTrace()
    h = float(h0)
    for x in xs:
        x = float(x)
        z = p.w_in * x + p.w_hidden * h + p.b
        h = math.tanh(z)
        trace.x.append(x)
        trace.z.append(z)
        trace.h.append(h)
        trace.y.append(p.w_out * h)
    return trace


def _check_table_matches_dataclass() -> None:
    names = tuple(f.name for f in fields(RNNParams))
    defaults = tuple(f.default for f in fields(RNNParams))
    assert names == RNN_PARAM_NAMES, "RNN_PARAM_SPECS and RNNParams disagree"
    assert all(RNN_SPEC_BY_NAME[n].default == d for n, d in zip(names, defaults))


_check_table_matches_dataclass()
