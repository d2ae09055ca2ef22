"""End to end on a real X server: a first-time visitor at a 1280×1024 kiosk touch monitor, with
real mouse input (xdotool), completes "The forget gate keeps the memory" and the challenge "Hold
the pulse" from the Explore level. Where to press comes from a headless twin of the kiosk, given
the same presses; what the visitor achieved is read from the kiosk's own session log at exit.

Skipped where Xvfb, xdotool or xwd are missing; `.ci/run` installs them.
"""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
import time

import pygame
import pytest
from test_e2e_xvfb import TOOLS, Screen, read, wait_for, xvfb

pytestmark = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in TOOLS),
    reason="needs Xvfb, xdotool and xwd on PATH (apt-get install xvfb xdotool x11-apps)",
)
SCREEN = (1280, 1024)  # a 5:4 kiosk touch monitor: the square arrangement


class Visitor:
    """Every press goes to the real kiosk (X events) and to its headless twin (pygame events)."""

    def __init__(self, screen: Screen, twin) -> None:
        self.screen, self.twin = screen, twin

    @property
    def app(self):
        return self.twin.app

    def settle(self, seconds: float = 0.4) -> None:
        """Let both run: the real one in real time, the twin on its injected clock."""
        time.sleep(seconds)
        for _ in range(round(seconds * 60)):
            self.twin.frame()

    def click(self, rect: pygame.Rect) -> None:
        assert rect.width > 0, "the visitor cannot see what to press"
        self.screen.click(rect.center)
        self.twin.click(rect.center)
        self.settle()

    def drag_to_end(self, slider) -> None:
        """A slider's knob dragged past its track's right end."""
        start = slider.knob_rect().center
        end = (slider.rect.right + 30, start[1])
        self.screen.xdo("mousemove", str(start[0]), str(start[1]), "mousedown", "1")
        for k in range(1, 7):
            x = round(start[0] + (end[0] - start[0]) * k / 6)
            self.screen.xdo("mousemove", str(x), str(start[1]))
        self.screen.xdo("mouseup", "1")
        self.twin.drag(start, end)
        self.settle()

    def next_page(self) -> None:
        self.click(dict(self.app.lesson_card.buttons)["next"])


def test_a_first_visitor_completes_the_forget_gate_lesson_and_a_challenge(tmp_path, kiosk):
    log, sessions, config = tmp_path / "kiosk.log", tmp_path / "sessions", tmp_path / "kiosk.toml"
    config.write_text(
        f'idle_seconds = 600\nstill_there_seconds = 0\nlog_file = "{log}"\nsession_log_dir = "{sessions}"\n',
        encoding="utf-8",
    )
    twin = kiosk(size=SCREEN, levels=("explore", "full"), idle_seconds=600, still_there_seconds=0)
    assert twin.app.state.level == "explore"  # where a kiosk starts
    with xvfb(SCREEN) as display:
        screen = Screen(display)
        env = {**screen.env, "SDL_VIDEODRIVER": "x11", "SDL_AUDIODRIVER": "dummy"}
        err = tmp_path / "stderr.txt"
        with open(err, "w") as stderr:
            real = subprocess.Popen([sys.executable, "-m", "lstm_arcade", "--kiosk", "--config", str(config)],
                                    env=env, stdout=subprocess.DEVNULL, stderr=stderr)
        try:
            wait_for(screen.kiosk_window, 30, "the kiosk window")
            time.sleep(1.0)  # its first frames
            _visit(Visitor(screen, twin), screen)
            screen.xdo("keydown", "ctrl+shift+q")  # staff end the day
            try:
                real.wait(timeout=15)
            finally:
                screen.xdo("keyup", "ctrl+shift+q")
        finally:
            if real.poll() is None:
                real.kill()
                real.wait()
    assert real.returncode == 0, read(err) + read(log)
    rows = [row for path in sorted(sessions.glob("sessions-*.csv"))
            for row in csv.DictReader(path.open(encoding="utf-8"))]
    assert len(rows) == 1, rows
    row = rows[0]
    assert row["lessons_started"] == "1" and row["lessons_completed"] == "1", row
    assert row["challenges_started"] == "1" and row["challenges_met"] == "1", row
    assert row["best_stars"] == "hold-the-pulse:3", row


def _visit(visitor: Visitor, screen: Screen) -> None:
    app = visitor.app
    lesson = next(button for button in app.explore.lessons if button.offer.id == "forget-gate")
    if lesson.rect.width == 0:  # behind the Lessons button where the panel is short
        visitor.click(app.explore.openers["Lessons"].rect)
    visitor.click(lesson.rect)
    assert app.state.lesson is not None and app.state.lesson.id == "forget-gate"
    visitor.next_page()  # 1: the memory C
    visitor.click(app.explore.play.rect)  # 2: Play and watch C halve
    visitor.settle(3.5)
    assert app.sim.t == app.sim.length
    visitor.next_page()
    assert app.state.level == "full"  # 3 points at W_f: the glass box opens by itself
    visitor.drag_to_end(app.controls.sliders["w_f"])
    visitor.next_page()
    visitor.click(app.controls.play.rect)  # 4: Play again: W_f changed nothing
    visitor.settle(3.5)
    visitor.next_page()
    visitor.click(app.controls.reset.rect)  # 5: Reset, Step twice, read the math panel
    for _ in range(2):
        visitor.click(app.controls.step.rect)
    visitor.next_page()
    visitor.drag_to_end(app.controls.sliders["b_f"])  # 6: b_f opens the gate
    for _ in range(3):
        visitor.click(app.controls.step.rect)
    assert 6 in app.state.lesson_done or app.state.lesson_page == 5 and app.state.lesson_done
    visitor.next_page()
    visitor.next_page()  # 7: Finish
    assert app.state.lesson is None
    visitor.click(app.header.level_rect)  # back to Explore, to a challenge
    assert app.state.level == "explore"
    challenge = next(button for button in app.explore.challenges if button.offer.id == "hold-the-pulse")
    if challenge.rect.width == 0:
        visitor.click(app.explore.openers["Challenges"].rect)
    visitor.click(challenge.rect)
    visitor.settle()
    visitor.drag_to_end(app.explore.gates["u_f"])
    visitor.drag_to_end(app.explore.gates["b_f"])
    result = app.sim.goal_result()
    assert result is not None and result.met and result.stars == 3
    screen.grab()  # the screen is still there to be seen
