"""Headless pygame for every test, and a driver that feeds real events through the real loop."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame
import pytest

from lstm_arcade.app import App, AppOptions, open_window
from lstm_arcade.app.kiosk import KioskApp
from lstm_arcade.formats import languages
from lstm_arcade.formats.config import KioskSettings
from lstm_arcade.sim import Simulation


@pytest.fixture(autouse=True)
def english_again_after_each_test():
    """The language is module state (i18n) and a new App starts in it: a test that switches it
    (Ctrl+L, --lang) must not leave the next test on its worker in German."""
    yield
    languages.use(languages.DEFAULT)


class FakeClock:
    """Injected time: tests decide how much time passes, nothing sleeps."""

    def __init__(self, start: float = 100.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now


class Driver:
    """Posts real pygame events and runs real frames of the app's loop."""

    def __init__(self, app: App, clock: FakeClock) -> None:
        self.app, self.clock = app, clock

    def frame(self, dt: float = 1 / 60) -> None:
        self.clock.now += dt
        self.app.frame()

    def post(self, *events: pygame.event.Event) -> None:
        for event in events:
            pygame.event.post(event)

    def click(self, pos: tuple[int, int], button: int = 1) -> None:
        pos = (int(pos[0]), int(pos[1]))
        self.post(
            pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)),
            pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=button),
            pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=button),
        )
        self.frame()

    def drag(self, start: tuple[int, int], end: tuple[int, int], steps: int = 6) -> None:
        """Press at start, move in steps (one frame each), release at end."""
        self.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=start, button=1))
        self.frame()
        for k in range(1, steps + 1):
            x = round(start[0] + (end[0] - start[0]) * k / steps)
            y = round(start[1] + (end[1] - start[1]) * k / steps)
            self.post(pygame.event.Event(pygame.MOUSEMOTION, pos=(x, y), rel=(0, 0), buttons=(1, 0, 0)))
            self.frame()
        self.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=end, button=1))
        self.frame()

    def key(self, key: int, mod: int = 0, unicode: str = "") -> None:
        self.post(
            pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode=unicode, scancode=0),
            pygame.event.Event(pygame.KEYUP, key=key, mod=mod, unicode=unicode, scancode=0),
        )
        self.frame()

    def type(self, text: str) -> None:
        """Each character as the OS sends it: a KEYDOWN, then its TEXTINPUT."""
        for char in text:
            key = pygame.key.key_code(char) if char.isalnum() else 0
            self.post(
                pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode=char, scancode=0),
                pygame.event.Event(pygame.TEXTINPUT, text=char),
            )
        self.frame()

    def pixel(self, pos: tuple[int, int]) -> tuple[int, int, int]:
        return tuple(self.app.screen.get_at((int(pos[0]), int(pos[1]))))[:3]


@pytest.fixture
def make_driver():
    """Build an app of a given size around a simulation; closes the display afterwards."""

    def build(
        sim: Simulation | None = None, size: tuple[int, int] = (1280, 720), options: AppOptions | None = None
    ) -> Driver:
        clock = FakeClock()
        app = App(sim or Simulation(), open_window(size, False), clock=clock, options=options)
        driver = Driver(app, clock)
        driver.frame()
        return driver

    yield build
    pygame.quit()


@pytest.fixture
def driver(make_driver) -> Driver:
    return make_driver()


# --- a real full disk ---------------------------------------------------------------------------
@pytest.fixture
def small_disk(tmp_path):
    """A real 64 KB tmpfs (a 1280x720 PNG is about twice that), mounted for one test as root;
    skipped where mounting is not permitted."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root")
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        if subprocess.run(["umount", str(mount)], capture_output=True, check=False).returncode != 0:
            subprocess.run(["umount", "-l", str(mount)], capture_output=True, check=False)


def fill_disk(disk: Path) -> None:
    """Leave no byte free on `disk`."""
    with open(disk / "filler", "wb", buffering=0) as handle:
        try:
            while True:
                handle.write(b"\0" * 4096)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC


# --- kiosk apps ---------------------------------------------------------------------------------
@pytest.fixture
def kiosk(tmp_path):
    """Build kiosk apps (settings as keywords, the log in tmp_path); each is finished afterwards."""
    made: list[KioskApp] = []

    def build(sim: Simulation | None = None, size=(1280, 720), wall=None, **settings) -> Driver:
        """`wall`: the kiosk's wall clock made from the app's FakeClock (default: the real time)."""
        # The Full level first unless a test asks for Explore (the product's kiosk default): these
        # tests drive the control panel's fields and buttons.
        options = {"idle_seconds": 10.0, "log_file": tmp_path / "kiosk.log", "levels": ("full", "explore"), **settings}
        clock = FakeClock()
        extra = {"wall_clock": wall(clock)} if wall is not None else {}
        app = KioskApp(
            sim or Simulation(), open_window(size, False), KioskSettings(**options), clock=clock, **extra
        )
        made.append(app)
        driver = Driver(app, clock)
        driver.frame()
        return driver

    yield build
    for app in made:
        app.finish()
    pygame.quit()
