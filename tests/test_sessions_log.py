"""The kiosk's anonymous session log: rows written at the idle reset and at the exit with the right
counts and nothing personal, atomic on a real full disk, two writers at once, and the staff report
over hand-made and hostile folders. Real events through the real frame loop, injected clocks."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import textwrap
from datetime import datetime
from pathlib import Path

import pygame
import pytest
from conftest import Driver, FakeClock, fill_disk

from lstm_arcade import actions as act
from lstm_arcade import cli
from lstm_arcade.actions import Action
from lstm_arcade.formats.config import ConfigError, load_config, parse_config
from lstm_arcade.formats.sessions import (
    COLUMNS,
    Session,
    SessionsError,
    append_rows,
    next_midnight,
    read_folder,
    report,
)
from lstm_arcade.sim import Simulation

PULSE = [1.0, 0.0, 0.0, 0.0, 0.0]
EVENING = datetime(2026, 12, 3, 21, 0, 0).timestamp()  # local time
TEMP_MARK = ".lstm-arcade-tmp-"


class Wall:
    """Wall time that moves with the app's FakeClock (plus jumps a test makes)."""

    def __init__(self, clock: FakeClock, start: float) -> None:
        self.clock, self.offset = clock, start - clock.now

    def __call__(self) -> float:
        return self.offset + self.clock.now


@pytest.fixture
def logging_kiosk(kiosk, tmp_path):
    """Kiosk apps that log sessions into tmp_path/sessions (unless told otherwise)."""

    def build(sim=None, start: float = EVENING, **settings) -> Driver:
        options = {"idle_seconds": 20.0, "still_there_seconds": 5.0, "session_log_dir": tmp_path / "sessions", **settings}
        return kiosk(sim or Simulation(sequence=PULSE), wall=lambda clock: Wall(clock, start), **options)

    return build


def frames(d: Driver, seconds: float, dt: float = 0.25) -> None:
    for _ in range(round(seconds / dt)):
        d.frame(dt)


def rows(folder: Path, day: str = "2026-12-03") -> list[dict[str, str]]:
    with open(folder / f"sessions-{day}.csv", newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        assert tuple(header) == COLUMNS
        return [dict(zip(header, row, strict=True)) for row in reader]


def pairs(text: str) -> dict[str, int]:
    return {k: int(v) for k, v in (p.split(":") for p in text.split(";") if p)}


def log_text(tmp_path) -> str:
    return (tmp_path / "kiosk.log").read_text(encoding="utf-8")


def a_visitor(d: Driver, typed: str = "0.25, 0.75, 0.5") -> None:
    """Two steps, Play twice, a slider dragged, a sequence typed and committed."""
    app = d.app
    d.click(app.controls.step.rect.center)
    d.click(app.controls.step.rect.center)
    d.key(pygame.K_SPACE)
    d.key(pygame.K_SPACE)
    slider = app.controls.sliders["w_f"]
    y = slider.track_rect().centery
    d.drag((slider.x_of(slider.value), y), (slider.x_of(-1.5), y))
    d.key(pygame.K_ESCAPE)
    field = app.controls.sequence
    d.click(field.rect.center)
    d.key(pygame.K_a, pygame.KMOD_LCTRL)
    d.type(typed)
    d.key(pygame.K_RETURN)
    assert app.sim.sequence == [float(x) for x in typed.split(",")]


# --- rows ----------------------------------------------------------------------------------------
def test_a_session_is_one_row_after_the_idle_reset_with_its_counts(logging_kiosk, tmp_path):
    d = logging_kiosk()
    frames(d, 3.0)  # nobody there yet: no session
    first = d.clock.now
    a_visitor(d)
    last = d.clock.now
    assert not (tmp_path / "sessions").exists()  # written when the session ends, not before
    frames(d, 20.25)
    assert d.app.touring
    [row] = rows(tmp_path / "sessions")
    assert row["start"] == datetime.fromtimestamp(EVENING + first - 100.0).astimezone().isoformat(
        timespec="seconds")
    assert abs(int(row["seconds"]) - (last - first)) <= 1
    controls = pairs(row["controls"])
    assert controls["step"] == 2 and controls["play"] == 2 and controls["commit"] == 1
    assert controls["set"] >= 3 and "taken" not in controls and "goal_met" not in controls
    assert (row["challenges_started"], row["challenges_met"], row["best_stars"]) == ("0", "0", "")
    assert (row["lessons_started"], row["lessons_completed"]) == ("0", "0")


def test_no_personal_data_reaches_the_file(logging_kiosk, tmp_path):
    d = logging_kiosk()
    a_visitor(d, typed="0.125, 0.875, 0.375")
    frames(d, 20.25)
    text = (tmp_path / "sessions" / "sessions-2026-12-03.csv").read_text(encoding="utf-8")
    for secret in ("0.125", "0.875", "0.375", "125", "875", "375", "-1.5"):
        assert secret not in text
    header, row = text.splitlines()
    assert header == ",".join(COLUMNS)
    # Only digits, the time, and action names (never values) are in the row.
    assert set(row) <= set("0123456789-:+T,;_abcdefghijklmnopqrstuvwxyz")


def test_the_tour_handover_a_met_goal_and_the_exit(logging_kiosk, tmp_path):
    d = logging_kiosk()
    frames(d, 20.25)
    assert d.app.touring and not (tmp_path / "sessions").exists()  # no visitor: no row
    d.click(d.app.controls.step.rect.center)  # the touch on the tour starts the first challenge
    app = d.app
    cid = app.sim.goal.id
    app.dispatch(Action(act.SOLVE), app.clock())  # the weights that meet it
    d.frame()
    assert app.state.best_stars >= 1
    stars = app.state.best_stars
    assert app.best_today == {cid: stars}
    d.key(pygame.K_RIGHT)
    app.running = False
    assert app.finish() == 0  # the exit ends the session: its row
    [row] = rows(tmp_path / "sessions")
    assert row["challenges_started"] == "1" and pairs(row["challenge_starts"]) == {cid: 1}
    assert row["challenges_met"] == "1" and pairs(row["best_stars"]) == {cid: stars}
    assert pairs(row["controls"]) == {"challenge": 1, "solve": 1, "step": 1}


@pytest.mark.skipif(not hasattr(act, "LESSON"), reason="no lessons in this build")
def test_lessons_started_and_completed(logging_kiosk, tmp_path):
    from lstm_arcade.formats.lessons_file import load_lessons

    first, second = load_lessons()[0][:2]
    d = logging_kiosk()
    app = d.app
    d.key(pygame.K_RIGHT)  # the visitor's first press
    app.dispatch(Action(act.LESSON, first.id), app.clock())
    for _ in range(60):  # every page done and turned: the last Next completes it
        app.dispatch(Action(act.LESSON_DONE), app.clock())
        app.dispatch(Action(act.LESSON_NEXT), app.clock())
        if app.state.lesson is None:
            break
    assert app.state.lesson is None
    app.dispatch(Action(act.LESSON, second.id), app.clock())
    app.dispatch(Action(act.LESSON_SKIP), app.clock())  # left: started, not completed
    frames(d, 20.25)
    [row] = rows(tmp_path / "sessions")
    assert (row["lessons_started"], row["lessons_completed"]) == ("2", "1")
    controls = pairs(row["controls"])
    assert controls["lesson"] == 2 and controls["lesson_skip"] == 1 and "lesson_done" not in controls


def test_two_sessions_two_rows_and_the_day_is_the_start_day(logging_kiosk, tmp_path):
    d = logging_kiosk(start=datetime(2026, 12, 3, 23, 59, 30).timestamp())
    d.key(pygame.K_RIGHT)  # 23:59:30: a session starts
    frames(d, 20.25)
    frames(d, 15.0)  # the tour plays past midnight
    d.key(pygame.K_SPACE)  # ends the tour: the next session, after midnight
    d.key(pygame.K_RIGHT)
    frames(d, 20.25)
    folder = tmp_path / "sessions"
    assert sorted(os.listdir(folder)) == [".sessions.lock", "sessions-2026-12-03.csv",
                                          "sessions-2026-12-04.csv"]
    [late] = rows(folder, "2026-12-03")
    [early] = rows(folder, "2026-12-04")
    assert late["start"].startswith("2026-12-03T23:59") and early["start"].startswith("2026-12-04T00:00")
    assert pairs(late["controls"]) == {"step": 1}
    assert pairs(early["controls"]) == {"challenge": 1, "step": 1}  # the tour handed over


def test_best_today_starts_empty_after_midnight(logging_kiosk):
    d = logging_kiosk(start=datetime(2026, 12, 3, 23, 59, 50).timestamp())
    d.app.dispatch(Action(act.CHALLENGE, "hold-the-pulse"), d.app.clock())
    d.app.dispatch(Action(act.SOLVE), d.app.clock())
    d.frame()
    assert d.app.best_today.get("hold-the-pulse", 0) >= 1
    frames(d, 5.0)
    assert d.app.best_today == {"hold-the-pulse": d.app.state.best_stars}
    frames(d, 6.0)  # past midnight
    assert d.app.best_today == {}
    assert next_midnight(datetime(2026, 12, 3, 12, 0).timestamp()) == datetime(2026, 12, 4).timestamp()


def test_without_the_setting_nothing_is_written(logging_kiosk, tmp_path):
    d = logging_kiosk(session_log_dir=None)
    a_visitor(d)
    frames(d, 20.25)
    d.app.running = False
    d.app.finish()
    assert not (tmp_path / "sessions").exists() and d.app.session_log is None


# --- failures: atomic, never stopping the kiosk ----------------------------------------------------
def test_a_full_disk_leaves_the_old_file_whole_and_the_row_comes_later(logging_kiosk, small_disk, tmp_path):
    d = logging_kiosk(session_log_dir=small_disk)
    d.key(pygame.K_RIGHT)
    frames(d, 20.25)  # the first row, written
    path = small_disk / "sessions-2026-12-03.csv"
    before = path.read_bytes()
    assert len(rows(small_disk)) == 1
    fill_disk(small_disk)
    d.key(pygame.K_SPACE)
    for _ in range(2):  # two sessions while the disk is full
        d.key(pygame.K_RIGHT)
        frames(d, 20.25)
        d.key(pygame.K_SPACE)
    assert d.app.running and path.read_bytes() == before  # the old file, whole
    assert not [n for n in os.listdir(small_disk) if TEMP_MARK in n]  # and no temporary left
    problems = [line for line in log_text(tmp_path).splitlines() if "cannot write the session log" in line]
    assert len(problems) == 1 and "No space left on device" in problems[0]  # said once
    assert "sessions-2026-12-03.csv" in problems[0] and "the kiosk goes on" in problems[0]
    (small_disk / "filler").unlink()
    d.key(pygame.K_RIGHT)
    frames(d, 20.25)
    assert len(rows(small_disk)) == 4  # the kept rows and the new one
    assert "the session log is written again" in log_text(tmp_path)


def test_an_unwritable_folder_is_one_log_line_and_the_kiosk_goes_on(logging_kiosk, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    d = logging_kiosk(session_log_dir=blocker / "sessions")
    for _ in range(3):
        d.key(pygame.K_RIGHT)
        frames(d, 20.25)
        d.key(pygame.K_SPACE)
    assert d.app.running and d.app.touring is False
    problems = [line for line in log_text(tmp_path).splitlines() if "cannot write the session log" in line]
    assert len(problems) == 1 and "Not a directory" in problems[0]
    assert "Traceback" not in log_text(tmp_path) and len(d.app.session_log.pending) == 3


def test_a_daily_file_that_is_a_symlink_or_a_folder_is_left_alone(tmp_path):
    folder = tmp_path / "s"
    folder.mkdir()
    target = tmp_path / "elsewhere.csv"
    target.write_text("keep\n", encoding="utf-8")
    (folder / "sessions-2026-12-03.csv").symlink_to(target)
    session = Session(datetime(2026, 12, 3, 10, 0).astimezone())
    with pytest.raises(OSError):
        append_rows(folder, session.day, [session])
    assert target.read_text(encoding="utf-8") == "keep\n"


WRITER = textwrap.dedent("""
    import sys
    from datetime import datetime
    from pathlib import Path
    from lstm_arcade.formats.sessions import Session, append_rows
    folder, name, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    for k in range(count):
        s = Session(datetime(2026, 12, 3, 10, 0).astimezone())
        s.used(name)
        s.controls[name] = k + 1
        append_rows(folder, s.day, [s])
""")


def test_two_kiosks_writing_one_folder_lose_no_row(tmp_path):
    folder = tmp_path / "shared"
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(folder), name, "40"],
                              stderr=subprocess.PIPE, text=True) for name in ("step", "play")]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    found = rows(folder)
    assert len(found) == 80
    for name in ("step", "play"):
        assert sorted(pairs(r["controls"])[name] for r in found if name in r["controls"]) == list(range(1, 41))
    assert (folder / "sessions-2026-12-03.csv").read_text().count("start,seconds") == 1


# --- the settings -------------------------------------------------------------------------------
def test_the_folder_setting(tmp_path):
    config = tmp_path / "kiosk.toml"
    config.write_text('session_log_dir = "logs/sessions"\n', encoding="utf-8")
    assert load_config(config).session_log_dir == tmp_path / "logs" / "sessions"  # beside the file
    assert parse_config('session_log_dir = ""').session_log_dir is None
    assert parse_config("").session_log_dir is None
    (tmp_path / "file").write_text("x", encoding="utf-8")
    for text, words in ((f'session_log_dir = "{tmp_path / "file"}"', "is a file; give a folder"),
                        ("session_log_dir = 5", "must be text in quotes"),
                        ('session_log_dir = "a\\u0000b"', "NUL")):
        with pytest.raises(ConfigError) as caught:
            parse_config(f"# kiosk\n{text}\n", "k.toml")
        assert str(caught.value).startswith("k.toml line 2: session_log_dir: ") and words in str(caught.value)


# --- the report ---------------------------------------------------------------------------------
HEADER = ",".join(COLUMNS)


def write_folder(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return folder


HAND_MADE = {
    "sessions-2026-12-01.csv": f"""
        {HEADER}
        2026-12-01T10:00:00+01:00,60,1,hold-the-pulse:1,1,hold-the-pulse:3,0,0,set:10;step:4
        2026-12-01T11:00:00+01:00,180,2,beat-the-rnn:1;hold-the-pulse:1,1,hold-the-pulse:1,1,1,play:2;set:5
        """,
    "sessions-2026-12-03.csv": f"""
        {HEADER}
        2026-12-03T09:30:00+01:00,120,0,,0,,0,0,step:1
        2026-12-03T16:00:00+01:00,300,1,beat-the-rnn:1,1,beat-the-rnn:2,1,0,challenge:1;set:20;solve:1
        """,
}


def test_the_report_on_a_hand_made_folder(tmp_path):
    text = report(write_folder(tmp_path / "s", HAND_MADE))
    lines = text.splitlines()
    assert all(len(line) <= 80 for line in lines)
    assert "2 days (2026-12-01 to 2026-12-03), 4 sessions" in lines
    assert "Minutes per session: median 2.5, total 11.0" in lines  # 1, 3, 2, 5 minutes
    assert "Lessons: 2 started, 1 completed" in lines
    table = {line.split()[0]: line.split()[1:] for line in lines if line.startswith(("hold-", "beat-"))}
    # started, met, 1 star, 2 stars, 3 stars
    assert table == {"beat-the-rnn": ["2", "1", "0", "1", "0"], "hold-the-pulse": ["2", "2", "1", "0", "1"]}
    top = lines[lines.index("Most used controls") + 1:]
    assert [line.split() for line in top[:5]] == [["set", "35"], ["step", "5"], ["play", "2"],
                                                  ["challenge", "1"], ["solve", "1"]]
    assert "Skipped" not in text


def test_the_ten_most_used_controls_only(tmp_path):
    names = [f"c{k:02d}" for k in range(15)]
    row = "2026-12-01T10:00:00,60,0,,0,,0,0," + ";".join(f"{n}:{k + 1}" for k, n in enumerate(names))
    text = report(write_folder(tmp_path / "s", {"sessions-2026-12-01.csv": f"{HEADER}\n{row}\n"}))
    lines = text.splitlines()
    top = lines[lines.index("Most used controls") + 1:]
    assert [line.split()[0] for line in top if line.startswith("  ")] == names[::-1][:10]


HOSTILE = [
    "2026-12-01T10:00:00,60,0,,0,,0,0",  # a column short
    "2026-12-01T10:00:00,60,0,,0,,0,0,step:1,extra",  # one too many
    "not a time,60,0,,0,,0,0,step:1",
    "2026-12-01T10:00:00,nan,0,,0,,0,0,step:1",
    "2026-12-01T10:00:00,inf,0,,0,,0,0,step:1",
    "2026-12-01T10:00:00,-5,0,,0,,0,0,step:1",
    "2026-12-01T10:00:00,1" + "0" * 400 + ",0,,0,,0,0,step:1",
    "2026-12-01T10:00:00,60,1" + "0" * 400 + ",,0,,0,0,step:1",
    "2026-12-01T10:00:00,60,0,,0,,0,0,step:1" + "0" * 400,
    "2026-12-01T10:00:00,,0,,0,,0,0,step:1",  # an empty number
    "2026-12-01T10:00:00,60,0,,0,,0,0,st\u200bep:1",  # a zero-width character in a name
    "2026-12-01T10:00:00,60,0,,0,,0,0,step\x07:1",  # a control character
    "2026-12-01T10:00:00,60,0,,0,,0,0,Step:1",
    "2026-12-01T10:00:00,60,0,,0,,0,0,step:1;step:2",  # a name twice
    "2026-12-01T10:00:00,60,1,hold-the-pulse:1,1,hold-the-pulse:4,0,0,",  # four stars
    "2026-12-01T10:00:00,60,3,hold-the-pulse:1,0,,0,0,",  # totals that disagree
    "2026-12-01T10:00:00,60,0,,1,,0,0,",
    "1999-12-01T10:00:00,60,0,,0,,0,0,",
    "2026-12-01T10:00:00,60,0,,0,,0,0,=HYPERLINK(1):1",
    '"2026-12-01T10:00:00,60,0,,0,,0,0,' + "x" * 200_000 + '"',  # over the csv field limit
]


def test_hostile_rows_are_counted_and_skipped_never_a_traceback(tmp_path):
    good = "2026-12-01T10:00:00,60,0,,0,,0,0,step:1"
    folder = write_folder(tmp_path / "s", {
        "sessions-2026-12-01.csv": "\n".join([HEADER, good, *HOSTILE, good]) + "\n",
        "sessions-other.csv": "name,email\nann,ann@example.org\nbob,bob@example.org\n",
        "sessions-empty.csv": "",
    })
    (folder / "sessions-bytes.csv").write_bytes(HEADER.encode() + b"\n\xff\xfe,60,0,,0,,0,0,\x00\n" + good.encode())
    os.mkfifo(folder / "sessions-fifo.csv")  # would block a plain open()
    (folder / "sessions-folder.csv").mkdir()
    (folder / "sessions-link.csv").symlink_to(folder / "sessions-2026-12-01.csv")
    found = read_folder(folder)
    assert len(found.sessions) == 3  # the good rows
    assert found.bad_rows == len(HOSTILE) + 1 and found.foreign_rows == 2
    assert {why.split(":")[0] for why in found.unread} == {"sessions-fifo.csv", "sessions-folder.csv",
                                                            "sessions-link.csv"}
    text = report(folder)
    assert "3 sessions" in text and f"Skipped {len(HOSTILE) + 1} bad rows" in text
    assert "Skipped 2 rows of files that are not session logs" in text
    assert "ann@example.org" not in text and all(len(line) <= 80 for line in text.splitlines())


# --- the command line -------------------------------------------------------------------------------
def test_the_command_prints_the_report(tmp_path, capsys):
    folder = write_folder(tmp_path / "s", HAND_MADE)
    assert cli.main(["--sessions-report", str(folder)]) == 0
    out, err = capsys.readouterr()
    assert err == "" and "4 sessions" in out and out == report(folder)


@pytest.mark.parametrize("kind", ["missing", "file", "nul"])
def test_a_bad_folder_is_exit_2_and_one_line(tmp_path, capsys, kind):
    if kind == "missing":
        value = str(tmp_path / "nope")
    elif kind == "file":
        (tmp_path / "f.csv").write_text("x", encoding="utf-8")
        value = str(tmp_path / "f.csv")
    else:
        value = "a\x00b"
    if kind == "nul":
        with pytest.raises(SystemExit) as caught:
            cli.main(["--sessions-report", value])
        code = caught.value.code
    else:
        code = cli.main(["--sessions-report", value])
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert {"missing": "no such folder", "file": "is a file, not a folder", "nul": "NUL"}[kind] in err


def test_the_real_command_fits_80_columns_and_survives_a_closed_pipe(tmp_path):
    folder = write_folder(tmp_path / "s", HAND_MADE)
    done = subprocess.run(f"{sys.executable} -m lstm_arcade --sessions-report {folder} | head -1",
                          shell=True, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0 and done.stdout.startswith("Sessions in ") and done.stderr == ""
    with pytest.raises(SessionsError):
        read_folder(tmp_path / "nope")
