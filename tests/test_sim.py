"""The simulation: stepping, reset, the play clock (injected time) and live recompute."""

import pytest

from lstm_arcade.model import LSTMParams, run
from lstm_arcade.sim import Simulation
from lstm_arcade.sim import simulation as simulation_module

PULSE = [1, 0, 0, 0, 0]


def test_step_forward_matches_run_at_every_step():
    sim = Simulation(sequence=PULSE)
    trace = run(LSTMParams(), PULSE)
    for t in range(1, 6):
        assert sim.step_forward()
        assert sim.t == t
        assert sim.current.c == trace.c[t - 1]
        assert sim.state() == (trace.h[t - 1], trace.c[t - 1])
    assert not sim.step_forward()
    assert sim.t == 5
    assert sim.hint is not None and "End" in sim.hint


def test_step_back_and_reset_keep_sequence_and_weights():
    params = LSTMParams(w_f=1.5)
    sim = Simulation(params, PULSE)
    for _ in range(3):
        sim.step_forward()
    sim.step_back()
    assert sim.t == 2
    assert sim.current.c == run(params, PULSE).c[1]
    sim.reset()
    assert (sim.t, sim.state(), sim.current) == (0, (0.0, 0.0), None)
    assert sim.sequence == PULSE and sim.params == params
    assert not sim.step_back()


def test_empty_sequence_gives_a_hint_not_a_step():
    sim = Simulation()
    assert not sim.step_forward()
    sim.play(0.0)
    assert not sim.playing
    assert "sequence" in sim.hint


def test_new_sequence_resets_to_zero_and_keeps_weights():
    sim = Simulation(LSTMParams(b_o=0.3), PULSE)
    sim.step_forward()
    sim.set_sequence([0, 1])
    assert sim.t == 0 and sim.sequence == [0.0, 1.0] and sim.params.b_o == 0.3


def test_param_change_recomputes_up_to_t_at_once():
    sim = Simulation(sequence=PULSE)
    for _ in range(4):
        sim.step_forward()
    sim.set_param("w_i", -1.25)
    expected = run(LSTMParams(w_i=-1.25), PULSE)
    assert not sim.pending
    assert sim.current.c == expected.c[3]
    assert sim.step_at(2).h == expected.h[1]


def test_param_change_is_clamped_to_its_range():
    sim = Simulation()
    sim.set_param("b_f", 5.0)
    assert sim.params.b_f == 1.0
    sim.set_param("w_out", -9)
    assert sim.params.w_out == -2.0


def test_long_recompute_is_spread_over_frames(monkeypatch):
    monkeypatch.setattr(simulation_module, "RECOMPUTE_SLICE", 100)
    xs = [1.0, 0.0] * 250
    sim = Simulation(sequence=xs)
    while sim.t < 500:
        sim.step_forward()
    sim.set_param("u_c", 1.0)
    assert sim.pending and sim.current is None and sim.computed == 100
    frames = 0
    while sim.pending:
        sim.update(0.0)
        frames += 1
    assert frames == 4
    assert sim.current.h == run(LSTMParams(u_c=1.0), xs).h[-1]


def test_play_follows_elapsed_time_not_frames():
    sim = Simulation(sequence=[0.0] * 40, speed=4.0)
    sim.play(10.0)
    sim.update(10.2)
    assert sim.t == 0
    sim.update(10.25)
    assert sim.t == 1
    sim.update(12.0)
    assert sim.t == 8


@pytest.mark.parametrize("frame_times", [[0.5 * k for k in range(1, 21)], [0.013 * k for k in range(1, 770)] + [10.0], [3.3, 10.0]])
def test_two_frame_splits_reach_the_same_step(frame_times):
    sim = Simulation(sequence=[1.0] * 100, speed=3.0)
    sim.play(0.0)
    for now in frame_times:
        sim.update(now)
    assert sim.t == 30  # 10 s at 3 steps/s, however the frames fell


def test_play_stops_at_the_end_and_play_again_restarts():
    sim = Simulation(sequence=PULSE, speed=30.0)
    sim.play(0.0)
    sim.update(100.0)
    assert sim.t == 5 and not sim.playing
    sim.play(100.0)
    assert sim.t == 0 and sim.playing
    sim.update(100.0 + 1 / 30 + 1e-6)
    assert sim.t == 1


def test_speed_change_while_playing_keeps_progress():
    sim = Simulation(sequence=[0.0] * 100, speed=2.0)
    sim.play(0.0)
    sim.update(1.75)  # 3.5 steps of progress
    assert sim.t == 3
    sim.set_speed(10.0, 1.75)
    sim.update(1.80)  # 3.5 + 0.05 * 10 = 4.0
    assert sim.t == 4
    assert sim.speed == 10.0


def test_speed_is_clamped_and_step_pauses_play():
    sim = Simulation(sequence=PULSE, speed=100)
    assert sim.speed == 30.0
    sim.play(0.0)
    sim.step_forward()
    assert not sim.playing and sim.t == 1


def test_fast_recompute_equals_run_to_the_last_bit():
    import random

    from lstm_arcade.model import PARAM_SPECS

    rng = random.Random(5)
    for _ in range(20):
        params = LSTMParams(**{s.name: rng.uniform(s.min, s.max) for s in PARAM_SPECS})
        xs = [rng.uniform(-10, 10) for _ in range(rng.randrange(1, 60))]
        sim = Simulation(params, xs)
        for _ in xs:
            sim.step_forward()
        expected = run(params, xs)
        for name in ("z_f", "z_i", "z_c", "z_o", "f", "i", "c_tilde", "o", "c", "h", "y"):
            assert list(sim.column(name)) == getattr(expected, name), name
