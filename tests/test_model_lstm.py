"""The LSTM cell: the seed's worked example by hand, gradients by finite differences, properties."""

import dataclasses
import math
import random
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lstm_arcade.model import (
    PARAM_NAMES,
    PARAM_SPECS,
    SPEC_BY_NAME,
    LSTMParams,
    Trace,
    loss_and_grads,
    run,
    sigmoid,
    step,
)

GATE_FIELDS = ("z_f", "z_i", "z_c", "z_o", "f", "i", "c_tilde", "o", "c", "h", "y")
TRACE_FIELDS = tuple(f.name for f in dataclasses.fields(Trace))


def _sig(z):
    """The logistic function, written out (independent of the model's `sigmoid`)."""
    return 1.0 / (1.0 + math.exp(-z))


# ---------------------------------------------------------------------------------------------
# The seed's worked example, by hand
# ---------------------------------------------------------------------------------------------


def _seed_example_by_hand():
    """All W and U 0.5, all b 0, W_out 1, x = 1, 0, 0, 0, 0: five steps written out one by one."""
    w_f = w_i = w_c = w_o = 0.5
    u_f = u_i = u_c = u_o = 0.5
    b_f = b_i = b_c = b_o = 0.0
    w_out = 1.0
    h0, c0 = 0.0, 0.0

    # t = 1, x = 1
    x1 = 1.0
    z_f1 = w_f * x1 + u_f * h0 + b_f
    z_i1 = w_i * x1 + u_i * h0 + b_i
    z_c1 = w_c * x1 + u_c * h0 + b_c
    z_o1 = w_o * x1 + u_o * h0 + b_o
    f1 = 1.0 / (1.0 + math.exp(-z_f1))
    i1 = 1.0 / (1.0 + math.exp(-z_i1))
    g1 = math.tanh(z_c1)
    o1 = 1.0 / (1.0 + math.exp(-z_o1))
    c1 = f1 * c0 + i1 * g1
    h1 = o1 * math.tanh(c1)
    y1 = w_out * h1

    # t = 2, x = 0
    x2 = 0.0
    z_f2 = w_f * x2 + u_f * h1 + b_f
    z_i2 = w_i * x2 + u_i * h1 + b_i
    z_c2 = w_c * x2 + u_c * h1 + b_c
    z_o2 = w_o * x2 + u_o * h1 + b_o
    f2 = 1.0 / (1.0 + math.exp(-z_f2))
    i2 = 1.0 / (1.0 + math.exp(-z_i2))
    g2 = math.tanh(z_c2)
    o2 = 1.0 / (1.0 + math.exp(-z_o2))
    c2 = f2 * c1 + i2 * g2
    h2 = o2 * math.tanh(c2)
    y2 = w_out * h2

    # t = 3, x = 0
    x3 = 0.0
    z_f3 = w_f * x3 + u_f * h2 + b_f
    z_i3 = w_i * x3 + u_i * h2 + b_i
    z_c3 = w_c * x3 + u_c * h2 + b_c
    z_o3 = w_o * x3 + u_o * h2 + b_o
    f3 = 1.0 / (1.0 + math.exp(-z_f3))
    i3 = 1.0 / (1.0 + math.exp(-z_i3))
    g3 = math.tanh(z_c3)
    o3 = 1.0 / (1.0 + math.exp(-z_o3))
    c3 = f3 * c2 + i3 * g3
    h3 = o3 * math.tanh(c3)
    y3 = w_out * h3

    # t = 4, x = 0
    x4 = 0.0
    z_f4 = w_f * x4 + u_f * h3 + b_f
    z_i4 = w_i * x4 + u_i * h3 + b_i
    z_c4 = w_c * x4 + u_c * h3 + b_c
    z_o4 = w_o * x4 + u_o * h3 + b_o
    f4 = 1.0 / (1.0 + math.exp(-z_f4))
    i4 = 1.0 / (1.0 + math.exp(-z_i4))
    g4 = math.tanh(z_c4)
    o4 = 1.0 / (1.0 + math.exp(-z_o4))
    c4 = f4 * c3 + i4 * g4
    h4 = o4 * math.tanh(c4)
    y4 = w_out * h4

    # t = 5, x = 0
    x5 = 0.0
    z_f5 = w_f * x5 + u_f * h4 + b_f
    z_i5 = w_i * x5 + u_i * h4 + b_i
    z_c5 = w_c * x5 + u_c * h4 + b_c
    z_o5 = w_o * x5 + u_o * h4 + b_o
    f5 = 1.0 / (1.0 + math.exp(-z_f5))
    i5 = 1.0 / (1.0 + math.exp(-z_i5))
    g5 = math.tanh(z_c5)
    o5 = 1.0 / (1.0 + math.exp(-z_o5))
    c5 = f5 * c4 + i5 * g5
    h5 = o5 * math.tanh(c5)
    y5 = w_out * h5

    def row(x, z_f, z_i, z_c, z_o, f, i, g, o, c, h, y):
        names = ("x", "z_f", "z_i", "z_c", "z_o", "f", "i", "c_tilde", "o", "c", "h", "y")
        return dict(zip(names, (x, z_f, z_i, z_c, z_o, f, i, g, o, c, h, y), strict=True))

    return [
        row(x1, z_f1, z_i1, z_c1, z_o1, f1, i1, g1, o1, c1, h1, y1),
        row(x2, z_f2, z_i2, z_c2, z_o2, f2, i2, g2, o2, c2, h2, y2),
        row(x3, z_f3, z_i3, z_c3, z_o3, f3, i3, g3, o3, c3, h3, y3),
        row(x4, z_f4, z_i4, z_c4, z_o4, f4, i4, g4, o4, c4, h4, y4),
        row(x5, z_f5, z_i5, z_c5, z_o5, f5, i5, g5, o5, c5, h5, y5),
    ]


SEED_XS = [1, 0, 0, 0, 0]


@pytest.mark.parametrize("t", [1, 2, 3, 4, 5])
def test_seed_example_every_gate_matches_hand_computation(t):
    """Every pre-activation, gate, state and output at step t equals the hand-written value."""
    expected = _seed_example_by_hand()[t - 1]
    trace = run(LSTMParams(), SEED_XS)
    assert len(trace) == 5
    assert trace.x[t - 1] == expected["x"]
    for name in GATE_FIELDS:
        got = getattr(trace, name)[t - 1]
        assert got == pytest.approx(expected[name], abs=1e-12), (t, name)


def test_seed_example_step_one_literals():
    """t = 1 worked on paper: z = 0.5, f = i = o = σ(0.5), C̃ = tanh(0.5), C = i·C̃, h = o·tanh(C)."""
    trace = run(LSTMParams(), SEED_XS)
    for name in ("z_f", "z_i", "z_c", "z_o"):
        assert getattr(trace, name)[0] == pytest.approx(0.5, abs=1e-12)
    for name in ("f", "i", "o"):
        assert getattr(trace, name)[0] == pytest.approx(0.6224593312018546, abs=1e-12)
    assert trace.c_tilde[0] == pytest.approx(0.46211715726000974, abs=1e-12)
    # C(1) = 0.6224593312018546 · 0.46211715726000974
    assert trace.c[0] == pytest.approx(0.28764913664496794, abs=1e-12)
    # h(1) = 0.6224593312018546 · tanh(0.28764913664496794)
    assert trace.h[0] == pytest.approx(0.17426971865610508, abs=1e-12)
    assert trace.y[0] == pytest.approx(0.17426971865610508, abs=1e-12)


def test_seed_example_step_two_literals():
    """t = 2 (x = 0): z = 0.5·h(1), C(2) = f·C(1) + i·C̃, h(2) = o·tanh(C(2))."""
    trace = run(LSTMParams(), SEED_XS)
    for name in ("z_f", "z_i", "z_c", "z_o"):
        assert getattr(trace, name)[1] == pytest.approx(0.08713485932805254, abs=1e-12)
    assert trace.c[1] == pytest.approx(0.19543630998512626, abs=1e-12)
    assert trace.h[1] == pytest.approx(0.10069403025727318, abs=1e-12)
    # The memory fades once the input is gone, but never reaches 0 in five steps.
    assert trace.c[0] > trace.c[1] > trace.c[2] > trace.c[3] > trace.c[4] > 0.0


def test_literal_checks_of_the_hand_helper():
    """The independent σ used by these tests agrees with the model's and with the literal."""
    assert _sig(0.5) == pytest.approx(0.6224593312018546, abs=1e-15)
    assert sigmoid(0.5) == pytest.approx(0.6224593312018546, abs=1e-15)
    assert math.tanh(0.5) == pytest.approx(0.46211715726000974, abs=1e-15)


# ---------------------------------------------------------------------------------------------
# run(): initial states, empty input, trace shape
# ---------------------------------------------------------------------------------------------

ODD_PARAMS = LSTMParams(
    w_f=1.2, u_f=-0.7, b_f=0.3,
    w_i=-0.4, u_i=1.9, b_i=-0.8,
    w_c=0.9, u_c=-1.5, b_c=0.1,
    w_o=-1.1, u_o=0.6, b_o=0.9,
    w_out=-1.7,
)  # fmt: skip


def test_run_uses_nonzero_h0_and_c0():
    """The first step reads h0 and c0; worked by hand with distinct parameters."""
    p = ODD_PARAMS
    x, h0, c0 = 0.3, 0.4, -0.7
    z_f = 1.2 * 0.3 + (-0.7) * 0.4 + 0.3
    z_i = -0.4 * 0.3 + 1.9 * 0.4 + (-0.8)
    z_c = 0.9 * 0.3 + (-1.5) * 0.4 + 0.1
    z_o = -1.1 * 0.3 + 0.6 * 0.4 + 0.9
    f, i, g, o = _sig(z_f), _sig(z_i), math.tanh(z_c), _sig(z_o)
    c = f * c0 + i * g
    h = o * math.tanh(c)
    trace = run(p, [x, -1.0], h0=h0, c0=c0)
    names = ("z_f", "z_i", "z_c", "z_o", "f", "i", "c_tilde", "o", "c", "h")
    expected = dict(zip(names, (z_f, z_i, z_c, z_o, f, i, g, o, c, h), strict=True))
    for name, value in expected.items():
        assert getattr(trace, name)[0] == pytest.approx(value, abs=1e-12), name
    assert trace.y[0] == pytest.approx(-1.7 * h, abs=1e-12)
    # Step 2 reads the states step 1 left.
    z_f2 = 1.2 * -1.0 + (-0.7) * h + 0.3
    c2 = _sig(z_f2) * c + _sig(-0.4 * -1.0 + 1.9 * h - 0.8) * math.tanh(0.9 * -1.0 - 1.5 * h + 0.1)
    assert trace.z_f[1] == pytest.approx(z_f2, abs=1e-12)
    assert trace.c[1] == pytest.approx(c2, abs=1e-12)
    # And the result differs from a start at rest.
    assert run(p, [x, -1.0]).c[0] != pytest.approx(c, abs=1e-6)


def test_step_records_the_states_it_read():
    """A Step carries x, h_prev and c_prev next to what it computed."""
    s = step(ODD_PARAMS, 2, 0.25, -3.0)
    assert (s.x, s.h_prev, s.c_prev) == (2.0, 0.25, -3.0)
    assert s.c == pytest.approx(s.f * -3.0 + s.i * s.c_tilde, abs=1e-15)
    assert s.y == ODD_PARAMS.w_out * s.h


@pytest.mark.parametrize("xs", [[], ()])
def test_run_empty_input_gives_empty_trace(xs):
    """No input, no steps: every field of the trace is an empty list."""
    trace = run(LSTMParams(), xs, h0=0.5, c0=0.5)
    assert len(trace) == 0
    for name in TRACE_FIELDS:
        assert getattr(trace, name) == [], name


@pytest.mark.parametrize("n", [1, 2, 7, 50])
def test_trace_fields_have_one_value_per_input(n):
    """Every trace field has len(xs) entries, and trace.x is the input as floats."""
    xs = [(-1) ** k * k / 7 for k in range(n)]
    trace = run(ODD_PARAMS, xs)
    assert len(trace) == n
    assert set(TRACE_FIELDS) == {"x", *GATE_FIELDS}
    for name in TRACE_FIELDS:
        assert len(getattr(trace, name)) == n, name
    assert trace.x == [float(x) for x in xs]


def test_model_sigmoid_never_overflows():
    """σ at huge |z| gives 0 and 1 without an OverflowError; σ(-z) = 1 - σ(z)."""
    assert sigmoid(1000.0) == 1.0
    assert sigmoid(-1000.0) == 0.0
    assert sigmoid(0.0) == 0.5
    for z in (0.1, 1.0, 5.0, 20.0):
        assert sigmoid(-z) == pytest.approx(1.0 - sigmoid(z), abs=1e-15)


# ---------------------------------------------------------------------------------------------
# loss_and_grads: the loss, and every gradient against central finite differences
# ---------------------------------------------------------------------------------------------


def _random_params(rng):
    return LSTMParams(**{s.name: rng.uniform(s.min, s.max) for s in PARAM_SPECS})


def _check_gradients(params, xs, targets):
    loss, grads = loss_and_grads(params, xs, targets)
    eps = 1e-6
    # Rounding noise of the difference quotient grows with the size of the loss.
    abs_tol = 1e-8 * max(1.0, loss)
    for name in PARAM_NAMES:
        v = getattr(params, name)
        up, _ = loss_and_grads(params.with_value(name, v + eps), xs, targets)
        down, _ = loss_and_grads(params.with_value(name, v - eps), xs, targets)
        fd = (up - down) / (2 * eps)
        assert getattr(grads, name) == pytest.approx(fd, rel=1e-5, abs=abs_tol), name


def test_loss_is_mean_squared_error_of_run():
    """loss = mean((y - target)²), with y taken from run()."""
    xs, targets = [1, 0, -2.5, 0.5], [0.2, -0.1, 0.7, 1.0]
    loss, _ = loss_and_grads(ODD_PARAMS, xs, targets)
    ys = run(ODD_PARAMS, xs).y
    expected = sum((y - d) ** 2 for y, d in zip(ys, targets, strict=True)) / 4
    assert loss == pytest.approx(expected, rel=1e-14)
    assert loss > 0.0


def test_loss_is_zero_when_targets_are_the_outputs():
    """Targets equal to y give loss 0 and all-zero gradients."""
    xs = [1, 0, 0, 1]
    loss, grads = loss_and_grads(LSTMParams(), xs, run(LSTMParams(), xs).y)
    assert loss == 0.0
    assert all(v == 0.0 for v in grads.as_dict().values())


def test_loss_of_empty_sequence_and_mismatched_lengths():
    """Empty input: loss 0, zero gradients. Targets of another length: ValueError."""
    loss, grads = loss_and_grads(LSTMParams(), [], [])
    assert loss == 0.0
    assert grads == LSTMParams(**dict.fromkeys(PARAM_NAMES, 0.0))
    with pytest.raises(ValueError, match="targets"):
        loss_and_grads(LSTMParams(), [1, 0], [1])


def test_gradients_of_the_seed_example():
    """Default weights on 1, 0, 0, 0, 0 with a target that remembers the 1."""
    _check_gradients(LSTMParams(), [1, 0, 0, 0, 0], [1, 1, 1, 1, 1])


@pytest.mark.parametrize("seed", range(8))
def test_gradients_match_finite_differences_random_cases(seed):
    """All 13 gradients equal central differences on seeded random parameters and sequences."""
    rng = random.Random(seed)
    params = _random_params(rng)
    n = rng.randint(1, 12)
    xs = [rng.uniform(-3, 3) for _ in range(n)]
    targets = [rng.uniform(-2, 2) for _ in range(n)]
    _check_gradients(params, xs, targets)


PARAMS = st.builds(
    LSTMParams, **{s.name: st.floats(min_value=s.min, max_value=s.max) for s in PARAM_SPECS}
)


@settings(max_examples=40, deadline=None)
@given(
    params=PARAMS,
    data=st.lists(
        st.tuples(st.floats(-3, 3), st.floats(-2, 2)),
        min_size=1,
        max_size=12,
    ),
)
def test_gradients_match_finite_differences_hypothesis(params, data):
    """The same finite-difference check over hypothesis-chosen cases."""
    xs = [x for x, _ in data]
    targets = [d for _, d in data]
    _check_gradients(params, xs, targets)


# ---------------------------------------------------------------------------------------------
# Properties of the forward pass
# ---------------------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(params=PARAMS, xs=st.lists(st.floats(-10, 10), max_size=30))
def test_forward_properties(params, xs):
    """Bounds the equations guarantee, checked exactly on floats.

    With |x| <= 10, |W|, |U| <= 2, |b| <= 1 and |h| < 1, every |z| <= 23, where σ(z) is strictly
    inside (0, 1) even in floating point (1 - σ(23) ≈ 1e-10 >> 2^-53), so the open interval holds.
    tanh(23) rounds to exactly 1.0, so for C̃ only |C̃| <= 1 is guaranteed; h = o·tanh(C) with o < 1
    keeps |h| < 1 strictly. |C(t)| <= |C(t-1)| + 1 gives |C(t)| <= t.
    """
    trace = run(params, xs)
    assert len(trace) == len(xs)
    h_prev = 0.0
    for k in range(len(xs)):
        t = k + 1
        for name in ("f", "i", "o"):
            assert 0.0 < getattr(trace, name)[k] < 1.0, (name, t)
        assert abs(trace.c_tilde[k]) <= 1.0
        assert abs(trace.h[k]) < 1.0
        assert abs(trace.c[k]) <= t
        assert trace.y[k] == params.w_out * trace.h[k]
        assert trace.z_f[k] == params.w_f * xs[k] + params.u_f * h_prev + params.b_f
        assert trace.z_o[k] == params.w_o * xs[k] + params.u_o * h_prev + params.b_o
        h_prev = trace.h[k]


def _corner_params():
    """All-min, all-max, and seeded random mixes of the range ends."""
    corners = [
        LSTMParams(**{s.name: s.min for s in PARAM_SPECS}),
        LSTMParams(**{s.name: s.max for s in PARAM_SPECS}),
    ]
    rng = random.Random(1234)
    for _ in range(6):
        corners.append(LSTMParams(**{s.name: rng.choice((s.min, s.max)) for s in PARAM_SPECS}))
    return corners


CORNER_INPUTS = {
    "plus10": [10.0] * 1000,
    "minus10": [-10.0] * 1000,
    "alternating": [10.0 if k % 2 else -10.0 for k in range(1000)],
}


@pytest.mark.parametrize("which", sorted(CORNER_INPUTS))
@pytest.mark.parametrize("params", _corner_params())
def test_extreme_corners_raise_no_warning(params, which):
    """Parameters at their range ends and ±10 inputs for 1000 steps: finite, bounded, silent."""
    xs = CORNER_INPUTS[which]
    targets = [10.0 if k % 3 else -10.0 for k in range(len(xs))]
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        trace = run(params, xs)
        loss, grads = loss_and_grads(params, xs, targets)
    for name in TRACE_FIELDS:
        assert all(math.isfinite(v) for v in getattr(trace, name)), name
    assert all(0.0 < v < 1.0 for v in trace.f + trace.i + trace.o)
    assert all(abs(v) < 1.0 for v in trace.h)
    assert all(abs(c) <= k + 1 for k, c in enumerate(trace.c))
    assert math.isfinite(loss)
    assert all(math.isfinite(v) for v in grads.as_dict().values())


# ---------------------------------------------------------------------------------------------
# The parameter table
# ---------------------------------------------------------------------------------------------


def test_param_specs_match_lstm_params_in_order():
    """13 specs whose names are the LSTMParams fields, in the same order."""
    assert len(PARAM_SPECS) == 13
    field_names = tuple(f.name for f in dataclasses.fields(LSTMParams))
    assert tuple(s.name for s in PARAM_SPECS) == field_names
    assert field_names == PARAM_NAMES
    assert list(SPEC_BY_NAME) == list(field_names)
    assert all(SPEC_BY_NAME[s.name] is s for s in PARAM_SPECS)


def test_lstm_params_defaults_equal_spec_defaults():
    """LSTMParams() takes every default from the table; the seed's values."""
    p = LSTMParams()
    for s in PARAM_SPECS:
        assert getattr(p, s.name) == s.default, s.name
    assert p.as_dict() == {
        "w_f": 0.5, "u_f": 0.5, "b_f": 0.0,
        "w_i": 0.5, "u_i": 0.5, "b_i": 0.0,
        "w_c": 0.5, "u_c": 0.5, "b_c": 0.0,
        "w_o": 0.5, "u_o": 0.5, "b_o": 0.0,
        "w_out": 1.0,
    }  # fmt: skip


def test_param_specs_ranges_and_fields():
    """min < default < max, ranges of DESIGN.md §2, a label, a meaning and a known group."""
    groups = {"f": "forget", "i": "input", "c": "candidate", "o": "output"}
    for s in PARAM_SPECS:
        assert s.min < s.default < s.max, s.name
        assert s.label and s.meaning, s.name
        if s.name == "w_out":
            assert (s.min, s.max, s.label, s.group) == (-2.0, 2.0, "W_out", "out")
            continue
        kind, gate = s.name.split("_")
        assert s.group == groups[gate], s.name
        assert (s.min, s.max) == ((-1.0, 1.0) if kind == "b" else (-2.0, 2.0)), s.name
        letter = "b" if kind == "b" else kind.upper()
        assert s.label == f"{letter}_{gate.upper() if gate == 'c' else gate}", s.name


def test_clamp_with_value_and_clamped():
    """with_value changes one field (KeyError if unknown); clamp/clamped pull into range."""
    p = LSTMParams().with_value("b_o", 7)
    assert p.b_o == 7.0 and p.w_f == 0.5
    assert p.clamped().b_o == 1.0
    assert SPEC_BY_NAME["w_f"].clamp(-5.0) == -2.0
    assert SPEC_BY_NAME["w_f"].clamp(0.3) == 0.3
    with pytest.raises(KeyError):
        LSTMParams().with_value("w_x", 1.0)
