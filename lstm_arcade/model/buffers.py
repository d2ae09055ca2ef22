"""The step buffers the simulation runs on: computed steps stored column-wise in compact float
arrays (8 bytes a value, no per-step objects), extended through the one forward pass of each cell."""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import fields

from .lstm import WIDTH, Step, forward
from .params import LSTMParams
from .rnn import RNNParams, forward_rnn

# Computed in chunks, so a 100,000-step recompute never holds all its Python floats at once.
_CHUNK = 2048


class StepBuffer:
    """The LSTM's computed steps, one float array per `Step` field (index k is step k + 1)."""

    FIELDS = tuple(f.name for f in fields(Step))

    def __init__(self) -> None:
        self._last: tuple[int, Step] | None = None
        self.columns: dict[str, array] = {name: array("d") for name in self.FIELDS}

    def __len__(self) -> int:
        return len(self.columns["x"])

    def append(self, s: Step) -> None:
        self._last = None
        for name, column in self.columns.items():
            column.append(getattr(s, name))

    def extend_run(self, p: LSTMParams, xs: Sequence[float], end: int) -> None:
        """Compute steps len(self)+1 … end of the sequence `xs` and append them.

        Through `model.lstm.forward`, so every value is `run()`'s to the last bit (the monkey test
        compares them): a slider drag over a 1,000-step sequence recomputes in about 1 ms.
        """
        self._last = None
        for start in range(len(self), end, _CHUNK):
            h, c = self.last_state()
            values = forward(p, xs[start : min(end, start + _CHUNK)], h, c)
            # FIELDS order = forward's order; fromlist unboxes a list 2.5x faster than extend
            for j, column in enumerate(self.columns.values()):
                column.fromlist(values[j::WIDTH])

    def get(self, k: int) -> Step:
        # Every panel asks for the shown step, many times a frame: the last one is kept.
        if self._last is not None and self._last[0] == k:
            return self._last[1]
        found = Step(*(self.columns[name][k] for name in self.FIELDS))
        self._last = (k, found)
        return found

    def last_state(self) -> tuple[float, float]:
        """(h, C) after the last computed step, or the zero initial state."""
        if not len(self):
            return 0.0, 0.0
        return self.columns["h"][-1], self.columns["c"][-1]

    def clear(self) -> None:
        self._last = None
        for column in self.columns.values():
            del column[:]


class RNNBuffer:
    """The basic RNN's computed steps, column-wise in float arrays like StepBuffer."""

    FIELDS = ("z", "h", "y")

    def __init__(self) -> None:
        self.columns: dict[str, array] = {name: array("d") for name in self.FIELDS}

    def __len__(self) -> int:
        return len(self.columns["h"])

    def extend_run(self, p: RNNParams, xs: Sequence[float], end: int) -> None:
        """Compute steps len(self)+1 … end through `model.rnn.forward_rnn` (`run_rnn`'s values to
        the last bit) and append them."""
        start = len(self)
        if end <= start:
            return
        h = self.columns["h"][-1] if start else 0.0
        xs_part = [float(x) for x in xs[start:end]]
        for column, values in zip(self.columns.values(), forward_rnn(p, xs_part, h), strict=True):
            column.fromlist(values)

    def clear(self) -> None:
        for column in self.columns.values():
            del column[:]
