"""Training mode through the real loop: target field, Train/Stop, tasks, pacing, overlay, budget."""

from __future__ import annotations

import pygame
import pytest

from lstm_arcade.model import PARAM_SPECS, LSTMParams
from lstm_arcade.sim import Simulation
from lstm_arcade.ui import theme
from lstm_arcade.ui.views.training_overlay import overlay_lines


class TickingClock:
    """Wall time for the training budget: every reading moves `tick` seconds on."""

    def __init__(self, tick: float) -> None:
        self.now, self.tick, self.readings = 0.0, tick, 0

    def __call__(self) -> float:
        self.now += self.tick
        self.readings += 1
        return self.now


def commit_text(driver, field, text: str) -> None:
    driver.click(field.rect.center)
    driver.key(pygame.K_a, mod=pygame.KMOD_CTRL)
    driver.type(text)
    driver.key(pygame.K_RETURN)


def choose_task(driver, name: str) -> None:
    controls = driver.app.controls
    for _ in range(len(controls.task_names)):
        if controls.task_names[driver.app.state.task_index] == name:
            return
        driver.click(controls.task.rect.center)
    raise AssertionError(f"no task {name}")


def test_a_target_of_the_wrong_length_is_refused_and_the_old_one_kept(make_driver):
    driver = make_driver(Simulation(sequence=[1, 0, 0, 0, 0]), size=(1920, 1080))
    target = driver.app.controls.target
    commit_text(driver, target, "1, 1, 1, 1, 1")
    assert driver.app.sim.target == [1, 1, 1, 1, 1] and target.error == ""
    commit_text(driver, target, "1, 1, 1")
    assert driver.app.sim.target == [1, 1, 1, 1, 1]  # the previous target stays
    assert "3 values" in target.error and "5" in target.error
    params = driver.app.sim.params
    commit_text(driver, target, "1, x, 1, 1, 1")  # bad text: the field says so, nothing changes
    assert driver.app.sim.target == [1, 1, 1, 1, 1] and driver.app.sim.params == params


def test_train_on_the_typed_target_then_stop_keeps_the_weights(make_driver):
    driver = make_driver(Simulation(sequence=[1, 0, 0, 0, 0]), size=(1920, 1080))
    app = driver.app
    commit_text(driver, app.controls.target, "1, 1, 1, 1, 1")
    driver.click(app.controls.train.rect.center)
    assert app.sim.training and app.sim.t == 5  # the whole sequence is shown while it learns
    for _ in range(30):
        driver.frame()
    trainer = app.sim.session.trainer
    assert trainer.iteration > 0 and app.sim.params == trainer.params != LSTMParams()
    driver.key(pygame.K_t, unicode="t")  # T stops
    assert not app.sim.training and app.sim.session.trainer.stop_reason == "stopped"
    learned = app.sim.params
    for _ in range(10):
        driver.frame()
    assert app.sim.params == learned
    # The sliders show the real weights.
    for spec in PARAM_SPECS:
        assert app.controls.sliders[spec.name].value == getattr(learned, spec.name)


def test_the_overlay_and_stats_show_the_trainers_numbers(make_driver):
    driver = make_driver(Simulation(), size=(1920, 1080))
    app = driver.app
    choose_task(driver, "Echo")
    assert app.sim.target is not None and len(app.sim.target) == app.sim.length
    driver.key(pygame.K_t, unicode="t")
    for _ in range(20):
        driver.frame()
    trainer = app.sim.session.trainer
    lines = [line for line, _, _ in overlay_lines(app.sim)]
    assert lines[:2] == [f"Epoch {trainer.epoch:,} · Iteration {trainer.iteration:,}", f"Loss (MSE) {trainer.loss:.3e}"]
    overlay = app.training_overlay.rect
    assert overlay.width > 0 and app.graph.plot.contains(overlay)
    assert driver.pixel((overlay.x + 3, overlay.centery)) != theme.PANEL  # it is drawn



@pytest.mark.parametrize("plot_h", [1, 5, 12, 30])
def test_the_overlay_on_a_plot_too_short_for_it_draws_nothing(make_driver, plot_h):
    """A tiny window leaves the graph's plot a few pixels tall (the monkey found a crash)."""
    driver = make_driver(Simulation(), size=(1920, 1080))
    app = driver.app
    choose_task(driver, "Echo")
    driver.key(pygame.K_t, unicode="t")
    plot = pygame.Rect(100, 100, 300, plot_h)
    app.training_overlay.render(app.screen, plot, app.sim, app.text, app.layout.metrics)
    overlay = app.training_overlay.rect
    assert overlay.width == 0 or plot.contains(overlay)

def test_each_frame_trains_within_its_budget(make_driver):
    clock = TickingClock(tick=0.001)  # every iteration "takes" a millisecond of wall time
    sim = Simulation(speed=30)
    driver = make_driver(sim, size=(1280, 720))
    driver.app.train_clock = clock
    choose_task(driver, "Remember the pulse")
    driver.key(pygame.K_t, unicode="t")
    for _ in range(5):
        before = sim.session.trainer.iteration
        clock.readings = 0
        driver.frame(0.25)
        done = sim.session.trainer.iteration - before
        spent = (clock.readings - 1) * clock.tick  # the first reading marks the start
        assert done >= 1 and spent <= 0.004 + 1e-12  # never more than the 4 ms slice


def test_training_is_paced_by_the_speed_so_it_can_be_watched(make_driver):
    sim = Simulation(speed=2)
    driver = make_driver(sim, size=(1280, 720))
    choose_task(driver, "Remember the pulse")
    driver.key(pygame.K_t, unicode="t")
    for _ in range(60):  # one second at 2 steps/s: about 10 epochs
        driver.frame(1 / 60)
    assert 8 <= sim.session.trainer.epoch <= 13


def test_remember_the_pulse_trains_to_its_stated_loss(make_driver):
    sim = Simulation(speed=30)
    driver = make_driver(sim, size=(1280, 720))
    choose_task(driver, "Remember the pulse")
    driver.key(pygame.K_t, unicode="t")
    for _ in range(400):
        driver.frame(0.25)
        if not sim.training:
            break
    session = sim.session
    assert session.trainer.stop_reason == "tolerance" and session.trainer.loss <= 1e-4
    assert "Done" in session.status()
    # Stepping through the trained sequence from the start shows the latch: y ≈ 1 after the pulse.
    driver.key(pygame.K_r, unicode="r")
    for _ in range(sim.length):
        driver.key(pygame.K_RIGHT)
    assert abs(sim.current.y - sim.target[-1]) < 0.05


def test_reset_weights_and_optimizer_toggle(make_driver):
    driver = make_driver(Simulation(sequence=[1, 0]), size=(1920, 1080))
    app = driver.app
    app.sim.set_param("w_f", 1.5)
    driver.click(app.controls.optimizer.rect.center)
    assert app.state.optimizer == "sgd"
    driver.click(app.controls.reset_weights.rect.center)
    assert app.sim.params == LSTMParams()


def test_moving_a_slider_while_training_stops_it(make_driver):
    driver = make_driver(Simulation(), size=(1920, 1080))
    choose_task(driver, "Echo")
    driver.key(pygame.K_t, unicode="t")
    driver.frame()
    assert driver.app.sim.training
    slider = driver.app.controls.sliders["b_o"]
    driver.click((slider.x_of(0.5), slider.track_rect().centery))
    assert not driver.app.sim.training and driver.app.sim.params.b_o == pytest.approx(0.5, abs=0.05)


def test_without_a_target_train_says_what_is_missing(make_driver):
    driver = make_driver(Simulation(sequence=[1, 0, 0]), size=(1280, 720))
    driver.key(pygame.K_t, unicode="t")
    assert not driver.app.sim.training and "Target" in driver.app.sim.hint


def test_text_wrap_and_fit_keep_within_the_width():
    from lstm_arcade.ui.text import Text

    pygame.font.init()
    text = Text()
    long = "Once a 1 has come in, keep saying 1: the cell state holds it (a latch)"
    lines = text.wrap(long, 18, 200)
    assert len(lines) > 1 and " ".join(lines) == long
    assert all(text.font(18).size(line)[0] <= 200 for line in lines)
    cut = text.fit(long, 18, 200)
    assert cut.endswith("…") and text.font(18).size(cut)[0] <= 200
    assert text.fit("short", 18, 200) == "short"
