"""The app's state that is not the simulation's: changed only by the dispatcher, read by the views."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..formats.languages import CODES
from ..formats.lessons_file import Lesson
from ..ui.controls import LR_DEFAULT
from ..ui.widgets import Widget

ADAM, SGD = "adam", "sgd"


@dataclass
class AppState:
    """What a person has chosen on screen, beside the simulation (which holds the model's state)."""

    reduce_motion: bool = False  # pulses off, values only fade (--reduce-motion, key M)
    help_open: bool = False  # the help card (H, F1)
    help_page: int = 0  # the card's page, where a narrow window shows it a page at a time
    highlight: str | None = None  # the diagram node whose equation the math panel lights
    page: int = 0  # the group of panels a UI scale above 1 shows (layout.PAGES)
    hidden_series: set[str] = field(default_factory=set)  # graph series switched off in the legend
    active_preset: int | None = None  # the last preset chosen (its chip drawn lit)
    task_index: int = 0  # the Task button: 0 Custom, then the task presets, last the memory test
    optimizer: str = ADAM  # Adam ⇄ SGD
    learning_rate: float = LR_DEFAULT  # the Learning rate slider (on a log scale)
    note: str = ""  # under the fields when there is no error: the chosen preset's or task's aim
    focused: Widget | None = None  # the widget that takes the keys (yellow ring)
    midi_learning: bool = False  # Ctrl+M: the next slider focused waits for a knob
    best_stars: int = 0  # the running challenge's most stars so far (each new best is celebrated)
    stars: dict[str, int] = field(default_factory=dict)  # each challenge's best this session
    celebrated: tuple[float, int, str] | None = None  # the last goal met: when, its stars, its title
    last_move: tuple[str, float] | None = None  # the weight last moved and when (moves are counted)
    language: str = "en"  # the language every text is shown in (formats/languages.py)
    languages: tuple[str, ...] = CODES  # the languages the switch offers (a kiosk's config)
    level: str = "full"  # "explore" (the diagram, the graph, three gate controls) or "full"
    levels: tuple[str, ...] = ("explore", "full")  # the levels this run offers (a kiosk's config)
    lesson: Lesson | None = None  # the lesson running (its card is shown), None: none
    lesson_page: int = 0  # the lesson's page shown
    lesson_done: set[int] = field(default_factory=set)  # its task pages completed (Next is lit)
