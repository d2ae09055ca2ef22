"""Training throughput: sequence-steps per second, forward and backward, single-threaded.

    python benchmarks/train_speed.py              # prints both figures
    python benchmarks/train_speed.py --check      # exits 1 if a figure is under its target

One sequence of 20 steps uses `loss_and_grads` (plain floats); a batch of 64 sequences of 20 steps
uses `loss_and_grads_batch` (numpy). A sequence-step is one time step of one sequence, so a call
on the batch counts 64 × 20 of them. Each figure is the best of several timed rounds. It also
prints how many whole trainer iterations of each task preset fit in a 4 ms frame budget.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse
import sys
import time

import numpy as np

from lstm_arcade.formats.tasks_file import load_tasks
from lstm_arcade.model import LSTMParams, Trainer, loss_and_grads, loss_and_grads_batch

TARGET_SINGLE = 150_000
TARGET_BATCH = 1_500_000


def steps_per_second(call, steps_per_call: int, rounds: int = 5, min_time: float = 0.2) -> float:
    """Best of `rounds` timings, each repeating `call` for at least `min_time` seconds."""
    call()  # warm up
    best = 0.0
    for _ in range(rounds):
        calls = 0
        start = time.perf_counter()
        while True:
            call()
            calls += 1
            elapsed = time.perf_counter() - start
            if elapsed >= min_time:
                break
        best = max(best, calls * steps_per_call / elapsed)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 below the targets")
    args = parser.parse_args(argv)

    rng = np.random.default_rng(0)
    params = LSTMParams(w_f=0.7, u_f=-0.4, b_f=0.3, w_c=1.2, u_o=-0.9, b_o=0.2, w_out=1.5)
    xs = (rng.random(20) < 0.5).astype(float).tolist()
    targets = rng.random(20).tolist()
    batch_x = (rng.random((64, 20)) < 0.5).astype(float)
    batch_d = rng.random((64, 20))

    single = steps_per_second(lambda: loss_and_grads(params, xs, targets), 20)
    batch = steps_per_second(lambda: loss_and_grads_batch(params, batch_x, batch_d), 64 * 20)
    ok_single, ok_batch = single >= TARGET_SINGLE, batch >= TARGET_BATCH
    print(
        f"one sequence, 20 steps: {single:12,.0f} sequence-steps/s "
        f"(target {TARGET_SINGLE:,}: {'ok' if ok_single else 'BELOW'})"
    )
    print(
        f"batch 64 x 20 steps:    {batch:12,.0f} sequence-steps/s "
        f"(target {TARGET_BATCH:,}: {'ok' if ok_batch else 'BELOW'})"
    )
    # For the training mode: whole trainer iterations (gradient + Adam + clamp) per 4 ms frame.
    for task in load_tasks():
        trainer = Trainer.for_task(task, tolerance=0.0, max_epochs=10**9)
        rate = steps_per_second(trainer.step, 1, rounds=3, min_time=0.1)
        print(
            f"trainer, {task.name} ({task.batch_size} x {task.length}): "
            f"{rate:8,.0f} iterations/s = {rate * 0.004:5.1f} per 4 ms frame"
        )
    return 0 if (ok_single and ok_batch) or not args.check else 1


if __name__ == "__main__":
    sys.exit(main())
