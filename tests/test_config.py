"""Kiosk settings files: good ones load whole, bad ones are refused in one line naming file, line, key."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from lstm_arcade.formats.config import (
    ConfigError,
    KioskSettings,
    default_log_file,
    load_config,
    parse_keys,
)


def write(tmp_path: Path, text: str, name: str = "kiosk.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_a_file():
    s = KioskSettings()
    assert (
        s.idle_seconds == 60
        and s.exit_hold_seconds == 2.0
        and s.exit_combo == ({"ctrl", "shift"}, "q")
    )
    assert s.display == 0 and s.hide_cursor_seconds == 3 and s.tour_file is None
    assert s.export_on_exit is None and s.allow_export is False
    assert s.log_file == default_log_file() and s.log_file.name == "kiosk.log"


def test_every_key_is_read(tmp_path):
    (tmp_path / "out").mkdir()
    path = write(
        tmp_path,
        """
        # staff settings
        idle_seconds = 90
        exit_keys = "ctrl+alt+x"
        exit_hold_seconds = 3.5
        display = 1
        hide_cursor_seconds = 0
        tour_file = "tours/de.txt"
        log_file = "logs/kiosk.log"
        export_on_exit = "out/trace.csv"
        allow_export = true
        """,
    )
    s = load_config(path)
    assert s.idle_seconds == 90.0 and isinstance(s.idle_seconds, float)
    assert s.exit_combo == ({"ctrl", "alt"}, "x") and s.exit_hold_seconds == 3.5
    assert s.display == 1 and s.hide_cursor_seconds == 0.0 and s.allow_export is True
    # Relative paths are relative to the settings file, not to wherever the kiosk was started.
    assert s.tour_file == tmp_path / "tours" / "de.txt"
    assert s.log_file == tmp_path / "logs" / "kiosk.log"
    assert s.export_on_exit == tmp_path / "out" / "trace.csv"
    assert s.source == str(path)


def test_empty_paths_mean_the_defaults(tmp_path):
    s = load_config(write(tmp_path, 'tour_file = ""\nlog_file = ""\nexport_on_exit = ""\n'))
    assert s.tour_file is None and s.export_on_exit is None and s.log_file == default_log_file()


@pytest.mark.parametrize(
    "text, line, key, words",
    [
        ('idle_seconds = "60"', 1, "idle_seconds", "number of seconds"),
        ("\n\nidle_seconds = 0", 3, "idle_seconds", "outside 1 … 86400"),
        ("idle_seconds = nan", 1, "idle_seconds", "outside"),
        ("idle_seconds = true", 1, "idle_seconds", "number of seconds"),
        ("exit_hold_seconds = 0.1", 1, "exit_hold_seconds", "outside 0.5 … 30"),
        ("display = 1.5", 1, "display", "whole number"),
        ("display = -1", 1, "display", "outside 0 … 63"),
        ("hide_cursor_seconds = -2", 1, "hide_cursor_seconds", "outside"),
        ('allow_export = "yes"', 1, "allow_export", "true or false"),
        ("allow_export = 1", 1, "allow_export", "true or false"),
        ('exit_keys = "q"', 1, "exit_keys", "at least one of ctrl, shift, alt"),
        ('exit_keys = "ctrl+shift"', 1, "exit_keys", "exactly one key"),
        ('exit_keys = "ctrl+ctrl+q"', 1, "exit_keys", "twice"),
        ("exit_keys = 5", 1, "exit_keys", "text in quotes"),
        ('export_on_exit = "no/such/folder/t.csv"', 1, "export_on_exit", "does not exist"),
        ("# hi\nidle_seconds = 5\nidel_seconds = 5", 3, "idel_seconds", "unknown key"),
        ("[kiosk]\nidle_seconds = 5", 1, "kiosk", "sections are not used"),
    ],
)
def test_bad_values_name_file_line_and_key(tmp_path, text, line, key, words):
    path = write(tmp_path, text + "\n")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{path} line {line}: ")
    assert key in message and words in message


def test_a_folder_as_export_or_log_is_refused(tmp_path):
    (tmp_path / "dir").mkdir()
    for key in ("export_on_exit", "log_file"):
        with pytest.raises(ConfigError, match=f"line 1: {key}: 'dir' is a folder"):
            load_config(write(tmp_path, f'{key} = "dir"\n'))


def test_not_toml_gives_the_line(tmp_path):
    path = write(tmp_path, "idle_seconds = 5\nthis is not toml\n")
    with pytest.raises(ConfigError, match=rf"^{path} line 2: not valid TOML \(.*column 6\): this is not toml$"):
        load_config(path)


def test_unreadable_huge_or_binary_files(tmp_path):
    with pytest.raises(ConfigError, match="cannot read it"):
        load_config(tmp_path / "missing.toml")
    with pytest.raises(ConfigError, match="is a folder"):
        load_config(tmp_path)
    big = tmp_path / "big.toml"
    big.write_text("# " + "x" * 1_000_001 + "\n")
    with pytest.raises(ConfigError, match="over the 1 MB limit"):
        load_config(big)
    binary = tmp_path / "bin.toml"
    binary.write_bytes(b"idle_seconds = 5\n\xff\xfe\n")
    with pytest.raises(ConfigError, match="line 2: not UTF-8"):
        load_config(binary)


def test_nothing_is_half_applied(tmp_path):
    """A file with one good and one bad key gives an error, not settings with the good key."""
    path = write(tmp_path, "idle_seconds = 5\ndisplay = 99\n")
    with pytest.raises(ConfigError, match="line 2: display"):
        load_config(path)


def test_parse_keys_accepts_function_keys_and_any_case():
    assert parse_keys("Ctrl + Alt + F12") == ({"ctrl", "alt"}, "f12")
    assert parse_keys("shift+7") == ({"shift"}, "7")
    with pytest.raises(ValueError):
        parse_keys("ctrl+f13")


def kiosk_cli(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
    return subprocess.run(
        [sys.executable, "-m", "lstm_arcade", *args],
        check=False,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def test_cli_refuses_a_bad_config_in_one_line_with_exit_2(tmp_path):
    path = write(tmp_path, "idle_seconds = 5\nhide_cursor_seconds = 'soon'\n")
    done = kiosk_cli("--kiosk", "--config", str(path))
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert f"{path} line 2: hide_cursor_seconds" in done.stderr


@pytest.mark.parametrize(
    "args, words",
    [
        (["--config", "x.toml"], "--config: only with --kiosk"),
        (["--display", "1"], "--display: only with --kiosk"),
        (["--kiosk", "--display", "-1"], "--display"),
        (["--kiosk", "--display", "two"], "not an integer"),
        (["--kiosk", "--display", "7", "--frames", "1"], "display 7 does not exist"),
        (["--kiosk", "--size", "1280x720"], "always the desktop's full screen"),
    ],
)
def test_cli_kiosk_options_bad_values(args, words):
    done = kiosk_cli(*args)
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and words in done.stderr


def test_cli_kiosk_runs_headless_and_exports_on_exit(tmp_path):
    log, out = tmp_path / "kiosk.log", tmp_path / "trace.csv"
    path = write(tmp_path, f'log_file = "{log.name}"\nexport_on_exit = "{out.name}"\n')
    done = kiosk_cli("--kiosk", "--config", str(path), "--sequence", "1,0,0", "--frames", "3")
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert out.read_text().splitlines()[0].startswith("t,x,f,i")
    assert len(out.read_text().splitlines()) == 4
    text = log.read_text()
    assert "kiosk started" in text and "kiosk stopped (end of run)" in text


def test_staff_can_check_a_settings_file(tmp_path, capsys):
    from lstm_arcade.formats.config import main

    assert main([str(write(tmp_path, "idle_seconds = 30\n"))]) == 0
    assert "idle_seconds = 30.0" in capsys.readouterr().out
    assert main([str(write(tmp_path, "idle_seconds = -3\n"))]) == 2
    assert capsys.readouterr().err.count("\n") == 1


BIG = "9" * 400  # too big for a float: OverflowError in math.isfinite


@pytest.mark.parametrize("key", ["idle_seconds", "exit_hold_seconds", "hide_cursor_seconds", "display"])
@pytest.mark.parametrize("number", [BIG, "-" + BIG])
def test_a_number_too_big_for_a_float_is_outside(tmp_path, key, number):
    path = write(tmp_path, f"allow_export = true\n{key} = {number}\n")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    message = str(caught.value)
    assert message.startswith(f"{path} line 2: {key}: ") and "is outside" in message, message
    assert "\n" not in message and len(message) < len(str(path)) + 120


@pytest.mark.parametrize(
    "text, says",
    [
        ("display = " + "9" * 5000, "line 1: display: a number of 5,000 digits (at most 4,300)"),
        ("idle_seconds = " + "[" * 100_000 + "]" * 100_000, "line 1: idle_seconds: nested too deeply"),
        ("idle_seconds = " + "{a = " * 100_000 + "1" + "}" * 100_000, "line 1: idle_seconds: nested too deeply"),
        ("[" + ".".join(["kiosk"] * 100_000) + "]", "line 1: a key of more than 32 dotted parts"),
        (".".join(["a"] * 40_000) + " = 1", "line 1: a key of more than 32 dotted parts"),
    ],
)
def test_hostile_structures_are_one_line_with_the_line(tmp_path, text, says):
    path = write(tmp_path, text + "\n")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(caught.value).startswith(f"{path} {says}"), str(caught.value)


def test_cli_refuses_a_huge_number_in_the_config_with_exit_2(tmp_path, capsys):
    from lstm_arcade.cli import main

    path = write(tmp_path, f"hide_cursor_seconds = {BIG}\n")
    with pytest.raises(SystemExit) as caught:
        main(["--kiosk", "--config", str(path), "--frames", "1"])
    err = capsys.readouterr().err
    assert caught.value.code == 2 and err.count("\n") == 1
    assert f"{path} line 1: hide_cursor_seconds: 9999" in err and "outside 0 … 3600 seconds" in err


def test_a_misspelt_key_names_the_one_meant_and_any_other_where_the_keys_are():
    from lstm_arcade.formats.config import ConfigError, parse_config

    with pytest.raises(ConfigError, match=r"unknown key 'idle_second'; did you mean 'idle_seconds'\?$"):
        parse_config("idle_second = 5\n", "kiosk.toml")
    with pytest.raises(ConfigError, match=r"unknown key 'zzz'; the keys are listed in docs/kiosk.md$"):
        parse_config("zzz = 5\n", "kiosk.toml")
