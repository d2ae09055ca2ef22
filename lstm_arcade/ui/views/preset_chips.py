"""Preset chips in the diagram panel's title row: one click (or the key 1–9) loads a preset."""

from __future__ import annotations

import pygame

from ... import actions as act
from ...actions import Action
from ...formats.presets import Preset
from ...i18n import N_, tr
from .. import paint, theme
from ..frame import Frame
from ..text import Text
from ..theme import Metrics

# English, marked: whoever draws or measures them translates them (the diagram draws the titles).
TITLE = N_("Network diagram")  # the panel title the chips must not cover
SUBTITLE = N_("one LSTM cell, one time step")  # kept beside it where named chips would cover it
MAX_CHIPS = 9  # keys 1–9: the most chips the row ever holds (the diagram reserves room for them)
# TRANSLATORS: the diagram's Motion chip (M is its key): pulses shown moving, or not
MOTION_LABELS = (N_("Motion on  M"), N_("Motion off  M"))
# A chip's label, longest first: its key and the preset's name (from the bundled presets file,
# translated), its key and the name's first word, its key alone.
LABELS = (
    lambda p: f"{p.key} {tr(p.name)}",
    lambda p: f"{p.key} {tr(p.name).split()[0]}",
    lambda p: str(p.key),
)


def chip_height(text: Text, m: Metrics) -> int:
    """A chip's height: the design's 40 px, or taller where the small text needs it."""
    return max(m.px(40), text.font(m.small).get_linesize() + 2 * m.line)


def motion_width(text: Text, m: Metrics) -> int:
    """The Motion chip's width: its longer label with padding (at least the design's 190 px)."""
    return max(m.px(190), max(text.size(tr(label), m.small)[0] for label in MOTION_LABELS) + 2 * m.pad)


def _narrowest_row(text: Text, m: Metrics, count: int) -> int:
    """The chips' row at its narrowest (numbers only), from the first chip to the Motion chip."""
    chip = max(m.px(40), text.size("9", m.small)[0] + 2 * m.pad)
    return count * (chip + m.gap) + motion_width(text, m)


def chips_row(rect: pygame.Rect, m: Metrics, text: Text) -> tuple[int, bool]:
    """(top, own row): the chips and the Motion chip share the title row when the title and nine
    numbered chips fit on it; otherwise they take a row of their own under the title. Shared by
    the chips and the diagram (whose content then starts below that row)."""
    title_end = rect.x + 2 * m.pad + text.size(tr(TITLE), m.heading, bold=True)[0]
    if title_end + _narrowest_row(text, m, MAX_CHIPS) <= rect.right - m.pad:
        return rect.y + m.px(4), False
    return rect.y + m.pad + text.font(m.heading, bold=True).get_linesize(), True


class PresetChips:
    """A row of chips, right-aligned beside the diagram's Motion chip; emits ("preset", key)."""

    region = "diagram"

    def __init__(self, presets: tuple[Preset, ...], text: Text) -> None:
        self.presets = presets
        self.text = text
        self.rect = pygame.Rect(0, 0, 0, 0)
        self.metrics = Metrics(1080)
        self.chips: list[tuple[Preset, pygame.Rect]] = []
        self.hover: int | None = None
        self.detail = 0  # which of LABELS fits the title row
        self.title_end = 0
        self.top = 0  # the chips' row: in the title row, or under the title (own_row)
        self.own_row = False

    def label(self, preset: Preset) -> str:
        return LABELS[self.detail](preset)

    def layout(self, rect: pygame.Rect, metrics: Metrics) -> None:
        """Right to left from beside the Motion chip (which takes px(190) at the right edge); the
        labels shorten (full name, first word, number) until the row clears the panel's title."""
        self.rect, self.metrics = pygame.Rect(rect), metrics
        m = metrics
        self.top, self.own_row = chips_row(rect, m, self.text)
        title_end = rect.x + 2 * m.pad + self.text.size(tr(TITLE), m.heading, bold=True)[0]
        self.title_end = rect.x + m.pad if self.own_row else title_end
        # Names only where the subtitle keeps its place too; numbers as close as the title.
        with_subtitle = self.title_end + self.text.size(tr(SUBTITLE), m.small)[0] + m.pad
        for self.detail in range(len(LABELS)):
            self.chips = self._row(rect, m)
            clear = self.title_end if self.detail == len(LABELS) - 1 or self.own_row else with_subtitle
            if not self.chips or self.chips[0][1].left >= clear:
                break

    def _row(self, rect: pygame.Rect, m: Metrics) -> list[tuple[Preset, pygame.Rect]]:
        right = rect.right - m.pad - motion_width(self.text, m) - m.gap
        height, y = chip_height(self.text, m), self.top
        chips = []
        for preset in reversed(self.presets):
            width = max(m.px(40), self.text.size(self.label(preset), m.small)[0] + 2 * m.pad)
            chips.append((preset, pygame.Rect(right - width, y, width, height)))
            right -= width + m.gap
        return list(reversed(chips))

    @property
    def row(self) -> pygame.Rect:
        """The area the chips cover (from the first chip to the last)."""
        if not self.chips:
            return pygame.Rect(0, 0, 0, 0)
        return self.chips[0][1].unionall([rect for _, rect in self.chips])

    def chip_at(self, pos: tuple[int, int]) -> Preset | None:
        reach = max(0, self.metrics.touch - chip_height(self.text, self.metrics))
        for preset, rect in self.chips:
            if rect.inflate(0, reach).collidepoint(pos):
                return preset
        return None

    def handle(self, event: pygame.event.Event, now: float) -> Action | None:
        if event.type == pygame.MOUSEMOTION:
            chip = self.chip_at(event.pos)
            self.hover = chip.key if chip else None
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            chip = self.chip_at(event.pos)
            if chip is not None:
                return Action(act.PRESET, chip.key)
        return None

    def draw(self, surface: pygame.Surface, frame: Frame) -> None:
        """The chips in the diagram's title row; the last preset chosen lit."""
        if self.chips:
            with paint.clipped(surface, self.rect):
                self._draw(surface, frame.state.active_preset)

    def _draw(self, surface: pygame.Surface, active: int | None) -> None:
        m, text = self.metrics, self.text
        # The diagram drops its subtitle where the chips need the room, so nothing is hidden under
        # them; the backing only clears the row's own pixels.
        pygame.draw.rect(surface, theme.PANEL, self.row.inflate(2 * m.gap, 0).clip(self.rect.inflate(-2 * m.line, 0)))
        for preset, rect in self.chips:
            lit = preset.key == active
            fill = theme.BUTTON_HOVER if preset.key == self.hover else theme.BUTTON_BG
            pygame.draw.rect(surface, fill, rect, border_radius=m.radius)
            if lit:
                pygame.draw.rect(surface, theme.ACCENT, rect, max(1, m.line), border_radius=m.radius)
            glyph = text.render(self.label(preset), m.small, theme.TEXT if lit else theme.TEXT_DIM)
            surface.blit(glyph, glyph.get_rect(center=rect.center))
