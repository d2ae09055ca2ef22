"""Training task presets: the `Task` a preset states and the seeded batch generators.

Each preset names a generator kind (below), a sequence length, a batch size and a seed; the batch
is the same every time for the same seed. It also states the loss it reaches and within how many
epochs when trained from the default weights with its optimizer and learning rate (full-batch:
see `train.py`); tests/test_tasks.py checks those claims. The presets file (assets/tasks.toml)
is read by `formats/tasks_file.py`: the model imports nothing of the project.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

MAX_LENGTH = 1000
MAX_BATCH = 4096
OPTIMIZERS = ("adam", "sgd")


Batch = tuple[np.ndarray, np.ndarray]  # xs, targets: float arrays of shape (batch, length)


def _bits(rng: np.random.Generator, batch: int, length: int, p: float = 0.5) -> np.ndarray:
    return (rng.random((batch, length)) < p).astype(np.float64)


def echo(rng: np.random.Generator, batch: int, length: int) -> Batch:
    """Random 0/1 inputs; the target is the input itself: y(t) = x(t)."""
    xs = _bits(rng, batch, length)
    return xs, xs.copy()


DELAY_PULSE = 3.0


def delay(rng: np.random.Generator, batch: int, length: int) -> Batch:
    """Pulses of height 3, never two in a row; the target is 1 one step after each pulse.

    y(t) = x(t-1) / 3, y(1) = 0. One cell with its weights in range cannot delay any 0/1 pattern
    (back-to-back 1s, or pulses of height 1, leave an error it cannot train away): separated,
    taller pulses make it learnable.
    """
    xs = _bits(rng, batch, length, p=0.3)
    for t in range(1, length):
        xs[:, t] *= 1.0 - xs[:, t - 1]
    targets = np.zeros_like(xs)
    targets[:, 1:] = xs[:, :-1]
    return DELAY_PULSE * xs, targets


def latch(rng: np.random.Generator, batch: int, length: int) -> Batch:
    """One pulse (a single 1) at a random step, or none; y(t) = 1 from the pulse on, else 0."""
    xs = np.zeros((batch, length))
    at = rng.integers(0, length + 1, size=batch)  # at == length: no pulse in this sequence
    rows = np.flatnonzero(at < length)
    xs[rows, at[rows]] = 1.0
    return xs, np.maximum.accumulate(xs, axis=1)


COUNT_SCALE = 0.1


def count(rng: np.random.Generator, batch: int, length: int) -> Batch:
    """Random 0/1 inputs (a 1 one time in three); y(t) = 0.1 × the number of 1s so far."""
    xs = _bits(rng, batch, length, p=1.0 / 3.0)
    return xs, COUNT_SCALE * np.cumsum(xs, axis=1)


GENERATORS: dict[str, Callable[[np.random.Generator, int, int], Batch]] = {
    "echo": echo,
    "delay": delay,
    "latch": latch,
    "count": count,
}


def generate(kind: str, batch_size: int, length: int, seed: int) -> Batch:
    """The seeded batch (xs, targets) of a generator kind, each of shape (batch_size, length)."""
    if kind not in GENERATORS:
        raise ValueError(f"unknown generator {kind!r} (known: {', '.join(GENERATORS)})")
    return GENERATORS[kind](np.random.default_rng(seed), batch_size, length)


@dataclass(frozen=True)
class Task:
    """One preset as the file states it."""

    name: str
    explanation: str  # one line, shown on screen
    generator: str  # a key of GENERATORS
    length: int  # time steps per sequence
    batch_size: int  # sequences per batch
    seed: int
    loss: float  # the MSE training reaches (and the trainer's tolerance for this task)
    max_epochs: int  # ... within this many epochs
    learning_rate: float
    optimizer: str  # "adam" or "sgd"

    def batch(self) -> Batch:
        """The task's batch (xs, targets), the same on every call."""
        return generate(self.generator, self.batch_size, self.length, self.seed)
