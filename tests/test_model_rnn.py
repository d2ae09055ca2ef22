"""The basic RNN of the comparison mode: hand-worked steps, its parameter table, properties."""

import dataclasses
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lstm_arcade.model import (
    PARAM_SPECS,
    RNN_PARAM_NAMES,
    RNN_PARAM_SPECS,
    RNN_SPEC_BY_NAME,
    ParamSpec,
    RNNParams,
    RNNTrace,
    run_rnn,
)

SEED_XS = [1, 0, 0, 0, 0]
TRACE_FIELDS = ("x", "z", "h", "y")

# ---------------------------------------------------------------------------------------------
# The seed's example, by hand
# ---------------------------------------------------------------------------------------------


def test_seed_example_by_hand():
    """Defaults W_in 0.5, W_hidden 0.8, b 0, W_out 1 on 1, 0, 0, 0, 0, written out step by step."""
    w_in, w_hidden, b, w_out = 0.5, 0.8, 0.0, 1.0
    h0 = 0.0
    z1 = w_in * 1.0 + w_hidden * h0 + b
    h1 = math.tanh(z1)
    z2 = w_in * 0.0 + w_hidden * h1 + b
    h2 = math.tanh(z2)
    z3 = w_in * 0.0 + w_hidden * h2 + b
    h3 = math.tanh(z3)
    z4 = w_in * 0.0 + w_hidden * h3 + b
    h4 = math.tanh(z4)
    z5 = w_in * 0.0 + w_hidden * h4 + b
    h5 = math.tanh(z5)

    trace = run_rnn(RNNParams(), SEED_XS)
    assert len(trace) == 5
    assert trace.x == [1.0, 0.0, 0.0, 0.0, 0.0]
    assert trace.z == pytest.approx([z1, z2, z3, z4, z5], abs=1e-15)
    assert trace.h == pytest.approx([h1, h2, h3, h4, h5], abs=1e-15)
    assert trace.y == pytest.approx([w_out * h for h in (h1, h2, h3, h4, h5)], abs=1e-15)


def test_seed_example_literals():
    """On paper: h(1) = tanh(0.5), h(2) = tanh(0.8·h(1)), h(3) = tanh(0.8·h(2)); memory fades."""
    trace = run_rnn(RNNParams(), SEED_XS)
    assert trace.z[0] == pytest.approx(0.5, abs=1e-15)
    assert trace.h[0] == pytest.approx(0.46211715726000974, abs=1e-15)
    assert trace.z[1] == pytest.approx(0.3696937258080078, abs=1e-15)  # 0.8 · 0.46211715726
    # Checked with 40-digit decimal arithmetic, tanh(x) = (e^2x - 1) / (e^2x + 1).
    assert trace.h[1] == pytest.approx(0.35372378850508981, abs=1e-15)
    assert trace.h[2] == pytest.approx(0.27565999367116877, abs=1e-15)
    # "Memory decays": every quiet step loses some of the pulse, but it never reaches 0.
    assert trace.h[0] > trace.h[1] > trace.h[2] > trace.h[3] > trace.h[4] > 0.0
    assert trace.h[4] < 0.5 * trace.h[0]


def test_nonzero_h0_bias_and_distinct_weights_by_hand():
    """The first step reads h0; every parameter enters where the equation says."""
    p = RNNParams(w_in=-1.3, w_hidden=0.35, b=0.4, w_out=-1.7)
    xs, h0 = [2.0, -0.5, 3.0], -0.6
    h, expected = h0, []
    for x in xs:
        z = -1.3 * x + 0.35 * h + 0.4
        h = math.tanh(z)
        expected.append((z, h, -1.7 * h))
    trace = run_rnn(p, xs, h0=h0)
    for k, (z, h, y) in enumerate(expected):
        assert trace.z[k] == pytest.approx(z, abs=1e-15), k
        assert trace.h[k] == pytest.approx(h, abs=1e-15), k
        assert trace.y[k] == pytest.approx(y, abs=1e-15), k
    assert run_rnn(p, xs).h[0] != pytest.approx(expected[0][1], abs=1e-6)


def test_zero_recurrent_weight_has_no_memory():
    """W_hidden = 0: h(t) depends on x(t) alone, so a pulse is gone one step later."""
    p = RNNParams(w_in=1.5, w_hidden=0.0, b=0.25)
    trace = run_rnn(p, [1, 0, 0, -2])
    assert trace.h == pytest.approx(
        [math.tanh(1.75), math.tanh(0.25), math.tanh(0.25), math.tanh(-2.75)], abs=1e-15
    )


@pytest.mark.parametrize("xs", [[], ()])
def test_empty_input_gives_empty_trace(xs):
    trace = run_rnn(RNNParams(), xs, h0=0.9)
    assert len(trace) == 0
    for name in TRACE_FIELDS:
        assert getattr(trace, name) == [], name


def test_trace_fields():
    """RNNTrace has x, z, h, y, each with one float per input."""
    assert tuple(f.name for f in dataclasses.fields(RNNTrace)) == TRACE_FIELDS
    trace = run_rnn(RNNParams(), [3, -1, 0.5, 2, 0, 0, 1])
    for name in TRACE_FIELDS:
        values = getattr(trace, name)
        assert len(values) == 7, name
        assert all(type(v) is float for v in values), name


# ---------------------------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------------------------

RNN_PARAMS = st.builds(
    RNNParams, **{s.name: st.floats(min_value=s.min, max_value=s.max) for s in RNN_PARAM_SPECS}
)


@settings(max_examples=150, deadline=None)
@given(params=RNN_PARAMS, xs=st.lists(st.floats(-3, 3), max_size=40), h0=st.floats(-1, 1))
def test_hidden_state_stays_strictly_inside_minus_one_one(params, xs, h0):
    """|x| <= 3 and weights in range give |z| <= 8, where tanh is strictly inside (-1, 1)."""
    trace = run_rnn(params, xs, h0=h0)
    h_prev = h0
    for k, x in enumerate(xs):
        assert trace.z[k] == params.w_in * x + params.w_hidden * h_prev + params.b
        assert trace.h[k] == math.tanh(trace.z[k])
        assert abs(trace.h[k]) < 1.0
        assert trace.y[k] == params.w_out * trace.h[k]
        h_prev = trace.h[k]


@settings(max_examples=100, deadline=None)
@given(params=RNN_PARAMS, xs=st.lists(st.floats(-10, 10), max_size=40))
def test_hidden_state_bounded_for_the_full_input_range(params, xs):
    """Inputs up to ±10: |h| <= 1 (tanh may round to ±1.0 there), and finite everywhere."""
    trace = run_rnn(params, xs)
    for k in range(len(xs)):
        assert abs(trace.h[k]) <= 1.0
        assert math.isfinite(trace.y[k])
        if abs(trace.z[k]) <= 18.0:
            assert abs(trace.h[k]) < 1.0


@settings(max_examples=100, deadline=None)
@given(
    w_in=st.floats(-2, 2).filter(lambda v: abs(v) > 0.01),
    w_hidden=st.floats(0, 1),
    quiet=st.integers(1, 30),
)
def test_memory_decays_after_a_pulse(w_in, w_hidden, quiet):
    """b = 0 and no input after the pulse: |h| shrinks strictly every step (tanh(a·h) < h, a <= 1)."""
    trace = run_rnn(RNNParams(w_in=w_in, w_hidden=w_hidden, b=0.0), [1] + [0] * quiet)
    for k in range(quiet):
        assert abs(trace.h[k + 1]) <= abs(trace.h[k])
        if trace.h[k] != 0.0:
            assert abs(trace.h[k + 1]) < abs(trace.h[k])


# ---------------------------------------------------------------------------------------------
# The RNN's parameter table
# ---------------------------------------------------------------------------------------------


def test_spec_table_values():
    """The seed's controls: W_in -2…2 (0.5), W_hidden 0…1 (0.8), b -1…1 (0), W_out -2…2 (1)."""
    assert all(isinstance(s, ParamSpec) for s in RNN_PARAM_SPECS)
    rows = [(s.name, s.label, s.min, s.max, s.default, s.group) for s in RNN_PARAM_SPECS]
    assert rows == [
        ("w_in", "W_in", -2.0, 2.0, 0.5, "rnn"),
        ("w_hidden", "W_hidden", 0.0, 1.0, 0.8, "rnn"),
        ("b", "b", -1.0, 1.0, 0.0, "rnn"),
        ("w_out", "W_out", -2.0, 2.0, 1.0, "rnn"),
    ]
    for s in RNN_PARAM_SPECS:
        assert s.meaning and "\n" not in s.meaning, s.name
        assert s.min <= s.default <= s.max, s.name


def test_spec_table_matches_dataclass_and_lookups():
    """Table order = RNNParams fields; lookups agree; the LSTM table is untouched (13 rows)."""
    names = tuple(f.name for f in dataclasses.fields(RNNParams))
    assert names == ("w_in", "w_hidden", "b", "w_out")
    assert names == RNN_PARAM_NAMES
    assert all(RNN_SPEC_BY_NAME[s.name] is s for s in RNN_PARAM_SPECS)
    assert len(PARAM_SPECS) == 13
    assert not {s.group for s in PARAM_SPECS} & {"rnn"}


def test_defaults_as_dict_with_value_clamped():
    p = RNNParams()
    assert p.as_dict() == {"w_in": 0.5, "w_hidden": 0.8, "b": 0.0, "w_out": 1.0}
    q = p.with_value("w_hidden", 3)
    assert q.w_hidden == 3.0 and type(q.w_hidden) is float and q.w_in == 0.5
    assert p.w_hidden == 0.8  # frozen: the original is unchanged
    assert q.clamped().w_hidden == 1.0
    assert RNNParams(w_in=-9, w_hidden=-0.5, b=4, w_out=2.5).clamped() == RNNParams(
        w_in=-2.0, w_hidden=0.0, b=1.0, w_out=2.0
    )
    with pytest.raises(KeyError):
        p.with_value("w_f", 1.0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.w_in = 1.0  # type: ignore[misc]
