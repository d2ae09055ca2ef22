"""The control panel: sequence and target fields, transport, speed, training and the 13 weights;
while comparing, the basic RNN's 4 weights too (its row in the grid, its W_out beside the LSTM's)."""

from __future__ import annotations

import math
from itertools import combinations, pairwise
from typing import Protocol

import pygame

from ..actions import TAKEN, Action
from ..i18n import N_, language, tr
from ..model import PARAM_SPECS, RNN_PARAM_SPECS, RNN_PREFIX, parse_sequence
from ..sim import SPEED_DEFAULT, SPEED_MAX, SPEED_MIN, Simulation
from . import paint, theme
from .frame import Frame
from .redraw import Outcome, Redraw
from .text import Text
from .theme import Metrics
from .views.panel import PanelFrame
from .views.tooltip import Tip, Wanted
from .widgets import Button, Slider, TextField, Widget
from .widgets.base import fit_words

GROUP_ORDER = ("forget", "input", "candidate", "output")
# The weight grid: one row per gate, one column per kind of weight; each title with shorter
# forms (whole words) for a narrow column. English: translated where measured and drawn.
GRID_COLUMNS = (
    # TRANSLATORS: a weight column's title: W multiplies the input x (keep "W" and "x")
    ("w", (N_("W · input x"), "W · x", "W")),
    # TRANSLATORS: a weight column's title: U multiplies the recurrent h (keep "U" and "h")
    ("u", (N_("U · recurrent h"), "U · h", "U")),
    # TRANSLATORS: the bias column's title (keep "b"), then the word alone
    ("b", (N_("b · bias"), N_("bias"), "b")),
)
GATE_SYMBOL = {"forget": "f", "input": "i", "candidate": "C\u0303", "output": "o"}
KIND_SYMBOL = {"w": "W", "u": "U", "b": "b"}
# The fields' help line, longest first (English: the longest whose translation fits is shown).
HINTS = (
    N_("Enter commits · Esc undoes · values in −10 … 10"), N_("Enter commits · Esc undoes"), N_("Enter commits"),
)
CAPTIONS = ("y(t) = W_out·h(t)", "y = W_out·h", "y = W·h")
# When everything cannot fit: two pages (or, in a very short panel, three), each page's switch
# its name with shorter forms; the parts of the panel each page shows.
SUBPAGES = {
    2: ((N_("Sequence & training"), (N_("Sequence"),)), (N_("Weights"), ())),
    3: ((N_("Sequence"), ()), (N_("Training"), ()), (N_("Weights"), ())),
}
PAGE_PARTS = {1: (("top", "play", "grid"),), 2: (("top", "play"), ("grid",)),
              3: (("top",), ("play",), ("grid",))}
HIDDEN = pygame.Rect(-10_000, -10_000, 0, 0)  # off screen: a widget not shown takes no pointer
LR_MIN, LR_MAX, LR_DEFAULT = 0.001, 1.0, 0.1
SLIDER_RESOLUTION = 0.01  # weights move in hundredths, so the math panel's numbers are exact
# The Task cycler's own entries (English: they are ids too; translated where the button draws them).
CUSTOM = N_("Custom")  # no task: the visitor's own target
MEMORY_TEST = N_("Memory test")  # the entry that loads the memory-test preset
# TRANSLATORS: the name beside the input sequence field
INPUT_LABEL = N_("Input")
# TRANSLATORS: the name beside the target field (the output wanted at each step)
TARGET_LABEL = N_("Target")
RNN_SHORT = {"w_in": ("W", ""), "w_hidden": ("W_h", ""), "w_out": ("W_out", "")}


class SpeedSlider(Slider):
    """Play speed on a log scale (0.25 … 30 steps/s): slow speeds get as much track as fast ones."""

    def __init__(self) -> None:
        super().__init__(
            "speed", N_("Speed"), math.log2(SPEED_MIN), math.log2(SPEED_MAX), math.log2(SPEED_DEFAULT),
            color=theme.ACCENT, meaning=N_("how many steps Play shows each second"),
        )

    def format_value(self, value: float) -> str:
        # TRANSLATORS: the play speed, in time steps per second
        return tr("{speed:.2f} steps/s", speed=2**value)


class LearningRateSlider(Slider):
    """The training step size on a log scale (0.001 … 1)."""

    def __init__(self) -> None:
        super().__init__(
            "lr", N_("Learning rate"), math.log10(LR_MIN), math.log10(LR_MAX), math.log10(LR_DEFAULT),
            # TRANSLATORS: "Learning rate" shortened for a narrow panel
            color=theme.TARGET, step=0.1, fine_step=0.02, short=(N_("Rate"),),
            meaning=N_("the size of each training step"),
        )

    def format_value(self, value: float) -> str:
        return f"{10 ** value:.3g}"


class ToggleButton(Button):
    """A button that stays lit while its mode is on: salmon edge and a bar along its bottom."""

    def draw(self, surface: pygame.Surface, text: Text, metrics: Metrics) -> None:
        super().draw(surface, text, metrics)
        if self.toggled:
            pygame.draw.rect(surface, theme.RNN_H, self.rect, max(2, metrics.px(3)), border_radius=metrics.radius)
            bar = pygame.Rect(self.rect.x + metrics.radius, self.rect.bottom - metrics.px(7), self.rect.width - 2 * metrics.radius, metrics.px(3))
            pygame.draw.rect(surface, theme.RNN_H, bar)


class TaskButton(Button):
    """The Task cycler: its room is measured for every task's name, so any of them fits. It keeps
    the entry's English name (`label`: an id too); its faces are made from the translated name."""

    def __init__(self, names: tuple[str, ...]) -> None:
        super().__init__("task", CUSTOM)
        self.names = names
        self.index = 0

    def show(self, index: int) -> None:
        """Show entry `index` of the cycle."""
        self.index, self.label = index, self.names[index]

    def _faces(self, toggled: bool) -> tuple[str, ...]:
        label, short = task_faces(self.index, self.names[self.index])
        return (label, *short)

    def widths(self, text: Text, metrics: Metrics) -> tuple[int, int, int]:
        kept = self.index
        widths = []
        for index in range(len(self.names)):
            self.index = index
            widths.append(super().widths(text, metrics))
        self.index = kept
        least, comfortable, wanted = zip(*widths, strict=True)
        return max(least), max(comfortable), max(wanted)


def task_faces(index: int, name: str) -> tuple[str, tuple[str, ...]]:
    """The Task button's label for entry `index` (its English `name`) and its shorter faces (whole
    words), in the current language."""
    shown = tr(name)
    words = shown.split()
    shorter = tuple(" ".join(words[:k]) + "…" for k in range(len(words) - 1, 0, -1))
    if index == 0:
        # TRANSLATORS: the Task button's face when no task is chosen ("Task: Custom")
        return tr("Task: {name}", name=shown), (shown, *shorter)
    return shown, shorter


class PageButton(ToggleButton):
    """A switch between the panel's two pages when everything cannot fit at once: pressing it
    shows its page. Which page shows is the panel's own presentation, so the press asks for
    no action of the app (TAKEN)."""

    def __init__(self, page: int, show) -> None:
        super().__init__(f"controls_page_{page}", "")
        self.page, self._show = page, show
        self.name_for(3 if page == 2 else 2)

    def name_for(self, count: int) -> None:
        """Take this page's name among `count` pages."""
        self.label, self.short = SUBPAGES[count][self.page]

    def handle(self, event: pygame.event.Event, now: float) -> Action | None:
        answer = super().handle(event, now)
        if answer is not None and answer.name == self.id:
            self._show(self.page)
            return TAKEN
        return answer


class ControlState(Protocol):
    """What the panel shows of the app's state (app/state.py)."""

    task_index: int
    optimizer: str
    learning_rate: float
    note: str


class ControlPanel:
    """Owns the control widgets, places them, and mirrors the simulation into them each frame."""

    def __init__(self, task_names: tuple[str, ...] = ()) -> None:
        # Every label here is English, marked N_: the widgets translate it whenever they draw.
        self.frame = PanelFrame(N_("Controls"))
        self.sequence = TextField("sequence", placeholder=N_("e.g. 1, 0, 0, 0, 0"), validate=parse_sequence)
        self.target = TextField("target", placeholder=N_("desired y per step, e.g. 1, 1, 1, 1, 1"),
                                validate=parse_sequence)
        # TRANSLATORS: a button: one time step back
        self.back = Button("back", N_("◀ Back"), key_hint="←", short=(N_("Back"),))
        # TRANSLATORS: a button (a verb): one time step forward
        self.step = Button("step", N_("Step ▶"), key_hint="→", short=(N_("Step"),))
        # TRANSLATORS: buttons Play / Pause; "Space" is the space bar's name on a keyboard
        self.play = Button("play", N_("▶ Play"), key_hint=N_("Space"), toggled_label=N_("❚❚ Pause"),
                           short=(N_("Play"),), toggled_short=(N_("Pause"),))
        # TRANSLATORS: a button: back to time step 0
        self.reset = Button("reset", N_("⟲ Reset"), key_hint="R", short=(N_("Reset"),))
        self.speed = SpeedSlider()
        self.lr = LearningRateSlider()
        # TRANSLATORS: buttons: start training / stop it
        self.train = Button("train", N_("▶ Train"), key_hint="T", toggled_label=N_("■ Stop"),
                            short=(N_("Train"),), toggled_short=(N_("Stop"),))
        self.task_names = (CUSTOM, *task_names, MEMORY_TEST)  # English (ids); drawn translated
        self.task = TaskButton(self.task_names)
        self.optimizer = Button("optimizer", "Adam", toggled_label="SGD")  # the optimizers' names
        # TRANSLATORS: a button: the weights back to their defaults
        self.reset_weights = Button("reset_weights", N_("⟲ Weights"), short=(N_("Weights"),))
        # TRANSLATORS: a toggle: compare the LSTM with a basic RNN ("vs": versus)
        self.compare = ToggleButton("compare", N_("LSTM vs RNN"), key_hint="C", short=(N_("vs RNN"),))
        self.transport = (self.back, self.step, self.play, self.reset)
        self.training = (self.train, self.task, self.optimizer, self.reset_weights, self.compare)
        self.rnn_sliders: dict[str, Slider] = {
            spec.name: Slider(
                RNN_PREFIX + spec.name, ("RNN W_out" if spec.name == "w_out" else spec.label),
                spec.min, spec.max, spec.default, color=theme.RNN_H, step=0.05,
                fine_step=SLIDER_RESOLUTION, fmt="{:+.2f}", short=RNN_SHORT.get(spec.name, ("",)),
                meaning=spec.meaning,
            )
            for spec in RNN_PARAM_SPECS
        }
        self.show_rnn = False  # the RNN's sliders are placed and take input only while comparing
        self._placed: tuple[pygame.Rect, Metrics] | None = None
        self.sliders: dict[str, Slider] = {
            spec.name: Slider(
                spec.name, spec.label, spec.min, spec.max, spec.default,
                color=theme.current().group_colors[spec.group], step=0.05, fine_step=SLIDER_RESOLUTION,
                fmt="{:+.2f}", short=("",),  # in the grid its row and column name it
                meaning=spec.meaning,
            )
            for spec in PARAM_SPECS
        }
        # When everything cannot fit the panel's height it folds into two pages (the fields,
        # transport and training; the weights), with a switch at the top of both.
        self._switches = tuple(PageButton(k, self.show_page) for k in range(3))
        self.page_count = 1
        self.page = 0
        self.transposed = False  # the grid with a gate per column (W, U, b rows): one row fewer
        self._last_focus: object = None
        self._measure: Text | None = None  # the layout measures labels before placing them
        self.row_labels: list[tuple[str, pygame.Rect]] = []  # a grid row's name (gate, kind, RNN, y)
        self.column_labels: list[tuple[str, pygame.Rect]] = []  # a grid column's title, as drawn
        self.label_rect = pygame.Rect(0, 0, 0, 0)
        self.target_label_rect = pygame.Rect(0, 0, 0, 0)
        self.message_rect = pygame.Rect(0, 0, 0, 0)
        self.out_caption_rect = pygame.Rect(0, 0, 0, 0)
        self.caption = ""  # the output row's equation, the longest form that fits
        self.hint = HINTS[0]  # the fields' help line, the longest form that fits
        self.note = ""  # shown under the fields when there is no error: the chosen task's aim
        self.redraw = Redraw(picture=True)  # the last drawn panel and what it showed
        self._focused_in_picture: dict[str, bool] = {}  # whose focus ring the picture shows

    def training_task_index(self, task_index: int) -> int | None:
        """Task button entry `task_index` as an index in the app's task list; None for Custom and
        for the memory test (which is not a training task)."""
        if self.task_names[task_index] in (CUSTOM, MEMORY_TEST):
            return None
        return task_index - 1

    @property
    def folded(self) -> bool:
        """Whether the panel shows its widgets a page at a time."""
        return self.page_count > 1

    @property
    def pages(self) -> tuple[PageButton, ...]:
        """The switches of a folded panel, one per page (none when not folded)."""
        return self._switches[: self.page_count] if self.folded else ()

    def widgets(self) -> list[Widget]:
        """Every widget in reading order: the Tab order (a folded panel's switches last: Tab
        onto a widget of another page shows that page)."""
        rnn = list(self.rnn_sliders.values()) if self.show_rnn else []
        return [
            self.sequence, self.target, *self.transport, self.speed, self.lr,
            *self.training, *self.sliders.values(), *rnn, *self.pages,
        ]

    def visible_widgets(self) -> list[Widget]:
        """The widgets on the page shown (all of them unless the panel is folded)."""
        return [widget for widget in self.widgets() if widget.rect.width > 0]

    def text_boxes(self) -> list[tuple[str, pygame.Rect]]:
        """Every text box the panel itself draws (not its widgets'), named, as placed."""
        boxes = [("input label", self.label_rect), ("target label", self.target_label_rect),
                 ("message", self.message_rect), ("caption", self.out_caption_rect)]
        boxes += [(f"column {title}", box) for title, box in self.column_labels]
        boxes += [(f"row {key}", box) for key, box in self.row_labels]
        return [(name, box) for name, box in boxes if box.width and box.height]

    def page_of(self, widget: object) -> int | None:
        """The page a widget is on (None: a switch, or not this panel's)."""
        if widget in self.sliders.values() or widget in self.rnn_sliders.values():
            part = "grid"
        elif widget in (self.sequence, self.target, *self.transport):
            part = "top"
        elif widget in (self.speed, self.lr, *self.training):
            part = "play"
        else:
            return None
        return next(k for k, parts in enumerate(PAGE_PARTS[self.page_count]) if part in parts)

    def show_page(self, page: int) -> None:
        """Show page `page` of a folded panel (the panel's own presentation state)."""
        if page != self.page:
            self.page = page
            if self._placed is not None:
                self.layout(*self._placed)

    # --- layout: every label is measured before it is placed -------------------------------------
    def _text(self) -> Text:
        if self._measure is None:
            self._measure = Text(max_entries=512)
        return self._measure

    def layout(self, rect: pygame.Rect, m: Metrics) -> None:
        """Place everything; the first arrangement whose rows fit the height wins: full labels,
        then the grid with a gate per column, then shorter button labels, then two pages, then
        three."""
        self._placed = (pygame.Rect(rect), m)
        area = self.frame.content_rect(rect, m)
        plans = [(1, False, False), (1, True, False), (1, False, True), (1, True, True),
                 (2, False, False), (2, False, True), (2, True, True), (3, True, True)]
        chosen = plans[-1]
        for plan in plans:
            if self._fits(area, m, *plan):
                chosen = plan
                break
        self.page_count, self.transposed, compact = chosen
        self.page = min(self.page, self.page_count - 1)
        self._place(area, m, compact, self.page)

    def _fits(self, area: pygame.Rect, m: Metrics, count: int, transposed: bool, compact: bool) -> bool:
        """Whether this arrangement's rows (each page's, when folded) fit the area."""
        self.page_count, self.transposed = count, transposed
        return all(self._place(area, m, compact, page) <= area.bottom for page in range(count))

    def _place(self, area: pygame.Rect, m: Metrics, compact: bool, page: int) -> int:
        """Place the widgets of `page` (every widget unless folded); the bottom reached."""
        for widget in (*self._switches, *self.widgets(), *self.rnn_sliders.values()):
            widget.place(HIDDEN)
        for name in ("label_rect", "target_label_rect", "message_rect", "out_caption_rect"):
            setattr(self, name, pygame.Rect(0, 0, 0, 0))
        self.row_labels, self.column_labels, self.caption = [], [], ""
        x, y, w = area.x, area.y, area.width
        if self.folded:
            for button in self.pages:
                button.name_for(self.page_count)
                button.toggled = button.page == page
            y = self._buttons(self.pages, x, y, w, m, compact=True) + m.gap
        parts = PAGE_PARTS[self.page_count][page]
        if "top" in parts:
            y = self._fields(x, y, w, m) + m.gap
            y = self._buttons(self.transport, x, y, w, m, compact) + m.gap
        if "play" in parts:
            y = self._rates(x, y, w, m, compact) + m.gap
            y = self._buttons(self.training, x, y, w, m, compact) + m.gap
        if "grid" in parts:
            y = self._grid(x, y, w, m) + m.gap
        return y - m.gap

    def _line_height(self, m: Metrics) -> int:
        return self._text().font(m.small).get_height()

    def _fields(self, x: int, y: int, w: int, m: Metrics) -> int:
        """The two fields, each with its name left of it, and the help or error line under."""
        text, row = self._text(), m.touch
        label_w = max(text.size(tr(name), m.small, bold=True)[0] for name in (INPUT_LABEL, TARGET_LABEL))
        field_x = x + label_w + m.gap
        self.label_rect = pygame.Rect(x, y, label_w, row)
        self.sequence.place(pygame.Rect(field_x, y, x + w - field_x, row))
        y += row + m.gap
        self.target_label_rect = pygame.Rect(x, y, label_w, row)
        self.target.place(pygame.Rect(field_x, y, x + w - field_x, row))
        y += row + m.px(6)  # past the field's focus ring (m.px(4))
        self.message_rect = pygame.Rect(x, y, w, self._line_height(m))
        self.hint = next((h for h in HINTS if text.size(tr(h), m.small)[0] <= w), "")  # kept English
        return self.message_rect.bottom

    def _rates(self, x: int, y: int, w: int, m: Metrics, compact: bool) -> int:
        """Speed and learning rate side by side when both fit half the width, else stacked."""
        text = self._text()
        height = Slider.min_height(self._line_height(m))
        half = (w - 2 * m.pad) // 2

        def need(slider: Slider) -> int:
            if compact:
                return slider.least_width(text, m)
            return text.size(tr(slider.label), m.small)[0] + m.gap + slider.widest_value(text, m)

        if need(self.speed) <= half and need(self.lr) <= half:
            self.speed.place(pygame.Rect(x, y, half, height))
            self.lr.place(pygame.Rect(x + w - half, y, half, height))
            return y + height
        self.speed.place(pygame.Rect(x, y, w, height))
        y += height + m.gap
        self.lr.place(pygame.Rect(x, y, w, height))
        return y + height

    def _buttons(self, buttons, x: int, y: int, w: int, m: Metrics, compact: bool) -> int:
        """Buttons across the width in as few rows as let each show its full label (its
        shortest, when `compact`); the bottom of the last row."""
        text = self._text()
        sizes = [button.widths(text, m) for button in buttons]
        rows = _split_rows(sizes, w, m.gap, 0 if compact else 1)
        start = 0
        for count in rows:
            widths = _share(sizes[start : start + count], w - (count - 1) * m.gap)
            left = x
            for button, width in zip(buttons[start : start + count], widths, strict=True):
                button.place(pygame.Rect(left, y, width, m.touch))
                left += width + m.gap
            start += count
            y += m.touch + m.gap
        return y - m.gap

    def _grid(self, x: int, y: int, w: int, m: Metrics) -> int:
        """The weights: a gate per row (W, U, b across) or, to save a row, a gate per column;
        comparing, the basic RNN's row; W_out (and the RNN's) in the last row."""
        text = self._text()
        height = Slider.min_height(self._line_height(m))
        spacing = m.px(6)  # wider than a focus ring's reach (m.px(4)): it never covers a label
        if self.transposed:
            rows = [(kind, [self.sliders[f"{kind}_{GATE_SYMBOL[g][0].lower()}"] for g in GROUP_ORDER])
                    for kind, _ in GRID_COLUMNS]
            titles: list[tuple[str, ...]] = [(GATE_SYMBOL[g],) for g in GROUP_ORDER]
        else:
            rows = [(g, [self.sliders[f"{kind}_{GATE_SYMBOL[g][0].lower()}"] for kind, _ in GRID_COLUMNS])
                    for g in GROUP_ORDER]
            titles = [names for _, names in GRID_COLUMNS]
        if self.show_rnn:
            rows.append(("rnn", [self.rnn_sliders[name] for name in ("w_in", "w_hidden", "b")]))
        out = [self.sliders["w_out"], *([self.rnn_sliders["w_out"]] if self.show_rnn else [])]
        rows.append(("out", out))
        symbol_w = max(self._row_label_size(key, m) for key, _ in rows)
        columns = len(titles)
        col_w = (w - symbol_w - columns * m.pad) // columns
        left = x + symbol_w + m.pad
        title_h = self._title_height(m)
        for k, names in enumerate(titles):
            box = pygame.Rect(left + k * (col_w + m.pad), y, col_w, title_h)
            size, bold = (m.body, True) if self.transposed else (m.small, False)
            # Kept English (the gate symbols of a transposed grid are never translated).
            shown = next((t for t in names if text.size(self._title(t), size, bold=bold)[0] <= col_w), "")
            self.column_labels.append((shown, box))
        y += title_h + spacing
        for key, sliders in rows:
            self.row_labels.append((key, pygame.Rect(x, y, symbol_w, height)))
            for k, slider in enumerate(sliders):
                slider.place(pygame.Rect(left + k * (col_w + m.pad), y, col_w, height))
            y += height + spacing
        y -= height + spacing
        caption_x = left + len(out) * (col_w + m.pad)
        room = x + w - caption_x
        self.caption = next((c for c in CAPTIONS if text.size(c, m.small, bold=True)[0] <= room), "")
        self.out_caption_rect = pygame.Rect(caption_x, y, max(0, room), height)
        return y + height

    def _title(self, title: str) -> str:
        """A grid column's title as drawn: a kind of weight's words translated, a gate's symbol
        (the transposed grid's titles) as it is."""
        return title if self.transposed else tr(title)

    def _title_height(self, m: Metrics) -> int:
        size = m.body if self.transposed else m.small
        return self._text().font(size, bold=self.transposed).get_height()

    def _row_label_size(self, key: str, m: Metrics) -> int:
        shown, size, _ = self._row_label(key, m)
        return self._text().size(shown, size, bold=True)[0]

    def _row_label(self, key: str, m: Metrics) -> tuple[str, int, theme.Color]:
        """A grid row's name, its font size and colour."""
        if key == "rnn":  # the basic RNN's row: its name, small, in its salmon
            return "RNN", m.small, theme.RNN_H
        if key in KIND_SYMBOL:
            return KIND_SYMBOL[key], m.body, theme.TEXT_DIM
        symbol = "y" if key == "out" else GATE_SYMBOL[key]
        return symbol, m.body, theme.current().group_colors[key]

    def sync(self, sim: Simulation, state: ControlState) -> None:
        """Show the real state (before drawing): slider values, the toggles, the chosen task,
        what can be pressed now. The widgets hold no state of their own beyond an edit."""
        self.task.show(state.task_index)
        self.optimizer.toggled = state.optimizer == "sgd"
        self.lr.value = round(math.log10(state.learning_rate), 9)
        self.note = state.note
        if sim.compare != self.show_rnn:
            self.show_rnn = sim.compare
            if self._placed is not None:
                self.layout(*self._placed)
        for name, slider in self.sliders.items():
            slider.value = getattr(sim.params, name)
            slider.enabled = sim.movable(name)  # a challenge's locked weights are drawn dim
        for name, slider in self.rnn_sliders.items():
            slider.value = getattr(sim.rnn_params, name)
        self.compare.toggled = sim.compare
        self.speed.value = math.log2(sim.speed)
        self.play.toggled = sim.playing
        self.back.enabled = sim.t > 0
        self.step.enabled = sim.t < sim.length
        self.play.enabled = sim.length > 0
        self.train.toggled = sim.training
        self.train.enabled = sim.goal is None  # in a challenge the hands do the learning
        self._follow_focus(getattr(state, "focused", None))

    def _follow_focus(self, focused: object) -> None:
        """Folded, the page of a widget that just took the keys (Tab, a gamepad) is shown."""
        if focused is self._last_focus:
            return
        self._last_focus = focused
        page = self.page_of(focused)
        if self.folded and page is not None:
            self.show_page(page)

    def appearance(self, rect: pygame.Rect, m: Metrics) -> tuple:
        """Everything the panel's pixels depend on: while it is unchanged the last picture stands.

        A slider counts by what it shows (its value's text and knob pixel), so the tiny steps of a
        training weight redraw the panel only when the picture really changes.
        """
        parts: list = [rect.topleft, rect.size, m.height, self.note,
                       (self.show_rnn, self.page_count, self.page, language())]  # the words' language
        for widget in self.widgets():
            state: tuple[object, ...]
            if isinstance(widget, Slider):
                state = (widget.format_value(widget.value), widget.x_of(widget.value), widget.label,
                         widget.focused, widget.enabled, widget.dragging)
            else:
                state = tuple(
                    (name, value) for name, value in vars(widget).items()
                    if isinstance(value, int | float | str | bool | tuple) or value is None
                )
            parts.append((widget.rect.topleft, widget.rect.size, state))
        return tuple(parts)

    def draw(self, surface: pygame.Surface, frame: Frame) -> None:
        """The panel from its kept picture, redrawn only where its appearance changed: while
        training moves the weights, only their sliders are drawn again (ui/redraw.py decides).
        In a window too small for its contents the widgets are cut at the panel's edge: the gaps
        around it are not redrawn every frame."""
        if self._placed is None:
            return
        rect, m = self._placed
        with paint.clipped(surface, rect):
            self.render(surface, rect, frame.text, m, frame.clean)

    def render(self, surface: pygame.Surface, rect: pygame.Rect, text: Text, m: Metrics, on_screen: bool) -> None:
        key = self.appearance(rect, m)
        outcome = self.redraw.decide(key, on_screen)
        if outcome is Outcome.BLIT:
            self.redraw.restore(surface, rect.topleft)
        if outcome is not Outcome.DRAW:
            return
        changed = self._changed_widgets(key)
        if changed is not None:
            if not on_screen:  # else the screen holds the picture already (a 4K copy is a millisecond)
                self.redraw.restore(surface, rect.topleft)
            for widget in changed:
                paint.fill(surface, theme.PANEL, widget.rect)
                widget.draw(surface, text, m)
                self.redraw.keep_part(surface, rect, widget.rect)
            for widget in self.visible_widgets():  # a focus ring reaches past its rect: on top again
                if widget.focused:
                    widget.draw_focus_ring(surface, m)
                    self.redraw.keep_part(surface, rect, widget.rect.inflate(m.px(8), m.px(8)).clip(rect))
            self.redraw.mark(key)  # a slider's or button's look has no cache of its own to settle
            return
        self._draw(surface, rect, text, m)
        # Drawing may settle a widget's own caches: the key is taken after it.
        self.redraw.keep(self.appearance(rect, m), surface, rect)
        self._focused_in_picture = {widget.id: widget.focused for widget in self.widgets()}

    def _changed_widgets(self, key: tuple) -> list[Widget] | None:
        """The sliders and buttons (each drawn inside its own rectangle) whose look alone changed
        since the picture was drawn (None: more changed, or a focus ring came or went)."""
        old = self.redraw.key
        if not isinstance(old, tuple) or self.redraw.picture is None or len(old) != len(key) or old[:5] != key[:5]:
            return None
        changed: list[Widget] = []
        for widget, before, now in zip(self.widgets(), old[5:], key[5:], strict=False):
            if before == now or widget.rect.width == 0:  # unchanged, or on a page not shown
                continue
            if not isinstance(widget, Slider | Button) or before[:2] != now[:2]:
                return None
            if widget.focused != self._focused_in_picture.get(widget.id, False):
                return None
            changed.append(widget)
        return changed

    def _draw(self, surface: pygame.Surface, rect: pygame.Rect, text: Text, m: Metrics) -> None:
        self.frame.draw(surface, rect, text, m)
        if self.label_rect.width:
            self._draw_fields_text(surface, text, m)
        for title, box in self.column_labels:
            if self.transposed:
                group = next(g for g, symbol in GATE_SYMBOL.items() if symbol == title)
                glyph = text.render(title, m.body, theme.current().group_colors[group], bold=True)
            else:
                glyph = text.render(self._title(title), m.small, theme.TEXT_DIM)
            surface.blit(glyph, glyph.get_rect(midbottom=box.midbottom))
        for key, row_rect in self.row_labels:
            shown, size, color = self._row_label(key, m)
            glyph = text.render(shown, size, color, bold=True)
            surface.blit(glyph, glyph.get_rect(center=row_rect.center))
        if self.caption:
            caption = text.render(self.caption, m.small, theme.OUTPUT_Y, bold=True)
            surface.blit(caption, caption.get_rect(midleft=self.out_caption_rect.midleft))
        on_page = self.visible_widgets()
        for widget in on_page:
            widget.draw(surface, text, m)
        for widget in on_page:
            widget.draw_focus_ring(surface, m)

    def _draw_fields_text(self, surface: pygame.Surface, text: Text, m: Metrics) -> None:
        """The fields' names and the line under them: an error, the task's aim or the help."""
        label = text.render(tr(INPUT_LABEL), m.small, theme.INPUT_X, bold=True)
        surface.blit(label, label.get_rect(midleft=self.label_rect.midleft))
        target_label = text.render(tr(TARGET_LABEL), m.small, theme.TARGET, bold=True)
        surface.blit(target_label, target_label.get_rect(midleft=self.target_label_rect.midleft))
        message, ink = self.message()
        line = fit_words(text, message, m.small, self.message_rect.width) if message else tr(self.hint)
        if line:
            surface.blit(text.render(line, m.small, ink), self.message_rect.topleft)

    def message(self) -> tuple[str, theme.Color]:
        """The line under the fields in full, translated: an error, else the task's aim ("" : the
        help)."""
        if self.sequence.error:
            return tr(self.sequence.error), theme.ERROR
        if self.target.error:
            # TRANSLATORS: an error in the target field ("Target: value 2 is not a number")
            return tr("Target: {error}", error=self.target.error), theme.ERROR
        if self.note:
            return tr(self.note), theme.TEXT_DIM
        return "", theme.TEXT_FAINT

    def tips(self, text: Text, wanted: Wanted) -> list[Tip]:
        """Of the `wanted` places, those where the panel shows less than the whole text (a short
        face, a hidden label, a message cut at a word), with the whole of it: the tooltip's."""
        if self._placed is None:
            return []
        m = self._placed[1]
        tips = []
        for widget in self.visible_widgets():
            full = widget.full_text(text, m) if wanted(widget.rect, widget) else None
            if full:
                tips.append(Tip(widget.rect, full, widget))
        message, _ = self.message()
        width = self.message_rect.width
        if message and wanted(self.message_rect, self.message_rect) and fit_words(text, message, m.small, width) != message:
            tips.append(Tip(self.message_rect, message, self.message_rect))
        return tips


def _split_rows(sizes: list[tuple[int, int, int]], width: int, gap: int, level: int) -> list[int]:
    """How many buttons go in each row: the fewest rows in which every row's widths at `level`
    (0 least, 1 comfortable) fit `width`, the rows as even as they can be."""
    n = len(sizes)
    for rows in range(1, n + 1):
        best: tuple[int, list[int]] | None = None
        for cuts in combinations(range(1, n), rows - 1):
            bounds = (0, *cuts, n)
            counts = [b - a for a, b in pairwise(bounds)]
            needs = [sum(s[level] for s in sizes[a:b]) + (b - a - 1) * gap
                     for a, b in pairwise(bounds)]
            if max(needs) <= width and (best is None or max(needs) < best[0]):
                best = (max(needs), counts)
        if best is not None:
            return best[1]
    return [1] * n  # a button wider than the panel even alone: each on its own row


def _share(sizes: list[tuple[int, int, int]], room: int) -> list[int]:
    """Widths for a row of buttons: the best level of (least, comfortable, wanted) that fits,
    and what is left shared towards the next level (or evenly past the last)."""
    level = max((k for k in range(3) if sum(s[k] for s in sizes) <= room), default=0)
    base = [s[level] for s in sizes]
    spare = room - sum(base)
    if level < 2 and sum(s[level + 1] - s[level] for s in sizes) > 0:
        growth = [s[level + 1] - s[level] for s in sizes]
    else:
        growth = [1] * len(sizes)
    widths = [b + spare * g // sum(growth) for b, g in zip(base, growth, strict=True)]
    widths[-1] += room - sum(widths)  # rounding: the row ends exactly at the panel's edge
    return widths
