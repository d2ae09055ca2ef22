"""The challenges file (assets/challenges.toml, staff-editable): goal levels, read and checked.

Each `[[challenge]]` is checked on its own: a bad one is left out with one line naming the file,
the line and the key, and the others still load. Beyond the types, a challenge must be a real
level: its start weights must NOT meet the goal and its reference solution must (measured here,
at load: a few short forward runs), and the solution may move only the challenge's sliders.
The measures themselves are the fixed table in sim/goals.py. No pygame.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import pairwise
from pathlib import Path
from typing import Any

from ..model import SPEC_BY_NAME, LSTMParams, SequenceError, parse_sequence
from ..sim.goals import MEASURES, ArgError, MeasureKind, Result, evaluate
from .assets import asset_path
from .textfile import find_line, shown
from .toml_file import NumberError, TomlError, number_in, read_toml_file

CHALLENGES_PATH = asset_path("challenges.toml")
MAX_FILE_BYTES = 1_000_000
MAX_STEPS = 1000  # a level's sequence: checked at load, measured every frame it changes
MAX_MOVES = 1000
TITLE_CHARS, GOAL_CHARS = 60, 90
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*", re.ASCII)
_HEADER = re.compile(r"^\s*\[\[\s*challenge\s*\]\]\s*(?:#.*)?$")


class ChallengeError(ValueError):
    """One bad challenge: the key, and the message (one line) without the file and line."""

    def __init__(self, key: str | None, message: str) -> None:
        super().__init__(message)
        self.key, self.message = key, message


@dataclass(frozen=True)
class Challenge:
    """One goal level: what the visitor is asked, what they may move, how it is measured."""

    id: str
    title: str
    goal: str  # one line a museum visitor understands
    sequence: tuple[float, ...]
    sequence_text: str
    sliders: tuple[str, ...]  # parameter ids the visitor may move
    start: Mapping[str, float] = field(hash=False)  # start weights over the seed's defaults
    measure: str  # a key of sim.goals.MEASURES
    args: Mapping[str, Any] = field(hash=False)  # the measure's arguments, defaults filled in
    threshold: float
    below: bool  # lower is better: met when measure <= threshold
    stars: tuple[float, float, float]  # measure values for 1, 2, 3 stars (1 star == threshold)
    max_moves: int | None  # the 3rd star also needs at most this many slider moves
    solution: Mapping[str, float] = field(hash=False)  # reference weights (sliders only)
    line: int | None = None  # the line of its [[challenge]] header

    @property
    def kind(self) -> MeasureKind:
        return MEASURES[self.measure]

    @property
    def description(self) -> str:
        """What the measure is, in one line for the screen."""
        return self.kind.description

    def start_params(self) -> LSTMParams:
        return LSTMParams(**dict(self.start))

    def solution_params(self) -> LSTMParams:
        """The start weights with the reference solution applied (what `--solve` shows)."""
        return LSTMParams(**{**self.start_params().as_dict(), **self.solution})

    def evaluate(self, params: LSTMParams, moves: int = 0) -> Result:
        return evaluate(self, params, moves)


# --- one challenge -------------------------------------------------------------------------------
_REQUIRED = (
    "id", "title", "goal", "sequence", "sliders", "measure", "threshold", "stars", "solution"
)
_OPTIONAL = ("start", "args", "below", "max_moves")
KEYS = _REQUIRED + _OPTIONAL
_PARAMS = ", ".join(SPEC_BY_NAME)


def _q(value: object) -> str:
    """A value as a message quotes it: one line, cut."""
    return shown(repr(value))


def _text(key: str, value: object, limit: int) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ChallengeError(key, f"must be a text of 1 … {limit} characters, got {_q(value)}")
    if not value.isprintable():  # control, zero-width, direction marks, line breaks
        raise ChallengeError(key, f"holds a control or invisible character: {_q(value)}")
    if len(value.strip()) > limit:
        raise ChallengeError(key, f"is {len(value.strip())} characters long (at most {limit})")
    return value.strip()


def _number(key: str, value: object, low: float, high: float, whole: bool = False) -> Any:
    try:
        return number_in(value, low, high, whole=whole)
    except NumberError as exc:
        kind = "a whole number" if whole else "a number"
        if exc.wrong_type:
            raise ChallengeError(key, f"must be {kind}, got {_q(value)}") from None
        raise ChallengeError(key, f"= {_q(value)} {exc.reason}") from None


def _weights(key: str, value: object, allowed: Sequence[str] | None = None) -> dict[str, float]:
    if not isinstance(value, dict) or not value:
        raise ChallengeError(key, "must be a table of weights like { b_f = 1.0 }")
    weights = {}
    for name, number in value.items():
        spec = SPEC_BY_NAME.get(name)
        if spec is None:
            raise ChallengeError(f"{key}.{shown(name)}", f"is not a parameter ({_PARAMS})")
        if allowed is not None and name not in allowed:
            names = ", ".join(allowed)
            raise ChallengeError(f"{key}.{name}", f"moves a slider not in sliders ({names})")
        weights[name] = _number(f"{key}.{name}", number, spec.min, spec.max)
    return weights


def _sliders(value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise ChallengeError("sliders", "must be a list of parameter ids like [\"b_f\", \"u_f\"]")
    for name in value:
        if not isinstance(name, str) or name not in SPEC_BY_NAME:
            raise ChallengeError("sliders", f"{_q(name)} is not a parameter ({_PARAMS})")
    if len(set(value)) != len(value):
        raise ChallengeError("sliders", "names a parameter twice")
    return tuple(value)


def _sequence(value: object) -> tuple[float, ...]:
    if not isinstance(value, str):
        raise ChallengeError("sequence", f"must be text like \"1, 0, 0\", got {_q(value)}")
    try:
        values = parse_sequence(value)
    except SequenceError as exc:
        raise ChallengeError("sequence", str(exc)) from None
    if not 1 <= len(values) <= MAX_STEPS:
        raise ChallengeError("sequence", f"must have 1 … {MAX_STEPS} values, has {len(values)}")
    return tuple(values)


def _kind(table: dict) -> tuple[MeasureKind, dict[str, Any]]:
    name = table["measure"]
    if not isinstance(name, str) or name not in MEASURES:
        raise ChallengeError("measure", f"{_q(name)} is not a measure ({', '.join(MEASURES)})")
    kind = MEASURES[name]
    given = table.get("args", {})
    if not isinstance(given, dict):
        raise ChallengeError("args", f"must be a table like {{ steps = 10 }}, got {_q(given)}")
    try:
        return kind, kind.clean_args(given)
    except ArgError as exc:
        raise ChallengeError("args", str(exc)) from None


def _stars(value: object, threshold: float, below: bool) -> tuple[float, float, float]:
    if not isinstance(value, list) or len(value) != 3:
        raise ChallengeError("stars", f"must be a list of 3 numbers, got {_q(value)}")
    stars = tuple(_number("stars", v, -1e6, 1e6) for v in value)
    pairs = list(pairwise(stars))
    ordered = all(a > b for a, b in pairs) if below else all(a < b for a, b in pairs)
    if not ordered:
        way = "decreasing (lower is better)" if below else "increasing"
        raise ChallengeError("stars", f"must be strictly {way}, got {_q(value)}")
    if stars[0] != threshold:
        raise ChallengeError(
            "stars", f"the 1-star value {stars[0]:g} must equal the threshold {threshold:g}"
        )
    return stars[0], stars[1], stars[2]


def parse_challenge(table: object) -> Challenge:
    """One [[challenge]] table checked key by key; ChallengeError at the first problem."""
    if not isinstance(table, dict):
        raise ChallengeError(None, "must be a table of keys")
    for key in table:
        if key not in KEYS:
            keys = ", ".join(KEYS)
            raise ChallengeError(shown(key), f"is not a key of a challenge (keys: {keys})")
    for key in _REQUIRED:
        if key not in table:
            raise ChallengeError(key, "is missing")
    cid = table["id"]
    if not isinstance(cid, str) or len(cid) > 40 or not _ID.fullmatch(cid):
        raise ChallengeError("id", f"must be a slug like hold-the-pulse, got {_q(cid)}")
    title = _text("title", table["title"], TITLE_CHARS)
    goal = _text("goal", table["goal"], GOAL_CHARS)
    sequence = _sequence(table["sequence"])
    sliders = _sliders(table["sliders"])
    start = _weights("start", table["start"]) if "start" in table else {}
    kind, args = _kind(table)
    misfit = kind.fits(sequence, args)
    if misfit:
        raise ChallengeError("sequence", f"does not fit measure {kind.name!r}: {misfit}")
    below = table.get("below", False)
    if not isinstance(below, bool):
        raise ChallengeError("below", f"must be true or false, got {_q(below)}")
    if below != kind.lower_is_better:
        better = "lower" if kind.lower_is_better else "higher"
        raise ChallengeError("below", f"must be {str(kind.lower_is_better).lower()}: "
                                      f"for measure {kind.name!r} {better} is better")
    threshold = _number("threshold", table["threshold"], -1e6, 1e6)
    stars = _stars(table["stars"], threshold, below)
    max_moves = None
    if "max_moves" in table:
        max_moves = _number("max_moves", table["max_moves"], 1, MAX_MOVES, whole=True)
    solution = _weights("solution", table["solution"], sliders)
    challenge = Challenge(
        cid, title, goal, sequence, table["sequence"].strip(), sliders, start, kind.name, args,
        threshold, below, stars, max_moves, solution,
    )
    _check_solvable(challenge)
    return challenge


def _check_solvable(challenge: Challenge) -> None:
    """A level: its start does not meet the goal, its reference solution does."""
    at_start = challenge.evaluate(challenge.start_params())
    if at_start.met:
        raise ChallengeError("start", f"already meets the goal (measure {at_start.measure:.4g}, "
                                      f"threshold {challenge.threshold:g}): nothing to do")
    solved = challenge.evaluate(challenge.solution_params())
    if not solved.met:
        raise ChallengeError("solution", f"does not meet the goal (measure {solved.measure:.4g}, "
                                         f"threshold {challenge.threshold:g})")


# --- the file ------------------------------------------------------------------------------------
def _entry_texts(text: str) -> list[tuple[int, str]]:
    """Per [[challenge]] header, in order: its line and the text from it to the next header."""
    lines = text.splitlines()
    starts = [n for n, line in enumerate(lines) if _HEADER.match(line)]
    return [
        (n + 1, "\n".join(lines[n : starts[k + 1] if k + 1 < len(starts) else len(lines)]))
        for k, n in enumerate(starts)
    ]


def _key_line(entry: tuple[int, str] | None, key: str | None) -> int | None:
    """The line of `key` inside one entry (`solution.w_f`, `stars`), else of its header."""
    if entry is None:
        return None
    first, chunk = entry
    found = find_line(chunk, f"challenge.{key}") if key else None
    return first + found - 1 if found else first


def parse_challenges(data: dict, text: str, source: str) -> tuple[list[Challenge], list[str]]:
    """Every good challenge of a parsed file, and one line for each bad one (or the file)."""
    problems = [
        f"{source}: unknown key {_q(key)} (only [[challenge]] tables)"
        for key in data
        if key != "challenge"
    ]
    tables = data.get("challenge")
    if not isinstance(tables, list) or not tables:
        return [], [*problems, f"{source}: no [[challenge]] tables"]
    entries = _entry_texts(text)
    challenges: list[Challenge] = []
    seen: set[str] = set()
    for n, table in enumerate(tables, start=1):
        # headers the line scan missed (one inside a multi-line string): name no lines
        entry = entries[n - 1] if len(entries) == len(tables) else None
        cid = table.get("id") if isinstance(table, dict) else None
        name = f"challenge {n}" + (f" ({shown(cid)})" if isinstance(cid, str) else "")
        try:
            challenge = parse_challenge(table)
            if challenge.id in seen:
                raise ChallengeError("id", f"repeats another challenge's id {challenge.id!r}")
        except ChallengeError as exc:
            line = _key_line(entry, exc.key)
            where = source if line is None else f"{source} line {line}"
            key = f"{exc.key} " if exc.key else ""
            problems.append(f"{where}: {name}: {key}{exc.message}")
            continue
        seen.add(challenge.id)
        challenges.append(replace(challenge, line=entry[0] if entry else None))
    return challenges, problems


def load_challenges(path: str | Path | None = None) -> tuple[list[Challenge], list[str]]:
    """The good challenges of a file (default: the bundled one), in file order, and one line per
    problem ('challenges.toml line 12: challenge 3 (hold): stars must be …')."""
    path = Path(path) if path is not None else CHALLENGES_PATH
    try:
        data, text = read_toml_file(path, "challenges file", MAX_FILE_BYTES)
    except TomlError as exc:
        return [], [exc.located(path.name)]
    return parse_challenges(data, text, path.name)


def challenge_by_id(
    challenge_id: str, challenges: Sequence[Challenge] | None = None
) -> Challenge | None:
    """The challenge with this id among `challenges` (default: the bundled file's), or None."""
    pool = load_challenges()[0] if challenges is None else challenges
    return next((c for c in pool if c.id == challenge_id), None)


def result_json(challenge: Challenge, result: Result, params: LSTMParams) -> dict[str, object]:
    """What `--export-result` writes: the id, met, stars, measure, threshold and all 13 weights."""
    return {
        "challenge": challenge.id,
        "met": bool(result.met),
        "stars": int(result.stars),
        "measure": float(result.measure),
        "threshold": float(result.threshold),
        "weights": {name: float(value) for name, value in params.as_dict().items()},
    }

