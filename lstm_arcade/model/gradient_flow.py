"""How strongly the output at step T depends on each earlier state: the gradient through time.

For a chosen output step T (1-based), these functions give, for every t = 1 … T, the size of the
total derivative of y(T) with respect to the state at step t, through every path of the recurrence.
They make the vanishing gradient visible: the basic RNN's values shrink by a factor
W_hidden·(1 - h²) per step back, the LSTM's cell state passes its gradient on through the forget
gate, a factor f per step.

What "the state at step t" means (the same convention as the BPTT in `lstm.loss_and_grads`):

- LSTM, ∂y(T)/∂C(t): C(t) is nudged as soon as it is computed, so the nudge reaches y(T) through
  h(t) = o(t)·tanh(C(t)) (and from there through all four gates of step t+1) and through
  C(t+1) = f(t+1)·C(t) + …, and so on up to T.
- LSTM, ∂y(T)/∂h(t): h(t) is nudged after it is computed, with C(t) unchanged; it reaches y(T)
  through the gates of step t+1 (and directly, y(T) = W_out·h(T), when t = T).
- Basic RNN, ∂y(T)/∂h(t): h(t) is nudged after it is computed; it reaches y(T) through
  h(t+1) = tanh(W_in·x(t+1) + W_hidden·h(t) + b), and so on.

One backward pass, O(T). Results are absolute values, plain floats; element k belongs to t = k + 1.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Sequence

from .lstm import Trace, run
from .params import LSTMParams
from .rnn import RNNParams, RNNTrace, run_rnn

# The columns of a Trace the LSTM's backward pass reads (a caller may copy only these).
TRACE_READS = ("x", "f", "i", "c_tilde", "o", "c")


def _check_output_step(xs: Sequence[float], T: int, trace_len: int | None) -> int:
    """T as a plain int (numpy integers welcome); TypeError for floats and bools."""
    if isinstance(T, bool):
        raise TypeError("the output step T must be an int, not bool")
    try:
        T = operator.index(T)
    except TypeError:
        raise TypeError(f"the output step T must be an int, not {type(T).__name__}") from None
    if not 1 <= T <= len(xs):
        raise ValueError(f"the output step T = {T} is outside 1 … {len(xs)}")
    if trace_len is not None and trace_len < T:
        raise ValueError(f"the trace has {trace_len} steps, fewer than T = {T}")
    return T


def lstm_gradient_flow(
    params: LSTMParams,
    xs: Sequence[float],
    T: int,
    *,
    h0: float = 0.0,
    c0: float = 0.0,
    trace: Trace | None = None,
) -> tuple[list[float], list[float]]:
    """|∂y(T)/∂C(t)| and |∂y(T)/∂h(t)| for t = 1 … T (two lists of length T).

    `trace`, if given, must be `run(params, xs, h0, c0)` (or its first T steps or more; only its
    TRACE_READS columns are read); it saves the forward pass. Raises ValueError unless 1 <= T <= len(xs).
    """
    T = _check_output_step(xs, T, None if trace is None else len(trace))
    if trace is None:
        trace = run(params, xs[:T], h0=h0, c0=c0)
    p = params
    f, i, g, o, c = trace.f, trace.i, trace.c_tilde, trace.o, trace.c
    dy_dc = [0.0] * T
    dy_dh = [0.0] * T
    # Step T: y(T) = W_out·h(T), h(T) = o(T)·tanh(C(T)).
    a_h = p.w_out
    tanh_c = math.tanh(c[T - 1])
    a_c = a_h * o[T - 1] * (1.0 - tanh_c * tanh_c)
    dy_dh[T - 1], dy_dc[T - 1] = abs(a_h), abs(a_c)
    u_f, u_i, u_c, u_o, tanh = p.u_f, p.u_i, p.u_c, p.u_o, math.tanh
    tanh_cn = tanh_c  # tanh(C) of the step just carried back through: each is computed once
    for k in range(T - 2, -1, -1):
        # (a_h, a_c) are ∂y(T)/∂h, ∂y(T)/∂C at step k + 2; carry them back through that step,
        # which read h and C of step k + 1. The nudge of C(k+1) goes into C(k+2) through f and
        # into h(k+1); h(k+1) moves the four pre-activations of step k + 2.
        n = k + 1  # index of step k + 2
        f_n, i_n, g_n, o_n = f[n], i[n], g[n], o[n]
        d_f = a_c * c[k] * f_n * (1.0 - f_n)
        d_i = a_c * g_n * i_n * (1.0 - i_n)
        d_g = a_c * i_n * (1.0 - g_n * g_n)
        d_o = a_h * tanh_cn * o_n * (1.0 - o_n)
        a_h = d_f * u_f + d_i * u_i + d_g * u_c + d_o * u_o
        tanh_ck = tanh(c[k])
        a_c = a_h * o[k] * (1.0 - tanh_ck * tanh_ck) + a_c * f_n
        dy_dh[k], dy_dc[k] = abs(a_h), abs(a_c)
        tanh_cn = tanh_ck
    return dy_dc, dy_dh


def rnn_gradient_flow(
    params: RNNParams,
    xs: Sequence[float],
    T: int,
    *,
    h0: float = 0.0,
    trace: RNNTrace | None = None,
) -> list[float]:
    """|∂y(T)/∂h(t)| of the basic RNN for t = 1 … T (a list of length T).

    `trace`, if given, must be `run_rnn(params, xs, h0)` (or its first T steps or more).
    Raises ValueError unless 1 <= T <= len(xs).
    """
    T = _check_output_step(xs, T, None if trace is None else len(trace))
    if trace is None:
        trace = run_rnn(params, xs[:T], h0=h0)
    h = trace.h
    out = [0.0] * T
    a = params.w_out  # ∂y(T)/∂h(T)
    out[T - 1] = abs(a)
    for k in range(T - 2, -1, -1):
        h_next = h[k + 1]
        a = a * (1.0 - h_next * h_next) * params.w_hidden
        out[k] = abs(a)
    return out
