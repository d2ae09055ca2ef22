"""The one key-bindings table: every key the app takes, the action it asks for, and its help row.

The app's shortcut handler looks keys up here (`lookup`) and the help card is generated from it
(`help_rows`). Keys that another handler takes first (priority keys such as Ctrl+Q, or a focused
widget's Enter and arrows) are rows too, marked `elsewhere`, so the card is whole.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from .. import actions as a
from ..actions import Action
from ..i18n import N_

CTRL_ALT = pygame.KMOD_CTRL | pygame.KMOD_ALT
PRIORITY = "priority"  # App._priority_action: works even while a field has the focus
WIDGET = "widget"  # the focused button, field or slider
PANEL = "panel"  # the math panel, which scrolls itself (views/math_panel.py)
LESSON = "lesson"  # a running lesson's card (views/lesson_card.py)


@dataclass(frozen=True)
class Binding:
    """One key chord: `needs` (any of these modifiers) held, none of `forbids`."""

    name: str  # the chord as a person writes it, e.g. "Shift+P" (the README check reads it)
    key: int
    action: Action
    needs: int = 0
    forbids: int = 0
    elsewhere: str = ""  # "": a shortcut (when nothing else took the key); else which handler

    def matches(self, key: int, mod: int) -> bool:
        held = not self.needs or bool(mod & self.needs)
        return key == self.key and held and not mod & self.forbids


@dataclass(frozen=True)
class HelpRow:
    """One row of the help card and the bindings it describes."""

    label: str  # the keys as the card shows them, in English (N_-marked: the card translates)
    text: str  # what they do, in English (N_-marked)
    bindings: tuple[Binding, ...]


def _row(label: str, text: str, *bindings: Binding) -> HelpRow:
    return HelpRow(label, text, bindings)


B = Binding
SHIFT, CTRL = pygame.KMOD_SHIFT, pygame.KMOD_CTRL
# Each row: the keys as the help card shows them, then what they do (both English, translated by the
# card). Rows of bare letters, digits and arrows are not marked: they read the same everywhere.
TABLE: tuple[HelpRow, ...] = (
    # TRANSLATORS: the key's name as printed on a keyboard in your language (German: "Leertaste")
    _row(N_("Space"), N_("Play / Pause"), B("Space", pygame.K_SPACE, Action(a.PLAY))),
    _row(
        "→  /  ←", N_("Step forward / back one time step"),
        B("→", pygame.K_RIGHT, Action(a.STEP)),
        B("←", pygame.K_LEFT, Action(a.BACK), forbids=SHIFT),  # Shift+←: time travel, below
    ),
    _row("R", N_("Reset to t = 0 (sequence and weights kept)"), B("R", pygame.K_r, Action(a.RESET))),
    _row(
        N_("H  or  F1"), N_("Show or hide this help"),
        B("H", pygame.K_h, Action(a.HELP)),
        B("F1", pygame.K_F1, Action(a.HELP), elsewhere=PRIORITY),
    ),
    _row(
        "M", N_("Motion on / off (pulses, or values that fade)"),
        B("M", pygame.K_m, Action(a.MOTION)),
    ),
    _row(
        "1 … 9", N_("Presets: pulse, burst, alternating, late, memory"),
        *(B(str(n), pygame.K_0 + n, Action(a.PRESET, n), forbids=CTRL_ALT) for n in range(1, 10)),
    ),
    _row("T", N_("Train on the Target or Task · again: stop"), B("T", pygame.K_t, Action(a.TRAIN))),
    _row(
        "U", N_("Undo training: the weights before the last Train"),
        B("U", pygame.K_u, Action(a.UNDO_TRAINING), forbids=CTRL_ALT),
    ),
    _row(
        N_("P  /  Shift+P"), N_("Pin this run as ghost lines / remove newest pin"),
        B("P", pygame.K_p, Action(a.PIN), forbids=CTRL_ALT | SHIFT),
        B("Shift+P", pygame.K_p, Action(a.UNPIN, -1), needs=SHIFT, forbids=CTRL_ALT),
    ),
    _row("C", N_("Compare with a basic RNN"), B("C", pygame.K_c, Action(a.COMPARE), forbids=CTRL_ALT)),
    _row(
        "V", N_("Next tab (a squarer window) or group of panels (--ui-scale)"),
        B("V", pygame.K_v, Action(a.NEXT_PAGE)),
    ),
    _row(
        # TRANSLATORS: the Escape key's name as printed on a keyboard
        N_("Esc"), N_("Close help · leave a field (undone) · back to live"),
        B("Esc", pygame.K_ESCAPE, Action(a.ESCAPE)),
    ),
    _row(
        # TRANSLATORS: key names as printed on a keyboard (German: "Umschalt+←")
        N_("Shift+←"), N_("View the previous step (time travel)"),
        B("Shift+←", pygame.K_LEFT, Action(a.TIME_TRAVEL), needs=SHIFT),
    ),
    _row("L", N_("Back to live after viewing a past step"), B("L", pygame.K_l, Action(a.GO_LIVE), forbids=CTRL_ALT)),
    _row(
        "]  /  [", N_("A lesson's next / previous page"),
        B("]", pygame.K_RIGHTBRACKET, Action(a.LESSON_NEXT), forbids=CTRL_ALT, elsewhere=LESSON),
        B("[", pygame.K_LEFTBRACKET, Action(a.LESSON_BACK), forbids=CTRL_ALT, elsewhere=LESSON),
    ),
    _row(
        N_("Tab / Shift+Tab"), N_("Move the keyboard focus (yellow ring)"),
        B("Tab", pygame.K_TAB, Action(a.FOCUS_NEXT), forbids=SHIFT, elsewhere=PRIORITY),
        B("Shift+Tab", pygame.K_TAB, Action(a.FOCUS_PREV), needs=SHIFT, elsewhere=PRIORITY),
    ),
    _row(
        N_("Enter"), N_("Press the focused button · commit a field"),
        B("Enter", pygame.K_RETURN, Action(a.PRESS), elsewhere=WIDGET),
        B("Enter", pygame.K_KP_ENTER, Action(a.PRESS), elsewhere=WIDGET),
    ),
    _row(
        N_("↑ ↓  or  ← →"), N_("Adjust the focused slider (Shift: fine)"),
        B("↑", pygame.K_UP, Action(a.NUDGE, 1), elsewhere=WIDGET),
        B("↓", pygame.K_DOWN, Action(a.NUDGE, -1), elsewhere=WIDGET),
        B("←", pygame.K_LEFT, Action(a.NUDGE, -1), elsewhere=WIDGET),
        B("→", pygame.K_RIGHT, Action(a.NUDGE, 1), elsewhere=WIDGET),
    ),
    _row(
        # TRANSLATORS: the Page Up / Page Down keys as printed on a keyboard (German: "Bild↑ / Bild↓")
        N_("PgUp / PgDn"), N_("Scroll the math panel (pointer over it: ↑ ↓ Home End)"),
        B("PgUp", pygame.K_PAGEUP, Action(a.SCROLL_MATH, -1), elsewhere=PANEL),
        B("PgDn", pygame.K_PAGEDOWN, Action(a.SCROLL_MATH, 1), elsewhere=PANEL),
    ),
    _row(
        N_("Home / End"), N_("Focused slider to its minimum / maximum"),
        B("Home", pygame.K_HOME, Action(a.SLIDER_END, -1), elsewhere=WIDGET),
        B("End", pygame.K_END, Action(a.SLIDER_END, 1), elsewhere=WIDGET),
    ),
    _row(
        # TRANSLATORS: Ctrl as printed on a keyboard (German: "Strg+A/C/X/V"); keep the letters
        N_("Ctrl+A/C/X/V"), N_("Select all, copy, cut, paste in a field"),
        *(
            B(f"Ctrl+{k}", getattr(pygame, f"K_{k.lower()}"), Action(a.EDIT, k),
              needs=CTRL, elsewhere=WIDGET)
            for k in "ACXV"
        ),
    ),
    _row(
        N_("Ctrl+S  /  Ctrl+O"), N_("Save a scenario / open one from the list"),
        B("Ctrl+S", pygame.K_s, Action(a.SAVE_SCENARIO), needs=CTRL, elsewhere=PRIORITY),
        B("Ctrl+O", pygame.K_o, Action(a.OPEN_SCENARIO), needs=CTRL, elsewhere=PRIORITY),
    ),
    _row(
        "E  /  F12", N_("Export trace (CSV) and window (PNG) / PNG only"),
        B("E", pygame.K_e, Action(a.EXPORT), forbids=CTRL_ALT),
        B("F12", pygame.K_F12, Action(a.SCREENSHOT), elsewhere=PRIORITY),
    ),
    _row(
        N_("Ctrl+M"), N_("MIDI learn: click a slider, then move a knob"),
        B("Ctrl+M", pygame.K_m, Action(a.MIDI_LEARN), needs=CTRL, elsewhere=PRIORITY),
    ),
    _row(
        N_("Ctrl+L"), N_("Show every text in the next language"),
        B("Ctrl+L", pygame.K_l, Action(a.LANGUAGE), needs=CTRL, elsewhere=PRIORITY),
    ),
    _row(N_("Ctrl+Q"), N_("Quit"), B("Ctrl+Q", pygame.K_q, Action(a.QUIT), needs=CTRL, elsewhere=PRIORITY)),
)
BINDINGS: tuple[Binding, ...] = tuple(b for row in TABLE for b in row.bindings)
SHORTCUTS: tuple[Binding, ...] = tuple(b for b in BINDINGS if not b.elsewhere)


def lookup(key: int, mod: int, handler: str = "") -> Action | None:
    """The action this key chord asks `handler` for ("": a shortcut; PRIORITY: a key that works
    even while a field has the focus), if any (the chords of one handler never overlap)."""
    rows = SHORTCUTS if not handler else (b for b in BINDINGS if b.elsewhere == handler)
    return next((b.action for b in rows if b.matches(key, mod)), None)


def help_rows() -> tuple[tuple[str, str], ...]:
    """The help card's Keys section: (label, text) per row, in English (the card translates them
    when it draws, so a language switch shows at once)."""
    return tuple((row.label, row.text) for row in TABLE)
