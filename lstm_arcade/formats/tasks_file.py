"""The training task presets file (assets/tasks.toml, staff-editable): read and checked whole.

Each `[[task]]` names a generator kind (`model.tasks.GENERATORS`), a sequence length, a batch size
and a seed, and the loss it reaches within how many epochs (tests/test_tasks.py checks those
claims). A bad file raises `TaskError`, a ValueError whose message is one line naming the file,
the task and the key, for the UI or the command line to show instead of a traceback. No pygame.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

from ..model.tasks import GENERATORS, MAX_BATCH, MAX_LENGTH, OPTIMIZERS, Task
from ..model.train import LEARNING_RATE_RANGE
from .assets import asset_path
from .textfile import shown
from .toml_file import NumberError, TomlError, number_in, parse_toml, read_toml_file

TASKS_PATH = asset_path("tasks.toml")
MAX_FILE_BYTES = 1_000_000


class TaskError(ValueError):
    """A task file that cannot be used; the message is one line and names the key."""


def _number(
    low: float = -math.inf, high: float = math.inf, whole: bool = False
) -> Callable[[object], bool]:
    """A check that a value is a number in low … high (an int too big for a float is not)."""

    def ok(value: object) -> bool:
        try:
            number_in(value, low, high, whole=whole)
        except NumberError:
            return False
        return True

    return ok


def _is_line(v: object) -> bool:
    return isinstance(v, str) and v.strip() != "" and "\n" not in v and "\r" not in v


_positive = _number(0.0)


def _above_zero(value: object) -> bool:
    # _positive passes numbers only: the isinstance narrows `value` for the comparison
    return _positive(value) and isinstance(value, int | float) and value > 0


# key -> (check, what the message says it must be)
_KEYS: dict[str, tuple[Callable[[object], bool], str]] = {
    "name": (_is_line, "a one-line text"),
    "explanation": (_is_line, "a one-line text"),
    "generator": (lambda v: v in GENERATORS if isinstance(v, str) else False,
                  f"one of {', '.join(GENERATORS)}"),
    "length": (_number(1, MAX_LENGTH, whole=True), f"an integer 1 … {MAX_LENGTH}"),
    "batch_size": (_number(1, MAX_BATCH, whole=True), f"an integer 1 … {MAX_BATCH}"),
    "seed": (_number(0, whole=True), "an integer >= 0"),
    "loss": (_above_zero, "a number > 0"),
    "max_epochs": (_number(1, whole=True), "an integer >= 1"),
    "learning_rate": (
        _number(*LEARNING_RATE_RANGE),
        f"a number {LEARNING_RATE_RANGE[0]} … {LEARNING_RATE_RANGE[1]}",
    ),
    "optimizer": (lambda v: v in OPTIMIZERS if isinstance(v, str) else False,
                  f"one of {', '.join(OPTIMIZERS)}"),
}


def _shown(value: object) -> str:
    return shown(repr(value))


def _parse_task(where: str, table: object) -> Task:
    if not isinstance(table, dict):
        raise TaskError(f"{where}: must be a table of keys, got {_shown(table)}")
    for key in table:
        if key not in _KEYS:
            raise TaskError(f"{where}: unknown key {_shown(key)} (known: {', '.join(_KEYS)})")
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
        data = parse_toml(text)
    except TomlError as exc:
        raise TaskError(exc.located(source)) from None
    return _tasks(data, source)


def _tasks(data: dict, source: str) -> tuple[Task, ...]:
    for key in data:
        if key != "task":
            raise TaskError(f"{source}: unknown key {_shown(key)} (expected [[task]] tables)")
    tables = data.get("task")
    if tables is None:
        raise TaskError(f"{source}: missing key 'task' (no [[task]] tables)")
    if not isinstance(tables, list) or not tables:
        raise TaskError(f"{source}: key 'task' must be a list of [[task]] tables")
    tasks = []
    names = set()
    for n, table in enumerate(tables, start=1):
        label = table.get("name") if isinstance(table, dict) else None
        where = f"{source}: task {n}" + (f" ({_shown(label)})" if isinstance(label, str) else "")
        task = _parse_task(where, table)
        if task.name in names:
            raise TaskError(f"{where}: key 'name' repeats another task's name {_shown(task.name)}")
        names.add(task.name)
        tasks.append(task)
    return tuple(tasks)


def load_tasks(path: str | Path = TASKS_PATH) -> tuple[Task, ...]:
    """The presets of a task file (default: the bundled one); TaskError if it cannot be used."""
    path = Path(path)
    try:
        data, _ = read_toml_file(path, "task presets file", MAX_FILE_BYTES)
    except TomlError as exc:
        raise TaskError(exc.located(path.name)) from None
    return _tasks(data, path.name)
