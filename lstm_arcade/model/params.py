"""The one parameter table (the LSTM's and the basic RNN's) and the ids the app gives them: every
slider, `--set` check, device mapping and math-panel label reads it."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import ClassVar, Self


@dataclass(frozen=True)
class ParamSpec:
    """One trainable parameter: its name, how it is shown, its range and what it does."""

    name: str
    label: str
    min: float
    max: float
    default: float
    meaning: str
    group: str  # "forget", "input", "candidate", "output" or "out": the gate it belongs to

    def clamp(self, value: float) -> float:
        return min(self.max, max(self.min, value))


def N_(text: str) -> str:
    """Marks `text` for translation (the model imports nothing of the app); translated where shown."""
    return text


def _gate(group: str, key: str, meanings: tuple[str, str, str]) -> tuple[ParamSpec, ...]:
    """The gate's three parameters (W on x, U on h, bias) with their whole-sentence meanings."""
    k = key.upper() if key == "c" else key
    on_x, on_h, bias = meanings
    return (
        ParamSpec(f"w_{key}", f"W_{k}", -2.0, 2.0, 0.5, on_x, group),
        ParamSpec(f"u_{key}", f"U_{k}", -2.0, 2.0, 0.5, on_h, group),
        ParamSpec(f"b_{key}", f"b_{k}", -1.0, 1.0, 0.0, bias, group),
    )


PARAM_SPECS: tuple[ParamSpec, ...] = (
    *_gate("forget", "f", (
        N_("Forget gate (what to keep of C): weight on the input x(t)"),
        N_("Forget gate (what to keep of C): weight on h(t-1)"),
        N_("Forget gate (what to keep of C): bias"),
    )),
    *_gate("input", "i", (
        N_("Input gate (how much to write): weight on the input x(t)"),
        N_("Input gate (how much to write): weight on h(t-1)"),
        N_("Input gate (how much to write): bias"),
    )),
    *_gate("candidate", "c", (
        N_("Cell candidate (what to write): weight on the input x(t)"),
        N_("Cell candidate (what to write): weight on h(t-1)"),
        N_("Cell candidate (what to write): bias"),
    )),
    *_gate("output", "o", (
        N_("Output gate (what to expose): weight on the input x(t)"),
        N_("Output gate (what to expose): weight on h(t-1)"),
        N_("Output gate (what to expose): bias"),
    )),
    ParamSpec("w_out", "W_out", -2.0, 2.0, 1.0, N_("Output weight: y(t) = W_out·h(t)"), "out"),
)  # fmt: skip
SPEC_BY_NAME: dict[str, ParamSpec] = {spec.name: spec for spec in PARAM_SPECS}
PARAM_NAMES: tuple[str, ...] = tuple(SPEC_BY_NAME)

# The basic RNN of the comparison mode (model/rnn.py), in group "rnn".
RNN_PARAM_SPECS: tuple[ParamSpec, ...] = (
    ParamSpec("w_in", "W_in", -2.0, 2.0, 0.5, N_("Basic RNN: weight on the input x(t)"), "rnn"),
    ParamSpec(
        "w_hidden", "W_hidden", 0.0, 1.0, 0.8, N_("Basic RNN: weight on h(t-1) (memory decay)"), "rnn"
    ),
    ParamSpec("b", "b", -1.0, 1.0, 0.0, N_("Basic RNN: bias"), "rnn"),
    ParamSpec(
        "w_out", "W_out", -2.0, 2.0, 1.0, N_("Basic RNN: output weight, y(t) = W_out·h(t)"), "rnn"
    ),
)
RNN_SPEC_BY_NAME: dict[str, ParamSpec] = {spec.name: spec for spec in RNN_PARAM_SPECS}
RNN_PARAM_NAMES: tuple[str, ...] = tuple(RNN_SPEC_BY_NAME)

# The app's ids: an LSTM parameter by its name ("w_f"), a basic-RNN one with this prefix
# ("rnn_w_in", "rnn_w_hidden", …), since both cells have a "w_out".
RNN_PREFIX = "rnn_"
PARAM_SPECS_BY_ID: dict[str, ParamSpec] = {
    **SPEC_BY_NAME,
    **{RNN_PREFIX + name: spec for name, spec in RNN_SPEC_BY_NAME.items()},
}


def param_spec(param_id: str) -> ParamSpec | None:
    """The spec of an LSTM parameter ("w_f") or a basic-RNN one ("rnn_w_in"); None if unknown."""
    return PARAM_SPECS_BY_ID.get(param_id)


@dataclass(frozen=True)
class SpecParams:
    """What every parameter set shares; its spec table (`SPECS`) gives the names and ranges.

    A dataclass with no fields of its own, so that `replace` and `fields` type-check on `self`;
    each subclass is a frozen dataclass with one float field per spec."""

    SPECS: ClassVar[tuple[ParamSpec, ...]]
    KIND: ClassVar[str] = ""  # named in the error for an unknown parameter, e.g. "RNN "

    def with_value(self, name: str, value: float) -> Self:
        """A copy with one parameter changed (no range check: see `ParamSpec.clamp`)."""
        if name not in {spec.name for spec in self.SPECS}:
            raise KeyError(f"unknown {self.KIND}parameter {name!r}")
        return replace(self, **{name: float(value)})

    def as_dict(self) -> dict[str, float]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def clamped(self) -> Self:
        """A copy with every value inside its slider range."""
        return type(self)(**{s.name: s.clamp(getattr(self, s.name)) for s in self.SPECS})


@dataclass(frozen=True)
class LSTMParams(SpecParams):
    """The 13 parameters of the one-input, one-cell, one-output LSTM (defaults from the seed)."""

    SPECS: ClassVar[tuple[ParamSpec, ...]] = PARAM_SPECS

    w_f: float = 0.5
    u_f: float = 0.5
    b_f: float = 0.0
    w_i: float = 0.5
    u_i: float = 0.5
    b_i: float = 0.0
    w_c: float = 0.5
    u_c: float = 0.5
    b_c: float = 0.0
    w_o: float = 0.5
    u_o: float = 0.5
    b_o: float = 0.0
    w_out: float = 1.0


def _check_table_matches_dataclass() -> None:
    names = tuple(f.name for f in fields(LSTMParams))
    defaults = tuple(f.default for f in fields(LSTMParams))
    assert set(names) == set(PARAM_NAMES), "PARAM_SPECS and LSTMParams disagree"
    assert all(SPEC_BY_NAME[n].default == d for n, d in zip(names, defaults, strict=True))


_check_table_matches_dataclass()
