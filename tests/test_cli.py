"""The command line end to end, in real subprocesses, headless."""

from __future__ import annotations

import csv
import os
import subprocess
import sys

import pygame
import pytest

from lstm_arcade.model import LSTMParams, run

HEADLESS = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}


def lstm_arcade(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "lstm_arcade", *args],
        capture_output=True, text=True, env=env or HEADLESS, timeout=60, check=False,
    )


def test_headless_run_exports_trace_and_screenshot(tmp_path):
    csv_path, png_path = tmp_path / "trace.csv", tmp_path / "shot.png"
    done = lstm_arcade(
        "--sequence", "1,0,0,0,0", "--steps", "5", "--frames", "3", "--size", "1280x720",
        "--set", "w_f=1.5", "--set", "b_o=-0.25",
        "--export-trace", str(csv_path), "--screenshot", str(png_path),
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == "" and done.stdout == ""  # a clean start prints nothing
    expected = run(LSTMParams(w_f=1.5, b_o=-0.25), [1, 0, 0, 0, 0])
    with open(csv_path, newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["t", "x", "f", "i", "c_tilde", "o", "c", "h", "y"]
    assert [int(r["t"]) for r in rows] == [1, 2, 3, 4, 5]
    for k, row in enumerate(rows):
        for column in ("x", "f", "i", "c_tilde", "o", "c", "h", "y"):
            assert float(row[column]) == getattr(expected, column)[k]
    assert pygame.image.load(str(png_path)).get_size() == (1280, 720)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary left over
    assert png_path.stat().st_mode & 0o044 == 0o044  # readable by others, like any saved file


@pytest.mark.parametrize(
    "args,names",
    [
        (["--size", "big"], "--size"),
        (["--size", "100x100"], "--size"),
        (["--set", "w_q=1"], "--set"),
        (["--set", "w_f=3"], "--set"),
        (["--set", "w_f"], "--set"),
        (["--sequence", "1, x, 0"], "--sequence"),
        (["--steps", "-1"], "--steps"),
        (["--sequence", "1,0", "--steps", "3"], "--steps"),
        (["--speed", "0"], "--speed"),
        (["--speed", "nan"], "--speed"),
        (["--frames", "0"], "--frames"),
        (["--fps", "x"], "--fps"),
        (["--screenshot", "/no/such/folder/x.png"], "--screenshot"),
        (["--bogus"], "--bogus"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(args, names):
    done = lstm_arcade(*args)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert names in lines[0] and "Traceback" not in done.stderr


def test_version_and_help():
    done = lstm_arcade("--version")
    assert done.returncode == 0 and done.stdout.startswith("lstm-arcade ")
    done = lstm_arcade("--help")
    assert done.returncode == 0
    for option in ("--size", "--fullscreen", "--sequence", "--set", "--steps", "--play", "--speed",
                   "--frames", "--screenshot", "--export-trace", "--fps", "--version"):
        assert option in done.stdout


def test_no_display_says_so_in_one_line():
    env = {k: v for k, v in HEADLESS.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["SDL_VIDEODRIVER"] = "x11"
    done = lstm_arcade("--frames", "1", env=env)
    assert done.returncode == 1
    assert len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr and "SDL_VIDEODRIVER=dummy" in done.stderr


def test_play_flag_plays(tmp_path):
    csv_path = tmp_path / "t.csv"
    done = lstm_arcade("--sequence", "1 0 1", "--play", "--speed", "30", "--frames", "2",
                       "--fps", "0", "--export-trace", str(csv_path))
    assert done.returncode == 0 and done.stderr == ""
    assert len(csv_path.read_text().splitlines()) == 4


def test_a_sequence_may_start_with_a_minus_and_motion_may_be_reduced(tmp_path):
    csv_path = tmp_path / "t.csv"
    done = lstm_arcade("--sequence", "-1, 0", "--steps", "2", "--reduce-motion", "--frames", "1",
                       "--export-trace", str(csv_path))
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(csv_path.open()))
    assert [float(r["x"]) for r in rows] == [-1.0, 0.0]
    done = lstm_arcade("--sequence", "--steps", "1")
    assert done.returncode == 2 and "--sequence" in done.stderr


def test_target_task_and_train_options(tmp_path):
    csv_path = tmp_path / "t.csv"
    done = lstm_arcade("--sequence", "1, 0, 0", "--target", "1, 1, 1", "--steps", "3", "--frames", "1",
                       "--export-trace", str(csv_path))
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(csv_path.open()))
    assert [float(r["target"]) for r in rows] == [1.0, 1.0, 1.0]
    done = lstm_arcade("--task", "remember the pulse", "--train", "--frames", "30", "--fps", "0",
                       "--export-trace", str(csv_path))
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(csv_path.open()))
    assert len(rows) == 12 and "target" in rows[0]
    assert float(rows[0]["f"]) != run(LSTMParams(), [0.0]).f[0]  # the weights were trained


@pytest.mark.parametrize(
    "args,needle",
    [
        (["--sequence", "1,0", "--target", "1"], "the target has 1 value but the input sequence has 2"),
        (["--task", "nope"], "no task 'nope'"),
        (["--target", "x"], "--target"),
    ],
)
def test_bad_training_options_exit_2_naming_the_problem(args, needle):
    done = lstm_arcade(*args, "--frames", "1")
    assert done.returncode == 2 and needle in done.stderr and len(done.stderr.strip().splitlines()) == 1


def highway_pixel(png) -> tuple[int, int, int]:
    """The colour halfway along the highway's middle segment, in a 1280×720 screenshot."""
    from lstm_arcade.ui.layout import compute_layout
    from lstm_arcade.ui.views.diagram import DiagramView

    pygame.font.init()  # the diagram measures its labels when laid out
    layout = compute_layout(1280, 720)
    diagram = DiagramView()
    diagram.layout(layout.diagram, layout.metrics)
    (x1, y), (x2, _) = diagram.center("forget_mul"), diagram.center("add")
    return tuple(pygame.image.load(str(png)).get_at(((x1 + x2) // 2, y)))[:3]


def test_palette_and_high_contrast_options(tmp_path):
    shots = {}
    for name, extra in (("seed", []), ("okabe", ["--palette", "okabe-ito"]), ("contrast", ["--high-contrast"])):
        shots[name] = tmp_path / f"{name}.png"
        done = lstm_arcade("--sequence", "1,0", "--steps", "1", "--frames", "1", "--size", "1280x720",
                           "--screenshot", str(shots[name]), *extra)
        assert done.returncode == 0, done.stderr
    seed, okabe = highway_pixel(shots["seed"]), highway_pixel(shots["okabe"])
    assert seed[2] > seed[1] > seed[0] and seed[1] / seed[2] < 0.6  # the seed's blue (64, 140, 255)
    assert okabe[1] / okabe[2] > 0.7  # Okabe-Ito's sky blue (86, 180, 233)
    from lstm_arcade.ui.layout import compute_layout

    stats = compute_layout(1280, 720).stats
    inside = (stats.centerx, stats.bottom - 12)  # empty panel under the stats rows
    assert tuple(pygame.image.load(str(shots["seed"])).get_at(inside))[:3] == (14, 16, 24)
    panel = pygame.image.load(str(shots["contrast"])).get_at(inside)[:3]
    assert tuple(panel) == (0, 0, 0)  # high contrast: panels are pure black
    done = lstm_arcade("--palette", "rainbow", "--frames", "1")
    assert done.returncode == 2 and "--palette" in done.stderr


# --- every option with every hostile class, in-process through cli.main --------------------------
CLASSES = {
    "empty": "",
    "blank": "   ",
    "400 digits": "9" * 400,
    "5000 digits": "9" * 5000,
    "negative 400 digits": "-" + "9" * 400,
    "arabic-indic digit": "٣",
    "superscript digit": "²",
    "full-width digits": "１２",
    "a float": "1.5",
    "nan": "nan",
    "inf": "inf",
    "1e999": "1e999",
    "NUL": "1\x00",
    "a line break": "1\n2",
    "1 MB": "x" * 1_000_000,
}
# option -> how a value is given (most as it is)
OPTIONS = {
    "--size": "{}", "--size ": "{}x720", "--steps": "{}", "--frames": "{}", "--fps": "{}",
    "--display": "{}", "--speed": "{}", "--ui-scale": "{}", "--set": "w_f={}", "--set ": "{}=1",
    "--sequence": "{}", "--target": "{}", "--task": "{}", "--palette": "{}",
}
# Values that are good for an option (they would open a window): not hostile for it.
GOOD = {("--ui-scale", "a float"), ("--speed", "a float"), ("--set", "a float"), ("--target", "empty"),
        ("--target", "blank"), ("--target", "a line break")} | {
    ("--sequence", case) for case in ("empty", "blank", "a float", "a line break")}


@pytest.mark.parametrize(("option", "case"), [
    (option, case) for option in OPTIONS for case in CLASSES if (option.strip(), case) not in GOOD])
def test_every_option_refuses_every_hostile_class_in_one_line(option, case, capsys):
    from lstm_arcade.cli import main

    value = OPTIONS[option].replace("{}", CLASSES[case])
    args = [option.strip(), value]
    if option == "--target":
        args = ["--sequence", "1, 0", *args]
    with pytest.raises(SystemExit) as caught:
        main([*args, "--frames", "1"])
    err = capsys.readouterr().err
    assert caught.value.code == 2, err
    assert err.count("\n") == 1 and err.startswith("lstm-arcade: error: "), err[:300]
    assert option.strip() in err and len(err) < 300, err[:300]
    assert "Traceback" not in err and "invalid" not in err.replace("invalid choice", ""), err  # no function names


def test_a_task_loads_its_sequence_before_steps_are_counted_and_taken(monkeypatch, capsys):
    from lstm_arcade.app import App
    from lstm_arcade.cli import main

    seen = []

    def run(self, frames=None, fps=60):
        seen.append((self.sim.t, len(self.sim.sequence), self.controls.task_names[self.state.task_index]))

    monkeypatch.setattr(App, "run", run)
    assert main(["--task", "Echo", "--steps", "2", "--frames", "1"]) == 0
    assert seen == [(2, 12, "Echo")]
    with pytest.raises(SystemExit):
        main(["--task", "Echo", "--steps", "13"])
    assert "argument --steps: 13 is more than the sequence's 12 values" in capsys.readouterr().err


def capture_app(monkeypatch) -> list:
    """main() without its loop: each run records the app as it would draw its first frame."""
    from lstm_arcade.app import App

    seen: list = []
    monkeypatch.setattr(App, "run", lambda self, frames=None, fps=60: seen.append(self))
    return seen


def test_task_memory_test_loads_the_memory_test_preset(monkeypatch):
    from lstm_arcade.cli import main
    from lstm_arcade.model import memory_test_preset

    seen = capture_app(monkeypatch)
    assert main(["--task", "memory TEST", "--frames", "1"]) == 0
    [app] = seen
    preset = memory_test_preset()
    assert app.controls.task_names[app.state.task_index] == "Memory test"
    assert app.sim.sequence == [float(x) for x in preset.xs] and app.sim.compare and app.sim.memory_test
    assert app.sim.params == preset.lstm.clamped() and app.sim.caption() is not None
    done = lstm_arcade("--task", "Memory test", "--frames", "2", "--size", "1280x720")
    assert done.returncode == 0 and done.stderr == "", done.stderr


def test_every_task_the_readme_lists_is_accepted(monkeypatch):
    """README's Task button line names the cycler's entries; --task takes each of them."""
    import re
    from pathlib import Path

    from lstm_arcade.cli import main

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    line = next(line for line in readme.splitlines() if line.startswith("| Task button |"))
    listed = re.search(r"`assets/tasks\.toml`: (.*?) \(and (.*?), see above\)", line)
    assert listed is not None, line
    names = [*listed.group(1).split(", "), listed.group(2)]
    seen = capture_app(monkeypatch)
    for name in names:
        assert main(["--task", name, "--frames", "1"]) == 0
    assert [app.controls.task_names[app.state.task_index] for app in seen] == names
    assert names == list(seen[0].controls.task_names[1:])  # and nothing the cycler has is left out


def test_compare_starts_in_compare_mode(monkeypatch, tmp_path):
    from lstm_arcade.cli import main

    seen = capture_app(monkeypatch)
    assert main(["--sequence", "1, 0, 0", "--steps", "2", "--compare", "--frames", "1"]) == 0
    assert main(["--sequence", "1, 0, 0", "--frames", "1"]) == 0
    assert [app.sim.compare for app in seen] == [True, False]
    assert seen[0].sim.rnn_computed >= 2  # the basic RNN ran beside the LSTM
    png = tmp_path / "c.png"
    done = lstm_arcade("--sequence", "1, 0, 0", "--compare", "--frames", "2", "--size", "1280x720",
                       "--screenshot", str(png))
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert "--compare" in lstm_arcade("--help").stdout


def test_scenario_compare_true_starts_in_compare_mode_and_a_bad_value_is_one_line(monkeypatch, tmp_path, capsys):
    from lstm_arcade.cli import main

    good = tmp_path / "good.toml"
    good.write_text('sequence = "1, 0, 0"\ncompare = true\n', encoding="utf-8")
    seen = capture_app(monkeypatch)
    assert main(["--scenario", str(good), "--frames", "1"]) == 0
    assert seen[0].sim.compare
    bad = tmp_path / "bad.toml"
    bad.write_text('sequence = "1, 0, 0"\n\ncompare = "yes"\n', encoding="utf-8")
    with pytest.raises(SystemExit) as caught:
        main(["--scenario", str(bad), "--frames", "1"])
    err = capsys.readouterr().err
    assert caught.value.code == 2 and err.count("\n") == 1, err
    assert "bad.toml" in err and "line 3" in err and "compare" in err and "true or false" in err, err
