"""The one dispatcher: every Action (key, button, slider, panel, gamepad, MIDI) → one state change.

`HANDLERS` is the table; keys reach it through `ui/bindings.py`, widgets and panels return their
actions from `handle`, devices' commands are translated in `devices.py`. Only these handlers (and
the simulation's own methods they call) change the simulation or the `AppState`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from .. import actions as act
from ..actions import Action
from ..formats import languages
from ..i18n import N_, Message, message_of
from ..model import (
    SequenceError,
    format_sequence,
    loss_and_grads_batch,
    memory_test_preset,
    parse_sequence,
)
from ..physical import param_spec, save_midi_mapping
from ..sim.simulation import wrong_target_length
from ..ui.controls import MEMORY_TEST, RNN_PREFIX, SLIDER_RESOLUTION
from ..ui.widgets import Slider, Widget
from . import devices, files, lessons
from .hotspots import Hotspot, hotspots
from .session import end_training_status, show_text
from .state import ADAM, SGD

if TYPE_CHECKING:
    from .app import App

Handler = Callable[["App", Action, float], object]  # what it returns is not used


def dispatch(app: App, action: Action, now: float) -> None:
    """Do what `action` asks for (an action nobody handles is a programming error)."""
    HANDLERS[action.name](app, action, now)
    if lessons.completes(app.state, action):  # the lesson's task page asked for just this
        lesson_page_done(app)


# --- time: play, step, inspect ------------------------------------------------------------------
def step_or_inspect(app: App, direction: int) -> None:
    """→ / ← and the Step / Back buttons: through the past while inspecting, else the sim."""
    sim = app.sim
    if sim.inspected is not None:
        sim.move_inspection(direction)
    elif direction > 0:
        sim.step_forward()
    else:
        sim.step_back()


def _time_travel(app: App) -> None:
    """Shift+←: view the step before t; while already viewing, one step further back."""
    if app.sim.inspected is None:
        app.sim.inspect(app.sim.t - 1)
    else:
        step_or_inspect(app, -1)


def _inspect(app: App, step: int | None) -> None:
    """A click on a step in the graph or the chain; None: back to live."""
    if step is None:
        app.sim.go_live()
    else:
        app.sim.inspect(int(step))


def _escape(app: App, now: float) -> None:
    """Esc (no field took it): back to live from a past step, and the focus leaves."""
    if app.state.focused is None and app.sim.inspected is not None:
        app.sim.go_live()
    set_focus(app, None, now)


# --- sliders and fields ---------------------------------------------------------------------------
def _snapped(value: float) -> float:
    """A weight slider's value in hundredths, so the math panel's numbers are exact."""
    return round(round(float(value) / SLIDER_RESOLUTION) * SLIDER_RESOLUTION, 2)


def _set(app: App, action: Action, now: float) -> None:
    """A slider moved: speed and learning rate on their log scales, else a weight."""
    target, value = action.target or "", float(action.value)
    if target == "speed":
        app.sim.set_speed(2**value, now)
    elif target == "lr":
        app.state.learning_rate = 10**value  # also the rate a Train started later uses
        app.sim.set_learning_rate(app.state.learning_rate)
    elif target.startswith(RNN_PREFIX):  # the basic RNN's
        app.sim.set_rnn_param(target[len(RNN_PREFIX) :], _snapped(value))
    else:
        before = app.sim.params
        app.sim.set_param(target, _snapped(value))
        if app.sim.params != before:  # the visitor took over the weights the status described
            end_training_status(app)
            _count_move(app, target, now)


MOVE_GAP_S = 1.0  # a weight moved again within this is the same move (a drag, a held key)


def _count_move(app: App, name: str, now: float) -> None:
    """A challenge counts the visitor's moves: another slider, or the same one after a pause."""
    last = app.state.last_move
    if app.sim.goal is not None and (last is None or last[0] != name or now - last[1] > MOVE_GAP_S):
        app.sim.note_move()
    app.state.last_move = (name, now)


# --- the arcade ---------------------------------------------------------------------------------
def start_challenge(app: App, challenge_id: str) -> None:
    """A challenge by id: its sequence and start weights, only its sliders free, its goal shown."""
    challenge = next((c for c in app.challenges if c.id == challenge_id), None)
    if challenge is None:
        app.sim.hint = Message("No challenge called {id!r}", id=challenge_id)
        return
    end_training_status(app)
    app.sim.start_goal(challenge)
    show_text(app.controls.sequence, format_sequence(app.sim.sequence))
    show_text(app.controls.target, "")
    state = app.state
    # TRANSLATORS: the running challenge under the fields: its title, then its goal.
    state.note = Message("{title}: {goal}", title=Message(challenge.title), goal=Message(challenge.goal))
    state.active_preset, state.task_index, state.best_stars, state.last_move = None, 0, 0, None


HINT_NO_CHALLENGE = N_("No challenge is running: there is nothing to solve")


def solve_challenge(app: App) -> None:
    """The running challenge's reference solution on its sliders (the other weights as they are)."""
    goal = app.sim.goal
    if goal is None:
        app.sim.hint = HINT_NO_CHALLENGE
        return
    solution: dict[str, float] = dict(getattr(goal, "solution", {}))  # a Challenge's reference weights
    app.sim.set_params(replace(app.sim.params, **solution))
    app.sim.note_move()


def leave_challenge(app: App) -> None:
    app.sim.leave_goal()
    app.state.note, app.state.best_stars = "", 0


def goal_met(app: App, stars: int, now: float) -> None:
    """A new best on the running challenge: its stars, said big (the moment to stop for)."""
    app.state.best_stars = stars
    challenge_id = getattr(app.sim.goal, "id", "")
    app.state.stars[challenge_id] = max(stars, app.state.stars.get(challenge_id, 0))
    title = getattr(app.sim.goal, "title", N_("the challenge"))
    # the moment on screen (ui/views/celebration.py, which shows tr(title))
    app.state.celebrated = (now, stars, title)


# --- lessons ------------------------------------------------------------------------------------
HINT_LESSON_TASK = N_("First do what the lesson's page asks (Next lights up), or Skip the lesson")


def start_lesson(app: App, lesson_id: str, now: float) -> None:
    """A lesson by id: its setup over the seed's defaults, its first page on the card."""
    lesson = lessons.find(app.lessons, lesson_id)
    if lesson is None:
        app.sim.hint = Message("No lesson called {id!r}", id=lesson_id)
        return
    leave_challenge(app)  # a lesson's weights are not a challenge's to judge
    if lesson.level is not None:
        set_level(app, lesson.level)  # the level its pages are written for (where offered)
    lessons.apply_setup(app, lesson)
    state = app.state
    state.lesson, state.lesson_page, state.lesson_done = lesson, 0, set()
    state.active_preset, state.task_index = None, 0
    open_lesson_page(app, now)


def open_lesson_page(app: App, now: float) -> None:
    """The page just turned to: its target's tab (and control page) shown."""
    page = lessons.current_page(app.state)
    target = page.target if page is not None else None
    if app.state.level == "explore" and not lessons.on_explore(target, app):
        set_level(app, "full")  # the page points at what only the glass box shows (where offered)
    tab = lessons.tab_of(app, target)
    if tab is not None:
        dispatch(app, Action(act.SHOW_PAGE, tab), now)
    lessons.show_widget_page(app, target)


def lesson_next(app: App, now: float) -> None:
    """Next: on a page read or done, the next page; after the last, the lesson is complete."""
    state, shown = app.state, lessons.content(app.state)
    if shown is None:
        return
    if not shown.can_go_on:
        app.sim.hint = HINT_LESSON_TASK
        return
    if shown.last:
        title = shown.title
        leave_lesson(app)
        app.toast.show(now, Message("✓ Lesson complete: {title}. Well done!", title=Message(title)))
        return
    state.lesson_page += 1
    open_lesson_page(app, now)


def lesson_back(app: App, now: float) -> None:
    if app.state.lesson is not None and app.state.lesson_page > 0:
        app.state.lesson_page -= 1
        open_lesson_page(app, now)


def leave_lesson(app: App) -> None:
    """Skip (or the end): the card goes; the simulation stays as the visitor left it."""
    state = app.state
    state.lesson, state.lesson_page, state.lesson_done = None, 0, set()


def lesson_page_done(app: App) -> None:
    """The page shown is completed (its action done or its condition met): Next lights up."""
    if app.state.lesson is not None:
        app.state.lesson_done.add(app.state.lesson_page)


def _commit(app: App, action: Action, now: float) -> None:
    """A field's good text: the new sequence, or the target (of the wrong length: marked)."""
    controls, text = app.controls, str(action.value)
    if action.target == "sequence":
        in_challenge = app.sim.goal is not None
        try:
            app.sim.set_sequence(parse_sequence(text))
        except SequenceError as exc:  # the field validated already; never lose the old one
            controls.sequence.error = message_of(exc)
            return
        if in_challenge:  # a challenge ends with its sequence, and its note with it
            leave_challenge(app)
        end_training_status(app)
        check_target_fits(app)
    elif action.target == "target":
        try:
            app.sim.set_target(parse_sequence(text))
            controls.target.error = ""
        except ValueError as exc:  # wrong length (or bad text): the previous target stays
            controls.target.error = message_of(exc)


def _cancel(app: App, action: Action, now: float) -> None:
    """Esc in a field: its edit is gone (the field did that); the focus leaves it."""
    focused = app.state.focused
    if focused is not None and focused.id == action.target:
        set_focus(app, None, now)


def check_target_fits(app: App) -> None:
    """After a new sequence: a typed target of another length is marked, not silently kept."""
    target = app.controls.target
    if target.committed_text.strip() and app.sim.target is None:
        try:
            values = parse_sequence(target.committed_text)
        except SequenceError:
            return
        target.error = wrong_target_length(len(values), app.sim.length)


# --- focus ----------------------------------------------------------------------------------------
def set_focus(app: App, widget: Widget | None, now: float) -> None:
    """Give `widget` (None: nobody) the keys; a field losing them commits its text."""
    state = app.state
    if widget is state.focused:
        return
    previous, state.focused = state.focused, widget
    in_controls = widget is not None and not isinstance(widget, Hotspot) and app.layout.level == "full"
    if in_controls and not app.layout.shows("controls"):
        page = app.layout.page_of("controls")  # Tab, a knob or a stick reaches a slider: show it
        if page is not None:
            show_page(app, page)
    for changed, focused in ((previous, False), (state.focused, True)):
        if changed is not None:
            asked = changed.set_focus(focused, now)
            if asked is not None:
                dispatch(app, asked, now)
    if isinstance(widget, Slider):
        slider_focused(app, widget)


def set_level(app: App, level: str | None) -> None:
    """The visitor's level of detail: Explore or Full (None: the other one), where offered."""
    state = app.state
    if level is None:
        level = "full" if state.level == "explore" else "explore"
    if level == state.level or level not in state.levels:
        return
    state.level = level
    if state.focused is not None and state.focused not in app.widgets():
        state.focused.set_focus(False, 0.0)  # a widget of the other level: the keys go nowhere
        state.focused = None
    app.relayout()


def set_language(app: App, code: str | None) -> None:
    """Every text in the language `code` (None: the next one offered), laid out and drawn anew at
    once: the panels measure their labels again, and no cache keeps a text of the old one."""
    state = app.state
    offered = state.languages
    if code is None:
        at = offered.index(state.language) if state.language in offered else -1
        code = offered[(at + 1) % len(offered)]
    if code not in offered:
        return
    state.language = code
    languages.use(code)
    app.relayout()


def move_focus(app: App, direction: int, now: float, sliders_only: bool = False) -> None:
    """Tab / Shift+Tab through every widget and every other place a pointer can press (the
    ones on screen first); a gamepad's focus moves through the sliders."""
    order: list[Widget]
    if sliders_only:
        order = [*devices.sliders(app)]
    elif app.layout.level == "explore":
        order = [*app.widgets(), *hotspots(app)]
    elif app.layout.shows("controls"):
        order = [*app.controls.widgets(), *hotspots(app)]
    else:  # the controls on another tab: what is on screen comes first, then the controls' tab
        order = [*hotspots(app), *app.controls.widgets()]
    focused = app.state.focused
    if focused is not None and focused in order:
        index = (order.index(focused) + direction) % len(order)
    else:
        index = 0 if direction > 0 else len(order) - 1
    set_focus(app, order[index], now)


def _nudge(app: App, action: Action, now: float) -> None:
    """A stick or D-pad: moves the focused slider (the first nudge shows which one it moves)."""
    focused = app.state.focused
    if not isinstance(focused, Slider):
        move_focus(app, 1, now, sliders_only=True)
        return
    dispatch(app, focused.nudge(int(action.value)), now)


# --- MIDI learn (Ctrl+M) ---------------------------------------------------------------------
def toggle_learn(app: App) -> None:
    """Ctrl+M: arm MIDI learn (the next slider clicked waits for a knob), or cancel it."""
    if app.state.midi_learning or app.midi.learning:
        cancel_learn(app, said=True)
    elif not app.midi.enabled:
        app.sim.hint = devices.HINT_NO_MIDI
    else:
        app.state.midi_learning = True
        app.sim.hint = devices.HINT_LEARN


HINT_LEARN_CANCELLED = N_("MIDI learn cancelled")


def cancel_learn(app: App, said: bool = False) -> None:
    """MIDI learn waits no more (`said`: and the hint says so)."""
    app.state.midi_learning = False
    app.midi.cancel_learn()
    if said:
        app.sim.hint = HINT_LEARN_CANCELLED


def slider_focused(app: App, slider: Slider) -> None:
    """While learning, the slider just focused is the one the next knob moved will drive."""
    if app.state.midi_learning and param_spec(slider.id) is not None:  # a weight, not speed or rate
        app.midi.learn(slider.id)
        app.sim.hint = Message("MIDI learn: move a knob or fader for {param}", param=devices.param_label(slider.id))


def learned(app: App, param_id: str, channel: int, controller: int) -> None:
    """A knob was moved while learning: it drives `param_id` now (saved where learning saves)."""
    app.state.midi_learning = False
    said = {"channel": channel, "cc": controller, "param": devices.param_label(param_id)}
    if app.midi_map_path is None:
        app.sim.hint = Message("MIDI channel {channel} CC {cc} now moves {param}", **said)
        return
    problem = save_midi_mapping(app.midi.mapping, app.midi_map_path)
    where = f" (not saved: {problem})" if problem else " (saved)"  # the log stays English
    devices.LOG.info("MIDI learn: channel %d CC %d → %s%s", channel, controller, param_id, where)
    app.sim.hint = (
        Message("MIDI channel {channel} CC {cc} now moves {param} (not saved: {problem})", problem=problem, **said)
        if problem
        else Message("MIDI channel {channel} CC {cc} now moves {param} (saved)", **said)
    )


# --- presets, tasks, training ---------------------------------------------------------------------
def apply_preset(app: App, key: int) -> None:
    """A classroom preset: its sequence (back to t = 0) and/or its weights over the defaults."""
    preset = next((p for p in app.presets if p.key == key), None)
    if preset is None:
        return
    sim, controls = app.sim, app.controls
    leave_challenge(app)  # a preset's weights are not the challenge's to judge
    if preset.sequence is not None:
        sim.set_sequence(preset.sequence)
        show_text(controls.sequence, preset.sequence_text)
        check_target_fits(app)
    weights = preset.params()
    if weights is not None:
        sim.set_params(weights)
    # TRANSLATORS: the chosen preset under the fields: its number key, its name, what it shows.
    app.state.note = Message("{key} {name}: {explanation}", key=preset.key, name=Message(preset.name),
                             explanation=Message(preset.explanation))
    app.state.active_preset = preset.key
    end_training_status(app)


NOTE_CUSTOM = N_("Custom: type a Target for the input sequence, then Train (T)")
NOTE_MEMORY_TEST = N_("Memory test: one pulse, then 30 zeros. Who still remembers it at the end?")


def select_task(app: App, index: int) -> None:
    """Task 0 is Custom (the typed target); a preset loads its first sequence and target and
    its learning rate and optimizer."""
    sim, controls, state = app.sim, app.controls, app.state
    state.task_index = index % len(controls.task_names)
    name = controls.task_names[state.task_index]
    end_training_status(app)
    if state.task_index == 0:
        state.note = NOTE_CUSTOM
        return
    if name == MEMORY_TEST:
        load_memory_test(app)
        return
    task = app.tasks[state.task_index - 1]
    xs, targets = task.batch()
    sequence, target = xs[0].tolist(), targets[0].tolist()
    sim.set_sequence(sequence)
    sim.set_target(target)
    show_text(controls.sequence, format_sequence(sequence))
    show_text(controls.target, format_sequence(target))
    state.learning_rate = task.learning_rate
    state.optimizer = SGD if task.optimizer == "sgd" else ADAM
    # TRANSLATORS: the chosen task under the fields: its name, then what it trains.
    state.note = Message("{name}: {explanation}", name=Message(task.name), explanation=Message(task.explanation))


def load_memory_test(app: App) -> None:
    """The memory-test preset: a pulse, 30 quiet steps, both cells' weights, compare mode on;
    the caption over the graph measures who still remembers the pulse at the last step."""
    app.sim.load_memory_test(memory_test_preset())
    show_text(app.controls.sequence, format_sequence(app.sim.sequence))
    show_text(app.controls.target, "")
    app.state.note = NOTE_MEMORY_TEST


def toggle_training(app: App, now: float) -> None:
    """Train from the current weights, or stop (the learned weights stay)."""
    sim = app.sim
    if sim.training:
        sim.stop_training()
        return
    index = app.controls.training_task_index(app.state.task_index)
    task = app.tasks[index] if index is not None else None
    sim.start_training(app.state.optimizer, app.state.learning_rate, task, now)


def undo_training(app: App) -> None:
    """U: the weights the last training started from; its status, when still shown, now gives
    those weights' loss on its data (epoch 0), not the loss training reached."""
    sim, session = app.sim, app.sim.session
    if not sim.undo_training() or session is None:
        return
    trainer = session.trainer
    loss = float(loss_and_grads_batch(sim.params, trainer.xs, trainer.targets)[0])
    trainer.reset(sim.params)
    trainer.epoch_losses.append(loss)  # what the overlay's and the stats' loss rows show
    trainer.stop_reason = Message("Undone: back to the weights before training, loss {loss:.2e}", loss=loss)


def reset_weights(app: App) -> None:
    """The default weights: the training status, about other weights, ends."""
    app.sim.reset_weights()
    end_training_status(app)


def toggle_compare(app: App) -> None:
    """C: compare mode on or off; the graph's lines change, so the training status ends."""
    app.sim.set_compare(not app.sim.compare)
    end_training_status(app)


# --- the screen -----------------------------------------------------------------------------------
def open_help(app: App) -> None:
    app.state.help_open, app.state.help_page = True, 0


def next_help_page(app: App) -> None:
    """The help card's next page; after its last (or a one-page card), closed."""
    if app.state.help_page + 1 < app.help.pages:
        app.state.help_page += 1
    else:
        app.state.help_open = False


def show_page(app: App, page: int) -> None:
    """Show page (tab) `page`, modulo their number, of a folded layout; with one page, nothing."""
    if app.layout.pages > 1:
        app.state.page = page % app.layout.pages
        app.relayout()


def _toggle_highlight(app: App, key: str | None) -> None:
    state = app.state
    state.highlight = None if state.highlight == key else key


def _toggle_series(app: App, key: str) -> None:
    """A legend entry: that series hidden ⇄ shown."""
    app.state.hidden_series ^= {key}


def _set_state(name: str, value: Callable[[App], object]) -> Handler:
    return lambda app, _, now: setattr(app.state, name, value(app))


HANDLERS: dict[str, Handler] = {
    act.TAKEN_NAME: lambda app, _, now: None,  # a widget or panel took the event; nothing more
    act.FIELD_ERROR: lambda app, _, now: None,  # the field shows its message itself
    act.PLAY: lambda app, _, now: app.sim.toggle_play(now),
    act.LANGUAGE: lambda app, action, now: set_language(app, action.value),
    act.STEP: lambda app, _, now: step_or_inspect(app, 1),
    act.BACK: lambda app, _, now: step_or_inspect(app, -1),
    act.TIME_TRAVEL: lambda app, _, now: _time_travel(app),
    act.GO_LIVE: lambda app, _, now: app.sim.go_live(),
    act.INSPECT: lambda app, action, now: _inspect(app, action.value),
    act.RESET: lambda app, _, now: app.sim.reset(),
    act.COMPARE: lambda app, _, now: toggle_compare(app),
    act.PIN: lambda app, _, now: app.sim.pin(),
    act.UNPIN: lambda app, action, now: app.sim.unpin(int(action.value)),
    act.PRESET: lambda app, action, now: apply_preset(app, int(action.value)),
    act.TRAIN: lambda app, _, now: toggle_training(app, now),
    act.UNDO_TRAINING: lambda app, _, now: undo_training(app),
    act.NEXT_TASK: lambda app, _, now: select_task(app, app.state.task_index + 1),
    act.OPTIMIZER: _set_state("optimizer", lambda app: ADAM if app.state.optimizer == SGD else SGD),
    act.RESET_WEIGHTS: lambda app, _, now: reset_weights(app),
    act.SET: _set,
    act.COMMIT: _commit,
    act.CANCEL: _cancel,
    act.HELP: lambda app, _, now: open_help(app),
    act.HELP_NEXT: lambda app, _, now: next_help_page(app),
    act.CLOSE_HELP: _set_state("help_open", lambda app: False),
    act.MOTION: _set_state("reduce_motion", lambda app: not app.state.reduce_motion),
    act.NEXT_PAGE: lambda app, _, now: show_page(app, app.state.page + 1),
    act.SHOW_PAGE: lambda app, action, now: show_page(app, int(action.value)),
    act.HIGHLIGHT: lambda app, action, now: _toggle_highlight(app, action.value),
    act.TOGGLE_SERIES: lambda app, action, now: _toggle_series(app, action.value),
    act.ESCAPE: lambda app, _, now: _escape(app, now),
    act.FOCUS_NEXT: lambda app, _, now: move_focus(app, 1, now),
    act.FOCUS_PREV: lambda app, _, now: move_focus(app, -1, now),
    act.QUIT: lambda app, _, now: setattr(app, "running", False),
    act.EXPORT: lambda app, _, now: files.export(app),
    act.SCREENSHOT: lambda app, _, now: files.export(app, trace=False),
    act.SAVE_SCENARIO: lambda app, _, now: files.save_scenario(app),
    act.OPEN_SCENARIO: lambda app, _, now: files.show_scenarios(app),
    act.MIDI_LEARN: lambda app, _, now: toggle_learn(app),
    act.MIDI_LEARN_CANCEL: lambda app, _, now: cancel_learn(app, said=True),
    act.MIDI_LEARNED: lambda app, action, now: learned(app, *action.value),
    act.FOCUS_SLIDER: lambda app, action, now: move_focus(app, action.value, now, sliders_only=True),
    act.NUDGE: _nudge,
    act.LEVEL: lambda app, action, now: set_level(app, action.value),
    act.CHALLENGE: lambda app, action, now: start_challenge(app, str(action.value)),
    act.LEAVE_CHALLENGE: lambda app, _, now: leave_challenge(app),
    act.SOLVE: lambda app, _, now: solve_challenge(app),
    act.GOAL_MET: lambda app, action, now: goal_met(app, int(action.value), now),
    act.LESSON: lambda app, action, now: start_lesson(app, str(action.value), now),
    act.LESSON_NEXT: lambda app, _, now: lesson_next(app, now),
    act.LESSON_BACK: lambda app, _, now: lesson_back(app, now),
    act.LESSON_SKIP: lambda app, _, now: leave_lesson(app),
    act.LESSON_DONE: lambda app, _, now: lesson_page_done(app),
}
