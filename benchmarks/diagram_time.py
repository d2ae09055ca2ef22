"""Frame time of the network diagram alone, animation running.

    python benchmarks/diagram_time.py                  # 1920x1080, 2000 frames
    python benchmarks/diagram_time.py --size 3840x2160 --short

A sequence plays at 2 steps per second on an injected 60 Hz clock, so every frame draws a pulse
mid-flight; only `DiagramView.draw` is timed (the cost the diagram adds to a frame).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

from lstm_arcade.app import App, open_window
from lstm_arcade.sim import Simulation


def measure(size: tuple[int, int], frames: int, reduce_motion: bool) -> list[float]:
    now = [0.0]
    sim = Simulation(sequence=[float(k % 3 == 0) for k in range(1000)], speed=2.0)
    app = App(sim, open_window(size, False), clock=lambda: now[0], reduce_motion=reduce_motion)
    sim.play(0.0)
    times = []
    for frame in range(frames + 60):
        now[0] += 1 / 60
        sim.update(now[0])
        app.animation.observe(sim.shown_t, sim.speed, now[0])
        start = time.perf_counter()
        app.diagram.render(app.screen, sim, app.text, app.animation.progress(now[0]), reduce_motion)
        if frame >= 60:  # the first second fills the text and glow caches
            times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="1920x1080")
    parser.add_argument("--frames", type=int, default=2000)
    parser.add_argument("--short", action="store_true", help="200 frames: the CI smoke run")
    parser.add_argument("--reduce-motion", action="store_true")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))
    times = sorted(measure((width, height), 200 if args.short else args.frames, args.reduce_motion))
    p99 = times[min(len(times) - 1, round(0.99 * (len(times) - 1)))]
    print(
        f"diagram draw at {width}x{height}, animation running, {len(times)} frames: "
        f"median {statistics.median(times):.2f} ms, p99 {p99:.2f} ms, max {times[-1]:.2f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
