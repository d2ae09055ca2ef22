"""Training mode through the real loop: target field, Train/Stop, tasks, pacing, overlay, budget."""

from __future__ import annotations

import pygame
import pytest
from layout_grid import GRID

from lstm_arcade import actions as act
from lstm_arcade.actions import Action
from lstm_arcade.app import AppOptions
from lstm_arcade.app.dispatch import dispatch
from lstm_arcade.model import PARAM_SPECS, LSTMParams, loss_and_grads_batch
from lstm_arcade.sim import Simulation
from lstm_arcade.ui import theme
from lstm_arcade.ui.views.stats import stats_rows
from lstm_arcade.ui.views.toast import title_height
from lstm_arcade.ui.views.training_overlay import overlay_lines, short_parts


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
    if controls.task.rect.width == 0 and hasattr(controls, "page_of"):  # a folded panel: its page
        controls.show_page(controls.page_of(controls.task))
        driver.frame()
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


def train_for(driver, task: str = "Echo", frames: int = 20) -> None:
    """Choose `task`, press T, let it learn for some frames."""
    choose_task(driver, task)
    driver.key(pygame.K_t, unicode="t")
    for _ in range(frames):
        driver.frame()


def show_graph(driver) -> None:
    """The tab with the graph, where the layout folds it onto a tab."""
    app = driver.app
    page = app.layout.page_of("graph")
    if page is not None and not app.layout.shows("graph"):
        dispatch(app, Action(act.SHOW_PAGE, page), driver.clock.now)
        driver.frame()


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
    assert lines[0] == f"Echo · epoch {trainer.epoch:,} · loss (MSE) {trainer.loss:.2e}"
    assert ("MSE", f"{trainer.loss:.1e}", theme.TARGET) in stats_rows(app.sim)
    band = app.training_overlay.rect
    assert band.width > 0 and app.graph.rect.contains(band)
    assert not band.colliderect(app.graph.plot)  # above the plot: it hides no line
    assert driver.pixel((band.x + 3, band.centery)) == theme.FIELD_BG  # it is drawn


@pytest.mark.parametrize("compare", [False, True])
@pytest.mark.parametrize("size", GRID)
def test_the_status_band_fits_at_every_size_and_hides_no_data(make_driver, size, compare):
    """Whole words inside the band, the band and its button inside the graph, off the plot."""
    driver = make_driver(Simulation(), size=size)
    app = driver.app
    if compare:
        driver.key(pygame.K_c, unicode="c")
    train_for(driver, frames=5)
    driver.key(pygame.K_t, unicode="t")  # stopped: the longest status ("Stopped by you at epoch …")
    show_graph(driver)
    overlay, graph, m = app.training_overlay, app.graph, app.layout.metrics
    band = overlay.rect
    room = graph.plot.bottom - graph.status_rect.y  # what the band and the plot share
    if band.width == 0:  # only where even one line would take more than half of it
        folded = overlay._measure(short_parts(app.sim), app.sim, graph.status_rect.width, app.text, m, 0, one_line=True)
        assert folded.height > room // 2 and graph.status_rect.height == 0
        return
    assert graph.rect.contains(band) and band.height <= room // 2
    assert not band.colliderect(graph.plot) and graph.plot.height > 0
    plan = overlay.plan(app.sim, band.width, room, app.text, m)
    inner = band.inflate(-2 * m.pad, 0)
    words = []
    for line in plan.lines:
        widths = [app.text.size(piece, m.small)[0] for piece, _ in line]
        assert sum(widths) <= inner.width, (size, line)
        words += " ".join(piece for piece, _ in line).replace("·", " ").split()
    status = " ".join(part for part, _ in ([(t, c) for t, c, _ in overlay_lines(app.sim)] if not overlay.folded else
                                            short_parts(app.sim)))
    assert all(word in status.replace("·", " ").split() for word in words)  # whole words, none cut
    assert f"{app.sim.session.trainer.loss:.2e}" in words  # folded or not, the loss is there
    assert plan.margin * 2 + len(plan.lines) * plan.line_h <= band.height
    assert overlay.undo_rect.width > 0 and band.contains(overlay.undo_rect)
    texts_right = band.x + m.pad + max(sum(app.text.size(p, m.small)[0] for p, _ in line) for line in plan.lines)
    if plan.beside:  # the button right of the text never covers it
        assert texts_right <= overlay.undo_rect.x


def reach_slider(driver, name: str):
    """The weight slider `name`, on screen (a folded controls panel shows its weights' page)."""
    controls = driver.app.controls
    slider = controls.sliders[name]
    if slider.rect.width == 0 and hasattr(controls, "page_of"):
        controls.show_page(controls.page_of(slider))
        driver.frame()
    return slider


def set_slider(driver) -> None:
    slider = reach_slider(driver, "b_o")
    driver.click((slider.x_of(0.5), slider.track_rect().centery))


def set_sequence(driver) -> None:
    commit_text(driver, driver.app.controls.sequence, "1, 0, 1")


CHANGES = {
    "slider": set_slider,
    "preset": lambda driver: driver.key(pygame.K_2, unicode="2"),
    "sequence": set_sequence,
    "compare": lambda driver: driver.key(pygame.K_c, unicode="c"),
    "task": lambda driver: driver.click(driver.app.controls.task.rect.center),
    "reset weights": lambda driver: driver.click(driver.app.controls.reset_weights.rect.center),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_changing_weights_task_sequence_or_compare_ends_the_training_status(make_driver, change):
    driver = make_driver(Simulation(), size=(1920, 1080))
    app = driver.app
    train_for(driver)
    band = pygame.Rect(app.training_overlay.rect)
    assert band.width > 0 and app.sim.session is not None
    CHANGES[change](driver)
    driver.frame()
    assert app.sim.session is None and not app.sim.training
    assert app.training_overlay.rect.width == 0 and app.training_overlay.undo_hit.width == 0
    assert all(label != "MSE" for label, _, _ in stats_rows(app.sim))  # the stats' loss row is gone too
    assert app.graph.status_rect.height == 0  # the plot has its room back


def test_undo_recomputes_the_status_for_the_restored_weights(make_driver):
    driver = make_driver(Simulation(), size=(1920, 1080))
    app = driver.app
    start = app.sim.params
    train_for(driver, frames=30)
    driver.key(pygame.K_t, unicode="t")  # stop
    trainer = app.sim.session.trainer
    learned_loss = trainer.loss
    xs, targets = trainer.xs, trainer.targets
    assert app.training_overlay.undo_rect.width > 0
    driver.click(app.training_overlay.undo_rect.center)  # the band's own button
    assert app.sim.params == start
    expected = loss_and_grads_batch(start, xs, targets)[0]
    assert app.sim.session.trainer.loss == pytest.approx(expected) and expected != pytest.approx(learned_loss)
    status = app.sim.session.status()
    assert status.startswith("Undone") and f"{expected:.2e}" in status
    assert f"{learned_loss:.2e}" not in " ".join(t for t, _, _ in overlay_lines(app.sim))
    assert ("MSE", f"{expected:.1e}", theme.TARGET) in stats_rows(app.sim)
    driver.frame()
    assert app.training_overlay.rect.width > 0 and app.training_overlay.undo_rect.width == 0  # nothing to undo now


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
    slider = reach_slider(driver, "b_o")
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


# --- the toast ------------------------------------------------------------------------------------
@pytest.mark.parametrize("size", GRID)
def test_a_toast_covers_no_header_text_and_no_panel_title(make_driver, size, tmp_path):
    """Ctrl+S's "Saved …" toast, at every size: clear of the header and every panel's title row,
    inside the window, its lines no wider than its box."""
    driver = make_driver(Simulation(sequence=[1, 0, 0]), size=size, options=AppOptions(scenario_dir=tmp_path))
    app = driver.app
    driver.key(pygame.K_s, mod=pygame.KMOD_CTRL)
    assert "Saved" in app.toast.message
    toast, lay, m = app.toast.rect, app.layout, app.layout.metrics
    assert toast.width > 0 and app.screen.get_rect().contains(toast)
    assert not toast.colliderect(lay.header)
    for name in ("diagram", "chain", "graph", "controls", "stats", "math"):
        rect = getattr(lay, name)
        if lay.shows(name):
            title = pygame.Rect(rect.x, rect.y, rect.width, title_height(m))
            assert not toast.colliderect(title), name
    assert lay.stage.contains(toast)
    room = lay.stage.width - 8 * m.pad  # each line wrapped at words to that, within the box's padding
    for line in app.toast.lines:
        for piece in app.text.wrap(line, m.body, room):
            assert app.text.size(app.text.fit(piece, m.body, room), m.body)[0] <= toast.width - 2 * m.pad


@pytest.mark.parametrize(("size", "lang"), [((320, 240), "ar"), ((320, 240), "en"), ((1920, 1080), "ar")])
def test_the_training_band_draws_inside_itself_so_the_graph_can_put_back_only_the_band(make_driver, size, lang):
    """The graph puts back only what a frame drew over its background, the training band among
    it. In a 320x240 window the band's Arabic glyphs (a shadda, a descender) reached two rows past
    the band into the gap over the plot, and were blended there again every frame (the monkey
    found it): the screen each training frame leaves must be what drawing it all anew gives."""
    driver = make_driver(Simulation(speed=30), size=size)
    app = driver.app
    app.dispatch(Action(act.LANGUAGE, lang), driver.clock.now)
    driver.frame()
    choose_task(driver, "Remember the pulse")
    driver.key(pygame.K_t, unicode="t")

    def check(label: str) -> None:
        assert app.drawn_clean, label
        left = pygame.image.tobytes(app.screen, "RGB")
        app.drawn_clean = False
        app.draw()
        assert pygame.image.tobytes(app.screen, "RGB") == left, label

    for k in range(12):
        driver.frame()
        assert app.sim.training
        check(f"training {k}")
    driver.key(pygame.K_t, unicode="t")  # stopped: the band's words change under the same band
    for k in range(3):
        driver.frame()
        check(f"stopped {k}")
    assert not app.sim.training and app.training_overlay.rect.width
