"""The one action vocabulary: what a person can ask the app for, as plain data (no pygame)."""

from __future__ import annotations

from dataclasses import dataclass

# The names reuse the physical controls' (physical/commands.py ACTIONS) and the widgets' where
# they mean the same thing, so a key, a button and a gamepad ask for one thing in one word.
PLAY = "play"  # play / pause
STEP = "step"  # one step forward (through the past while inspecting)
BACK = "back"  # one step back (through the past while inspecting)
TIME_TRAVEL = "time_travel"  # view the step before t (while already viewing: one step back)
GO_LIVE = "go_live"  # stop viewing a past step
RESET = "reset"
HELP = "help"  # open the help card
NEXT_PAGE = "page"  # the next group of panels (a UI scale above 1)
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
FOCUS_NEXT = "focus_next"
FOCUS_PREV = "focus_prev"
PRESS = "press"  # the focused button; a field commits
NUDGE = "nudge"  # value: +1 or -1 steps of the focused slider
SLIDER_END = "slider_end"  # value: -1 the focused slider's minimum, +1 its maximum
EDIT = "edit"  # select all, copy, cut, paste in the focused field


@dataclass(frozen=True)
class Action:
    """One thing to do, e.g. Action(PRESET, 3) or Action(PLAY)."""

    name: str
    value: object = None
