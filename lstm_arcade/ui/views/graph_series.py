"""The graph's series: what each plots, its colour and line style (DESIGN.md §3, the seed's list).

Adding a series is its id in `formats/series.py` (scenario files check names against it) and its
look here; a series whose `source` gives None for a simulation (the training target before any
target exists) is left out of the plot and the legend.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ...formats.series import SERIES_IDS
from ...i18n import N_
from ...sim import Simulation
from .. import theme

Source = Callable[[Simulation], "array | Sequence[float] | None"]


@dataclass(frozen=True)
class Series:
    key: str  # the Step field it plots, also its id in the legend
    label: str  # legend text (English: shown as tr(label))
    symbol: str  # tooltip and axis text, e.g. "C(t)" (shown as tr(symbol): "target" is a word)
    tone: str  # the theme colour's name, e.g. "CELL_C": read when drawn (--palette sets it later)
    style: str  # "solid", "dashed", "dotted" or "dashdot"
    source: Source | None = None  # values per step (index k is step k + 1); default: the column

    @property
    def color(self) -> theme.Color:
        return theme.color(self.tone)

    def values(self, sim: Simulation) -> array | Sequence[float] | None:
        return self.source(sim) if self.source else sim.column(self.key)

    def shown_values(self, sim: Simulation) -> array | Sequence[float]:
        """`values` of a series `available(sim)` listed, which therefore has some."""
        values = self.values(sim)
        if values is None:
            raise ValueError(f"series {self.key!r} has no values for this simulation: it is not available")
        return values


def _target(sim: Simulation) -> Sequence[float] | None:
    """The training target, once a later capability gives the simulation one (aligned with steps)."""
    target = getattr(sim, "target", None)
    return target if target else None


def _rnn_h(sim: Simulation) -> Sequence[float] | None:
    """The basic RNN's h(t), only while comparing (compare mode computes it beside the LSTM)."""
    return sim.rnn_column("h") if getattr(sim, "compare", False) else None


_BY_ID: dict[str, Series] = {
    s.key: s
    for s in (
        Series("x", N_("Input x"), "x(t)", "INPUT_X", "solid"),
        Series("c", N_("Cell state C"), "C(t)", "CELL_C", "solid"),
        Series("h", N_("Hidden h"), "h(t)", "HIDDEN_H", "dashed"),
        Series("f", N_("Forget f"), "f(t)", "FORGET_F", "solid"),
        Series("i", N_("Input gate i"), "i(t)", "INPUT_I", "solid"),
        Series("o", N_("Output gate o"), "o(t)", "OUTPUT_O", "solid"),
        Series("y", N_("Output y"), "y(t)", "OUTPUT_Y", "dotted"),
        # TRANSLATORS: the training target: "Target" in the legend, "target" its short form (the
        # graph's tooltip lines it up with the symbols "C(t)", "h(t)": short is best).
        Series("target", N_("Target"), N_("target"), "TARGET", "dashed", _target),
        Series("rnn_h", N_("Basic RNN h"), "RNN h", "RNN_H", "dashdot", _rnn_h),
    )
}
# The ids and their order come from the one list scenario files are checked against.
SERIES: tuple[Series, ...] = tuple(_BY_ID[key] for key in SERIES_IDS)


def available(sim: Simulation) -> list[Series]:
    """The series this simulation has values for (the target only while one exists)."""
    return [s for s in SERIES if s.source is None or s.source(sim) is not None]
