"""Optimizers by hand, fit on every preset, clamping, and the Trainer's time slices and stops."""

import math

import numpy as np
import pytest

from lstm_arcade.formats.tasks_file import load_tasks
from lstm_arcade.model import (
    PARAM_NAMES,
    PARAM_SPECS,
    SGD,
    Adam,
    LSTMParams,
    Trainer,
    fit,
    loss_and_grads,
    loss_and_grads_batch,
    make_optimizer,
)

TASKS = load_tasks()
GRADS = LSTMParams(
    w_f=0.5, u_f=-2.0, b_f=0.0,
    w_i=1e-3, u_i=-1e-3, b_i=4.0,
    w_c=-0.25, u_c=0.1, b_c=-3.0,
    w_o=2.0, u_o=0.0, b_o=-0.5,
    w_out=1.0,
)  # fmt: skip


def _in_range(params):
    return all(s.min <= getattr(params, s.name) <= s.max for s in PARAM_SPECS)


# ---------------------------------------------------------------------------------------------
# Optimizers against hand-computed updates
# ---------------------------------------------------------------------------------------------


def test_sgd_step_by_hand():
    """w ← w - lr·g for every parameter; no clamping inside the optimizer."""
    p = LSTMParams()
    new = SGD(0.1).step(p, GRADS)
    assert new.w_f == pytest.approx(0.5 - 0.1 * 0.5)
    assert new.u_f == pytest.approx(0.5 + 0.2)
    assert new.b_i == pytest.approx(-0.4)
    assert new.b_c == pytest.approx(0.3)
    assert new.w_o == pytest.approx(0.5 - 0.2)
    assert new.u_o == 0.5
    assert new.w_out == pytest.approx(0.9)
    big = SGD(1.0).step(p, GRADS)
    assert big.b_i == pytest.approx(-4.0)  # outside b's range: fit clamps, the optimizer does not


def test_sgd_learning_rate_can_change_and_reset_is_harmless():
    """Changing lr changes the next step; reset() keeps SGD stateless."""
    opt = SGD(0.1)
    opt.lr = 0.5
    opt.reset()
    assert opt.step(LSTMParams(), GRADS).w_f == pytest.approx(0.5 - 0.25)


def test_adam_first_step_by_hand():
    """Step 1: m = 0.1·g, v = 0.001·g², m̂ = g, v̂ = g², so Δw = -lr·g/(|g| + ε)."""
    opt = Adam(0.01)
    new = opt.step(LSTMParams(), GRADS)
    for name in PARAM_NAMES:
        g = getattr(GRADS, name)
        expected = getattr(LSTMParams(), name) - 0.01 * g / (abs(g) + 1e-8)
        assert getattr(new, name) == pytest.approx(expected, rel=1e-12, abs=1e-15), name
    assert opt.t == 1
    assert opt.m[0] == pytest.approx(0.1 * 0.5)
    assert opt.v[0] == pytest.approx(0.001 * 0.25)


def test_adam_second_step_by_hand():
    """Step 2 with a different gradient, bias corrections 1 - 0.9² and 1 - 0.999², for w_f."""
    opt = Adam(0.05, beta1=0.9, beta2=0.999, eps=1e-8)
    p1 = opt.step(LSTMParams(), GRADS)
    g2 = GRADS.with_value("w_f", -1.5)
    p2 = opt.step(p1, g2)
    m = 0.9 * (0.1 * 0.5) + 0.1 * -1.5  # = -0.105
    v = 0.999 * (0.001 * 0.25) + 0.001 * 2.25  # = 0.00249975
    m_hat = m / (1 - 0.9**2)
    v_hat = v / (1 - 0.999**2)
    expected = p1.w_f - 0.05 * m_hat / (math.sqrt(v_hat) + 1e-8)
    assert p2.w_f == pytest.approx(expected, rel=1e-12)
    # Literal: p1.w_f = 0.5 - 0.05 = 0.45; m̂ = -0.55263…, v̂ = 1.25050…, step = +0.024709…
    assert p2.w_f == pytest.approx(0.45 + 0.05 * 0.105 / 0.19 / math.sqrt(0.00249975 / 0.001999))


def test_adam_reset_forgets_the_moments():
    """After reset() the next step is a first step again (same as a fresh Adam)."""
    opt = Adam(0.01)
    p = opt.step(LSTMParams(), GRADS)
    p = opt.step(p, GRADS.with_value("w_f", -3.0))
    opt.reset()
    assert opt.t == 0 and opt.m == [0.0] * 13 and opt.v == [0.0] * 13
    assert opt.step(LSTMParams(), GRADS) == Adam(0.01).step(LSTMParams(), GRADS)


def test_adam_keeps_moments_when_lr_changes():
    """Changing lr between steps scales the step and keeps m, v, t."""
    a, b = Adam(0.01), Adam(0.01)
    pa, pb = a.step(LSTMParams(), GRADS), b.step(LSTMParams(), GRADS)
    b.lr = 0.02
    qa, qb = a.step(pa, GRADS), b.step(pb, GRADS)
    assert b.t == 2
    assert (qb.w_f - pb.w_f) == pytest.approx(2 * (qa.w_f - pa.w_f), rel=1e-12)


@pytest.mark.parametrize("lr", [0.0, -0.1, math.nan, math.inf])
def test_optimizers_reject_bad_learning_rates(lr):
    for kind in (SGD, Adam):
        with pytest.raises(ValueError, match="learning rate"):
            kind(lr)


def test_make_optimizer_names():
    assert isinstance(make_optimizer("adam", 0.1), Adam)
    assert isinstance(make_optimizer("sgd", 0.1), SGD)
    assert make_optimizer("sgd", 0.3).lr == 0.3
    with pytest.raises(ValueError, match="momentum"):
        make_optimizer("momentum", 0.1)


# ---------------------------------------------------------------------------------------------
# fit
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("task", TASKS, ids=[t.name for t in TASKS])
def test_fit_lowers_the_loss_on_every_preset(task):
    """20 updates with the preset's optimizer lower the batch loss well below the start."""
    xs, targets = task.batch()
    start, _ = loss_and_grads_batch(LSTMParams(), xs, targets)
    params, losses = fit(
        LSTMParams(), xs, targets, make_optimizer(task.optimizer, task.learning_rate), 20
    )
    end, _ = loss_and_grads_batch(params, xs, targets)
    assert len(losses) == 20
    assert losses[0] == pytest.approx(start, rel=1e-12)
    assert end < 0.7 * start, (start, end)
    assert _in_range(params)


def test_fit_on_one_sequence_uses_the_same_gradients_as_a_batch_of_one():
    """1-D input trains like the same sequence as a (1, time) batch; lists work too."""
    xs, targets = [1, 0, 0, 1, 0, 0], [0, 1, 1, 1, 1, 1]
    p1, l1 = fit(LSTMParams(), xs, targets, Adam(0.05), 30)
    p2, l2 = fit(LSTMParams(), np.array([xs]), np.array([targets]), Adam(0.05), 30)
    assert l1 == pytest.approx(l2, rel=1e-12)
    for name in PARAM_NAMES:
        assert getattr(p1, name) == pytest.approx(getattr(p2, name), rel=1e-9, abs=1e-12)
    assert l1[-1] < l1[0]
    assert l1[0] == loss_and_grads(LSTMParams(), xs, targets)[0]


def test_fit_batch_is_gradient_descent_on_the_batch_loss():
    """One SGD iteration on a batch is exactly params - lr·(batch gradient)."""
    task = TASKS[0]
    xs, targets = task.batch()
    _, grads = loss_and_grads_batch(LSTMParams(), xs, targets)
    params, _ = fit(LSTMParams(), xs, targets, SGD(0.2), 1)
    for name in PARAM_NAMES:
        expected = getattr(LSTMParams(), name) - 0.2 * getattr(grads, name)
        assert getattr(params, name) == pytest.approx(expected, rel=1e-12, abs=1e-15), name


def test_fit_clamps_to_the_ranges_after_every_update():
    """A huge step lands every weight inside its range, some on the range ends."""
    xs, targets = [1, 0, 1, 1, 0], [2, -2, 2, 2, -2]
    params, _ = fit(LSTMParams(), xs, targets, SGD(100.0), 3)
    assert _in_range(params)
    at_ends = [s.name for s in PARAM_SPECS if getattr(params, s.name) in (s.min, s.max)]
    assert at_ends
    free, _ = fit(LSTMParams(), xs, targets, SGD(100.0), 3, clip_to_ranges=False)
    assert not _in_range(free)


def test_fit_clamps_during_training_not_only_at_the_end():
    """Each update starts from clamped weights: 2 iterations = 1 + 1 with clamping between."""
    xs, targets = [1, 0, 1], [2, -2, 2]
    two, _ = fit(LSTMParams(), xs, targets, SGD(50.0), 2)
    one, _ = fit(LSTMParams(), xs, targets, SGD(50.0), 1)
    assert _in_range(one)
    again, _ = fit(one, xs, targets, SGD(50.0), 1)
    assert two == again


def test_fit_zero_iterations_and_bad_input():
    p, losses = fit(LSTMParams(), [1, 0], [1, 0], SGD(0.1), 0)
    assert p == LSTMParams() and losses == []
    with pytest.raises(ValueError, match="iterations"):
        fit(LSTMParams(), [1, 0], [1, 0], SGD(0.1), -1)
    with pytest.raises(ValueError, match="shape"):
        fit(LSTMParams(), [1, 0, 1], [1, 0], SGD(0.1), 1)
    with pytest.raises(ValueError, match="1-D.*2-D"):
        fit(LSTMParams(), np.zeros((2, 2, 2)), np.zeros((2, 2, 2)), SGD(0.1), 1)
    with pytest.raises(ValueError, match="finite"):
        fit(LSTMParams(), [1, math.nan], [1, 0], SGD(0.1), 1)


# ---------------------------------------------------------------------------------------------
# Trainer: time slices with an injected clock
# ---------------------------------------------------------------------------------------------


class TickingClock:
    """Fake time that advances by `tick` seconds every time it is read; counts the reads."""

    def __init__(self, tick: float) -> None:
        self.tick, self.now, self.reads = tick, 50.0, 0

    def __call__(self) -> float:
        self.reads += 1
        self.now += self.tick
        return self.now


def _echo_trainer(**options):
    return Trainer.for_task(TASKS[0], **{"max_epochs": 10_000, "tolerance": 0.0, **options})


MS = 1 / 1024  # about a millisecond, exact in binary so the sums below have no rounding


@pytest.mark.parametrize(
    ("tick", "budget", "expected"),
    [(1, 4, 4), (1, 4.5, 4), (0.5, 4, 8), (1, 1, 1), (3, 4, 1), (10, 4, 1), (0.25, 4, 16)],
)
def test_run_for_fits_whole_iterations_in_the_budget(tick, budget, expected):
    """Each iteration costs one tick: as many as fit, at least one, never one past the budget."""
    trainer = _echo_trainer()
    clock = TickingClock(tick * MS)
    start = clock.now
    done = trainer.run_for(budget * MS, clock)
    assert done == expected
    assert trainer.iteration == expected
    used = clock.now - start - clock.tick  # the first read is the start time
    assert used == expected * tick * MS
    if tick <= budget:
        assert used <= budget * MS


def test_run_for_never_starts_an_iteration_after_the_budget_is_spent():
    """Over many frames with steady iteration cost, no slice ever goes past its budget."""
    trainer = _echo_trainer()
    clock = TickingClock(0.75 * MS)
    for _ in range(50):
        before = clock.now
        done = trainer.run_for(4 * MS, clock)
        assert done == 5  # 5 × 0.75 fit in 4; a 6th would end at 4.5
        assert clock.now - before - clock.tick <= 4 * MS
    assert trainer.iteration == 250


def test_run_for_with_a_zero_budget_still_does_one_iteration():
    trainer = _echo_trainer()
    assert trainer.run_for(0.0, TickingClock(0.001)) == 1
    assert trainer.run_for(-1.0, TickingClock(0.001)) == 1
    assert trainer.iteration == 2


def test_run_for_with_the_real_clock_does_work():
    """The default clock is time.perf_counter; 5 ms is enough for several echo iterations."""
    trainer = _echo_trainer()
    assert trainer.run_for(0.005) >= 1
    assert trainer.epoch == trainer.iteration == len(trainer.losses)


# ---------------------------------------------------------------------------------------------
# Trainer: counters, history, stop reasons
# ---------------------------------------------------------------------------------------------


def test_trainer_matches_fit():
    """Full-batch: N trainer iterations give fit's weights and losses; epochs = iterations."""
    task = TASKS[2]
    xs, targets = task.batch()
    trainer = Trainer(xs, targets, optimizer=Adam(0.1), tolerance=0.0, max_epochs=100)
    for _ in range(12):
        assert trainer.step()
    params, losses = fit(LSTMParams(), xs, targets, Adam(0.1), 12)
    assert trainer.params == params
    assert trainer.losses == losses
    assert trainer.epoch_losses == losses
    assert trainer.epoch == trainer.iteration == 12
    assert trainer.loss == losses[-1]
    assert trainer.iterations_per_epoch == 1


def test_trainer_stops_at_tolerance():
    """Echo from its preset reaches its stated loss: stop reason "tolerance", no more steps."""
    trainer = Trainer.for_task(TASKS[0])
    trainer.run_until_stopped()
    assert trainer.stop_reason == "tolerance"
    assert trainer.loss <= TASKS[0].loss
    assert all(loss > TASKS[0].loss for loss in trainer.epoch_losses[:-1])
    before = (trainer.params, trainer.iteration)
    assert not trainer.step()
    assert trainer.run_for(0.004, TickingClock(0.001)) == 0
    assert (trainer.params, trainer.iteration) == before


def test_trainer_stops_at_max_epochs():
    trainer = _echo_trainer(max_epochs=3)
    clock = TickingClock(0.0001)
    assert trainer.run_for(1.0, clock) == 3
    assert trainer.stop_reason == "max epochs"
    assert trainer.epoch == 3 and not trainer.running
    trainer.resume()
    assert trainer.run_for(1.0, clock) == 0  # still at the maximum
    assert trainer.stop_reason == "max epochs"
    trainer.max_epochs = 5
    trainer.resume()
    assert trainer.run_for(1.0, clock) == 2
    assert trainer.epoch == 5


def test_trainer_stop_keeps_weights_and_resume_goes_on():
    trainer = _echo_trainer()
    trainer.run_for(0.003, TickingClock(0.001))
    trainer.stop()
    assert trainer.stop_reason == "stopped" and not trainer.running
    kept = (trainer.params, trainer.epoch, trainer.iteration, list(trainer.losses))
    assert trainer.run_for(0.004, TickingClock(0.001)) == 0
    assert (trainer.params, trainer.epoch, trainer.iteration, trainer.losses) == kept
    trainer.resume()
    assert trainer.running
    assert trainer.run_for(0.002, TickingClock(0.001)) == 2
    assert trainer.iteration == kept[2] + 2


def test_trainer_reset_goes_back_to_defaults():
    trainer = _echo_trainer()
    trainer.run_for(0.01, TickingClock(0.001))
    trainer.stop()
    trainer.reset()
    assert trainer.params == LSTMParams()
    assert (trainer.epoch, trainer.iteration, trainer.losses, trainer.stop_reason) == (
        0,
        0,
        [],
        None,
    )
    assert trainer.optimizer.t == 0
    custom = LSTMParams(w_out=-1.0)
    trainer.reset(custom)
    assert trainer.params == custom


def test_trainer_keeps_weights_in_range():
    """Whatever the learning rate, the trainer's weights stay inside the slider ranges."""
    trainer = Trainer.for_task(TASKS[3], optimizer=SGD(50.0), tolerance=0.0, max_epochs=5)
    while trainer.step():
        assert _in_range(trainer.params)


def test_trainer_minibatches():
    """Batch of 32 in mini-batches of 10: 4 iterations per epoch (10, 10, 10, 2 sequences)."""
    task = TASKS[0]
    xs, targets = task.batch()
    trainer = Trainer(xs, targets, optimizer=SGD(0.1), minibatch_size=10, tolerance=0.0)
    assert trainer.iterations_per_epoch == 4
    for _ in range(3):
        trainer.step()
    assert (trainer.iteration, trainer.epoch, trainer.loss) == (3, 0, None)
    trainer.step()
    assert (trainer.iteration, trainer.epoch) == (4, 1)
    weights = np.array([10, 10, 10, 2])
    assert trainer.loss == pytest.approx(float(weights @ trainer.losses[:4]) / 32, rel=1e-12)
    # The first mini-batch's loss is the loss of the first 10 sequences at the default weights.
    first, _ = loss_and_grads_batch(LSTMParams(), xs[:10], targets[:10])
    assert trainer.losses[0] == pytest.approx(first, rel=1e-12)
    with pytest.raises(ValueError, match="minibatch_size"):
        Trainer(xs, targets, minibatch_size=0)


def test_trainer_on_one_sequence():
    """A single sequence (the Target field's case) trains and counts epochs like a batch of one."""
    trainer = Trainer([1, 0, 1, 1, 0], [1, 0, 1, 1, 0], optimizer=Adam(0.1), max_epochs=2000)
    trainer.run_until_stopped()
    assert trainer.stop_reason == "tolerance"
    assert trainer.loss <= 1e-4
    assert trainer.epoch == trainer.iteration
    with pytest.raises(ValueError, match="shape"):
        Trainer([1, 0, 0], [1, 1])
