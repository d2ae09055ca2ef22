"""The controller and MIDI mapping files: the bundled ones, bad ones refused by key, saving."""

from __future__ import annotations

import os
import stat

import pygame
import pytest

from lstm_arcade.physical import Command, param_spec
from lstm_arcade.physical.mapping import (
    DEFAULT_CONTROLLER_MAPPING,
    DEFAULT_MIDI_MAPPING,
    MidiMapping,
    load_controller_mapping,
    load_midi_mapping,
    parse_controller_mapping,
    parse_midi_mapping,
    save_midi_mapping,
)

GOOD_CONTROLLERS = """\
dead_zone = 0.4

[gamepad]
a = "play"
b = "preset 3"
guide = "none"
lefty = ["nudge_up", "nudge_down"]
triggerright = "step"

[joystick]
button_0 = "step"
button_63 = "undo_training"
axis_2 = ["none", "pin"]
hat_up = "nudge_up"
"""

GOOD_MIDI = """\
[bindings]
w_f = { channel = 1, cc = 0 }
rnn_w_in = { channel = 16, cc = 127 }
b_o = { cc = 20 }
"""


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_bundled_files_are_the_built_in_defaults():
    controllers, problem = load_controller_mapping()
    assert problem is None and controllers == DEFAULT_CONTROLLER_MAPPING
    midi, problem = load_midi_mapping()
    assert problem is None and midi == DEFAULT_MIDI_MAPPING


def test_the_default_gamepad_mapping_is_the_documented_one():
    pad = DEFAULT_CONTROLLER_MAPPING.pad_buttons
    assert pad[pygame.CONTROLLER_BUTTON_A] == Command("play")
    assert pad[pygame.CONTROLLER_BUTTON_B] == Command("reset")
    assert pad[pygame.CONTROLLER_BUTTON_X] == Command("back")
    assert pad[pygame.CONTROLLER_BUTTON_Y] == Command("step")
    assert pad[pygame.CONTROLLER_BUTTON_START] == Command("train")
    assert pad[pygame.CONTROLLER_BUTTON_BACK] == Command("compare")
    assert pad[pygame.CONTROLLER_BUTTON_DPAD_UP] == Command("nudge", 1)
    assert DEFAULT_CONTROLLER_MAPPING.joy_buttons[0] == Command("step")
    assert DEFAULT_CONTROLLER_MAPPING.joy_buttons[1] == Command("play")


def test_the_default_midi_mapping_puts_the_weights_on_the_faders():
    faders = [DEFAULT_MIDI_MAPPING.param_for(1, cc) for cc in range(8)]
    assert faders == ["w_f", "u_f", "w_i", "u_i", "w_c", "u_c", "w_o", "u_o"]
    assert [DEFAULT_MIDI_MAPPING.param_for(1, cc) for cc in range(16, 20)] == [
        "b_f", "b_i", "b_c", "b_o",
    ]  # fmt: skip
    assert all(param_spec(p) is not None for p in DEFAULT_MIDI_MAPPING.bindings.values())


def test_a_good_controller_file_parses():
    mapping = parse_controller_mapping(GOOD_CONTROLLERS)
    assert mapping.dead_zone == 0.4
    assert mapping.pad_buttons == {
        pygame.CONTROLLER_BUTTON_A: Command("play"),
        pygame.CONTROLLER_BUTTON_B: Command("preset", 3),
    }  # "none" binds nothing
    assert mapping.pad_axes == {
        pygame.CONTROLLER_AXIS_LEFTY: (Command("nudge", 1), Command("nudge", -1)),
        pygame.CONTROLLER_AXIS_TRIGGERRIGHT: (None, Command("step")),
    }
    assert mapping.joy_buttons == {0: Command("step"), 63: Command("undo_training")}
    assert mapping.joy_axes == {2: (None, Command("pin"))}
    assert mapping.joy_hat == {"up": Command("nudge", 1)}


def test_a_missing_section_binds_nothing_there():
    mapping = parse_controller_mapping('[joystick]\nbutton_0 = "step"\n')
    assert mapping.pad_buttons == {} and mapping.pad_axes == {}
    assert mapping.joy_buttons == {0: Command("step")}


def test_a_good_midi_file_parses_with_channel_1_by_default():
    mapping = parse_midi_mapping(GOOD_MIDI)
    assert mapping.bindings == {(1, 0): "w_f", (16, 127): "rnn_w_in", (1, 20): "b_o"}


@pytest.mark.parametrize(
    "change,line,key,needle",
    [
        (('a = "play"', 'jump = "play"'), 4, "gamepad.jump", "not a gamepad button or axis"),
        (('a = "play"', 'a = "fly"'), 4, "gamepad.a", "'fly' is not an action"),
        (('a = "play"', "a = 3"), 4, "gamepad.a", 'must be an action in quotes like "step"'),
        (('b = "preset 3"', 'b = "preset 10"'), 5, "gamepad.b", "preset 10 is outside 1 … 9"),
        (('b = "preset 3"', 'b = "preset 0"'), 5, "gamepad.b", "preset 0 is outside 1 … 9"),
        (("button_63", "button_64"), 12, "joystick.button_64", "button number 64 is outside"),
        (("axis_2", "axis_99"), 13, "joystick.axis_99", "axis number 99 is outside 0 … 63"),
        (("hat_up", "hat_north"), 14, "joystick.hat_north", "not a joystick control"),
        (('["nudge_up", "nudge_down"]', '["nudge_up"]'), 7, "gamepad.lefty", "a list of 1"),
        (("dead_zone = 0.4", "dead_zone = 2"), 1, "dead_zone", "2 is outside 0.1 … 0.9"),
        (("dead_zone = 0.4", 'dead_zone = "big"'), 1, "dead_zone", "must be a number"),
        (("[joystick]", "[joystik]"), 10, "joystik", "unknown key"),
        (("button_63", "button_00"), 12, "joystick.button_00", "button 0 is given twice"),
        (("[joystick]\n", "[joystick]\nrumble = true\n"), 11, "joystick.rumble", "not a joystick"),
    ],
)
def test_a_bad_controller_file_is_refused_naming_file_line_and_key(
    tmp_path, change, line, key, needle
):
    text = GOOD_CONTROLLERS.replace(*change, 1)
    assert text != GOOD_CONTROLLERS
    path = write(tmp_path, "pads.toml", text)
    mapping, problem = load_controller_mapping(path)
    assert mapping == DEFAULT_CONTROLLER_MAPPING
    assert problem.startswith(f"{path}: line {line}: key '{key}': ")
    assert needle in problem
    assert problem.endswith("; the built-in controller mapping is used instead")
    assert "\n" not in problem


@pytest.mark.parametrize(
    "change,line,key,needle",
    [
        (("cc = 0 }", "cc = 128 }"), 2, "bindings.w_f.cc", "CC 128 is outside 0 … 127"),
        (("cc = 0 }", "cc = -1 }"), 2, "bindings.w_f.cc", "CC -1 is outside 0 … 127"),
        (("channel = 16", "channel = 17"), 3, "bindings.rnn_w_in.channel", "channel 17 is outside"),
        (("channel = 1,", "channel = 0,"), 2, "bindings.w_f.channel", "channel 0 is outside 1"),
        (("w_f =", "w_q ="), 2, "bindings.w_q", "'w_q' is not a parameter"),
        (("cc = 0 }", "cc = 0, curve = 2 }"), 2, "bindings.w_f.curve", "unknown key"),
        (("cc = 0 }", 'cc = "0" }'), 2, "bindings.w_f.cc", "must be a whole number 0 … 127"),
        (("cc = 20", "cc = 0"), 4, "bindings.b_o", "channel 1 CC 0 is already bound to w_f"),
        (("w_f = { channel = 1, cc = 0 }", "w_f = 7"), 2, "bindings.w_f", "must be a table"),
        (("[bindings]", "[faders]"), 1, "faders", "unknown key"),
    ],
)
def test_a_bad_midi_file_is_refused_naming_file_line_and_key(tmp_path, change, line, key, needle):
    text = GOOD_MIDI.replace(*change, 1)
    assert text != GOOD_MIDI
    path = write(tmp_path, "faders.toml", text)
    mapping, problem = load_midi_mapping(path)
    assert mapping == DEFAULT_MIDI_MAPPING
    assert problem.startswith(f"{path}: line {line}: key '{key}': "), problem
    assert needle in problem
    assert problem.endswith("; the built-in MIDI mapping is used instead")


def test_a_file_that_is_not_toml_names_its_line(tmp_path):
    path = write(tmp_path, "pads.toml", '[gamepad]\na = "play"\nb = = "reset"\n')
    mapping, problem = load_controller_mapping(path)
    assert mapping == DEFAULT_CONTROLLER_MAPPING
    assert problem.startswith(f"{path}: line 3: not valid TOML (")


@pytest.mark.parametrize("loader", [load_controller_mapping, load_midi_mapping])
def test_a_folder_a_huge_file_a_missing_file_and_bad_bytes_keep_the_defaults(tmp_path, loader):
    default = loader(tmp_path / "nothing.toml")[0]
    assert default in (DEFAULT_CONTROLLER_MAPPING, DEFAULT_MIDI_MAPPING)
    huge = tmp_path / "huge.toml"
    huge.write_bytes(b"# " + b"x" * 1_000_001 + b"\n")
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"# fine\n# \xff\xfe\n")
    cases = {
        tmp_path: "is a folder",
        huge: "over the 1 MB limit",
        tmp_path / "nothing.toml": "no such file",
        binary: "line 2: not UTF-8 text",
    }
    for path, needle in cases.items():
        mapping, problem = loader(path)
        assert mapping == default
        assert problem.startswith(f"{path}: ") and needle in problem, problem


def test_learning_a_binding_replaces_the_controls_and_the_params_old_bindings():
    mapping = MidiMapping({(1, 0): "w_f", (1, 5): "u_c"})
    learned = mapping.with_binding("w_f", 1, 5)
    assert learned.bindings == {(1, 5): "w_f"}  # u_c lost the control, w_f its old one
    assert learned.control_of("w_f") == (1, 5) and learned.control_of("u_c") is None
    assert mapping.bindings == {(1, 0): "w_f", (1, 5): "u_c"}  # the original is unchanged
    with pytest.raises(KeyError):
        mapping.with_binding("w_q", 1, 1)


def test_a_learned_mapping_survives_save_and_load(tmp_path):
    mapping = DEFAULT_MIDI_MAPPING.with_binding("rnn_w_out", 3, 42).with_binding("w_f", 2, 7)
    path = tmp_path / "learned.toml"
    assert save_midi_mapping(mapping, path) is None
    loaded, problem = load_midi_mapping(path)
    assert problem is None and loaded == mapping
    assert loaded.param_for(3, 42) == "rnn_w_out" and loaded.param_for(1, 0) is None
    assert [p.name for p in tmp_path.iterdir()] == ["learned.toml"]  # no temp file left


def test_saving_replaces_the_file_whole_and_keeps_its_permissions(tmp_path):
    path = tmp_path / "midi.toml"
    path.write_text("old", encoding="utf-8")
    os.chmod(path, 0o640)
    assert save_midi_mapping(DEFAULT_MIDI_MAPPING, path) is None
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert load_midi_mapping(path) == (DEFAULT_MIDI_MAPPING, None)


def test_saving_where_it_cannot_says_why_in_one_line(tmp_path):
    problem = save_midi_mapping(DEFAULT_MIDI_MAPPING, tmp_path / "missing" / "midi.toml")
    assert problem.startswith("cannot save the MIDI mapping to ") and "\n" not in problem
    folder = tmp_path / "folder.toml"
    folder.mkdir()
    assert save_midi_mapping(DEFAULT_MIDI_MAPPING, folder) is not None
    assert [p.name for p in tmp_path.iterdir()] == ["folder.toml"]  # temp file cleaned up


BIG = "9" * 400  # too big for a float: formatting it with :g raised OverflowError


@pytest.mark.parametrize(
    "loader, text, line, key, needle",
    [
        (load_controller_mapping, f"dead_zone = {BIG}\n", 1, "dead_zone", "is outside 0.1 … 0.9"),
        (load_controller_mapping, f"dead_zone = -{BIG}\n", 1, "dead_zone", "is outside 0.1 … 0.9"),
        (load_midi_mapping, f"[bindings]\nw_f = {{ cc = {BIG} }}\n", 2, "bindings.w_f.cc", "is outside 0 … 127"),
        (load_midi_mapping, f"[bindings]\nw_f = {{ channel = {BIG}, cc = 1 }}\n", 2, "bindings.w_f.channel",
         "is outside 1 … 16"),
    ],
)
def test_a_number_too_big_for_a_float_is_outside(tmp_path, loader, text, line, key, needle):
    path = write(tmp_path, "map.toml", text)
    mapping, problem = loader(path)
    assert mapping in (DEFAULT_CONTROLLER_MAPPING, DEFAULT_MIDI_MAPPING)
    assert problem.startswith(f"{path}: line {line}: key '{key}': ") and needle in problem, problem
    assert "9999999999…" in problem and "\n" not in problem and len(problem) < len(str(path)) + 160


@pytest.mark.parametrize("loader", [load_controller_mapping, load_midi_mapping])
@pytest.mark.parametrize(
    "text, needle",
    [
        ("dead_zone = " + "9" * 5000, "line 2: a number of 5,000 digits (at most 4,300)"),
        ("x = " + "[" * 100_000 + "]" * 100_000, "line 2: nested too deeply: more than 64 levels"),
        ("x = " + "{a = " * 100_000 + "1" + "}" * 100_000, "line 2: nested too deeply"),
        ("[" + ".".join(["gamepad"] * 100_000) + "]", "line 2: a key of more than 32 dotted parts"),
        (".".join(["a"] * 40_000) + " = 1", "line 2: a key of more than 32 dotted parts"),
    ],
)
def test_hostile_structures_keep_the_defaults_with_one_line(tmp_path, loader, text, needle):
    path = write(tmp_path, "map.toml", "# staff edit this\n" + text + "\n")
    mapping, problem = loader(path)
    assert mapping in (DEFAULT_CONTROLLER_MAPPING, DEFAULT_MIDI_MAPPING)
    assert problem.startswith(f"{path}: {needle}") and "\n" not in problem, problem
