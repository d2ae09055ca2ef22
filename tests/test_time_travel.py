"""Time travel: inspecting a past step in every panel, moving through the past, back to live."""

from __future__ import annotations

import pygame
import pytest

from lstm_arcade.model import LSTMParams, run
from lstm_arcade.sim import Simulation
from lstm_arcade.ui import theme
from lstm_arcade.ui.views.formatting import num, signed
from lstm_arcade.ui.views.math_panel import math_lines
from lstm_arcade.ui.views.stats import stats_rows

SEQ = [1.0, 0.0, -0.5, 1.0, 0.0, 0.0, 2.0, 0.0]


def stepped(n: int, seq=SEQ, params: LSTMParams | None = None) -> Simulation:
    sim = Simulation(params, seq)
    for _ in range(n):
        sim.step_forward()
    return sim


# --- the simulation's API -------------------------------------------------------------------
def test_inspect_shows_a_past_step_and_keeps_t():
    sim = stepped(6)
    trace = run(LSTMParams(), SEQ)
    assert sim.inspect(3)
    assert (sim.t, sim.inspected, sim.shown_t) == (6, 3, 3)
    assert sim.shown.c == trace.c[2] and sim.shown.h == trace.h[2]
    assert sim.current.c == trace.c[5]  # the live step is untouched
    assert sim.state() == (trace.h[5], trace.c[5])  # and the next step still reads it


@pytest.mark.parametrize("k,expected", [(0, 1), (-5, 1), (6, None), (99, None)])
def test_inspect_clamps_to_the_steps_taken_and_t_is_live(k, expected):
    sim = stepped(6)
    assert sim.inspect(k)
    assert sim.inspected == expected
    assert sim.shown_t == (expected or 6)


def test_nothing_to_inspect_at_t0():
    sim = stepped(0)
    assert not sim.inspect(1)
    assert sim.inspected is None and sim.hint


def test_inspect_pauses_play_and_play_returns_to_live():
    sim = stepped(4)
    sim.play(0.0)
    sim.inspect(2)
    assert not sim.playing and sim.inspected == 2
    sim.play(1.0)
    assert sim.playing and sim.inspected is None and sim.t == 4


def test_move_inspection_walks_the_past_and_past_the_end_is_live():
    sim = stepped(5)
    sim.inspect(3)
    assert sim.move_inspection(1) and sim.inspected == 4
    assert sim.move_inspection(1) and sim.inspected is None  # step 5 is now: live again
    assert not sim.move_inspection(1)  # live: nothing to move
    sim.inspect(1)
    assert not sim.move_inspection(-1)
    assert sim.inspected == 1 and "first" in sim.hint


@pytest.mark.parametrize(
    "change",
    [
        lambda sim: sim.step_forward(),
        lambda sim: sim.step_back(),
        lambda sim: sim.reset(),
        lambda sim: sim.set_sequence([1.0, 1.0]),
        lambda sim: sim.go_live(),
    ],
    ids=["step", "back", "reset", "new sequence", "go_live"],
)
def test_changes_of_t_or_sequence_end_the_inspection(change):
    sim = stepped(6)
    sim.inspect(2)
    change(sim)
    assert sim.inspected is None
    assert sim.shown_t == sim.t


def test_step_forward_while_inspecting_steps_from_live_t():
    sim = stepped(6)
    sim.inspect(2)
    sim.step_forward()
    assert sim.t == 7 and sim.inspected is None


def test_weight_change_keeps_the_inspection_and_recomputes_it():
    sim = stepped(6)
    sim.inspect(3)
    sim.set_param("w_f", -1.5)
    assert sim.inspected == 3
    assert sim.shown.c == run(LSTMParams(w_f=-1.5), SEQ).c[2]


def test_shown_step_waits_for_a_long_recompute(monkeypatch):
    from lstm_arcade.sim import simulation as simulation_module

    monkeypatch.setattr(simulation_module, "RECOMPUTE_SLICE", 50)
    xs = [1.0, 0.0] * 100
    sim = stepped(200, xs)
    sim.inspect(120)
    sim.set_param("u_c", 1.0)
    assert sim.shown_pending and sim.shown is None
    assert "Recomputing" in math_lines(sim)[0].text
    sim.update(0.0)
    sim.update(0.0)
    assert not sim.shown_pending and sim.pending  # step 120 is ready before step 200
    assert sim.shown.h == run(LSTMParams(u_c=1.0), xs).h[119]


def test_play_position_is_fractional_while_playing():
    sim = stepped(0, [0.0] * 20)
    assert sim.play_position(5.0) == 0.0
    sim.play(10.0)
    sim.update(10.75)  # 2 steps/s: 1.5 steps of progress
    assert sim.t == 1 and sim.play_position(10.75) == pytest.approx(1.5)
    sim.pause()
    assert sim.play_position(11.0) == 1.0


# --- the panels show the inspected step ------------------------------------------------------
def test_math_and_stats_show_the_inspected_step():
    sim = stepped(6)
    trace = run(LSTMParams(), SEQ)
    sim.inspect(3)
    texts = [line.text for line in math_lines(sim)]
    assert texts[0].startswith("t = 3:") and "x(3) = \u22120.5" in texts[0]
    assert any(t.startswith("C(3) = f·C(2)") for t in texts)
    assert any(t.endswith(f"= {num(trace.c[2])}") and "f·C" not in t for t in texts)
    rows = {label: (shown, color) for label, shown, color in stats_rows(sim)}
    assert rows["t"] == ("3 / 8", theme.FOCUS)
    assert rows["C(t)"][0] == signed(trace.c[2])
    assert rows["h(t)"][0] == signed(trace.h[2])
    assert rows["y(t)"][0] == signed(trace.y[2])


# --- the app: keys, buttons, banner ------------------------------------------------------------
@pytest.fixture
def inspecting(make_driver):
    driver = make_driver(stepped(6), size=(1920, 1080))
    driver.app.sim.inspect(3)
    driver.frame()
    return driver


def test_arrow_keys_move_the_inspected_step_not_t(inspecting):
    d = inspecting
    d.key(pygame.K_LEFT)
    assert (d.app.sim.inspected, d.app.sim.t) == (2, 6)
    d.key(pygame.K_RIGHT)
    d.key(pygame.K_RIGHT)
    assert (d.app.sim.inspected, d.app.sim.t) == (4, 6)
    assert math_lines(d.app.sim)[0].text.startswith("t = 4:")
    d.key(pygame.K_RIGHT)
    d.key(pygame.K_RIGHT)  # step 6 is the live one
    assert (d.app.sim.inspected, d.app.sim.t) == (None, 6)
    d.key(pygame.K_RIGHT)  # live again: → steps as always
    assert d.app.sim.t == 7


def test_step_and_back_buttons_move_the_inspected_step_too(inspecting):
    d = inspecting
    d.click(d.app.controls.back.rect.center)
    assert (d.app.sim.inspected, d.app.sim.t) == (2, 6)
    d.click(d.app.controls.step.rect.center)
    assert (d.app.sim.inspected, d.app.sim.t) == (3, 6)


@pytest.mark.parametrize("key", [pygame.K_ESCAPE, pygame.K_l])
def test_esc_or_l_goes_back_to_live(inspecting, key):
    inspecting.key(key)
    assert inspecting.app.sim.inspected is None and inspecting.app.sim.t == 6


def test_banner_names_the_step_and_its_button_goes_live(inspecting):
    d = inspecting
    header = d.app.header
    assert header.live_rect is not None and header.banner_rect is not None
    banner_probe = (header.banner_rect.x, header.banner_rect.centery)
    assert d.pixel(banner_probe) == theme.FOCUS  # the banner's yellow edge
    assert header.banner_rect.right <= header.live_rect.x  # side by side, not overlapping
    assert header.live_rect.height >= d.app.layout.metrics.touch  # a real touch target
    d.click(header.live_rect.center)
    assert d.app.sim.inspected is None
    assert header.live_rect is None
    assert d.pixel(banner_probe) != theme.FOCUS


def test_space_plays_on_from_live(inspecting):
    inspecting.key(pygame.K_SPACE)
    sim = inspecting.app.sim
    assert sim.playing and sim.inspected is None and sim.t == 6


def test_shift_left_starts_time_travel_from_the_keyboard(make_driver):
    driver = make_driver(stepped(6))
    driver.key(pygame.K_LEFT, pygame.KMOD_SHIFT)
    assert (driver.app.sim.inspected, driver.app.sim.t) == (5, 6)
    driver.key(pygame.K_LEFT, pygame.KMOD_SHIFT)  # then it walks back like ←
    assert driver.app.sim.inspected == 4
