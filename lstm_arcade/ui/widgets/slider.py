"""A horizontal slider: drag, click, double-click to reset, arrow keys; sends "set" intents.

Its label, short labels and meaning are kept in English (N_-marked where they are written, or a
parameter's own label such as "W_f") and translated whenever it measures or draws them."""

from __future__ import annotations

import pygame

from ... import actions as act
from ...actions import TAKEN, Action
from ...i18n import tr
from .. import theme
from ..text import Text
from ..theme import Metrics
from .base import Widget

DOUBLE_CLICK_S = 0.4  # two presses closer than this reset the slider to its default


def _dim(color: theme.Color) -> theme.Color:
    """The colour halfway to the background: how a disabled slider looks."""
    return tuple((c + b) // 2 for c, b in zip(color, theme.BACKGROUND, strict=False))  # type: ignore[return-value]


class Slider(Widget):
    """A value in [minimum, maximum] shown as a knob on a track, with its label and number above."""

    def __init__(
        self,
        widget_id: str,
        label: str,
        minimum: float,
        maximum: float,
        default: float,
        value: float | None = None,
        *,
        color: theme.Color,
        step: float | None = None,
        fine_step: float | None = None,
        fmt: str = "{:+.2f}",
        short: tuple[str, ...] = (),
        meaning: str = "",
    ) -> None:
        super().__init__(widget_id)
        self.label = label
        # Shorter labels tried when the label and the widest value do not fit side by side; ""
        # among them: the slider may show its value alone (a grid's row and column name it).
        self.short = short
        self.meaning = meaning  # what it moves, in words: its tooltip while the label is shortened
        self.minimum, self.maximum = float(minimum), float(maximum)
        self.default = float(default)
        self.value = float(default if value is None else value)
        self.color = color
        span = self.maximum - self.minimum
        self.step = step if step is not None else span / 40
        self.fine_step = fine_step if fine_step is not None else span / 400
        self.fmt = fmt
        self.dragging = False
        # Time and place of the previous press, for double-clicks; None once it became a drag.
        self._last_press: tuple[float, tuple[int, int]] | None = None

    # --- geometry (from the rect alone, so events and drawing agree without metrics) -------------
    @property
    def knob_radius(self) -> int:
        return max(3, self.rect.height // 5)

    @property
    def track_y(self) -> int:
        return self.rect.bottom - self.knob_radius - 1

    def track_rect(self) -> pygame.Rect:
        """The band the knob moves in: full width, one knob high, at the bottom of the rect."""
        r = self.knob_radius
        return pygame.Rect(self.rect.left, self.track_y - r, self.rect.width, 2 * r + 1)

    def text_band(self) -> pygame.Rect:
        """The band above the track that the name and the value are drawn in."""
        return pygame.Rect(self.rect.left, self.rect.top, self.rect.width, max(0, self.track_rect().top - self.rect.top))

    def _track_ends(self) -> tuple[int, int]:
        """The x range the knob centre travels: inset by the radius so the knob stays inside."""
        inset = self.knob_radius + 1
        return self.rect.left + inset, max(self.rect.left + inset, self.rect.right - 1 - inset)

    @staticmethod
    def min_height(text_height: int) -> int:
        """The least rect height whose knob stays clear below a text line `text_height` high."""
        height = text_height + 4
        while height - 2 * max(3, height // 5) - 1 < text_height + 1:
            height += 1
        return height

    def widest_value(self, text: Text, metrics: Metrics) -> int:
        """The widest number this slider can show (so the label never comes and goes)."""
        advance = text.font(metrics.small, mono=True).size("0")[0]
        shown = (self.format_value(v) for v in (self.minimum, self.maximum, self.default, self.value))
        return advance * max(len(v) for v in shown)

    def labels(self) -> tuple[str, ...]:
        """The label and its shorter forms, longest first, in the current language ("" stays "")."""
        return tuple(tr(label) for label in (self.label, *self.short))

    def least_width(self, text: Text, metrics: Metrics) -> int:
        """Width that shows the shortest non-empty label beside the widest value."""
        labels = [label for label in self.labels() if label] or [""]
        shortest = min(text.size(label, metrics.small)[0] for label in labels)
        return shortest + metrics.gap + self.widest_value(text, metrics)

    def shown_label(self, text: Text, metrics: Metrics) -> str:
        """The longest label that fits beside the widest value ("" if none does), translated."""
        room = self.rect.width - metrics.gap - self.widest_value(text, metrics)
        for label in self.labels():
            if not label or text.size(label, metrics.small)[0] <= room:
                return label
        return ""

    def full_text(self, text: Text, metrics: Metrics) -> str | None:
        """Its name and what it moves, when the label shown is shorter (or left out)."""
        if self.shown_label(text, metrics) == tr(self.label):
            return None
        if not self.meaning:
            return tr(self.label)
        # TRANSLATORS: a slider's tooltip: its name, then what it moves ("W_out — Output weight: …")
        return tr("{label} — {meaning}", label=tr(self.label), meaning=tr(self.meaning))

    def text_rects(self, text: Text, metrics: Metrics) -> tuple[pygame.Rect, pygame.Rect]:
        """Where the label and the value text are drawn (the label's is empty when hidden)."""
        label = self.shown_label(text, metrics)
        height = text.font(metrics.small).get_height()
        label_w = text.size(label, metrics.small)[0] if label else 0
        shown_w = text.mono_size(self.format_value(self.value), metrics.small)[0]
        return (
            pygame.Rect(self.rect.left, self.rect.top, label_w, height),
            pygame.Rect(self.rect.right - shown_w, self.rect.top, shown_w, height),
        )

    def knob_rect(self) -> pygame.Rect:
        """The knob's bounding box at the current value."""
        r = self.knob_radius
        return pygame.Rect(self.x_of(self.value) - r, self.track_y - r, 2 * r + 1, 2 * r + 1)

    def clamp(self, value: float) -> float:
        return min(self.maximum, max(self.minimum, float(value)))

    def value_at(self, x: int) -> float:
        """The value under pixel column x, linear over the whole range and clamped to it."""
        left, right = self._track_ends()
        if right == left:
            return self.minimum
        fraction = (x - left) / (right - left)
        return self.clamp(self.minimum + fraction * (self.maximum - self.minimum))

    def x_of(self, value: float) -> int:
        """The pixel column of a value (clamped to the range): the inverse of value_at."""
        left, right = self._track_ends()
        span = self.maximum - self.minimum
        fraction = (self.clamp(value) - self.minimum) / span if span else 0.0
        return round(left + fraction * (right - left))

    def format_value(self, value: float) -> str:
        """The number shown right of the label; subclasses may show other units. A value that
        rounds to zero is shown as zero, never as "-0.00"."""
        text = self.fmt.format(value)
        return self.fmt.format(0.0) if text == self.fmt.format(-0.0) else text

    # --- events ------------------------------------------------------------------------------
    def _set(self, value: float) -> Action:
        """Move to value (clamped); a SET only when it really changes (else TAKEN)."""
        value = round(self.clamp(value), 9)  # drop float dust such as 0.30000000000000004
        if value == self.value:
            return TAKEN
        self.value = value
        return Action(act.SET, value, self.id)

    def nudge(self, steps: int) -> Action:
        """Move by `steps` of the arrow keys' step (a gamepad's D-pad, a stick)."""
        return self._set(self.value + steps * self.step)

    def handle(self, event: pygame.event.Event, now: float) -> Action | None:
        if not self.enabled:
            self.dragging = False
            return None
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            if not self.rect.collidepoint(event.pos):
                return None
            last, self._last_press = self._last_press, (now, event.pos)
            if (
                last is not None
                and now - last[0] <= DOUBLE_CLICK_S
                and self._near(last[1], event.pos)
            ):
                self._last_press = None  # a third press starts a new pair
                self.dragging = False
                return self._set(self.default)
            self.dragging = True
            return self._set(self.value_at(event.pos[0]))
        if event.type == pygame.MOUSEMOTION and self.dragging:
            if self._last_press and not self._near(self._last_press[1], event.pos):
                self._last_press = None  # a press that moved is a drag, not half a double-click
            return self._set(self.value_at(event.pos[0]))
        if event.type == pygame.MOUSEBUTTONUP and event.button == 1 and self.dragging:
            self.dragging = False
            return TAKEN
        if event.type == pygame.KEYDOWN and self.focused:
            return self._handle_key(event)
        return None

    def _near(self, a: tuple[int, int], b: tuple[int, int]) -> bool:
        """Two presses count as one place when within a knob radius (as an OS double-click)."""
        return abs(a[0] - b[0]) <= self.knob_radius and abs(a[1] - b[1]) <= self.knob_radius

    def _handle_key(self, event: pygame.event.Event) -> Action | None:
        step = self.fine_step if event.mod & pygame.KMOD_SHIFT else self.step
        if event.key in (pygame.K_LEFT, pygame.K_DOWN):
            return self._set(self.value - step)
        if event.key in (pygame.K_RIGHT, pygame.K_UP):
            return self._set(self.value + step)
        if event.key == pygame.K_HOME:
            return self._set(self.minimum)
        if event.key == pygame.K_END:
            return self._set(self.maximum)
        return None

    # --- drawing -----------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface, text: Text, metrics: Metrics) -> None:
        color = self.color if self.enabled else _dim(self.color)
        label_color = theme.TEXT if self.enabled else theme.TEXT_FAINT
        shown = self.format_value(self.value)
        name = self.shown_label(text, metrics)
        if name:
            surface.blit(text.render(name, metrics.small, label_color), self.rect.topleft)
        advance = text.font(metrics.small, mono=True).size("0")[0]
        text.draw_mono(surface, shown, metrics.small, color, (self.rect.right - advance * len(shown), self.rect.top))

        y, left, right = self.track_y, *self._track_ends()
        thick = max(2, self.knob_radius // 2)
        track = pygame.Rect(left, y - thick // 2, right - left, thick)
        pygame.draw.rect(surface, theme.TRACK if self.enabled else _dim(theme.TRACK), track)
        # The fill starts at zero (or at the minimum when 0 is out of range) so the sign shows.
        origin = self.x_of(0.0 if self.minimum <= 0.0 <= self.maximum else self.minimum)
        knob_x = self.x_of(self.value)
        fill = pygame.Rect(min(origin, knob_x), track.top, abs(knob_x - origin), thick)
        pygame.draw.rect(surface, color, fill)
        tick_x = self.x_of(self.default)
        tick_h = self.knob_radius  # taller than the track, still inside the rect
        pygame.draw.line(
            surface, theme.TEXT_DIM, (tick_x, y - tick_h), (tick_x, y + tick_h), metrics.line
        )
        pygame.draw.circle(surface, color, (knob_x, y), self.knob_radius)
        pygame.draw.aacircle(surface, color, (knob_x, y), self.knob_radius)
