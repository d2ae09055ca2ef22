"""The one action vocabulary: what a person can ask the app for, as plain data (no pygame)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# The names reuse the physical controls' (physical/commands.py ACTIONS) and the widgets' where
# they mean the same thing, so a key, a button and a gamepad ask for one thing in one word.
PLAY = "play"  # play / pause
STEP = "step"  # one step forward (through the past while inspecting)
BACK = "back"  # one step back (through the past while inspecting)
TIME_TRAVEL = "time_travel"  # view the step before t (while already viewing: one step back)
GO_LIVE = "go_live"  # stop viewing a past step
RESET = "reset"
HELP = "help"  # open the help card
NEXT_PAGE = "page"  # the next group of panels (a UI scale above 1) or tab (a squarer window)
SHOW_PAGE = "show_page"  # value: the tab (page) to show
MOTION = "motion"  # motion on / off
PRESET = "preset"  # value: the preset's number, 1 … 9
TRAIN = "train"  # start or stop training
PIN = "pin"
UNPIN = "unpin"  # value: the pin's number, -1 the newest
UNDO_TRAINING = "undo_training"
COMPARE = "compare"  # compare with the basic RNN on / off
EXPORT = "export"  # the trace as CSV and the window as PNG
ESCAPE = "escape"  # leave the focused field or slider; back to live from a past step
# Asked for by keys that other handlers take first (priority keys, focused widgets).
QUIT = "quit"
SAVE_SCENARIO = "save_scenario"
OPEN_SCENARIO = "open_scenario"
SCREENSHOT = "screenshot"
MIDI_LEARN = "midi_learn"
MIDI_LEARN_CANCEL = "midi_learn_cancel"  # Esc while MIDI learn waits
CLOSE_HELP = "close_help"  # any key, click or control while the help card is up
HELP_NEXT = "help_next"  # a click on the help card: its next page, or closed after the last
FOCUS_NEXT = "focus_next"
FOCUS_PREV = "focus_prev"
PRESS = "press"  # the focused button; a field commits
NUDGE = "nudge"  # value: +1 or -1 steps of the focused slider
SLIDER_END = "slider_end"  # value: -1 the focused slider's minimum, +1 its maximum
SCROLL_MATH = "scroll_math"  # value: -1 / +1 a page (the math panel takes these keys itself)
EDIT = "edit"  # select all, copy, cut, paste in the focused field
# Asked for by widgets and panels (target: the widget's id).
SET = "set"  # a slider moved: value its position, target its id (a weight's name, "speed", "lr")
COMMIT = "commit"  # a field's text is good: value the text, target "sequence" or "target"
CANCEL = "cancel"  # a field's edit thrown away (Esc)
FIELD_ERROR = "field_error"  # a field's text is bad: value the message (the field shows it)
INSPECT = "inspect"  # view a past step: value the step (a click on the chain or the graph)
HIGHLIGHT = "highlight"  # value: a diagram node's key; the math panel lights its equation
TOGGLE_SERIES = "toggle_series"  # value: a graph series' key, shown ⇄ hidden (the legend)
NEXT_TASK = "task"  # the training task button: the next task preset
OPTIMIZER = "optimizer"  # Adam ⇄ SGD
RESET_WEIGHTS = "reset_weights"
# The arcade: goal levels (sim/goals.py, assets/challenges.toml).
CHALLENGE = "challenge"  # value: a challenge's id: start it
LEAVE_CHALLENGE = "leave_challenge"
SOLVE = "solve"  # the running challenge's reference solution (the command line's --solve)
GOAL_MET = "goal_met"  # value: the stars the live weights reached, more than ever before
LEVEL = "level"  # value: "explore" or "full" (the visitor's level of detail); None: the other one
LANGUAGE = "language"  # value: a shipped language's code; None: the next one the switch offers
# Guided lessons (assets/lessons/*.toml, app/lessons.py): a card of pages over the panels.
LESSON = "lesson"  # value: a lesson's id: start it at its first page
LESSON_NEXT = "lesson_next"  # the next page (the last page's Finish ends the lesson)
LESSON_BACK = "lesson_back"
LESSON_SKIP = "lesson_skip"  # leave the lesson
LESSON_DONE = "lesson_done"  # the page's condition became true on the live state
# Asked for by gamepads, arcade buttons and MIDI (physical/).
FOCUS_SLIDER = "focus_slider"  # value: +1 the next slider, -1 the previous one
MIDI_LEARNED = "midi_learned"  # value: (weight's name, channel, controller)
# An event a widget or panel took that asks for nothing more (a hover, a drag, a keystroke typed).
TAKEN_NAME = "taken"


@dataclass(frozen=True)
class Action:
    """One thing to do, e.g. Action(PRESET, 3), Action(PLAY) or Action(SET, 0.5, "W_f")."""

    name: str
    value: Any = None  # a number, a text, a step, a key: what `name` says it is
    target: str | None = None  # the widget or parameter it is about, where there is one


TAKEN = Action(TAKEN_NAME)
