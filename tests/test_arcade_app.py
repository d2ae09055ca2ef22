"""A challenge in the running app and on the command line: its sequence and start weights, only its
sliders free (real drags), moves counted, the success said once per new best, the result exported."""

from __future__ import annotations

import json

import pygame
import pytest
from test_cli import lstm_arcade

from lstm_arcade import actions as act
from lstm_arcade.actions import Action
from lstm_arcade.formats.challenges_file import load_challenges
from lstm_arcade.model import PARAM_SPECS

CHALLENGE = "hold-the-pulse"  # sliders w_f, u_f, b_f; solution u_f = 2, b_f = 1


@pytest.fixture
def challenge():
    return next(c for c in load_challenges()[0] if c.id == CHALLENGE)


def started(make_driver, size=(1920, 1080)):
    d = make_driver(size=size)
    d.app.dispatch(Action(act.CHALLENGE, CHALLENGE), d.clock.now)  # no menu yet: the action itself
    d.frame()
    return d


def drag_to_end(d, name: str, right: bool = True) -> None:
    """A real drag of a weight's knob to its track's right (or left) end."""
    slider = d.app.controls.sliders[name]
    start = slider.knob_rect().center
    end = (slider.rect.right + 40 if right else slider.rect.left - 40, start[1])
    d.drag(start, end)


def test_a_challenge_loads_its_sequence_and_start_and_locks_the_other_sliders(make_driver, challenge):
    d = started(make_driver)
    sim = d.app.sim
    assert tuple(sim.sequence) == challenge.sequence and sim.goal == challenge
    assert sim.params == challenge.start_params()
    result = sim.goal_result()
    assert not result.met and result.stars == 0  # the start never meets the goal
    locked = d.app.controls.sliders["w_i"]
    assert not locked.enabled and d.app.controls.sliders["b_f"].enabled
    before = sim.params
    drag_to_end(d, "w_i", right=False)  # a real drag on a locked slider: nothing moves
    assert sim.params == before and sim.goal_moves == 0
    d.click(d.app.controls.train.rect.center)  # no training in a challenge
    assert not sim.training
    shown = " ".join(line for line, _ in d.app.graph.caption_lines)  # its score, on screen
    assert shown.startswith("☆☆☆ not yet") and "score 0.04, needs ≥ 0.50" in shown


def test_the_visitor_meets_it_with_two_drags_and_the_success_is_said_once(make_driver):
    d = started(make_driver)
    sim = d.app.sim
    drag_to_end(d, "b_f")
    assert sim.params.b_f == 1.0 and sim.goal_moves == 1
    assert not sim.goal_result().met and d.app.state.best_stars == 0  # b_f alone is not enough
    drag_to_end(d, "u_f")
    result = sim.goal_result()
    assert sim.goal_moves == 2 and result.met and result.stars == 3  # two moves: within max_moves
    moment = d.app.state.celebrated
    assert d.app.state.best_stars == 3 and moment is not None and moment[1:] == (3, "Hold the pulse")
    for _ in range(10):
        d.frame()
    assert d.app.state.celebrated is moment  # no second celebration for the same stars


def test_reset_weights_returns_to_the_start_and_a_new_sequence_leaves(make_driver, challenge):
    d = started(make_driver)
    drag_to_end(d, "b_f")
    d.click(d.app.controls.reset_weights.rect.center)
    assert d.app.sim.params == challenge.start_params() and d.app.sim.goal == challenge
    field = d.app.controls.sequence
    d.click(field.rect.center)
    d.key(pygame.K_a, mod=pygame.KMOD_CTRL)
    d.type("1, 0, 0")
    d.key(pygame.K_RETURN)
    assert d.app.sim.goal is None and d.app.state.note == ""
    assert d.app.controls.sliders["w_i"].enabled  # every slider free again


def test_the_command_line_solves_and_exports_the_result(tmp_path, challenge):
    unsolved, solved = tmp_path / "unsolved.json", tmp_path / "solved.json"
    base = ("--challenge", CHALLENGE, "--frames", "2", "--size", "1280x720")
    assert lstm_arcade(*base, "--export-result", str(unsolved)).returncode == 0
    assert lstm_arcade(*base, "--solve", "--export-result", str(solved)).returncode == 0
    before, after = json.loads(unsolved.read_text()), json.loads(solved.read_text())
    assert set(after) == {"challenge", "met", "stars", "measure", "threshold", "weights"}
    assert before["challenge"] == after["challenge"] == CHALLENGE
    assert before["met"] is False and before["stars"] == 0
    assert after["met"] is True and after["stars"] >= 1 and after["measure"] >= after["threshold"]
    assert set(after["weights"]) == {spec.name for spec in PARAM_SPECS}
    assert after["weights"]["b_f"] == challenge.solution["b_f"]


def test_set_moves_only_the_challenges_sliders(tmp_path):
    out = tmp_path / "r.json"
    done = lstm_arcade("--challenge", CHALLENGE, "--set", "b_f=1", "--set", "u_f=2", "--frames", "1",
                       "--size", "1280x720", "--export-result", str(out))
    assert done.returncode == 0 and json.loads(out.read_text())["met"] is True
    refused = lstm_arcade("--challenge", CHALLENGE, "--set", "w_i=1", "--frames", "1")
    assert refused.returncode == 2 and refused.stderr.count("\n") == 1 and "w_i is locked" in refused.stderr


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--challenge", "no-such"), "no challenge 'no-such'"),
        (("--solve",), "--solve: only with --challenge"),
        (("--export-result", "r.json"), "--export-result: only with --challenge"),
        (("--challenge", CHALLENGE, "--task", "Echo"), "--task: not with --challenge"),
        (("--challenge", CHALLENGE, "--sequence", "1,0"), "--sequence: not with --challenge"),
    ],
)
def test_bad_challenge_arguments_get_one_line(args, says, tmp_path):
    done = lstm_arcade(*args, "--frames", "1")
    assert done.returncode == 2 and says in done.stderr and done.stderr.count("\n") == 1


def test_the_lists_print_an_id_and_a_title_a_line():
    challenges = lstm_arcade("--list-challenges")
    lessons = lstm_arcade("--list-lessons")
    assert challenges.returncode == 0 and lessons.returncode == 0 and challenges.stderr == ""
    rows = [line.split("\t") for line in challenges.stdout.splitlines()]
    assert len(rows) >= 6 and all(len(row) == 2 and row[0] and row[1] for row in rows)
    assert [row[0] for row in rows] == [c.id for c in load_challenges()[0]]
    assert all(len(line.split("\t")) == 2 for line in lessons.stdout.splitlines())
