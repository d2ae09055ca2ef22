"""Kiosk mode through the real frame loop: exit guard, idle attract tour, crash guard, cursor."""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pygame
import pytest
from conftest import Driver, FakeClock, fill_disk

from lstm_arcade.app import open_window
from lstm_arcade.app.kiosk import CRASH_LIMIT, KioskApp
from lstm_arcade.formats.config import KioskSettings
from lstm_arcade.formats.tour import BUILTIN, parse_tour
from lstm_arcade.model import LSTMParams
from lstm_arcade.sim import Simulation
from lstm_arcade.ui import theme
from lstm_arcade.ui.views.stats import StatsPanel

CTRL_SHIFT = pygame.KMOD_LCTRL | pygame.KMOD_LSHIFT
PULSE = [1.0, 0.0, 0.0, 0.0, 0.0]


def log_text(tmp_path) -> str:
    return (tmp_path / "kiosk.log").read_text(encoding="utf-8")


def keydown(key: int, mod: int = 0) -> pygame.event.Event:
    return pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode="", scancode=0)


def keyup(key: int, mod: int = 0) -> pygame.event.Event:
    return pygame.event.Event(pygame.KEYUP, key=key, mod=mod, unicode="", scancode=0)


def frames(d: Driver, seconds: float, dt: float = 0.1) -> None:
    for _ in range(round(seconds / dt)):
        d.frame(dt)


# --- exit guard ----------------------------------------------------------------------------------
def test_esc_close_button_alt_f4_and_ctrl_q_do_not_quit(kiosk):
    d = kiosk(Simulation(sequence=PULSE))
    d.key(pygame.K_ESCAPE)
    d.post(pygame.event.Event(pygame.QUIT))
    d.post(pygame.event.Event(pygame.WINDOWCLOSE, window=None))
    d.frame()
    d.key(pygame.K_F4, pygame.KMOD_LALT)
    d.key(pygame.K_q, pygame.KMOD_LCTRL)
    d.key(pygame.K_h)  # the help overlay quits on Ctrl+Q in a normal window
    assert d.app.state.help_open
    assert "Ctrl+Q" in d.app.help.hidden_keys  # and the kiosk's help does not offer it
    d.key(pygame.K_q, pygame.KMOD_LCTRL)
    frames(d, 5.0)
    assert d.app.running


def test_the_staff_gesture_held_long_enough_quits(kiosk):
    d = kiosk(exit_hold_seconds=2.0)
    d.post(keydown(pygame.K_LCTRL, pygame.KMOD_LCTRL), keydown(pygame.K_LSHIFT, CTRL_SHIFT))
    d.post(keydown(pygame.K_q, CTRL_SHIFT))
    d.frame(0.1)
    for _ in range(18):  # 1.8 s more, with the key repeat a held key sends
        d.post(keydown(pygame.K_q, CTRL_SHIFT))
        d.frame(0.1)
    assert d.app.running  # 1.8 s after the press
    d.frame(0.25)
    assert not d.app.running and d.app.stop_reason == "staff exit gesture"
    assert d.app.finish() == 0


def test_the_gesture_released_early_does_not_quit(kiosk):
    d = kiosk(exit_hold_seconds=2.0)
    d.post(keydown(pygame.K_q, CTRL_SHIFT))
    frames(d, 1.5)
    d.post(keyup(pygame.K_q, CTRL_SHIFT))
    frames(d, 3.0)
    assert d.app.running
    # Letting go of Shift (Q still down) cancels too; pressing Q again starts a new count.
    d.post(keydown(pygame.K_q, CTRL_SHIFT))
    frames(d, 1.5)
    d.post(keyup(pygame.K_LSHIFT, pygame.KMOD_LCTRL))
    frames(d, 3.0)
    assert d.app.running
    d.post(keydown(pygame.K_q, pygame.KMOD_LCTRL))  # without Shift it is not the gesture at all
    frames(d, 3.0)
    assert d.app.running


def test_the_gesture_works_while_a_field_has_the_keys(kiosk):
    d = kiosk()
    field = d.app.controls.sequence
    d.click(field.rect.center)
    d.type("1")
    d.post(keydown(pygame.K_q, CTRL_SHIFT))
    frames(d, 1.0)
    assert d.app.running and d.app.state.focused is field and field.text == "1"
    frames(d, 1.2)
    assert not d.app.running


def test_a_configured_gesture(kiosk):
    d = kiosk(exit_keys="alt+f9", exit_hold_seconds=0.5)
    d.post(keydown(pygame.K_q, CTRL_SHIFT))
    frames(d, 1.0)
    assert d.app.running
    d.post(keydown(pygame.K_F9, pygame.KMOD_LALT))
    frames(d, 0.8)
    assert not d.app.running


# --- the attract tour ----------------------------------------------------------------------------
def leave_traces_of_a_visitor(d: Driver) -> None:
    app = d.app
    field = app.controls.sequence
    d.click(field.rect.center)
    d.key(pygame.K_a, pygame.KMOD_LCTRL)
    d.type("1, 1, 0")
    d.key(pygame.K_RETURN)
    d.key(pygame.K_ESCAPE)
    d.key(pygame.K_RIGHT)
    d.key(pygame.K_RIGHT)
    slider = app.controls.sliders["w_f"]
    y = slider.track_rect().centery
    d.drag((slider.x_of(slider.value), y), (slider.x_of(-1.5), y))
    d.key(pygame.K_ESCAPE)  # the dragged slider had the keys
    d.key(pygame.K_m)  # reduce motion on
    d.key(pygame.K_LEFT, pygame.KMOD_SHIFT)  # time travel to step 1
    d.click(app.diagram.center("f"))  # highlight a node
    d.click(field.rect.center)  # leave the focus in the field, with some text typed
    d.type("7")
    app.state.help_open = True
    assert app.sim.params.w_f < -1.4 and app.sim.inspected == 1 and app.state.reduce_motion
    assert app.state.highlight == "f" and app.state.focused is field


def test_idle_starts_the_tour_and_nothing_of_the_visitor_stays(kiosk, tmp_path):
    d = kiosk(Simulation(sequence=PULSE), idle_seconds=10)
    leave_traces_of_a_visitor(d)
    frames(d, 9.5)
    assert not d.app.touring
    frames(d, 0.6)
    app, first = d.app, BUILTIN.scenes[0]
    assert app.touring
    assert app.sim.params == first.params and app.sim.sequence == list(first.sequence)
    assert app.sim.t == 0 and app.sim.inspected is None and app.sim.speed == first.speed
    assert app.state.focused is None and not app.state.help_open and not app.state.reduce_motion
    assert app.state.highlight is None and app.controls.sequence.text == "1, 0, 0, 0, 0"
    assert app.controls.sequence.error in (None, "")
    assert "attract tour starts after 10" in log_text(tmp_path)
    assert "without input (left at t = 2 of 3)" in log_text(tmp_path)


def changed_pixels(a: pygame.Surface, b: pygame.Surface, rect: pygame.Rect, step: int = 4) -> int:
    return sum(
        a.get_at((x, y)) != b.get_at((x, y))
        for x in range(rect.left, rect.right, step)
        for y in range(rect.top, rect.bottom, step)
    )


def test_the_tour_plays_by_itself_with_large_captions(kiosk):
    d = kiosk(size=(1920, 1080), idle_seconds=5)
    frames(d, 5.1)
    app = d.app
    assert app.touring
    card = app.overlay.card_rect
    assert card.colliderect(app.layout.chain) and not card.colliderect(app.layout.stats)
    assert d.pixel((card.x + 1, card.centery)) == theme.ACCENT  # the card's edge
    first_caption = app.tour.caption(app.sim).text
    before = app.screen.copy()
    frames(d, BUILTIN.scenes[0].wait + 2.5)  # no input at all
    assert app.sim.t >= 1 and app.sim.playing
    assert app.tour.caption(app.sim).text != first_caption
    after = app.screen
    assert changed_pixels(before, after, card) > 200  # the caption changed
    assert changed_pixels(before, after, app.layout.diagram) > 50  # the cell shows the step
    # The captions are large: taller letters than any other text on screen (44 px class at 1080p).
    from lstm_arcade.ui.views.tour_overlay import caption_size

    assert caption_size(app.layout.metrics) >= 1.8 * app.layout.metrics.body


def test_the_prompt_pulses_and_holds_still_with_reduced_motion(kiosk):
    d = kiosk(idle_seconds=1)
    frames(d, 1.1)
    prompt = d.app.overlay.prompt_rect
    seen = set()
    for _ in range(16):
        d.frame(0.1)
        seen.add(d.pixel((prompt.x + prompt.height // 2, prompt.centery)))
    assert len(seen) > 3
    still = kiosk(Simulation(), idle_seconds=1)
    still.app.start_state = still.app.start_state.__class__(LSTMParams(), (), 2.0, True)
    frames(still, 1.1)
    prompt = still.app.overlay.prompt_rect
    seen = set()
    for _ in range(16):
        still.frame(0.1)
        seen.add(still.pixel((prompt.x + prompt.height // 2, prompt.centery)))
    assert len(seen) == 1


def test_the_tour_moves_through_its_scenes_and_loops(kiosk):
    tour = parse_tour(
        "scene: A\nsequence: 1\nwait: 0\nhold: 1\nat step 0: a\nscene: B\nsequence: 0, 1\nwait: 0\nhold: 1\nat step 0: b\n"
    )
    d = kiosk(idle_seconds=1)
    d.app.tour.tour = tour
    frames(d, 1.1)
    assert d.app.tour.scene.title == "A"
    frames(d, 1 / 0.5 + 1.5)
    assert d.app.tour.scene.title == "B" and d.app.controls.sequence.text == "0, 1"
    frames(d, 2 / 0.5 + 1.5)
    assert d.app.tour.scene.title == "A"


@pytest.mark.parametrize("how", ["click", "key", "finger", "wheel"])
def test_any_touch_click_or_key_ends_the_tour_with_a_fresh_start(kiosk, tmp_path, how):
    start = Simulation(LSTMParams(w_out=-1.0), [0.0, 1.0], speed=4.0)
    d = kiosk(start, idle_seconds=2, tour_hands_over_to="fresh")  # (the default starts a challenge)
    frames(d, 2.1 + BUILTIN.scenes[0].wait + 2.5)
    app = d.app
    assert app.touring and app.sim.t >= 1
    step = app.controls.step.rect.center
    if how == "click":
        d.click(step)  # on the Step button: ends the tour, does not also step
    elif how == "key":
        d.key(pygame.K_RIGHT)
    elif how == "finger":
        w, h = app.screen.get_size()
        finger = {
            "x": step[0] / w,
            "y": step[1] / h,
            "dx": 0,
            "dy": 0,
            "finger_id": 1,
            "touch_id": 1,
        }
        d.post(pygame.event.Event(pygame.FINGERDOWN, **finger))
        d.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=step, button=1, touch=True))
        d.post(pygame.event.Event(pygame.FINGERUP, **finger))
        d.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=step, button=1, touch=True))
        d.frame()
    else:
        d.post(
            pygame.event.Event(
                pygame.MOUSEWHEEL, x=0, y=1, precise_x=0.0, precise_y=1.0, flipped=False
            )
        )
        d.frame()
    app = d.app
    assert not app.touring
    assert app.sim.params == LSTMParams(w_out=-1.0) and app.sim.sequence == [0.0, 1.0]
    assert app.sim.speed == 4.0 and app.sim.t == 0 and not app.sim.playing
    assert app.controls.sequence.text == "0, 1"
    assert "attract tour ended by a visitor" in log_text(tmp_path)
    frames(d, 1.0)
    assert not app.touring and app.sim.t == 0  # and the idle clock started again
    frames(d, 1.1)
    assert app.touring


def test_the_start_state_is_the_launch_state_after_scenario_or_task(tmp_path):
    """The CLI applies --scenario / --task after building the app: the first frame's state counts."""
    clock = FakeClock()
    settings = KioskSettings(idle_seconds=1, log_file=tmp_path / "kiosk.log", tour_hands_over_to="fresh")
    app = KioskApp(Simulation(), open_window((1280, 720), False), settings, clock=clock)
    try:
        app.sim.set_sequence([0.0, 1.0, 1.0])
        app.sim.set_target([0.0, 0.0, 1.0])
        app.sim.set_param("w_f", 1.25)
        d = Driver(app, clock)
        frames(d, 1.2)
        assert app.touring and app.sim.sequence == list(BUILTIN.scenes[0].sequence)
        d.key(pygame.K_SPACE)
        assert not app.touring and app.sim.sequence == [0.0, 1.0, 1.0]
        assert app.sim.target == [0.0, 0.0, 1.0] and app.sim.params.w_f == 1.25
    finally:
        app.finish()
        pygame.quit()


def test_mouse_motion_alone_does_not_end_the_tour(kiosk):
    d = kiosk(idle_seconds=1)
    frames(d, 1.1)
    d.post(pygame.event.Event(pygame.MOUSEMOTION, pos=(300, 300), rel=(3, 0), buttons=(0, 0, 0)))
    d.frame()
    assert d.app.touring and not d.app.cursor_visible


def test_a_held_exit_gesture_is_not_idle(kiosk):
    d = kiosk(idle_seconds=1, exit_hold_seconds=3)
    d.post(keydown(pygame.K_q, CTRL_SHIFT))
    frames(d, 2.5)
    assert not d.app.touring and d.app.running
    frames(d, 0.8)
    assert not d.app.running


def test_a_bad_tour_file_is_reported_and_the_builtin_runs(kiosk, tmp_path, capsys):
    bad = tmp_path / "tour.txt"
    bad.write_text("scene: X\nsequence: 1\nat step 4: too late\n", encoding="utf-8")
    d = kiosk(tour_file=bad, idle_seconds=1)
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"{bad} line 1" in err and "built-in tour" in err
    assert "built-in tour" in log_text(tmp_path)
    frames(d, 1.1)
    assert d.app.touring and d.app.tour.scene == BUILTIN.scenes[0]


# --- crash guard ---------------------------------------------------------------------------------
def test_an_exception_in_a_frame_is_logged_and_the_kiosk_resets_and_goes_on(
    kiosk, tmp_path, monkeypatch
):
    d = kiosk(Simulation(sequence=PULSE))
    d.key(pygame.K_RIGHT)
    d.key(pygame.K_RIGHT)
    assert d.app.sim.t == 2
    original = StatsPanel.draw
    calls = {"n": 0}

    def draw_once_broken(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("injected failure in StatsPanel.draw")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(StatsPanel, "draw", draw_once_broken)
    d.frame()
    text = log_text(tmp_path)
    assert "Traceback (most recent call last)" in text
    assert (
        "RuntimeError: injected failure in StatsPanel.draw" in text and "draw_once_broken" in text
    )
    assert d.app.running and d.app.sim.t == 0 and d.app.sim.sequence == PULSE
    d.key(pygame.K_RIGHT)
    assert d.app.sim.t == 1 and calls["n"] >= 2  # the loop goes on, drawing again


def test_repeated_errors_stop_with_exit_code_1(kiosk, tmp_path, monkeypatch):
    d = kiosk()

    def broken(self, *args, **kwargs):
        raise ValueError("always broken")

    monkeypatch.setattr(StatsPanel, "draw", broken)
    for _ in range(CRASH_LIMIT):
        assert d.app.running
        d.frame()
    assert not d.app.running and d.app.exit_code == 1
    assert d.app.finish() == 1
    assert "stopping with exit code 1" in log_text(tmp_path)


# --- cursor ---------------------------------------------------------------------------------------
def test_the_cursor_hides_on_touch_and_after_idle_motion(kiosk):
    d = kiosk(hide_cursor_seconds=3, idle_seconds=100)
    assert not d.app.cursor_visible  # a kiosk starts without a pointer
    d.post(pygame.event.Event(pygame.MOUSEMOTION, pos=(100, 100), rel=(1, 1), buttons=(0, 0, 0)))
    d.frame()
    assert d.app.cursor_visible
    frames(d, 2.5)
    assert d.app.cursor_visible
    frames(d, 0.6)
    assert not d.app.cursor_visible
    d.post(pygame.event.Event(pygame.MOUSEMOTION, pos=(101, 100), rel=(1, 0), buttons=(0, 0, 0)))
    d.frame()
    assert d.app.cursor_visible
    d.post(pygame.event.Event(pygame.FINGERDOWN, x=0.5, y=0.5, dx=0, dy=0, finger_id=0, touch_id=0))
    d.frame()
    assert not d.app.cursor_visible  # a touch hides it at once
    # The motion SDL synthesises from a touch does not bring it back.
    d.post(
        pygame.event.Event(
            pygame.MOUSEMOTION, pos=(300, 300), rel=(1, 0), buttons=(1, 0, 0), touch=True
        )
    )
    d.frame()
    assert not d.app.cursor_visible


def test_visitors_write_no_files_unless_the_config_allows_export(kiosk):
    d = kiosk(idle_seconds=1)
    assert d.app.options.export_enabled is False and d.app.options.scenarios_enabled is False
    frames(d, 1.1)  # the tour's fresh start keeps them
    assert d.app.touring and d.app.options.export_enabled is False and d.app.options.scenarios_enabled is False
    assert kiosk(allow_export=True).app.options.export_enabled is True


# --- the end -------------------------------------------------------------------------------------
def test_export_on_exit_writes_the_trace(kiosk, tmp_path):
    out = tmp_path / "trace.csv"
    d = kiosk(Simulation(sequence=PULSE), export_on_exit=out)
    d.key(pygame.K_RIGHT)
    d.app.running = False
    assert d.app.finish() == 0
    rows = out.read_text().splitlines()
    assert rows[0].startswith("t,x,f,i,c_tilde,o,c,h,y") and len(rows) == 6
    assert "kiosk stopped (end of run) at t = 1 of 5, exit code 0" in log_text(tmp_path)


# --- signals and the log: through the real command line in a subprocess ---------------------------
def kiosk_command(tmp_path, *extra: str, **settings: str) -> list[str]:
    """`python -m lstm_arcade --kiosk --config FILE …` with the given settings (paths, as text)."""
    config = tmp_path / "kiosk.toml"
    config.write_text("".join(f"{key} = {json.dumps(value)}\n" for key, value in settings.items()),
                      encoding="utf-8")
    return [sys.executable, "-m", "lstm_arcade", "--kiosk", "--config", str(config), *extra]


HEADLESS = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}


def wait_for(proc: subprocess.Popen, ready, seconds: float = 30.0) -> None:
    """Until `ready()` holds: waiting on the process itself (it may also end), with a deadline."""
    deadline = time.monotonic() + seconds
    while not ready():
        assert time.monotonic() < deadline, "the kiosk did not get ready in time"
        try:
            proc.wait(timeout=0.05)
        except subprocess.TimeoutExpired:
            continue
        raise AssertionError(f"the kiosk ended early ({proc.returncode}): {proc.stderr.read()}")


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP", "SIGINT", "SIGQUIT"])
def test_a_stop_signal_ends_the_kiosk_cleanly_logged_and_exported(tmp_path, name):
    """systemctl stop (TERM), a lost session (HUP), Ctrl+C (INT), Ctrl+\\ (QUIT): each a clean stop
    that says which signal it was, writes export_on_exit and exits 0 (HUP ended it silently, QUIT
    was a fatal error, INT was logged as "end of run")."""
    log, out = tmp_path / "kiosk.log", tmp_path / "trace.csv"
    proc = subprocess.Popen(
        kiosk_command(
            tmp_path, "--sequence", "1, 0, 0", log_file=str(log), export_on_exit=str(out)
        ),
        env=HEADLESS, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        wait_for(proc, lambda: "kiosk started" in (log.read_text() if log.exists() else ""))
        proc.send_signal(getattr(signal, name))
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert (proc.returncode, err) == (0, "")
    assert f"kiosk stopped (signal {name}) at t = 0 of 3, exit code 0" in log.read_text()
    assert len(out.read_text().splitlines()) == 4  # the header and three steps: the whole file


@pytest.fixture
def own_signals():
    """Kiosk signal handlers installed in this process for one test, then the old ones back."""
    from lstm_arcade.app import kiosk as kiosk_module

    saved = {signum: signal.getsignal(signum) for signum in kiosk_module.STOP_SIGNALS}
    yield kiosk_module
    for signum, handler in saved.items():
        signal.signal(signum, handler)
    kiosk_module._StopRequest.app = kiosk_module._StopRequest.pending = None


def test_a_signal_during_the_startup_stops_before_the_first_frame(own_signals, tmp_path):
    """One that comes before the kiosk exists (the window opening) is kept for it: no frame runs,
    and the ending is the clean one."""
    out = tmp_path / "trace.csv"
    own_signals.install_signal_handlers()  # as open_kiosk_window does before SDL starts
    os.kill(os.getpid(), signal.SIGHUP)
    settings = KioskSettings(log_file=tmp_path / "kiosk.log", export_on_exit=out)
    app = KioskApp(Simulation(sequence=PULSE), open_window((1280, 720), False), settings,
                   clock=FakeClock())
    own_signals.install_signal_handlers(app)
    app.run(frames=50, fps=0)
    assert not app.frame_ms  # not one frame
    assert app.finish() == 0
    assert "kiosk stopped (signal SIGHUP) at t = 0 of 5, exit code 0" in log_text(tmp_path)
    assert len(out.read_text().splitlines()) == 6


class SignalOn(logging.Handler):
    """Sends `signum` to this process when a record containing `text` is logged."""

    def __init__(self, text: str, signum: int) -> None:
        super().__init__()
        self.text, self.signum = text, signum

    def emit(self, record: logging.LogRecord) -> None:
        if self.text in record.getMessage():
            os.kill(os.getpid(), self.signum)


def test_a_signal_in_a_frame_that_starts_afresh_still_stops(own_signals, kiosk):
    """The tour's fresh start builds the app anew (running = True): the signal must outlive it."""
    d = kiosk(idle_seconds=1)
    own_signals.install_signal_handlers(d.app)
    d.app.log.addHandler(SignalOn("attract tour starts", signal.SIGTERM))
    frames(d, 1.2)
    assert d.app.touring and not d.app.running and d.app.stop_reason == "signal SIGTERM"


def test_a_signal_during_the_export_at_the_end_leaves_a_whole_file(own_signals, kiosk, tmp_path,
                                                                  monkeypatch):
    """Ctrl+C while export_on_exit is being written: no KeyboardInterrupt half-way, the whole
    file, the stop logged, exit code 0."""
    from lstm_arcade.formats import export

    out = tmp_path / "trace.csv"
    d = kiosk(Simulation(sequence=PULSE), export_on_exit=out)
    own_signals.install_signal_handlers(d.app)
    real_run = export.run

    def run_interrupted(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGINT)
        return real_run(*args, **kwargs)

    monkeypatch.setattr(export, "run", run_interrupted)
    d.app.running = False
    assert d.app.finish() == 0
    assert len(out.read_text().splitlines()) == 6
    assert "kiosk stopped (" in log_text(tmp_path) and "exit code 0" in log_text(tmp_path)


def test_a_fifo_as_the_log_is_refused_at_once_instead_of_hanging_the_start(tmp_path):
    """Opening a FIFO to write waits for a reader, forever: no window came. Now: one line, the
    log on stderr, the kiosk runs (three frames here) and ends cleanly."""
    fifo = tmp_path / "kiosk.log"
    os.mkfifo(fifo)
    done = subprocess.run(kiosk_command(tmp_path, "--frames", "3", log_file=str(fifo)),
                          env=HEADLESS, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    why = [line for line in done.stderr.splitlines() if "cannot write the kiosk log" in line]
    assert len(why) == 1 and "is a FIFO, not a regular file; logging to stderr" in why[0]
    assert "Traceback" not in done.stderr and "kiosk stopped (end of run)" in done.stderr


@pytest.mark.parametrize("kind", ["symlink", "device", "folder"])
def test_a_log_that_is_not_a_regular_file_is_refused_up_front(kiosk, tmp_path, capsys, kind):
    """Never written through: a link's target and a device stay as they are."""
    target = tmp_path / "elsewhere.txt"
    target.write_text("keep me\n", encoding="utf-8")
    if kind == "symlink":
        log = tmp_path / "kiosk.log"
        log.symlink_to(target)
    elif kind == "device":
        log = Path(os.devnull)
    else:
        log = tmp_path / "logs"
        log.mkdir()
    d = kiosk(log_file=log)
    reason = {
        "symlink": "is a symbolic link; give a regular file or a new name",
        "device": "is a device or socket, not a regular file",
        "folder": "is a folder; give a file name",
    }[kind]
    assert d.app.finish() == 0
    err = capsys.readouterr().err
    why = [line for line in err.splitlines() if "cannot write the kiosk log" in line]
    assert len(why) == 1 and why[0].endswith(f": {reason}; logging to stderr")
    assert "Traceback" not in err and "kiosk stopped (end of run)" in err  # the log, on stderr
    assert target.read_text(encoding="utf-8") == "keep me\n"


def test_a_log_on_a_full_disk_falls_back_to_stderr_with_one_line(small_disk, tmp_path):
    """It printed `--- Logging error ---` with a traceback per record and exited 1 at the stop."""
    fill_disk(small_disk)
    out = tmp_path / "trace.csv"
    done = subprocess.run(
        kiosk_command(tmp_path, "--frames", "3", "--sequence", "1, 0",
                      log_file=str(small_disk / "kiosk.log"), export_on_exit=str(out)),
        env=HEADLESS, capture_output=True, text=True, timeout=60, check=False,
    )
    assert done.returncode == 0, done.stderr
    why = [line for line in done.stderr.splitlines() if "cannot write the kiosk log" in line]
    assert len(why) == 1 and why[0].endswith("No space left on device; logging to stderr")
    assert "Logging error" not in done.stderr and "Traceback" not in done.stderr
    assert "kiosk stopped (end of run) at t = 0 of 2, exit code 0" in done.stderr
    assert len(out.read_text().splitlines()) == 3


def test_a_disk_that_fills_while_running_moves_the_log_to_stderr_once(small_disk, kiosk, capsys):
    log = small_disk / "kiosk.log"
    d = kiosk(log_file=log)
    assert "kiosk started" in log.read_text(encoding="utf-8")
    fill_disk(small_disk)
    for k in range(100):  # more than the free rest of the log's last page
        d.app.log_line(f"record {k}: " + "x" * 100)
    d.frame()
    assert d.app.finish() == 0
    err = capsys.readouterr().err
    assert err.count("cannot write the kiosk log") == 1 and "No space left on device" in err
    assert "record 99: " in err and "kiosk stopped (end of run)" in err  # the log goes on there
    assert "Logging error" not in err and "Traceback" not in err


def test_the_log_still_rotates(tmp_path, monkeypatch, capsys):
    from lstm_arcade.app import kiosk as kiosk_module

    monkeypatch.setattr(kiosk_module, "LOG_BYTES", 2_000)
    log, problem = kiosk_module.open_log(tmp_path / "kiosk.log")
    assert problem is None
    for k in range(200):
        log.info("record %d: %s", k, "x" * 60)
    for handler in log.handlers:
        handler.close()
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["kiosk.log", "kiosk.log.1", "kiosk.log.2", "kiosk.log.3"]
    assert all((tmp_path / name).stat().st_size <= 2_000 for name in names)
    assert "record 199: " in (tmp_path / "kiosk.log").read_text(encoding="utf-8")
    assert capsys.readouterr().err == ""


def test_the_default_log_is_an_absolute_path_even_without_a_usable_home(monkeypatch):
    """HOME relative (or unknown): the log went to a folder under wherever the kiosk was started."""
    from lstm_arcade.formats.config import default_log_file

    monkeypatch.delenv("XDG_STATE_HOME", raising=False)
    monkeypatch.setenv("HOME", "relative/home")
    assert default_log_file().is_absolute()
    assert KioskSettings().log_file.is_absolute()


def test_a_message_that_is_not_utf8_is_logged_escaped_and_the_log_stays(tmp_path):
    """A file name that is not UTF-8 reaches the log as lone surrogates: the line is written with
    them escaped, and the log does not move to stderr."""
    from lstm_arcade.app.kiosk import open_log

    path = tmp_path / "kiosk.log"
    log, problem = open_log(path)
    assert problem is None
    log.error("cannot read the tour file %s", "tour-\udcff.txt")
    log.info("still here")
    for handler in list(log.handlers):
        handler.close()
    text = path.read_text(encoding="utf-8")
    assert "tour-\\udcff.txt" in text and "still here" in text


def test_ctrl_c_while_the_command_line_is_checked_stops_the_kiosk_cleanly(own_signals, tmp_path, monkeypatch):
    """Ctrl+C (SIGINT) while the arguments and files are still being checked: kept for the kiosk
    (no KeyboardInterrupt traceback), which then stops at once, logged as SIGINT, exit code 0."""
    from lstm_arcade import cli

    config = tmp_path / "kiosk.toml"
    config.write_text(f'log_file = "{tmp_path / "kiosk.log"}"\n', encoding="utf-8")
    check = cli._check_distinct

    def interrupted(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGINT)
        return check(*args, **kwargs)

    monkeypatch.setattr(cli, "_check_distinct", interrupted)
    assert cli.main(["--kiosk", "--config", str(config), "--sequence", "1, 0", "--frames", "50"]) == 0
    assert "kiosk stopped (signal SIGINT) at t = 0 of 2, exit code 0" in log_text(tmp_path)
