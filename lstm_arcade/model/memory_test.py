"""The memory test: one pulse, then 30 quiet steps. The LSTM keeps it; the basic RNN forgets it.

The LSTM weights (all inside the slider ranges of PARAM_SPECS):

- input gate  W_i = 2, U_i = -2, b_i = -1: opens on the pulse (i = σ(1) ≈ 0.73), then stays
  nearly shut (i ≈ 0.11) while the cell shows a positive h;
- candidate   W_C = 2, U_C = 1.5, b_C = 0: writes tanh(2) ≈ 0.96 on the pulse, afterwards a small
  top-up from h only, and exactly nothing while the cell is empty (so no pulse, no memory);
- forget gate W_f = 2, U_f = 2, b_f = 1: about 0.89 after the pulse (b_f and U_f·h both push it
  open), so C passes along its highway almost untouched;
- output gate W_o = 2, U_o = 2, b_o = 1: open, so h shows what C holds.

The basic RNN keeps the seed's W_hidden = 0.8, b = 0, W_out = 1, with W_in = 1 so that its pulse
(h(1) = tanh(1) ≈ 0.76) starts at least as high as the LSTM's (C(1) ≈ 0.70): a fair race.

"How much of the pulse is kept" is measured, never assumed: the run with the pulse minus the same
run without it (the pulse replaced by 0), at the last step, divided by that difference right after
the pulse. With the preset weights the run without the pulse stays at exactly 0, so this is
C(last) / C(pulse) for the LSTM and h(last) / h(pulse) for the RNN.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from .lstm import Trace, run
from .params import N_, LSTMParams
from .rnn import RNNParams, RNNTrace, run_rnn

MEMORY_TEST_QUIET_STEPS = 30
MEMORY_TEST_XS: tuple[float, ...] = (1.0,) + (0.0,) * MEMORY_TEST_QUIET_STEPS

MEMORY_TEST_LSTM = LSTMParams(
    w_f=2.0, u_f=2.0, b_f=1.0,
    w_i=2.0, u_i=-2.0, b_i=-1.0,
    w_c=2.0, u_c=1.5, b_c=0.0,
    w_o=2.0, u_o=2.0, b_o=1.0,
    w_out=1.0,
)  # fmt: skip
MEMORY_TEST_RNN = RNNParams(w_in=1.0, w_hidden=0.8, b=0.0, w_out=1.0)


def _pulse_index(xs: Sequence[float]) -> int | None:
    """Index of the first non-zero input (the pulse), or None when every input is 0."""
    for k, x in enumerate(xs):
        if float(x) != 0.0:
            return k
    return None


def _kept(with_pulse: list[float], without: list[float], k: int) -> float:
    written = with_pulse[k] - without[k]
    if written == 0.0:
        return 0.0
    return (with_pulse[-1] - without[-1]) / written


def memory_kept(
    lstm_params: LSTMParams, rnn_params: RNNParams, xs: Sequence[float]
) -> tuple[float, float]:
    """(LSTM, RNN): the share of the pulse's effect on C, resp. h, still there at the last step.

    The pulse is the first non-zero input. 1.0 means all of it, 0.0 nothing; 0.0 as well when there
    is no pulse or the pulse changed nothing. Compares against the same run with the pulse set to 0.
    """
    k = _pulse_index(xs)
    if k is None:
        return 0.0, 0.0
    quiet = [float(x) for x in xs]
    quiet[k] = 0.0
    lstm_kept = _kept(run(lstm_params, xs).c, run(lstm_params, quiet).c, k)
    rnn_kept = _kept(run_rnn(rnn_params, xs).h, run_rnn(rnn_params, quiet).h, k)
    return lstm_kept, rnn_kept


def format_share(share: float) -> str:
    """A share as a percentage a visitor can read: 91%, 4.2%, 0.095%, less than 0.001%."""
    if share == 0.0:
        return "0%"
    pct = 100.0 * share
    size = abs(pct)
    if size >= 9.95:
        return f"{pct:.0f}%"
    if size >= 0.995:
        return f"{pct:.1f}%"
    if size >= 0.001:
        decimals = 1 - math.floor(math.log10(size))  # two significant digits
        return f"{pct:.{decimals}f}%"
    return "less than 0.001%"


def memory_caption_parts(
    lstm_params: LSTMParams, rnn_params: RNNParams, xs: Sequence[float] = MEMORY_TEST_XS
) -> tuple[str, dict[str, object]]:
    """The line `memory_caption` says, as an English template (marked for translation) and its
    fields: the app shows it in the visitor's language."""
    k = _pulse_index(xs)
    if k is None:
        return N_("There is no pulse in the input, so there is nothing to remember."), {}
    after = len(xs) - 1 - k
    if after == 0:
        return N_("The pulse is the last input, so no later step can show who remembers it."), {}
    lstm_kept, rnn_kept = memory_kept(lstm_params, rnn_params, xs)
    shares: dict[str, object] = {"lstm": format_share(lstm_kept), "rnn": format_share(rnn_kept)}
    if after == 1:
        return N_("1 step after the pulse, the LSTM's memory C still holds {lstm} of it; the basic "
                  "RNN's h holds {rnn}."), shares
    return N_("{steps} steps after the pulse, the LSTM's memory C still holds {lstm} of it; the basic "
              "RNN's h holds {rnn}."), {"steps": after, **shares}


def memory_caption(
    lstm_params: LSTMParams, rnn_params: RNNParams, xs: Sequence[float] = MEMORY_TEST_XS
) -> str:
    """One plain-English line with the measured shares at the last step."""
    template, fields = memory_caption_parts(lstm_params, rnn_params, xs)
    return template.format(**fields)


@dataclass(frozen=True)
class MemoryTest:
    """The memory-test preset: the input, both cells' weights, and what they measure."""

    xs: tuple[float, ...]
    lstm: LSTMParams
    rnn: RNNParams

    def lstm_trace(self) -> Trace:
        return run(self.lstm, self.xs)

    def rnn_trace(self) -> RNNTrace:
        return run_rnn(self.rnn, self.xs)

    def kept(self) -> tuple[float, float]:
        """(LSTM, RNN) share of the pulse kept at the last step: see `memory_kept`."""
        return memory_kept(self.lstm, self.rnn, self.xs)

    def caption(self) -> str:
        return memory_caption(self.lstm, self.rnn, self.xs)


def memory_test_preset() -> MemoryTest:
    """A pulse followed by 30 zeros, with weights that make the LSTM keep it and the RNN lose it."""
    return MemoryTest(MEMORY_TEST_XS, MEMORY_TEST_LSTM, MEMORY_TEST_RNN)
