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
from lstm_arcade.ui.views.chain import STRIP_STEPS, strip_range


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


def test_the_strip_spans_the_whole_sequence_and_shows_the_rnns_gradient_vanishing(make_driver):
    driver = memory_app(make_driver)
    chain, sim = driver.app.chain, driver.app.sim
    T = sim.t
    rnn = rnn_gradient_flow(sim.rnn_params, sim.sequence, T)
    lstm, _ = lstm_gradient_flow(sim.params, sim.sequence, T)
    # The chain shows a few cells; the strip shows every step of the 31, in order, left to right.
    assert len(chain.cells) < T
    lstm_cells = [(k, cell) for k, cell, row in chain.strip_cells if row == 0]
    rnn_cells = [(k, cell) for k, cell, row in chain.strip_cells if row == 1]
    assert [k for k, _ in lstm_cells] == [k for k, _ in rnn_cells] == list(range(1, T + 1))
    assert all(a.right <= b.x for (_, a), (_, b) in pairwise(lstm_cells))
    # Going back in time the RNN's gradient shrinks, and so does its strip's brightness, to black.
    shades = [brightness(driver.pixel(cell.center)) for _, cell in rnn_cells]
    assert all(rnn[k] >= rnn[k - 1] for k in range(1, T))
    assert all(a <= b for a, b in pairwise(shades)), shades
    assert shades[0] < 150 and shades[-1] > 500  # near black: dark purple at most
    # The LSTM's stays lit along the highway: at step 1 it is bright, where the RNN's is black.
    lstm_oldest = brightness(driver.pixel(lstm_cells[0][1].center))
    assert lstm[0] > 100 * rnn[0]
    assert lstm_oldest > 350 and lstm_oldest > 3 * shades[0]


def test_the_shown_step_is_marked_and_a_click_on_the_strip_inspects_that_step(make_driver):
    driver = memory_app(make_driver)
    app = driver.app
    m = app.layout.metrics
    cells = {k: cell for k, cell, row in app.chain.strip_cells if row == 0}
    above = lambda k: (cells[k].centerx, cells[k].y - m.px(2))  # reads the latest cells
    assert driver.pixel(above(31)) == theme.FOCUS and driver.pixel(above(5)) != theme.FOCUS
    driver.click(cells[5].center)  # step 5 is far off the chain's window of the last steps
    assert app.sim.inspected == 5 and app.chain.flow.T == 5
    cells = {k: cell for k, cell, row in app.chain.strip_cells if row == 0}
    assert driver.pixel(above(5)) == theme.FOCUS
    # Steps after T have no gradient: their cells are the empty colour.
    assert driver.pixel(cells[20].center) == (20, 22, 30)


def test_a_long_sequence_shows_the_strip_steps_that_end_at_the_shown_step():
    assert strip_range(31, 31) == (1, 31)
    assert strip_range(STRIP_STEPS, 1) == (1, STRIP_STEPS)
    assert strip_range(1000, 1000) == (1000 - STRIP_STEPS + 1, 1000)
    assert strip_range(1000, 10) == (1, STRIP_STEPS)
    assert strip_range(1000, 0) == (1, STRIP_STEPS)


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


def test_the_vectorised_colours_are_the_single_colours():
    values = [0.0, -0.0, 1e-9, 1e-4, 2.5e-4, 1e-3, 0.0316, 0.5, 1.0, 3.0, float("inf"), float("nan"), -0.7]
    values += [10 ** (k / 37 - 5) for k in range(260)]
    assert [tuple(map(int, c)) for c in chain_strip.colors(values)] == [chain_strip.color(v) for v in values]
