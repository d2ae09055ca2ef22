"""Writes that never lose or corrupt data, and paths that give one line (issue 15), through the real
entry points: the command line, the real frame loop, real files on real (tmpfs) filesystems."""

from __future__ import annotations

import hashlib
import json
import os
import pwd
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pygame
import pytest
from conftest import Driver, FakeClock, fill_disk

from lstm_arcade import cli
from lstm_arcade.app import open_window
from lstm_arcade.app.kiosk import KioskApp
from lstm_arcade.formats.config import KioskSettings
from lstm_arcade.sim import Simulation

HEADLESS = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
PULSE = [1.0, 0.0, 0.0, 0.0, 0.0]
NO_USER = "nosuchuser-lstm-arcade"
TEMP_MARK = ".lstm-arcade-tmp-"


@pytest.fixture(autouse=True)
def no_real_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))


def lstm_arcade(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "lstm_arcade", *args], capture_output=True, text=True,
                          env=HEADLESS, cwd=cwd, timeout=60, check=False)


def refused(capsys, *args: str, config: Path | None = None) -> str:
    """cli.main with `args`: exit code 2 and one short line on stderr (returned); the name of a
    `config` file the line starts with does not count."""
    with pytest.raises(SystemExit) as caught:
        cli.main([*args, "--frames", "1"])
    err = capsys.readouterr().err
    assert caught.value.code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    assert len(lines[0]) - len(str(config or "")) < 300, lines[0]  # long values are cut
    return lines[0]


def everything(folder: Path) -> list[str]:
    return sorted(os.listdir(folder))


# --- real small disks ----------------------------------------------------------------------------
def left_on(disk: Path) -> list[str]:
    return [name for name in everything(disk) if name not in ("filler", "exports", "scenarios")]


@pytest.mark.parametrize("full", [True, False], ids=["full-disk", "disk-too-small"])
@pytest.mark.parametrize("key", [pygame.K_F12, pygame.K_e], ids=["F12", "E"])
def test_an_export_that_does_not_fit_says_so_and_leaves_nothing(make_driver, small_disk, key, full):
    d = make_driver(Simulation(sequence=PULSE))
    folder = d.app.options.export_dir = small_disk / "exports"
    folder.mkdir()
    if full:
        fill_disk(small_disk)
    d.key(key)
    toast = d.app.toast
    assert toast.error and toast.message.startswith("Export failed"), toast.message
    assert "the disk is full" in toast.message
    assert TEMP_MARK not in toast.message and "(." not in toast.message  # the target, not our temporary
    assert everything(folder) == []  # no 0-byte or truncated file, no temporary
    assert d.app.running


def test_a_scenario_that_does_not_fit_names_the_file_not_the_temporary(make_driver, small_disk):
    d = make_driver(Simulation(sequence=PULSE))
    folder = d.app.options.scenario_dir = small_disk / "scenarios"
    folder.mkdir()
    fill_disk(small_disk)
    d.key(pygame.K_s, mod=pygame.KMOD_LCTRL)
    toast = d.app.toast
    assert toast.error and toast.message.startswith("Scenario not saved"), toast.message
    assert "(scenario-" in toast.message and toast.message.endswith(".toml)"), toast.message
    assert everything(folder) == []


def test_the_command_line_on_a_full_disk_names_each_target_and_leaves_nothing(small_disk):
    fill_disk(small_disk)
    shot, trace = small_disk / "shot.png", small_disk / "trace.csv"
    done = lstm_arcade("--sequence", "1,0,0", "--frames", "1", "--size", "1280x720",
                       "--screenshot", str(shot), "--export-trace", str(trace))
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 2 and "Traceback" not in done.stderr, done.stderr
    for line, target in zip(lines, (shot, trace), strict=True):  # each names its target, not our temporary
        assert line.startswith("lstm-arcade: cannot write ") and TEMP_MARK not in line, line
        assert line.endswith(f"/disk/{target.name}: No space left on device"), line
    assert left_on(small_disk) == []


def test_an_output_folder_that_cannot_be_written_is_refused_before_the_run(tmp_path):
    folder = tmp_path / "read-only"
    folder.mkdir()
    if os.geteuid() != 0:
        pytest.skip("a read-only mount needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", str(folder)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        for option in ("--screenshot", "--export-trace"):
            run = lstm_arcade("--frames", "1", option, str(folder / "out"))
            assert run.returncode == 2, run.stderr  # refused up front, not after the frames (exit 1)
            [line] = run.stderr.strip().splitlines()
            assert option in line and "cannot write in folder" in line and "Read-only" in line
    finally:
        subprocess.run(["umount", str(folder)], capture_output=True, check=False)


# --- paths that cannot name a file: one line for every option and config key --------------------
PATH_OPTIONS = ["--screenshot", "--export-trace", "--scenario-dir", "--export-dir", "--scenario",
                "--config", "--controller-map", "--midi-map"]
PATH_CLASSES = {
    "unknown-user": (f"~{NO_USER}/x", "no such user"),
    "name-too-long": ("/tmp/" + "n" * 300 + "/x.csv", "this filesystem allows"),
    "path-too-long": ("/tmp/" + "/".join(["d" * 200] * 25) + "/x.csv", "a path may have"),
    "nul": ("/tmp/a\x00b.csv", "NUL"),
}


@pytest.fixture
def no_such_user():
    try:
        pwd.getpwnam(NO_USER)
    except KeyError:
        return
    pytest.skip(f"a user {NO_USER} exists here")


@pytest.mark.parametrize("kind", PATH_CLASSES)
@pytest.mark.parametrize("option", PATH_OPTIONS)
def test_a_path_that_names_no_file_is_one_line_for_every_option(capsys, no_such_user, option, kind):
    value, words = PATH_CLASSES[kind]
    line = refused(capsys, *(["--kiosk"] if option == "--config" else []), option, value)
    assert line.startswith(f"lstm-arcade: error: argument {option}: ") and words in line, line
    assert "…" in line or len(value) < 40, line


@pytest.mark.parametrize("option", [o for o in PATH_OPTIONS if not o.endswith("-dir")])
def test_a_file_option_ending_in_a_slash_is_refused(capsys, tmp_path, monkeypatch, option):
    """`--export-trace out/` meant a folder: it must not write a file called `out`."""
    monkeypatch.chdir(tmp_path)
    line = refused(capsys, *(["--kiosk"] if option == "--config" else []), option, "out/")
    assert f"argument {option}: 'out/' ends in /, so it names a folder" in line, line
    assert everything(tmp_path) == []


@pytest.mark.parametrize("kind", [kind for kind in PATH_CLASSES if kind != "nul"])  # NUL: refused before
@pytest.mark.parametrize("key", ["log_file", "tour_file", "export_on_exit"])
def test_a_path_that_names_no_file_in_the_kiosk_config_names_file_line_and_key(
    capsys, tmp_path, no_such_user, key, kind
):
    value, words = PATH_CLASSES[kind]
    config = tmp_path / "kiosk.toml"
    config.write_text(f"idle_seconds = 30\n{key} = {json.dumps(value)}\n", encoding="utf-8")
    line = refused(capsys, "--kiosk", "--config", str(config), config=config)
    assert line.startswith(f"lstm-arcade: error: argument --config: {config} line 2: {key}: "), line
    assert words in line


def test_a_target_name_at_the_filesystems_limit_still_saves(tmp_path):
    """The hidden temporary file's name is cut to fit beside a target whose name barely does."""
    trace = tmp_path / ("t" * 251 + ".csv")
    done = lstm_arcade("--sequence", "1,0", "--frames", "1", "--export-trace", str(trace))
    assert done.returncode == 0, done.stderr
    assert everything(tmp_path) == [trace.name]


# --- one output must not overwrite another ------------------------------------------------------
def test_the_same_file_twice_is_refused(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "real").mkdir()
    (tmp_path / "linked").symlink_to(tmp_path / "real")
    for first, second in (("x.out", "x.out"), ("./x.out", "x.out"), ("linked/x.out", "real/x.out"),
                          (str(tmp_path / "x.out"), "x.out")):
        line = refused(capsys, "--export-trace", first, "--screenshot", second)
        assert "one would overwrite the other" in line and "--export-trace" in line, line
    assert everything(tmp_path) == ["linked", "real"] and everything(tmp_path / "real") == []


def test_an_output_that_is_an_input_or_the_kiosks_export_is_refused(capsys, tmp_path):
    scenario = tmp_path / "s.toml"
    scenario.write_text('sequence = "1, 0"\n', encoding="utf-8")
    line = refused(capsys, "--scenario", str(scenario), "--screenshot", str(scenario))
    assert "--scenario" in line and "one would overwrite the other" in line
    assert scenario.read_text(encoding="utf-8") == 'sequence = "1, 0"\n'
    config = tmp_path / "kiosk.toml"
    config.write_text(f'export_on_exit = "{tmp_path / "t.csv"}"\n', encoding="utf-8")
    line = refused(capsys, "--kiosk", "--config", str(config), "--export-trace", str(tmp_path / "t.csv"))
    assert "export_on_exit" in line and "one would overwrite the other" in line
    assert everything(tmp_path) == ["kiosk.toml", "s.toml"]


# --- never onto a device, a FIFO or a symbolic link ----------------------------------------------
def make_node(tmp_path: Path, kind: str) -> Path:
    """A FIFO, a symbolic link (to a regular file) or a copy of /dev/full or /dev/null in tmp_path
    (the real ones are never a test's target: a regression would replace them)."""
    node = tmp_path / f"{kind}-node"
    if kind == "fifo":
        os.mkfifo(node)
    elif kind == "symlink":
        (tmp_path / "regular.txt").write_text("keep me", encoding="utf-8")
        node.symlink_to(tmp_path / "regular.txt")
    else:
        minor = {"dev-full": 7, "dev-null": 3}[kind]
        try:
            os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, minor))
        except (PermissionError, OSError) as exc:
            pytest.skip(f"cannot make a device node here: {exc}")
    return node


def still(node: Path, kind: str) -> bool:
    mode = os.lstat(node).st_mode
    if kind == "fifo":
        return stat.S_ISFIFO(mode)
    if kind == "symlink":
        return stat.S_ISLNK(mode) and (node.parent / "regular.txt").read_text(encoding="utf-8") == "keep me"
    return stat.S_ISCHR(mode)


NODES = ["fifo", "symlink", "dev-full", "dev-null"]


@pytest.mark.parametrize("kind", NODES)
@pytest.mark.parametrize("option", ["--screenshot", "--export-trace"])
def test_an_output_onto_a_node_or_link_is_refused(capsys, tmp_path, option, kind):
    node = make_node(tmp_path, kind)
    line = refused(capsys, option, str(node))
    assert option in line and "not a regular file; give a new name" in line, line
    assert still(node, kind)


@pytest.mark.parametrize("kind", NODES)
def test_export_on_exit_onto_a_node_or_link_is_refused_in_the_config(capsys, tmp_path, kind):
    node = make_node(tmp_path, kind)
    config = tmp_path / "kiosk.toml"
    config.write_text(f'export_on_exit = "{node}"\n', encoding="utf-8")
    line = refused(capsys, "--kiosk", "--config", str(config))
    assert f"{config} line 1: export_on_exit: " in line, line
    assert still(node, kind)


def test_the_real_device_nodes_are_refused_without_being_touched():
    from lstm_arcade.formats.textfile import PathError, check_output

    for device in ("/dev/full", "/dev/null"):
        if os.path.exists(device):
            with pytest.raises(PathError, match="not a regular file"):
                check_output(Path(device))  # a check only: nothing is ever written there


@pytest.mark.parametrize("kind", ["fifo", "symlink", "dev-full"])
def test_a_node_that_appears_after_the_check_is_not_replaced_at_exit(tmp_path, capsys, kind):
    """The kiosk's export_on_exit was a new name when the settings were read; by the time staff quit,
    something else has that name: it stays, and the kiosk says it could not write."""
    target = tmp_path / f"{kind}-node"  # a new name now
    settings = KioskSettings(idle_seconds=10.0, log_file=tmp_path / "kiosk.log", export_on_exit=target)
    clock = FakeClock()
    app = KioskApp(Simulation(sequence=PULSE), open_window((1280, 720), False), settings, clock=clock)
    Driver(app, clock).frame()
    assert make_node(tmp_path, kind) == target
    try:
        app.running = False
        assert app.finish() == 1
    finally:
        pygame.quit()
    lines = [line for line in capsys.readouterr().err.splitlines() if "cannot write" in line]
    assert len(lines) == 1 and lines[0].endswith("not a regular file (left as it is)"), lines
    assert still(target, kind) and everything(tmp_path) == sorted(
        [target.name, "kiosk.log", *(["regular.txt"] if kind == "symlink" else [])]
    )


# --- two programs saving into one folder ----------------------------------------------------------
RACER = r"""
import hashlib, json, os, sys
from datetime import datetime
from pathlib import Path
os.environ["SDL_VIDEODRIVER"] = "dummy"
from lstm_arcade.app import files as classroom
from lstm_arcade.app import App, open_window
from lstm_arcade.sim import Simulation
me, rounds, folder = int(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
app = App(Simulation(sequence=[1, 0, 0, 0, 0]), open_window((640, 360), False))
app.options.export_dir = app.options.scenario_dir = folder
app.frame()
when = datetime(2025, 1, 2, 3, 4, 5)  # one stamp for everyone: every save wants the same names
print("ready", flush=True)
sys.stdin.readline()  # both start together
saves = []
for k in range(rounds):
    app.sim.set_param("w_f", (me * 1000 + k) / 10000)  # every save's content is its own
    for kind, paths in (("pair", classroom.export(app, trace=True, when=when)),
                        ("window", classroom.export(app, trace=False, when=when)),
                        ("scenario", [classroom.save_scenario(app, when=when)])):
        saves.append([kind, [p.name for p in paths if p],
                      [hashlib.sha256(p.read_bytes()).hexdigest() for p in paths if p]])
print(json.dumps(saves), flush=True)
"""


def test_two_programs_saving_into_one_folder_lose_and_overwrite_nothing(tmp_path):
    folder, rounds = tmp_path / "shared", 50
    folder.mkdir()
    racers = [subprocess.Popen([sys.executable, "-c", RACER, str(me), str(rounds), str(folder)],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env=HEADLESS) for me in (1, 2)]
    for racer in racers:
        assert racer.stdout.readline().strip() == "ready", racer.stderr.read()
    for racer in racers:
        racer.stdin.write("go\n")
        racer.stdin.flush()
    results = []
    for racer in racers:
        out, err = racer.communicate(timeout=120)
        assert racer.returncode == 0, err
        results.append(json.loads(out))
    claimed: dict[str, str] = {}
    for saves in results:
        assert len(saves) == 3 * rounds
        for kind, names, digests in saves:
            assert len(names) == {"pair": 2, "window": 1, "scenario": 1}[kind], (kind, names)
            if kind == "pair":  # trace-STAMP[-N].csv and window-STAMP[-N].png: one stamp and number
                assert names[0][len("trace-"):-len(".csv")] == names[1][len("window-"):-len(".png")]
            for name, digest in zip(names, digests, strict=True):
                assert name not in claimed, f"{name} was given to two saves"
                claimed[name] = digest
    assert everything(folder) == sorted(claimed)  # nothing lost, nothing extra, no temporary
    for name, digest in claimed.items():  # nothing overwritten afterwards
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name


# --- leftovers of killed saves ----------------------------------------------------------------------
def dead_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    return int(done.stdout)


def leftover(folder: Path, name: str, pid: int, age: float) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f".{name}{TEMP_MARK}{pid}-a1b2c3d4"
    path.write_bytes(b"x" * 1000)
    then = time.time() - age
    os.utime(path, (then, then))
    return path


def test_a_start_sweeps_the_leftovers_of_killed_saves_in_every_folder_it_writes(tmp_path):
    dead, alive = dead_pid(), os.getpid()
    folders = {name: tmp_path / name for name in ("scenarios", "exports", "shots", "traces")}
    stale, kept = [], []
    for folder in folders.values():
        stale += [leftover(folder, "window-1.png", dead, 120), leftover(folder, "old.csv", alive, 3600)]
        kept += [leftover(folder, "busy.png", alive, 120),  # a live program may be writing it now
                 leftover(folder, "fresh.png", dead, 0)]  # too fresh to judge (PIDs of other hosts)
        (folder / ".notes.lstm-arcade-tmp-x").write_text("not ours")
        kept.append(folder / ".notes.lstm-arcade-tmp-x")
    done = lstm_arcade("--frames", "1", "--scenario-dir", str(folders["scenarios"]),
                       "--export-dir", str(folders["exports"]),
                       "--screenshot", str(folders["shots"] / "s.png"),
                       "--export-trace", str(folders["traces"] / "t.csv"))
    assert done.returncode == 0, done.stderr
    assert not any(path.exists() for path in stale)
    assert all(path.exists() for path in kept)


def test_a_save_sweeps_the_leftovers_of_a_save_that_was_killed(make_driver, tmp_path):
    folder = tmp_path / "exports"
    folder.mkdir()
    killed = subprocess.run([sys.executable, "-c", (
        "import os, signal, sys\n"
        "from lstm_arcade.formats.textfile import save_atomically\n"
        "def half(tmp):\n"
        "    open(tmp, 'wb').write(b'x' * 5000)\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
        "save_atomically(sys.argv[1], half)\n"), str(folder / "trace.csv")], check=False)
    assert killed.returncode == -signal.SIGKILL
    [left] = everything(folder)
    assert left.startswith(".trace.csv" + TEMP_MARK)
    then = time.time() - 120
    os.utime(folder / left, (then, then))
    d = make_driver(Simulation(sequence=PULSE))
    d.app.options.export_dir = folder
    d.key(pygame.K_F12)
    [name] = everything(folder)
    assert name.startswith("window-") and not d.app.toast.error
