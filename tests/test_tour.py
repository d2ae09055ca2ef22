"""The attract tour file: its format, its errors, the bundled file, and the player's timing."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from lstm_arcade.app.tour_player import TourPlayer
from lstm_arcade.formats.condition import SimulationContext
from lstm_arcade.formats.tour import (
    BUILTIN,
    BUILTIN_TEXT,
    TOUR_PATH,
    TourError,
    caption_fields,
    load_tour,
    load_tour_or_builtin,
    parse_tour,
)
from lstm_arcade.i18n import fill
from lstm_arcade.model import LSTMParams, run
from lstm_arcade.sim import Simulation

SMALL = """\
# a comment
scene: Eine Spur im Gedächtnis
sequence: 1, 0, 0
speed: 2
wait: 1
hold: 2
w_f = 1.5
B_F = -0.5
at step 0: Ein Puls kommt: x = 1 # no comment, part of the caption
at step 2: Das Vergessenstor bleibt offen, f ≈ 0.9

scene: Second
sequence: 0 1
at step 1: Only one caption
"""


def test_parse_a_small_tour():
    tour = parse_tour(SMALL, "de.txt")
    first, second = tour.scenes
    assert first.title == "Eine Spur im Gedächtnis" and first.sequence == (1.0, 0.0, 0.0)
    assert (first.speed, first.wait, first.hold) == (2.0, 1.0, 2.0)
    assert dict(first.weights) == {"w_f": 1.5, "b_f": -0.5}
    assert first.params == LSTMParams(w_f=1.5, b_f=-0.5)
    assert [c.step for c in first.captions] == [0, 2]
    assert first.captions[0].text == "Ein Puls kommt: x = 1 # no comment, part of the caption"
    assert (
        first.caption_at(0).step == 0
        and first.caption_at(1).step == 0
        and first.caption_at(3).step == 2
    )
    assert (second.speed, second.wait, second.hold) == (0.5, 3.0, 5.0)  # the defaults
    assert second.caption_at(0) is None and second.params == LSTMParams()


@pytest.mark.parametrize(
    "text, line, words",
    [
        ("sequence: 1, 0\n", 1, "must start with a 'scene: <title>' line"),
        ("scene:\n", 1, "needs a title"),
        ("scene: A\nsequence: 1, banana\n", 2, "banana"),
        ("scene: A\nsequence:\n", 2, "empty"),
        ("scene: A\nsequence: 1\nsequence: 0\n", 3, "a second 'sequence'"),
        ("scene: A\nsequence: 1\nsped: 2\n", 3, "unknown setting 'sped'"),
        ("scene: A\nsequence: 1\nspeed: 99\n", 3, "outside 0.25 … 30"),
        ("scene: A\nsequence: 1\nhold: soon\n", 3, "'soon' is not a number"),
        ("scene: A\nsequence: 1\nw_q = 1\n", 3, "unknown weight 'w_q'"),
        ("scene: A\nsequence: 1\nb_f = 1.5\n", 3, "outside -1 … 1"),
        ("scene: A\nsequence: 1\nw_f = 1\nW_F = 2\n", 4, "a second 'w_f'"),
        ("scene: A\nsequence: 1\nat step two: hi\n", 3, "whole number"),
        ("scene: A\nsequence: 1\nat step 1:\n", 3, "is empty"),
        ("scene: A\nsequence: 1\nat step 1: a\nat step 1: b\n", 4, "a second caption at step 1"),
        ("scene: A\nsequence: 1\nat step 1: " + "x" * 301 + "\n", 3, "at most 300"),
        ("scene: A\nsequence: 1\nthis line means nothing\n", 3, "is not 'name: value'"),
        ("scene: A\nat step 0: hi\n", 1, "has no 'sequence:' line"),
        ("scene: A\nsequence: 1, 0\nat step 3: too late\n", 1, "only 2 steps"),
        ("scene: A\nsequence: 1\nscene: B\nspeed: 1\n", 3, "has no 'sequence:' line"),
        ("scene: A\nsequence: " + ",".join(["1"] * 201) + "\n", 2, "at most 200"),
    ],
)
def test_errors_name_the_file_and_line(text, line, words):
    with pytest.raises(TourError) as caught:
        parse_tour(text, "tour.txt")
    message = str(caught.value)
    assert message.startswith(f"tour.txt line {line}: "), message
    assert words in message and "\n" not in message


def test_empty_file_and_bad_files(tmp_path):
    with pytest.raises(TourError, match="no scenes"):
        parse_tour("# only comments\n\n", "t.txt")
    with pytest.raises(TourError, match="cannot read it"):
        load_tour(tmp_path / "missing.txt")
    binary = tmp_path / "latin1.txt"
    binary.write_bytes("scene: Café\nsequence: 1\n".encode("latin-1"))
    with pytest.raises(TourError, match="line 1: not UTF-8"):
        load_tour(binary)
    big = tmp_path / "big.txt"
    big.write_text("#" * 1_000_001)
    with pytest.raises(TourError, match="1 MB"):
        load_tour(big)
    bom = tmp_path / "bom.txt"
    bom.write_bytes("\ufeffscene: Notepad\nsequence: 1\n".encode())
    assert load_tour(bom).scenes[0].title == "Notepad"


def test_a_bad_file_falls_back_to_the_builtin_tour_with_one_line(tmp_path):
    bad = tmp_path / "tour.txt"
    bad.write_text("scene: A\nsequence: 1\nspeed: fast\n", encoding="utf-8")
    tour, problem = load_tour_or_builtin(bad)
    assert tour is BUILTIN
    assert problem is not None and "\n" not in problem
    assert f"{bad} line 3: speed: 'fast' is not a number" in problem and "built-in tour" in problem


def test_the_bundled_file_is_the_builtin_tour():
    """assets/tour.txt and the Python constant carry the same content (the fallback is no worse)."""
    tour, problem = load_tour_or_builtin(None)
    assert problem is None and tour.source == str(TOUR_PATH)
    assert TOUR_PATH.read_text(encoding="utf-8") == BUILTIN_TEXT
    assert tour.scenes == BUILTIN.scenes
    assert len(BUILTIN.scenes) >= 3 and all(scene.captions for scene in BUILTIN.scenes)


NUMBER_CLAIM = re.compile(r"\b([fioCh])\s*(?:=|≈|is still|is|shows only)\s*(-?\d+\.\d+)")


def test_the_builtin_captions_tell_the_truth():
    """A caption's numbers are live fields (none written in), and filled in at the caption's step
    every 'f ≈ 0.85' or 'C = 0.71' is what the simulator computes there."""
    checked = 0
    names = {"f": "f", "i": "i", "o": "o", "C": "c", "h": "h"}
    for scene in BUILTIN.scenes:
        trace = run(scene.params, scene.sequence)
        for caption in scene.captions:
            written = re.sub(r"\{[^}]*\}", "", caption.text)
            assert not re.search(r"\d\.\d", written), f"a number written into {caption.text!r}"
            sim = Simulation(scene.params, scene.sequence)
            for _ in range(caption.step):
                sim.step_forward()
            shown = fill(caption.text, caption_fields(SimulationContext(sim)))
            for symbol, number in NUMBER_CLAIM.findall(shown):
                assert caption.step > 0, shown
                actual = getattr(trace, names[symbol])[caption.step - 1]
                decimals = len(number.split(".")[1])
                assert round(actual, decimals) == float(number), (scene.title, shown, actual)
                checked += 1
    assert checked >= 12


def test_tour_module_imports_no_pygame():
    code = "import sys, lstm_arcade.tour, lstm_arcade.config; print('pygame' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", code], check=False, capture_output=True, text=True, timeout=60
    )
    assert done.stdout.strip() == "False", done.stderr


def test_the_player_loads_waits_plays_holds_and_loops():
    tour = parse_tour(SMALL, "de.txt")
    sim = Simulation(LSTMParams(w_o=-1.0), [1, 1, 1, 1, 1, 1, 1], speed=10)
    player = TourPlayer(tour)
    now = 50.0
    player.start(sim, now)
    assert sim.sequence == [1.0, 0.0, 0.0] and sim.params == LSTMParams(w_f=1.5, b_f=-0.5)
    assert sim.speed == 2.0 and sim.t == 0 and not sim.playing
    assert player.caption(sim).step == 0

    def advance(seconds: float, dt: float = 0.05) -> None:
        nonlocal now
        for _ in range(round(seconds / dt)):
            now += dt
            player.update(sim, now)
            sim.update(now)

    advance(0.9)
    assert not sim.playing and sim.t == 0  # still waiting (wait: 1)
    advance(0.2)
    assert sim.playing
    advance(1.0)  # two steps per second
    assert sim.t == 2 and player.caption(sim).text.startswith("Das Vergessenstor")
    advance(0.6)
    assert sim.t == 3 and not sim.playing and player.index == 0  # holding the end (hold: 2)
    advance(1.8)
    assert player.index == 0
    advance(0.3)
    assert player.index == 1 and sim.sequence == [0.0, 1.0] and sim.params == LSTMParams()
    advance(3.0 + 4.0 + 5.2)  # wait, two steps at 0.5 steps/s, then hold
    assert player.index == 0  # looped back to the first scene


def test_the_player_resumes_if_something_pauses_it():
    player = TourPlayer(parse_tour(SMALL))
    sim = Simulation()
    player.start(sim, 0.0)
    player.update(sim, 1.0)
    assert sim.playing
    sim.pause()
    player.update(sim, 1.1)
    assert sim.playing


def test_staff_can_check_a_tour_file(tmp_path, capsys):
    from lstm_arcade.tour import main

    assert main([str(TOUR_PATH)]) == 0
    assert "OK, 4 scenes" in capsys.readouterr().out
    bad = tmp_path / "tour.txt"
    bad.write_text("scene: A\nsequence: 1\nat step 9: late\n", encoding="utf-8")
    assert main([str(bad)]) == 2
    assert capsys.readouterr().err.count("\n") == 1
