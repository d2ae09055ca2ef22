"""Colours, fonts and sizes. Sizes are derived from the window height (reference: 1080 px)."""

from __future__ import annotations

import math
import sys
import types
from dataclasses import dataclass
from functools import cached_property, lru_cache

from ..formats.assets import asset_path

UI_FONT = asset_path("fonts/DejaVuSans.ttf")
UI_FONT_BOLD = asset_path("fonts/DejaVuSans-Bold.ttf")
MONO_FONT = asset_path("fonts/DejaVuSansMono.ttf")
MONO_FONT_BOLD = asset_path("fonts/DejaVuSansMono-Bold.ttf")

Color = tuple[int, int, int]

GROUP_TONES: dict[str, str] = {
    "forget": "FORGET_F",
    "input": "INPUT_I",
    "candidate": "CANDIDATE",
    "output": "OUTPUT_O",
    "out": "OUTPUT_Y",
    "rnn": "RNN_H",
}  # a parameter group's colour, by the name of the theme colour it takes
GROUP_TITLES: dict[str, str] = {
    "forget": "Forget gate f",
    "input": "Input gate i",
    "candidate": "Candidate C\u0303",
    "output": "Output gate o",
    "out": "Output y",
    "rnn": "Basic RNN",
}


# The bundled DejaVu fonts' capitals and digits stand 1493/2048 of the font size high (Sans and
# Mono alike): the visible height the legibility floor is about, not the font size.
GLYPH_HEIGHT = 1493 / 2048


def _size_for_glyphs(visible: float) -> int:
    """The font size whose capitals and digits are at least `visible` px high on screen."""
    return math.ceil(visible / GLYPH_HEIGHT)


@lru_cache(maxsize=4096)
def _scaled(height: int, at_1080: float) -> int:
    # Every view asks for its sizes every frame: cached, a size costs a dictionary lookup.
    return max(1, round(at_1080 * height / 1080))


@dataclass(frozen=True)
class Metrics:
    """Every size in pixels for one window height; nothing is a fixed pixel size."""

    height: int

    def px(self, at_1080: float) -> int:
        """A length given at the 1080 px reference, scaled to this window (at least 1 px)."""
        return _scaled(self.height, at_1080)

    @cached_property
    def body(self) -> int:  # capitals and digits 1/50 of the height high: readable from 3 m
        return max(self.px(22), _size_for_glyphs(self.height / 50))

    @cached_property
    def small(self) -> int:  # the floor: no capital or digit below 1/60 of the height
        return max(self.px(18), _size_for_glyphs(self.height / 60))

    @cached_property
    def heading(self) -> int:
        return max(self.px(26), round(self.body * 1.18))

    @cached_property
    def title(self) -> int:
        return max(self.px(34), round(self.body * 1.45))

    @cached_property
    def pad(self) -> int:
        return self.px(12)

    @cached_property
    def gap(self) -> int:
        return self.px(8)

    @cached_property
    def touch(self) -> int:  # minimum touch target, 48 px at 1080p
        return self.px(48)

    @cached_property
    def line(self) -> int:
        return self.px(2)

    @cached_property
    def radius(self) -> int:
        return self.px(8)


# --- display options (DESIGN.md §3: a colour-blind-safe palette, high contrast, a UI scale) -------
UI_SCALE_MAX = 1.5  # --ui-scale: beyond it the network diagram no longer fits the window's width
# The colours are chosen at start (`--palette`, `--high-contrast`), after modules may have been
# imported (a scenario loads before the theme is set): so no module copies a colour at import; the
# views' tables (the diagram's nodes, the graph's series) hold a colour's name and read it when
# drawn (`color(name)`).
PALETTES: dict[str, dict[str, Color]] = {
    "seed": {
        "INPUT_X": (64, 220, 96), "CELL_C": (64, 140, 255), "HIDDEN_H": (186, 104, 255), "H_CHAIN": (170, 110, 60),
        "FORGET_F": (255, 220, 40), "INPUT_I": (40, 230, 240), "OUTPUT_O": (255, 70, 220), "OUTPUT_Y": (255, 150, 40),
        "CANDIDATE": (255, 190, 90),
    },
    # Okabe & Ito's palette, distinguishable with every common colour-vision deficiency.
    "okabe-ito": {
        "INPUT_X": (0, 158, 115), "CELL_C": (86, 180, 233), "HIDDEN_H": (204, 121, 167),
        "H_CHAIN": (204, 121, 167), "FORGET_F": (240, 228, 66), "INPUT_I": (0, 114, 178),
        "OUTPUT_O": (213, 94, 0), "OUTPUT_Y": (230, 159, 0), "CANDIDATE": (245, 200, 110),
    },
}
HIGH_CONTRAST: dict[str, Color] = {
    "PANEL": (0, 0, 0), "PANEL_EDGE": (210, 210, 210), "TEXT": (255, 255, 255),
    "TEXT_DIM": (230, 230, 230), "TEXT_FAINT": (200, 200, 200), "FIELD_BG": (20, 20, 20),
    "BUTTON_BG": (45, 45, 45), "BUTTON_HOVER": (80, 80, 80), "TRACK": (140, 140, 140),
}


@dataclass(frozen=True)
class Theme:
    """The colours of one run: dark, with the seed's bright series colours (DESIGN.md §3), or
    another palette, or high contrast (`Theme.make`). Handed to the views in the frame."""

    BACKGROUND: Color = (0, 0, 0)
    PANEL: Color = (14, 16, 24)
    PANEL_EDGE: Color = (44, 50, 70)
    TEXT: Color = (232, 236, 245)
    TEXT_DIM: Color = (150, 158, 178)
    TEXT_FAINT: Color = (96, 104, 124)
    ACCENT: Color = (90, 170, 255)
    FOCUS: Color = (255, 214, 64)
    ERROR: Color = (255, 84, 84)
    FIELD_BG: Color = (24, 27, 38)
    BUTTON_BG: Color = (34, 40, 58)
    BUTTON_HOVER: Color = (50, 60, 88)
    BUTTON_PRESSED: Color = (22, 26, 38)
    BUTTON_DISABLED: Color = (26, 28, 34)
    TRACK: Color = (48, 54, 72)
    INPUT_X: Color = (64, 220, 96)  # x(t): green solid
    CELL_C: Color = (64, 140, 255)  # C(t): blue solid, the highway
    HIDDEN_H: Color = (186, 104, 255)  # h(t): purple dashed
    H_CHAIN: Color = (170, 110, 60)  # h connections in the unrolled chain: brown
    FORGET_F: Color = (255, 220, 40)  # f(t): yellow
    INPUT_I: Color = (40, 230, 240)  # i(t): cyan
    OUTPUT_O: Color = (255, 70, 220)  # o(t): magenta
    OUTPUT_Y: Color = (255, 150, 40)  # y(t): orange dotted
    CANDIDATE: Color = (255, 190, 90)  # C̃(t): the tanh candidate, warm like its gate node
    TARGET: Color = (255, 255, 255)  # training target: white dashed
    RNN_H: Color = (255, 138, 118)  # the basic RNN's h(t) (compare mode): salmon, dash-dot

    @classmethod
    def make(cls, palette: str = "seed", high_contrast: bool = False) -> Theme:
        """The theme for `--palette` and `--high-contrast`."""
        if palette not in PALETTES:
            raise ValueError(f"unknown palette '{palette}' (palettes: {', '.join(PALETTES)})")
        colours = dict(PALETTES[palette])
        if high_contrast:
            colours.update(HIGH_CONTRAST)
        return cls(**colours)

    def color(self, name: str) -> Color:
        """The colour called `name` ("CELL_C", "TEXT", …): what a table of names draws with."""
        value: Color = getattr(self, name)
        return value

    @cached_property
    def group_colors(self) -> dict[str, Color]:
        """A parameter group's colour ("forget" → FORGET_F …)."""
        return {group: self.color(tone) for group, tone in GROUP_TONES.items()}


_current = Theme()  # the run's theme: `use_display` chooses it once, at start


def current() -> Theme:
    """The theme `use_display` chose (the seed's until then)."""
    return _current


def use_display(palette: str = "seed", high_contrast: bool = False) -> Theme:
    """Choose this run's theme (before the first frame) and return it."""
    global _current
    _current = Theme.make(palette, high_contrast)
    return _current


def color(name: str) -> Color:
    """The current theme's colour called `name`."""
    return _current.color(name)


_COLOUR_NAMES = frozenset(Theme.__dataclass_fields__)


class _ThemeModule(types.ModuleType):
    """This module, whose `theme.TEXT` … read the current theme's colour at the moment they are
    read (nothing is copied at import). Properties on the module's class: a plain attribute
    lookup, as fast as a global, where a module `__getattr__` first fails a lookup every time."""


def _reads_current(name: str) -> property:
    def read(_module: types.ModuleType) -> Color:
        value: Color = getattr(_current, name)
        return value

    return property(read)


for _name in sorted(_COLOUR_NAMES):
    setattr(_ThemeModule, _name, _reads_current(_name))
sys.modules[__name__].__class__ = _ThemeModule


def __getattr__(name: str) -> Color:
    """`theme.TEXT` for the type checker (at run time `_ThemeModule`'s properties answer)."""
    if name in _COLOUR_NAMES:
        return _current.color(name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
