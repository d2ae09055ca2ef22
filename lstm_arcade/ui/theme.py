"""Colours, fonts and sizes. Sizes are derived from the window height (reference: 1080 px)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

ASSETS = Path(__file__).resolve().parents[2] / "assets"
FONT_DIR = ASSETS / "fonts"
UI_FONT = FONT_DIR / "DejaVuSans.ttf"
UI_FONT_BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"
MONO_FONT = FONT_DIR / "DejaVuSansMono.ttf"
MONO_FONT_BOLD = FONT_DIR / "DejaVuSansMono-Bold.ttf"

Color = tuple[int, int, int]

# Dark theme with the seed's bright series colours (DESIGN.md §3).
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

GROUP_COLORS: dict[str, Color] = {
    "forget": FORGET_F,
    "input": INPUT_I,
    "candidate": CANDIDATE,
    "output": OUTPUT_O,
    "out": OUTPUT_Y,
}
GROUP_TITLES: dict[str, str] = {
    "forget": "Forget gate f",
    "input": "Input gate i",
    "candidate": "Candidate C\u0303",
    "output": "Output gate o",
    "out": "Output y",
}


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
    def body(self) -> int:  # 1/49 of the height: readable from three metres
        return self.px(22)

    @cached_property
    def small(self) -> int:  # the floor: never below 1/60 of the height
        return max(self.px(18), -(-self.height // 60))

    @cached_property
    def heading(self) -> int:
        return self.px(26)

    @cached_property
    def title(self) -> int:
        return self.px(34)

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
