"""The whole window driven by posted events through the real frame loop."""

from __future__ import annotations

import pygame
import pytest

from lstm_arcade.model import LSTMParams, run
from lstm_arcade.sim import Simulation
from lstm_arcade.ui import theme
from lstm_arcade.ui.views.formatting import signed
from lstm_arcade.ui.views.stats import stats_rows

PULSE = [1.0, 0.0, 0.0, 0.0, 0.0]


def test_type_a_sequence_and_press_enter(driver):
    field = driver.app.controls.sequence
    driver.click(field.rect.center)
    assert driver.app.state.focused is field
    driver.type("1, 0, 0, 0, 0")
    driver.key(pygame.K_RETURN)
    assert driver.app.sim.sequence == PULSE
    assert driver.app.sim.t == 0
    assert field.error is None


def test_click_step_three_times_and_read_the_stats(make_driver):
    driver = make_driver(Simulation(sequence=PULSE))
    step = driver.app.controls.step
    stats_area = driver.app.layout.stats
    before = pygame.Surface.copy(driver.app.screen.subsurface(stats_area))
    for _ in range(3):
        driver.click(step.rect.center)
    trace = run(LSTMParams(), PULSE)
    assert driver.app.sim.t == 3
    rows = {label: shown for label, shown, _ in stats_rows(driver.app.sim)}
    assert rows["t"] == "3 / 5"
    assert rows["x(t)"] == "0"
    assert rows["C(t)"] == signed(trace.c[2]) == "+0.126"
    assert rows["h(t)"] == signed(trace.h[2])
    assert rows["f(t)"] == signed(trace.f[2])
    assert rows["y(t)"] == signed(trace.y[2])
    after = driver.app.screen.subsurface(stats_area)
    changed = sum(
        before.get_at((x, y)) != after.get_at((x, y))
        for x in range(0, stats_area.width, 3)
        for y in range(0, stats_area.height, 3)
    )
    assert changed > 20  # the numbers on screen really changed


def test_paste_invalid_sequence_shows_error_and_keeps_old(make_driver):
    driver = make_driver(Simulation(sequence=PULSE))
    field = driver.app.controls.sequence
    driver.click(field.rect.center)
    driver.key(pygame.K_a, pygame.KMOD_CTRL)
    pygame.scrap.put_text("1, 0, banana, 1")
    driver.key(pygame.K_v, pygame.KMOD_CTRL)
    driver.key(pygame.K_RETURN)
    assert driver.app.sim.sequence == PULSE
    assert field.error is not None and "banana" in field.error and "3" in field.error
    assert driver.pixel((field.rect.x + 1, field.rect.centery)) == theme.ERROR
    # The message is drawn under the field in the error colour.
    message = driver.app.controls.message_rect
    reds = [
        driver.pixel((x, y))
        for x in range(message.x, message.x + 200)
        for y in range(message.y, message.bottom)
    ]
    assert any(p[0] > 200 and p[1] < 120 for p in reds)
    # Stepping still runs the old, valid sequence.
    driver.key(pygame.K_ESCAPE)
    driver.key(pygame.K_RIGHT)
    assert driver.app.sim.t == 1 and driver.app.sim.current.x == 1.0


@pytest.mark.parametrize("name,minimum", [("b_f", -1.0), ("w_c", -2.0)])
def test_drag_a_slider_with_negative_minimum(driver, name, minimum):
    slider = driver.app.controls.sliders[name]
    start = (slider.x_of(slider.value), slider.rect.centery + 0)
    far_left = (slider.rect.x - 200, start[1])
    knob_y = _knob_y(slider)
    driver.drag((slider.x_of(slider.value), knob_y), (far_left[0], knob_y))
    assert driver.app.sim.params.__getattribute__(name) == minimum
    quarter = slider.x_of(minimum / 2)
    driver.drag((slider.x_of(minimum), knob_y), (quarter, knob_y))
    one_pixel = (slider.maximum - slider.minimum) / slider.track_rect().width
    assert getattr(driver.app.sim.params, name) == pytest.approx(minimum / 2, abs=one_pixel + 0.01)
    # The slider on screen shows the state: its knob sits where the value is.
    assert slider.value == getattr(driver.app.sim.params, name)


def _knob_y(slider) -> int:
    return slider.track_rect().centery if hasattr(slider, "track_rect") else slider.rect.centery


def test_slider_drag_recomputes_the_trace_live(make_driver):
    driver = make_driver(Simulation(sequence=PULSE))
    for _ in range(5):
        driver.key(pygame.K_RIGHT)
    slider = driver.app.controls.sliders["w_f"]
    y = _knob_y(slider)
    driver.drag((slider.x_of(0.5), y), (slider.x_of(2.0), y))
    sim = driver.app.sim
    assert sim.params.w_f == 2.0 and sim.t == 5
    assert sim.current.c == run(LSTMParams(w_f=2.0), PULSE).c[4]


def test_keys_play_step_back_reset(make_driver):
    driver = make_driver(Simulation(sequence=PULSE, speed=2.0))
    driver.key(pygame.K_SPACE)
    assert driver.app.sim.playing
    driver.frame(dt=1.0)  # two steps per second
    assert driver.app.sim.t == 2
    driver.key(pygame.K_SPACE)
    assert not driver.app.sim.playing
    driver.frame(dt=5.0)
    assert driver.app.sim.t == 2
    driver.key(pygame.K_LEFT)
    assert driver.app.sim.t == 1
    driver.key(pygame.K_r)
    assert driver.app.sim.t == 0 and driver.app.sim.sequence == PULSE


def test_play_button_toggles_and_shows_pause(make_driver):
    driver = make_driver(Simulation(sequence=PULSE))
    play = driver.app.controls.play
    driver.click(play.rect.center)
    assert driver.app.sim.playing and play.toggled
    driver.click(play.rect.center)
    assert not driver.app.sim.playing


def test_typing_in_the_field_does_not_trigger_shortcuts(make_driver):
    driver = make_driver(Simulation(sequence=PULSE))
    driver.key(pygame.K_RIGHT)
    driver.key(pygame.K_TAB)
    assert driver.app.state.focused is driver.app.controls.sequence
    driver.type("r h ")
    assert driver.app.sim.t == 1 and not driver.app.state.help_open and not driver.app.sim.playing


def test_tab_reaches_every_control_in_order_and_enter_presses(make_driver):
    driver = make_driver(Simulation(sequence=PULSE))
    order = driver.app.controls.widgets()
    seen = []
    for _ in range(len(order)):
        driver.key(pygame.K_TAB)
        seen.append(driver.app.state.focused)
    assert seen == order
    driver.key(pygame.K_TAB, pygame.KMOD_SHIFT)
    assert driver.app.state.focused is order[-2]
    while driver.app.state.focused is not driver.app.controls.step:
        driver.key(pygame.K_TAB)
    driver.key(pygame.K_RETURN)
    assert driver.app.sim.t == 1


def test_focused_slider_takes_the_arrow_keys(driver):
    driver.key(pygame.K_TAB)
    while driver.app.state.focused is not driver.app.controls.sliders["b_o"]:
        driver.key(pygame.K_TAB)
    driver.key(pygame.K_LEFT)
    assert driver.app.sim.params.b_o < 0
    driver.key(pygame.K_ESCAPE)
    assert driver.app.state.focused is None


def test_help_overlay_opens_and_closes(driver):
    # The overlay dims the whole window: the C(t-1) node's blue is darker under it.
    node = driver.app.diagram.center("c_prev")
    plain = driver.pixel(node)
    driver.key(pygame.K_h)
    assert driver.app.state.help_open
    assert sum(driver.pixel(node)) < sum(plain) - 30
    driver.key(pygame.K_ESCAPE)
    assert not driver.app.state.help_open
    driver.key(pygame.K_F1)
    assert driver.app.state.help_open
    driver.click((5, 5))
    assert not driver.app.state.help_open


def test_ctrl_q_quits(driver):
    driver.key(pygame.K_q, pygame.KMOD_CTRL)
    assert not driver.app.running


def test_resize_lays_out_again(driver):
    screen = pygame.display.set_mode((1920, 1080), pygame.RESIZABLE)
    driver.post(pygame.event.Event(pygame.VIDEORESIZE, size=(1920, 1080), w=1920, h=1080))
    driver.frame()
    assert driver.app.layout.size == (1920, 1080)
    assert driver.app.screen is screen
    assert driver.app.controls.step.rect.right <= 1920


def test_math_panel_lines_follow_the_step(make_driver):
    from lstm_arcade.ui.views.math_panel import math_lines

    driver = make_driver(Simulation(sequence=PULSE))
    assert "initial" in math_lines(driver.app.sim)[0].text
    driver.key(pygame.K_RIGHT)
    texts = [line.text for line in math_lines(driver.app.sim)]
    assert "f = σ(W_f·x + U_f·h + b_f)" in texts
    assert "  = σ(0.50·1 + 0.50·0.000 + 0.00) = σ(0.500) = 0.622" in texts
    assert any(t.endswith("= 0.288") and t.lstrip().startswith("= 0.622·0.000 + 0.622·0.462") for t in texts)


def test_the_control_panel_is_redrawn_only_when_its_picture_changes(driver, monkeypatch):
    controls = driver.app.controls
    calls = []
    real = controls._draw
    monkeypatch.setattr(controls, "_draw", lambda *a: (calls.append(1), real(*a)))
    driver.frame()
    driver.frame()
    assert calls == []  # nothing changed: the cached picture stands
    driver.app.sim.set_param("w_f", 0.5000001)  # too small a change to show
    driver.frame()
    assert calls == []
    driver.app.sim.set_param("w_f", 1.25)
    driver.frame()
    assert calls == []  # only the moved slider is drawn again, over the picture
    slider = controls.sliders["w_f"]
    label = driver.app.screen.subsurface(slider.rect).copy()
    assert label.get_at((slider.x_of(1.25) - slider.rect.x, slider.track_rect().centery - slider.rect.y))[:3] == slider.color
    partial = pygame.image.tobytes(driver.app.screen.subsurface(driver.app.layout.controls), "RGB")
    controls.redraw.forget()  # force the whole panel to be drawn: the very same pixels
    driver.frame()
    assert calls == [1]
    assert pygame.image.tobytes(driver.app.screen.subsurface(driver.app.layout.controls), "RGB") == partial
    driver.key(pygame.K_TAB)  # a focus ring (outside any slider) needs the whole panel again
    assert calls == [1, 1]


@pytest.mark.parametrize("size", [(1280, 720), (1280, 1024), (1920, 1080), (3840, 2160)])
def test_the_help_card_fits_the_window(make_driver, size):
    driver = make_driver(size=size)
    driver.key(pygame.K_F1)
    card = driver.app.help.card
    assert card.width > size[0] // 2 and pygame.Rect((0, 0), size).contains(card)


def test_the_help_lists_ctrl_q_except_where_a_mode_hides_it(driver):
    from lstm_arcade.ui.views.help_overlay import HelpOverlay

    shown = HelpOverlay()
    hidden = HelpOverlay()
    hidden.hidden_keys = {"Ctrl+Q"}
    m, text = driver.app.layout.metrics, driver.app.text
    a = shown._render((1920, 1080), text, m)
    b = hidden._render((1920, 1080), text, m)
    assert pygame.image.tobytes(a, "RGBA") != pygame.image.tobytes(b, "RGBA")


def test_a_dragged_focused_slider_redraws_alone_and_matches_a_full_redraw(driver, monkeypatch):
    app = driver.app
    controls = app.controls
    calls = []
    real = controls._draw
    monkeypatch.setattr(controls, "_draw", lambda *a: (calls.append(1), real(*a)))
    slider = controls.sliders["u_i"]  # a middle row: its focus ring reaches into W_f's and W_C's rows
    start = (slider.x_of(slider.value), slider.track_y)
    driver.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=start, button=1))
    driver.frame()
    assert app.state.focused is slider
    calls.clear()
    for x in range(start[0] - 30, start[0] + 30, 6):
        driver.post(pygame.event.Event(pygame.MOUSEMOTION, pos=(x, slider.track_y), rel=(0, 0), buttons=(1, 0, 0)))
        app.sim.set_param("u_f", round(x / 1000, 2))  # a neighbour above moves too (as in training)
        app.sim.set_param("u_c", round(-x / 1000, 2))  # and one below
        driver.frame()
    assert calls == []  # only the sliders were drawn, never the whole panel
    partial = pygame.image.tobytes(app.screen.subsurface(app.layout.controls), "RGB")
    controls.redraw.forget()
    driver.frame()
    assert pygame.image.tobytes(app.screen.subsurface(app.layout.controls), "RGB") == partial


def test_unchanged_panels_are_left_on_screen_until_something_covers_them(make_driver):
    driver = make_driver(Simulation(sequence=[1, 0, 0]), size=(1280, 720))
    app = driver.app
    panels = (app.layout.controls, app.layout.math, app.layout.stats)
    marks = [(rect.centerx, rect.bottom - 3) for rect in panels]

    def mark() -> None:
        for pos in marks:
            app.screen.set_at(pos, (1, 2, 3))

    driver.frame()
    mark()
    driver.frame()  # nothing changed: the panels were not drawn again
    assert [driver.pixel(pos) for pos in marks] == [(1, 2, 3)] * 3
    driver.key(pygame.K_F1)  # the help covers them …
    driver.key(pygame.K_ESCAPE)  # … and once it is gone they are drawn whole again
    assert (1, 2, 3) not in [driver.pixel(pos) for pos in marks]
    clean = [pygame.image.tobytes(app.screen.subsurface(rect), "RGB") for rect in panels]
    under = driver.pixel(marks[0])
    mark()
    back = app.controls.back.rect.center
    app.screen.set_at(back, (1, 2, 3))
    driver.key(pygame.K_RIGHT)  # a step: the math and stats change, so they are drawn again
    assert driver.pixel(marks[1]) != (1, 2, 3) and driver.pixel(marks[2]) != (1, 2, 3)
    assert driver.pixel(back) != (1, 2, 3)  # the Back button came alive: it alone is redrawn
    assert driver.pixel(marks[0]) == (1, 2, 3)  # the rest of the controls stood
    app.screen.set_at(marks[0], under)  # (only the test draws behind the app's back)
    driver.key(pygame.K_LEFT)
    driver.frame()
    assert [pygame.image.tobytes(app.screen.subsurface(rect), "RGB") for rect in panels] == clean


def test_a_diagram_tooltip_over_the_controls_is_wiped_when_it_goes(make_driver):
    driver = make_driver(Simulation(sequence=[1, 0, 0]), size=(1280, 720))
    app = driver.app
    driver.key(pygame.K_RIGHT)
    controls = app.layout.controls
    before = pygame.image.tobytes(app.screen.subsurface(controls), "RGB")
    driver.post(pygame.event.Event(pygame.MOUSEMOTION, pos=app.diagram.center("y"), rel=(0, 0), buttons=(0, 0, 0)))
    driver.frame()
    assert app.diagram.hover == "y"
    assert pygame.image.tobytes(app.screen.subsurface(controls), "RGB") != before  # it reaches over
    driver.post(pygame.event.Event(pygame.MOUSEMOTION, pos=(5, 5), rel=(0, 0), buttons=(0, 0, 0)))
    driver.frame()
    assert pygame.image.tobytes(app.screen.subsurface(controls), "RGB") == before


def test_a_button_that_changes_alone_is_redrawn_alone_and_matches_a_full_redraw(make_driver, monkeypatch):
    driver = make_driver(Simulation(sequence=[1, 0, 0]), size=(1280, 720))
    app, controls = driver.app, driver.app.controls
    calls = []
    real = controls._draw
    monkeypatch.setattr(controls, "_draw", lambda *a: (calls.append(1), real(*a)))
    driver.key(pygame.K_SPACE)  # Play: its button reads Pause now
    assert app.sim.playing and controls.play.toggled and calls == []
    partial = pygame.image.tobytes(app.screen.subsurface(app.layout.controls), "RGB")
    controls.redraw.forget()
    driver.frame(0.0)
    assert calls == [1]
    assert pygame.image.tobytes(app.screen.subsurface(app.layout.controls), "RGB") == partial


def test_the_title_bar_is_drawn_only_when_what_it_says_changes_and_always_as_a_whole_drawing(make_driver):
    """The header is left as it stands while the screen holds it; each frame its row must be the
    pixels of drawing it whole: playing, paused, a hint, inspecting a past step, another language."""
    from lstm_arcade.app import compose
    from lstm_arcade.ui.views.header import Header

    driver = make_driver(Simulation(sequence=PULSE * 3, speed=20), size=(1920, 1080))
    app = driver.app
    drawn = []
    original = Header._draw
    Header._draw = lambda self, *a: drawn.append(1) or original(self, *a)
    try:
        def check(label: str) -> None:
            whole = Header()
            whole.layout(app.header.rect, app.header.metrics)
            scratch = pygame.Surface(app.screen.get_size())
            whole.draw(scratch, compose.frame(app, clean=False))
            rect = app.header.rect
            shown = pygame.image.tobytes(app.screen.subsurface(rect), "RGB")
            assert shown == pygame.image.tobytes(scratch.subsurface(rect), "RGB"), label

        for _ in range(3):
            driver.frame()
            check("paused")
        before = len(drawn)
        for _ in range(5):
            driver.frame()
        assert len(drawn) == before  # nothing changed: not drawn again
        driver.key(pygame.K_SPACE)
        for k in range(20):
            driver.frame()
            check(f"playing {k}")
        driver.key(pygame.K_SPACE)
        check("paused again")
        driver.key(pygame.K_LEFT)  # a past step: the banner and its button
        check("inspecting")
        driver.key(pygame.K_ESCAPE)
        for _ in range(20):
            driver.key(pygame.K_RIGHT)  # past the end: the hint says so
        assert app.sim.hint
        check("hint")
        driver.key(pygame.K_l, mod=pygame.KMOD_CTRL)
        check("another language")
    finally:
        Header._draw = original
