"""Training task presets: read from assets/tasks.toml (staff-editable), seeded batch generators.

Each preset names a generator kind (below), a sequence length, a batch size and a seed; the batch
is the same every time for the same seed. It also states the loss it reaches and within how many
epochs when trained from the default weights with its optimizer and learning rate (full-batch:
see `train.py`); tests/test_tasks.py checks those claims.

A bad file raises `TaskError`, a ValueError whose message is one line naming the file, the preset
and the key, for the UI or the command line to show instead of a traceback.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .train import LEARNING_RATE_RANGE

TASKS_PATH = Path(__file__).resolve().parents[2] / "assets" / "tasks.toml"

MAX_LENGTH = 1000
MAX_BATCH = 4096
OPTIMIZERS = ("adam", "sgd")


class TaskError(ValueError):
    """A task file that cannot be used; the message is one line and names the key."""


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


# key -> (type check, description for the message, extra check or None)
def _is_int(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _is_number(v) -> bool:
    return (isinstance(v, int | float)) and not isinstance(v, bool) and math.isfinite(v)


def _is_line(v) -> bool:
    return isinstance(v, str) and v.strip() != "" and "\n" not in v and "\r" not in v


_KEYS: dict[str, tuple[Callable[[object], bool], str]] = {
    "name": (_is_line, "a one-line text"),
    "explanation": (_is_line, "a one-line text"),
    "generator": (lambda v: v in GENERATORS, f"one of {', '.join(GENERATORS)}"),
    "length": (lambda v: _is_int(v) and 1 <= v <= MAX_LENGTH, f"an integer 1 … {MAX_LENGTH}"),
    "batch_size": (lambda v: _is_int(v) and 1 <= v <= MAX_BATCH, f"an integer 1 … {MAX_BATCH}"),
    "seed": (lambda v: _is_int(v) and v >= 0, "an integer >= 0"),
    "loss": (lambda v: _is_number(v) and v > 0, "a number > 0"),
    "max_epochs": (lambda v: _is_int(v) and v >= 1, "an integer >= 1"),
    "learning_rate": (
        lambda v: _is_number(v) and LEARNING_RATE_RANGE[0] <= v <= LEARNING_RATE_RANGE[1],
        f"a number {LEARNING_RATE_RANGE[0]} … {LEARNING_RATE_RANGE[1]}",
    ),
    "optimizer": (lambda v: v in OPTIMIZERS, f"one of {', '.join(OPTIMIZERS)}"),
}


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:40] + "…"


def _parse_task(where: str, table: object) -> Task:
    if not isinstance(table, dict):
        raise TaskError(f"{where}: must be a table of keys, got {_shown(table)}")
    for key in table:
        if key not in _KEYS:
            raise TaskError(f"{where}: unknown key {key!r} (known: {', '.join(_KEYS)})")
    for key, (ok, wanted) in _KEYS.items():
        if key not in table:
            raise TaskError(f"{where}: missing key {key!r} ({wanted})")
        if not ok(table[key]):
            raise TaskError(f"{where}: key {key!r} must be {wanted}, got {_shown(table[key])}")
    values = dict(table)
    values["loss"] = float(values["loss"])
    values["learning_rate"] = float(values["learning_rate"])
    return Task(**values)


def parse_tasks(text: str, source: str = "tasks.toml") -> tuple[Task, ...]:
    """The presets in TOML text: a list of `[[task]]` tables with every key of `Task`."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TaskError(f"{source}: not valid TOML: {exc}") from None
    for key in data:
        if key != "task":
            raise TaskError(f"{source}: unknown key {key!r} (expected [[task]] tables)")
    tables = data.get("task")
    if tables is None:
        raise TaskError(f"{source}: missing key 'task' (no [[task]] tables)")
    if not isinstance(tables, list) or not tables:
        raise TaskError(f"{source}: key 'task' must be a list of [[task]] tables")
    tasks = []
    names = set()
    for n, table in enumerate(tables, start=1):
        label = table.get("name") if isinstance(table, dict) else None
        where = f"{source}: task {n}" + (f" ({label!r})" if isinstance(label, str) else "")
        task = _parse_task(where, table)
        if task.name in names:
            raise TaskError(f"{where}: key 'name' repeats another task's name {task.name!r}")
        names.add(task.name)
        tasks.append(task)
    return tuple(tasks)


def load_tasks(path: str | Path = TASKS_PATH) -> tuple[Task, ...]:
    """The presets of a task file (default assets/tasks.toml); TaskError if it cannot be used."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TaskError(f"{path.name}: cannot be read: {exc}") from None
    return parse_tasks(text, source=path.name)
