"""Pinned runs: a whole sequence's y(t), C(t) and h(t) under some weights, kept to compare with the
live run after a slider moves or training changes the weights (no pygame)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..i18n import N_
from ..model import PARAM_SPECS, LSTMParams
from ..model.lstm import run

MAX_PINS = 3
# The fourth pin replaces the oldest (P always works; nothing to remove first at a museum table).
HINT_REPLACED = N_("Up to 3 pins: the oldest was replaced (remove one with its × or Shift+P)")
HINT_NOTHING = N_("Nothing to pin yet: type an input sequence first")
HINT_DROPPED = N_("Pins removed: they were runs of a sequence of another length")
SERIES_KEYS = ("y", "c", "h")  # the graph series a pin draws
STEP_KEYS = ("f", "i", "c_tilde", "o", "c", "h", "y")  # what the math panel and tooltips show of it


@dataclass(frozen=True, eq=False)
class Pin:
    """One pinned run: the weights that made it and its series (index k is step k + 1)."""

    params: LSTMParams
    y: np.ndarray
    c: np.ndarray
    h: np.ndarray
    label: str  # English ("default weights"): the graph shows tr(label)
    gates: dict[str, np.ndarray]  # "f", "i", "c_tilde", "o"

    @property
    def length(self) -> int:
        return len(self.y)

    def values(self, key: str) -> np.ndarray:
        return getattr(self, key)

    def at(self, key: str, t: int) -> float | None:
        """Quantity `key` (one of STEP_KEYS, or "c_prev", "h_prev") at step t; None outside 1 … T.

        C(0) = h(0) = 0, so "c_prev" and "h_prev" at step 1 are 0."""
        if key in ("c_prev", "h_prev"):
            return 0.0 if t == 1 else self.at(key[0], t - 1)
        if not 1 <= t <= self.length:
            return None
        series = self.gates[key] if key in self.gates else getattr(self, key)
        return float(series[t - 1])


def short_label(params: LSTMParams, limit: int = 3) -> str:
    """The weights that differ from the defaults, in short: "W_f 2 · b_f 1 · U_i −0.5 +2"."""
    changed = [
        f"{spec.label} {_short(getattr(params, spec.name))}"
        for spec in PARAM_SPECS
        if getattr(params, spec.name) != spec.default
    ]
    if not changed:
        return N_("default weights")
    more = f" +{len(changed) - limit}" if len(changed) > limit else ""
    return " · ".join(changed[:limit]) + more


def _short(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".").replace("-", "\u2212")


def make_pin(params: LSTMParams, sequence: Sequence[float]) -> Pin:
    """The run of `params` over the whole `sequence` (computed with `model.run`)."""
    trace = run(params, sequence)
    return Pin(
        params,
        np.asarray(trace.y, dtype=np.float64),
        np.asarray(trace.c, dtype=np.float64),
        np.asarray(trace.h, dtype=np.float64),
        short_label(params),
        {key: np.asarray(getattr(trace, key), dtype=np.float64) for key in ("f", "i", "c_tilde", "o")},
    )
