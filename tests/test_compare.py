"""Compare mode (issue 7): the basic RNN beside the LSTM, through real keys, clicks and drags."""

from __future__ import annotations

import itertools
import re

import pygame
import pytest

from lstm_arcade.model import RNNParams, memory_kept, memory_test_preset, run, run_rnn
from lstm_arcade.sim import Simulation
from lstm_arcade.sim.simulation import RECOMPUTE_SLICE
from lstm_arcade.ui import theme
from lstm_arcade.ui.controls import MEMORY_TEST
from lstm_arcade.ui.views.diagram_geometry import NODES
from lstm_arcade.ui.views.graph_series import available
from lstm_arcade.ui.views.math_panel import math_lines

SIZES = [(1280, 720), (1920, 1080), (3840, 2160)]


def rnn_widgets(app) -> list:
    return [w for w in app.controls.widgets() if w.id.startswith("rnn_")]


def choose_memory_test(driver) -> None:
    controls = driver.app.controls
    for _ in range(len(controls.task_names)):
        if controls.task_names[driver.app.state.task_index] == MEMORY_TEST:
            return
        driver.click(controls.task.rect.center)
    raise AssertionError("no Memory test entry in the Task cycler")


def rnn_box_edge(app) -> tuple[int, int]:
    """A pixel on the left edge of the RNN box of the last taken chain cell."""
    chain = app.chain
    box = [b for k, b in chain.cells if k <= app.sim.t][-1]
    top, height = chain.rows.rnn
    return box.x + 1, chain.area.y + top + height // 2


def test_c_and_the_button_add_and_remove_exactly_the_rnns_views_and_sliders(make_driver):
    driver = make_driver(Simulation(sequence=[1, 0, 0, 0, 0]), size=(1920, 1080))
    app = driver.app
    for _ in range(3):
        driver.key(pygame.K_RIGHT)
    driver.frame(2.0)
    before = list(app.controls.widgets())
    legend_before = [key for key, _ in app.graph.legend.entries]
    assert not app.sim.compare and rnn_widgets(app) == []
    assert "rnn_h" not in legend_before and app.chain.rows.rnn is None and len(app.chain.rows.strips) == 1
    assert not app.diagram.compare and not any(line.key.startswith("rnn") for line in app.math.lines)
    rnn_centre = None

    driver.key(pygame.K_c, unicode="c")  # C: on
    driver.frame(2.0)
    assert app.sim.compare and app.layout.compare
    added = [w for w in app.controls.widgets() if w not in before]
    assert [w.id for w in added] == ["rnn_w_in", "rnn_w_hidden", "rnn_b", "rnn_w_out"]
    assert [w for w in app.controls.widgets() if w in before] == before  # nothing else moved out
    for widget in added:
        assert app.layout.controls.contains(widget.rect)
    assert [key for key, _ in app.graph.legend.entries] == legend_before + ["rnn_h"]
    assert app.chain.rows.rnn is not None and len(app.chain.rows.strips) == 2
    assert driver.pixel(rnn_box_edge(app)) == theme.RNN_H  # the RNN row is drawn
    assert app.diagram.compare
    rnn_centre = app.diagram.center("rnn_h")
    ring = (rnn_centre[0], rnn_centre[1] - app.diagram.radius(app.diagram.nodes[-3]) + 1)
    assert driver.pixel(ring) != theme.PANEL
    assert [line.key for line in app.math.lines if line.key.startswith("rnn")] == ["rnn_h", "rnn_h", "rnn_y"]

    driver.click(app.controls.compare.rect.center)  # the button: off again
    driver.frame(2.0)
    assert not app.sim.compare and not app.layout.compare
    assert list(app.controls.widgets()) == before
    assert [key for key, _ in app.graph.legend.entries] == legend_before
    assert app.chain.rows.rnn is None and not app.diagram.compare
    assert not any(line.key.startswith("rnn") for line in app.math.lines)
    assert driver.pixel(rnn_centre) == theme.PANEL  # the RNN cell's place is empty panel again


def test_ctrl_c_does_not_toggle_compare(make_driver):
    driver = make_driver(Simulation(sequence=[1, 0]))
    driver.key(pygame.K_c, mod=pygame.KMOD_CTRL, unicode="c")
    assert not driver.app.sim.compare


def test_the_rnn_series_is_in_the_graph_only_while_comparing():
    sim = Simulation(sequence=[1, 0, 0])
    assert "rnn_h" not in [s.key for s in available(sim)]
    sim.set_compare(True)
    rnn = [s for s in available(sim) if s.key == "rnn_h"]
    assert rnn and rnn[0].color == theme.RNN_H and rnn[0].style == "dashdot"


def percentages(caption: str) -> list[float]:
    return [float(v) for v in re.findall(r"([0-9.]+)%", caption)]


def test_memory_test_shows_the_lstm_keeping_more_than_the_rnn(make_driver):
    driver = make_driver(Simulation(sequence=[1, 0, 0]), size=(1920, 1080))
    app = driver.app
    choose_memory_test(driver)
    driver.frame(2.0)
    sim, preset = app.sim, memory_test_preset()
    assert sim.compare and sim.memory_test and sim.t == sim.length == 31
    assert sim.params == preset.lstm and sim.rnn_params == preset.rnn
    # The caption over the graph, as drawn: LSTM share, then RNN share.
    shown = " ".join(line for line, _ in app.graph.caption_lines)
    lstm_pct, rnn_pct = percentages(shown)
    assert lstm_pct > 50 and rnn_pct < 1
    kept = memory_kept(sim.params, sim.rnn_params, sim.sequence)
    assert (lstm_pct, rnn_pct) == (round(100 * kept[0]), round(100 * kept[1], 3))
    assert app.graph.caption_rect is not None and app.graph.caption_rect.bottom < app.graph.plot.top
    # The math panel's numbers at the last step: C(31) of the LSTM against the RNN's h(31).
    texts = [line.text for line in app.math.lines]
    c_last = float(next(t for t in texts if t.startswith("C(31)")).rsplit("= ", 1)[1])
    rnn_h = float(next(t for t in texts if t.strip().startswith("= tanh(")).rsplit("= ", 1)[1])
    assert c_last > 0.5 and rnn_h < 0.01 and c_last > 50 * rnn_h

    # The caption is measured live: a stronger RNN memory (W_hidden at its maximum) keeps more.
    slider = app.controls.rnn_sliders["w_hidden"]
    track = slider.track_rect()
    driver.drag((slider.x_of(slider.value), track.centery), (track.right - 1, track.centery))
    assert sim.rnn_params.w_hidden == 1.0
    after = percentages(" ".join(line for line, _ in app.graph.caption_lines))[1]
    assert after > rnn_pct


def test_rnn_trace_equals_run_rnn_after_slider_drags(make_driver):
    driver = make_driver(Simulation(sequence=[1, 0, 0.5, 0, 1, 0, 0, 0]), size=(1920, 1080))
    app = driver.app
    driver.key(pygame.K_c, unicode="c")
    for _ in range(6):
        driver.key(pygame.K_RIGHT)
    for name, share in (("w_in", 0.9), ("w_hidden", 0.3), ("b", 0.7), ("w_out", 0.1)):
        slider = app.controls.rnn_sliders[name]
        track = slider.track_rect()
        driver.drag((slider.x_of(slider.value), track.centery), (track.left + round(share * track.width), track.centery))
        sim = app.sim
        assert sim.rnn_params != RNNParams() and not sim.pending
        trace = run_rnn(sim.rnn_params, sim.sequence[: sim.t])
        assert list(sim.rnn_column("h")) == trace.h
        assert list(sim.rnn_column("y")) == trace.y
        assert list(sim.rnn_column("z")) == trace.z
    assert app.sim.params == Simulation().params  # the LSTM's weights were not touched
    spec_range = (app.controls.rnn_sliders["w_hidden"].minimum, app.controls.rnn_sliders["w_hidden"].maximum)
    assert spec_range == (0.0, 1.0)


def test_rnn_params_are_clamped():
    sim = Simulation(sequence=[1, 0])
    sim.set_compare(True)
    sim.set_rnn_param("w_hidden", 5.0)
    sim.set_rnn_param("w_in", -9.0)
    assert sim.rnn_params.w_hidden == 1.0 and sim.rnn_params.w_in == -2.0


def test_compare_on_a_long_sequence_catches_up_in_slices():
    sim = Simulation(sequence=[1.0 if k % 7 == 0 else 0.0 for k in range(100_000)])
    sim.t = 100_000
    while sim.pending:
        sim.update(0.0)
    sim.set_compare(True)
    assert 0 < sim.rnn_computed < sim.t and sim.pending  # not all at once: no frozen frame
    steps = 0
    while sim.pending:
        before = sim.rnn_computed
        sim.update(0.0)
        assert sim.rnn_computed - before <= 4 * RECOMPUTE_SLICE
        steps += 1
    assert steps > 3
    trace = run_rnn(sim.rnn_params, sim.sequence[:2000])
    assert list(sim.rnn_column("h")[:2000]) == trace.h
    assert sim.rnn_column("h")[-1] == run_rnn(sim.rnn_params, sim.sequence).h[-1]


@pytest.mark.parametrize("size", SIZES)
def test_controls_fit_with_the_rnn_row_and_buttons_stay_touch_sized(make_driver, size):
    driver = make_driver(Simulation(sequence=[1, 0, 0]), size=size)
    app = driver.app
    driver.key(pygame.K_c, unicode="c")
    m, panel = app.layout.metrics, app.layout.controls
    widgets = app.controls.widgets()
    for widget in widgets:
        assert panel.contains(widget.rect), f"{widget.id} {widget.rect} leaves {panel} at {size}"
    for a, b in itertools.combinations(widgets, 2):
        assert not a.rect.colliderect(b.rect), f"{a.id} overlaps {b.id} at {size}"
    for button in (app.controls.compare, app.controls.task, app.controls.train):
        assert button.rect.height >= m.touch
    for slider in app.controls.rnn_sliders.values():
        assert slider.rect.height >= m.px(36)


@pytest.mark.parametrize("size", SIZES + [(2560, 1080)])
def test_diagram_labels_never_overlap_with_the_rnn_cell(make_driver, size):
    driver = make_driver(Simulation(sequence=[1, 0, 0, 0, 0]), size=size)
    app = driver.app
    driver.key(pygame.K_c, unicode="c")
    diagram = app.diagram
    rects = diagram.label_rects(app.text)
    # At the legibility floor the RNN's weights may not fit beside its cell: they are on its
    # slider row and in its hover tooltip; its state and output always show.
    assert {"rnn_h:value", "rnn_y:value"} <= set(rects) and "rnn:title:0" in rects
    for name, rect in rects.items():
        assert diagram.rect.contains(rect), f"{name} {rect} leaves the panel at {size}"
    for (a, ra), (b, rb) in itertools.combinations(rects.items(), 2):
        assert not ra.colliderect(rb), f"{a} overlaps {b} at {size}"
    for key, (center, r) in diagram.node_circles().items():
        circle = pygame.Rect(0, 0, 2 * r, 2 * r)
        circle.center = center
        for name, rect in rects.items():
            assert not rect.colliderect(circle.inflate(-r // 2, -r // 2)), f"{name} covers node {key}"
    frame = diagram.rnn_frame_rect()
    for name, rect in rects.items():  # the RNN's labels inside its frame, the LSTM's outside
        assert frame.contains(rect) == name.startswith("rnn"), name


def test_the_rnn_neuron_glows_with_h_and_fades_as_it_forgets(make_driver):
    sim = Simulation(sequence=[1.0] + [0.0] * 12)
    sim.set_compare(True)
    driver = make_driver(sim, size=(1920, 1080))
    driver.key(pygame.K_RIGHT)
    driver.frame(2.0)
    app = driver.app
    cx, cy = app.diagram.center("rnn_h")
    probe = (cx - app.diagram.radius(app.diagram.nodes[-3]) // 2, cy + app.diagram.radius(app.diagram.nodes[-3]) // 2)
    lit = sum(driver.pixel(probe))
    for _ in range(12):
        driver.key(pygame.K_RIGHT)
    driver.frame(2.0)
    assert abs(app.sim.rnn_at(13)[3]) < 0.1 < abs(app.sim.rnn_at(1)[3])
    assert sum(driver.pixel(probe)) < lit - 100


@pytest.mark.parametrize("size", SIZES)
def test_math_panel_shows_the_rnn_lines_above_the_floor(make_driver, size):
    """(That every row fits, scrolling where needed, is tests/test_math_fit.py's sweep.)"""
    driver = make_driver(Simulation(sequence=[1, -0.5, 0, 0]), size=size)
    app = driver.app
    driver.key(pygame.K_c, unicode="c")
    for _ in range(3):
        driver.key(pygame.K_RIGHT)
    m = app.layout.metrics
    area = app.math.frame.content_rect(app.layout.math, m)
    lines, font = app.math.lines, app.math.size
    assert font >= size[1] / 60
    assert any(line.key == "rnn_h" for line in lines) and any(line.key == "rnn_y" for line in lines)
    assert area.width > 0


def test_math_lines_give_the_rnns_numbers():
    sim = Simulation(sequence=[1, 0])
    sim.set_compare(True)
    sim.set_rnn_params(RNNParams(w_in=1.0, w_hidden=0.8, b=0.1, w_out=-1.5))
    sim.step_forward()
    sim.step_forward()
    rnn = [line.text for line in math_lines(sim) if line.key.startswith("rnn")]
    h1 = run_rnn(sim.rnn_params, [1]).h[0]
    assert rnn[0] == "RNN h(2) = tanh(W_in·x + W_hidden·h(1) + b)"
    z2 = 0.8 * h1 + 0.1
    assert rnn[1] == f"     = tanh(1.00·0 + 0.80·{h1:.3f} + 0.10) = tanh({z2:.3f}) = {run_rnn(sim.rnn_params, [1, 0]).h[1]:.3f}"
    assert rnn[2].startswith("RNN y(2) = W_out·h(2) = −1.50·")
    assert run(sim.params, [1, 0]).c[1] == sim.step_at(2).c  # the LSTM is untouched by compare mode


def test_turning_compare_off_while_an_rnn_node_is_hovered(make_driver):
    """Found by the monkey test: the tooltip looked for a node that had just gone."""
    driver = make_driver(Simulation(sequence=[1, 0, 0]), size=(1920, 1080))
    driver.key(pygame.K_c, unicode="c")
    diagram = driver.app.diagram
    rnn_key = next(n.key for n in diagram.nodes if n.key not in {m.key for m in NODES})
    centre = diagram.center(rnn_key)
    driver.post(pygame.event.Event(pygame.MOUSEMOTION, pos=centre, rel=(0, 0), buttons=(0, 0, 0)))
    driver.frame()
    assert diagram.hover == rnn_key
    driver.key(pygame.K_c, unicode="c")
    assert not driver.app.sim.compare and diagram.hover is None
