"""Challenge goals: the fixed table of measures on the live trace, and how a result is scored.

A measure is a pure function `MEASURES[kind].compute(params, sequence, **args) -> float` over
the model's whole forward trace (model.run). Each one measures what its description claims: a memory is measured
against the same weights on the same sequence with the pulse replaced by 0, so a cell that writes
all the time (C large with or without the pulse) is not remembering. The result is always finite:
NaN, inf or a value past ±WORST_LIMIT counts as the worst value for the measure's direction.

Challenges themselves live in assets/challenges.toml (formats/challenges_file.py); `evaluate`
reads any object with a challenge's fields (`Goal`), so this module needs nothing above sim.
No pygame.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from ..i18n import N_
from ..model import MEMORY_TEST_RNN, LSTMParams, RNNParams, run, run_rnn

WORST_LIMIT = 1000.0  # |measure| is capped here: every honest value is far inside (|C| <= steps)
SIGNALS = ("c", "h", "y")  # what a memory measure reads: cell state, hidden state or output
TARGETS = ("echo", "delay", "count")


class ArgError(ValueError):
    """A measure argument that cannot be used; the message says what it must be."""


@dataclass(frozen=True)
class Arg:
    """One argument of a measure: its name, a check that returns the clean value, its default."""

    name: str
    wanted: str  # what the message says it must be: "an integer 1 … 1000"
    check: Callable[[object], Any]  # the clean value, or ArgError
    default: Any = None  # None: required


@dataclass(frozen=True)
class MeasureKind:
    """A kind of measure: the one-line description for the screen, its arguments and how it is
    computed; `lower_is_better` says which way the threshold points (a challenge's `below`)."""

    name: str
    description: str  # English, marked for translation: shown as tr(description)
    args: tuple[Arg, ...]
    raw: Callable[..., float]  # the measure itself; `compute` is what callers use
    lower_is_better: bool = False
    # A problem with the sequence for these arguments (no pulse, a window past the end), or None.
    fits: Callable[[Sequence[float], Mapping[str, Any]], str | None] = lambda xs, args: None

    def clean_args(self, given: Mapping[str, object]) -> dict[str, Any]:
        """The arguments with defaults filled in; ArgError naming the first bad one."""
        known = {arg.name: arg for arg in self.args}
        for name in given:
            if name not in known:
                names = ", ".join(known) or "none"
                raise ArgError(
                    f"unknown argument {name!r} for measure {self.name!r} (known: {names})"
                )
        clean: dict[str, Any] = {}
        for arg in self.args:
            if arg.name not in given:
                if arg.default is None:
                    raise ArgError(f"missing argument {arg.name!r} ({arg.wanted})")
                clean[arg.name] = arg.default
                continue
            try:
                clean[arg.name] = arg.check(given[arg.name])
            except ArgError as exc:
                raise ArgError(f"argument {arg.name!r} must be {arg.wanted} ({exc})") from None
        return clean

    def compute(self, params: LSTMParams, sequence: Sequence[float], **args: Any) -> float:
        """The measure of `params` on `sequence` (args cleaned by `clean_args`), always finite:
        NaN, ±inf and runaway values count as the worst for its direction."""
        worst = WORST_LIMIT if self.lower_is_better else -WORST_LIMIT
        full = {arg.name: arg.default for arg in self.args if arg.default is not None} | args
        if self.fits(sequence, full):  # no pulse to measure, a window past the end …
            return worst
        value = self.raw(params, sequence, **full)
        if not isinstance(value, float | int) or math.isnan(value):
            return worst
        return float(min(WORST_LIMIT, max(-WORST_LIMIT, value)))


# --- argument checks ---------------------------------------------------------------------------
def _whole(low: int, high: int) -> Callable[[object], int]:
    def check(value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ArgError(f"got {value!r:.40}")
        if not low <= value <= high:
            raise ArgError("out of range")
        return value

    return check


def _real(low: float, high: float) -> Callable[[object], float]:
    def check(value: object) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ArgError(f"got {value!r:.40}")
        if not low <= value <= high:  # nan fails; 10**400 is out of range before any conversion
            raise ArgError("out of range")
        return float(value)

    return check


def _one_of(choices: tuple[str, ...]) -> Callable[[object], str]:
    def check(value: object) -> str:
        if value not in choices:
            raise ArgError(f"got {value!r:.40}")
        return str(value)

    return check


def _steps_list(value: object) -> tuple[int, ...]:
    if not isinstance(value, list) or not value:
        raise ArgError(f"got {value!r:.40}")
    steps = tuple(_whole(1, 100_000)(v) for v in value)
    if len(set(steps)) != len(steps):
        raise ArgError("a step is listed twice")
    return steps


# --- the trace pieces every measure reads --------------------------------------------------------
def _pulses(xs: Sequence[float]) -> list[int]:
    """Indexes (0-based) of the non-zero inputs."""
    return [k for k, x in enumerate(xs) if float(x) != 0.0]


def _without(xs: Sequence[float], k: int) -> list[float]:
    """The same inputs with the one at index k replaced by 0 (the run without that pulse)."""
    quiet = [float(x) for x in xs]
    quiet[k] = 0.0
    return quiet


def _signal(params: LSTMParams, xs: Sequence[float], name: str) -> list[float]:
    trace = run(params, xs)
    return {"c": trace.c, "h": trace.h, "y": trace.y}[name]


def _kept(with_pulse: Sequence[float], without: Sequence[float]) -> list[float]:
    """Per step: what the pulse left, the signal with it minus the same run without it. A run
    without the pulse that drifts below 0 counts as 0: else a cell whose baseline runs away
    (C going to -2 while the pulsed C fades to 0) would look like it remembers."""
    return [a - max(b, 0.0) for a, b in zip(with_pulse, without, strict=True)]


def _effect(params: LSTMParams, xs: Sequence[float], k: int, name: str) -> list[float]:
    """Per step: the pulse at index k's effect on the signal (`_kept`)."""
    return _kept(_signal(params, xs, name), _signal(params, _without(xs, k), name))


# --- the measures ---------------------------------------------------------------------------------
def hold(params: LSTMParams, xs: Sequence[float], steps: int, signal: str = "c") -> float:
    """The pulse's effect at its weakest over the `steps` steps after the first pulse."""
    k = _pulses(xs)[0]
    effect = _effect(params, xs, k, signal)
    return min(effect[k + 1 : k + 1 + steps])


def _fits_hold(xs: Sequence[float], args: Mapping[str, Any]) -> str | None:
    pulses = _pulses(xs)
    if not pulses:
        return "the sequence has no pulse (a non-zero input) to hold"
    if pulses[0] + args["steps"] >= len(xs):
        return f"the sequence ends before {args['steps']} steps after the pulse"
    return None


def forget(params: LSTMParams, xs: Sequence[float], signal: str = "c") -> float:
    """Held minus left: the first pulse's effect just before the second pulse, minus the largest
    memory |signal| left from the second pulse on (whatever put it there)."""
    k1, k2 = _pulses(xs)[:2]
    held = _effect(params, xs, k1, signal)[k2 - 1]
    left = max(abs(v) for v in _signal(params, xs, signal)[k2:])
    return held - left


def _fits_forget(xs: Sequence[float], args: Mapping[str, Any]) -> str | None:
    pulses = _pulses(xs)
    if len(pulses) < 2:
        return "the sequence needs two pulses (non-zero inputs)"
    if pulses[1] - pulses[0] < 2:
        return "the second pulse must come at least two steps after the first"
    return None


def reveal(params: LSTMParams, xs: Sequence[float], show: tuple[int, ...]) -> float:
    """What the hidden state shows of the first pulse at the `show` steps (h against the run
    without the pulse), at its weakest, minus the largest |h| at every other step."""
    k = _pulses(xs)[0]
    h = _signal(params, xs, "h")
    effect = _effect(params, xs, k, "h")
    shown = min(effect[t - 1] for t in show)
    hidden = max((abs(v) for t, v in enumerate(h, 1) if t not in show), default=0.0)
    return shown - hidden


def _fits_reveal(xs: Sequence[float], args: Mapping[str, Any]) -> str | None:
    pulses = _pulses(xs)
    if not pulses:
        return "the sequence has no pulse (a non-zero input) to reveal"
    for t in args["show"]:
        if not pulses[0] + 1 < t <= len(xs):
            pulse = pulses[0] + 1
            return f"show step {t} must be after the pulse's step {pulse} and in the sequence"
    return None


def target_values(xs: Sequence[float], target: str, scale: float) -> list[float]:
    """What y should say at each step: the input (echo), the previous input (delay) or the count
    of the inputs so far (count), times `scale`."""
    values = [float(x) for x in xs]
    if target == "echo":
        return [scale * x for x in values]
    if target == "delay":
        return [0.0] + [scale * x for x in values[:-1]]
    total, out = 0.0, []
    for x in values:
        total += x
        out.append(scale * total)
    return out


def match(params: LSTMParams, xs: Sequence[float], target: str, scale: float = 1.0) -> float:
    """The largest |y(t) - target(t)| over the sequence (lower is better)."""
    y = run(params, xs).y
    return max(abs(a - b) for a, b in zip(y, target_values(xs, target, scale), strict=True))


def _fits_match(xs: Sequence[float], args: Mapping[str, Any]) -> str | None:
    return None if xs else "the sequence is empty"


def beat_rnn(
    params: LSTMParams,
    xs: Sequence[float],
    w_in: float = MEMORY_TEST_RNN.w_in,
    w_hidden: float = MEMORY_TEST_RNN.w_hidden,
) -> float:
    """At the last step: the pulse's effect on the LSTM's C minus its effect on the basic RNN's
    h (each against its own run without the pulse)."""
    k = _pulses(xs)[0]
    lstm = _effect(params, xs, k, "c")[-1]
    rnn = RNNParams(w_in=w_in, w_hidden=w_hidden, b=0.0, w_out=1.0)
    rnn_kept = _kept(run_rnn(rnn, xs).h, run_rnn(rnn, _without(xs, k)).h)[-1]
    return lstm - rnn_kept


def _fits_pulse_before_end(xs: Sequence[float], args: Mapping[str, Any]) -> str | None:
    pulses = _pulses(xs)
    if not pulses or pulses[0] == len(xs) - 1:
        return "the sequence needs a pulse (a non-zero input) before its last step"
    return None


_SIGNAL = Arg("signal", "one of c, h, y", _one_of(SIGNALS), "c")
MEASURES: dict[str, MeasureKind] = {
    kind.name: kind
    for kind in (
        MeasureKind(
            "hold",
            N_("Memory of the pulse at its weakest over the steps after it (vs. no pulse)"),
            (Arg("steps", "an integer 1 … 10000", _whole(1, 10_000)), _SIGNAL),
            hold,
            fits=_fits_hold,
        ),
        MeasureKind(
            "forget",
            N_("Memory held before the 2nd pulse, minus memory left after it"),
            (_SIGNAL,),
            forget,
            fits=_fits_forget,
        ),
        MeasureKind(
            "reveal",
            N_("The pulse shown in h at the asked steps, minus the most h shows elsewhere"),
            (Arg("show", "a list of step numbers", _steps_list),),
            reveal,
            fits=_fits_reveal,
        ),
        MeasureKind(
            "match",
            N_("Largest miss of the output y against the target (lower is better)"),
            (
                Arg("target", f"one of {', '.join(TARGETS)}", _one_of(TARGETS)),
                Arg("scale", "a number -10 … 10", _real(-10.0, 10.0), 1.0),
            ),
            match,
            lower_is_better=True,
            fits=_fits_match,
        ),
        MeasureKind(
            "beat_rnn",
            N_("Pulse left in the LSTM's C minus pulse left in the basic RNN's h, at the end"),
            (
                Arg("w_in", "a number -2 … 2", _real(-2.0, 2.0), MEMORY_TEST_RNN.w_in),
                Arg("w_hidden", "a number 0 … 1", _real(0.0, 1.0), MEMORY_TEST_RNN.w_hidden),
            ),
            beat_rnn,
            fits=_fits_pulse_before_end,
        ),
    )
}


# --- scoring --------------------------------------------------------------------------------------
class Goal(Protocol):
    """What `evaluate` reads of a challenge (formats.challenges_file.Challenge has all of it)."""

    @property
    def sequence(self) -> tuple[float, ...]: ...
    @property
    def measure(self) -> str: ...
    @property
    def args(self) -> Mapping[str, Any]: ...
    @property
    def threshold(self) -> float: ...
    @property
    def below(self) -> bool: ...
    @property
    def stars(self) -> tuple[float, float, float]: ...
    @property
    def max_moves(self) -> int | None: ...
    @property
    def sliders(self) -> tuple[str, ...]: ...

    def start_params(self) -> LSTMParams: ...


@dataclass(frozen=True)
class Result:
    """How a cell did on a challenge: met, 0-3 stars, the measured value and the threshold."""

    met: bool
    stars: int
    measure: float
    threshold: float


def stars_for(value: float, stars: Sequence[float], below: bool = False) -> int:
    """How many of the three star values the measure reaches (>=, or <= when `below`)."""
    if below:
        return sum(1 for s in stars if value <= s)
    return sum(1 for s in stars if value >= s)


def locked_changes(goal: Goal, params: LSTMParams) -> list[str]:
    """The parameters outside the challenge's sliders that differ from its start values."""
    start = goal.start_params().as_dict()
    allowed = set(goal.sliders)
    return [n for n, v in params.as_dict().items() if n not in allowed and v != start[n]]


def evaluate(goal: Goal, params: LSTMParams, moves: int = 0) -> Result:
    """Score `params` on the challenge. Met when the measure passes the threshold and no locked
    parameter moved; the 3rd star also needs at most `max_moves` slider moves (when set)."""
    kind = MEASURES[goal.measure]
    value = kind.compute(params, goal.sequence, **goal.args)
    if locked_changes(goal, params):  # a weight the visitor may not move was changed elsewhere
        return Result(False, 0, value, goal.threshold)
    met = value <= goal.threshold if goal.below else value >= goal.threshold
    stars = stars_for(value, goal.stars, goal.below) if met else 0
    if stars == 3 and goal.max_moves is not None and moves > goal.max_moves:
        stars = 2
    return Result(met, stars, value, goal.threshold)
