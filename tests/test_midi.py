"""MIDI: a fake input feeds control changes; learn mode; optional pygame.midi at run time."""

from __future__ import annotations

import os
import sys
import types

import pygame
import pytest

from lstm_arcade.model import RNN_SPEC_BY_NAME, SPEC_BY_NAME
from lstm_arcade.physical import Command, MidiInput, cc_to_value
from lstm_arcade.physical.mapping import (
    DEFAULT_MIDI_MAPPING,
    MidiMapping,
    load_midi_mapping,
    save_midi_mapping,
)
from lstm_arcade.physical.midi import _quiet_stderr

CC1 = 0xB0  # control change on channel 1


class FakeBackend:
    """Hands out one batch of messages per read(); can fail like an unplugged device."""

    def __init__(self, *batches: list[tuple[int, int, int]]) -> None:
        self.batches = list(batches)
        self.closed = False
        self.fail = False

    def read(self) -> list[tuple[int, int, int]]:
        if self.fail:
            raise OSError("Host error: device removed")
        return self.batches.pop(0) if self.batches else []

    def close(self) -> None:
        self.closed = True


def set_param(param_id: str, value: float) -> Command:
    return Command("set_param", (param_id, value))


@pytest.mark.parametrize(
    "param_id,spec",
    [("w_f", SPEC_BY_NAME["w_f"]), ("b_o", SPEC_BY_NAME["b_o"])]
    + [("rnn_w_hidden", RNN_SPEC_BY_NAME["w_hidden"])],
)
def test_a_control_change_covers_the_parameters_whole_range(param_id, spec):
    assert cc_to_value(param_id, 0) == spec.min
    assert cc_to_value(param_id, 64) == (spec.min + spec.max) / 2
    assert cc_to_value(param_id, 127) == spec.max
    values = [cc_to_value(param_id, v) for v in range(128)]
    steps = min(128, round((spec.max - spec.min) / 0.01) + 1)  # 0 … 1 has only 101 hundredths
    assert values == sorted(values) and len(set(values)) == steps  # every step counts
    assert all(spec.min <= v <= spec.max and round(v, 2) == v for v in values)


def test_the_middle_of_a_symmetric_range_is_exactly_zero_never_minus_zero():
    assert str(cc_to_value("w_f", 64)) == "0.0" and str(cc_to_value("b_f", 64)) == "0.0"


def test_bound_control_changes_become_set_param_and_the_rest_is_ignored():
    backend = FakeBackend(
        [
            (CC1, 0, 127),  # fader 1 → w_f at its maximum
            (0x90, 60, 100),  # a note: ignored
            (CC1 + 1, 0, 127),  # channel 2: not bound
            (CC1, 99, 5),  # channel 1, CC 99: not bound
            (CC1, 16, 0),  # knob 1 → b_f at its minimum
            (0xF8, 0, 0),  # clock
            (CC1, 200, 3),  # not MIDI
            ("junk",),
            None,
        ]
    )
    midi = MidiInput(DEFAULT_MIDI_MAPPING, backend)
    assert midi.enabled
    assert midi.poll() == [set_param("w_f", 2.0), set_param("b_f", -1.0)]
    assert midi.poll() == []


def test_a_burst_from_one_fader_gives_only_its_last_value():
    burst = [(CC1, 1, v) for v in range(0, 100, 3)] + [(CC1, 2, 0), (CC1, 1, 64)]
    midi = MidiInput(DEFAULT_MIDI_MAPPING, FakeBackend(burst))
    assert midi.poll() == [set_param("u_f", 0.0), set_param("w_i", -2.0)]


def test_learn_mode_binds_the_next_control_then_it_drives_the_parameter():
    backend = FakeBackend(
        [(0xB2, 40, 10)],  # channel 3, CC 40: bound to nothing yet
        [(0xB2, 40, 127), (CC1, 0, 0)],
    )
    midi = MidiInput(DEFAULT_MIDI_MAPPING, backend)
    midi.learn("rnn_w_out")
    assert midi.learning == "rnn_w_out"
    assert midi.poll() == [Command("learned", ("rnn_w_out", 3, 40))]  # not a set_param
    assert midi.learning is None
    assert midi.mapping.param_for(3, 40) == "rnn_w_out"
    assert midi.poll() == [set_param("rnn_w_out", 2.0), set_param("w_f", -2.0)]


def test_learning_a_bound_control_takes_it_from_its_old_parameter():
    midi = MidiInput(DEFAULT_MIDI_MAPPING, FakeBackend([(CC1, 5, 64)], [(CC1, 5, 127)]))
    midi.learn("w_f")
    assert midi.poll() == [Command("learned", ("w_f", 1, 5))]
    assert midi.mapping.param_for(1, 5) == "w_f"  # was u_c
    assert midi.mapping.param_for(1, 0) is None  # w_f's old fader is free
    assert midi.mapping.control_of("u_c") is None
    assert midi.poll() == [set_param("w_f", 2.0)]


def test_the_rest_of_a_burst_after_learning_drives_the_new_binding():
    midi = MidiInput(DEFAULT_MIDI_MAPPING, FakeBackend([(CC1, 0, 1), (CC1, 0, 50), (CC1, 0, 127)]))
    midi.learn("b_c")
    assert midi.poll() == [
        Command("learned", ("b_c", 1, 0)),
        set_param("b_c", 1.0),
    ]


def test_cancel_learn_and_unknown_parameters():
    midi = MidiInput(DEFAULT_MIDI_MAPPING, FakeBackend([(CC1, 0, 127)]))
    midi.learn("w_o")
    midi.cancel_learn()
    assert midi.poll() == [set_param("w_f", 2.0)]
    with pytest.raises(KeyError):
        midi.learn("w_q")
    assert midi.learning is None


def test_a_learned_mapping_is_kept_across_a_restart(tmp_path):
    midi = MidiInput(DEFAULT_MIDI_MAPPING, FakeBackend([(0xBF, 127, 3)]))
    midi.learn("u_o")
    midi.poll()
    path = tmp_path / "midi.toml"
    assert save_midi_mapping(midi.mapping, path) is None
    mapping, problem = load_midi_mapping(path)
    assert problem is None and mapping == midi.mapping
    restarted = MidiInput(mapping, FakeBackend([(0xBF, 127, 0)]))
    assert restarted.poll() == [set_param("u_o", -2.0)]


def test_a_device_failing_mid_run_is_logged_once_and_midi_stops():
    lines: list[str] = []
    backend = FakeBackend([(CC1, 0, 127)])
    midi = MidiInput(DEFAULT_MIDI_MAPPING, backend, log=lines.append)
    assert midi.poll() == [set_param("w_f", 2.0)]
    backend.fail = True
    assert midi.poll() == [] and midi.poll() == []
    assert lines == ["MIDI input stopped: Host error: device removed"]
    assert backend.closed and not midi.enabled


def test_the_real_pygame_midi_opens_quietly_and_says_one_line(capfd):
    """Whatever this machine has (usually no MIDI device): one log line, nothing on stderr."""
    lines: list[str] = []
    midi = MidiInput.open(log=lines.append)
    assert len(lines) == 1 and lines[0].startswith("MIDI")
    assert isinstance(midi.poll(), list)
    midi.close()
    assert capfd.readouterr().err == ""


def test_without_pygame_midi_open_logs_once_and_returns_a_disabled_input(monkeypatch):
    monkeypatch.setitem(sys.modules, "pygame.midi", None)  # import pygame.midi now fails
    monkeypatch.delattr(pygame, "midi", raising=False)  # … even after an earlier import
    lines: list[str] = []
    midi = MidiInput.open(DEFAULT_MIDI_MAPPING, lines.append)
    assert len(lines) == 1 and lines[0].startswith("MIDI unavailable: ")
    assert not midi.enabled and midi.poll() == [] and midi.poll() == []
    assert len(lines) == 1
    midi.learn("w_f")  # harmless: nothing will come
    assert midi.poll() == []


def fake_pygame_midi(monkeypatch, devices=(), init_error=None, input_messages=()):
    """A stand-in for pygame.midi with the given (name, is_input) devices."""
    module = types.ModuleType("pygame.midi")
    calls = {"quit": 0}

    def init():
        if init_error:
            raise init_error

    class Input:
        def __init__(self, device_id):
            self.waiting = [[[*m, 0], 1000 + k] for k, m in enumerate(input_messages)]

        def poll(self):
            return bool(self.waiting)

        def read(self, count):
            chunk, self.waiting = self.waiting[:count], self.waiting[count:]
            return chunk

        def close(self):
            pass

    def quit():
        calls["quit"] += 1

    module.init, module.quit, module.Input = init, quit, Input
    module.get_count = lambda: len(devices)
    module.get_device_info = lambda i: (b"ALSA", devices[i][0], devices[i][1], 1 - devices[i][1], 0)
    monkeypatch.setitem(sys.modules, "pygame.midi", module)
    monkeypatch.setattr(pygame, "midi", module, raising=False)
    return calls


def test_a_failing_midi_backend_logs_once(monkeypatch):
    calls = fake_pygame_midi(monkeypatch, init_error=RuntimeError("PortMidi: host error\ndetails"))
    lines: list[str] = []
    midi = MidiInput.open(DEFAULT_MIDI_MAPPING, lines.append)
    assert lines == ["MIDI unavailable: PortMidi: host error"]
    assert not midi.enabled and midi.poll() == [] and calls["quit"] == 1


def test_no_input_device_logs_once(monkeypatch):
    calls = fake_pygame_midi(monkeypatch, devices=[(b"Midi Out", 0)])
    lines: list[str] = []
    midi = MidiInput.open(DEFAULT_MIDI_MAPPING, lines.append)
    assert lines == ["MIDI: no input device found"]
    assert not midi.enabled and midi.poll() == [] and calls["quit"] == 1


def test_an_input_device_is_read_through_pygame_midi(monkeypatch):
    fake_pygame_midi(
        monkeypatch,
        devices=[(b"Midi Out", 0), (b"nanoKONTROL2 SLIDER/KNOB", 1)],
        input_messages=[(CC1, 7, 0)] * 100 + [(CC1, 7, 127)],
    )
    lines: list[str] = []
    midi = MidiInput.open(MidiMapping({(1, 7): "u_o"}), lines.append)
    assert midi.enabled and lines == ["MIDI: listening to nanoKONTROL2 SLIDER/KNOB"]
    assert midi.poll() == [set_param("u_o", 2.0)]  # 101 messages, read in chunks, one command
    assert midi.poll() == []
    midi.close()
    assert not midi.enabled and midi.poll() == []


def test_the_c_level_noise_of_a_missing_sound_system_is_silenced(capfd):
    with _quiet_stderr():
        os.write(2, b"ALSA lib seq.c:1011: Unknown SEQ default\n")
    os.write(2, b"after\n")
    assert capfd.readouterr().err == "after\n"
