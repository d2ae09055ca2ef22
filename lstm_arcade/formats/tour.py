"""The kiosk's attract tour file: a staff-editable text file of scenes (the player: `tour.py`).

The format (assets/tour.txt is the bundled example; UTF-8, one setting per line):

    # a comment (only at the start of a line: captions may contain #)
    scene: One pulse, long memory      ← starts a scene; the title is shown above the captions
    sequence: 1, 0, 0, 0, 0            ← required: the input sequence the scene plays
    speed: 0.5                         ← steps per second (0.25 … 30; default 0.5)
    wait: 3                            ← seconds before the first step (0 … 60; default 3)
    hold: 5                            ← seconds on the last step before the next scene (default 5)
    b_f = 1                            ← any weight; the others keep their defaults
    at step 2: The forget gate stays open, f ≈ {f:.2f}: the cell keeps the pulse

A caption is shown from its step until the next caption ("at step 0" shows while waiting). Its
numbers are live fields, filled in from the simulation as it is shown, so they are always true for
the scene's weights and the same in every translation: `{f:.2f}` is f at the step shown, `{C(1):.2f}`
is C at step 1 (x f i g o C h y, as in a lesson's conditions), `{b_f}` a weight, `{t}` the step.
Everything is checked when the file is read; a problem is one line naming the file and line.
No pygame here; `lstm_arcade/tour.py` plays a `Tour` on a `Simulation`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

from ..i18n import fields_of
from ..model import PARAM_NAMES, SPEC_BY_NAME, LSTMParams, SequenceError, parse_sequence
from ..sim import SPEED_MAX, SPEED_MIN
from .assets import asset_path
from .condition import STEP_FUNCTIONS, Context
from .textfile import TextFileError, read_text_file

TOUR_PATH = asset_path("tour.txt")
MAX_BYTES = 1_000_000
MAX_SCENES = 50
MAX_STEPS = 200  # a tour scene is watched, not studied: longer sequences are a typo
MAX_CAPTION = 300
SECONDS_MAX = 60.0
DEFAULT_SPEED, DEFAULT_WAIT, DEFAULT_HOLD = 0.5, 3.0, 5.0

_AT_STEP = re.compile(r"^at\s+step\s+(\S+)\s*:(.*)$", re.IGNORECASE)
_SETTING = re.compile(r"^([A-Za-z_][A-Za-z_ ]*?)\s*:(.*)$")
_WEIGHT = re.compile(r"^([A-Za-z_]+)\s*=(.*)$")


class TourError(ValueError):
    """One line: `FILE line N: what is wrong`."""


@dataclass(frozen=True)
class Caption:
    step: int  # shown once the simulation has reached this step
    text: str


@dataclass(frozen=True)
class Scene:
    title: str
    sequence: tuple[float, ...]
    weights: tuple[tuple[str, float], ...]  # (name, value) pairs; the rest keep their defaults
    speed: float
    wait: float
    hold: float
    captions: tuple[Caption, ...]  # in step order

    @property
    def params(self) -> LSTMParams:
        return LSTMParams(**dict(self.weights))

    def caption_at(self, t: int) -> Caption | None:
        shown = None
        for caption in self.captions:
            if caption.step <= t:
                shown = caption
        return shown


@dataclass(frozen=True)
class Tour:
    scenes: tuple[Scene, ...]
    source: str


# --- reading ---------------------------------------------------------------------------------
def load_tour(path: str | Path) -> Tour:
    """Read and check a tour file; TourError (one line) on any problem."""
    try:
        text = read_text_file(path, "tour file", MAX_BYTES, encoding="utf-8-sig")  # a BOM is fine
    except TextFileError as exc:
        if exc.line is not None:
            raise TourError(f"{path} line {exc.line}: {exc.message} (save the file as UTF-8)") from None
        raise TourError(f"{path}: {exc.message}") from None
    return parse_tour(text, str(path))


def load_tour_or_builtin(path: str | Path | None) -> tuple[Tour, str | None]:
    """The tour at `path` (default: the bundled file), or the built-in one and the reason why."""
    try:
        return load_tour(path or TOUR_PATH), None
    except TourError as exc:
        return BUILTIN, f"tour file not used, the built-in tour runs instead: {exc}"


def parse_tour(text: str, source: str = "tour") -> Tour:
    scenes: list[Scene] = []
    current: _Draft | None = None
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        where = f"{source} line {number}"
        try:
            if line.lower().startswith("scene") and _SETTING.match(line) and _key(line) == "scene":
                if current is not None:
                    scenes.append(current.finish())
                if len(scenes) >= MAX_SCENES:
                    raise ValueError(f"more than {MAX_SCENES} scenes")
                title = line.split(":", 1)[1].strip()
                if not title:
                    raise ValueError("a scene needs a title after 'scene:'")
                current = _Draft(title, where)
                continue
            if current is None:
                raise ValueError("the file must start with a 'scene: <title>' line")
            current.add(line)
        except ValueError as exc:
            raise TourError(f"{where}: {exc}") from None
    if current is not None:
        try:
            scenes.append(current.finish())
        except ValueError as exc:
            raise TourError(f"{exc}") from None
    if not scenes:
        raise TourError(f"{source}: no scenes (a scene starts with a 'scene: <title>' line)")
    return Tour(tuple(scenes), source)


def _key(line: str) -> str:
    return line.split(":", 1)[0].strip().lower()


class _Draft:
    """One scene while its lines are read."""

    def __init__(self, title: str, where: str) -> None:
        self.title, self.where = title, where
        self.sequence: tuple[float, ...] | None = None
        self.settings: dict[str, float] = {}
        self.weights: dict[str, float] = {}
        self.captions: dict[int, str] = {}

    def add(self, line: str) -> None:
        at = _AT_STEP.match(line)
        if at:
            self._caption(at.group(1), at.group(2).strip())
            return
        weight = _WEIGHT.match(line)
        if weight:
            self._weight(weight.group(1), weight.group(2).strip())
            return
        setting = _SETTING.match(line)
        if setting is None:
            raise ValueError(
                f"'{_cut(line)}' is not 'name: value', 'weight = value' or 'at step N: caption'"
            )
        key, value = setting.group(1).strip().lower(), setting.group(2).strip()
        if key == "sequence":
            if self.sequence is not None:
                raise ValueError("a second 'sequence' in this scene")
            try:
                values = parse_sequence(value)
            except SequenceError as exc:
                raise ValueError(f"sequence: {exc}") from None
            if not values:
                raise ValueError("sequence: empty; a scene needs at least one value")
            if len(values) > MAX_STEPS:
                raise ValueError(
                    f"sequence: {len(values)} values; a tour scene takes at most {MAX_STEPS}"
                )
            self.sequence = tuple(values)
        elif key in ("speed", "wait", "hold"):
            if key in self.settings:
                raise ValueError(f"a second '{key}' in this scene")
            self.settings[key] = _number(key, value, *_RANGES[key])
        else:
            raise ValueError(
                f"unknown setting '{_cut(key)}'; known: scene, sequence, speed, wait, hold, "
                "'at step N: caption' and weights such as 'w_f = 1.5'"
            )

    def _weight(self, name: str, value: str) -> None:
        spec = SPEC_BY_NAME.get(name) or SPEC_BY_NAME.get(name.lower())
        if spec is None:
            raise ValueError(f"unknown weight '{_cut(name)}'; known: {', '.join(SPEC_BY_NAME)}")
        if spec.name in self.weights:
            raise ValueError(f"a second '{spec.name}' in this scene")
        self.weights[spec.name] = _number(spec.name, value, spec.min, spec.max)

    def _caption(self, step_text: str, text: str) -> None:
        if not step_text.isdigit():
            raise ValueError(
                f"'at step {_cut(step_text)}': the step must be a whole number 0, 1, 2, …"
            )
        step = int(step_text)
        if step in self.captions:
            raise ValueError(f"a second caption at step {step} in this scene")
        if not text:
            raise ValueError(f"the caption at step {step} is empty")
        if len(text) > MAX_CAPTION:
            raise ValueError(
                f"the caption at step {step} is {len(text)} characters; at most {MAX_CAPTION}"
            )
        _check_fields(text)
        self.captions[step] = text

    def finish(self) -> Scene:
        if self.sequence is None:
            raise ValueError(f"{self.where}: scene '{self.title}' has no 'sequence:' line")
        late = [s for s in self.captions if s > len(self.sequence)]
        late += [k for text in self.captions.values() for k in _steps_named(text) if k > len(self.sequence)]
        if late:
            raise ValueError(
                f"{self.where}: scene '{self.title}' has a caption at step {late[0]} (or naming it) but its "
                f"sequence has only {len(self.sequence)} steps"
            )
        return Scene(
            title=self.title,
            sequence=self.sequence,
            weights=tuple(sorted(self.weights.items())),
            speed=self.settings.get("speed", DEFAULT_SPEED),
            wait=self.settings.get("wait", DEFAULT_WAIT),
            hold=self.settings.get("hold", DEFAULT_HOLD),
            captions=tuple(Caption(s, t) for s, t in sorted(self.captions.items())),
        )


CAPTION_NAMES = frozenset({*STEP_FUNCTIONS, *PARAM_NAMES, "t", "T"})


def _check_fields(text: str) -> None:
    """A caption's fields must be names it knows (x f i g o C h y, a weight, t, T) with a number's
    format (`.2f`): a typo is found when the file is read, not on the kiosk's screen."""
    for field, spec in fields_of(text):
        name, _, step = field.partition("(")
        if name not in CAPTION_NAMES:
            raise ValueError(f"{{{_cut(field)}}}: unknown name '{_cut(name)}'; known: x f i g o C h y, a weight, t, T")
        if step and name not in STEP_FUNCTIONS:
            raise ValueError(f"{{{_cut(field)}}}: only x f i g o C h y take a step, C(2)")
        try:
            format(0.5, spec)
        except ValueError:
            raise ValueError(f"{{{_cut(field)}:{_cut(spec)}}}: '{_cut(spec)}' is not a number format such as .2f") from None


def _steps_named(text: str) -> list[int]:
    return [int(field.split("(")[1].rstrip(")")) for field, _ in fields_of(text) if "(" in field]


class _Value:
    """A step function in a caption: `{C:.2f}` formats it at the step shown, `{C(1):.2f}` at step 1;
    a step not computed yet shows as "…"."""

    def __init__(self, ctx: Context, name: str) -> None:
        self.ctx, self.name = ctx, name

    def __call__(self, k: int) -> object:
        value = self.ctx.value(self.name, k)
        return _NOT_YET if value is None else value

    def __format__(self, spec: str) -> str:
        return format(self(self.ctx.t), spec)


class _NotYet:
    def __format__(self, spec: str) -> str:
        return "…"


_NOT_YET = _NotYet()


def caption_fields(ctx: Context) -> dict[str, object]:
    """The live values a caption's fields name (see the module's docstring)."""
    fields: dict[str, object] = {name: _Value(ctx, value) for name, value in STEP_FUNCTIONS.items()}
    fields.update({name: ctx.param(name) for name in PARAM_NAMES})
    fields.update(t=ctx.t, T=ctx.length)
    return fields


_RANGES = {"speed": (SPEED_MIN, SPEED_MAX), "wait": (0.0, SECONDS_MAX), "hold": (0.0, SECONDS_MAX)}


def _number(name: str, text: str, low: float, high: float) -> float:
    try:
        value = float(text.replace("−", "-"))
    except ValueError:
        raise ValueError(f"{name}: '{_cut(text)}' is not a number") from None
    if not (math.isfinite(value) and low <= value <= high):
        raise ValueError(f"{name}: {_cut(text)} is outside {low:g} … {high:g}")
    return value


def _cut(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


BUILTIN_TEXT = """\
# LSTM Arcade: the attract tour. It plays when nobody has touched the kiosk for a while.
#
# Museum staff may edit or translate this file with any text editor (save it as UTF-8).
# Lines starting with # are comments. A scene starts with "scene: <title>"; then, in any order:
#   sequence: 1, 0, 0, 0, 0     the input sequence the scene plays (required)
#   speed: 0.5                  steps per second, 0.25 … 30 (default 0.5)
#   wait: 3                     seconds before the first step (default 3)
#   hold: 5                     seconds on the last step before the next scene (default 5)
#   w_f = 1.5                   a weight: w_/u_/b_ with f, i, c, o, and w_out; others keep defaults
#   at step 2: <caption>        shown from that step until the next caption (step 0: before playing)
# Numbers in captions are live fields, filled in from the simulation when shown, so they stay true
# when a weight changes and read the same in every language: {f:.2f} is f at the step shown,
# {C(1):.2f} is C at step 1 (x f i g o C h y as in the lessons), {b_f} a weight, {t} the step.
# Words still can go stale ("the gate stays open"): after changing a weight, watch the tour.

scene: One pulse, long memory
sequence: 1, 0, 0, 0, 0
speed: 0.5
w_i = 2
b_i = -1
u_i = 0
w_c = 2
u_c = 0
u_f = 2
b_f = 1
at step 0: A single pulse, x = 1, is about to enter the cell. Watch the blue line: the cell state C.
at step 1: The input gate opens (i ≈ {i:.2f}) and writes the pulse into memory: C ≈ {C:.2f}.
at step 2: Now x = 0, but the forget gate stays open, f ≈ {f:.2f}: the cell keeps the pulse.
at step 4: Three steps later C is still {C:.2f}. This is the long-term memory of an LSTM.

scene: The same pulse, forgotten
sequence: 1, 0, 0, 0, 0
speed: 0.5
w_i = 2
b_i = -1
u_i = 0
w_c = 2
u_c = 0
u_f = -2
b_f = -1
at step 0: The same pulse again, but now b_f = {b_f:.0f} and U_f = {u_f:.0f} pull the forget gate shut.
at step 2: The forget gate closes, f ≈ {f:.2f}: C drops from {C(1):.2f} to {C:.2f}.
at step 4: The pulse is gone, C ≈ {C:.2f}. Forgetting is a choice the gates make.

scene: A burst fills the memory
sequence: 1, 1, 1, 0, 0
speed: 0.5
w_i = 2
b_i = -1
u_i = 0
w_c = 2
u_c = 0
u_f = 2
b_f = 1
at step 0: Three pulses in a row. Each one adds to the cell: C = f·C + i·C̃.
at step 3: After three pulses C ≈ {C:.2f}: the cell state adds up, it is not squeezed below 1.
at step 5: The output h = o·tanh(C) stays below 1 (h = {h:.2f}), even though C is {C:.2f}.

scene: The output gate keeps a secret
sequence: 1, 0, 0, 0, 1
speed: 0.5
w_i = 2
b_i = -1
u_i = 0
w_c = 2
u_c = 0
u_f = 2
b_f = 1
w_o = 2
u_o = 0
b_o = -1
at step 0: The output gate o decides how much of the memory C is shown as the output h.
at step 2: The output gate closes, o ≈ {o:.2f}: C is still {C:.2f}, but h shows only {h:.2f}.
at step 5: A new pulse opens it again, o ≈ {o:.2f}: memory and new input come out together, h = {h:.2f}.
"""

BUILTIN = parse_tour(BUILTIN_TEXT, "built-in tour")


def main(argv: list[str] | None = None) -> int:
    """`python -m lstm_arcade.tour FILE`: check a tour file after editing or translating it."""
    import sys

    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m lstm_arcade.tour FILE", file=sys.stderr)
        return 2
    try:
        tour = load_tour(args[0])
    except TourError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"{args[0]}: OK, {len(tour.scenes)} scene{'s' if len(tour.scenes) != 1 else ''}")
    for scene in tour.scenes:
        seconds = scene.wait + len(scene.sequence) / scene.speed + scene.hold
        print(f"  {scene.title}: {len(scene.captions)} captions, about {seconds:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
