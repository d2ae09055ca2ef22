"""The math is written once per purpose in model/, and every way of computing it agrees.

* Scalar: `step`, `run` and the simulation's `StepBuffer` all go through `model.lstm.forward` (the
  basic RNN's `run_rnn` and `RNNBuffer` through `forward_rnn`); `loss_and_grads` fuses the same
  equations with its backward pass, for speed. All equal to the last bit (==), whatever the
  weights, however long the sequence, however it is sliced.
* Batch (numpy, for training): each row of `forward_batch` is the same to the last bit whatever the
  batch size. Against the scalar pass it agrees to a few units in the last place, not exactly:
  numpy evaluates tanh with its own vectorised code (not the C library's `math.tanh`, which differs
  in the last bit for about a third of all inputs on an AVX-512 machine), and the batch takes
  σ(z) as ½·tanh(z/2) + ½ (one tanh call for all four gates) where the scalar pass takes
  1 / (1 + e^-z). Making them bit-equal would mean calling `math` per element, several times slower;
  the screen shows the scalar values, the batch only trains. The tolerance below is the measured
  gap (about 1e-15 in the slider ranges) with room to spare, not a loose "close enough".
"""

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from lstm_arcade.model import (
    PARAM_NAMES,
    PARAM_SPECS,
    RNN_PARAM_SPECS,
    LSTMParams,
    RNNBuffer,
    RNNParams,
    Step,
    StepBuffer,
    loss_and_grads,
    loss_and_grads_batch,
    run,
    run_rnn,
    step,
)
from lstm_arcade.model.batch import forward_batch
from lstm_arcade.sim import Simulation

STEP_FIELDS = tuple(Step.__dataclass_fields__)
TRACE_FIELDS = ("x", "z_f", "z_i", "z_c", "z_o", "f", "i", "c_tilde", "o", "c", "h", "y")
# Batch vs scalar (see the module docstring): relative to max(1, |value|).
BATCH_TOLERANCE = 1e-12
GRAD_TOLERANCE = 1e-10  # the gradients add up many such terms, in another order (matrix products)

finite = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)
inputs = st.one_of(st.sampled_from([0.0, 1.0, -1.0]), st.floats(-5.0, 5.0))


def _params(spec_table, scale: float):
    """Parameters inside the slider ranges times `scale` (scale > 1: beyond any slider)."""
    return st.tuples(
        *(st.floats(s.min * scale, s.max * scale, allow_nan=False) for s in spec_table)
    )


def lstm_params(scale: float = 1.0):
    return _params(PARAM_SPECS, scale).map(lambda v: LSTMParams(**dict(zip(PARAM_NAMES, v, strict=True))))


def rnn_params(scale: float = 1.0):
    names = [s.name for s in RNN_PARAM_SPECS]
    return _params(RNN_PARAM_SPECS, scale).map(lambda v: RNNParams(**dict(zip(names, v, strict=True))))


any_lstm = st.one_of(lstm_params(), lstm_params(50.0), lstm_params(1e6))


def _rows_by_step(p, xs, h=0.0, c=0.0):
    """`step` called once per input, threading the state: the glass box's own way."""
    out = []
    for x in xs:
        s = step(p, x, h, c)
        out.append(s)
        h, c = s.h, s.c
    return out


def _buffer(p, xs, cuts):
    """A StepBuffer filled in slices ending at `cuts` (as the simulation's recompute does)."""
    buf = StepBuffer()
    for end in (*sorted(cuts), len(xs)):
        buf.extend_run(p, xs, min(end, len(xs)))
    return buf


@settings(max_examples=150, deadline=None)
@given(any_lstm, st.lists(inputs, max_size=200), st.lists(st.integers(0, 200), max_size=6))
def test_step_run_and_step_buffer_agree_to_the_last_bit(p, xs, cuts):
    steps = _rows_by_step(p, xs)
    trace = run(p, xs)
    buf = _buffer(p, xs, cuts)
    assert len(trace) == len(buf) == len(xs)
    for name in TRACE_FIELDS:
        assert getattr(trace, name) == [getattr(s, name) for s in steps] == list(buf.columns[name])
    for k, s in enumerate(steps):
        assert buf.get(k) == s


@settings(max_examples=10, deadline=None)
@given(any_lstm, st.integers(0, 2**32 - 1))
def test_a_long_sequence_agrees_to_the_last_bit(p, seed):
    xs = np.random.default_rng(seed).choice([0.0, 1.0, 0.5, -2.0], 20_000).tolist()
    trace = run(p, xs)
    buf = _buffer(p, xs, [1500, 3000, 15_000])
    for name in TRACE_FIELDS:
        assert getattr(trace, name) == list(buf.columns[name])
    # From the state run() ends in, step() continues exactly as a longer run() would.
    longer = run(p, [*xs, 1.0])
    last = step(p, 1.0, trace.h[-1], trace.c[-1])
    assert [getattr(last, n) for n in TRACE_FIELDS] == [getattr(longer, n)[-1] for n in TRACE_FIELDS]


@settings(max_examples=40, deadline=None)
@given(any_lstm, st.lists(inputs, min_size=1, max_size=60))
def test_the_simulation_shows_exactly_run(p, xs):
    sim = Simulation(p, xs)
    while sim.step_forward():
        pass
    assert sim.t == len(xs) and not sim.pending
    trace = run(sim.params, xs)
    for t in range(1, len(xs) + 1):
        s = sim.step_at(t)
        assert [getattr(s, n) for n in TRACE_FIELDS] == [getattr(trace, n)[t - 1] for n in TRACE_FIELDS]


@settings(max_examples=100, deadline=None)
@given(any_lstm, st.lists(inputs, max_size=80), st.lists(finite, max_size=80))
def test_loss_and_grads_forward_is_run(p, xs, targets):
    """Its loss is exactly the squared error of run()'s y: every y(t) is the same to the bit."""
    targets = (targets + [0.0] * len(xs))[: len(xs)]
    loss, _ = loss_and_grads(p, xs, targets)
    if not xs:
        assert loss == 0.0
        return
    errors = [y - d for y, d in zip(run(p, xs).y, targets, strict=True)]
    assert loss == sum(e * e for e in errors) / len(xs)


@settings(max_examples=100, deadline=None)
@given(
    st.one_of(rnn_params(), rnn_params(50.0)),
    st.lists(inputs, max_size=200),
    st.integers(0, 200),
)
def test_basic_rnn_run_and_buffer_agree_to_the_last_bit(p, xs, cut):
    trace = run_rnn(p, xs)
    buf = RNNBuffer()
    buf.extend_run(p, xs, min(cut, len(xs)))
    buf.extend_run(p, xs, len(xs))
    for name in ("z", "h", "y"):
        assert getattr(trace, name) == list(buf.columns[name])
    h = 0.0
    for k, x in enumerate(xs):  # the equation as written, one step at a time
        z = p.w_in * x + p.w_hidden * h + p.b
        h = math.tanh(z)
        assert (trace.z[k], trace.h[k], trace.y[k]) == (z, h, p.w_out * h)


# --- the batch ----------------------------------------------------------------------------------


def _batch_columns(fb, row):
    return {
        "f": fb.gates[:, 0, row], "i": fb.gates[:, 1, row], "c_tilde": fb.gates[:, 2, row],
        "o": fb.gates[:, 3, row], "c": fb.c[1:, row], "h": fb.h[1:, row],
    }


@settings(max_examples=60, deadline=None)
@given(any_lstm, st.integers(1, 300), st.integers(1, 12), st.integers(0, 2**32 - 1))
def test_batch_rows_do_not_depend_on_the_batch(p, n_steps, n_seq, seed):
    x = np.random.default_rng(seed).uniform(-3.0, 3.0, (n_seq, n_steps))
    many = forward_batch(p, x)
    for row in range(n_seq):
        one = forward_batch(p, x[row : row + 1])
        for name, values in _batch_columns(many, row).items():
            assert np.array_equal(values, _batch_columns(one, 0)[name]), name


def _assert_close(batch_values, scalar_values, tolerance, what):
    a, b = np.asarray(batch_values), np.asarray(scalar_values)
    gap = np.abs(a - b) / np.maximum(1.0, np.abs(b))
    assert gap.max(initial=0.0) <= tolerance, f"{what}: {gap.max():.3g}"


@settings(max_examples=80, deadline=None)
@given(lstm_params(), st.integers(1, 300), st.integers(1, 8), st.integers(0, 2**32 - 1))
def test_batch_forward_agrees_with_run(p, n_steps, n_seq, seed):
    x = np.random.default_rng(seed).choice([0.0, 1.0, 0.5, -1.0, 2.5], (n_seq, n_steps))
    fb = forward_batch(p, x)
    for row in range(n_seq):
        trace = run(p, x[row].tolist())
        for name, values in _batch_columns(fb, row).items():
            _assert_close(values, getattr(trace, name), BATCH_TOLERANCE, name)


@settings(max_examples=60, deadline=None)
@given(lstm_params(), st.integers(1, 60), st.integers(1, 8), st.integers(0, 2**32 - 1))
def test_batch_gradients_agree_with_the_scalar_bptt(p, n_steps, n_seq, seed):
    rng = np.random.default_rng(seed)
    x = rng.choice([0.0, 1.0, -1.0, 0.5], (n_seq, n_steps))
    d = rng.uniform(-1.0, 1.0, (n_seq, n_steps))
    loss, grads = loss_and_grads_batch(p, x, d)
    singles = [loss_and_grads(p, x[r].tolist(), d[r].tolist()) for r in range(n_seq)]
    _assert_close(loss, sum(s[0] for s in singles) / n_seq, GRAD_TOLERANCE, "loss")
    for name in PARAM_NAMES:
        mean = sum(getattr(s[1], name) for s in singles) / n_seq
        _assert_close(getattr(grads, name), mean, GRAD_TOLERANCE, name)


def test_the_batch_gap_is_in_the_last_bits():
    """In the slider ranges the batch's h(t) is the scalar pass's to about 1e-15."""
    rng = np.random.default_rng(0)
    p = LSTMParams(w_f=1.3, u_f=-0.7, b_f=0.4, w_c=1.9, u_o=-1.1, w_out=1.5)
    x = rng.uniform(-3.0, 3.0, (16, 100))
    fb = forward_batch(p, x)
    gaps = [
        np.max(np.abs(fb.h[1:, r] - np.asarray(run(p, x[r].tolist()).h))) for r in range(16)
    ]
    assert max(gaps) <= 1e-14
