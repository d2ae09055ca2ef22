"""The time-series graph: windowing arithmetic, drawing cost, legend, hover, zoom, pan, slide."""

from __future__ import annotations

import numpy as np
import pygame
import pytest
from hypothesis import given
from hypothesis import strategies as st
from layout_grid import GRID

from lstm_arcade import actions as act
from lstm_arcade.actions import Action
from lstm_arcade.model import LSTMParams, run
from lstm_arcade.sim import Simulation
from lstm_arcade.ui import theme
from lstm_arcade.ui.views import graph_draw
from lstm_arcade.ui.views.graph_motion import Slide
from lstm_arcade.ui.views.graph_series import SERIES, available
from lstm_arcade.ui.views.graph_window import (
    MIN_SPAN,
    decimate,
    default_span,
    pan,
    visible_values,
    visible_window,
    x_ticks,
    y_range,
    zoom,
)
from lstm_arcade.ui.views.math_panel import math_lines

PULSE = [1.0, 0.0, 0.0, 0.0, 0.0]


def stepped(seq, n: int | None = None, params: LSTMParams | None = None) -> Simulation:
    sim = Simulation(params, seq)
    for _ in range(len(seq) if n is None else n):
        sim.step_forward()
    return sim


def x_of(graph, k: float) -> int:
    return round(graph.window.x_of(k, graph.plot.x, graph.data_width))


def move(driver, pos) -> None:
    driver.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)))
    driver.frame()


def wheel(driver, pos, notches: int) -> None:
    move(driver, pos)
    driver.post(
        pygame.event.Event(
            pygame.MOUSEWHEEL,
            x=0,
            y=notches,
            precise_x=0.0,
            precise_y=float(notches),
            flipped=False,
        )
    )
    driver.frame()


@pytest.fixture
def spy(monkeypatch):
    """Records every call to the one function that hands series points to pygame."""
    calls: list[tuple[tuple, str, int]] = []
    real = graph_draw.draw_series

    def record(surface, color, style, points, m, **kwargs):
        calls.append((color, style, len(points)))
        real(surface, color, style, points, m, **kwargs)

    monkeypatch.setattr(graph_draw, "draw_series", record)
    return calls


# --- windowing arithmetic (pure) ----------------------------------------------------------------
def test_default_span_shows_a_short_sequence_whole_and_a_long_one_by_width():
    assert default_span(5, 900, 16) == 5
    assert default_span(2, 900, 16) == MIN_SPAN
    assert default_span(300, 900, 16) == 900 / 16
    assert default_span(100_000, 900, 16) == 900 / 16


def test_visible_window_follows_the_head_and_reaches_one_step_past_each_edge():
    w = visible_window(span=50.0, head=1234.0, points=1234)
    assert (w.lo, w.hi) == (1184.0, 1234.0)
    assert (w.first, w.last) == (1184, 1234)
    sliding = visible_window(span=50.0, head=1233.4, points=1234)
    assert (sliding.first, sliding.last) == (1183, 1234)  # the arriving step is included, cut later
    early = visible_window(span=50.0, head=3.0, points=3)
    assert (early.lo, early.hi, early.first, early.last) == (0.0, 50.0, 1, 3)
    panned = visible_window(span=50.0, head=1234.0, points=1234, right=600.5)
    assert (panned.first, panned.last) == (550, 601)
    empty = visible_window(span=5.0, head=0.0, points=0)
    assert empty.count == 0


@given(
    span=st.floats(MIN_SPAN, 200_000),
    points=st.integers(0, 200_000),
    right=st.one_of(st.none(), st.floats(0, 300_000)),
)
def test_visible_steps_are_bounded_by_the_span(span, points, right):
    w = visible_window(span, float(points), points, right)
    assert w.lo >= 0 and w.hi - w.lo == pytest.approx(span)
    assert w.count < span + 3  # one step beyond each edge, at most
    if w.count:
        assert 1 <= w.first <= w.last <= points
        assert w.first <= max(1, w.lo) and (w.last >= min(points, w.hi))


def test_zoom_keeps_following_and_anchors_a_panned_window():
    assert zoom(50.0, None, 0.5, 1000.0, 10_000) == (25.0, None)
    span, right = zoom(50.0, 600.0, 2.0, 590.0, 10_000)
    assert span == 100.0 and right == pytest.approx(610.0)  # step 590 stays under the pointer
    assert zoom(50.0, None, 1000.0, 0.0, 300)[0] == 300  # never wider than the sequence
    assert zoom(50.0, None, 0.001, 0.0, 300)[0] == MIN_SPAN


def test_pan_stops_at_zero_and_follows_again_at_the_head():
    assert pan(50.0, 500.0, -100.0, head=1000.0) == 400.0
    assert pan(50.0, 60.0, -100.0, head=1000.0) == 50.0
    assert pan(50.0, 990.0, 20.0, head=1000.0) is None


def test_x_ticks_are_whole_nice_steps_inside_the_window():
    w = visible_window(56.0, 300.0, 300)
    ticks = x_ticks(w, 900, 90)
    assert ticks == [250, 260, 270, 280, 290, 300]


@given(
    lo=st.floats(-1e4, 1e4),
    width=st.floats(0, 2e4),
)
def test_y_range_holds_the_data_and_zero(lo, width):
    hi = lo + width
    bottom, top, tick = y_range(lo, hi)
    slack = 1e-6 * tick  # snapping tolerates a millionth of a tick: far below a pixel
    assert bottom <= min(lo, 0.0) + slack and top >= max(hi, 0.0) - slack
    assert bottom <= 0.0 <= top and top > bottom
    assert (top - bottom) / tick <= 12


def test_decimate_keeps_the_envelope_in_at_most_two_points_a_column():
    rng = np.random.default_rng(1)
    values = rng.normal(size=50_000)
    values[31_337] = 9.0
    steps = np.arange(1001, 51_001, dtype=float)
    xs, ys = decimate(steps, values, 400)
    assert len(xs) <= 2 * 400 + 2
    assert ys.max() == 9.0 and ys.min() == values.min()
    assert np.all(np.diff(xs) >= 0)
    _, short_y = decimate(steps[:300], values[:300], 400)
    assert len(short_y) == 300  # few enough points: drawn as they are


def test_visible_values_copy_only_the_window_and_release_the_array():
    sim = stepped([1.0, 0.0] * 50)
    part = visible_values(sim.column("c"), 11, 20)
    assert list(part) == list(sim.column("c")[10:20])
    sim.set_sequence([1.0] * 3)
    sim.step_forward()  # appending works: no numpy view holds the storage
    assert sim.t == 1


# --- series ---------------------------------------------------------------------------------------
def test_series_colours_and_styles_follow_the_design():
    styles = {s.key: (s.color, s.style) for s in SERIES}
    assert styles["x"] == (theme.INPUT_X, "solid")
    assert styles["c"] == (theme.CELL_C, "solid")
    assert styles["h"] == (theme.HIDDEN_H, "dashed")
    assert styles["f"][0] == theme.FORGET_F and styles["i"][0] == theme.INPUT_I
    assert styles["o"][0] == theme.OUTPUT_O
    assert styles["y"] == (theme.OUTPUT_Y, "dotted")
    assert styles["target"] == (theme.TARGET, "dashed")


def test_target_series_only_when_a_target_exists():
    sim = stepped(PULSE)
    assert "target" not in [s.key for s in available(sim)]
    sim.target = [0.0, 1.0, 1.0, 0.0, 0.0]  # what the training capability will provide
    assert [s.key for s in available(sim)][-1] == "target"


# --- the view in the running app ------------------------------------------------------------------
def test_every_series_is_drawn_with_its_style(make_driver, spy):
    driver = make_driver(stepped(PULSE), size=(1920, 1080))
    spy.clear()
    driver.frame()
    drawn = {(color, style) for color, style, _ in spy}
    assert (theme.HIDDEN_H, "dashed") in drawn and (theme.OUTPUT_Y, "dotted") in drawn
    assert (theme.CELL_C, "solid") in drawn and (theme.INPUT_X, "solid") in drawn
    assert all(n == 5 for color, _, n in spy)  # the five steps, each once


def test_clicking_legend_entries_toggles_their_series(make_driver, spy):
    driver = make_driver(stepped(PULSE), size=(1920, 1080))
    graph = driver.app.graph
    entry = dict(graph.legend.entries)["c"]
    driver.click(entry.center)
    assert graph.hidden == {"c"}
    spy.clear()
    driver.frame()
    colors = {color for color, _, _ in spy}
    assert theme.CELL_C not in colors and theme.INPUT_X in colors
    # The blue line is gone from the screen too, where it was drawn between steps 1 and 2.
    x = (x_of(graph, 1) + x_of(graph, 2)) // 2
    column = [driver.pixel((x, y)) for y in range(graph.plot.y, graph.plot.bottom)]
    assert theme.CELL_C not in column
    driver.click(entry.center)
    assert graph.hidden == set()
    driver.frame()
    column = [driver.pixel((x, y)) for y in range(graph.plot.y, graph.plot.bottom)]
    assert theme.CELL_C in column
    assert driver.app.sim.inspected is None  # a legend click is not a click on a step


def test_points_handed_to_drawing_are_bounded_by_the_width(make_driver, spy):
    seq = [float(k % 11 == 0) for k in range(20_000)]
    driver = make_driver(stepped(seq), size=(1280, 720))
    graph = driver.app.graph
    spy.clear()
    driver.frame()
    default_counts = [n for _, _, n in spy]
    assert default_counts and max(default_counts) < graph.window.span + 3
    move(driver, graph.plot.center)
    for _ in range(60):  # zoom all the way out, all notches in one frame: 20,000 steps in view
        driver.post(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=-1, precise_x=0.0, precise_y=-1.0))
    driver.frame()
    assert graph.window.span == 20_000
    spy.clear()
    driver.frame()
    counts = [n for _, _, n in spy]
    assert len(counts) == 7
    assert max(counts) <= graph.plot.width + 2
    assert min(counts) > graph.plot.width // 2  # decimated, not dropped


def test_hover_shows_the_values_of_the_trace(make_driver):
    seq = [1.0, 0.0, -0.5, 1.0, 0.0, 0.0, 2.0, 0.0]
    driver = make_driver(stepped(seq, params=LSTMParams(w_f=1.2, b_o=0.3)), size=(1920, 1080))
    graph = driver.app.graph
    trace = run(LSTMParams(w_f=1.2, b_o=0.3), seq)
    before = driver.app.screen.subsurface(graph.plot).copy()
    move(driver, (x_of(graph, 4) + 3, graph.plot.centery))
    k, rows = graph.hover
    assert k == 4
    values = {s.key: v for s, v in rows}
    assert values == {
        "x": trace.x[3],
        "c": trace.c[3],
        "h": trace.h[3],
        "f": trace.f[3],
        "i": trace.i[3],
        "o": trace.o[3],
        "y": trace.y[3],
    }
    after = driver.app.screen.subsurface(graph.plot)
    changed = sum(
        before.get_at((x, y)) != after.get_at((x, y))
        for x in range(0, graph.plot.width, 4)
        for y in range(0, graph.plot.height, 4)
    )
    assert changed > 100  # crosshair and tooltip are on screen
    move(driver, (5, 5))
    assert graph.hover is None


def test_hidden_series_leave_the_tooltip(make_driver):
    driver = make_driver(stepped(PULSE), size=(1920, 1080))
    graph = driver.app.graph
    driver.click(dict(graph.legend.entries)["f"].center)
    move(driver, (x_of(graph, 2), graph.plot.centery))
    keys = {s.key for s, _ in graph.hover[1]}
    assert "f" not in keys and "c" in keys


def test_click_on_a_step_inspects_it_in_the_math_panel(make_driver):
    driver = make_driver(stepped(PULSE), size=(1920, 1080))
    graph = driver.app.graph
    driver.click((x_of(graph, 2) + 4, graph.plot.centery))
    sim = driver.app.sim
    assert (sim.inspected, sim.t) == (2, 5)
    texts = [line.text for line in math_lines(sim)]
    assert texts[0].startswith("t = 2:")
    assert f"= {run(LSTMParams(), PULSE).c[1]:.3f}" in " ".join(texts)
    # The graph marks the inspected step with a yellow line (probed with the pointer elsewhere).
    move(driver, (5, 5))
    assert driver.pixel((x_of(graph, 2), graph.plot.y + 3)) == theme.FOCUS
    driver.key(pygame.K_ESCAPE)
    assert driver.pixel((x_of(graph, 2), graph.plot.y + 3)) != theme.FOCUS


def test_wheel_zooms_and_drag_pans(make_driver):
    seq = [float(k % 5 == 0) for k in range(300)]
    driver = make_driver(stepped(seq), size=(1920, 1080))
    graph = driver.app.graph
    start = graph.window
    assert start.hi == pytest.approx(300)
    wheel(driver, graph.plot.center, 2)  # zoom in, still following the newest step
    assert graph.window.span == pytest.approx(start.span / 1.25**2)
    assert graph.window.hi == pytest.approx(300)
    wheel(driver, graph.plot.center, -4)
    assert graph.window.span == pytest.approx(start.span * 1.25**2)
    span = graph.window.span
    y = graph.plot.centery
    driver.drag((graph.plot.centerx, y), (graph.plot.centerx + graph.data_width // 2, y))
    assert graph.window.hi == pytest.approx(300 - span / 2, abs=span / 40)
    assert driver.app.sim.inspected is None  # a drag is not a click
    assert graph.follow_rect is not None
    driver.click(graph.follow_rect.center)  # the "latest" chip follows the newest step again
    assert graph.right is None and graph.window.hi == pytest.approx(300)


def test_inspecting_with_arrows_pans_the_graph_to_the_step(make_driver):
    seq = [float(k % 5 == 0) for k in range(300)]
    driver = make_driver(stepped(seq), size=(1920, 1080))
    graph = driver.app.graph
    driver.click((x_of(graph, graph.window.first + 2), graph.plot.centery))
    k = driver.app.sim.inspected
    for _ in range(5):
        driver.key(pygame.K_LEFT)
    assert driver.app.sim.inspected == k - 5
    assert graph.window.lo <= k - 5 <= graph.window.hi


def test_y_axis_fits_the_visible_data_with_zero(make_driver):
    seq = [1.0] * 40
    params = LSTMParams(w_f=2.0, b_f=1.0, w_i=2.0, w_c=2.0)  # C climbs well above 1
    driver = make_driver(stepped(seq, params=params), size=(1920, 1080))
    graph = driver.app.graph
    bottom, top, _ = graph.y_axis
    c_max = max(run(params, seq).c)
    assert c_max > 3 and bottom <= 0 and c_max <= top < c_max * 1.5
    driver.click(dict(graph.legend.entries)["c"].center)
    driver.click(dict(graph.legend.entries)["y"].center)
    driver.click(dict(graph.legend.entries)["h"].center)
    bottom, top, _ = graph.y_axis
    assert (bottom, top) == (0.0, 1.0)  # gates and x only: 0 … 1


def test_a_new_point_slides_in_unless_motion_is_reduced(make_driver):
    driver = make_driver(stepped(PULSE, 2), size=(1920, 1080))
    graph = driver.app.graph
    driver.key(pygame.K_RIGHT)
    assert graph.slide.head == 2  # the frame that took the step: the slide starts
    driver.frame()
    assert 2 < graph.slide.head < 3
    driver.frame(dt=0.5)
    assert graph.slide.head == 3
    driver.app.state.reduce_motion = True
    driver.key(pygame.K_RIGHT)
    assert graph.slide.head == 4


def test_play_scrolls_smoothly_at_the_play_speed(make_driver):
    seq = [float(k % 3 == 0) for k in range(500)]
    driver = make_driver(stepped(seq, 200), size=(1920, 1080))
    graph = driver.app.graph
    driver.app.sim.set_speed(6.0, driver.clock.now)
    driver.key(pygame.K_SPACE)
    for _ in range(12):  # Play first reaches step 201, which then slides in
        driver.frame(dt=1 / 60)
    heads = []
    for _ in range(40):
        driver.frame(dt=1 / 60)
        heads.append(graph.window.hi)
    moves = np.diff(heads)
    assert np.all(moves >= 0)
    assert moves.max() < 0.2  # 6 steps/s at 60 frames/s: 0.1 step a frame, no jumps of a step
    assert heads[-1] - heads[0] == pytest.approx(39 * 0.1, abs=0.15)


def test_reset_and_new_sequence_start_the_view_afresh(make_driver):
    seq = [float(k % 5 == 0) for k in range(300)]
    driver = make_driver(stepped(seq), size=(1920, 1080))
    graph = driver.app.graph
    wheel(driver, graph.plot.center, 3)
    assert graph.span is not None
    driver.key(pygame.K_r)
    assert graph.span is None and graph.right is None


def test_going_live_returns_the_graph_to_the_newest_step(make_driver):
    seq = [float(k % 5 == 0) for k in range(300)]
    driver = make_driver(stepped(seq), size=(1920, 1080))
    graph = driver.app.graph
    driver.app.sim.inspect(20)  # far outside the window: the graph pans there
    driver.frame()
    assert graph.window.lo <= 20 <= graph.window.hi and graph.right is not None
    driver.key(pygame.K_ESCAPE)
    assert graph.right is None and graph.window.hi == pytest.approx(300)


def test_a_settled_view_stays_on_the_newest_step_frame_after_frame(make_driver):
    driver = make_driver(stepped([float(k % 5 == 0) for k in range(300)]), size=(1920, 1080))
    graph, chain = driver.app.graph, driver.app.chain
    for _ in range(3):
        driver.frame(dt=0.0)  # even when no time passes between frames
        assert graph.slide.head == 300 and graph.window.hi == pytest.approx(300)
        assert chain.cells[-1][0] == 300


def test_slide_settles_and_glides_only_forward():
    slide = Slide()
    assert slide.update(300, 0.0, None, False) == 300  # first frame: no slide
    assert slide.update(300, 0.01, None, False) == 300  # and it stays settled
    assert slide.update(301, 0.02, None, False) == 300  # a manual step starts gliding
    assert 300 < slide.update(301, 0.11, None, False) < 301
    assert slide.update(301, 0.5, None, False) == 301
    assert slide.update(250, 0.51, None, False) == 250  # back or reset: at once
    assert slide.update(251, 0.52, 251.25, False) == 250.25  # Play: one step behind its clock
    assert slide.update(251, 0.53, 251.5, True) == 251  # reduced motion: never behind


def test_hiding_every_series_leaves_an_empty_plot(make_driver, spy):
    driver = make_driver(stepped(PULSE), size=(1280, 720))
    graph = driver.app.graph
    for _, rect in list(graph.legend.entries):
        driver.click(rect.center)
    assert graph.hidden == {s.key for s in available(driver.app.sim)}
    spy.clear()
    move(driver, (x_of(graph, 3), graph.plot.centery))
    assert spy == [] and graph.hover[0] == 3 and graph.hover[1] == []
    assert graph.y_axis[:2] == (0.0, 1.0)


def test_the_y_axis_holds_still_while_values_wiggle_across_a_tick():
    from lstm_arcade.ui.views.graph import steady_y_range
    from lstm_arcade.ui.views.graph_window import y_range

    axis = y_range(0.0, 1.02)  # just over a tick: the axis reaches the next one
    assert axis[1] > 1.0
    assert steady_y_range(0.0, 0.98, axis) == axis  # back under it: the axis stays
    assert steady_y_range(0.0, 1.5, axis)[1] >= 1.5  # data beyond it: the axis grows at once
    assert steady_y_range(0.0, 0.3, axis) == y_range(0.0, 0.3)  # far smaller data: it shrinks
    assert steady_y_range(-0.5, 0.9, axis)[0] <= -0.5  # below the bottom: it grows down


def test_y_labels_thin_out_on_a_short_plot_instead_of_overlapping():
    from lstm_arcade.ui.views.graph import label_every

    assert label_every(40.0, 25) == 1  # room for every label
    assert label_every(20.0, 25) == 2
    assert label_every(6.0, 25) == 5
    assert label_every(1.0, 25) == 10
    for gap in (0.5, 3.0, 7.5, 12.4, 30.0):
        n = label_every(gap, 25)
        assert n == 10 or n * gap >= 25  # labelled lines are at least a label apart


def whole_graph_pixels(driver) -> bytes:
    """The graph panel drawn whole, by a fresh view of the same window, onto a scratch surface."""
    import copy

    from lstm_arcade.ui import paint
    from lstm_arcade.ui.views.graph import GraphView

    app, graph = driver.app, driver.app.graph
    whole = GraphView()
    whole.layout(graph.rect, graph._m)
    whole.span, whole.right, whole.slide = graph.span, graph.right, copy.deepcopy(graph.slide)
    whole._sequence, whole._last_t, whole._last_inspected = graph._sequence, graph._last_t, graph._last_inspected
    scratch = pygame.Surface(app.screen.get_size())
    with paint.clipped(scratch, graph.rect):
        whole.render(scratch, app.sim, app.text, graph._m, driver.clock.now, app.state.reduce_motion,
                     None, app.state.hidden_series)
    assert whole.window == graph.window
    return pygame.image.tobytes(scratch.subsurface(graph.rect), "RGB")


@pytest.mark.parametrize("size", [(1920, 1080), (3840, 2160), (1024, 768)], ids=["1080p", "4K", "4:3"])
def test_putting_back_only_what_a_frame_drew_over_leaves_the_graph_as_a_whole_drawing(make_driver, size):
    """Each frame puts back only what the last one drew over the graph's background (the plot,
    the step labels, the pin button, the follow chip): from the first hint through Play, a pin,
    a zoom and a pan, every frame the panel must hold exactly the pixels of drawing it whole."""
    driver = make_driver(Simulation(sequence=[float(k % 5 == 0) for k in range(120)], speed=60), size=size)
    app, graph = driver.app, driver.app.graph
    checked = 0

    def check() -> None:
        nonlocal checked
        shown = pygame.image.tobytes(app.screen.subsurface(graph.rect), "RGB")
        assert shown == whole_graph_pixels(driver), f"check {checked}"
        checked += 1

    check()  # the hint before the first step
    assert graph.hint_rects and all(graph.plot.contains(line) for line in graph.hint_rects)
    driver.key(pygame.K_SPACE)
    for k in range(150):
        driver.frame()
        if k % 3 == 0:
            check()
    driver.key(pygame.K_SPACE)
    driver.key(pygame.K_p, unicode="p")  # pin this run: its chip over the plot
    check()
    wheel(driver, graph.plot.center, 3)  # zoomed in: room to pan
    y = graph.plot.y + graph.plot.height // 5  # above the pin's chip
    driver.drag((graph.plot.centerx, y), (graph.plot.centerx + graph.data_width // 3, y))
    move(driver, (graph.rect.right + 5, graph.rect.bottom + 5))  # away: no hover box
    assert graph.follow_rect is not None and app.sim.pins
    for _ in range(3):
        driver.frame()
        check()


@pytest.mark.parametrize("size", GRID, ids=[f"{w}x{h}" for w, h in GRID])
def test_the_first_steps_hint_is_wrapped_inside_the_plot_at_every_size(make_driver, size):
    """Before the first step the plot says what to do: it ran over the y axis's numbers at
    1920x1080. Every line now lies inside the plot, and together they say the whole hint."""
    driver = make_driver(Simulation(sequence=[1, 0, 0, 0]), size=size)
    app = driver.app
    page = app.layout.page_of("graph")
    if page != app.layout.page:
        app.dispatch(Action(act.SHOW_PAGE, page), driver.clock.now)
        driver.frame()
    graph = app.graph
    assert app.sim.t == 0 and graph.hint_rects
    assert all(graph.plot.contains(line) for line in graph.hint_rects), (graph.plot, graph.hint_rects)
    words = app.text.wrap("Step or Play: every step adds a point", graph._m.small, graph.plot.width - 2 * graph._m.gap)
    assert " ".join(words) == "Step or Play: every step adds a point" and len(words) == len(graph.hint_rects)
