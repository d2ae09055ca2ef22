"""loss_and_grads_batch: finite differences, agreement with the single-sequence BPTT, shapes."""

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lstm_arcade.model import (
    PARAM_NAMES,
    PARAM_SPECS,
    LSTMParams,
    loss_and_grads,
    loss_and_grads_batch,
    run,
)


def _random_params(rng):
    return LSTMParams(**{s.name: float(rng.uniform(s.min, s.max)) for s in PARAM_SPECS})


def _random_batch(rng, batch, steps):
    xs = rng.uniform(-3, 3, (batch, steps))
    xs[rng.random((batch, steps)) < 0.3] = 1.0  # some exact 0/1 inputs as the tasks use
    return xs, rng.uniform(-2, 2, (batch, steps))


# ---------------------------------------------------------------------------------------------
# The loss
# ---------------------------------------------------------------------------------------------


def test_loss_is_mean_squared_error_over_every_element():
    """loss = mean over all (sequence, step) of (y - target)², y taken from run() per sequence."""
    rng = np.random.default_rng(3)
    params = _random_params(rng)
    xs, targets = _random_batch(rng, 5, 7)
    loss, _ = loss_and_grads_batch(params, xs, targets)
    total = 0.0
    for row, row_targets in zip(xs, targets, strict=True):
        ys = run(params, row.tolist()).y
        total += sum((y - d) ** 2 for y, d in zip(ys, row_targets, strict=True))
    assert loss == pytest.approx(total / 35, rel=1e-12)
    assert isinstance(loss, float) and loss > 0.0


def test_targets_equal_to_the_outputs_give_zero_loss_and_gradients():
    """Targets that are the cell's own outputs: loss 0 and every gradient 0."""
    xs = np.array([[1.0, 0.0, 0.0, 1.0], [0.0, 1.0, 1.0, 0.0]])
    targets = np.array([run(LSTMParams(), row.tolist()).y for row in xs])
    loss, grads = loss_and_grads_batch(LSTMParams(), xs, targets)
    assert loss == pytest.approx(0.0, abs=1e-30)
    for name in PARAM_NAMES:
        assert getattr(grads, name) == pytest.approx(0.0, abs=1e-15), name


# ---------------------------------------------------------------------------------------------
# Gradients against central finite differences
# ---------------------------------------------------------------------------------------------


def _check_batch_gradients(params, xs, targets, grads=None):
    loss, computed = loss_and_grads_batch(params, xs, targets)
    grads = computed if grads is None else grads
    assert isinstance(grads, LSTMParams)
    eps = 1e-6
    abs_tol = 1e-8 * max(1.0, loss)
    for name in PARAM_NAMES:
        v = getattr(params, name)
        up, _ = loss_and_grads_batch(params.with_value(name, v + eps), xs, targets)
        down, _ = loss_and_grads_batch(params.with_value(name, v - eps), xs, targets)
        fd = (up - down) / (2 * eps)
        assert getattr(grads, name) == pytest.approx(fd, rel=1e-5, abs=abs_tol), name


def test_batch_gradients_of_the_seed_example():
    """Default weights, two sequences that should remember their first input."""
    xs = np.array([[1.0, 0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 1.0, 0.0, 0.0]])
    targets = np.array([[1.0] * 5, [0.0, 0.0, 1.0, 1.0, 1.0]])
    _check_batch_gradients(LSTMParams(), xs, targets)


@pytest.mark.parametrize("seed", range(8))
def test_batch_gradients_match_finite_differences(seed):
    """All 13 gradients equal central differences on seeded random parameters and batches."""
    rng = np.random.default_rng(seed)
    batch, steps = int(rng.integers(1, 7)), int(rng.integers(1, 13))
    _check_batch_gradients(_random_params(rng), *_random_batch(rng, batch, steps))


def test_finite_difference_check_catches_a_wrong_gradient():
    """The checker fails when one gradient is 1 % off (so the checks above can fail)."""
    rng = np.random.default_rng(11)
    params = _random_params(rng)
    xs, targets = _random_batch(rng, 3, 6)
    _, grads = loss_and_grads_batch(params, xs, targets)
    _check_batch_gradients(params, xs, targets, grads)
    with pytest.raises(AssertionError, match="u_c"):
        _check_batch_gradients(params, xs, targets, grads.with_value("u_c", grads.u_c * 1.01))


# ---------------------------------------------------------------------------------------------
# Equal to averaging the single-sequence version
# ---------------------------------------------------------------------------------------------


def _assert_equals_average_of_singles(params, xs, targets):
    loss, grads = loss_and_grads_batch(params, xs, targets)
    singles = [loss_and_grads(params, row.tolist(), d.tolist()) for row, d in zip(xs, targets, strict=True)]
    mean_loss = sum(s[0] for s in singles) / len(singles)
    assert loss == pytest.approx(mean_loss, rel=1e-12, abs=1e-15)
    for name in PARAM_NAMES:
        mean_grad = sum(getattr(s[1], name) for s in singles) / len(singles)
        assert getattr(grads, name) == pytest.approx(mean_grad, rel=1e-10, abs=1e-13), name


@pytest.mark.parametrize("seed", range(10))
def test_equals_the_average_of_single_sequence_gradients(seed):
    """Loss and all 13 gradients equal the mean of `loss_and_grads` over the sequences."""
    rng = np.random.default_rng(100 + seed)
    batch, steps = int(rng.integers(1, 9)), int(rng.integers(1, 25))
    xs = rng.uniform(-10, 10, (batch, steps))
    targets = rng.uniform(-2, 2, (batch, steps))
    _assert_equals_average_of_singles(_random_params(rng), xs, targets)


def test_one_sequence_batch_equals_the_single_sequence_version():
    """A batch of one is `loss_and_grads` on that sequence."""
    xs, targets = [1.0, 0.0, -2.0, 0.5, 3.0], [0.2, -0.1, 0.7, 1.0, 0.0]
    params = LSTMParams(w_f=1.2, u_c=-1.5, b_o=0.9, w_out=-1.7)
    single_loss, single = loss_and_grads(params, xs, targets)
    loss, grads = loss_and_grads_batch(params, np.array([xs]), np.array([targets]))
    assert loss == pytest.approx(single_loss, rel=1e-13)
    for name in PARAM_NAMES:
        assert getattr(grads, name) == pytest.approx(getattr(single, name), rel=1e-11), name


PARAMS = st.builds(
    LSTMParams, **{s.name: st.floats(min_value=s.min, max_value=s.max) for s in PARAM_SPECS}
)


@settings(max_examples=40, deadline=None)
@given(
    params=PARAMS,
    shape=st.tuples(st.integers(1, 6), st.integers(1, 15)),
    seed=st.integers(0, 2**32 - 1),
)
def test_equals_average_of_singles_hypothesis(params, shape, seed):
    """The same agreement over hypothesis-chosen parameters and batch shapes."""
    rng = np.random.default_rng(seed)
    xs = rng.uniform(-10, 10, shape)
    targets = rng.uniform(-2, 2, shape)
    _assert_equals_average_of_singles(params, xs, targets)


def test_accepts_lists_and_integer_arrays():
    """Nested lists and integer arrays are taken as float batches."""
    xs = [[1, 0, 1], [0, 0, 1]]
    targets = [[1, 0, 1], [0, 0, 1]]
    a = loss_and_grads_batch(LSTMParams(), xs, targets)
    b = loss_and_grads_batch(LSTMParams(), np.array(xs, dtype=float), np.array(targets, float))
    assert a == b


# ---------------------------------------------------------------------------------------------
# Shapes and values
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("xs", "targets", "match"),
    [
        (np.zeros(5), np.zeros(5), r"\(batch, time\)"),
        (np.zeros((2, 3, 4)), np.zeros((2, 3, 4)), r"\(batch, time\)"),
        (np.zeros((2, 3)), np.zeros((2, 4)), r"targets has shape \(2, 4\) but xs has shape"),
        (np.zeros((2, 3)), np.zeros((3, 3)), "targets has shape"),
        (np.zeros((0, 3)), np.zeros((0, 3)), "empty"),
        (np.array([[1.0, np.nan]]), np.zeros((1, 2)), "finite"),
        (np.zeros((1, 2)), np.array([[np.inf, 0.0]]), "targets.*finite"),
        ([["a", "b"]], [[0.0, 0.0]], "numbers"),
    ],
)
def test_bad_shapes_and_values_raise_value_error(xs, targets, match):
    """Wrong dimensions, mismatched shapes, an empty batch, NaN/inf, text: clear ValueErrors."""
    with pytest.raises(ValueError, match=match):
        loss_and_grads_batch(LSTMParams(), xs, targets)


def test_zero_steps_give_zero_loss_and_gradients():
    """Sequences of length 0: loss 0 and zero gradients, like the single-sequence version."""
    loss, grads = loss_and_grads_batch(LSTMParams(), np.zeros((3, 0)), np.zeros((3, 0)))
    assert loss == 0.0
    assert grads == LSTMParams(**dict.fromkeys(PARAM_NAMES, 0.0))


def test_inputs_are_not_modified():
    """The caller's arrays come back unchanged."""
    rng = np.random.default_rng(5)
    xs, targets = _random_batch(rng, 4, 6)
    xs_copy, targets_copy = xs.copy(), targets.copy()
    loss_and_grads_batch(_random_params(rng), xs, targets)
    np.testing.assert_array_equal(xs, xs_copy)
    np.testing.assert_array_equal(targets, targets_copy)


# ---------------------------------------------------------------------------------------------
# Numerical safety
# ---------------------------------------------------------------------------------------------


def _corner_params():
    corners = [
        LSTMParams(**{s.name: s.min for s in PARAM_SPECS}),
        LSTMParams(**{s.name: s.max for s in PARAM_SPECS}),
    ]
    rng = np.random.default_rng(1234)
    for _ in range(6):
        corners.append(
            LSTMParams(**{s.name: float(rng.choice((s.min, s.max))) for s in PARAM_SPECS})
        )
    return corners


@pytest.mark.parametrize("params", _corner_params())
def test_extreme_corners_raise_no_warning(params):
    """Range-end weights, ±10 inputs, 500 steps: finite results and no numpy warning at all."""
    steps = 500
    xs = np.stack(
        [
            np.full(steps, 10.0),
            np.full(steps, -10.0),
            np.where(np.arange(steps) % 2, 10.0, -10.0),
            np.random.default_rng(0).uniform(-10, 10, steps),
        ]
    )
    targets = np.where(np.arange(steps) % 3, 10.0, -10.0)[None, :].repeat(4, axis=0)
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        loss, grads = loss_and_grads_batch(params, xs, targets)
    assert math.isfinite(loss)
    assert all(math.isfinite(v) for v in grads.as_dict().values())


def test_weights_far_out_of_range_still_raise_no_warning():
    """Even weights of ±1000 (never on screen) give finite values without overflow."""
    params = LSTMParams(
        **{s.name: (1000.0 if k % 2 else -1000.0) for k, s in enumerate(PARAM_SPECS)}
    )
    xs = np.where(np.arange(40) % 2, 10.0, -10.0)[None, :].repeat(3, axis=0)
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        loss, grads = loss_and_grads_batch(params, xs, np.ones_like(xs))
    assert math.isfinite(loss)
    assert all(math.isfinite(v) for v in grads.as_dict().values())


# ---------------------------------------------------------------------------------------------
# The single-sequence version, written on local floats for speed, is the step-by-step BPTT
# ---------------------------------------------------------------------------------------------


def _step_by_step_loss_and_grads(params, xs, targets):
    """BPTT over the `run()` trace, one step at a time: the original, readable form."""
    n = len(xs)
    tr = run(params, xs)
    errors = [y - float(d) for y, d in zip(tr.y, targets, strict=True)]
    loss = sum(e * e for e in errors) / n
    g = dict.fromkeys(PARAM_NAMES, 0.0)
    dh_next = dc_next = 0.0
    for k in reversed(range(n)):
        h_prev = tr.h[k - 1] if k else 0.0
        c_prev = tr.c[k - 1] if k else 0.0
        f, i, gt, o = tr.f[k], tr.i[k], tr.c_tilde[k], tr.o[k]
        dy = 2.0 * errors[k] / n
        g["w_out"] += dy * tr.h[k]
        dh = dy * params.w_out + dh_next
        tanh_c = math.tanh(tr.c[k])
        dc = dh * o * (1.0 - tanh_c * tanh_c) + dc_next
        dz = {
            "f": dc * c_prev * f * (1.0 - f),
            "i": dc * gt * i * (1.0 - i),
            "c": dc * i * (1.0 - gt * gt),
            "o": dh * tanh_c * o * (1.0 - o),
        }
        dh_next = 0.0
        for gate, d in dz.items():
            g[f"w_{gate}"] += d * tr.x[k]
            g[f"u_{gate}"] += d * h_prev
            g[f"b_{gate}"] += d
            dh_next += d * getattr(params, f"u_{gate}")
        dc_next = dc * f
    return loss, LSTMParams(**g)


@pytest.mark.parametrize("seed", range(20))
def test_single_sequence_fast_path_is_bit_identical_to_step_by_step(seed):
    """loss_and_grads gives exactly (==) the numbers of the step-by-step BPTT over run()."""
    rng = np.random.default_rng(500 + seed)
    params = _random_params(rng)
    n = int(rng.integers(1, 40))
    xs = [float(v) for v in rng.choice([0.0, 1.0, float(rng.uniform(-10, 10))], n)]
    targets = rng.uniform(-2, 2, n).tolist()
    assert loss_and_grads(params, xs, targets) == _step_by_step_loss_and_grads(params, xs, targets)
