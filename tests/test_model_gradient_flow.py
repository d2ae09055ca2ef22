"""Gradient flow through time (both cells) against finite differences, and the memory-test preset.

The reference for ∂y(T)/∂state(t) re-runs the recurrence from step t with a nudged state:

- LSTM C(t): C(t) ± ε, then h(t) = o(t)·tanh(C(t) ± ε) with o(t) of the plain run, then steps
  t+1 … T from those states (the nudge reaches y(T) through every path);
- LSTM h(t): h(t) ± ε with C(t) unchanged, then steps t+1 … T;
- RNN h(t): h(t) ± ε, then steps t+1 … T.
"""

import math
import random
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lstm_arcade.model import (
    MEMORY_TEST_XS,
    PARAM_SPECS,
    RNN_PARAM_SPECS,
    LSTMParams,
    MemoryTest,
    RNNParams,
    format_share,
    lstm_gradient_flow,
    memory_caption,
    memory_kept,
    memory_test_preset,
    rnn_gradient_flow,
    run,
    run_rnn,
)

EPS = 1e-6

# ---------------------------------------------------------------------------------------------
# Reference: nudge the state at step t and run on to T
# ---------------------------------------------------------------------------------------------


def _lstm_y_after_nudge(params, xs, T, t, *, dc=0.0, dh=0.0):
    """y(T) when C(t) gets +dc (before h(t) is computed from it) and h(t) gets +dh after."""
    plain = run(params, xs[:t])
    c = plain.c[t - 1] + dc
    h = plain.o[t - 1] * math.tanh(c) + dh
    if t == T:
        return params.w_out * h
    return run(params, xs[t:T], h0=h, c0=c).y[-1]


def _rnn_y_after_nudge(params, xs, T, t, dh):
    h = run_rnn(params, xs[:t]).h[t - 1] + dh
    if t == T:
        return params.w_out * h
    return run_rnn(params, xs[t:T], h0=h).y[-1]


def _central(fn):
    return (fn(EPS) - fn(-EPS)) / (2 * EPS)


def _check_lstm(params, xs, T):
    dy_dc, dy_dh = lstm_gradient_flow(params, xs, T)
    assert len(dy_dc) == len(dy_dh) == T
    for t in range(1, T + 1):
        fd_c = _central(lambda e, t=t: _lstm_y_after_nudge(params, xs, T, t, dc=e))
        fd_h = _central(lambda e, t=t: _lstm_y_after_nudge(params, xs, T, t, dh=e))
        assert dy_dc[t - 1] == pytest.approx(abs(fd_c), rel=1e-5, abs=1e-8), ("C", t)
        assert dy_dh[t - 1] == pytest.approx(abs(fd_h), rel=1e-5, abs=1e-8), ("h", t)


def _check_rnn(params, xs, T):
    dy_dh = rnn_gradient_flow(params, xs, T)
    assert len(dy_dh) == T
    for t in range(1, T + 1):
        fd = _central(lambda e, t=t: _rnn_y_after_nudge(params, xs, T, t, e))
        assert dy_dh[t - 1] == pytest.approx(abs(fd), rel=1e-5, abs=1e-8), t


def _random_lstm(rng):
    return LSTMParams(**{s.name: rng.uniform(s.min, s.max) for s in PARAM_SPECS})


def _random_rnn(rng):
    return RNNParams(**{s.name: rng.uniform(s.min, s.max) for s in RNN_PARAM_SPECS})


def test_reference_nudge_changes_y_so_the_comparison_can_fail():
    """The reference really moves y(T): a nudge at t = 1 of C and h changes y(4) for both cells."""
    p, xs = LSTMParams(), [1, 0, 0, 0]
    base = run(p, xs).y[3]
    assert _lstm_y_after_nudge(p, xs, 4, 1) == pytest.approx(base, abs=1e-15)
    assert _lstm_y_after_nudge(p, xs, 4, 1, dc=1e-3) != pytest.approx(base, abs=1e-7)
    assert _lstm_y_after_nudge(p, xs, 4, 1, dh=1e-3) != pytest.approx(base, abs=1e-7)
    r = RNNParams()
    assert _rnn_y_after_nudge(r, xs, 4, 1, 0.0) == pytest.approx(run_rnn(r, xs).y[3], abs=1e-15)
    assert _rnn_y_after_nudge(r, xs, 4, 1, 1e-3) != pytest.approx(run_rnn(r, xs).y[3], abs=1e-7)


# ---------------------------------------------------------------------------------------------
# Finite differences
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("T", [1, 2, 3, 5])
def test_lstm_seed_example_matches_finite_differences(T):
    _check_lstm(LSTMParams(), [1, 0, 0, 0, 0], T)


@pytest.mark.parametrize("T", [1, 2, 3, 5])
def test_rnn_seed_example_matches_finite_differences(T):
    _check_rnn(RNNParams(), [1, 0, 0, 0, 0], T)


@pytest.mark.parametrize("seed", range(12))
def test_lstm_random_cases_match_finite_differences(seed):
    """Every t <= T, for ∂y(T)/∂C(t) and ∂y(T)/∂h(t), on seeded random weights and inputs."""
    rng = random.Random(seed)
    n = rng.randint(1, 14)
    xs = [rng.uniform(-3, 3) for _ in range(n)]
    _check_lstm(_random_lstm(rng), xs, rng.randint(1, n))


@pytest.mark.parametrize("seed", range(12))
def test_rnn_random_cases_match_finite_differences(seed):
    rng = random.Random(100 + seed)
    n = rng.randint(1, 14)
    xs = [rng.uniform(-3, 3) for _ in range(n)]
    _check_rnn(_random_rnn(rng), xs, rng.randint(1, n))


LSTM_PARAMS = st.builds(
    LSTMParams, **{s.name: st.floats(min_value=s.min, max_value=s.max) for s in PARAM_SPECS}
)
RNN_PARAMS = st.builds(
    RNNParams, **{s.name: st.floats(min_value=s.min, max_value=s.max) for s in RNN_PARAM_SPECS}
)


@settings(max_examples=30, deadline=None)
@given(params=LSTM_PARAMS, xs=st.lists(st.floats(-3, 3), min_size=1, max_size=10), data=st.data())
def test_lstm_hypothesis_cases_match_finite_differences(params, xs, data):
    _check_lstm(params, xs, data.draw(st.integers(1, len(xs))))


@settings(max_examples=30, deadline=None)
@given(params=RNN_PARAMS, xs=st.lists(st.floats(-3, 3), min_size=1, max_size=10), data=st.data())
def test_rnn_hypothesis_cases_match_finite_differences(params, xs, data):
    _check_rnn(params, xs, data.draw(st.integers(1, len(xs))))


# ---------------------------------------------------------------------------------------------
# Hand-worked values
# ---------------------------------------------------------------------------------------------


def test_rnn_chain_rule_by_hand():
    """∂y(3)/∂h(3) = W_out, then one factor W_hidden·(1 - h²) per step back."""
    p = RNNParams(w_in=0.7, w_hidden=0.9, b=-0.2, w_out=-1.5)
    xs = [1.0, 0.5, -1.0]
    h1 = math.tanh(0.7 * 1.0 - 0.2)
    h2 = math.tanh(0.7 * 0.5 + 0.9 * h1 - 0.2)
    h3 = math.tanh(0.7 * -1.0 + 0.9 * h2 - 0.2)
    d3 = -1.5
    d2 = d3 * 0.9 * (1 - h3**2)
    d1 = d2 * 0.9 * (1 - h2**2)
    assert rnn_gradient_flow(p, xs, 3) == pytest.approx([abs(d1), abs(d2), abs(d3)], abs=1e-15)
    assert rnn_gradient_flow(p, xs, 2) == pytest.approx(
        [abs(-1.5 * 0.9 * (1 - h2**2)), 1.5], abs=1e-15
    )


def test_lstm_at_the_output_step_itself_by_hand():
    """t = T: ∂y/∂h(T) = W_out; ∂y/∂C(T) = W_out·o(T)·(1 - tanh²C(T))."""
    p = LSTMParams(w_out=-1.25)
    trace = run(p, [1, 0])
    dy_dc, dy_dh = lstm_gradient_flow(p, [1, 0], 2)
    assert dy_dh[1] == 1.25
    expected = 1.25 * trace.o[1] * (1 - math.tanh(trace.c[1]) ** 2)
    assert dy_dc[1] == pytest.approx(expected, abs=1e-15)


def test_lstm_highway_with_constant_gates_is_a_product_of_forget_gates():
    """All U = 0: h(t) feeds nothing, so ∂y(T)/∂C(t) = ∂y(T)/∂C(T)·f(t+1)·…·f(T) and
    ∂y(T)/∂h(t) = 0 for t < T."""
    p = LSTMParams(u_f=0.0, u_i=0.0, u_c=0.0, u_o=0.0, b_f=0.8, w_out=0.5)
    xs = [1, 0.5, 0, -1, 0]
    trace = run(p, xs)
    dy_dc, dy_dh = lstm_gradient_flow(p, xs, 5)
    last = 0.5 * trace.o[4] * (1 - math.tanh(trace.c[4]) ** 2)
    for t in range(1, 6):
        expected = last * math.prod(trace.f[t:5])
        assert dy_dc[t - 1] == pytest.approx(expected, rel=1e-12), t
    assert dy_dh[:4] == [0.0, 0.0, 0.0, 0.0]
    assert dy_dh[4] == 0.5


# ---------------------------------------------------------------------------------------------
# The API: T, trace reuse, result types, cost
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("T", [0, -1, 4])
def test_output_step_outside_the_sequence_is_refused(T):
    with pytest.raises(ValueError, match="T"):
        lstm_gradient_flow(LSTMParams(), [1, 0, 0], T)
    with pytest.raises(ValueError, match="T"):
        rnn_gradient_flow(RNNParams(), [1, 0, 0], T)


@pytest.mark.parametrize("T", [1.0, True, "2"])
def test_output_step_must_be_an_int(T):
    with pytest.raises(TypeError):
        lstm_gradient_flow(LSTMParams(), [1, 0, 0], T)
    with pytest.raises(TypeError):
        rnn_gradient_flow(RNNParams(), [1, 0, 0], T)


def test_numpy_integers_and_arrays_are_accepted():
    """The UI may hold T and the sequence in numpy: same numbers as plain Python."""
    import numpy as np

    xs = [1.0, 0.0, -0.5, 0.0]
    a = lstm_gradient_flow(LSTMParams(), np.array(xs), np.int64(3))
    assert a == lstm_gradient_flow(LSTMParams(), xs, 3)
    assert rnn_gradient_flow(RNNParams(), np.array(xs), np.int64(3)) == rnn_gradient_flow(
        RNNParams(), xs, 3
    )


def test_empty_sequence_has_no_output_step():
    with pytest.raises(ValueError):
        lstm_gradient_flow(LSTMParams(), [], 1)
    with pytest.raises(ValueError):
        rnn_gradient_flow(RNNParams(), [], 1)


def test_a_given_trace_gives_the_same_numbers_and_must_be_long_enough():
    """The run's trace skips the forward pass, same numbers to the bit; a short one is refused."""
    rng = random.Random(7)
    lp, rp = _random_lstm(rng), _random_rnn(rng)
    xs = [rng.uniform(-2, 2) for _ in range(9)]
    assert lstm_gradient_flow(lp, xs, 6, trace=run(lp, xs)) == lstm_gradient_flow(lp, xs, 6)
    assert rnn_gradient_flow(rp, xs, 6, trace=run_rnn(rp, xs)) == rnn_gradient_flow(rp, xs, 6)
    with pytest.raises(ValueError, match="trace"):
        lstm_gradient_flow(lp, xs, 6, trace=run(lp, xs[:5]))
    with pytest.raises(ValueError, match="trace"):
        rnn_gradient_flow(rp, xs, 6, trace=run_rnn(rp, xs[:5]))


def test_initial_states_are_used():
    """h0 and c0 change the numbers (the forward pass starts from them)."""
    xs = [0.0, 0.0, 0.0]
    a = lstm_gradient_flow(LSTMParams(), xs, 3)
    b = lstm_gradient_flow(LSTMParams(), xs, 3, h0=0.6, c0=1.5)
    assert a[0][0] != pytest.approx(b[0][0], abs=1e-6)
    assert rnn_gradient_flow(RNNParams(), xs, 3)[0] != pytest.approx(
        rnn_gradient_flow(RNNParams(), xs, 3, h0=0.9)[0], abs=1e-6
    )


def test_results_are_plain_non_negative_floats():
    rng = random.Random(3)
    lp, rp = _random_lstm(rng), _random_rnn(rng)
    lp = lp.with_value("w_out", -1.0)
    rp = rp.with_value("w_out", -1.0)
    xs = [rng.uniform(-2, 2) for _ in range(8)]
    dy_dc, dy_dh = lstm_gradient_flow(lp, xs, 8)
    for v in dy_dc + dy_dh + rnn_gradient_flow(rp, xs, 8):
        assert type(v) is float and v >= 0.0
    assert dy_dh[-1] == 1.0  # |W_out| with W_out = -1


def test_one_backward_pass_is_linear_in_T():
    """20,000 steps take well under the time a quadratic pass would need (4·10⁸ step updates)."""
    xs = [1.0] + [0.0] * 19_999
    start = time.perf_counter()
    dy_dc, dy_dh = lstm_gradient_flow(LSTMParams(), xs, len(xs))
    dy_rnn = rnn_gradient_flow(RNNParams(), xs, len(xs))
    assert time.perf_counter() - start < 5.0
    assert len(dy_dc) == len(dy_dh) == len(dy_rnn) == 20_000
    assert all(math.isfinite(v) for v in dy_dc + dy_dh + dy_rnn)


# ---------------------------------------------------------------------------------------------
# The memory-test preset
# ---------------------------------------------------------------------------------------------


def test_preset_sequence_and_weights_are_in_range():
    m = memory_test_preset()
    assert isinstance(m, MemoryTest)
    assert list(m.xs) == [1.0] + [0.0] * 30
    assert m.xs == MEMORY_TEST_XS
    for s in PARAM_SPECS:
        assert s.min <= getattr(m.lstm, s.name) <= s.max, s.name
    for s in RNN_PARAM_SPECS:
        assert s.min <= getattr(m.rnn, s.name) <= s.max, s.name
    assert m.rnn.w_hidden == 0.8  # the seed's default "memory decay"


def test_preset_lstm_keeps_the_pulse_and_the_rnn_forgets_it():
    """At the last step C still holds most of what the pulse wrote; h holds almost nothing."""
    m = memory_test_preset()
    lstm, rnn = m.lstm_trace(), m.rnn_trace()
    assert len(lstm) == len(rnn) == 31
    # The RNN's pulse starts at least as high as the LSTM's: a fair race.
    assert rnn.h[0] >= lstm.c[0] > 0.5
    assert lstm.c[-1] > 0.6
    assert abs(rnn.h[-1]) < 1e-3
    assert lstm.c[-1] > 500 * abs(rnn.h[-1])
    lstm_kept, rnn_kept = m.kept()
    assert lstm_kept == pytest.approx(lstm.c[-1] / lstm.c[0], rel=1e-12)
    assert rnn_kept == pytest.approx(rnn.h[-1] / rnn.h[0], rel=1e-12)
    assert lstm_kept > 0.85
    assert 0.0 < rnn_kept < 0.002


def test_preset_gates_tell_the_story():
    """Input gate open on the pulse and nearly shut after; forget gate open throughout."""
    trace = memory_test_preset().lstm_trace()
    assert trace.i[0] > 0.7
    assert max(trace.i[1:]) < 0.15
    assert min(trace.f[1:]) > 0.85


def test_preset_memory_comes_from_the_pulse():
    """Without the pulse both cells stay at exactly 0: what the LSTM holds is the pulse."""
    m = memory_test_preset()
    quiet = [0.0] * 31
    assert run(m.lstm, quiet).c == [0.0] * 31
    assert run_rnn(m.rnn, quiet).h == [0.0] * 31


def test_preset_rnn_at_its_best_still_keeps_less():
    """W_hidden at its maximum 1 and a pulse at least as high as the LSTM's: still less kept.

    (A tiny pulse with W_hidden = 1 is another story: tanh is then nearly the identity and the
    RNN holds on for a while; the preset's W_hidden is the seed's 0.8.)
    """
    m = memory_test_preset()
    lstm_kept = m.kept()[0]
    c1 = m.lstm_trace().c[0]
    for w_in in (1.0, 1.5, 2.0, -1.0, -2.0):
        best = RNNParams(w_in=w_in, w_hidden=1.0)
        assert abs(run_rnn(best, m.xs).h[0]) >= c1
        rnn_kept = memory_kept(m.lstm, best, m.xs)[1]
        assert 0.0 < rnn_kept < 0.3, w_in
    assert lstm_kept > 0.85


def test_preset_gradient_reaches_back_through_the_lstm_but_vanishes_in_the_rnn():
    """|∂y(31)/∂C(1)| of the LSTM is hundreds of times |∂y(31)/∂h(1)| of the RNN."""
    m = memory_test_preset()
    T = len(m.xs)
    dy_dc, _ = lstm_gradient_flow(m.lstm, m.xs, T)
    dy_dh_rnn = rnn_gradient_flow(m.rnn, m.xs, T)
    assert dy_dc[0] > 0.1
    assert dy_dh_rnn[0] < 1e-3
    assert dy_dc[0] > 100 * dy_dh_rnn[0]
    # The RNN's strip fades going back in time, by at least W_hidden = 0.8 a step...
    for k in range(T - 1):
        assert dy_dh_rnn[k] <= 0.8 * dy_dh_rnn[k + 1]
    # ...while the LSTM's stays within a factor 10 of its value at T along the whole highway.
    assert min(dy_dc) > 0.1 * dy_dc[-1]


def test_preset_caption_states_the_measured_numbers():
    m = memory_test_preset()
    lstm_kept, rnn_kept = m.kept()
    caption = m.caption()
    assert caption == (
        f"30 steps after the pulse, the LSTM's memory C still holds {format_share(lstm_kept)} "
        f"of it; the basic RNN's h holds {format_share(rnn_kept)}."
    )
    assert "\n" not in caption
    assert "91%" in caption and "0.095%" in caption


def test_caption_is_measured_not_hard_coded():
    """Other weights or another sequence give other numbers in the caption."""
    m = memory_test_preset()
    slow = RNNParams(w_in=1.0, w_hidden=1.0)
    caption = memory_caption(m.lstm, slow, m.xs)
    assert format_share(memory_kept(m.lstm, slow, m.xs)[1]) in caption
    assert caption != m.caption()
    short = memory_caption(m.lstm, m.rnn, [1, 0, 0, 0])
    assert short.startswith("3 steps after the pulse")
    assert memory_caption(m.lstm, m.rnn, [1, 0]).startswith("1 step after the pulse")
    assert "no pulse" in memory_caption(m.lstm, m.rnn, [0, 0, 0])
    assert "last input" in memory_caption(m.lstm, m.rnn, [0, 0, 1])


def test_memory_kept_subtracts_the_run_without_the_pulse():
    """With a bias that writes on its own, only the pulse's share is counted, from the pulse on."""
    lp = LSTMParams(b_c=0.5, b_f=1.0)
    rp = RNNParams(b=0.3)
    xs = [0.0, 0.0, 2.0, 0.0, 0.0, 0.0]
    quiet = [0.0] * 6
    with_c, without_c = run(lp, xs).c, run(lp, quiet).c
    with_h, without_h = run_rnn(rp, xs).h, run_rnn(rp, quiet).h
    assert without_c[-1] != 0.0 and without_h[-1] != 0.0
    expected = (
        (with_c[-1] - without_c[-1]) / (with_c[2] - without_c[2]),
        (with_h[-1] - without_h[-1]) / (with_h[2] - without_h[2]),
    )
    assert memory_kept(lp, rp, xs) == pytest.approx(expected, rel=1e-12)
    assert memory_kept(lp, rp, quiet) == (0.0, 0.0)


@pytest.mark.parametrize(
    ("share", "text"),
    [
        (1.0, "100%"),
        (0.9117, "91%"),
        (0.042, "4.2%"),
        (0.0095, "0.95%"),
        (0.00095, "0.095%"),
        (1.23e-5, "0.0012%"),
        (1e-6, "less than 0.001%"),
        (0.0, "0%"),
        (-0.3, "-30%"),
    ],
)
def test_format_share(share, text):
    assert format_share(share) == text
