"""Classroom presets: the file's checks, the chips and the number keys through the real loop."""

from __future__ import annotations

import pygame
import pytest

from lstm_arcade.formats.presets import (
    BUILT_IN,
    PRESETS_PATH,
    PresetError,
    load_presets,
    parse_presets,
)
from lstm_arcade.model import LSTMParams
from lstm_arcade.sim import Simulation

GOOD = """
[[preset]]
key = 1
name = "Pulse"
explanation = "One pulse"
sequence = "1, 0, 0"

[[preset]]
key = 2
name = "Keep"
explanation = "Open forget gate"
weights = { b_f = 1.0 }
"""


def test_the_bundled_file_has_the_seeds_presets():
    presets, problem = load_presets()
    assert problem is None
    sequences = {p.name: p.sequence for p in presets}
    assert sequences["Pulse"] == (1, 0, 0, 0, 0) and sequences["Burst"] == (1, 1, 1, 0, 0)
    assert sequences["Alternating"] == (1, 0, 1, 0, 1) and sequences["Late pulse"] == (0, 0, 0, 1, 0)
    strong = next(p for p in presets if p.name == "Strong memory").params()
    assert strong == LSTMParams(b_f=1.0, w_f=2.0, u_f=2.0)
    assert [p.key for p in presets] == sorted({p.key for p in presets})


def test_a_good_file_parses():
    presets = parse_presets(GOOD)
    assert presets[0].sequence == (1, 0, 0) and presets[0].weights is None
    assert presets[1].sequence is None and presets[1].params() == LSTMParams(b_f=1.0)


@pytest.mark.parametrize(
    "change,needle",
    [
        (("key = 2", "key = 12"), "key must be a whole number 1 … 9"),
        (("key = 2", "key = 1"), "key 1 is used twice"),
        (('sequence = "1, 0, 0"', 'sequence = "1, x"'), "sequence: value 2 'x' is not a number"),
        (("b_f = 1.0", "b_f = 3.0"), "weights.b_f = 3.0 is outside -1 … 1"),
        (("b_f = 1.0", "b_q = 1.0"), "weights.b_q is not a parameter"),
        (('name = "Keep"', 'nmae = "Keep"'), "unknown key 'nmae'"),
        (('explanation = "One pulse"\n', ""), "missing key 'explanation'"),
        (("weights = { b_f = 1.0 }", ""), "give a sequence, weights or both"),
        (("[[preset]]\nkey = 1", "[[preset]\nkey = 1"), "presets.toml"),
    ],
)
def test_a_bad_file_is_refused_naming_the_key(change, needle):
    text = GOOD.replace(*change, 1)
    with pytest.raises(PresetError) as info:
        parse_presets(text)
    message = str(info.value)
    assert needle in message and "\n" not in message


def test_a_bad_or_huge_file_falls_back_to_the_built_in_presets(tmp_path):
    bad = tmp_path / "presets.toml"
    bad.write_text(GOOD.replace("key = 2", "key = 0"))
    presets, problem = load_presets(bad)
    assert presets == BUILT_IN and "presets.toml" in problem and "key" in problem
    bad.write_text("# " + "x" * 1_000_001)
    assert load_presets(bad)[1] is not None and "1 MB" in load_presets(bad)[1]
    assert load_presets(tmp_path / "missing.toml")[0] == BUILT_IN
    assert PRESETS_PATH.is_file()


def test_chips_and_number_keys_load_presets(make_driver):
    driver = make_driver(Simulation(sequence=[1, 1]), size=(1920, 1080))
    app = driver.app
    pulse = next(rect for preset, rect in app.chips.chips if preset.name == "Pulse")
    driver.click(pulse.center)
    assert app.sim.sequence == [1, 0, 0, 0, 0] and app.controls.sequence.text == "1, 0, 0, 0, 0"
    assert app.sim.t == 0 and app.state.active_preset == 1
    driver.key(pygame.K_5, unicode="5")
    assert app.sim.params == LSTMParams(b_f=1.0, w_f=2.0, u_f=2.0)
    assert app.sim.sequence == [1, 0, 0, 0, 0]  # a weights preset keeps the sequence
    driver.key(pygame.K_2, unicode="2")
    assert app.sim.sequence == [1, 1, 1, 0, 0]


def test_digits_typed_into_a_field_stay_digits(make_driver):
    driver = make_driver(Simulation(sequence=[1]), size=(1280, 720))
    app = driver.app
    driver.click(app.controls.sequence.rect.center)
    driver.key(pygame.K_a, mod=pygame.KMOD_CTRL)
    driver.type("3")
    assert app.controls.sequence.text == "3" and app.sim.sequence == [1.0]  # no preset 3 loaded


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080), (3840, 2160)])
def test_chips_clear_the_title_and_are_touch_sized(make_driver, size):
    app = make_driver(size=size).app
    chips, m = app.chips, app.layout.metrics
    assert len(chips.chips) == len(app.presets)
    for _, rect in chips.chips:
        assert rect.left >= chips.title_end and app.diagram.rect.contains(rect)
        assert not rect.colliderect(app.diagram.motion_rect)
        assert rect.height + max(0, m.touch - m.px(40)) >= m.px(48)


BIG = "9" * 400  # too big for a float


@pytest.mark.parametrize(
    "change, needle",
    [
        (("key = 2", f"key = {BIG}"), "key must be a whole number 1 … 9, not 9999999999"),
        (("b_f = 1.0", f"b_f = {BIG}"), "weights.b_f = 9999999999"),
        (("b_f = 1.0", f"b_f = -{BIG}"), "is outside -1 … 1"),
        (("key = 2", "key = " + "9" * 5000), "presets.toml line 9: key: a number of 5,000 digits"),
        (("key = 2", "key = " + "[" * 100_000 + "]" * 100_000), "presets.toml line 9: key: nested too deeply"),
        (("key = 2", "weights." + ".".join(["a"] * 40_000) + " = 1"), "line 9: a key of more than 32 dotted"),
        (("[[preset]]\nkey = 2", "[[" + ".".join(["preset"] * 100_000) + "]]\nkey = 2"), "line 8: a key of more"),
    ],
)
def test_huge_numbers_and_hostile_structures_fall_back_in_one_line(tmp_path, change, needle):
    path = tmp_path / "presets.toml"
    path.write_text(GOOD.replace(*change, 1), encoding="utf-8")
    presets, problem = load_presets(path)
    assert presets == BUILT_IN and needle in problem, problem
    assert "\n" not in problem and len(problem) < 200, problem
