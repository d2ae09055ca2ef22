"""Challenges (issue 18): the measures measure what they claim, every shipped level fails at its
start and is solved by its reference, stars and moves score as stated, bad files get one line
each while the other entries load, and the exported result has the agreed shape."""

from __future__ import annotations

import json
import math
from dataclasses import replace
from pathlib import Path

import pytest

from lstm_arcade.formats.challenges_file import (
    CHALLENGES_PATH,
    Challenge,
    challenge_by_id,
    load_challenges,
    parse_challenge,
    result_json,
)
from lstm_arcade.model import MEMORY_TEST_LSTM, PARAM_NAMES, SPEC_BY_NAME, LSTMParams
from lstm_arcade.sim.goals import MEASURES, WORST_LIMIT, Result, evaluate, stars_for

SHIPPED, PROBLEMS = load_challenges()
BY_ID = {c.id: c for c in SHIPPED}


def measured(challenge: Challenge, params: LSTMParams) -> float:
    return challenge.kind.compute(params, challenge.sequence, **challenge.args)


def with_weights(base: LSTMParams, **weights: float) -> LSTMParams:
    return LSTMParams(**{**base.as_dict(), **weights})


# --- the shipped file ----------------------------------------------------------------------------
def test_bundled_file_loads_whole() -> None:
    assert PROBLEMS == []
    assert len(SHIPPED) >= 6
    assert len(BY_ID) == len(SHIPPED)
    assert set(BY_ID) >= {"hold-the-pulse", "wipe-on-minus-one", "output-gate-decides",
                          "count-the-ones", "delay-by-one", "beat-the-rnn"}
    assert {c.measure for c in SHIPPED} == set(MEASURES)  # every measure has a level


@pytest.mark.parametrize("challenge", SHIPPED, ids=lambda c: c.id)
def test_start_fails_and_reference_solves(challenge: Challenge) -> None:
    start = challenge.evaluate(challenge.start_params())
    assert (start.met, start.stars) == (False, 0)
    solved = challenge.evaluate(challenge.solution_params())
    assert solved.met and solved.stars >= 1
    assert solved.threshold == challenge.threshold == challenge.stars[0]
    better = solved.measure <= start.measure if challenge.below else solved.measure >= start.measure
    assert better and math.isfinite(solved.measure)


@pytest.mark.parametrize("challenge", SHIPPED, ids=lambda c: c.id)
def test_solution_moves_only_sliders_inside_ranges(challenge: Challenge) -> None:
    assert challenge.solution and set(challenge.solution) <= set(challenge.sliders)
    for name, value in {**challenge.start, **challenge.solution}.items():
        spec = SPEC_BY_NAME[name]
        assert spec.min <= value <= spec.max, name
    start, solved = challenge.start_params().as_dict(), challenge.solution_params().as_dict()
    moved = {n for n in PARAM_NAMES if start[n] != solved[n]}
    assert moved and moved <= set(challenge.sliders)
    assert len(challenge.goal) <= 90 and challenge.goal.isprintable()
    assert challenge.description and "\n" not in challenge.description
    assert len(challenge.sequence) >= 1 and challenge.line is not None


def test_measured_values_are_the_documented_ones() -> None:
    expected = {  # the numbers in assets/challenges.toml's comments: (start, solution)
        "hold-the-pulse": (0.0432, 0.6758),
        "wipe-on-minus-one": (0.4476, 1.2624),
        "output-gate-decides": (-0.2767, 0.2098),
        "count-the-ones": (0.7536, 0.0390),
        "delay-by-one": (0.6438, 0.0919),
        "beat-the-rnn": (-0.0203, 0.4898),
    }
    for cid, (at_start, at_solution) in expected.items():
        c = BY_ID[cid]
        assert measured(c, c.start_params()) == pytest.approx(at_start, abs=1e-4), cid
        assert measured(c, c.solution_params()) == pytest.approx(at_solution, abs=1e-4), cid


def test_measures_are_deterministic_and_pure() -> None:
    for c in SHIPPED:
        p = c.solution_params()
        assert measured(c, p) == measured(c, p)
        assert c.solution_params() == p  # nothing was changed by measuring


def test_challenge_by_id() -> None:
    assert challenge_by_id("delay-by-one") == BY_ID["delay-by-one"]
    assert challenge_by_id("delay-by-one", SHIPPED[:1]) is None
    assert challenge_by_id("no-such-level") is None


# --- cheats fail ----------------------------------------------------------------------------------
def test_hold_constant_writing_is_not_memory() -> None:
    c = BY_ID["hold-the-pulse"]
    solved = c.solution_params()
    # the input gate and candidate wide open: C is large with or without the pulse
    writer = with_weights(solved, b_i=1.0, b_c=1.0)
    assert MEASURES["hold"].compute(writer, c.sequence, steps=10, signal="c") < 0.2
    assert measured(c, writer) < c.threshold
    assert measured(c, with_weights(writer, w_i=0.0, w_c=0.0)) < 0.0


def test_hold_needs_the_forget_gate_not_w_f() -> None:
    """The issue's trap: after the pulse x = 0, so W_f·x adds nothing and W_f alone cannot help."""
    c = BY_ID["hold-the-pulse"]
    start = c.start_params()
    assert measured(c, with_weights(start, w_f=2.0)) == pytest.approx(measured(c, start), abs=1e-3)
    assert not c.evaluate(with_weights(start, w_f=2.0)).met
    assert not c.evaluate(with_weights(start, b_f=1.0)).met  # the bias alone: 0.33


def test_a_baseline_running_away_below_zero_is_not_memory() -> None:
    """The run without the pulse drifting to C = -2 must not make a fading pulse look kept."""
    drifting = with_weights(
        MEMORY_TEST_LSTM, w_f=-1.5, u_f=-1.5, b_f=1.0, w_i=0.0, u_i=-2.0, b_i=1.0,
        w_c=1.0, u_c=2.0, b_c=-0.5,
    )
    assert MEASURES["hold"].compute(drifting, (1, 0, 0, 0, 0, 0), steps=5) < 0.0
    assert MEASURES["forget"].compute(drifting, (1, 0, 0, 0, 1, 0, 0, 0)) < 0.0


def test_forget_needs_both_holding_and_wiping() -> None:
    c = BY_ID["wipe-on-minus-one"]
    start = c.start_params()
    never_forgets = with_weights(start, w_f=-2.0, u_f=2.0, b_f=1.0)  # the -1 opens the gate
    never_keeps = with_weights(start, w_f=-2.0, u_f=-2.0, b_f=-1.0)
    writer = with_weights(c.solution_params(), b_c=1.0)
    for cheat in (never_forgets, never_keeps, writer):
        assert measured(c, cheat) < 0.0
        assert not c.evaluate(cheat).met


def test_reveal_an_open_gate_or_a_write_on_the_cue_fails() -> None:
    c = BY_ID["output-gate-decides"]
    wide_open = with_weights(c.start_params(), w_o=0.0, u_o=0.0, b_o=1.0)
    assert measured(c, wide_open) < 0.0
    # writing on the cue puts C up in the run without the pulse too: not the pulse shown
    writes_on_cue = with_weights(c.solution_params(), w_i=-2.0, w_c=-2.0)
    assert measured(c, writes_on_cue) < 0.0


@pytest.mark.parametrize("cid", ["count-the-ones", "delay-by-one"])
def test_match_silence_echo_and_constant_fail(cid: str) -> None:
    c = BY_ID[cid]
    solved = c.solution_params()
    silent = with_weights(solved, w_out=0.0)
    assert measured(c, silent) == pytest.approx(max(abs(v) for v in _targets(c)))
    assert not c.evaluate(silent).met
    echo = MEASURES["match"].compute(solved, c.sequence, target="echo", scale=c.args["scale"])
    assert echo > c.threshold  # the reference does its own job, not the echo's
    if cid == "delay-by-one":
        shows_now = with_weights(c.start_params(), w_o=2.0, w_c=2.0, w_out=2.0)
        assert measured(c, shows_now) > 1.0


def _targets(c: Challenge) -> list[float]:
    from lstm_arcade.sim.goals import target_values

    return target_values(c.sequence, c.args["target"], c.args["scale"])


def test_beat_rnn_constant_writing_fails() -> None:
    c = BY_ID["beat-the-rnn"]
    writer = with_weights(c.start_params(), u_f=2.0, b_f=1.0, b_i=1.0, b_c=1.0)
    assert measured(c, writer) < 0.1
    assert measured(c, with_weights(c.start_params(), w_f=2.0, u_f=2.0, b_f=1.0)) < c.threshold
    # the RNN side is measured, not assumed: a basic RNN that keeps more raises the bar
    p = c.solution_params()
    assert MEASURES["beat_rnn"].compute(p, c.sequence, w_in=1.0, w_hidden=1.0) < measured(c, p)


def test_nan_and_runaway_values_count_as_worst() -> None:
    broken = LSTMParams(w_f=math.nan, u_c=math.inf)
    assert MEASURES["hold"].compute(broken, (1, 0, 0), steps=2) == -WORST_LIMIT
    assert MEASURES["match"].compute(broken, (1, 0, 0), target="count") == WORST_LIMIT
    # a sequence the measure cannot read (no pulse; a window past its end) is the worst too
    assert MEASURES["hold"].compute(LSTMParams(), (0, 0, 0), steps=1) == -WORST_LIMIT
    assert MEASURES["hold"].compute(LSTMParams(), (1, 0, 0), steps=3) == -WORST_LIMIT
    assert MEASURES["forget"].compute(LSTMParams(), (1, 0, 0)) == -WORST_LIMIT
    assert MEASURES["match"].compute(LSTMParams(), (), target="echo") == WORST_LIMIT
    huge = LSTMParams(w_out=1e300)
    assert MEASURES["match"].compute(huge, (1, 0, 1), target="echo") == WORST_LIMIT
    c = BY_ID["hold-the-pulse"]
    result = c.evaluate(with_weights(c.start_params(), b_f=math.nan))
    assert (result.met, result.stars, result.measure) == (False, 0, -WORST_LIMIT)


# --- stars and moves ------------------------------------------------------------------------------
def test_stars_are_monotone_in_the_measure() -> None:
    values = [v / 100 for v in range(-50, 150)]
    up = [stars_for(v, (0.5, 0.6, 0.65)) for v in values]
    assert up == sorted(up) and up[0] == 0 and up[-1] == 3
    assert [stars_for(v, (0.5, 0.6, 0.65)) for v in (0.49, 0.5, 0.6, 0.65)] == [0, 1, 2, 3]
    down = [stars_for(v, (0.1, 0.06, 0.045), below=True) for v in values]
    assert down == sorted(down, reverse=True) and down[0] == 3 and down[-1] == 0
    c = BY_ID["hold-the-pulse"]
    stars = [c.evaluate(with_weights(c.start_params(), u_f=2.0, b_f=b / 20)).stars
             for b in range(-20, 21)]
    assert stars == sorted(stars) and stars[0] == 0 and stars[-1] == 3


def test_max_moves_takes_the_third_star() -> None:
    c = BY_ID["hold-the-pulse"]
    assert c.max_moves == 2
    p = c.solution_params()
    assert c.evaluate(p, moves=2).stars == 3
    assert c.evaluate(p, moves=3) == Result(True, 2, c.evaluate(p).measure, 0.5)
    assert replace(c, max_moves=None).evaluate(p, moves=99).stars == 3
    assert evaluate(c, p, moves=50).met  # moves never take the goal itself away


def test_a_locked_parameter_moved_elsewhere_does_not_count() -> None:
    c = BY_ID["hold-the-pulse"]
    cheat = with_weights(c.solution_params(), b_i=0.5)  # b_i is not one of its sliders
    result = c.evaluate(cheat)
    assert (result.met, result.stars) == (False, 0)
    assert result.measure == measured(c, cheat)


# --- result JSON ----------------------------------------------------------------------------------
def test_result_json_shape_and_round_trip() -> None:
    c = BY_ID["count-the-ones"]
    p = c.solution_params()
    data = result_json(c, c.evaluate(p), p)
    assert list(data) == ["challenge", "met", "stars", "measure", "threshold", "weights"]
    assert data["challenge"] == "count-the-ones" and data["met"] is True
    assert type(data["stars"]) is int and 1 <= data["stars"] <= 3
    assert type(data["measure"]) is float and type(data["threshold"]) is float
    assert data["weights"] == p.as_dict() and list(data["weights"]) == list(PARAM_NAMES)
    assert json.loads(json.dumps(data, allow_nan=False)) == data
    failed = result_json(c, c.evaluate(c.start_params()), c.start_params())
    assert (failed["met"], failed["stars"]) == (False, 0)


# --- bad files ------------------------------------------------------------------------------------
START = (  # one line: TOML's inline tables may not span lines
    "start = {{ w_i = 2.0, u_i = -2.0, b_i = -1.0, w_c = 2.0, u_c = 1.5, w_o = 2.0, u_o = 2.0, "
    "b_o = 1.0 }}"
)
GOOD = """[[challenge]]
id = "{id}"
title = "Hold the pulse"
goal = "Keep the pulse"
sequence = "1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0"
sliders = ["w_f", "u_f", "b_f"]
""" + START + """
measure = "hold"
args = {{ steps = 10 }}
threshold = 0.5
stars = [0.5, 0.6, 0.65]
max_moves = 2
[challenge.solution]
u_f = 2.0
b_f = 1.0
"""

# (case, old text in the 2nd entry, new text, the key the line names, text on the expected line)
BAD = [
    ("missing key", 'goal = "Keep the pulse"\n', "", "goal is missing", "[[challenge]]"),
    ("unknown key", "title =", "tilte =", "tilte is not a key", "tilte ="),
    ("unknown measure", 'measure = "hold"', 'measure = "holdd"', "measure 'holdd' is not a measure",
     "measure ="),
    ("slider not a parameter", '["w_f", "u_f", "b_f"]', '["w_f", "u_f", "b_ff"]',
     "sliders 'b_ff' is not a parameter", "sliders ="),
    ("solution moves a locked slider", "b_f = 1.0", "b_i = 1.0",
     "solution.b_i moves a slider not in", "b_i = 1.0"),
    ("stars not increasing", "[0.5, 0.6, 0.65]", "[0.5, 0.65, 0.6]",
     "stars must be strictly increasing", "stars ="),
    ("huge int", "threshold = 0.5", "threshold = 1" + "0" * 400, "threshold = 1000", "threshold ="),
    ("huge int in stars", "[0.5, 0.6, 0.65]", "[0.5, 0.6, 1" + "0" * 400 + "]", "stars = 1000",
     "stars ="),
    ("nan", "threshold = 0.5", "threshold = nan", "threshold = nan is", "threshold ="),
    ("inf in start", "w_i = 2.0", "w_i = inf", "start.w_i = inf is outside -2 … 2", "start ="),
    ("duplicate id", 'id = "second"', 'id = "first"', "id repeats another challenge's id", "id ="),
    ("empty title", 'title = "Hold the pulse"', 'title = "  "', "title must be a text", "title ="),
    ("control character", 'title = "Hold the pulse"', 'title = "Hold\\u0007 it"',
     "title holds a control or invisible", "title ="),
    ("zero-width character", 'goal = "Keep the pulse"', 'goal = "Keep\\u200b the pulse"',
     "goal holds a control or invisible", "goal ="),
    ("goal too long", 'goal = "Keep the pulse"', 'goal = "' + "x" * 91 + '"',
     "goal is 91 characters", "goal ="),
    ("wrong type", '["w_f", "u_f", "b_f"]', '"b_f"', "sliders must be a list", "sliders ="),
    ("bool is not a number", "threshold = 0.5", "threshold = true", "threshold must be a number",
     "threshold ="),
    ("unknown argument", "{ steps = 10 }", "{ steps = 10, step = 3 }",
     "args unknown argument 'step'", "args ="),
    ("argument out of range", "{ steps = 10 }", "{ steps = 0 }", "args argument 'steps' must be",
     "args ="),
    ("window past the end", "{ steps = 10 }", "{ steps = 11 }", "sequence does not fit measure",
     "sequence ="),
    ("below disagrees", "threshold = 0.5", "below = true\nthreshold = 0.5", "below must be false",
     "below ="),
    ("1 star is not the threshold", "threshold = 0.5", "threshold = 0.4", "stars the 1-star value",
     "stars ="),
    ("start already solved", "b_o = 1.0 }", "b_o = 1.0, u_f = 2.0, b_f = 1.0 }",
     "start already meets the goal", "start ="),
    ("solution does not solve", "u_f = 2.0\n", "u_f = 0.5\n", "solution does not meet the goal",
     "[challenge.solution]"),
    ("bad sequence", 'sequence = "1, 0', 'sequence = "1, x', "sequence value 2 'x' is not a number",
     "sequence ="),
    ("id not a slug", 'id = "second"', 'id = "Second Level"', "id must be a slug", "id ="),
]


def _file(tmp_path: Path, second: str, text_first: str | None = None) -> tuple[Path, str]:
    text = (text_first or GOOD.format(id="first")) + "\n" + second
    path = tmp_path / "levels.toml"
    path.write_text(text, encoding="utf-8")
    return path, text


@pytest.mark.parametrize(("case", "old", "new", "says", "on_line"), BAD, ids=[b[0] for b in BAD])
def test_a_bad_entry_gets_one_line_and_the_others_load(
    tmp_path: Path, case: str, old: str, new: str, says: str, on_line: str
) -> None:
    second = GOOD.format(id="second")
    assert old in second, case
    path, text = _file(tmp_path, second.replace(old, new, 1))
    challenges, problems = load_challenges(path)
    assert [c.id for c in challenges] == ["first"]
    assert len(problems) == 1, problems
    lines = text.splitlines()
    second_header = [n for n, line in enumerate(lines, 1) if line == "[[challenge]]"][1]
    expected = next(
        n for n, line in enumerate(lines, 1) if n >= second_header and line.startswith(on_line)
    )
    assert problems[0].startswith(f"levels.toml line {expected}: challenge 2"), problems[0]
    assert says in problems[0], problems[0]
    assert "\n" not in problems[0] and len(problems[0]) < 300


def test_good_entries_after_bad_ones_still_load(tmp_path: Path) -> None:
    first = GOOD.format(id="first").replace('measure = "hold"', 'measure = 3')
    path, _ = _file(tmp_path, GOOD.format(id="second"), text_first=first)
    challenges, problems = load_challenges(path)
    assert [c.id for c in challenges] == ["second"]
    says = f"measure 3 is not a measure ({', '.join(MEASURES)})"
    assert problems == [f"levels.toml line 8: challenge 1 (first): {says}"]


def test_file_level_problems(tmp_path: Path) -> None:
    path = tmp_path / "levels.toml"
    path.write_text("[[challenge]\nid = 1\n", encoding="utf-8")
    challenges, problems = load_challenges(path)
    assert challenges == [] and len(problems) == 1 and problems[0].startswith("levels.toml line 1:")
    path.write_text("title = 'x'\n", encoding="utf-8")
    assert load_challenges(path) == ([], [
        "levels.toml: unknown key 'title' (only [[challenge]] tables)",
        "levels.toml: no [[challenge]] tables",
    ])
    path.write_text("stray = 1\n\n" + GOOD.format(id="only"), encoding="utf-8")
    challenges, problems = load_challenges(path)
    assert [c.id for c in challenges] == ["only"] and challenges[0].line == 3
    assert problems == ["levels.toml: unknown key 'stray' (only [[challenge]] tables)"]
    missing = load_challenges(tmp_path / "none.toml")
    assert missing[0] == [] and len(missing[1]) == 1 and missing[1][0].startswith("none.toml")


def test_parse_challenge_accepts_the_template_and_not_a_list() -> None:
    import tomllib

    table = tomllib.loads(GOOD.format(id="x"))["challenge"][0]
    assert parse_challenge(table).solution == {"u_f": 2.0, "b_f": 1.0}
    assert CHALLENGES_PATH.name == "challenges.toml" and CHALLENGES_PATH.is_file()
