"""Physical controls through the real frame loop: gamepad, arcade panel and MIDI drive the app."""

from __future__ import annotations

import pygame
import pytest
from conftest import Driver, FakeClock
from test_gamepad import JOY, FakeDevices, hat, joy_button, pad_button
from test_midi import FakeBackend

from lstm_arcade.app import open_window
from lstm_arcade.app.kiosk import KioskApp
from lstm_arcade.formats.config import KioskSettings
from lstm_arcade.model import SPEC_BY_NAME
from lstm_arcade.physical import GamepadInput, MidiInput, load_midi_mapping
from lstm_arcade.sim import Simulation
from lstm_arcade.ui.widgets import Slider

Event = pygame.event.Event
A, B, Y = pygame.CONTROLLER_BUTTON_A, pygame.CONTROLLER_BUTTON_B, pygame.CONTROLLER_BUTTON_Y
SHOULDER_R, DPAD_UP = pygame.CONTROLLER_BUTTON_RIGHTSHOULDER, pygame.CONTROLLER_BUTTON_DPAD_UP


def cc(controller: int, value: int, channel: int = 1) -> tuple[int, int, int]:
    return (0xB0 + channel - 1, controller, value)


@pytest.fixture
def driver(make_driver):
    return make_driver(Simulation(sequence=[1, 0, 0, 0, 0]), size=(1280, 720))


def test_gamepad_buttons_step_play_and_reset(driver):
    sim = driver.app.sim
    driver.post(pad_button(Y), pad_button(Y, down=False))
    driver.frame()
    assert sim.t == 1
    driver.post(pad_button(A))
    driver.frame()
    assert sim.playing
    driver.post(pad_button(A))
    driver.frame()
    assert not sim.playing
    driver.post(pad_button(B))
    driver.frame()
    assert sim.t == 0


def test_shoulders_move_the_focus_between_sliders_and_the_dpad_moves_the_focused_one(driver):
    app = driver.app
    driver.post(pad_button(DPAD_UP), pad_button(DPAD_UP, down=False))
    driver.frame()  # the first nudge only shows which slider will move
    sliders = [w for w in app.controls.widgets() if isinstance(w, Slider)]
    assert app.state.focused is sliders[0]
    for _ in range(2):  # speed → learning rate → W_f
        driver.post(pad_button(SHOULDER_R), pad_button(SHOULDER_R, down=False))
        driver.frame()
    assert app.state.focused is app.controls.sliders["w_f"]
    before = app.sim.params.w_f
    driver.post(pad_button(DPAD_UP), pad_button(DPAD_UP, down=False))
    driver.frame()
    assert app.sim.params.w_f == pytest.approx(before + app.controls.sliders["w_f"].step)
    assert app.controls.sliders["w_f"].value == app.sim.params.w_f  # the slider shows it


def test_an_arcade_panel_steps_and_a_held_stick_repeats_until_it_is_unplugged(driver):
    app = driver.app
    app.gamepad = GamepadInput(devices=FakeDevices())
    driver.post(Event(pygame.JOYDEVICEADDED, device_index=1))
    driver.post(joy_button(0), joy_button(0, down=False))  # button 0: step
    driver.frame()
    assert app.sim.t == 1
    driver.post(hat(1, 0), hat(0, 0))  # hat right: focus the first slider
    driver.frame()
    driver.post(hat(1, 0), hat(0, 0))
    driver.frame()
    driver.post(hat(1, 0), hat(0, 0))
    driver.frame()
    assert app.state.focused is app.controls.sliders["w_f"]
    start = app.sim.params.w_f
    driver.post(Event(pygame.JOYAXISMOTION, instance_id=JOY, axis=1, value=-1.0))  # stick up
    driver.frame()
    step = app.controls.sliders["w_f"].step
    assert app.sim.params.w_f == pytest.approx(start + step)
    driver.frame(0.45)  # held past the first repeat
    for _ in range(3):
        driver.frame(0.1)
    held = app.sim.params.w_f
    assert held == pytest.approx(start + 5 * step)
    driver.post(Event(pygame.JOYDEVICEREMOVED, instance_id=JOY))  # unplugged while held
    driver.frame()
    for _ in range(10):
        driver.frame(0.1)
    assert app.sim.params.w_f == held  # nothing keeps moving


def test_a_control_closes_the_help_first(driver):
    driver.key(pygame.K_F1)
    assert driver.app.state.help_open
    driver.post(pad_button(Y))
    driver.frame()
    assert not driver.app.state.help_open and driver.app.sim.t == 0


def test_midi_faders_set_weights_through_the_loop(driver):
    app = driver.app
    app.midi = MidiInput(load_midi_mapping()[0], FakeBackend([cc(0, 127), cc(1, 0)], [cc(0, 64)]))
    driver.frame()
    spec_w, spec_u = SPEC_BY_NAME["w_f"], SPEC_BY_NAME["u_f"]
    assert (app.sim.params.w_f, app.sim.params.u_f) == (spec_w.max, spec_u.min)
    assert app.controls.sliders["w_f"].value == spec_w.max
    driver.frame()
    assert app.sim.params.w_f == 0.0  # the fader's middle: the middle of −2 … 2


def test_midi_learn_binds_the_clicked_slider_to_the_next_knob_and_saves_it(driver, tmp_path):
    app = driver.app
    backend = FakeBackend()
    app.midi = MidiInput(load_midi_mapping()[0], backend)
    app.midi_map_path = tmp_path / "midi.toml"
    driver.key(pygame.K_m, mod=pygame.KMOD_CTRL)
    assert app.state.midi_learning and "click a slider" in app.sim.hint
    slider = app.controls.sliders["b_o"]
    driver.click(slider.rect.center)
    assert app.midi.learning == "b_o" and "b_o" in app.sim.hint
    before = app.sim.params.b_o
    backend.batches.append([cc(50, 0, channel=2)])
    driver.frame()
    assert app.sim.params.b_o == before  # the learning move binds, it does not set
    assert app.sim.hint == "MIDI channel 2 CC 50 now moves b_o (saved)"
    assert load_midi_mapping(app.midi_map_path)[0].param_for(2, 50) == "b_o"
    backend.batches.append([cc(50, 0, channel=2)])
    driver.frame()
    assert app.sim.params.b_o == SPEC_BY_NAME["b_o"].min


def test_midi_learn_says_when_there_is_no_midi_and_esc_cancels(driver):
    app = driver.app
    driver.key(pygame.K_m, mod=pygame.KMOD_CTRL)
    assert not app.state.midi_learning and "none is connected" in app.sim.hint
    app.midi = MidiInput(load_midi_mapping()[0], FakeBackend())
    driver.key(pygame.K_m, mod=pygame.KMOD_CTRL)
    driver.click(app.controls.sliders["w_i"].rect.center)
    assert app.midi.learning == "w_i"
    driver.key(pygame.K_ESCAPE)
    assert app.midi.learning is None and not app.state.midi_learning


def test_in_a_kiosk_a_gamepad_button_ends_the_tour_and_devices_survive_a_fresh_start(tmp_path):
    settings = KioskSettings(idle_seconds=5, log_file=tmp_path / "kiosk.log")
    clock = FakeClock()
    app = KioskApp(Simulation(sequence=[1, 0, 0, 0, 0]), open_window((1280, 720), False), settings, clock=clock)
    driver = Driver(app, clock)
    devices = FakeDevices()
    app.gamepad = GamepadInput(devices=devices)
    driver.post(Event(pygame.JOYDEVICEADDED, device_index=1))
    driver.frame()
    assert app.gamepad.connected == ["Zero Delay encoder"]
    app.start_tour(app.clock())  # a fresh start: nothing of the last visitor stays …
    assert app.touring
    assert app.gamepad.connected == ["Zero Delay encoder"]  # … but the encoder is still open
    assert not devices.opened[0].closed
    driver.post(joy_button(0))
    driver.frame()
    assert not app.touring and app.sim.t == 0  # the press ended the tour, it did not step
    driver.post(joy_button(0, down=False), joy_button(0))
    driver.frame()
    assert app.sim.t == 1
    assert not app.options.midi_learn_enabled
    app.finish()
    pygame.quit()


def test_a_midi_map_that_does_not_exist_yet_is_where_learning_will_save(tmp_path):
    from lstm_arcade.app.devices import open_midi

    lines = []
    future = tmp_path / "midi.toml"
    midi, save_to, problem = open_midi(future, lines.append)
    assert problem is None and save_to == future  # the built-in mapping until learning saves
    assert midi.mapping == load_midi_mapping()[0]
    future.write_text("not toml [", encoding="utf-8")
    _, _, problem = open_midi(future, lines.append)
    assert problem is not None and "midi.toml" in problem and problem in lines
