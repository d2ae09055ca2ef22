"""Lesson files (assets/lessons/*.toml, staff-editable): guided pages, read and checked whole.

A lesson has an `id` (a slug), a `title`, an optional `level` ("explore" or "full"), an optional
`[setup]` (a `sequence`, weights to `set`, `steps` taken) and its `[[page]]`s. A page has a short
`text`, an optional `target` to point at, and completes by exactly one of: `action` (the visitor
does it: see LESSON_ACTIONS; `param` narrows "set" to one slider and "commit" to one field) or
`when` (a condition on the state: formats/condition.py). A page with neither is read and closed
by Next. `solve` is the page's reference way to complete it (tests apply it to a real
Simulation; a "show me" may too): in this order, type a `sequence`, pick a `task`, `set` weights,
`reset`, do an `action`, take `steps` steps.

`load_lessons` loads every file of a folder: a bad file is one line naming the file, the line
(when known) and the key, and never stops the others. No pygame.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..model import (
    PARAM_SPECS_BY_ID,
    RNN_PREFIX,
    LSTMParams,
    RNNParams,
    SequenceError,
    parse_sequence,
)
from .assets import asset_path
from .condition import Condition, ConditionError, compile_condition
from .tasks_file import TaskError, load_tasks
from .textfile import dotted_key, find_line, shown, toml_lines
from .toml_file import NumberError, TomlError, number_in, parse_toml, read_toml_file

LESSONS_FOLDER = "lessons"  # under the package's assets
MAX_FILES = 200
MAX_PAGES = 60
MAX_STEPS = 100_000  # steps a setup or a solve takes (a sequence's most values)
TEXT_LIMIT = 220  # a page's text: one or two short sentences
TITLE_LIMIT = 60
ID_LIMIT = 40
LEVELS = ("explore", "full")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

# What a target may point at. Formats never import ui: these are copies, and
# tests/test_lessons_file.py checks them against the diagram's NODES and the controls' widgets.
PANELS = ("diagram", "chain", "graph", "math", "stats", "controls")
DIAGRAM_NODES = (
    "c_prev", "h_prev", "x", "f", "i", "c_tilde", "o", "forget_mul", "input_mul", "add", "c",
    "tanh_c", "out_mul", "h", "y",
)  # fmt: skip
RNN_NODES = ("rnn_h", "rnn_x", "rnn_y")  # the basic RNN's, drawn in compare mode
BUTTONS = (
    "back", "step", "play", "reset", "train", "task", "optimizer", "reset_weights", "compare",
)  # fmt: skip
FIELDS = ("sequence", "target")
SLIDERS = (*PARAM_SPECS_BY_ID, "speed", "lr")
TARGET_KINDS: dict[str, tuple[str, ...]] = {
    "panel": PANELS,
    "node": DIAGRAM_NODES + RNN_NODES,
    "slider": SLIDERS,
    "button": BUTTONS,
    "field": FIELDS,
}
# The action names (lstm_arcade/actions.py, copied: formats sit below it) a page may wait for.
LESSON_ACTIONS = (
    "step", "back", "play", "reset", "set", "commit", "compare", "train", "task", "optimizer",
    "undo_training", "reset_weights", "time_travel", "go_live", "inspect", "highlight",
    "toggle_series", "preset", "pin", "help",
)  # fmt: skip
MEMORY_TEST = "Memory test"  # the Task cycler's entry beside tasks.toml's (ui/controls.py)


class LessonError(ValueError):
    """A lesson file that cannot be used; the message is one line: file, line, key, what."""


@dataclass(frozen=True)
class Solve:
    """A page's reference completion, applied in field order."""

    sequence: str | None = None  # typed into the sequence field and committed
    task: str | None = None  # the Task cycler turned to this entry
    set: tuple[tuple[str, float], ...] = ()  # sliders moved: (parameter id, value)
    reset: bool = False
    action: str | None = None
    steps: int = 0  # Step pressed this many times


@dataclass(frozen=True)
class Page:
    """One page: its text, what it points at and how it completes."""

    text: str
    target: str | None = None
    action: str | None = None
    param: str | None = None  # with action "set": the slider; with "commit": the field
    when: Condition | None = None
    solve: Solve | None = None

    @property
    def reading(self) -> bool:
        """A page that only asks to be read (Next completes it)."""
        return self.action is None and self.when is None

    def completed_by(self, action: str, target: str | None = None) -> bool:
        """True when the visitor's action (an `actions.Action`'s name and target) completes it."""
        if self.action is None or action != self.action:
            return False
        return self.param is None or target == self.param


@dataclass(frozen=True)
class Setup:
    """The state a lesson starts from: the seed's default weights with `set` applied."""

    sequence: tuple[float, ...] | None = None  # None: keep the visitor's
    sequence_text: str | None = None
    set: tuple[tuple[str, float], ...] = ()
    steps: int = 0

    def params(self) -> LSTMParams:
        values = {k: v for k, v in self.set if not k.startswith(RNN_PREFIX)}
        return LSTMParams(**values)

    def rnn_params(self) -> RNNParams:
        values = {k.removeprefix(RNN_PREFIX): v for k, v in self.set if k.startswith(RNN_PREFIX)}
        return RNNParams(**values)


@dataclass(frozen=True)
class Lesson:
    id: str
    title: str
    level: str | None  # the level it starts at (offered only where that level is); None: the visitor's
    setup: Setup
    pages: tuple[Page, ...]
    source: str = ""  # the file's name, for messages


def split_target(target: str) -> tuple[str, str]:
    """'slider:b_f' → ('slider', 'b_f')."""
    kind, _, name = target.partition(":")
    return kind, name


def default_folder() -> Path:
    return asset_path(LESSONS_FOLDER)


def task_choices() -> tuple[str, ...]:
    """The Task cycler's entries a lesson may name: tasks.toml's and the memory test."""
    try:
        names = tuple(task.name for task in load_tasks())
    except TaskError:  # its own message is shown where the tasks load; lessons still load
        names = ()
    return (*names, MEMORY_TEST)


def load_lessons(
    folder: str | Path | None = None, tasks: tuple[str, ...] | None = None
) -> tuple[list[Lesson], list[str]]:
    """Every valid lesson of `folder` (default: the bundled ones) sorted by id, and one problem
    line per file that cannot be used (the others still load)."""
    root = Path(folder) if folder is not None else default_folder()
    try:
        files = sorted(p for p in root.iterdir() if p.suffix == ".toml")
    except OSError as exc:
        return [], [f"{shown(str(root), 60)}: cannot read the lessons folder ({exc.strerror or exc})"]
    problems = []
    if len(files) > MAX_FILES:
        problems.append(f"{root.name}: more than {MAX_FILES} lesson files; the rest are not read")
        files = files[:MAX_FILES]
    choices = task_choices() if tasks is None else tasks
    lessons: dict[str, Lesson] = {}
    for path in files:
        try:
            lesson = load_lesson(path, choices)
        except LessonError as exc:
            problems.append(str(exc))
            continue
        if lesson.id in lessons:
            first = lessons[lesson.id].source
            problems.append(f"{path.name}: key 'id': {lesson.id!r} is already the id of {first}")
            continue
        lessons[lesson.id] = lesson
    return [lessons[k] for k in sorted(lessons)], problems


def load_lesson(path: str | Path, tasks: tuple[str, ...] | None = None) -> Lesson:
    """One lesson file; LessonError (one line) when it cannot be used."""
    path = Path(path)
    try:
        data, text = read_toml_file(path, "lesson file")
    except TomlError as exc:
        raise LessonError(exc.located(path.name)) from None
    return _Reader(path.name, text, task_choices() if tasks is None else tasks).lesson(data)


def parse_lesson(text: str, source: str = "lesson.toml", tasks: tuple[str, ...] = ()) -> Lesson:
    """The lesson in TOML text (`tasks`: the Task entries a solve may name)."""
    try:
        data = parse_toml(text)
    except TomlError as exc:
        raise LessonError(exc.located(source)) from None
    return _Reader(source, text, (*tasks, MEMORY_TEST)).lesson(data)


# --- checking ------------------------------------------------------------------------------------
class _Bad(Exception):
    """A bad value: what is wrong, and the key below the current table that holds it."""

    def __init__(self, key: str, what: str) -> None:
        super().__init__(what)
        self.key, self.what = key, what


def _shown(value: object) -> str:
    return shown(repr(value))


def _line_text(value: object, key: str, limit: int) -> str:
    """A short line of text to show: no line breaks, controls or invisible characters."""
    if not isinstance(value, str):
        raise _Bad(key, f"must be a text, got {_shown(value)}")
    if not value.strip():
        raise _Bad(key, "must not be empty")
    if len(value) > limit:
        raise _Bad(key, f"is {len(value):,} characters long (at most {limit})")
    for k, char in enumerate(value, 1):
        # controls, format characters (zero-width, direction marks), unassigned, line separators
        if unicodedata.category(char) in ("Cc", "Cf", "Cn", "Co", "Cs", "Zl", "Zp"):
            raise _Bad(key, f"holds the invisible character {_shown(char)} at character {k}")
    return value


def _choice(value: object, key: str, choices: tuple[str, ...], what: str) -> str:
    if not isinstance(value, str) or value not in choices:
        raise _Bad(key, f"{_shown(value)} is not {what} (known: {', '.join(choices)})")
    return value


def _whole(value: object, key: str, low: int, high: int) -> int:
    try:
        return int(number_in(value, low, high, whole=True))
    except NumberError as exc:
        raise _Bad(key, f"{_shown(value)} {exc.reason} (an integer {low} … {high:,})") from None


def _table(value: object, key: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise _Bad(key, f"must be a table, got {_shown(value)}")
    return value


def _known(table: Mapping[str, Any], keys: tuple[str, ...], prefix: str = "") -> None:
    for key in table:
        if key not in keys:
            raise _Bad(prefix + key, f"unknown key (known: {', '.join(keys)})")


def _weights(value: object, key: str) -> tuple[tuple[str, float], ...]:
    table = _table(value, key)
    if not table:
        raise _Bad(key, "names no weight")
    out = []
    for name, number in table.items():
        spec = PARAM_SPECS_BY_ID.get(name)
        if spec is None:
            raise _Bad(f"{key}.{name}", f"unknown weight (known: {', '.join(PARAM_SPECS_BY_ID)})")
        try:
            out.append((name, number_in(number, spec.min, spec.max)))
        except NumberError as exc:
            raise _Bad(f"{key}.{name}", f"{_shown(number)} {exc.reason}") from None
    return tuple(out)


def _sequence(value: object, key: str) -> tuple[str, tuple[float, ...]]:
    if not isinstance(value, str):
        raise _Bad(key, f"must be a text such as \"1, 0, 0, 0, 0\", got {_shown(value)}")
    try:
        return value, tuple(parse_sequence(value))
    except SequenceError as exc:
        raise _Bad(key, str(exc)) from None


def _target(value: object, key: str) -> str:
    if not isinstance(value, str):
        raise _Bad(key, f"must be a text such as \"slider:b_f\", got {_shown(value)}")
    kind, name = split_target(value)
    if kind not in TARGET_KINDS:
        raise _Bad(key, f"{_shown(value)}: unknown kind {_shown(kind)} "
                        f"(known: {', '.join(k + ':' for k in TARGET_KINDS)})")
    names = TARGET_KINDS[kind]
    if name not in names:
        raise _Bad(key, f"{_shown(value)}: no {kind} {_shown(name)} (known: {', '.join(names)})")
    return value


def _condition(value: object, key: str) -> Condition:
    try:
        return compile_condition(value)
    except ConditionError as exc:
        raise _Bad(key, str(exc)) from None


LESSON_KEYS = ("id", "title", "level", "setup", "page")
SETUP_KEYS = ("sequence", "set", "steps")
PAGE_KEYS = ("text", "target", "action", "param", "when", "solve")
SOLVE_KEYS = ("sequence", "task", "set", "reset", "action", "steps")


class _Reader:
    """Checks one file's table; every refusal names the file, the line and the key."""

    def __init__(self, source: str, text: str, tasks: tuple[str, ...]) -> None:
        self.source, self.text, self.tasks = source, text, tasks

    def fail(self, key: str, what: str, page: int | None = None) -> LessonError:
        line = self.line(key, page)
        where = self.source if line is None else f"{self.source} line {line}"
        part = f"page {page}: " if page is not None else ""
        return LessonError(f"{where}: {part}key {key!r}: {what}")

    def line(self, key: str, page: int | None) -> int | None:
        if page is None:
            return find_line(self.text, key)
        return _page_line(self.text, page, key)

    def lesson(self, data: dict[str, Any]) -> Lesson:
        try:
            _known(data, LESSON_KEYS)
            for key in ("id", "title", "page"):
                if key not in data:
                    raise _Bad(key, "is missing")
            lesson_id = data["id"]
            if not isinstance(lesson_id, str) or len(lesson_id) > ID_LIMIT or not _SLUG.fullmatch(
                lesson_id
            ):
                raise _Bad("id", f"{_shown(lesson_id)} is not a slug such as \"forget-gate\" "
                                 f"(a-z, 0-9 and single -, at most {ID_LIMIT} characters)")
            title = _line_text(data["title"], "title", TITLE_LIMIT)
            level = data.get("level")
            if level is not None:
                level = _choice(level, "level", LEVELS, "a level")
            setup = self.setup(data["setup"]) if "setup" in data else Setup()
            tables = data["page"]
            if not isinstance(tables, list) or not tables:
                raise _Bad("page", "must be a list of [[page]] tables")
            if len(tables) > MAX_PAGES:
                raise _Bad("page", f"{len(tables)} pages (at most {MAX_PAGES})")
        except _Bad as bad:
            raise self.fail(bad.key, bad.what) from None
        pages = []
        for n, table in enumerate(tables, 1):
            try:
                pages.append(self.page(table))
            except _Bad as bad:
                raise self.fail(bad.key, bad.what, n) from None
        return Lesson(lesson_id, title, level, setup, tuple(pages), self.source)

    def setup(self, value: object) -> Setup:
        table = _table(value, "setup")
        _known(table, SETUP_KEYS, "setup.")
        text, values = None, None
        if "sequence" in table:
            text, values = _sequence(table["sequence"], "setup.sequence")
        weights = _weights(table["set"], "setup.set") if "set" in table else ()
        steps = _whole(table.get("steps", 0), "setup.steps", 0, MAX_STEPS)
        if values is not None and steps > len(values):
            raise _Bad("setup.steps", f"{steps} steps but the sequence has {len(values)} values")
        return Setup(values, text, weights, steps)

    def page(self, value: object) -> Page:
        table = _table(value, "page")
        _known(table, PAGE_KEYS)
        if "text" not in table:
            raise _Bad("text", "is missing")
        text = _line_text(table["text"], "text", TEXT_LIMIT)
        target = _target(table["target"], "target") if "target" in table else None
        if "action" in table and "when" in table:
            raise _Bad("when", "a page completes by an action or by a condition, not both")
        action = _choice(table["action"], "action", LESSON_ACTIONS, "an action a page may wait for") \
            if "action" in table else None
        param = self.param(table, action)
        when = _condition(table["when"], "when") if "when" in table else None
        page = Page(text, target, action, param, when)
        if "solve" in table:
            if page.reading:
                raise _Bad("solve", "a reading page (no action, no when) needs no solve")
            solve = self.solve(table["solve"])
            _check_solves_action(page, solve)
            page = Page(text, target, action, param, when, solve)
        return page

    def param(self, table: Mapping[str, Any], action: str | None) -> str | None:
        if "param" not in table:
            return None
        if action == "set":
            return _choice(table["param"], "param", SLIDERS, "a slider")
        if action == "commit":
            return _choice(table["param"], "param", FIELDS, "a field")
        raise _Bad("param", "only narrows action \"set\" (a slider) or \"commit\" (a field)")

    def solve(self, value: object) -> Solve:
        table = _table(value, "solve")
        _known(table, SOLVE_KEYS, "solve.")
        if not table:
            raise _Bad("solve", "does nothing (give sequence, task, set, reset, action or steps)")
        reset = table.get("reset", False)
        if not isinstance(reset, bool):
            raise _Bad("solve.reset", f"must be true or false, got {_shown(reset)}")
        readers: dict[str, Callable[[object, str], Any]] = {
            "sequence": lambda v, k: _sequence(v, k)[0],
            "task": lambda v, k: _choice(v, k, self.tasks, "a Task entry"),
            "set": _weights,
            "action": lambda v, k: _choice(v, k, LESSON_ACTIONS, "an action"),
            "steps": lambda v, k: _whole(v, k, 0, MAX_STEPS),
        }
        values = {key: read(table[key], f"solve.{key}") for key, read in readers.items()
                  if key in table}
        return Solve(reset=reset, **values)


def _check_solves_action(page: Page, solve: Solve) -> None:
    """An action page's reference must do that action (the test cannot see it otherwise)."""
    action = page.action
    if action is None:
        return
    done = solve.action == action
    if action == "set":
        done = done or any(page.param in (None, name) for name, _ in solve.set)
    elif action == "task":
        done = done or solve.task is not None
    elif action == "commit":
        done = done or (solve.sequence is not None and page.param in (None, "sequence"))
    elif action == "step":
        done = done or solve.steps > 0
    elif action == "reset":
        done = done or solve.reset
    if not done:
        raise _Bad("solve", f"does not do the page's action {action!r}")


_PAGE_HEADER = re.compile(r"^\s*\[\[\s*page\s*\]\]\s*(?:#.*)?$")
_SUB_HEADER = re.compile(r"^\s*\[\s*page\s*\.\s*([A-Za-z0-9_-]+)\s*\]\s*(?:#.*)?$")
_ANY_HEADER = re.compile(r"^\s*\[")


def _page_line(text: str, page: int, key: str) -> int | None:
    """The line in the `page`-th [[page]] table that sets `key` (or its first part: an inline
    table); else the [[page]] header's line; None when there is no such table."""
    first = key.split(".")[0]
    header: int | None = None
    count = 0
    for number, line, found in toml_lines(text):  # a "[[page]]" inside a multi-line text is text
        if _PAGE_HEADER.match(line):
            count += 1
            if count == page:
                header = number
            elif count > page:
                break
            continue
        if count != page:
            continue
        sub = _SUB_HEADER.match(line)
        if sub and sub.group(1) == first:
            return number
        if _ANY_HEADER.match(line) and not sub:
            break  # another table: the page's keys are over
        if found and dotted_key(found.group(1)).split(".")[0] == first:
            return number
    return header
