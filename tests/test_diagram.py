"""The network diagram: layout bars, activation-driven glow, pulses, tooltips, clicks."""

from __future__ import annotations

import itertools

import pygame
import pytest

from lstm_arcade.app import App, open_window
from lstm_arcade.model import LSTMParams, run
from lstm_arcade.sim import Simulation
from lstm_arcade.ui import theme
from lstm_arcade.ui.animation import StepAnimation
from lstm_arcade.ui.views.diagram import _point_along
from lstm_arcade.ui.views.diagram_geometry import NODE_BY_KEY, WIRES, is_orthogonal
from lstm_arcade.ui.views.diagram_text import tooltip_lines
from lstm_arcade.ui.views.math_panel import HIGHLIGHT_BG, math_lines

SIZES = [(1280, 720), (1920, 1080), (3840, 2160), (1280, 1024), (2560, 1080)]
FORGET_CLOSED = {"w_f": -2.0, "u_f": -2.0, "b_f": -1.0}
FORGET_OPEN = {"w_f": 2.0, "u_f": 2.0, "b_f": 1.0}


def luminance(rgb: tuple[int, int, int]) -> int:
    return sum(rgb)


@pytest.mark.parametrize("size", SIZES)
def test_labels_never_overlap_and_stay_inside_the_panel(make_driver, size):
    app = make_driver(Simulation(sequence=[1, 0, 0, 0, 0]), size=size).app
    diagram, m = app.diagram, app.layout.metrics
    rects = diagram.label_rects(app.text)
    # Every value node's label is checked; weight labels with no room are left to the sliders.
    values = [n for n in diagram.nodes if n.kind != "op"]
    assert all(f"{n.key}:value" in rects or f"{n.key}:label" in rects for n in values)
    assert len(rects) >= 2 * len(values) - 1 + (18 if size[0] / size[1] >= 1.65 else 0)
    panel = diagram.rect
    for name, rect in rects.items():
        assert panel.contains(rect), f"{name} {rect} leaves the panel {panel} at {size}"
    for (a, ra), (b, rb) in itertools.combinations(rects.items(), 2):
        assert not ra.colliderect(rb), f"{a} overlaps {b} at {size}"
    for key, (center, r) in diagram.node_circles().items():
        circle = pygame.Rect(0, 0, 2 * r, 2 * r)
        circle.center = center
        for name, rect in rects.items():
            assert not rect.colliderect(circle.inflate(-r // 2, -r // 2)), f"{name} covers node {key}"
    assert diagram.motion_rect.height >= m.px(40) and panel.contains(diagram.motion_rect)


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080), (3840, 2160)])
def test_labels_are_readable_from_three_metres(make_driver, size):
    app = make_driver(size=size).app
    assert app.layout.metrics.body >= size[1] / 50
    name = app.text.render("f(t)", app.layout.metrics.body, theme.TEXT, bold=True)
    assert name.get_height() >= size[1] / 50


def test_every_wire_is_orthogonal():
    assert all(is_orthogonal(wire.points) for wire in WIRES)


def forget_centre_brightness(make_driver, params: dict) -> int:
    driver = make_driver(Simulation(LSTMParams(**params), sequence=[1, 0, 0, 0, 0]), size=(1920, 1080))
    driver.key(pygame.K_RIGHT)
    driver.frame(2.0)  # let the step's animation finish
    centre = driver.app.diagram.center("f")
    return luminance(driver.pixel(centre))


def test_forget_node_is_brighter_when_the_gate_is_open(make_driver):
    closed = forget_centre_brightness(make_driver, FORGET_CLOSED)
    pygame.quit()
    opened = forget_centre_brightness(make_driver, FORGET_OPEN)
    assert run(LSTMParams(**FORGET_CLOSED), [1]).f[0] < 0.05
    assert run(LSTMParams(**FORGET_OPEN), [1]).f[0] > 0.95
    assert opened > closed + 200


def test_highway_pixels_are_blue(make_driver):
    driver = make_driver(Simulation(sequence=[1, 0]), size=(1920, 1080))
    driver.key(pygame.K_RIGHT)
    driver.frame(2.0)
    (x1, y), (x2, _) = driver.app.diagram.center("forget_mul"), driver.app.diagram.center("add")
    for x in (x1 + (x2 - x1) // 3, (x1 + x2) // 2):
        r, g, b = driver.pixel((x, y))
        assert b > 150 and b > r + 60 and b > g + 40, (r, g, b)


def test_hover_shows_a_tooltip_with_the_gates_equation(make_driver):
    driver = make_driver(Simulation(sequence=[1, 0, 0]), size=(1920, 1080))
    driver.key(pygame.K_RIGHT)
    driver.frame(2.0)
    cx, cy = driver.app.diagram.center("f")
    below = [driver.pixel((cx, y)) for y in range(cy + 35, cy + 120)]
    assert theme.FIELD_BG not in below
    driver.post(pygame.event.Event(pygame.MOUSEMOTION, pos=(cx, cy), rel=(0, 0), buttons=(0, 0, 0)))
    driver.frame()
    assert driver.app.diagram.hover == "f"
    below = [driver.pixel((cx, y)) for y in range(cy + 35, cy + 120)]
    assert theme.FIELD_BG in below  # the tooltip's box is there
    driver.post(pygame.event.Event(pygame.MOUSEMOTION, pos=(5, 5), rel=(0, 0), buttons=(0, 0, 0)))
    driver.frame()
    assert driver.app.diagram.hover is None


def test_tooltip_lines_are_the_math_panels_numbers():
    sim = Simulation(sequence=[1, 0, 0])
    sim.step_forward()
    sim.step_forward()
    for key in ("f", "i", "c_tilde", "o", "c", "h", "y"):
        lines = tooltip_lines(key, sim)
        assert [line.text for line in lines[1:]] == [line.text for line in math_lines(sim) if line.key == key]
    assert tooltip_lines("forget_mul", sim)[1].text == "f·C(1) = 0.522·0.288 = 0.150"
    assert tooltip_lines("tanh_c", sim)[1].text == "tanh(C(2)) = tanh(0.195) = 0.193"
    assert "Take a step" in tooltip_lines("f", Simulation(sequence=[1]))[1].text


def test_touching_a_node_shows_its_tooltip(make_driver):
    driver = make_driver(Simulation(sequence=[1, 0, 0]), size=(1920, 1080))
    cx, cy = driver.app.diagram.center("o")
    driver.post(pygame.event.Event(pygame.FINGERDOWN, x=cx / 1920, y=cy / 1080, dx=0, dy=0, finger_id=0, touch_id=0))
    driver.frame()
    assert driver.app.diagram.hover == "o"
    assert driver.app.state.highlight == "o"


def test_clicking_a_gate_highlights_it_and_clicking_again_clears(make_driver):
    driver = make_driver(Simulation(sequence=[1, 0, 0]), size=(1920, 1080))
    centre = driver.app.diagram.center("i")
    driver.click(centre)
    assert driver.app.state.highlight == "i"
    ring = (centre[0], centre[1] - driver.app.diagram.radius(NODE_BY_KEY["i"]) - driver.app.layout.metrics.px(7))
    assert driver.pixel(ring) == theme.FOCUS
    driver.click(centre)
    assert driver.app.state.highlight is None


def pulse_probe(make_driver, reduce_motion: bool) -> tuple[tuple[int, int, int], tuple[int, int]]:
    """The pixel where the input bus's pulse is, a moment into a step."""
    sim = Simulation(sequence=[1, 0, 0])
    clock_driver = make_driver(sim, size=(1920, 1080))
    clock_driver.app.state.reduce_motion = reduce_motion
    clock_driver.key(pygame.K_RIGHT)  # the step starts its animation at this frame's time
    duration = clock_driver.app.animation.duration
    clock_driver.frame(duration * 0.08 - 1 / 60)
    progress = clock_driver.app.animation.progress(clock_driver.clock.now)
    wire, points, lengths = clock_driver.app.diagram._paths[0]
    assert wire.source == "h_prev"
    at = _point_along(points, lengths, (progress - wire.start) / (wire.end - wire.start))
    return clock_driver.pixel(at), at


def test_a_step_sends_a_pulse_and_reduced_motion_draws_none(make_driver):
    moving, _ = pulse_probe(make_driver, reduce_motion=False)
    pygame.quit()
    still, _ = pulse_probe(make_driver, reduce_motion=True)
    assert moving == theme.TEXT  # the pulse's white core sits on the bus
    assert still != theme.TEXT and still[1] > still[0]  # only the green bus


def test_a_node_lights_up_when_the_pulse_reaches_it(make_driver):
    sim = Simulation(sequence=[0, 10, 0])  # f jumps from σ(0) = 0.5 to σ(5) ≈ 0.99 on step 2
    driver = make_driver(sim, size=(1920, 1080))
    driver.key(pygame.K_RIGHT)
    driver.frame(2.0)
    driver.key(pygame.K_RIGHT)
    duration, start = driver.app.animation.duration, driver.app.animation.start
    centre = driver.app.diagram.center("f")
    driver.clock.now = start + 0.1 * duration  # before the pulse reaches f (it arrives at 0.24)
    driver.frame(0)
    before = luminance(driver.pixel(centre))
    driver.clock.now = start + 0.6 * duration
    driver.frame(0)
    after = luminance(driver.pixel(centre))
    assert after > before + 60


def test_animation_finishes_within_the_step_time_at_play_speed():
    animation = StepAnimation()
    animation.observe(0, speed=10, now=0.0)
    animation.observe(1, speed=10, now=1.0)
    assert animation.progress(1.0) == 0.0
    assert animation.progress(1.0 + 0.1) == 1.0  # one step lasts 0.1 s at 10 steps/s
    animation.observe(3, speed=10, now=2.0)  # a jump is shown at once, not animated
    assert animation.progress(2.0) == 1.0


def test_motion_toggles_by_chip_and_key(make_driver):
    driver = make_driver(size=(1920, 1080))
    assert driver.app.state.reduce_motion is False
    driver.click(driver.app.diagram.motion_rect.center)
    assert driver.app.state.reduce_motion is True
    driver.key(pygame.K_m, unicode="m")
    assert driver.app.state.reduce_motion is False


def test_weight_labels_follow_the_sliders(make_driver):
    driver = make_driver(Simulation(sequence=[1]), size=(1920, 1080))
    app = driver.app
    rects = app.diagram.label_rects(app.text)
    value_rect = rects["w_f:value"]
    before = app.screen.subsurface(value_rect).copy()
    app.sim.set_param("w_f", -1.5)
    driver.frame()
    after = app.screen.subsurface(value_rect)
    assert any(before.get_at((x, y)) != after.get_at((x, y)) for x in range(value_rect.w) for y in range(value_rect.h))


def test_static_layer_is_cached_until_resize(make_driver):
    driver = make_driver(Simulation(sequence=[1, 0]), size=(1280, 720))
    static = driver.app.diagram.layer.picture
    driver.key(pygame.K_RIGHT)
    driver.frame()
    assert driver.app.diagram.layer.picture is static
    pygame.display.set_mode((1920, 1080), pygame.RESIZABLE)
    driver.post(pygame.event.Event(pygame.VIDEORESIZE, size=(1920, 1080), w=1920, h=1080))
    driver.frame()
    assert driver.app.diagram.layer.picture is not static
    assert driver.app.diagram.layer.picture.get_size() == driver.app.layout.diagram.size


def test_glow_cache_stays_bounded_while_playing(make_driver):
    driver = make_driver(Simulation(sequence=[(k % 7) - 3 for k in range(300)], speed=30), size=(1280, 720))
    driver.key(pygame.K_SPACE)
    for _ in range(300):
        driver.frame()
    assert len(driver.app.diagram.glow) <= 6 * 4 * 25 + 100


def test_reduce_motion_flag_reaches_the_app():
    app = App(Simulation(), open_window((1280, 720), False), reduce_motion=True)
    assert app.state.reduce_motion is True
    pygame.quit()


def test_clicking_a_gate_highlights_its_lines_in_the_math_panel(make_driver):
    driver = make_driver(Simulation(sequence=[1, 0, 0]), size=(1920, 1080))
    driver.key(pygame.K_RIGHT)
    driver.frame(2.0)
    math_rect = driver.app.layout.math
    amber = HIGHLIGHT_BG

    def highlighted_rows() -> int:
        x = math_rect.right - driver.app.layout.metrics.pad - 2  # right of the text, in the band
        return sum(driver.pixel((x, y)) == amber for y in range(math_rect.top, math_rect.bottom))

    assert highlighted_rows() == 0
    driver.click(driver.app.diagram.center("o"))
    rows_for_o = highlighted_rows()
    assert rows_for_o > 0
    driver.click(driver.app.diagram.center("add"))  # an operation highlights the equation it is in
    assert driver.app.state.highlight == "add" and highlighted_rows() > 0
    driver.click(driver.app.diagram.center("add"))
    assert highlighted_rows() == 0


def test_text_cache_is_bounded_in_bytes_as_numbers_change():
    from lstm_arcade.ui.text import Text

    pygame.font.init()
    text = Text(max_bytes=2 * 2**20)
    for k in range(3000):
        text.render(f"f = σ(0.50·{k} + 0.50·0.{k:03d}) = {k / 7:.3f}", 44, theme.TEXT, mono=True)
    assert text.bytes <= 2 * 2**20 and len(text) >= 5


def test_clicking_a_gate_makes_its_graph_series_stand_out(make_driver):
    driver = make_driver(Simulation(sequence=[1, 0, 1, 0, 1]), size=(1920, 1080))
    for _ in range(5):
        driver.key(pygame.K_RIGHT)
    driver.frame(2.0)
    halo = tuple(c // 3 for c in theme.FORGET_F)
    plot = driver.app.graph.plot

    def halo_pixels() -> int:
        shot = driver.app.screen
        return sum(
            tuple(shot.get_at((x, y)))[:3] == halo
            for x in range(plot.left, plot.right, 3)
            for y in range(plot.top, plot.bottom, 2)
        )

    assert halo_pixels() == 0
    driver.click(driver.app.diagram.center("f"))
    assert halo_pixels() > 20


@pytest.mark.parametrize("compare", [False, True])
def test_restoring_only_what_the_last_frame_drew_equals_a_full_redraw(make_driver, compare):
    """The diagram restores just the areas its last frame drew over (glows, values, pulses);
    through a played sequence, weight changes and a highlight, that equals drawing it whole."""
    sim = Simulation(sequence=[1, 0, -1, 1, 0, 0, 1, 0] * 3, speed=4.0)
    driver = make_driver(sim, (1920, 1080))
    app = driver.app
    sim.set_compare(compare)
    driver.key(pygame.K_SPACE, unicode=" ")
    for frame in range(90):
        if frame == 30:
            sim.set_param("w_f", -1.7)  # every glow and number changes at once
        if frame == 50:
            app.state.highlight = "f"
        driver.frame(1 / 30)
        assert app.drawn_clean  # the next frame may restore rather than redraw
        region = app.layout.diagram
        left = pygame.image.tobytes(app.screen.subsurface(region), "RGB")
        app.drawn_clean = False  # draw the same frame again, whole
        app.draw()
        assert pygame.image.tobytes(app.screen.subsurface(region), "RGB") == left, frame


@pytest.mark.parametrize("size", [(1920, 1080), (3840, 2160)], ids=["1080p", "4K"])
def test_putting_back_only_what_moved_leaves_the_panel_as_a_whole_drawing(make_driver, size):
    """Each frame puts back only the rectangles last frame drew over the static layer (a disc's
    inside its glow once): playing (pulses, fading glows) and dragging a weight, every frame the
    diagram must hold exactly the pixels of drawing it whole."""
    from lstm_arcade.ui.views.diagram import DiagramView

    driver = make_driver(Simulation(sequence=[(k % 5) - 2 for k in range(40)], speed=12), size=size)
    app = driver.app
    driver.key(pygame.K_SPACE)  # Play: a step every 5 frames, its pulse running along the wires
    slider = app.controls.sliders["w_f"]
    track = slider.track_rect()
    for k in range(36):
        if k == 18:
            driver.key(pygame.K_SPACE)  # paused: now a drag moves every number
            driver.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=(slider.x_of(slider.value), track.centery), button=1))
        if k > 18:
            x = round(track.left + track.width * (k - 18) / 17)
            driver.post(pygame.event.Event(pygame.MOUSEMOTION, pos=(x, track.centery), rel=(0, 0), buttons=(1, 0, 0)))
        driver.frame()
        whole = DiagramView()
        whole.layout(app.diagram.rect, app.diagram.metrics)
        scratch = pygame.Surface(app.screen.get_size())
        now = driver.clock.now
        whole.render(scratch, app.sim, app.text, app.animation.progress(now), app.state.reduce_motion)
        # Below the title row (the preset chips are another view's, drawn there after the diagram).
        rect = app.diagram.rect.copy()
        rect.top = app.diagram.frame.content_rect(rect, app.diagram.metrics).top
        rect.height = app.diagram.rect.bottom - rect.top
        shown = pygame.image.tobytes(app.screen.subsurface(rect), "RGB")
        assert shown == pygame.image.tobytes(scratch.subsurface(rect), "RGB"), f"frame {k}"
    assert app.sim.params.w_f != Simulation().params.w_f and app.sim.t > 1
