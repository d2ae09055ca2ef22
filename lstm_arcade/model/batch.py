"""Loss and BPTT gradients for a whole batch of equal-length sequences at once (numpy).

The same cell as `lstm.loss_and_grads` (DESIGN.md §2), with the batch along the last axis of every
array so that each time step is a handful of numpy operations on rows of `batch` numbers:

* forward: the four pre-activations of a step are one (4, batch) array
  `z = W·x(t) + U·h(t-1) + b`, whose input part `W·x + b` is computed for every step before the
  loop. σ(z) is taken as ½·tanh(z/2) + ½ (the halves are folded into W, U and b of the three
  σ gates), so one `tanh` call gives f, i, C̃ and o together, and nothing can overflow
  whatever the weights or inputs are.
* backward: everything that does not depend on the error flowing back in time (σ', tanh', the
  products that turn dL/dC into dL/dz) is computed for all steps at once; the loop over time only
  carries dL/dh and dL/dC back (a few multiply-adds per step), and the weight gradients are three
  matrix products over all steps and sequences after the loop.

The loss is the mean of (y - target)² over every element, so the gradients equal the average of
the single-sequence `loss_and_grads` over the sequences (they all have the same length).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .params import PARAM_NAMES, LSTMParams

GATE_NAMES = ("f", "i", "c", "o")  # the rows of every (4, …) array here, as the weights name them
# σ(z) = ½·tanh(z/2) + ½ for the gates f, i, o; C̃ = tanh(z) as it is. Gate order: f, i, C̃, o.
_HALF_ARG = np.array([0.5, 0.5, 1.0, 0.5])
_SCALE = np.array([0.5, 0.5, 1.0, 0.5])[:, None]
_SHIFT = np.array([0.5, 0.5, 0.0, 0.5])[:, None]


def _as_batch(values, what: str) -> np.ndarray:
    try:
        array = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{what} must be numbers of shape (batch, time): {exc}") from None
    if array.ndim != 2:
        raise ValueError(f"{what} must have shape (batch, time), got {array.ndim}-D {array.shape}")
    if not np.isfinite(array).all():
        raise ValueError(f"{what} contains a value that is not a finite number")
    return array


def _zero_grads() -> LSTMParams:
    return LSTMParams(**dict.fromkeys(PARAM_NAMES, 0.0))


class BatchForward(NamedTuple):
    """The forward pass of a (batch, time) batch; arrays are (time, …, batch), step t at [t - 1]."""

    gates: np.ndarray  # (time, 4, batch): f, i, C̃, o
    h: np.ndarray  # (time + 1, batch): h[t] = h(t), h[0] = h(0) = 0
    c: np.ndarray  # (time + 1, batch): c[t] = C(t)
    tanh_c: np.ndarray  # (time, batch): tanh(C(t))


def forward_batch(params: LSTMParams, x: np.ndarray) -> BatchForward:
    """The vectorised forward pass over a finite float (batch, time) array, from h(0) = C(0) = 0.

    A sequence's values do not depend on the batch it is in (to the last bit). They equal the
    scalar `lstm.forward`'s to a few units in the last place, not exactly: σ is taken through
    tanh (above), and numpy's vectorised tanh differs from the C library's `math.tanh` in the last
    bit for many inputs; bit-equality would cost a per-element `math` call (tests/test_model_agree.py).
    """
    n_seq, n_steps = x.shape
    p = params
    w = np.array([p.w_f, p.w_i, p.w_c, p.w_o])
    u = np.array([p.u_f, p.u_i, p.u_c, p.u_o])
    b = np.array([p.b_f, p.b_i, p.b_c, p.b_o])
    u_col = (u * _HALF_ARG)[:, None]
    xt = x.T  # (time, batch)
    # z[t] starts as W·x(t) + b (halved for the σ gates); the loop adds U·h(t-1).
    z = xt[:, None, :] * (w * _HALF_ARG)[None, :, None]
    z += (b * _HALF_ARG)[None, :, None]
    gates = np.empty_like(z)  # (time, 4, batch): f, i, C̃, o
    hs = np.zeros((n_steps + 1, n_seq))  # hs[t] = h(t), hs[0] = h(0) = 0
    cs = np.zeros((n_steps + 1, n_seq))  # cs[t] = C(t)
    tanh_c = np.empty((n_steps, n_seq))
    tmp4 = np.empty((4, n_seq))
    tmp = np.empty(n_seq)
    for t in range(n_steps):
        zt = z[t]
        if t:
            np.multiply(u_col, hs[t], out=tmp4)
            zt += tmp4
        g = gates[t]
        np.tanh(zt, out=g)
        g *= _SCALE
        g += _SHIFT
        c = cs[t + 1]
        np.multiply(g[0], cs[t], out=c)
        np.multiply(g[1], g[2], out=tmp)
        c += tmp
        tc = tanh_c[t]
        np.tanh(c, out=tc)
        np.multiply(g[3], tc, out=hs[t + 1])
    return BatchForward(gates, hs, cs, tanh_c)


def loss_and_grads_batch(params: LSTMParams, xs, targets) -> tuple[float, LSTMParams]:
    """Mean squared error over a (batch, time) batch and its gradient for all 13 parameters.

    `xs` and `targets` are array-likes of the same shape (batch, time); every sequence starts
    from h(0) = C(0) = 0. Raises ValueError for other shapes, an empty batch or non-finite values.
    """
    x = _as_batch(xs, "xs")
    d = _as_batch(targets, "targets")
    if x.shape != d.shape:
        raise ValueError(f"targets has shape {d.shape} but xs has shape {x.shape}")
    n_seq, n_steps = x.shape
    if n_seq == 0:
        raise ValueError("the batch is empty: xs needs at least one sequence")
    if n_steps == 0:
        return 0.0, _zero_grads()
    fwd = forward_batch(params, x)
    gates, hs, cs, tanh_c = fwd.gates, fwd.h, fwd.c, fwd.tanh_c
    xt = x.T
    u = np.array([params.u_f, params.u_i, params.u_c, params.u_o])
    w_out = params.w_out
    tmp = np.empty(n_seq)
    h = hs[1:]
    err = h * w_out
    err -= d.T
    count = err.size
    flat_err = err.ravel()
    loss = float(flat_err @ flat_err) / count

    # ---- backward -----------------------------------------------------------------------------
    f, i, gt, o = gates[:, 0], gates[:, 1], gates[:, 2], gates[:, 3]
    # local[k]: dL/dz_k = dL/dC(t)·local[k] for f, i, C̃, and dL/dz_o = dL/dh(t)·local[3].
    local = np.empty((4, n_steps, n_seq))
    np.multiply(f, 1.0 - f, out=local[0])
    local[0] *= cs[:-1]
    np.multiply(i, 1.0 - i, out=local[1])
    local[1] *= gt
    np.multiply(gt, gt, out=local[2])
    np.subtract(1.0, local[2], out=local[2])
    local[2] *= i
    np.multiply(o, 1.0 - o, out=local[3])
    local[3] *= tanh_c
    # dL/dC(t) from dL/dh(t): o·(1 - tanh²C).
    dc_from_dh = tanh_c * tanh_c
    np.subtract(1.0, dc_from_dh, out=dc_from_dh)
    dc_from_dh *= o
    # dL/dh(t-1) = dL/dC(t)·back_c + dL/dh(t)·back_h (through the four gates' U).
    back_c = np.tensordot(u[:3], local[:3], axes=1)
    back_h = local[3] * u[3]
    dy_w = err * (2.0 * w_out / count)  # dL/dy(t)·W_out, straight into h(t)

    dh_all = np.empty((n_steps, n_seq))
    dc_all = np.empty((n_steps, n_seq))
    dh_next = np.zeros(n_seq)
    dc_next = np.zeros(n_seq)
    for t in range(n_steps - 1, -1, -1):
        dh = dh_all[t]
        dc = dc_all[t]
        np.add(dy_w[t], dh_next, out=dh)
        np.multiply(dh, dc_from_dh[t], out=dc)
        dc += dc_next
        np.multiply(dc, back_c[t], out=dh_next)
        np.multiply(dh, back_h[t], out=tmp)
        dh_next += tmp
        np.multiply(dc, f[t], out=dc_next)

    dz = local  # reuse: dL/dz for the four gates, (4, time·batch)
    dz[:3] *= dc_all
    dz[3] *= dh_all
    dz_flat = dz.reshape(4, -1)  # (4, time·batch)
    g_w = dz_flat @ xt.ravel()
    g_u = dz_flat @ hs[:-1].ravel()
    g_b = dz_flat.sum(axis=1)
    g_out = float(flat_err @ h.ravel()) * (2.0 / count)
    # Row k of g_w, g_u, g_b is gate k (f, i, C̃, o): the weights named w_GATE, u_GATE, b_GATE.
    by_name = {
        f"{kind}_{gate}": float(grad[k])
        for k, gate in enumerate(GATE_NAMES)
        for kind, grad in (("w", g_w), ("u", g_u), ("b", g_b))
    }
    grads = LSTMParams(**by_name, w_out=g_out)
    return loss, grads
