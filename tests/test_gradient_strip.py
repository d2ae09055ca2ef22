"""The gradient strip under the unrolled chain: colours, hover numbers, caching, long sequences."""

from __future__ import annotations

import time
from itertools import pairwise

import pygame

from lstm_arcade.model import lstm_gradient_flow, memory_test_preset, rnn_gradient_flow
from lstm_arcade.sim import Simulation
from lstm_arcade.sim.simulation import GRADIENT_REACH
from lstm_arcade.ui import theme
from lstm_arcade.ui.views import chain_strip


def brightness(rgb) -> int:
    return sum(rgb)


def memory_app(make_driver, size=(1920, 1080)):
    sim = Simulation()
    sim.load_memory_test(memory_test_preset())
    driver = make_driver(sim, size=size)
    driver.frame(2.0)
    return driver


def test_the_colour_scale_is_brighter_for_larger_gradients():
    values = [0.0, 1e-6, 1e-4, 3e-4, 1e-3, 1e-2, 0.1, 0.5, 1.0, 2.0]
    shades = [brightness(chain_strip.color(v)) for v in values]
    assert shades[0] == shades[1] == shades[2] == 0  # 10⁻⁴ and below: black
    assert all(a < b for a, b in pairwise(shades[2:-1]))
    assert shades[-1] == shades[-2]  # 1 and above: the brightest
    assert chain_strip.color(-0.5) == chain_strip.color(0.5)  # the size counts, not the sign


def test_strip_cells_on_screen_are_brighter_where_the_gradient_is_larger(make_driver):
    driver = memory_app(make_driver)
    chain, sim = driver.app.chain, driver.app.sim
    T = sim.t
    rnn = rnn_gradient_flow(sim.rnn_params, sim.sequence, T)
    lstm, _ = lstm_gradient_flow(sim.params, sim.sequence, T)
    steps = sorted({k for k, _, _ in chain.strip_cells})
    assert len(steps) >= 4 and steps[-1] == T
    # Going back in time the RNN's gradient shrinks, and so does its strip's brightness.
    shades = [brightness(driver.pixel(cell.center)) for k, cell, row in chain.strip_cells if row == 1]
    assert all(rnn[k - 1] > rnn[k - 2] for k in steps[1:])
    assert all(a < b for a, b in pairwise(shades)), shades
    # At the oldest step in view, the LSTM's cell (larger gradient) is brighter than the RNN's.
    oldest = steps[0]
    lstm_cell = next(c for k, c, r in chain.strip_cells if k == oldest and r == 0)
    rnn_cell = next(c for k, c, r in chain.strip_cells if k == oldest and r == 1)
    assert lstm[oldest - 1] > rnn[oldest - 1]
    assert brightness(driver.pixel(lstm_cell.center)) > brightness(driver.pixel(rnn_cell.center))


def test_the_overview_shows_the_rnns_strip_fading_to_black_and_the_lstms_staying_lit(make_driver):
    driver = memory_app(make_driver)
    bar = driver.app.chain.overview
    assert bar is not None  # 31 steps do not fit the chain at once: the bar shows them all
    top, bottom = bar.y + bar.height // 4, bar.bottom - 1 - bar.height // 4
    first_x, last_x = bar.x + 2, bar.right - 3
    lstm_old, lstm_new = driver.pixel((first_x, top)), driver.pixel((last_x, top))
    rnn_old, rnn_new = driver.pixel((first_x, bottom)), driver.pixel((last_x, bottom))
    assert brightness(rnn_old) < 150 and brightness(rnn_new) > 500  # faded to near black
    assert brightness(lstm_old) > 350  # still lit after 30 steps
    assert brightness(lstm_old) > 2 * brightness(rnn_old)
    assert brightness(lstm_new) > 350


def test_hover_shows_the_models_numbers(make_driver):
    driver = memory_app(make_driver)
    app = driver.app
    chain, sim = app.chain, app.sim
    T = sim.t
    dc, dh = lstm_gradient_flow(sim.params, sim.sequence, T)
    rnn = rnn_gradient_flow(sim.rnn_params, sim.sequence, T)
    k, cell, _ = chain.strip_cells[1]
    above = (cell.centerx, cell.y - app.layout.metrics.px(30))
    assert driver.pixel(above) != theme.FIELD_BG
    driver.post(pygame.event.Event(pygame.MOUSEMOTION, pos=cell.center, rel=(0, 0), buttons=(0, 0, 0)))
    driver.frame()
    assert chain.hover is not None
    step, values, shown_T = chain.hover
    assert (step, shown_T) == (k, T)
    assert values == (dc[k - 1], dh[k - 1], rnn[k - 1])  # exactly the model's numbers
    assert driver.pixel(above) == theme.FIELD_BG  # the tooltip is drawn above the strip
    driver.post(pygame.event.Event(pygame.MOUSEMOTION, pos=(5, 5), rel=(0, 0), buttons=(0, 0, 0)))
    driver.frame()
    assert chain.hover is None


def test_the_strip_follows_the_shown_step_and_only_has_the_rnn_row_while_comparing(make_driver):
    driver = make_driver(Simulation(sequence=[1, 0, 0, 0]), size=(1920, 1080))
    app = driver.app
    for _ in range(3):
        driver.key(pygame.K_RIGHT)
    assert {row for _, _, row in app.chain.strip_cells} == {0}
    assert app.chain.flow.T == 3 and app.chain.flow.rnn_dh is None
    # Step 4 is not taken: its strip cell has no gradient.
    cell = next(c for k, c, _ in app.chain.strip_cells if k == 4)
    assert driver.pixel(cell.center) == (20, 22, 30)
    driver.key(pygame.K_LEFT, mod=pygame.KMOD_SHIFT)  # view step 2: T follows
    assert app.chain.flow.T == 2
    driver.key(pygame.K_c, unicode="c")
    assert {row for _, _, row in app.chain.strip_cells} == {0, 1}
    assert app.chain.flow.rnn_dh is not None


def test_gradients_are_cached_and_recomputed_when_a_weight_moves():
    sim = Simulation(sequence=[1, 0, 0, 0, 0])
    sim.set_compare(True)
    for _ in range(5):
        sim.step_forward()
    g = sim.gradient_flow(1)
    assert sim.gradient_flow(1) is g and sim.gradient_flow(3) is g
    sim.set_rnn_param("w_hidden", 0.3)
    g2 = sim.gradient_flow(1)
    assert g2 is not g and g2.rnn_dh == rnn_gradient_flow(sim.rnn_params, sim.sequence, 5)
    sim.set_param("w_f", 1.5)
    dc, dh = lstm_gradient_flow(sim.params, sim.sequence, 5)
    g3 = sim.gradient_flow(1)
    assert g3.lstm_dc == dc and g3.lstm_dh == dh


def test_a_long_sequence_computes_only_the_window_it_needs():
    length = 100_000
    sim = Simulation(sequence=[1.0 if k % 7 == 0 else 0.0 for k in range(length)])
    sim.set_compare(True)
    sim.t = length
    while sim.pending:
        sim.update(0.0)
    start = time.perf_counter()
    g = sim.gradient_flow(length - 20)
    assert time.perf_counter() - start < 0.05
    assert g.first == length - 20 and len(g.lstm_dc) == 21 and len(g.rnn_dh) == 21
    # The same numbers as the full backward pass over all 100,000 steps (checked on a shorter
    # prefix to keep the test quick: the window starts from the state the LSTM had there).
    T = 3_000
    sim.inspect(T)
    w = sim.gradient_flow(T - 10)
    full_dc, full_dh = lstm_gradient_flow(sim.params, sim.sequence, T)
    assert w.lstm_dc == full_dc[-11:] and w.lstm_dh == full_dh[-11:]
    assert w.rnn_dh == rnn_gradient_flow(sim.rnn_params, sim.sequence, T)[-11:]
    assert sim.gradient_flow(1).first == T - GRADIENT_REACH + 1  # capped: never O(100,000)
