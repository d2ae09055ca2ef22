"""The graph's arithmetic, free of pygame: which steps are visible, zoom and pan, ticks, decimation.

Time runs along x in steps: step k (1-based) sits at x = k, the initial state at x = 0. The view
shows the steps between `lo` and `hi`; `span = hi - lo` is the zoom. Unless the user has panned,
the window follows the newest point (its right edge is the head).
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np

MIN_SPAN = 5.0  # the closest zoom: five steps across the plot
ZOOM_STEP = 1.25  # one wheel notch
# A pixel coordinate computed for one step or, element-wise, for a whole row of them.
Coord = TypeVar("Coord", float, np.ndarray)


@dataclass(frozen=True)
class Window:
    """The visible time range and the steps that have a point in it (first … last, inclusive).

    `first`/`last` reach one step beyond each edge so lines run to the plot's border (the plot is
    clipped); `first > last` when there is nothing to draw.
    """

    lo: float
    hi: float
    first: int
    last: int

    @property
    def span(self) -> float:
        return self.hi - self.lo

    @property
    def count(self) -> int:
        return max(0, self.last - self.first + 1)

    def x_of(self, step: Coord, left: float, width: float) -> Coord:
        """The pixel column of a (fractional) step in a plot starting at `left`."""
        return left + (step - self.lo) / self.span * width

    def step_at(self, x: float, left: float, width: float) -> float:
        return self.lo + (x - left) / width * self.span


def default_span(length: int, plot_width: int, step_px: float) -> float:
    """Steps across the plot before any zoom: the whole sequence when it fits at `step_px` pixels
    a step, otherwise as many steps as fit (then the graph scrolls)."""
    fits = max(MIN_SPAN, plot_width / max(step_px, 1e-9))
    return float(min(max(length, MIN_SPAN), fits))


def max_span(length: int, t: int, default: float) -> float:
    """The widest zoom: the whole sequence (or what has been taken, or the default if larger)."""
    return float(max(length, t, default, MIN_SPAN))


def visible_window(span: float, head: float, points: int, right: float | None = None) -> Window:
    """The window of width `span` ending at `right`, or following `head` when `right` is None.

    `head` is where the newest point is drawn (t, or between t-1 and t while it slides in);
    `points` is how many steps have values (1 … points). The window never starts before 0.
    """
    hi = max(span, head if right is None else right)
    lo = hi - span
    first = max(1, math.floor(lo))
    last = min(points, math.ceil(hi))
    return Window(lo, hi, first, last)


def zoom(
    span: float, right: float | None, factor: float, anchor: float, limit: float
) -> tuple[float, float | None]:
    """Zoom by `factor` (> 1 widens) keeping the step `anchor` under the pointer.

    A window that follows the head keeps following (its right edge stays on the newest point).
    Returns the new (span, right).
    """
    new_span = min(max(span * factor, MIN_SPAN), max(limit, MIN_SPAN))
    if right is None:
        return new_span, None
    new_right = anchor + (right - anchor) * new_span / span
    return new_span, max(new_right, new_span)


def pan(span: float, right: float, delta: float, head: float) -> float | None:
    """Move the window by `delta` steps; reaching the head again means following it (None)."""
    new_right = max(span, right + delta)
    return None if new_right >= head else new_right


def nice_step(raw: float) -> float:
    """The smallest of 1, 2, 5 × 10^n that is at least `raw`."""
    if raw <= 0 or not math.isfinite(raw):
        return 1.0
    base = 10.0 ** math.floor(math.log10(raw))
    for m in (1.0, 2.0, 5.0, 10.0):
        if m * base >= raw * (1 - 1e-9):
            return m * base
    return 10.0 * base


def x_ticks(window: Window, width: float, min_gap_px: float) -> list[int]:
    """Whole steps to label along x, at least `min_gap_px` apart (steps 1, 2, 5, 10, 20 …)."""
    step = max(1, int(nice_step(window.span * min_gap_px / max(width, 1.0))))
    start = math.ceil(max(0.0, window.lo) / step) * step
    return list(range(start, math.floor(window.hi) + 1, step))


def y_range(lo: float, hi: float, max_ticks: int = 6) -> tuple[float, float, float]:
    """The y range holding [lo, hi] and 0, widened to whole multiples of a nice tick step.

    Snapping keeps the axis still while values wiggle inside it (the plot leaves a few pixels
    of room inside its frame so a line on the range's edge stays visible).
    Returns (bottom, top, tick step).
    """
    lo, hi = min(lo, 0.0), max(hi, 0.0)
    if not (math.isfinite(lo) and math.isfinite(hi)):
        lo, hi = -1.0, 1.0
    if hi - lo < 1e-9:  # nothing but zeros yet
        hi = 1.0
    step = nice_step((hi - lo) / max(1, max_ticks - 1))
    bottom = math.floor(lo / step + 1e-9) * step
    top = math.ceil(hi / step - 1e-9) * step
    return bottom, top, step


def visible_values(source: array | Sequence[float], first: int, last: int) -> np.ndarray:
    """A copy of steps first … last (1-based) of one column, costing only the visible length.

    Copying (not viewing) the live array('d') matters: a numpy view that outlived the frame would
    stop the simulation from appending the next step.
    """
    if last < first:
        return np.empty(0)
    if isinstance(source, array):
        view = np.frombuffer(
            source, dtype=np.float64, count=last - first + 1, offset=(first - 1) * 8
        )
        values = view.copy()
        del view
        return values
    return np.asarray(source[first - 1 : last], dtype=np.float64)


def decimate(steps: np.ndarray, values: np.ndarray, columns: int) -> tuple[np.ndarray, np.ndarray]:
    """At most 2 × `columns` points keeping every bin's minimum and maximum (the envelope).

    Bins are whole multiples of a bin size in absolute steps, so scrolling does not make the
    envelope shimmer. Inputs with fewer than 2 × `columns` points come back unchanged.
    """
    n = len(values)
    if columns <= 0 or n <= 2 * columns:
        return steps, values
    size = math.ceil(n / columns)
    first = int(steps[0])
    # Bin edges at absolute multiples of `size`, as indices into the visible slice.
    starts = np.arange(((first - 1) // size + 1) * size, first + n, size) - first
    edges = np.concatenate(([0], starts[starts > 0]))
    lows = np.minimum.reduceat(values, edges)
    highs = np.maximum.reduceat(values, edges)
    ends = np.append(edges[1:], n) - 1
    centre = (steps[edges] + steps[ends]) / 2
    xs = np.repeat(centre, 2)
    ys = np.empty(2 * len(edges))
    ys[0::2], ys[1::2] = lows, highs
    return xs, ys
