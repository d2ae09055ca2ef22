"""Scenario files: the format, every hostile file, and Ctrl+S / Ctrl+O through the real loop."""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent import futures
from datetime import datetime
from pathlib import Path

import pygame
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lstm_arcade.app import files as classroom
from lstm_arcade.app import session
from lstm_arcade.app.session import BINDINGS, apply_scenario, scenario_from_app
from lstm_arcade.cli import main
from lstm_arcade.formats import scenario
from lstm_arcade.formats.scenario import (
    MAX_BYTES,
    SCHEMA,
    ScenarioError,
    dump_scenario,
    find_line,
    list_scenarios,
    load_scenario,
    make_scenario,
    parse_scenario,
)
from lstm_arcade.model import PARAM_SPECS, LSTMParams
from lstm_arcade.sim import SPEED_MAX, SPEED_MIN, Simulation
from lstm_arcade.ui.views.graph_series import SERIES

PULSE = [1.0, 0.0, 0.0, 0.0, 0.0]
SERIES_KEYS = [s.key for s in SERIES]


@pytest.fixture(autouse=True)
def no_real_home(tmp_path, monkeypatch):
    """Nothing here may write to the real data folder."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))


@pytest.fixture
def app_driver(make_driver, tmp_path):
    driver = make_driver(Simulation(sequence=PULSE))
    driver.app.options.scenario_dir = tmp_path / "scenarios"
    return driver


def state(app) -> tuple:
    """Everything a scenario can change, plus what must not move when one is refused."""
    sim, controls = app.sim, app.controls
    return (
        list(sim.sequence), sim.target and list(sim.target), sim.params, sim.speed, sim.t,
        frozenset(app.state.hidden_series), app.state.reduce_motion,
        controls.sequence.text, controls.sequence.committed_text, controls.target.text,
    )


def ctrl(driver, key):
    driver.key(key, pygame.KMOD_LCTRL)


def finish_opening(driver) -> None:
    """The file chosen in the list is read in a worker thread: wait for it (on its future, not on
    time), then run the frame that applies it or says why not."""
    pending = driver.app.scenario_list.pending
    assert pending is not None, "no file is being opened"
    futures.wait([pending[1]])
    driver.frame()


# --- the format ----------------------------------------------------------------------------
FULL = make_scenario(
    sequence="1, 0, 0, 0, 0",
    target="0, 1, 1, 1, 1",
    speed=4.0,
    hidden_series=["f", "i"],
    reduce_motion=True,
    compare=True,
    weights={"w_f": 1.5, "b_f": -0.25, "w_out": 0.1 + 0.2},
)


def test_dump_then_load_is_the_same_scenario(tmp_path):
    path = tmp_path / "lesson.toml"
    path.write_text(dump_scenario(FULL), encoding="utf-8")
    assert load_scenario(path) == FULL
    assert load_scenario(path).weights["w_out"] == 0.1 + 0.2  # repr: not 0.3


def test_dumped_text_is_plain_toml_with_comments():
    text = dump_scenario(FULL)
    assert 'sequence = "1, 0, 0, 0, 0"' in text
    assert "[weights]\nw_f = 1.5\nb_f = -0.25\nw_out = 0.30000000000000004" in text
    assert 'hidden_series = ["f", "i"]' in text and "reduce_motion = true" in text and "compare = true" in text
    assert text.index("[weights]") > text.index("reduce_motion")  # tables after the plain keys
    assert all(line.startswith(("#", "[")) or "=" in line or not line for line in text.splitlines())


_floats = st.floats(-10, 10, allow_nan=False).map(lambda v: 0.0 if v == 0 else v)


@st.composite
def scenarios(draw):
    values = draw(st.lists(_floats, max_size=30))
    sep = draw(st.sampled_from([", ", " ", ";", " ,\t"]))
    data = {"sequence": sep.join(repr(v) for v in values)}
    if values and draw(st.booleans()):
        data["target"] = ", ".join(repr(draw(_floats)) for _ in values)
    if draw(st.booleans()):
        data["speed"] = draw(st.floats(SPEED_MIN, SPEED_MAX))
    if draw(st.booleans()):
        data["hidden_series"] = draw(st.lists(st.sampled_from(SERIES_KEYS), unique=True))
    if draw(st.booleans()):
        data["reduce_motion"] = draw(st.booleans())
    if draw(st.booleans()):
        data["compare"] = draw(st.booleans())
    if draw(st.booleans()):
        chosen = draw(st.lists(st.sampled_from(PARAM_SPECS), unique_by=lambda s: s.name))
        data["weights"] = {s.name: draw(st.floats(s.min, s.max)) for s in chosen}
    return make_scenario(**data)


@settings(max_examples=150, deadline=None)
@given(scenarios())
def test_round_trip_property(original):
    assert parse_scenario(dump_scenario(original)) == original


@pytest.mark.parametrize("text", ["", "1,\t0", "−1; 0.5", " 1 0 1 "])
def test_sequence_text_is_kept_as_typed(text):
    again = parse_scenario(dump_scenario(make_scenario(sequence=text)))
    assert again.sequence == text


def test_strings_with_quotes_backslashes_and_controls_are_escaped():
    # Not valid sequences, so written and read without the checks: the writer's escaping only.
    nasty = 'a "b" \\ c\td\ne\x01\x7f é'
    text = scenario._toml(nasty)
    import tomllib

    assert tomllib.loads(f"k = {text}")["k"] == nasty


def test_an_integer_weight_is_taken_as_a_float():
    s = parse_scenario('sequence = "1"\nspeed = 4\n[weights]\nw_f = 1\n')
    assert s.speed == 4.0 and isinstance(s.speed, float) and s.weights == {"w_f": 1.0}


def test_the_schema_is_one_table():
    assert list(SCHEMA) == [
        "sequence", "target", "speed", "hidden_series", "reduce_motion", "compare", "weights", "pins",
    ]
    assert all(field.help for field in SCHEMA.values())
    assert list(BINDINGS) == list(SCHEMA)  # how each key meets the app: lstm_arcade/session.py
    assert all(callable(b.capture) and callable(b.restore) for b in BINDINGS.values())


def test_find_line_knows_tables_dotted_keys_and_inline_tables():
    text = (
        'sequence = """\n1, 0,\nw_f = 9\n"""\n'  # a multi-line string whose text looks like a key
        "weights.w_i = 1\n"
        "[weights]\n"
        "  w_f = 3.0\n"
        "[other]\n"
        "w_f = 1\n"
        "inline = { a = 1 }\n"
    )
    assert find_line(text, "weights.w_f") == 7
    assert find_line(text, "weights.w_i") == 5
    assert find_line(text, "weights") == 6
    assert find_line(text, "other.inline.a") == 10
    assert find_line(text, "nowhere") is None


# --- hostile files -------------------------------------------------------------------------
# (file text, the line the message must name or None, what the message must say)
HOSTILE = {
    "syntax": ('sequence = "1, 0"\nspeed 2.0\n', 2, "not valid TOML"),
    "syntax_value": ('sequence = "1, 0"\nspeed = fast\n', 2, "speed: not valid TOML"),
    "unclosed_string": ('sequence = "1, 0\n', 1, "sequence: not valid TOML"),
    "duplicate_key": ('sequence = "1"\nsequence = "0"\n', 2, "not valid TOML"),
    "unknown_key": ('sequence = "1, 0"\ncolour = "red"\n', 2, "unknown key 'colour'"),
    "unknown_table": ('sequence = "1, 0"\n\n[extras]\na = 1\n', 3, "unknown key 'extras'"),
    "unknown_weight": ('sequence = "1"\n[weights]\nw_x = 1.0\n', 3, "weights.w_x is not a parameter"),
    "wrong_type_speed": ('sequence = "1"\nspeed = "fast"\n', 2, 'speed = "fast" is not a number'),
    "wrong_type_bool_speed": ('sequence = "1"\nspeed = true\n', 2, "speed = true is not a number"),
    "wrong_type_sequence": ("sequence = [1, 0]\n", 1, "sequence = [1, 0] must be text in quotes"),
    "wrong_type_motion": ('sequence = "1"\nreduce_motion = "yes"\n', 2, "reduce_motion = \"yes\" must be true or false"),
    "wrong_type_compare": ('sequence = "1"\n\ncompare = "yes"\n', 3, 'compare = "yes" must be true or false'),
    "wrong_type_compare_number": ('sequence = "1"\ncompare = 1\n', 2, "compare = 1 must be true or false"),
    "wrong_type_hidden": ('sequence = "1"\nhidden_series = "f"\n', 2, "hidden_series = \"f\" must be a list"),
    "wrong_type_weights": ('sequence = "1"\nweights = 3\n', 2, "weights = 3 must be a table"),
    "wrong_type_weight": ('sequence = "1"\n[weights]\n\nu_o = "big"\n', 4, 'weights.u_o = "big" is not a number'),
    "date_weight": ('sequence = "1"\n[weights]\nw_f = 1979-05-27\n', 3, "weights.w_f = datetime.date(1979, 5, 27) is not a number"),
    "weight_too_big": ('# lesson\nsequence = "1, 0, 0"\n\n[weights]\nw_f = 3.0\n', 5, "weights.w_f = 3.0 is outside -2 … 2"),
    "bias_too_small": ('sequence = "1"\nweights.b_c = -1.5\n', 2, "weights.b_c = -1.5 is outside -1 … 1"),
    "weight_nan": ('sequence = "1"\nweights = { w_o = nan }\n', 2, "weights.w_o = nan is outside"),
    "weight_inf": ('sequence = "1"\n[weights]\nw_out = -inf\n', 3, "weights.w_out = -inf is outside -2 … 2"),
    "speed_out_of_range": ('sequence = "1"\nspeed = 100.0\n', 2, "speed = 100.0 is outside 0.25 … 30 steps per second"),
    "bad_sequence": ('sequence = "1, 0, banana, 1"\n', 1, "sequence: value 3 'banana' is not a number"),
    "sequence_out_of_range": ('sequence = "1, 11"\n', 1, "sequence: value 2 '11' is outside -10 … 10"),
    "bad_target": ('sequence = "1, 0"\ntarget = "1, x"\n', 2, "target: value 2 'x' is not a number"),
    "target_length": ('sequence = "1, 0, 0, 0, 0"\ntarget = "1, 1, 1"\n', 2, "target has 3 values but the sequence has 5"),
    "unknown_series": ('sequence = "1"\nhidden_series = ["f", "zz"]\n', 2, "hidden_series: 'zz' is not a series"),
    "missing_sequence": ("speed = 2.0\n", None, "the key 'sequence' is missing"),
    "nested_too_deep": ("x = " + "[" * 5000 + "]" * 5000 + "\n", 1, "x: nested too deeply"),
    "not_utf8": (b'sequence = "1"\n# caf\xe9\n', 2, "not UTF-8 text"),
    "nul_byte": ('sequence = "1"\n\x00\n', 2, "not valid TOML"),
}


def write(path: Path, content: str | bytes) -> Path:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def check_one_line(message: str, file: str, line: int | None, says: str) -> None:
    assert "\n" not in message
    where = f"{file} line {line}: " if line else f"{file}: "
    assert message.startswith(where), message
    assert says in message, message


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_file_is_refused_in_one_line(tmp_path, case):
    content, line, says = HOSTILE[case]
    path = write(tmp_path / "lesson.toml", content)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    check_one_line(str(caught.value), str(path), line, says)


BIG = "9" * 400  # too big for a float (OverflowError in math.isfinite)


@pytest.mark.parametrize(
    "text, line, says",
    [
        (f'sequence = "1"\nspeed = {BIG}\n', 2, "speed = 999999999999999999999999999999999999999… is outside 0.25"),
        (f'sequence = "1"\nspeed = -{BIG}\n', 2, "speed = -99999999999999999999999999999999999999… is outside"),
        (f'sequence = "1"\n[weights]\nw_f = {BIG}\n', 3, "weights.w_f = 9999999999999"),
        (f'sequence = "1"\nweights = {{ b_o = -{BIG} }}\n', 2, "weights.b_o = -999"),
        (f'sequence = "1"\npins = [{{}}, {{u_c = {BIG}}}]\n', 2, "pins[2].u_c = 999"),
        (f'sequence = "1"\nspeed = {BIG}0{BIG}0{BIG}0{BIG}0{BIG}0{BIG}0{BIG}0{BIG}0{BIG}0{BIG}0{BIG}0\n', 2,
         "speed: a number of 4,411 digits (at most 4,300)"),
    ],
)
def test_numbers_too_big_for_a_float_are_outside_in_one_line(tmp_path, text, line, says):
    path = write(tmp_path / "lesson.toml", text)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    check_one_line(str(caught.value), str(path), line, says)
    assert len(str(caught.value)) < len(str(path)) + 120


def test_a_file_over_1_mb_is_refused_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "big.toml"
    path.write_text('sequence = "1"\n' + "#" * MAX_BYTES, encoding="utf-8")
    monkeypatch.setattr("builtins.open", lambda *a, **k: pytest.fail("a big file was opened"))
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    check_one_line(str(caught.value), str(path), None, "bytes is over the 1 MB limit")


def test_a_missing_file_a_folder_and_a_pipe_are_refused(tmp_path):
    for path, says in (
        (tmp_path / "nope.toml", "no such file"),
        (tmp_path, "is a folder, not a scenario file"),
    ):
        with pytest.raises(ScenarioError) as caught:
            load_scenario(path)
        check_one_line(str(caught.value), str(path), None, says)
    if hasattr(os, "mkfifo"):  # reading a pipe would block forever
        fifo = tmp_path / "pipe.toml"
        os.mkfifo(fifo)
        with pytest.raises(ScenarioError, match="is not a regular file"):
            load_scenario(fifo)


HOSTILE_FILES = sorted(HOSTILE) + ["big", "missing", "folder"]


def _hostile_path(tmp_path: Path, case: str) -> Path:
    folder = tmp_path / "scenarios"
    folder.mkdir(exist_ok=True)
    path = folder / f"{case}.toml"
    if case == "big":
        return write(path, 'sequence = "1"\n' + " " * MAX_BYTES)
    if case == "missing":
        return path
    if case == "folder":
        path.mkdir()
        return path
    return write(path, HOSTILE[case][0])


@pytest.mark.parametrize("case", HOSTILE_FILES)
def test_a_refused_file_leaves_the_app_untouched(app_driver, tmp_path, case):
    app = app_driver.app
    app_driver.key(pygame.K_RIGHT)
    app_driver.key(pygame.K_m)
    app.state.hidden_series = {"o"}
    app.sim.set_param("w_f", 1.25)
    before = state(app)
    path = _hostile_path(tmp_path, case)
    ctrl(app_driver, pygame.K_o)
    if [e.path for e in app.scenario_list.entries] == [path]:
        app_driver.key(pygame.K_RETURN)
    else:  # not listed (missing, a folder): opened as the list would
        classroom.open_scenario(app, path)
    finish_opening(app_driver)
    assert state(app) == before
    message = app.scenario_list.error
    assert message.startswith(f"Not opened: {path.name}") and "\n" not in message
    assert app.scenario_list.open  # the list stays, with the error under it


def test_a_bad_file_clicked_in_the_list_shows_its_line(app_driver, tmp_path):
    app = app_driver.app
    before = state(app)
    folder = app.options.scenario_dir
    folder.mkdir()
    write(folder / "lesson.toml", HOSTILE["weight_too_big"][0])
    ctrl(app_driver, pygame.K_o)
    [(_, row)] = app.scenario_list.rows
    app_driver.click(row.center)
    finish_opening(app_driver)
    assert app.scenario_list.open
    assert app.scenario_list.error == "Not opened: lesson.toml line 5: weights.w_f = 3.0 is outside -2 … 2"
    assert state(app) == before
    # The message is drawn in the error colour inside the card.
    card = app.scenario_list.card
    reds = sum(
        1
        for x in range(card.x, card.right, 4)
        for y in range(card.centery, card.bottom, 2)
        if app_driver.pixel((x, y))[0] > 200 and app_driver.pixel((x, y))[1] < 120
    )
    assert reds > 10


def test_apply_checks_everything_before_changing_anything(app_driver):
    app = app_driver.app
    before = state(app)
    hand_made = scenario.Scenario({"sequence": "0, 1", "speed": 3.0, "weights": {"w_f": 5.0}})
    with pytest.raises(ScenarioError, match="weights.w_f = 5.0 is outside"):
        apply_scenario(app, hand_made)
    assert state(app) == before


def test_a_failure_while_applying_puts_the_old_state_back(app_driver, monkeypatch):
    app = app_driver.app
    app.sim.set_param("u_i", -0.75)
    before = state(app)

    def broken(app, keys):
        raise RuntimeError("boom")

    monkeypatch.setitem(BINDINGS, "hidden_series", session.Binding(lambda a: [], broken))
    with pytest.raises(RuntimeError):
        apply_scenario(app, make_scenario(sequence="0, 1, 1", speed=7.0))
    assert state(app)[:4] == before[:4] and state(app)[5:] == before[5:]


def test_cli_refuses_a_bad_scenario_with_exit_2_and_one_line(tmp_path, capsys):
    path = write(tmp_path / "lesson.toml", HOSTILE["weight_too_big"][0])
    with pytest.raises(SystemExit) as caught:
        main(["--scenario", str(path), "--frames", "1"])
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert f"{path} line 5: weights.w_f = 3.0 is outside -2 … 2" in err


def test_cli_starts_from_a_scenario(tmp_path):
    path = write(tmp_path / "lesson.toml", dump_scenario(FULL))
    out = tmp_path / "trace.csv"
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
    done = subprocess.run(
        [sys.executable, "-m", "lstm_arcade", "--scenario", str(path), "--steps", "2", "--frames", "1",
         "--set", "u_f=0.25", "--export-trace", str(out)],
        capture_output=True, text=True, timeout=120, env=env, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    rows = out.read_text().splitlines()
    assert rows[0].endswith(",target") and len(rows) == 6
    from lstm_arcade.model import run

    params = LSTMParams(w_f=1.5, b_f=-0.25, w_out=0.1 + 0.2, u_f=0.25)
    assert float(rows[2].split(",")[7]) == run(params, PULSE).h[1]


def test_cli_scenario_with_sequence_is_refused(tmp_path, capsys):
    path = write(tmp_path / "lesson.toml", 'sequence = "1"\n')
    with pytest.raises(SystemExit) as caught:
        main(["--scenario", str(path), "--sequence", "1, 0"])
    assert caught.value.code == 2 and "--scenario" in capsys.readouterr().err


# --- Ctrl+S and Ctrl+O through the real loop ----------------------------------------------
def test_save_then_open_from_the_list_restores_the_state(app_driver):
    d, app = app_driver, app_driver.app
    for _ in range(2):
        d.key(pygame.K_RIGHT)
    slider = app.controls.sliders["w_f"]
    if slider.rect.width == 0 and hasattr(app.controls, "page_of"):  # a folded panel: its weights' page
        app.controls.show_page(app.controls.page_of(slider))
        d.frame()
    d.drag(slider.rect.midleft, slider.rect.midright)
    d.key(pygame.K_m)
    app.state.hidden_series = {"f", "y"}
    app.sim.set_speed(8.0, d.clock.now)
    saved = state(app)
    assert saved[2].w_f == 2.0 and saved[6] is True

    ctrl(d, pygame.K_s)
    [path] = list(app.options.scenario_dir.iterdir())
    assert path.name.startswith("scenario-") and path.suffix == ".toml"
    assert path.name in app.toast.message and app.toast.visible(d.clock.now)
    assert load_scenario(path) == scenario_from_app(app)

    # Change everything: a new sequence typed, weights, series, motion, speed.
    if hasattr(app.controls, "page_of"):  # a folded panel: back to the sequence's page
        app.controls.show_page(app.controls.page_of(app.controls.sequence))
        d.frame()
    d.click(app.controls.sequence.rect.center)
    d.key(pygame.K_a, pygame.KMOD_LCTRL)
    d.type("0, 1, 1")
    d.key(pygame.K_RETURN)
    d.key(pygame.K_ESCAPE)
    d.key(pygame.K_m)
    app.sim.set_param("w_f", -1.0)
    app.state.hidden_series = set()
    app.sim.set_speed(1.0, d.clock.now)
    assert app.sim.sequence == [0.0, 1.0, 1.0]

    ctrl(d, pygame.K_o)
    listing = app.scenario_list
    assert listing.open and [e.path for e in listing.entries] == [path]
    [(_, row)] = listing.rows
    assert row.height >= 48 * app.screen.get_height() / 1080
    d.click(row.center)
    finish_opening(d)
    assert not listing.open
    restored = state(app)
    assert restored[:4] == saved[:4]  # sequence, target, weights, speed
    assert restored[4] == 0  # a scenario starts at t = 0
    assert restored[5:] == saved[5:]  # hidden series, motion, the fields' text
    assert f"Opened {path.name}" in app.toast.message


def test_ctrl_s_and_ctrl_o_work_in_a_focused_field_and_type_nothing(app_driver):
    d, app = app_driver, app_driver.app
    field = app.controls.sequence
    d.click(field.rect.center)
    d.key(pygame.K_END)
    d.type(", 1")
    typed = field.text
    ctrl(d, pygame.K_s)
    assert field.text == typed and app.state.focused is field
    [path] = list(app.options.scenario_dir.iterdir())
    assert load_scenario(path).sequence == field.committed_text  # the committed state is saved
    ctrl(d, pygame.K_o)
    assert app.scenario_list.open and field.text == typed
    d.key(pygame.K_ESCAPE)
    assert not app.scenario_list.open and app.state.focused is field and field.text == typed


def test_saving_twice_never_overwrites(app_driver):
    d, app = app_driver, app_driver.app
    ctrl(d, pygame.K_s)
    [first] = list(app.options.scenario_dir.iterdir())
    content = first.read_bytes()
    app.sim.set_param("w_o", -2.0)
    ctrl(d, pygame.K_s)
    ctrl(d, pygame.K_s)
    names = sorted(p.name for p in app.options.scenario_dir.iterdir())
    assert len(names) == 3 and first.read_bytes() == content
    when = datetime(2025, 3, 4, 5, 6, 7)
    paths = [session.save_new(app, app.options.scenario_dir, when) for _ in range(3)]
    assert [p.name for p in paths] == [
        "scenario-20250304-050607.toml", "scenario-20250304-050607-2.toml", "scenario-20250304-050607-3.toml",
    ]


def test_a_write_that_fails_half_way_leaves_no_file(app_driver, monkeypatch):
    d, app = app_driver, app_driver.app

    def half_then_fail(path, text):
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text[: len(text) // 2])
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(session, "_write_text", half_then_fail)
    ctrl(d, pygame.K_s)
    assert os.listdir(app.options.scenario_dir) == []  # neither the file nor a temporary one
    assert app.toast.error and "the disk is full" in app.toast.message
    assert app.running


def test_an_unwritable_folder_is_reported_not_raised(app_driver, tmp_path):
    d, app = app_driver, app_driver.app
    app.options.scenario_dir = write(tmp_path / "a-file", "x")
    ctrl(d, pygame.K_s)
    assert app.toast.error and "not saved" in app.toast.message
    ctrl(d, pygame.K_o)
    assert app.scenario_list.open and app.scenario_list.problem.startswith("Cannot read the folder")


def test_the_default_folder_is_the_users_data_folder(make_driver, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    d = make_driver(Simulation(sequence=PULSE))
    ctrl(d, pygame.K_s)
    assert len(list((tmp_path / "data" / "lstm-arcade" / "scenarios").glob("scenario-*.toml"))) == 1
    monkeypatch.setenv("XDG_DATA_HOME", "relative/ignored")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert classroom.scenario_folder(d.app) == tmp_path / "home" / ".local" / "share" / "lstm-arcade" / "scenarios"


def test_the_list_is_newest_first_skips_others_and_scrolls(make_driver, tmp_path):
    d = make_driver(Simulation(sequence=PULSE), size=(1920, 1080))
    app = d.app
    folder = app.options.scenario_dir = tmp_path / "many"
    folder.mkdir()
    for k in range(40):
        path = write(folder / f"lesson-{k:02d}.toml", 'sequence = "1, 0"\n')
        os.utime(path, (1_700_000_000 + k * 60,) * 2)
    write(folder / ".hidden.toml", 'sequence = "1"\n')
    write(folder / "notes.txt", "not a scenario")
    (folder / "sub.toml").mkdir()
    ctrl(d, pygame.K_o)
    listing = app.scenario_list
    names = [e.name for e in listing.entries]
    assert names == [f"lesson-{k:02d}.toml" for k in range(39, -1, -1)]
    assert all(rect.height >= 48 for _, rect in listing.rows)
    shown = len(listing.rows)
    assert 4 <= shown < 40
    # Arrows move the choice and the rows follow it; End goes to the oldest.
    for _ in range(shown + 2):
        d.key(pygame.K_DOWN)
    assert listing.selected == shown + 2 and listing.rows[0][0] > 0
    d.key(pygame.K_END)
    assert listing.selected == 39 and listing.rows[-1][0] == 39
    # The wheel scrolls back up; a drag scrolls without opening anything.
    d.post(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=100, precise_x=0.0, precise_y=100.0, flipped=False))
    d.frame()
    assert listing.rows[0][0] == 0
    row = listing.rows[3][1]
    d.drag(row.center, (row.centerx, row.centery - 3 * row.height))
    assert listing.open and listing.rows[0][0] == 3
    # Enter opens the chosen one.
    d.key(pygame.K_HOME)
    d.key(pygame.K_RETURN)
    finish_opening(d)
    assert not listing.open and app.sim.sequence == [1.0, 0.0]
    assert "lesson-39.toml" in app.toast.message


def test_the_list_closes_with_esc_the_close_button_and_a_click_outside(app_driver):
    d, app = app_driver, app_driver.app
    listing = app.scenario_list
    ctrl(d, pygame.K_o)
    assert listing.open
    d.key(pygame.K_ESCAPE)
    assert not listing.open
    ctrl(d, pygame.K_o)
    d.click(listing.close_rect.center)
    assert not listing.open
    ctrl(d, pygame.K_o)
    d.click((2, app.screen.get_height() - 2))
    assert not listing.open
    assert app.sim.sequence == PULSE and app.sim.t == 0  # nothing under the list was pressed


def test_an_empty_folder_says_how_to_make_a_scenario(app_driver):
    d, app = app_driver, app_driver.app
    ctrl(d, pygame.K_o)
    assert app.scenario_list.entries == [] and app.scenario_list.open
    d.key(pygame.K_RETURN)  # nothing to open: nothing happens
    assert app.scenario_list.open


def test_a_tap_on_a_row_opens_it(app_driver):
    d, app = app_driver, app_driver.app
    app.options.scenario_dir.mkdir()
    write(app.options.scenario_dir / "tap.toml", 'sequence = "0, 0, 1"\n')
    ctrl(d, pygame.K_o)
    [(_, row)] = app.scenario_list.rows
    w, h = app.screen.get_size()
    x, y = row.centerx / w, row.centery / h
    for kind in (pygame.FINGERDOWN, pygame.FINGERUP):
        d.post(pygame.event.Event(kind, touch_id=1, finger_id=0, x=x, y=y, dx=0.0, dy=0.0, pressure=1.0))
    d.frame()
    finish_opening(d)
    assert not app.scenario_list.open and app.sim.sequence == [0.0, 0.0, 1.0]


# Files that ended the app (OverflowError, ValueError), or froze it for 30 s (the dotted key).
HOSTILE_CLASSES = {
    "400_digit_speed": (f'sequence = "1"\nspeed = {BIG}\n', "speed = 9999"),
    "400_digit_pin": (f'sequence = "1"\npins = [{{w_f = {BIG}}}]\n', "pins[1].w_f = 9999"),
    "5000_digit_weight": ('sequence = "1"\n[weights]\nw_f = ' + "9" * 5000 + "\n", "line 3: w_f: a number of 5,000"),
    "arrays_100000_deep": ('sequence = "1"\nx = ' + "[" * 100_000 + "]" * 100_000 + "\n", "line 2: x: nested too"),
    "inline_100000_deep": ('sequence = "1"\nx = ' + "{a = " * 100_000 + "1" + "}" * 100_000 + "\n",
                           "line 2: x: nested too"),
    "header_100000_parts": ('sequence = "1"\n[' + ".".join(["a"] * 100_000) + "]\n", "line 2: a key of more than 32"),
    "dotted_key_40000_parts": ('sequence = "1"\n' + ".".join(["a"] * 40_000) + " = 1\n", "line 2: a key of more than 32"),
}


@pytest.mark.parametrize("case", HOSTILE_CLASSES)
def test_ctrl_o_of_a_hostile_file_keeps_the_state_and_says_why(app_driver, case):
    d, app = app_driver, app_driver.app
    d.key(pygame.K_RIGHT)
    app.sim.set_param("u_f", -0.5)
    before = state(app)
    text, says = HOSTILE_CLASSES[case]
    app.options.scenario_dir.mkdir()
    write(app.options.scenario_dir / "hostile.toml", text)
    ctrl(d, pygame.K_o)
    d.key(pygame.K_RETURN)
    finish_opening(d)
    assert app.running and app.scenario_list.open and state(app) == before
    message = app.scenario_list.error
    assert message.startswith("Not opened: hostile.toml ") and says in message, message
    assert "\n" not in message and len(message) < 160


def test_frames_run_while_a_file_opens_and_a_second_choice_replaces_the_first(app_driver, monkeypatch):
    d, app = app_driver, app_driver.app
    app.options.scenario_dir.mkdir()
    for name, sequence in (("a.toml", "1, 1"), ("b.toml", "0, 1, 0")):
        write(app.options.scenario_dir / name, f'sequence = "{sequence}"\n')
    os.utime(app.options.scenario_dir / "a.toml", (1_700_000_000,) * 2)  # b is the newest: listed first
    started: list[tuple[futures.Future, object]] = []

    def held(work):  # the worker's future, finished only when the test says so
        future = futures.Future()
        started.append((future, work))
        return future

    monkeypatch.setattr(classroom, "submit", held)
    before = state(app)
    ctrl(d, pygame.K_o)
    listing = app.scenario_list
    d.key(pygame.K_RETURN)  # b.toml
    shown = len(app.frame_ms)
    for _ in range(5):
        d.frame()
    assert len(app.frame_ms) == shown + 5 and state(app) == before  # frames go on; nothing applied
    assert listing.open and listing.pending[0].name == "b.toml"
    drawn: list[str] = []  # the card says it is opening, under the rows
    render = app.text.render
    monkeypatch.setattr(app.text, "render", lambda line, *a, **k: drawn.append(line) or render(line, *a, **k))
    d.frame()
    assert "Opening b.toml…" in drawn
    d.key(pygame.K_DOWN)
    d.key(pygame.K_RETURN)  # a.toml while b.toml is still being read: it replaces it
    assert listing.pending[0].name == "a.toml" and len(started) == 2
    (first, work_b), (second, work_a) = started
    first.set_result(work_b())
    d.frame()
    assert state(app) == before and listing.open  # the replaced one is dropped
    second.set_result(work_a())
    d.frame()
    assert not listing.open and app.sim.sequence == [1.0, 1.0] and "Opened a.toml" in app.toast.message


def test_closing_the_list_while_a_file_opens_drops_it(app_driver, monkeypatch):
    d, app = app_driver, app_driver.app
    app.options.scenario_dir.mkdir()
    write(app.options.scenario_dir / "late.toml", 'sequence = "0, 0, 0, 1"\n')
    held = futures.Future()
    monkeypatch.setattr(classroom, "submit", lambda work: held)
    ctrl(d, pygame.K_o)
    d.key(pygame.K_RETURN)
    d.key(pygame.K_ESCAPE)
    held.set_result(load_scenario(app.options.scenario_dir / "late.toml"))
    d.frame()
    assert not app.scenario_list.open and app.sim.sequence == PULSE


def test_an_unexpected_error_in_the_worker_is_one_line(app_driver, monkeypatch):
    d, app = app_driver, app_driver.app
    app.options.scenario_dir.mkdir()
    write(app.options.scenario_dir / "x.toml", 'sequence = "1"\n')
    monkeypatch.setattr(scenario, "read_toml_file", lambda *a, **k: (_ for _ in ()).throw(MemoryError()))
    ctrl(d, pygame.K_o)
    d.key(pygame.K_RETURN)
    finish_opening(d)
    assert app.running and app.scenario_list.error == "Not opened: x.toml: MemoryError"


def test_list_scenarios_of_a_missing_folder_is_empty(tmp_path):
    assert list_scenarios(tmp_path / "not-yet") == []


def test_scenario_and_export_modules_import_no_pygame():
    probe = (
        "import sys\n"
        "import lstm_arcade.formats.scenario, lstm_arcade.formats.export\n"
        "from lstm_arcade.formats.scenario import make_scenario, dump_scenario, parse_scenario\n"
        "s = make_scenario(sequence='1, 0', hidden_series=['f'])\n"
        "assert parse_scenario(dump_scenario(s)) == s\n"
        "assert not [m for m in sys.modules if m.split('.')[0] == 'pygame']\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr


def test_compare_is_saved_and_restored_and_left_out_means_off(app_driver, tmp_path):
    d, app = app_driver, app_driver.app
    d.key(pygame.K_c, unicode="c")  # C: compare mode on
    assert app.sim.compare and scenario_from_app(app).compare is True
    ctrl(d, pygame.K_s)
    [path] = list(app.options.scenario_dir.iterdir())
    assert "compare = true" in path.read_text(encoding="utf-8")
    d.key(pygame.K_c, unicode="c")
    assert not app.sim.compare
    ctrl(d, pygame.K_o)
    [(_, row)] = app.scenario_list.rows
    d.click(row.center)
    finish_opening(d)
    assert app.sim.compare and app.layout.compare  # on again, and the layout made room for it
    apply_scenario(app, parse_scenario('sequence = "1, 0"\n'))
    assert not app.sim.compare  # a scenario is the whole state: without the key, compare is off


def test_applying_a_scenario_ends_the_training_status(make_driver):
    d = make_driver(Simulation(sequence=[1, 0, 0]))
    app = d.app
    d.click(app.controls.task.rect.center)  # the first task preset
    d.key(pygame.K_t, unicode="t")
    d.frame()
    assert app.sim.session is not None
    apply_scenario(app, parse_scenario('sequence = "1, 0"\ncompare = true\n'))
    assert app.sim.session is None and not app.sim.training and app.sim.compare
