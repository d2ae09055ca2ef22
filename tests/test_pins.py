"""Compare runs through the real loop: pinned traces (P, the Pin button, ghosts, ×, Shift+P, the
three-pin limit, scenarios) and Undo training (U and the overlay's button)."""

from __future__ import annotations

import numpy as np
import pygame
import pytest

from lstm_arcade.app.session import apply_scenario, scenario_from_app
from lstm_arcade.formats.scenario import ScenarioError, dump_scenario, parse_scenario
from lstm_arcade.model import LSTMParams
from lstm_arcade.model.lstm import run
from lstm_arcade.sim import Simulation
from lstm_arcade.sim.pins import HINT_DROPPED, HINT_REPLACED, MAX_PINS, short_label
from lstm_arcade.ui import theme
from lstm_arcade.ui.views.formatting import num
from lstm_arcade.ui.views.graph import ghost_color

SEQUENCE = [1, 0, 0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0]


def taken(make_driver, size=(1920, 1080), sequence=SEQUENCE):
    """An app whose whole sequence has been stepped through."""
    driver = make_driver(Simulation(sequence=sequence), size=size)
    for _ in sequence:
        driver.key(pygame.K_RIGHT)
    assert driver.app.sim.t == len(sequence)
    return driver


def press_p(driver, shift: bool = False) -> None:
    driver.key(pygame.K_p, mod=pygame.KMOD_SHIFT if shift else 0, unicode="P" if shift else "p")


def commit_text(driver, field, text: str) -> None:
    driver.click(field.rect.center)
    driver.key(pygame.K_a, mod=pygame.KMOD_CTRL)
    driver.type(text)
    driver.key(pygame.K_RETURN)
    driver.key(pygame.K_ESCAPE)  # leave the field: letters are shortcuts again


def test_p_pins_the_whole_run_under_the_current_weights(make_driver):
    driver = make_driver(Simulation(sequence=SEQUENCE), size=(1920, 1080))
    sim = driver.app.sim
    driver.key(pygame.K_RIGHT)  # only one step taken: the pin still holds the whole sequence
    press_p(driver)
    assert len(sim.pins) == 1
    pin = sim.pins[0]
    trace = run(LSTMParams(), SEQUENCE)
    assert pin.params == LSTMParams() and pin.label == "default weights"
    for key in ("y", "c", "h"):
        values = pin.values(key)
        assert isinstance(values, np.ndarray) and values.dtype == np.float64
        assert values.tolist() == getattr(trace, key)


def test_the_pin_button_in_the_graph_title_row_pins_too(make_driver):
    driver = taken(make_driver)
    app = driver.app
    graph = app.graph
    assert graph.pin_hit.height >= 48 and graph.pin_hit.width >= 48  # a touch target at 1080p
    assert graph.rect.top <= graph.pin_rect.top and graph.pin_rect.bottom <= graph.plot.top
    app.sim.set_param("w_f", 2.0)
    driver.click(graph.pin_rect.center)
    assert [p.params.w_f for p in app.sim.pins] == [2.0]
    assert app.sim.pins[0].label == "W_f 2"
    driver.click((graph.pin_rect.centerx, graph.pin_hit.bottom - 1))  # the touch target's edge
    assert len(app.sim.pins) == 2


def test_p_in_a_focused_field_types_instead_of_pinning(make_driver):
    driver = taken(make_driver)
    app = driver.app
    driver.click(app.controls.target.rect.center)
    driver.type("p")
    assert app.sim.pins == [] and "p" in app.controls.target.text


def test_a_pinned_run_is_drawn_as_a_ghost_under_the_live_one(make_driver):
    driver = taken(make_driver)
    app, graph, sim = driver.app, driver.app.graph, driver.app.sim
    app.state.hidden_series.update({"x", "c", "h", "f", "i", "o"})  # only y: its ghost is the only faint line
    press_p(driver)
    app.sim.set_param("w_out", -2.0)  # the live y flips below zero; the ghost stays above
    driver.frame()
    pin, ghost = sim.pins[0], ghost_color(theme.OUTPUT_Y)

    def ghost_pixels() -> int:
        found = 0
        for k in range(11, 19):  # the right half: clear of the pin labels (bottom left)
            x, y = graph.point(k, float(pin.y[k - 1]))
            around = [driver.pixel((x + dx, y + dy)) for dx in (-1, 0, 1) for dy in (-1, 0, 1)]
            found += ghost in around
        return found

    assert ghost_pixels() >= 6
    live_k = 15
    assert sim.step_at(live_k).y < 0 < pin.y[live_k - 1]
    driver.key(pygame.K_p, mod=pygame.KMOD_SHIFT, unicode="P")  # Shift+P: the ghost goes
    assert sim.pins == []
    assert ghost_pixels() == 0


def test_a_fourth_pin_replaces_the_oldest_with_a_hint(make_driver):
    driver = taken(make_driver)
    sim = driver.app.sim
    for k in range(MAX_PINS + 1):
        sim.set_param("w_f", round(-1.5 + k, 2))
        press_p(driver)
    assert len(sim.pins) == MAX_PINS == 3
    assert [p.params.w_f for p in sim.pins] == [-0.5, 0.5, 1.5]  # -1.5, the oldest, is gone
    assert sim.hint == HINT_REPLACED
    assert [number for number, _, _ in driver.app.graph.pin_chips] == [1, 2, 3]


def test_a_click_on_a_pins_cross_removes_that_pin(make_driver):
    driver = taken(make_driver)
    app, sim = driver.app, driver.app.sim
    for w_f in (1.0, 2.0, -1.0):
        sim.set_param("w_f", w_f)
        press_p(driver)
    chips = app.graph.pin_chips
    assert len(chips) == 3 and all(cross.height >= 44 and cross.width >= 48 for _, _, cross in chips)
    number, chip, cross = chips[1]
    assert number == 2 and chip.colliderect(cross)
    driver.click(cross.center)
    assert [p.params.w_f for p in sim.pins] == [1.0, -1.0]
    press_p(driver, shift=True)  # Shift+P: the newest
    assert [p.params.w_f for p in sim.pins] == [1.0]
    driver.click(app.graph.pin_chips[0][2].center)
    assert sim.pins == [] and app.graph.pin_chips == []


def test_pins_are_dropped_by_a_sequence_of_another_length_only(make_driver):
    driver = taken(make_driver, sequence=[1, 0, 0, 0, 0])
    app, sim = driver.app, driver.app.sim
    press_p(driver)
    commit_text(driver, app.controls.sequence, "0, 1, 0, 0, 1")
    assert len(sim.pins) == 1
    commit_text(driver, app.controls.sequence, "1, 0, 0")
    assert sim.pins == [] and sim.hint == HINT_DROPPED


def test_short_labels_name_only_the_weights_that_moved():
    assert short_label(LSTMParams()) == "default weights"
    params = LSTMParams(w_f=2.0, b_f=1.0, u_i=-0.5, w_out=-1.25)
    assert short_label(params) == "W_f 2 · b_f 1 · U_i \u22120.5 +1"


def train_a_little(driver, frames: int = 20) -> None:
    driver.key(pygame.K_t, unicode="t")
    assert driver.app.sim.training
    for _ in range(frames):
        driver.frame()
    driver.key(pygame.K_t, unicode="t")
    assert not driver.app.sim.training


def test_u_restores_exactly_the_weights_the_training_started_from(make_driver):
    driver = make_driver(Simulation(sequence=[1, 0, 0, 0, 0]), size=(1920, 1080))
    app, sim = driver.app, driver.app.sim
    commit_text(driver, app.controls.target, "1, 1, 1, 1, 1")
    driver.key(pygame.K_u, unicode="u")  # nothing trained yet: a hint, the weights stay
    assert sim.params == LSTMParams() and "Nothing to undo" in sim.hint
    sim.set_param("w_f", 1.37)
    sim.set_param("b_o", -0.21)
    start = sim.params
    train_a_little(driver)
    learned = sim.params
    assert learned != start
    driver.key(pygame.K_u, unicode="u")
    assert sim.params == start  # exactly: every float the same
    for name, slider in app.controls.sliders.items():
        assert slider.value == getattr(start, name)
    driver.click(app.controls.reset_weights.rect.center)  # ⟲ Weights still means the defaults
    assert sim.params == LSTMParams()


def test_the_overlays_undo_button_restores_the_start_and_is_a_touch_target(make_driver):
    driver = make_driver(Simulation(sequence=[1, 0, 0, 0, 0]), size=(1920, 1080))
    app, sim = driver.app, driver.app.sim
    commit_text(driver, app.controls.target, "1, 0, 1, 0, 1")
    sim.set_param("u_c", -0.8)
    start = sim.params
    assert app.training_overlay.undo_rect.width == 0  # no training yet: no button
    train_a_little(driver)
    overlay = app.training_overlay
    assert overlay.undo_hit.height >= 48 and overlay.rect.contains(overlay.undo_rect)
    assert sim.params != start
    driver.click(overlay.undo_rect.center)
    assert sim.params == start
    assert sim.session is not None and not sim.training


def test_undo_while_training_stops_it_and_restores_the_start(make_driver):
    driver = make_driver(Simulation(sequence=[1, 0, 0, 0, 0]), size=(1280, 720))
    app, sim = driver.app, driver.app.sim
    commit_text(driver, app.controls.target, "1, 1, 1, 1, 1")
    sim.set_param("w_i", 1.1)
    start = sim.params
    driver.key(pygame.K_t, unicode="t")
    for _ in range(20):
        driver.frame()
    assert sim.training and sim.params != start
    driver.key(pygame.K_u, unicode="u")
    assert not sim.training and sim.params == start
    for _ in range(5):
        driver.frame()
    assert sim.params == start


def test_pins_survive_a_scenario_dump_and_load(make_driver):
    driver = taken(make_driver)
    app, sim = driver.app, driver.app.sim
    press_p(driver)
    sim.set_params(LSTMParams(w_f=1.23456789, b_f=-0.5, w_out=-1.75))
    press_p(driver)
    pinned = [(p.params, p.label, p.y.copy(), p.c.copy(), p.h.copy()) for p in sim.pins]
    text = dump_scenario(scenario_from_app(app))
    assert "pins = [{}, {w_f = 1.23456789, b_f = -0.5, w_out = -1.75}]" in text
    sim.clear_pins()
    sim.set_params(LSTMParams())
    apply_scenario(app, parse_scenario(text))
    assert len(sim.pins) == 2
    for pin, (params, label, y, c, h) in zip(sim.pins, pinned, strict=True):
        assert pin.params == params and pin.label == label
        assert np.array_equal(pin.y, y) and np.array_equal(pin.c, c) and np.array_equal(pin.h, h)
    # No pins: the key is left out, and loading such a file removes any pins.
    sim.clear_pins()
    bare = dump_scenario(scenario_from_app(app))
    assert "pins" not in bare.replace("# pinned", "")
    press_p(driver)
    apply_scenario(app, parse_scenario(bare))
    assert sim.pins == []


@pytest.mark.parametrize(
    "line, complaint",
    [
        ("pins = [{}, {}, {}, {}]", "at most 3"),
        ("pins = [{w_f = 9.0}]", "pins[1].w_f = 9.0 is outside -2 … 2"),
        ("pins = [{w_z = 1.0}]", "pins[1].w_z is not a parameter"),
        ('pins = "w_f"', "must be a list of tables"),
    ],
)
def test_a_bad_pins_key_is_refused(line, complaint):
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(f'sequence = "1, 0"\n{line}\n', "lesson.toml")
    assert complaint in str(caught.value) and "lesson.toml" in str(caught.value)


def test_the_graph_tooltip_shows_each_pins_numbers_at_the_hovered_step(make_driver, monkeypatch):
    driver = taken(make_driver)
    graph, sim = driver.app.graph, driver.app.sim
    sim.set_param("w_f", 1.5)
    press_p(driver)
    sim.set_param("w_f", -1.0)
    shown = []
    draw_tooltip = graph._draw_tooltip
    monkeypatch.setattr(graph, "_draw_tooltip", lambda *a: shown.append(a[-1]) or draw_tooltip(*a))
    x, _ = graph.point(12, 0.0)
    pos = (round(x), graph.plot.centery)
    driver.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)))
    driver.frame()
    assert graph.hover is not None and graph.hover[0] == 12
    pin = sim.pins[0]
    assert [line for line, _ in shown[-1]] == [
        f"pin 1 y {pin.y[11]:+.3f} C {pin.c[11]:+.3f}".replace("-", "\u2212")
    ]


def test_the_math_panel_and_tooltips_show_the_pinned_runs_numbers_beside_the_live_ones(make_driver):
    driver = taken(make_driver)
    app, sim = driver.app, driver.app.sim
    press_p(driver)  # pin the default weights
    slider = app.controls.sliders["b_f"]
    driver.drag((slider.x_of(slider.value), slider.track_y), (slider.track_rect().right, slider.track_y))
    assert sim.params.b_f == 1.0
    driver.key(pygame.K_ESCAPE)
    driver.key(pygame.K_LEFT, mod=pygame.KMOD_SHIFT)  # inspect step 19: the pin's step 19 too
    t = sim.shown_t
    assert t == len(SEQUENCE) - 1
    pinned, live = run(LSTMParams(), SEQUENCE), run(LSTMParams(b_f=1.0), SEQUENCE)
    assert pinned.c[t - 1] != live.c[t - 1]
    c, h, y, f = (num(getattr(pinned, key)[t - 1]) for key in "chyf")
    expected = f"pin 1: C({t}) = {c}   h({t}) = {h}   y({t}) = {y}"
    assert [line.text for line in app.math.lines if line.key == "pin"] == [expected]
    assert f"= {num(live.c[t - 1])}" in " ".join(line.text for line in app.math.lines)
    for node, text in (("c", f"pin 1: C({t}) = {c}"), ("f", f"pin 1: f = {f}")):
        driver.post(pygame.event.Event(pygame.MOUSEMOTION, pos=app.diagram.center(node), rel=(0, 0), buttons=(0, 0, 0)))
        driver.frame()
        assert app.diagram.hover == node
        assert app.diagram.tooltip[-1].text == text
