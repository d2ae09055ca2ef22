"""Frame-time benchmark: the real app loop, headless, no frame cap; one JSON line per scenario.

    python -m tools.bench                             # every scenario at 1920x1080, 4:3 and portrait
    python -m tools.bench --size 1920x1080 --size 3840x2160 --frames 3000
    python -m tools.bench --scenario drag --scenario long
    python -m tools.bench --lang de --lang fr --lang es   # the same in other languages

The clock is injected (1/60 s per frame, as on a 60 Hz screen), so Play advances exactly as it would
live; what is timed is the work of each whole frame (events, simulation, drawing, flip). The first
second of frames warms the caches and is not counted.
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame

from lstm_arcade import actions as act
from lstm_arcade.actions import Action
from lstm_arcade.app import App, open_window
from lstm_arcade.app import dispatch as dispatcher
from lstm_arcade.formats import languages
from lstm_arcade.sim import Simulation

WARMUP_FRAMES = 60
# Wide, a 4:3 projector and a portrait kiosk: each window shape has an arrangement of its own.
DEFAULT_SIZES = [(1920, 1080), (1024, 768), (1080, 1920)]
FRAME_S = 1 / 60


@dataclass
class Scenario:
    """Builds an app and returns what to do before each frame."""

    name: str
    setup: Callable[[tuple[int, int], list[float]], tuple[App, Callable[[int], None]]]


def _pulses(length: int) -> list[float]:
    return [1.0 if k % 7 == 0 else 0.0 for k in range(length)]


def _app(size: tuple[int, int], now: list[float], sim: Simulation) -> App:
    return App(sim, open_window(size, False), clock=lambda: now[0])


def _idle(size, now):
    sim = Simulation(sequence=[1, 0, 0, 0, 0])
    for _ in range(5):
        sim.step_forward()
    return _app(size, now, sim), lambda frame: None


def _looping_play(sim: Simulation, now: list[float], start: int) -> Callable[[int], None]:
    """Keep Play running from `start` to the end and round again, so every frame is a playing one."""

    def before(frame: int) -> None:
        if not sim.playing:
            while sim.t > start:
                sim.step_back()
            sim.play(now[0])

    return before


def _play(size, now):
    sim = Simulation(sequence=_pulses(100), speed=30)
    app = _app(size, now, sim)
    return app, _looping_play(sim, now, 0)


def _long(size, now):
    length = 100_000
    sim = Simulation(sequence=_pulses(length), speed=30)
    start = length - 2_000  # the whole history lies behind every measured frame
    for _ in range(start):
        sim.step_forward()
    app = _app(size, now, sim)
    return app, _looping_play(sim, now, start)


def _drag(size, now):
    sim = Simulation(sequence=_pulses(1_000))
    for _ in range(1_000):
        sim.step_forward()
    app = _app(size, now, sim)
    slider = _on_screen(app, app.controls.sliders["w_f"])
    track = slider.track_rect()
    y = track.centery
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=(slider.x_of(slider.value), y), button=1))

    def before(frame: int) -> None:  # back and forth across the whole track, every frame
        share = abs((frame % 60) - 30) / 30
        x = round(track.left + share * track.width)
        pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=(x, y), rel=(0, 0), buttons=(1, 0, 0)))

    return app, before


def _train(size, now):
    """Training on a preset at top pace, started again from the default weights when it ends."""
    sim = Simulation(speed=30)
    app = _app(size, now, sim)
    dispatcher.select_task(app, app.controls.task_names.index("Remember the pulse"))

    def before(frame: int) -> None:
        if not sim.training:
            sim.reset_weights()
            dispatcher.toggle_training(app, app.clock())

    return app, before


def _compare(size, now):
    """Play with the basic RNN beside the LSTM: its row, series, cell, math and both gradient strips."""
    sim = Simulation(sequence=_pulses(100), speed=30)
    sim.set_compare(True)
    app = _app(size, now, sim)
    return app, _looping_play(sim, now, 0)


def _compare_long(size, now):
    """Compare mode at the end of a 100,000-step sequence, playing."""
    length = 100_000
    sim = Simulation(sequence=_pulses(length), speed=30)
    sim.set_compare(True)
    start = length - 2_000
    for _ in range(start):
        sim.step_forward()
    while sim.pending:  # the RNN catches up in slices, as it would over the first frames
        sim.update(0.0)
    app = _app(size, now, sim)
    return app, _looping_play(sim, now, start)


def _tour(size, now):
    """The kiosk's attract tour, round and round: scenes load, play and show their captions."""
    from lstm_arcade.app.kiosk import KioskApp
    from lstm_arcade.formats.config import KioskSettings

    folder = tempfile.mkdtemp(prefix="lstm-arcade-bench-")  # the kiosk's log, gone at exit
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    settings = KioskSettings(idle_seconds=1e9, log_file=Path(folder) / "kiosk.log")
    app = KioskApp(Simulation(), open_window(size, False), settings, clock=lambda: now[0])
    app.start_tour(now[0])

    def before(frame: int) -> None:
        if not app.touring:
            app.start_tour(now[0])

    return app, before


def _on_screen(app: App, slider):
    """The slider, its tab and the control panel's page shown (a folded window's Weights page)."""
    page = app.controls.page_of(slider)
    if page is not None and app.controls.folded:
        app.controls.show_page(page)
    return slider


def _challenge(size, now):
    """A challenge, its allowed b_f slider dragged across its track every frame: the goal measured
    anew (a forward run with and without the pulse) and its score redrawn each frame."""
    sim = Simulation(speed=30)
    app = _app(size, now, sim)

    app.dispatch(Action(act.CHALLENGE, "hold-the-pulse"), now[0])
    for _ in range(len(sim.sequence)):
        sim.step_forward()
    app.frame()  # laid out with the challenge's sliders before the drag starts
    slider = _on_screen(app, app.controls.sliders["b_f"])
    track = slider.track_rect()
    y = track.centery
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=(slider.x_of(slider.value), y), button=1))

    def before(frame: int) -> None:
        share = abs((frame % 60) - 30) / 30
        x = round(track.left + share * track.width)
        pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=(x, y), rel=(0, 0), buttons=(1, 0, 0)))

    return app, before


def _lesson(size, now):
    """A lesson running at the Explore level: its card and the ring around its target over the
    panels, Play looping under them (the panels are drawn again under the card every frame)."""

    sim = Simulation(speed=30)
    app = _app(size, now, sim)
    app.dispatch(Action(act.LEVEL, "explore"), now[0])
    app.dispatch(Action(act.LESSON, "forget-gate"), now[0])
    return app, _looping_play(sim, now, 0)


SCENARIOS: dict[str, Callable] = {
    "idle": _idle, "play": _play, "drag": _drag, "long": _long, "train": _train,
    "compare": _compare, "compare_long": _compare_long, "tour": _tour, "challenge": _challenge, "lesson": _lesson,
}


def rss_mb() -> float:
    """Resident memory now, in MB (Linux /proc; elsewhere the peak from resource)."""
    try:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentile(ordered: list[float], q: float) -> float:
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def measure(name: str, size: tuple[int, int], frames: int, lang: str = languages.DEFAULT) -> dict:
    languages.use(lang)  # before the app: a kiosk scenario's config language is this one too
    now = [0.0]
    app, before = SCENARIOS[name](size, now)
    if app.state.language != lang:
        app.dispatch(Action(act.LANGUAGE, lang), now[0])
    times = []
    for frame in range(WARMUP_FRAMES + frames):
        before(frame)
        start = time.perf_counter()
        app.frame()
        elapsed = (time.perf_counter() - start) * 1000
        if frame >= WARMUP_FRAMES:
            times.append(elapsed)
        now[0] += FRAME_S
    ordered = sorted(times)
    return {
        "scenario": name,
        "size": f"{size[0]}x{size[1]}",
        "lang": lang,
        "frames": len(times),
        "p50_ms": round(percentile(ordered, 50), 3),
        "p99_ms": round(percentile(ordered, 99), 3),
        "max_ms": round(ordered[-1], 3),
        "rss_mb": round(rss_mb(), 1),
    }


def _size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not WxH, e.g. 1920x1080") from None
    if not (320 <= width <= 7680 and 240 <= height <= 4320):
        raise argparse.ArgumentTypeError(f"{text!r} is outside 320x240 … 7680x4320")
    return width, height


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=_size, action="append", help="WxH, repeatable (default 1920x1080, 1024x768, 1080x1920)")
    parser.add_argument("--frames", type=int, default=1500, help="measured frames per scenario")
    parser.add_argument("--scenario", choices=sorted(SCENARIOS), action="append", help="repeatable (default: all)")
    parser.add_argument("--lang", choices=languages.CODES, action="append", help="repeatable (default: en)")
    args = parser.parse_args(argv)
    if args.frames < 1:
        parser.error("argument --frames: must be at least 1")
    for lang in args.lang or [languages.DEFAULT]:
        for size in args.size or DEFAULT_SIZES:
            for name in args.scenario or list(SCENARIOS):
                print(json.dumps(measure(name, size, args.frames, lang)), flush=True)
    pygame.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
