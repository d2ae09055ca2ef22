"""Soak: a kiosk plays, trains and tours, round and round, for many frames; memory must stay flat.

    python -m tools.soak --frames 500000    # the full run (about an hour)
    python -m tools.soak --frames 20000 --tracemalloc

Resident memory (or, with --tracemalloc, Python's traced allocations) is sampled after the first
tenth of the run (at most 10,000 frames) and at the end; the run fails if it grew by more than the
allowance, or if a cache (rendered text, glow sprites, chain tiles) grew past its fixed bound.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import tracemalloc
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame

from lstm_arcade.app import App, open_window
from lstm_arcade.app import dispatch as dispatcher
from lstm_arcade.model import PARAM_SPECS
from lstm_arcade.sim import Simulation
from tools.bench import rss_mb

ALLOWANCE_MB = 5.0


def cache_sizes(app: App) -> dict[str, int]:
    """Every cache that could grow while the app runs, by entries (text also by bytes)."""
    sizes = {"text": len(app.text), "text_mb": app.text.bytes // 2**20, "glow": len(app.diagram.glow)}
    tiles = getattr(app.chain, "_tiles", None)
    if tiles is not None:
        sizes["chain_tiles"] = len(tiles)
    return sizes


CACHE_BOUNDS = {"text": 4000, "text_mb": 24, "glow": 2048, "chain_tiles": 4096}


PHASE_FRAMES = 3_000  # play and sliders, then training, then the attract tour, round and round


def soak(
    frames: int, seed: int = 1, traced: bool = False, report=print, phase_frames: int = PHASE_FRAMES
) -> tuple[float, float]:
    """Run the loop; return (memory after warm-up, memory at the end) in MB.

    A kiosk app cycles through three phases of PHASE_FRAMES frames: a visitor playing (sliders
    moved, new sequences, time travel), training on a task preset (restarted from the default
    weights whenever it stops), and the attract tour (ended as a visitor would)."""
    from lstm_arcade.app.kiosk import KioskApp
    from lstm_arcade.formats.config import KioskSettings

    rng = random.Random(seed)
    now = [0.0]
    with tempfile.TemporaryDirectory(prefix="lstm-arcade-soak-") as folder:
        settings = KioskSettings(idle_seconds=1e9, log_file=Path(folder) / "kiosk.log")
        sim = Simulation(sequence=[float(rng.random() < 0.3) for _ in range(100)], speed=30)
        app = KioskApp(sim, open_window((1280, 720), False), settings, clock=lambda: now[0])
        task = app.controls.task_names.index("Remember the pulse")
        measure = (lambda: tracemalloc.get_traced_memory()[0] / 2**20) if traced else rss_mb
        if traced:
            tracemalloc.start()
        warm_at = min(10_000, max(1, frames // 10))
        baseline = 0.0
        runs = tours = 0
        for frame in range(frames):
            phase, moment = divmod(frame, phase_frames)
            kind = ("play", "train", "tour")[phase % 3]
            if kind == "play":
                _visitor(app, rng, moment, now[0])
            elif kind == "train":
                if moment == 0:
                    dispatcher.select_task(app, task)
                if not app.sim.training:
                    app.sim.reset_weights()
                    dispatcher.toggle_training(app, app.clock())
                    runs += 1
            elif moment == 0:
                app.start_tour(now[0])
                tours += 1
            if kind != "tour" and app.touring:
                app.end_tour(now[0])
            if kind != "train" and app.sim.training:
                dispatcher.toggle_training(app, app.clock())
            app.frame()
            now[0] += 1 / 60
            if frame + 1 == warm_at:
                baseline = measure()
        end = measure()
        if traced:
            tracemalloc.stop()
        app.finish()
    report(f"soak: {frames:,} frames ({runs:,} training runs, {tours:,} tours), memory "
           f"{baseline:.1f} MB after {warm_at:,} frames, {end:.1f} MB at the end "
           f"({'traced' if traced else 'resident'}); caches {cache_sizes(app)}")
    for name, size in cache_sizes(app).items():
        if size > CACHE_BOUNDS[name]:
            raise AssertionError(f"cache {name} holds {size}, over its bound {CACHE_BOUNDS[name]}")
    return baseline, end


def _visitor(app: App, rng: random.Random, moment: int, now: float) -> None:
    """Play, a slider moved now and then (live recompute), new sequences, time travel."""
    sim = app.sim
    if not sim.playing:
        sim.play(now)
    if moment % 500 == 250:
        spec = rng.choice(PARAM_SPECS)
        sim.set_param(spec.name, round(rng.uniform(spec.min, spec.max), 2))
    if moment % 2000 == 1000:  # a new sequence of a new length
        sim.set_sequence([float(rng.random() < 0.3) for _ in range(rng.randrange(5, 400))])
    if moment % 700 == 350 and sim.t > 2:  # time travel, then back to live
        sim.inspect(rng.randrange(1, sim.t))
    if moment % 700 == 400:
        sim.go_live()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=500_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--tracemalloc", action="store_true", help="measure Python allocations, not RSS")
    args = parser.parse_args(argv)
    try:
        baseline, end = soak(args.frames, args.seed, args.tracemalloc)
    finally:
        pygame.quit()
    if end - baseline > ALLOWANCE_MB:
        print(f"soak FAILED: memory grew {end - baseline:.1f} MB (allowed {ALLOWANCE_MB:g})", file=sys.stderr)
        return 1
    print(f"soak passed: growth {end - baseline:+.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
