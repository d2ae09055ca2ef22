"""The math panel: every equation of the current step with its numbers (the glass box).

The lines fit by construction: each is measured against the panel's width in monospace cells and
a line too long wraps at a token boundary with a hanging indent (`wrap`); the comments ("forget
gate" …) stand in one column after the equations when there is room, else on rows of their own.
When the rows do not all fit the height, the panel scrolls (wheel, drag, keys; `MathPanel.handle`)
and says so ("more below ▾", "more above ▴"); the scroll position is the view's own.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

import pygame

from ...actions import TAKEN, Action
from ...i18n import N_, language, tr
from ...model import Step
from ...sim import Simulation
from .. import paint, theme
from ..frame import Frame, Placed
from ..redraw import Redraw
from ..text import Text
from ..theme import Metrics
from .formatting import linear, num, value, weight
from .panel import PanelFrame


@dataclass(frozen=True)
class Line:
    """One logical line of the panel: the panel wraps it to its width (`wrap`)."""

    text: str
    color: theme.Color
    key: str = ""  # which quantity the line computes ("f", "i", …), for highlighting
    comment: str = ""  # what the line is ("forget gate", translated): set in a column of its own, or a row


def math_lines(sim: Simulation, compact: bool = False, rnn: bool | None = None) -> list[Line]:
    """The panel's lines for the shown step, the inspected one when time travelling (pure: tested
    without a window); their words in the language shown (the fitting measures them so). While comparing (or `rnn`), the basic RNN's equations follow the LSTM's.
    `compact` writes each gate on one line (its numbers only), to make room for the RNN's."""
    if sim.shown_pending:
        return [Line(tr("Recomputing with the new weights … {done:,} / {step:,}", done=sim.computed, step=sim.shown_t), theme.TEXT_DIM)]
    rnn = sim.compare if rnn is None else rnn
    s = sim.shown
    if s is None:
        return _initial_lines(sim) + (_rnn_initial_lines() if rnn else [])
    return _lstm_lines(sim, s, compact) + (rnn_lines(sim) if rnn else []) + pin_lines(sim)


PIN_NAMES = {"f": "f", "i": "i", "c_tilde": "C\u0303", "o": "o", "c_prev": "C({p})", "h_prev": "h({p})",
             "c": "C({t})", "h": "h({t})", "y": "y({t})"}


def pin_lines(sim: Simulation, keys: tuple[str, ...] = ("c", "h", "y")) -> list[Line]:
    """A line per pinned run: its `keys` at the shown step, beside the live numbers above."""
    t = sim.shown_t
    if t == 0:
        return []
    lines = []
    for n, pin in enumerate(sim.pins, 1):
        parts = [
            f"{PIN_NAMES[key].format(t=t, p=t - 1)} = {num(value)}"
            for key in keys
            if (value := pin.at(key, t)) is not None
        ]
        if parts:
            # TRANSLATORS: a pinned run's numbers ({values}: equations such as "C(3) = 0.120").
            lines.append(Line(tr("pin {n}: {values}", n=n, values="   ".join(parts)), theme.TEXT_DIM, "pin"))
    return lines


def rnn_lines(sim: Simulation) -> list[Line]:
    """The basic RNN's two equations with this step's numbers (keys "rnn_h" and "rnn_y")."""
    t = sim.shown_t
    step = sim.rnn_at(t)
    if step is None:
        return [Line(tr("RNN: recomputing …"), theme.TEXT_DIM, "rnn_h")]
    x, h_prev, z, h, y = step
    p = sim.rnn_params
    pad = " " * 4  # short: the line with the numbers is the panel's longest
    x_text, h_text = value(x), num(h_prev)
    return [
        Line(f"RNN h({t}) = tanh(W_in·x + W_hidden·h({t - 1}) + b)", theme.RNN_H, "rnn_h"),
        Line(f"{pad} = tanh({linear(p.w_in, x_text, p.w_hidden, h_text, p.b)}) = tanh({num(z)}) = {num(h)}", theme.RNN_H, "rnn_h"),
        Line(f"RNN y({t}) = W_out·h({t}) = {weight(p.w_out)}·{_f(num(h))} = {num(y)}", theme.RNN_H, "rnn_y"),
    ]


def _rnn_initial_lines() -> list[Line]:
    return [
        Line("RNN h(t) = tanh(W_in·x + W_hidden·h(t-1) + b)", theme.RNN_H, "rnn_h"),
        # TRANSLATORS: a comment beside the basic RNN's equation: keep "h(0) = 0".
        Line("RNN y(t) = W_out·h(t)", theme.RNN_H, "rnn_y", tr("basic RNN, h(0) = 0")),
    ]


def _lstm_lines(sim: Simulation, s: Step, compact: bool) -> list[Line]:
    p, t = sim.params, sim.shown_t
    x, h = value(s.x), num(s.h_prev)
    lines = [
        Line(f"t = {t}:  x = x({t}) = {x}   h = h({t - 1}) = {h}   C({t - 1}) = {num(s.c_prev)}", theme.TEXT),
    ]
    gates = (
        ("f", "σ", "f", p.w_f, p.u_f, p.b_f, s.z_f, s.f, theme.FORGET_F),
        ("i", "σ", "i", p.w_i, p.u_i, p.b_i, s.z_i, s.i, theme.INPUT_I),
        ("C\u0303", "tanh", "C", p.w_c, p.u_c, p.b_c, s.z_c, s.c_tilde, theme.CANDIDATE),
        ("o", "σ", "o", p.w_o, p.u_o, p.b_o, s.z_o, s.o, theme.OUTPUT_O),
    )
    for name, fn, sub, w, u, b, z, a, color in gates:
        key = "c_tilde" if sub == "C" else name
        pad = " " * len(name.replace("\u0303", ""))  # the combining tilde takes no column
        if compact:  # the numbers say the same as the symbols, in the same order
            lines.append(Line(f"{name} = {fn}({linear(w, x, u, h, b)}) = {fn}({num(z)}) = {num(a)}", color, key))
            continue
        lines.append(Line(f"{name} = {fn}(W_{sub}·x + U_{sub}·h + b_{sub})", color, key))
        lines.append(Line(f"{pad} = {fn}({linear(w, x, u, h, b)}) = {fn}({num(z)}) = {num(a)}", color, key))
    pad = " " * len(f"C({t})")
    if compact:
        return lines + [
            Line(f"C({t}) = f·C({t - 1}) + i·C\u0303 = {num(s.f)}·{_f(num(s.c_prev))} + {num(s.i)}·{_f(num(s.c_tilde))} = {num(s.c)}", theme.CELL_C, "c"),
            Line(f"h({t}) = o·tanh(C({t})) = {num(s.o)}·{_f(_tanh_c(s))} = {num(s.h)}", theme.HIDDEN_H, "h"),
            Line(f"y({t}) = W_out·h({t}) = {weight(p.w_out)}·{_f(num(s.h))} = {num(s.y)}", theme.OUTPUT_Y, "y"),
        ]
    lines += [
        Line(f"C({t}) = f·C({t - 1}) + i·C\u0303", theme.CELL_C, "c"),
        Line(f"{pad} = {num(s.f)}·{_f(num(s.c_prev))} + {num(s.i)}·{_f(num(s.c_tilde))} = {num(s.c)}", theme.CELL_C, "c"),
        Line(f"h({t}) = o·tanh(C({t}))", theme.HIDDEN_H, "h"),
        Line(f"{pad} = {num(s.o)}·tanh({num(s.c)}) = {num(s.o)}·{_f(_tanh_c(s))} = {num(s.h)}", theme.HIDDEN_H, "h"),
        Line(f"y({t}) = W_out·h({t})", theme.OUTPUT_Y, "y"),
        Line(f"{pad} = {weight(p.w_out)}·{_f(num(s.h))} = {num(s.y)}", theme.OUTPUT_Y, "y"),
    ]
    return lines


def _f(text: str) -> str:
    return f"({text})" if text.startswith("\u2212") else text


def _tanh_c(s: Step) -> str:
    import math

    return num(math.tanh(s.c))


def _initial_lines(sim: Simulation) -> list[Line]:
    lines = [
        # TRANSLATORS: "t = 0" as it is (the time step).
        Line(tr("t = 0: the initial state"), theme.TEXT),
        # TRANSLATORS: {state} is "h(0) = 0.000   C(0) = 0.000": keep it as it is.
        Line(tr("{state}   (zero memory)", state="h(0) = 0.000   C(0) = 0.000"), theme.TEXT),
    ]
    nxt = sim.next_input()
    if nxt is None:
        # TRANSLATORS: "Step" is the button of that name.
        lines.append(Line(tr("Type an input sequence, then press Step."), theme.TEXT_DIM))
    else:
        lines.append(Line(tr("Step 1 will read x(1) = {x}, h(0) and C(0):", x=value(nxt)), theme.TEXT_DIM))
    lines += [  # the comments go in one column (the panel measures where, in the words shown: `comment_column`)
        Line("f = σ(W_f·x + U_f·h + b_f)", theme.FORGET_F, "f", tr("forget gate")),
        Line("i = σ(W_i·x + U_i·h + b_i)", theme.INPUT_I, "i", tr("input gate")),
        # TRANSLATORS: the candidate value C̃ (what the cell may write into its memory).
        Line("C\u0303 = tanh(W_C·x + U_C·h + b_C)", theme.CANDIDATE, "c_tilde", tr("candidate")),
        Line("o = σ(W_o·x + U_o·h + b_o)", theme.OUTPUT_O, "o", tr("output gate")),
        Line("C(t) = f·C(t-1) + i·C\u0303", theme.CELL_C, "c", tr("cell state")),
        Line("h(t) = o·tanh(C(t))", theme.HIDDEN_H, "h", tr("hidden state")),
        # TRANSLATORS: y(t), the network's output (a noun).
        Line("y(t) = W_out·h(t)", theme.OUTPUT_Y, "y", tr("output")),
    ]
    return lines


# --- wrapping: rows of at most so many monospace cells -------------------------------------------
TILDE = "\u0303"  # the combining tilde of C̃: drawn over the C, it takes no cell of its own
GUTTER = 2  # cells between the longest commented equation and the comment column
# Where a row may end, the widest unit first: 0 between a line's parts ("x = 0   h = 0.1", after a
# comma), 1 at a " = " outside brackets, 2 at any "=", "+" or "−", 3 at a space, 4 after a "·". A
# row ends before the match; the next starts with the text after it (the spaces dropped), hanging
# indented.
_LEVELS = (
    re.compile(r"(?<=\S)   +(?=\S)|(?<=,) +(?=\S)"),
    re.compile(r" = "),
    re.compile(r" [=+\u2212] "),
    re.compile(r"(?<=\S) +(?=\S)"),
    re.compile(r"(?<=\u00b7)(?=\S)"),  # after a product's dot: 0.50· | 0.174
)


# Every digit is one monospace cell and no break point, like any other: lines that differ only in
# their digits wrap alike, so wrapping and fitting are worked out once for all of them.
_DIGITS = str.maketrans("123456789", "000000000")


def cells(text: str) -> int:
    """How many monospace cells `text` takes."""
    return len(text) - text.count(TILDE)


def break_points(text: str) -> dict[int, int]:
    """Where a row of `text` may end (an index) and how good a place it is (its level, 0 best)."""
    points: dict[int, int] = {}
    for level, pattern in reversed(tuple(enumerate(_LEVELS))):
        for match in pattern.finditer(text):
            i = match.start()
            if level == 1 and text.count("(", 0, i) != text.count(")", 0, i):
                continue  # inside brackets: only as good as any other "="
            points[i] = level  # the better level wins where two agree
    return points


def hanging_indent(text: str, columns: int) -> int:
    """The rows after a line's first start past its first "= " (so "+ …" and "= …" hang under
    the right-hand side), or two cells in from the line; at most a third of the row."""
    lead = len(text) - len(text.lstrip(" "))
    equals = text.find("= ")
    hang = cells(text[:equals]) + 2 if equals >= 0 and cells(text[:equals]) < columns // 3 else lead + 2
    return min(hang, columns // 3)


def wrap(text: str, columns: int) -> list[str]:
    """`text` as rows of at most `columns` cells, the rows after the first hanging indented. Each
    row ends at the best break point that fits (`break_points`: the lowest level, then the
    furthest), preferring those that fill at least half the row; only a token wider than a whole
    row is cut between two characters (never inside C̃)."""
    columns = max(1, columns)
    if cells(text) <= columns:
        return [text]
    return [" " * indent + text[start:end] for indent, start, end in _row_spans(text.translate(_DIGITS), columns)]


@functools.lru_cache(maxsize=1024)
def _row_spans(text: str, columns: int) -> tuple[tuple[int, int, int], ...]:
    """`wrap`'s rows as (indent, start, end) in `text`: found once per shape of a line (its
    digits all 0), since every frame of a drag brings the same lines with other digits."""
    hang = hanging_indent(text, columns)
    points = break_points(text)
    spans: list[tuple[int, int, int]] = []
    start, indent = 0, ""
    while cells(indent + text[start:]) > columns:
        end = _row_end(text, start, indent, points, columns, hang)
        spans.append((len(indent), start, start + len(text[start:end].rstrip(" "))))
        start, indent = end, " " * hang
        while start < len(text) and text[start] == " ":
            start += 1
    return (*spans, (len(indent), start, len(text)))


def _row_end(text: str, start: int, indent: str, points: dict[int, int], columns: int, hang: int) -> int:
    """Where the row from `start` ends: the best break point that fits, else a cut."""
    room = columns - cells(indent)
    fitting = [
        (level, i) for i, level in points.items()
        if start < i and text[start:i].strip() and cells(text[start:i]) <= room
        and (indent or cells(text[:i]) > hang)  # a first row reaches past the indent under it
    ]
    full = [(level, i) for level, i in fitting if cells(indent + text[start:i]) >= columns // 2]
    if full or fitting:
        return min(full or fitting, key=lambda point: (point[0], -point[1]))[1]
    return start + _index_after(text[start:], max(1, room))


def _index_after(row: str, count: int) -> int:
    """The index just past the first `count` cells of `row` (a tilde stays with its letter)."""
    seen = 0
    for index, char in enumerate(row):
        if char != TILDE:
            if seen == count:
                return index
            seen += 1
    return len(row)


@dataclass(frozen=True)
class Row:
    """One drawn row: a piece of a wrapped Line, or a comment on a row of its own."""

    text: str
    color: theme.Color
    key: str = ""
    comment: str = ""  # drawn at the comment column


def comment_column(lines: Sequence[Line], columns: int) -> int | None:
    """The one column (in cells) every comment starts at, past the longest commented equation;
    None when a comment would not fit there (then each goes on a row of its own)."""
    commented = [line for line in lines if line.comment]
    if not commented:
        return None
    column = max(cells(line.text) for line in commented) + GUTTER
    return column if column + max(cells(line.comment) for line in commented) <= columns else None


def layout_rows(lines: Sequence[Line], columns: int) -> tuple[list[Row], int | None]:
    """The rows `lines` take at `columns` cells, and the comment column (None: comments on rows
    of their own, each above its equation)."""
    column = comment_column(lines, columns)
    rows: list[Row] = []
    for line in lines:
        if line.comment and column is None:
            rows += [Row(text, line.color, line.key) for text in wrap(line.comment, columns)]
        for k, text in enumerate(wrap(line.text, columns)):
            comment = line.comment if column is not None and k == 0 else ""
            rows.append(Row(text, line.color, line.key, comment))
    return rows, column


# --- the panel -------------------------------------------------------------------------------
HIGHLIGHT_BG: theme.Color = (48, 44, 18)  # a dark amber band behind highlighted lines (tests probe it)
LINE_SPACING = 1.22  # a row's height in font sizes
WHEEL_ROWS = 3  # rows per notch of the mouse wheel
# The scroll cues (translated where measured and drawn).
MORE_BELOW = N_("more below \u25be")
MORE_ABOVE = N_("more above \u25b4")
SCROLL_KEYS = (pygame.K_PAGEUP, pygame.K_PAGEDOWN, pygame.K_UP, pygame.K_DOWN, pygame.K_HOME, pygame.K_END)


@dataclass(frozen=True)
class Fit:
    """The rows of one set of lines at one font size in one area."""

    lines: tuple[Line, ...]
    size: int
    advance: int  # a monospace cell's width
    rows: tuple[Row, ...]
    column: int | None  # the comment column in cells (None: comments on rows of their own)
    capacity: int  # rows the area holds

    @property
    def line_h(self) -> int:
        return round(self.size * LINE_SPACING)

    @property
    def whole(self) -> bool:
        """Every row fits the height: nothing to scroll."""
        return len(self.rows) <= self.capacity

    @property
    def wrapped(self) -> bool:
        return len(self.rows) > len(self.lines)


def fit_lines(text: Text, lines: Sequence[Line], area: pygame.Rect, size: int) -> Fit:
    """`lines` laid out in `area` at font `size`."""
    advance = text.font(size, mono=True).size("0")[0]
    rows, column = layout_rows(lines, area.width // max(1, advance))
    capacity = area.height // round(size * LINE_SPACING)
    return Fit(tuple(lines), size, advance, tuple(rows), column, capacity)


def shape(lines: Sequence[Line]) -> tuple[tuple[str, str], ...]:
    """What a fit of `lines` depends on: their texts and comments with every digit a 0 (lines
    of one shape wrap alike, so `choose_fit` picks the same choice and size for them)."""
    return tuple((line.text.translate(_DIGITS), line.comment.translate(_DIGITS)) for line in lines)


def choose_fit(text: Text, choices: Sequence[Sequence[Line]], area: pygame.Rect, m: Metrics) -> Fit:
    """The largest size from body down to the floor at which the first of `choices` that can
    shows whole without wrapping; else whole, wrapped; else the last choice at the floor size,
    wrapped, to scroll through."""
    sizes = range(m.body, m.small - 1, -1)
    fits: dict[tuple[int, int], Fit] = {}

    def at(k: int, size: int) -> Fit | None:
        if len(choices[k]) > area.height // round(size * LINE_SPACING):
            return None  # not even one row per line: no need to lay them out
        if (k, size) not in fits:
            fits[k, size] = fit_lines(text, choices[k], area, size)
        return fits[k, size]

    for wrapped_too in (False, True):
        for k in range(len(choices)):
            for size in sizes:
                fit = at(k, size)
                if fit is not None and fit.whole and (wrapped_too or not fit.wrapped):
                    return fit
    return fit_lines(text, choices[-1], area, m.small)


class MathPanel(Placed):
    """Draws `math_lines` in the monospace font, largest from body size down to the floor (1/60 H)
    at which they fit, else wrapped at the floor size and scrolled."""

    region = "math"

    def __init__(self) -> None:
        super().__init__()
        self.frame = PanelFrame(N_("Math"), N_("this step, every number"))
        self.lines: list[Line] = []  # what the last frame showed, and at which font size
        self.size = 0
        self.fit: Fit | None = None
        self._fit_key: tuple | None = None
        self._chosen: dict[tuple, tuple[int, int]] = {}  # a shape of the choices → (choice, size)
        self.redraw = Redraw()  # the lines the screen holds in the panel's place
        self.top = 0  # the first row shown (the scroll position: the view's own)
        self.visible = 0  # rows the view shows at once
        self.view = pygame.Rect(0, 0, 0, 0)  # where the rows go (the content area less the cue's row)
        self.drawn: list[tuple[Row, pygame.Rect]] = []  # the rows shown, where their text was drawn
        self.comments: list[tuple[str, pygame.Rect]] = []  # the comments in their column, likewise
        self._row_draws: list[tuple[tuple[Row, pygame.Rect], tuple[str, pygame.Rect] | None]] = []  # per row in view
        self._places: tuple | None = None  # where the frame, cues and rows stood when last drawn whole
        self.cues: dict[str, pygame.Rect] = {}  # "above" / "below": the cues drawn, by where they are
        self._cue_hits: dict[str, pygame.Rect] = {}
        self._anchor: tuple[int, str | None] | None = None  # the step and highlight last followed
        self._mouse: tuple[int, int] | None = None  # the pointer, while it is over the panel
        self._press: tuple[int, int] | None = None  # a press in the rows: its y and the top then
        self._dragging = False
        self._wheel = 0.0  # a touchpad's fractions of a notch, until they make a row

    # --- scrolling -----------------------------------------------------------------------------
    @property
    def rows(self) -> tuple[Row, ...]:
        return self.fit.rows if self.fit else ()

    @property
    def last_top(self) -> int:
        """The scroll position that shows the last row."""
        return max(0, len(self.rows) - self.visible)

    @property
    def scrollable(self) -> bool:
        return self.last_top > 0

    def scroll_to(self, top: int) -> None:
        self.top = min(max(0, top), self.last_top)

    def handle(self, event: pygame.event.Event, now: float) -> Action | None:
        """Wheel over the panel, drag (mouse or finger), a tap on a cue, keys: the rows scroll."""
        if event.type == pygame.MOUSEMOTION:
            self._mouse = event.pos if self.rect.collidepoint(event.pos) else None
            return self._drag(event.pos[1])
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            return self._press_at(event.pos)
        if event.type == pygame.MOUSEBUTTONUP and event.button == 1 and self._press is not None:
            self._press, self._dragging = None, False
            return TAKEN
        if event.type == pygame.MOUSEWHEEL and self._mouse is not None and self.scrollable:
            self._wheel += getattr(event, "precise_y", event.y) or event.y
            notches = int(self._wheel)
            self._wheel -= notches
            self.scroll_to(self.top - notches * WHEEL_ROWS)
            return TAKEN
        if event.type == pygame.KEYDOWN and event.key in SCROLL_KEYS and self.scrollable:
            return self._key(event.key)
        return None

    def _press_at(self, pos: tuple[int, int]) -> Action | None:
        if not self.rect.collidepoint(pos):
            return None
        self._mouse = pos
        for where, hit in self._cue_hits.items():
            if hit.collidepoint(pos):
                self.scroll_to(self.top + (self._page if where == "below" else -self._page))
                return TAKEN
        if self.scrollable and self.view.collidepoint(pos):
            self._press, self._dragging = (pos[1], self.top), False
            return TAKEN
        return None

    def _drag(self, y: int) -> Action | None:
        if self._press is None or self.fit is None:
            return None
        y0, top0 = self._press
        if not self._dragging and abs(y - y0) < self.metrics.px(6):
            return None
        self._dragging = True
        self.scroll_to(top0 - round((y - y0) / self.fit.line_h))  # the rows follow the pointer
        return TAKEN

    @property
    def _page(self) -> int:
        return max(1, self.visible - 1)  # a page on, the last row stays in sight

    def _key(self, key: int) -> Action | None:
        """PageUp / PageDown always; ↑ ↓ Home End while the pointer is over the panel."""
        moves = {pygame.K_PAGEUP: -self._page, pygame.K_PAGEDOWN: self._page}
        if self._mouse is not None:
            moves |= {pygame.K_UP: -1, pygame.K_DOWN: 1, pygame.K_HOME: -len(self.rows), pygame.K_END: len(self.rows)}
        if key not in moves:
            return None
        self.scroll_to(self.top + moves[key])
        return TAKEN

    def _follow(self, anchor: tuple[int, str | None], highlight: str | None) -> None:
        """On a new step or a new highlight, the highlighted rows come into view (all of them if
        they fit); otherwise the position stays where the visitor left it."""
        if anchor == self._anchor:
            return
        self._anchor = anchor
        marked = [k for k, row in enumerate(self.rows) if highlight is not None and row.key == highlight]
        if not marked:
            return
        first, last = marked[0], marked[-1]
        if first < self.top or last - first + 1 > self.visible:
            self.scroll_to(first)
        elif last >= self.top + self.visible:
            self.scroll_to(last - self.visible + 1)

    # --- drawing -------------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface, frame: Frame) -> None:
        """The lines; those of the node clicked in the diagram stand out."""
        with paint.clipped(surface, self.rect):
            self.render(surface, self.rect, frame.sim, frame.text, self.metrics, frame.math_key, frame.clean)

    def render(
        self,
        surface: pygame.Surface,
        rect: pygame.Rect,
        sim: Simulation,
        text: Text,
        m: Metrics,
        highlight: str | None = None,
        on_screen: bool = False,
    ) -> None:
        """Draw the lines; those whose key is `highlight` (a node clicked in the diagram) stand out.
        `on_screen`: the screen holds what the panel drew last frame (nothing drawn over it)."""
        area = self.frame.content_rect(rect, m)
        fit = self._fitted(sim, text, area, m)
        self.lines, self.size = list(fit.lines), fit.size
        self._place(area, fit, text, m)
        self._follow((sim.shown_t, highlight), highlight)
        self.scroll_to(self.top)  # the rows may have changed under it
        shown = (tuple(rect), m.height, highlight, fit, self.top, language())  # the title and cues are words
        if self.redraw.unchanged(shown, on_screen):
            return
        above = self.top > 0
        # Where everything stands: while it stays, only the rows whose text changed are drawn
        # again (a drag changes the numbers' rows, not the equations', nor the frame under them).
        places = (
            tuple(rect), m.height, highlight, fit.size, fit.column, tuple(self.view), self.top,
            self.top < self.last_top, language(), tuple(row.key for row in self._visible_rows(fit)),
        )
        if on_screen and places == self._places:
            self._draw_rows(surface, fit, text, highlight, m, again=True)
            return
        self._places = places
        cue_w = text.size(tr(MORE_ABOVE), m.small)[0]
        self.frame.reserve = cue_w + m.pad if above else 0
        self.frame.draw(surface, rect, text, m)
        self._draw_rows(surface, fit, text, highlight, m)
        self._draw_cues(surface, rect, text, m, above, self.top < self.last_top)

    def _fitted(self, sim: Simulation, text: Text, area: pygame.Rect, m: Metrics) -> Fit:
        """The lines of this step, fitted (again only when they or the area changed). With the
        RNN's or the pins' lines too, the full form may not show whole: then each gate on a line."""
        lines = math_lines(sim)
        key = (tuple(lines), tuple(area), m.height, language())  # the lines hold the words shown
        if key != self._fit_key or self.fit is None:
            choices = [lines]
            if sim.compare or sim.pins:
                choices.append(math_lines(sim, compact=True))
            self.fit, self._fit_key = self._choose(text, choices, area, m), key
        return self.fit

    def _choose(self, text: Text, choices: list[list[Line]], area: pygame.Rect, m: Metrics) -> Fit:
        """`choose_fit`, searched once per shape of the lines: a drag changes their digits every
        frame, and then only the chosen fit is laid out again (the search tries many sizes)."""
        key = (tuple(shape(lines) for lines in choices), tuple(area), m.height, language())
        chosen = self._chosen.get(key)
        if chosen is not None:
            k, size = chosen
            return fit_lines(text, choices[k], area, size)
        fit = choose_fit(text, choices, area, m)
        if len(self._chosen) >= 256:  # steps of every sign and width: stay bounded
            self._chosen.clear()
        self._chosen[key] = next(k for k, lines in enumerate(choices) if tuple(lines) == fit.lines), fit.size
        return fit

    def _place(self, area: pygame.Rect, fit: Fit, text: Text, m: Metrics) -> None:
        """The rows' view: the whole area, or when they scroll the area less a row for the cue."""
        self.view = pygame.Rect(area)
        if not fit.whole:
            self.view.height -= text.font(m.small).get_linesize()
        self.visible = max(1, self.view.height // fit.line_h)

    def _visible_rows(self, fit: Fit) -> tuple[Row, ...]:
        return fit.rows[self.top : self.top + self.visible]

    def _draw_rows(
        self, surface: pygame.Surface, fit: Fit, text: Text, highlight: str | None, m: Metrics, again: bool = False
    ) -> None:
        """The rows in view; `again`: the screen holds last frame's rows in the same places, so a
        row drawn as it was is left alone and a changed one is drawn over its cleared band."""
        view, line_h = self.view, fit.line_h
        before = self._row_draws if again else []
        self._row_draws = []
        with paint.clipped(surface, view.inflate(m.gap, 0)):  # room for the highlight's bar left of the text
            for k, row in enumerate(self._visible_rows(fit)):
                if k < len(before) and before[k][0][0] == row:
                    self._row_draws.append(before[k])
                    continue
                y = view.y + k * line_h
                band = pygame.Rect(view.x - m.gap // 2, y, view.width + m.gap, line_h)
                if highlight is not None and row.key == highlight:
                    pygame.draw.rect(surface, HIGHLIGHT_BG, band)
                    pygame.draw.rect(surface, theme.FOCUS, (band.x, band.y, max(2, m.px(4)), band.h))
                elif again:
                    paint.fill(surface, theme.PANEL, band)
                width = text.draw_mono(surface, row.text, fit.size, row.color, (view.x, y))
                comment = None
                if row.comment and fit.column is not None:
                    x = view.x + fit.column * fit.advance
                    comment = (row.comment, pygame.Rect(x, y, text.draw_mono(surface, row.comment, fit.size, row.color, (x, y)), line_h))
                self._row_draws.append(((row, pygame.Rect(view.x, y, width, line_h)), comment))
        self.drawn = [drawn for drawn, _ in self._row_draws]
        self.comments = [comment for _, comment in self._row_draws if comment is not None]

    def _draw_cues(
        self, surface: pygame.Surface, rect: pygame.Rect, text: Text, m: Metrics, above: bool, below: bool
    ) -> None:
        """ "more above ▴" at the title row's right end, "more below ▾" in the row under the
        rows; each a touch target that moves a page."""
        self.cues, self._cue_hits = {}, {}
        title_h = text.size(tr(self.frame.title), m.heading, bold=True)[1]
        places = {
            "above": (above, MORE_ABOVE, rect.y + m.pad + title_h // 2),
            "below": (below, MORE_BELOW, self.view.bottom + text.font(m.small).get_linesize() // 2),
        }
        for where, (shown, label, centre_y) in places.items():
            if not shown:
                continue
            cue = text.render(tr(label), m.small, theme.ACCENT)
            box = cue.get_rect(right=rect.right - m.pad, centery=centre_y)
            surface.blit(cue, box)
            self.cues[where] = box
            hit = box.inflate(2 * m.pad, max(0, m.touch - box.height))
            self._cue_hits[where] = hit.clip(rect)
