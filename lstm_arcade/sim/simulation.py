"""The simulation state and the one place that changes it: step, reset, play clock, live recompute,
and time travel (inspecting a past step without losing the live one)."""

from __future__ import annotations

import math
import time
from array import array
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from ..i18n import N_, Message, Plural
from ..model import RNN_SPEC_BY_NAME, SPEC_BY_NAME, LSTMParams, RNNParams, Step
from ..model.buffers import RNNBuffer, StepBuffer
from ..model.gradient_flow import TRACE_READS, lstm_gradient_flow, rnn_gradient_flow
from ..model.lstm import Trace
from ..model.memory_test import memory_caption_parts
from ..model.rnn import RNNTrace
from ..model.tasks import Task
from ..model.train import DEFAULT_MAX_EPOCHS, DEFAULT_TOLERANCE, Trainer, make_optimizer
from .goals import Goal, Result, evaluate
from .pins import HINT_DROPPED, HINT_NOTHING, HINT_REPLACED, MAX_PINS, Pin, make_pin
from .training import MAX_TRAIN_LENGTH, TRAIN_BUDGET_S, TrainingSession

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

SPEED_MIN, SPEED_MAX, SPEED_DEFAULT = 0.25, 30.0, 2.0
# Steps recomputed per call after a weight change: about 4 ms of work, so a drag never freezes a
# frame however long the sequence; the rest is finished by `update` over the next frames.
RECOMPUTE_SLICE = 1500
# The basic RNN's step is a sixth of the LSTM's work, so it catches up in bigger slices (~2 ms).
RNN_RECOMPUTE_SLICE = 6000
# The gradient strip shows the steps around the shown one; the backward pass never goes further
# back than this from the shown step T (the chain's window is far narrower), so it stays O(window).
GRADIENT_REACH = 2000
EPOCHS_PER_STEP = 5  # training pace: at the default 2 steps/s, 10 epochs a second

# The hints are English in the state; the view shows `tr(sim.hint)`.
HINT_EMPTY = N_("Type an input sequence first, e.g. 1, 0, 0, 0, 0")
HINT_END = N_("End of the sequence: Reset, Step Back or Play again")
HINT_START = N_("Already at t = 0")
HINT_NO_TARGET = N_("Type an input sequence and a Target of the same length, or pick a Task")
HINT_FIRST = N_("Already at the first step: → moves on, Esc returns to live")
HINT_NO_UNDO = N_("Nothing to undo: no training has started yet (T trains)")
HINT_GOAL_NO_TRAINING = N_("No training in a challenge: move the sliders yourself")


def count_message(n: int) -> Message:
    """'1 value', '1,000 values' (like `model.count_values`), kept to be translated when shown."""
    # TRANSLATORS: a count of input values, put into "the target has {target} but …"
    return Plural("{n:,} value", "{n:,} values", n=n)


def wrong_target_length(count: int, length: int) -> Message:
    """The one message for a target that does not match the sequence, wherever it is typed."""
    return Message(
        "the target has {target} but the input sequence has {length}",
        target=count_message(count), length=count_message(length),
    )


def memory_caption(lstm_params: LSTMParams, rnn_params: RNNParams, xs: Sequence[float]) -> Message:
    """`model.memory_caption`'s line, kept to be translated when shown."""
    template, fields = memory_caption_parts(lstm_params, rnn_params, xs)
    return Message(template, **{key: _share(value) if key in ("lstm", "rnn") else value
                                for key, value in fields.items()})


def _share(text: object) -> object:
    """`model.format_share`'s one phrase in words ("less than 0.001%") marked for translation."""
    if isinstance(text, str) and text.startswith("less than "):
        return Message("less than {share}", share=text.removeprefix("less than "))
    return text


class Simulation:
    """Sequence, parameters, current step t and the computed steps; no drawing, no pygame."""

    def __init__(
        self,
        params: LSTMParams | None = None,
        sequence: Sequence[float] = (),
        speed: float = SPEED_DEFAULT,
    ) -> None:
        self.params = params or LSTMParams()
        self.sequence: list[float] = [float(x) for x in sequence]
        self.speed = _clamp_speed(speed)
        self.t = 0
        self.playing = False
        self.hint: str | None = None
        self._steps = StepBuffer()  # computed steps under the current params; may run ahead of t
        # Time travel: the past step (1 … t-1) every panel shows instead of t, or None for live.
        self.inspected: int | None = None
        # Training: the desired output per step (None: no target) and the current session.
        self.target: list[float] | None = None
        self.session: TrainingSession | None = None
        self._train_time = 0.0
        self._train_allowance = 0.0
        self._anchor_time = 0.0
        self._anchor_progress = 0.0
        # Compare mode: the basic RNN runs beside the LSTM on the same sequence (issue 7).
        self.compare = False
        self.rnn_params = RNNParams()
        self._rnn = RNNBuffer()  # computed RNN steps under rnn_params; filled only while comparing
        # The memory test: its caption is shown (and re-measured as weights move) until the
        # sequence changes or compare mode ends.
        self.memory_test = False
        self._caption: tuple[tuple, Message] | None = None  # English: shown as tr(caption)
        self._gradient: GradientFlow | None = None
        # Pinned runs (oldest first) and the weights the last training started from.
        self.pins: list[Pin] = []
        self.train_start: LSTMParams | None = None
        # A challenge (sim/goals.py): its sequence is loaded, only its sliders move, and its
        # result is measured on the live weights, until the sequence changes or it is left.
        self.goal: Goal | None = None
        self.goal_moves = 0  # the visitor's slider moves since it started (the 3rd star's count)
        self._goal_result: tuple[tuple, Result] | None = None

    # --- reading -------------------------------------------------------------------------
    @property
    def length(self) -> int:
        return len(self.sequence)

    @property
    def computed(self) -> int:
        """How many steps are computed under the current parameters (both cells while comparing)."""
        if self.compare:
            return min(len(self._steps), len(self._rnn))
        return len(self._steps)

    @property
    def pending(self) -> bool:
        """True while a weight change is still being recomputed up to t (values not yet final)."""
        return self.computed < self.t

    def step_at(self, t: int) -> Step | None:
        """The computed step t (1-based), or None for t = 0 or a step not computed yet."""
        if 1 <= t <= len(self._steps):
            return self._steps.get(t - 1)
        return None

    def column(self, name: str) -> array:
        """One Step field of every computed step (index k is step k + 1), for drawing with numpy.

        The array is the live storage: it grows (and may move) on the next step, so fetch it again
        every frame and never keep a numpy view of it past the frame (a held view blocks appends).
        """
        return self._steps.columns[name]

    def rnn_column(self, name: str) -> array:
        """The basic RNN's "z", "h" or "y" of every computed step (index k is step k + 1); empty
        unless comparing. Live storage, like `column`: fetch it again every frame."""
        return self._rnn.columns[name]

    @property
    def rnn_computed(self) -> int:
        return len(self._rnn)

    def rnn_at(self, t: int) -> tuple[float, float, float, float, float] | None:
        """The RNN's step t as (x, h(t-1), z, h, y), or None (t = 0, not computed, not comparing)."""
        rnn = self._rnn
        if not 1 <= t <= len(rnn):
            return None
        c = rnn.columns
        h_prev = c["h"][t - 2] if t >= 2 else 0.0
        return self.sequence[t - 1], h_prev, c["z"][t - 1], c["h"][t - 1], c["y"][t - 1]

    def caption(self) -> str | None:
        """The memory test's measured caption (None outside the memory test); cached per weights."""
        if not self.memory_test:
            return None
        key = (self.params, self.rnn_params, id(self.sequence), self.length)
        if self._caption is None or self._caption[0] != key:
            self._caption = (key, memory_caption(self.params, self.rnn_params, self.sequence))
        return self._caption[1]

    def gradient_flow(self, first: int) -> GradientFlow | None:
        """|∂y(T)/∂C(t)|, |∂y(T)/∂h(t)| (LSTM) and |∂y(T)/∂h(t)| (RNN, while comparing) for
        T = the shown step and t = first … T, from one backward pass over the computed steps.

        Cached: recomputed only when T, a weight, the sequence or compare mode change, or an
        earlier `first` is asked for. At most GRADIENT_REACH steps back from T. None at t = 0 or
        while the shown step is still being recomputed.
        """
        T = self.shown_t
        if T == 0 or self.shown_pending:
            return None
        first = min(max(1, int(first), T - GRADIENT_REACH + 1), T)
        key = (T, self.params, self.rnn_params if self.compare else None, id(self.sequence), self.length)
        g = self._gradient
        if g is not None and g.key == key and g.first <= first:
            return g
        self._gradient = g = self._backward(T, first, key)
        return g

    def _backward(self, T: int, first: int, key: tuple) -> GradientFlow:
        k0 = first - 1  # the window starts from the state after step k0
        cols = self._steps.columns
        window = Trace(**{name: list(cols[name][k0:T]) for name in TRACE_READS})  # half a Trace's copying
        xs = window.x
        dc, dh = lstm_gradient_flow(self.params, xs, T - k0, trace=window)
        rnn_dh = None
        if self.compare:
            rnn_window = RNNTrace(
                x=xs, **{name: list(self._rnn.columns[name][k0:T]) for name in ("z", "h", "y")}
            )
            rnn_dh = rnn_gradient_flow(self.rnn_params, xs, T - k0, trace=rnn_window)
        return GradientFlow(key, T, first, dc, dh, rnn_dh)

    @property
    def shown_t(self) -> int:
        """The step every panel shows (the diagram, math and stats read this, not t)."""
        return self.t if self.inspected is None else self.inspected

    @property
    def shown(self) -> Step | None:
        """The step at `shown_t`, or None at t = 0 or while it is still being recomputed."""
        return None if self.shown_pending else self.step_at(self.shown_t)

    @property
    def shown_pending(self) -> bool:
        """True while the shown step waits for a recompute after a weight change."""
        return self.computed < self.shown_t

    @property
    def current(self) -> Step | None:
        return None if self.pending else self.step_at(self.t)

    def state(self) -> tuple[float, float]:
        """(h(t), C(t)) after the current step: what the next step will read."""
        s = self.current
        return (s.h, s.c) if s else (0.0, 0.0)

    def play_position(self, now: float) -> float:
        """How far Play has got, in steps: 3.4 is 40 % of the way from step 3 to step 4 (t itself
        while paused). Views use it to slide the newest point in at exactly the Play speed."""
        if not self.playing:
            return float(self.t)
        return min(float(self.length), max(float(self.t), self._progress(now)))

    def next_input(self) -> float | None:
        return self.sequence[self.t] if self.t < self.length else None

    # --- time travel ------------------------------------------------------------------------
    def inspect(self, k: int) -> bool:
        """Show past step k in every panel and pause Play; k is clamped to 1 … t, and k = t is live.

        Only steps already taken can be inspected; False (with a hint) when there are none.
        """
        self.playing = False
        if self.t == 0:
            self.hint = HINT_START if self.length else HINT_EMPTY
            return False
        k = min(max(1, int(k)), self.t)
        self.inspected = None if k == self.t else k
        self.hint = None
        return True

    def move_inspection(self, delta: int) -> bool:
        """← / → while inspecting: the previous or next step; stepping past t - 1 returns to live."""
        if self.inspected is None:
            return False
        if self.inspected + delta < 1:
            self.hint = HINT_FIRST
            return False
        return self.inspect(self.inspected + delta)

    def go_live(self) -> None:
        """Stop inspecting: every panel shows the current step t again."""
        self.inspected = None
        self.hint = None

    # --- training ----------------------------------------------------------------------------
    @property
    def training(self) -> bool:
        return self.session is not None and self.session.running

    def set_target(self, values: Sequence[float] | None) -> None:
        """The desired output y per step; it must have one value per input (ValueError if not)."""
        if not values:
            self.target = None
            return
        if len(values) != self.length:
            raise ValueError(wrong_target_length(len(values), self.length))
        self.target = [float(v) for v in values]

    def start_training(self, optimizer: str, lr: float, task: Task | None = None, now: float = 0.0) -> bool:
        """Train from the current weights: on a task's batch (its first sequence and target are
        shown), or on the input sequence and its target. False with a hint when it cannot."""
        xs: ArrayLike  # a task's (batch, length) arrays, or the one sequence and its target
        targets: ArrayLike
        if self.goal is not None:  # training would move the locked weights: the hands do it here
            self.hint = HINT_GOAL_NO_TRAINING
            return False
        if task is not None:
            xs, targets = task.batch()
            self.set_sequence(xs[0].tolist())
            self.target = targets[0].tolist()
            tolerance, max_epochs = task.loss, task.max_epochs
        else:
            if not self.length or self.target is None:
                self.hint = HINT_NO_TARGET
                return False
            if self.length > MAX_TRAIN_LENGTH:
                self.hint = Message(
                    "Training takes sequences of up to {most:,} values; this one has {n:,}",
                    most=MAX_TRAIN_LENGTH, n=self.length,
                )
                return False
            xs, targets = self.sequence, self.target
            tolerance, max_epochs = DEFAULT_TOLERANCE, DEFAULT_MAX_EPOCHS
        trainer = Trainer(
            xs, targets, params=self.params, optimizer=make_optimizer(optimizer, lr),
            tolerance=tolerance, max_epochs=max_epochs,
        )
        self.session = TrainingSession(trainer, task, "Adam" if optimizer == "adam" else "SGD")
        self.train_start = self.params  # frozen: "Undo training" returns exactly these
        self._train_time, self._train_allowance = now, 1.0  # the first update shows at once
        # While it learns, the whole sequence is shown: y(t) under the current weights vs target.
        self.playing = False
        self.inspected = None
        self.hint = None
        self.t = self.length
        self._compute_up_to(self.t, RECOMPUTE_SLICE)
        return True

    def stop_training(self) -> None:
        """The user's Stop: the learned weights stay."""
        self._stop_training()

    def end_training(self) -> None:
        """The run's status ends (its weights, task or sequence changed): stopped and forgotten;
        the weights it started from stay, for Undo."""
        self._stop_training()
        self.session = None

    def _stop_training(self) -> None:
        if self.session is not None:
            self.session.trainer.stop()

    def train(
        self, now: float, budget_s: float = TRAIN_BUDGET_S, clock: Callable[[], float] = time.perf_counter
    ) -> int:
        """Training iterations paced by the Play speed (EPOCHS_PER_STEP epochs per step of speed,
        so a visitor can watch the weights learn), never more than `budget_s` of `clock` time in
        one call; the new weights take effect at once. Returns the iterations done."""
        if self.session is None or not self.training:
            return 0
        trainer = self.session.trainer
        rate = EPOCHS_PER_STEP * self.speed * trainer.iterations_per_epoch  # iterations per second
        self._train_allowance = min(self._train_allowance + (now - self._train_time) * rate, rate / 4 + 1)
        self._train_time = now
        done, start = 0, clock()
        while done < int(self._train_allowance) and trainer.step():
            done += 1
            elapsed = clock() - start
            if elapsed + elapsed / done > budget_s:  # the next one would not fit the frame's budget
                break
        self._train_allowance -= done
        if done:
            self.params = trainer.params
            self._steps.clear()
            self._compute_up_to(self.t, RECOMPUTE_SLICE)
        return done

    def set_learning_rate(self, lr: float) -> None:
        if self.session is not None:
            self.session.trainer.optimizer.lr = float(lr)

    def reset_weights(self) -> None:
        """Back to the default weights, or a challenge's start weights (training stops)."""
        self._stop_training()
        self.set_params(self.goal.start_params() if self.goal is not None else LSTMParams())

    def _movable_labels(self) -> str:
        labels = [SPEC_BY_NAME[name].label for name in self.goal.sliders] if self.goal else []
        return ", ".join(labels) or Message("no weights")

    def undo_training(self) -> bool:
        """Back to the exact weights the last training started from (training stops); False
        with a hint when no training has started."""
        if self.train_start is None:
            self.hint = HINT_NO_UNDO
            return False
        self.set_params(self.train_start)
        self.hint = None
        return True

    # --- pins --------------------------------------------------------------------------------
    def pin(self, params: LSTMParams | None = None) -> bool:
        """Keep the whole sequence's run under `params` (default: the current weights) as a pin;
        a fourth replaces the oldest (with a hint). False with a hint when there is no sequence."""
        if not self.length:
            self.hint = HINT_NOTHING
            return False
        self.pins.append(make_pin(params or self.params, self.sequence))
        self.hint = None
        if len(self.pins) > MAX_PINS:
            del self.pins[0]
            self.hint = HINT_REPLACED
        return True

    def unpin(self, k: int) -> bool:
        """Remove pin k (1 = the oldest); -1 (or any negative) counts from the newest."""
        index = k - 1 if k > 0 else len(self.pins) + k
        if not 0 <= index < len(self.pins):
            return False
        del self.pins[index]
        return True

    def clear_pins(self) -> None:
        self.pins.clear()

    # --- changing ----------------------------------------------------------------------------
    def start_goal(self, goal: Goal) -> None:
        """A challenge: its sequence and start weights, compare mode off, at t = 0."""
        self.set_compare(False)
        self.set_sequence(goal.sequence)
        self.target = None
        self.set_params(goal.start_params())
        self.session = None
        self.goal, self.goal_moves = goal, 0

    def leave_goal(self) -> None:
        self.goal = None

    def note_move(self) -> None:
        """The visitor took hold of an allowed slider once more (a drag is one move)."""
        self.goal_moves += 1

    def goal_result(self) -> Result | None:
        """The challenge's result on the current weights (None: no challenge); cached."""
        if self.goal is None:
            return None
        key = (id(self.goal), self.params, self.goal_moves)
        if self._goal_result is None or self._goal_result[0] != key:
            self._goal_result = (key, evaluate(self.goal, self.params, self.goal_moves))
        return self._goal_result[1]

    def movable(self, name: str) -> bool:
        """Whether weight `name` may move now: always, except outside a challenge's sliders."""
        return self.goal is None or name in self.goal.sliders

    def set_sequence(self, values: Sequence[float]) -> None:
        """A newly committed sequence: back to t = 0, weights kept; a target of another length
        no longer fits and is dropped (the caller says so). A challenge ends with its sequence."""
        self.goal = None
        self.sequence = [float(x) for x in values]
        if self.target is not None and len(self.target) != len(self.sequence):
            self.target = None
        dropped = bool(self.pins) and self.pins[0].length != len(self.sequence)
        if dropped:
            self.pins.clear()
        self._stop_training()
        self._steps.clear()
        self._rnn.clear()
        self.memory_test = False
        self.t = 0
        self.inspected = None
        self.playing = False
        self.hint = HINT_DROPPED if dropped else None

    def set_param(self, name: str, value: float) -> None:
        """Change one weight (clamped to its range) and recompute the trace up to t. A hand on a
        slider stops training: the visitor takes over the weights."""
        value = SPEC_BY_NAME[name].clamp(float(value))
        if getattr(self.params, name) == value:
            return
        if not self.movable(name):  # a knob or key aimed at a slider this challenge locks
            # TRANSLATORS: label is a weight (W_f); movable lists the ones that move, or "no weights"
            self.hint = Message(
                "{label} stays put in this challenge: {movable} move",
                label=SPEC_BY_NAME[name].label, movable=self._movable_labels(),
            )
            return
        self._stop_training()
        self.params = self.params.with_value(name, value)
        self._steps.clear()
        self._compute_up_to(self.t, RECOMPUTE_SLICE)

    def set_params(self, params: LSTMParams) -> None:
        self._stop_training()
        self.params = params.clamped()
        self._steps.clear()
        self._compute_up_to(self.t, RECOMPUTE_SLICE)

    def set_compare(self, on: bool) -> None:
        """Compare mode on or off: the basic RNN runs beside the LSTM (computed in slices from
        here, like any recompute); off, its trace is dropped and the memory test's caption ends."""
        on = bool(on)
        if on == self.compare:
            return
        self.compare = on
        self._rnn.clear()
        if on:
            self._compute_up_to(self.t, RECOMPUTE_SLICE)
        else:
            self.memory_test = False

    def set_rnn_param(self, name: str, value: float) -> None:
        """Change one basic-RNN weight (clamped to its range); its trace is recomputed up to t."""
        value = RNN_SPEC_BY_NAME[name].clamp(float(value))
        if getattr(self.rnn_params, name) == value:
            return
        self.set_rnn_params(self.rnn_params.with_value(name, value))

    def set_rnn_params(self, params: RNNParams) -> None:
        self.rnn_params = params.clamped()
        self._rnn.clear()
        self._compute_up_to(self.t, RECOMPUTE_SLICE)

    def load_memory_test(self, preset) -> None:
        """The memory-test preset (a `model.MemoryTest`): its sequence and both weight sets,
        compare mode on, and the whole sequence taken so the last step's difference shows."""
        self.set_sequence(preset.xs)
        self.target = None
        self.set_params(preset.lstm)
        self.rnn_params = preset.rnn.clamped()
        self._rnn.clear()
        self.compare = True
        self.memory_test = True
        self._advance_to(self.length)

    def step_forward(self) -> bool:
        """Advance one step (pauses Play, ends any inspection); False with a hint when there is
        nothing to step."""
        self._stop_training()  # any transport action ends training: the learned weights stay
        self.playing = False
        self.inspected = None
        return self._advance_to(self.t + 1)

    def step_back(self) -> bool:
        self._stop_training()
        self.playing = False
        self.inspected = None
        if self.t == 0:
            self.hint = HINT_START if self.length else HINT_EMPTY
            return False
        self.t -= 1
        self.hint = None
        return True

    def reset(self) -> None:
        """t = 0, C = h = 0; sequence and weights kept."""
        self._stop_training()
        self.t = 0
        self.inspected = None
        self.playing = False
        self.hint = None

    def play(self, now: float) -> None:
        self._stop_training()
        if not self.length:
            self.hint = HINT_EMPTY
            return
        if self.t >= self.length:
            self.t = 0  # Play at the end starts again from the beginning
        self.inspected = None  # Play always shows the live step
        self.playing = True
        self.hint = None
        self._anchor(now, float(self.t))

    def pause(self) -> None:
        self.playing = False

    def toggle_play(self, now: float) -> None:
        if self.playing:
            self.pause()
        else:
            self.play(now)

    def set_speed(self, speed: float, now: float) -> None:
        """New steps per second; Play keeps its progress so the change causes no jump."""
        if self.playing:
            self._anchor(now, self._progress(now))
        self.speed = _clamp_speed(speed)
        if self.playing:
            self._anchor(now, self._anchor_progress)

    def update(self, now: float) -> None:
        """Once per frame: advance Play by the elapsed time and finish any pending recompute."""
        if self.pending:
            self._compute_up_to(self.t, RECOMPUTE_SLICE)
        if self.playing:
            target = min(self.length, math.floor(self._progress(now) + 1e-9))
            if target > self.t:
                self._advance_to(target)
            if self.t >= self.length:
                self.playing = False

    # --- internals ------------------------------------------------------------------------
    def _anchor(self, now: float, progress: float) -> None:
        self._anchor_time, self._anchor_progress = now, progress

    def _progress(self, now: float) -> float:
        return self._anchor_progress + max(0.0, now - self._anchor_time) * self.speed

    def _advance_to(self, target: int) -> bool:
        if not self.length:
            self.hint = HINT_EMPTY
            return False
        if self.t >= self.length:
            self.hint = HINT_END
            return False
        self.t = min(target, self.length)
        self._compute_up_to(self.t, RECOMPUTE_SLICE)
        self.hint = None
        return True

    def _compute_up_to(self, t: int, budget: int) -> None:
        """Compute at most `budget` missing steps towards step t."""
        steps = self._steps
        end = min(t, len(steps) + budget, len(self.sequence))
        if end > len(steps):
            steps.extend_run(self.params, self.sequence, end)
        if self.compare:
            rnn = self._rnn
            end = min(t, len(rnn) + budget * RNN_RECOMPUTE_SLICE // RECOMPUTE_SLICE, len(self.sequence))
            if end > len(rnn):
                rnn.extend_run(self.rnn_params, self.sequence, end)


class GradientFlow:
    """One backward pass for output step T over steps first … T (element k is step first + k)."""

    __slots__ = ("T", "first", "key", "lstm_dc", "lstm_dh", "rnn_dh")

    def __init__(self, key, T, first, lstm_dc, lstm_dh, rnn_dh) -> None:
        self.key, self.T, self.first = key, T, first
        self.lstm_dc: list[float] = lstm_dc
        self.lstm_dh: list[float] = lstm_dh
        self.rnn_dh: list[float] | None = rnn_dh

    def at(self, t: int) -> tuple[float, float, float | None] | None:
        """(|∂y(T)/∂C(t)|, |∂y(T)/∂h(t)|, RNN |∂y(T)/∂h(t)| or None) for first <= t <= T."""
        if not self.first <= t <= self.T:
            return None
        k = t - self.first
        return self.lstm_dc[k], self.lstm_dh[k], None if self.rnn_dh is None else self.rnn_dh[k]


def _clamp_speed(speed: float) -> float:
    return min(SPEED_MAX, max(SPEED_MIN, float(speed)))
