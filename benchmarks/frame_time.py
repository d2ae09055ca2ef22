"""Frame-time benchmark: the real frame loop, headless, with Play running.

    python benchmarks/frame_time.py                 # 1920x1080, 100 steps, 3000 frames
    python benchmarks/frame_time.py --length 100000 --size 3840x2160
    python benchmarks/frame_time.py --short         # the quick run CI does
    python benchmarks/frame_time.py --length 100000 --from-end   # a full history on screen

The clock is injected (1/60 s per frame) so Play advances as on a real 60 Hz screen; the time
measured is the wall time of each whole frame (events, simulation, drawing, flip), without the
frame cap's sleep. Prints the percentiles; exits 1 if --budget-ms is given and p99 exceeds it.

--from-end first takes every step but the last few thousand, then measures Play over the end of
the sequence (looping back over those last steps), so the graph and chain draw with the whole
history behind them: the "played to the end" case for long sequences.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

from lstm_arcade.app import App, open_window
from lstm_arcade.sim import Simulation


def measure(size: tuple[int, int], length: int, frames: int, speed: float, from_end: bool = False) -> list[float]:
    clock_now = [0.0]
    sim = Simulation(sequence=[1.0 if k % 7 == 0 else 0.0 for k in range(length)], speed=speed)
    app = App(sim, open_window(size, False), clock=lambda: clock_now[0])
    # With --from-end, Play covers the last `tail` steps (the measured frames plus the warm-up).
    tail = min(length, int((frames + 60) * speed / 60) + 2) if from_end else length
    for _ in range(length - tail):
        sim.step_forward()
    start = sim.t
    sim.play(0.0)
    for _ in range(60):  # warm the text and panel caches, as a running kiosk has them
        app.frame()
        clock_now[0] += 1 / 60
    app.frame_ms.clear()
    for _ in range(frames):
        if not sim.playing:  # loop so every frame is a playing frame
            while from_end and sim.t > start:
                sim.step_back()
            sim.play(clock_now[0])
        app.frame()
        clock_now[0] += 1 / 60
    return list(app.frame_ms)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="1920x1080")
    parser.add_argument("--length", type=int, default=100)
    parser.add_argument("--frames", type=int, default=3000)
    parser.add_argument("--speed", type=float, default=30.0)
    parser.add_argument("--short", action="store_true", help="300 frames: the CI smoke run")
    parser.add_argument("--budget-ms", type=float, help="fail when p99 exceeds this")
    parser.add_argument("--from-end", action="store_true", help="measure Play over the last steps, whole history behind")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))
    frames = 300 if args.short else args.frames
    times = measure((width, height), args.length, frames, args.speed, args.from_end)
    p99 = percentile(times, 99)
    print(
        f"frame time at {width}x{height}, {args.length} steps{' (from the end)' if args.from_end else ''} playing at {args.speed:g}/s, "
        f"{len(times)} frames: median {statistics.median(times):.2f} ms, "
        f"p95 {percentile(times, 95):.2f} ms, p99 {p99:.2f} ms, max {max(times):.2f} ms"
    )
    if args.budget_ms is not None and p99 > args.budget_ms:
        print(f"p99 {p99:.2f} ms is over the budget of {args.budget_ms:g} ms", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
