"""Training the cell: the optimizers (Adam, plain gradient descent), `fit`, and the `Trainer`.

`fit` is the one-call version (a notebook, a test). The `Trainer` is what the on-screen training
mode drives: the frame loop hands it a time budget each frame (`run_for`) and it does as many whole
updates as fit, keeping its counters, its loss history and why it stopped.

Words used here and on screen:

* an **iteration** is one update of the weights (one gradient, one optimizer step);
* an **epoch** is one pass over the task's batch. The trainer is full-batch by default (every
  iteration uses every sequence of the batch, so one iteration is one epoch): that is the exact
  gradient of the loss on screen, deterministic, and its loss curve is smooth. With
  `minibatch_size` set, each epoch is split into ceil(batch / minibatch_size) iterations over
  consecutive slices of the batch, in order.

After every update the weights are clamped into their slider ranges (`PARAM_SPECS`) unless
`clip_to_ranges` is False, so the sliders always show the real weights.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from operator import attrgetter

import numpy as np

from .batch import loss_and_grads_batch
from .lstm import loss_and_grads
from .params import PARAM_NAMES, PARAM_SPECS, LSTMParams

LEARNING_RATE_RANGE = (0.001, 1.0)  # the learning-rate slider's range (log scale)
DEFAULT_TOLERANCE = 1e-4
DEFAULT_MAX_EPOCHS = 1000
STOP_TOLERANCE = "tolerance"
STOP_MAX_EPOCHS = "max epochs"
STOP_USER = "stopped"

_values = attrgetter(*PARAM_NAMES)  # LSTMParams -> tuple of the 13 floats, in PARAM_NAMES order
_LOWS = tuple(s.min for s in PARAM_SPECS)
_HIGHS = tuple(s.max for s in PARAM_SPECS)


def _clamp_values(values: Sequence[float]) -> list[float]:
    return [max(lo, min(v, hi)) for v, lo, hi in zip(values, _LOWS, _HIGHS, strict=True)]


def _check_lr(lr: float) -> float:
    lr = float(lr)
    if not (math.isfinite(lr) and lr > 0.0):
        raise ValueError(f"learning rate must be a positive number, got {lr!r}")
    return lr


class SGD:
    """Plain gradient descent: w ← w - lr·dL/dw. Has no state; `lr` may be changed at any time."""

    name = "sgd"

    def __init__(self, lr: float) -> None:
        self.lr = _check_lr(lr)

    def reset(self) -> None:
        """Nothing to forget (kept so both optimizers can be used alike)."""

    def step_values(self, values: Sequence[float], grads: Sequence[float]) -> list[float]:
        lr = self.lr
        return [v - lr * g for v, g in zip(values, grads, strict=True)]

    def step(self, params: LSTMParams, grads: LSTMParams) -> LSTMParams:
        """The parameters after one update (not clamped: see `fit`)."""
        return LSTMParams(*self.step_values(_values(params), _values(grads)))


class Adam:
    """Adam (Kingma & Ba 2015) with bias correction; the moment estimates live in the optimizer.

        m ← β1·m + (1-β1)·g      v ← β2·v + (1-β2)·g²      t ← t + 1
        w ← w - lr·m̂ / (√v̂ + ε)  with m̂ = m / (1-β1^t), v̂ = v / (1-β2^t)

    `lr` may be changed between steps (the slider) without losing the moments; `reset()` forgets
    them (new weights, new task).
    """

    name = "adam"

    def __init__(
        self, lr: float, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8
    ) -> None:
        self.lr = _check_lr(lr)
        for label, beta in (("beta1", beta1), ("beta2", beta2)):
            if not 0.0 <= beta < 1.0:
                raise ValueError(f"{label} must be in [0, 1), got {beta!r}")
        if not eps > 0.0:
            raise ValueError(f"eps must be positive, got {eps!r}")
        self.beta1, self.beta2, self.eps = float(beta1), float(beta2), float(eps)
        self.reset()

    def reset(self) -> None:
        self.t = 0
        self.m = [0.0] * len(PARAM_NAMES)
        self.v = [0.0] * len(PARAM_NAMES)

    def step_values(self, values: Sequence[float], grads: Sequence[float]) -> list[float]:
        b1, b2, eps = self.beta1, self.beta2, self.eps
        self.t += 1
        corr1 = 1.0 - b1**self.t
        corr2 = 1.0 - b2**self.t
        lr = self.lr
        m, v = self.m, self.v
        out = []
        for k, (w, g) in enumerate(zip(values, grads, strict=True)):
            mk = b1 * m[k] + (1.0 - b1) * g
            vk = b2 * v[k] + (1.0 - b2) * g * g
            m[k], v[k] = mk, vk
            out.append(w - lr * (mk / corr1) / (math.sqrt(vk / corr2) + eps))
        return out

    def step(self, params: LSTMParams, grads: LSTMParams) -> LSTMParams:
        """The parameters after one update (not clamped: see `fit`)."""
        return LSTMParams(*self.step_values(_values(params), _values(grads)))


Optimizer = Adam | SGD


def make_optimizer(name: str, lr: float) -> Optimizer:
    """ "adam" or "sgd" (the names used in assets/tasks.toml)."""
    kinds = {"adam": Adam, "sgd": SGD}
    if name not in kinds:
        raise ValueError(f"unknown optimizer {name!r} (known: adam, sgd)")
    return kinds[name](lr)


LossFunction = Callable[[LSTMParams], tuple[float, LSTMParams]]


def _loss_function(xs, targets) -> tuple[LossFunction, int]:
    """A function params -> (loss, grads) for one sequence (1-D) or a batch (2-D), and the
    number of sequences. One sequence uses the plain-float `loss_and_grads` (faster there)."""
    x = np.asarray(xs, dtype=np.float64)
    d = np.asarray(targets, dtype=np.float64)
    if x.ndim not in (1, 2):
        raise ValueError(f"xs must be one sequence (1-D) or a batch (2-D), got shape {x.shape}")
    if x.shape != d.shape:
        raise ValueError(f"targets has shape {d.shape} but xs has shape {x.shape}")
    if not (np.isfinite(x).all() and np.isfinite(d).all()):
        raise ValueError("xs and targets must be finite numbers")
    if x.ndim == 2 and x.shape[0] == 0:
        raise ValueError("the batch is empty: xs needs at least one sequence")
    if x.ndim == 1 or x.shape[0] == 1:
        x_list, d_list = x.ravel().tolist(), d.ravel().tolist()
        return (lambda p: loss_and_grads(p, x_list, d_list)), 1
    return (lambda p: loss_and_grads_batch(p, x, d)), x.shape[0]


def fit(
    params: LSTMParams,
    xs,
    targets,
    optimizer: Optimizer,
    iterations: int,
    clip_to_ranges: bool = True,
) -> tuple[LSTMParams, list[float]]:
    """Train for a number of full-batch updates; returns the new parameters and the losses.

    `xs` and `targets` are one sequence (1-D) or a batch (2-D, shape (batch, time)).
    `losses[k]` is the loss the k-th update started from (the loss of the weights before it), so
    the loss of the returned weights is not in the list. The optimizer keeps its state.
    """
    if iterations < 0:
        raise ValueError(f"iterations must be >= 0, got {iterations}")
    loss_fn, _ = _loss_function(xs, targets)
    losses: list[float] = []
    values = list(_values(params))
    p = params
    for _ in range(iterations):
        loss, grads = loss_fn(p)
        losses.append(loss)
        values = optimizer.step_values(values, _values(grads))
        if clip_to_ranges:
            values = _clamp_values(values)
        p = LSTMParams(*values)
    return p, losses


class Trainer:
    """Incremental training that the frame loop drives in time slices.

    State the screen shows: `params` (the current weights), `epoch`, `iteration`, `loss` (the
    loss of the last finished epoch), `losses` (one per iteration), `epoch_losses` (one per epoch),
    `stop_reason` (None while it may go on, else "tolerance", "max epochs" or "stopped").

    An epoch's loss is the size-weighted mean of its iterations' losses, each measured on the
    weights before that update (full-batch: exactly the batch's loss before the update). Training
    stops when an epoch's loss is <= `tolerance`, or when `epoch` reaches `max_epochs`, or on
    `stop()`. The UI may change `optimizer.lr`, `tolerance` and `max_epochs` at any time.
    """

    def __init__(
        self,
        xs,
        targets,
        params: LSTMParams | None = None,
        optimizer: Optimizer | None = None,
        tolerance: float = DEFAULT_TOLERANCE,
        max_epochs: int = DEFAULT_MAX_EPOCHS,
        minibatch_size: int | None = None,
        clip_to_ranges: bool = True,
    ) -> None:
        x = np.asarray(xs, dtype=np.float64)
        d = np.asarray(targets, dtype=np.float64)
        if x.ndim == 1:
            x = x[None, :]
        if d.ndim == 1:
            d = d[None, :]
        _loss_function(x, d)  # validates shapes and values
        n_seq = x.shape[0]
        size = n_seq if minibatch_size is None else int(minibatch_size)
        if size < 1:
            raise ValueError(f"minibatch_size must be >= 1, got {minibatch_size}")
        self.xs, self.targets = x, d
        self._chunks = [
            (_loss_function(x[k : k + size], d[k : k + size])[0], min(size, n_seq - k))
            for k in range(0, n_seq, size)
        ]
        self.batch_size = n_seq
        self.optimizer = optimizer if optimizer is not None else Adam(0.05)
        self.tolerance = float(tolerance)
        self.max_epochs = int(max_epochs)
        self.clip_to_ranges = clip_to_ranges
        self.reset(params)

    @classmethod
    def for_task(cls, task, params: LSTMParams | None = None, **overrides) -> Trainer:
        """A trainer on a task preset's batch, with its optimizer, learning rate, stated loss (as
        the tolerance) and stated maximum epochs; keyword arguments override any of them."""
        xs, targets = task.batch()
        options = {
            "optimizer": make_optimizer(task.optimizer, task.learning_rate),
            "tolerance": task.loss,
            "max_epochs": task.max_epochs,
        }
        options.update(overrides)
        return cls(xs, targets, params=params, **options)

    # ---- state ---------------------------------------------------------------------------------

    def reset(self, params: LSTMParams | None = None) -> None:
        """Back to epoch 0 with these weights (default: the slider defaults), optimizer reset."""
        self.params = params if params is not None else LSTMParams()
        self.optimizer.reset()
        self.epoch = 0
        self.iteration = 0
        self.losses: list[float] = []
        self.epoch_losses: list[float] = []
        self.stop_reason: str | None = None
        self._epoch_sum = 0.0

    @property
    def iterations_per_epoch(self) -> int:
        return len(self._chunks)

    @property
    def loss(self) -> float | None:
        """The last finished epoch's loss (None before the first epoch ends)."""
        return self.epoch_losses[-1] if self.epoch_losses else None

    @property
    def running(self) -> bool:
        """True while training may go on (no stop reason yet)."""
        return self.stop_reason is None

    def stop(self) -> None:
        """The user's Stop: keeps the weights and the counters."""
        if self.stop_reason is None:
            self.stop_reason = STOP_USER

    def resume(self) -> None:
        """Clear the stop reason; training goes on unless tolerance or max epochs still hold."""
        self.stop_reason = None

    # ---- training ------------------------------------------------------------------------------

    def _check_done(self) -> bool:
        if self.stop_reason is not None:
            return True
        if self.epoch_losses and self.epoch_losses[-1] <= self.tolerance:
            self.stop_reason = STOP_TOLERANCE
        elif self.epoch >= self.max_epochs:
            self.stop_reason = STOP_MAX_EPOCHS
        return self.stop_reason is not None

    def step(self) -> bool:
        """One iteration (one update). Returns False, doing nothing, once training has stopped."""
        if self._check_done():
            return False
        chunk = self.iteration % len(self._chunks)
        loss_fn, size = self._chunks[chunk]
        loss, grads = loss_fn(self.params)
        values = self.optimizer.step_values(_values(self.params), _values(grads))
        if self.clip_to_ranges:
            values = _clamp_values(values)
        self.params = LSTMParams(*values)
        self.iteration += 1
        self.losses.append(loss)
        self._epoch_sum += loss * size
        if chunk == len(self._chunks) - 1:
            self.epoch += 1
            self.epoch_losses.append(self._epoch_sum / self.batch_size)
            self._epoch_sum = 0.0
            self._check_done()
        return True

    def run_for(self, budget_s: float, clock: Callable[[], float] = time.perf_counter) -> int:
        """Whole iterations until the time budget (seconds, read from `clock`) is used up.

        Always does at least one iteration (if training has not stopped); never starts one when
        the budget is spent, nor when the average iteration so far would not fit in what is left.
        Returns the number of iterations done.
        """
        start = clock()
        done = 0
        while self.step():
            done += 1
            elapsed = clock() - start
            if elapsed + elapsed / done > budget_s:
                break
        return done

    def run_until_stopped(self) -> int:
        """Train to the end (tolerance or max epochs); returns the iterations done."""
        done = 0
        while self.step():
            done += 1
        return done
