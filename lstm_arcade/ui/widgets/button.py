"""A push button: click or Enter sends a "press" intent; it can show a toggled label (Play/Pause).

Its labels, short faces and key hint are kept in English (N_-marked where they are written) and
translated whenever the button measures or draws them, so a language switch shows at once."""

from __future__ import annotations

import pygame

from ...actions import TAKEN, Action
from ...i18n import tr
from .. import paint, theme
from ..text import Text
from ..theme import Metrics
from .base import Widget

ENTER_KEYS = (pygame.K_RETURN, pygame.K_KP_ENTER)


class Button(Widget):
    """A rounded button with a centred label and, when it fits, its keyboard shortcut beside it."""

    focus_on_click = False  # a click presses it; the keys stay where they were

    def __init__(
        self, widget_id: str, label: str, *, key_hint: str = "", toggled_label: str | None = None,
        short: tuple[str, ...] = (), toggled_short: tuple[str, ...] = (),
    ) -> None:
        super().__init__(widget_id)
        self.label = label
        self.key_hint = key_hint
        self.toggled_label = toggled_label
        # Shorter faces, each of whole words, tried in turn when the label does not fit: the
        # full label stays the button's name (`accessible_name`).
        self.short = short
        self.toggled_short = toggled_short
        self.toggled = False
        self.hovered = False
        self.pressed = False

    @property
    def shown_label(self) -> str:
        """The label on the face: the toggled one while toggled (e.g. Pause while playing)."""
        if self.toggled and self.toggled_label is not None:
            return self.toggled_label
        return self.label

    @property
    def accessible_name(self) -> str:
        """What the button is called whatever its face shows: the full label."""
        return self.shown_label

    def _faces(self, toggled: bool) -> tuple[str, ...]:
        """The faces of one state, translated into the current language."""
        if toggled and self.toggled_label is not None:
            faces = (self.toggled_label, *self.toggled_short)
        else:
            faces = (self.label, *self.short)
        return tuple(tr(face) for face in faces)

    def faces(self) -> tuple[str, ...]:
        """Every label the face may show now, longest first: the label, then its short forms
        (translated)."""
        return self._faces(self.toggled)

    def hint_text(self) -> str:
        """The key hint as shown (a key's name in the current language, e.g. "Space")."""
        return tr(self.key_hint) if self.key_hint else ""

    def widths(self, text: Text, metrics: Metrics) -> tuple[int, int, int]:
        """(least, comfortable, wanted) width in either state: its shortest face at the small
        size, its full label at the small size, its full label and hint at the body size."""
        pad = 2 * metrics.gap
        states = (False, True) if self.toggled_label is not None else (False,)
        least = comfortable = wanted = 0
        for toggled in states:
            faces = self._faces(toggled)
            shortest = min(text.size(face, metrics.small)[0] for face in faces)
            least = max(least, shortest + pad)
            comfortable = max(comfortable, text.size(faces[0], metrics.small)[0] + pad)
            hint = metrics.gap + text.size(self.hint_text(), metrics.small)[0] if self.key_hint else 0
            wanted = max(wanted, text.size(faces[0], metrics.body)[0] + hint + pad)
        return least, comfortable, wanted

    def handle(self, event: pygame.event.Event, now: float) -> Action | None:
        if event.type == pygame.MOUSEMOTION:
            self.hovered = self.rect.collidepoint(event.pos)
            return None  # never consumed: other widgets (a dragged slider) need the motion
        if not self.enabled:
            self.pressed = False
            return None
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            if self.rect.collidepoint(event.pos):
                self.pressed = True
                return TAKEN
        elif event.type == pygame.MOUSEBUTTONUP and event.button == 1 and self.pressed:
            self.pressed = False
            if self.rect.collidepoint(event.pos):
                return Action(self.id)
            return TAKEN  # released elsewhere: the press is abandoned
        elif event.type == pygame.KEYDOWN and self.focused and event.key in ENTER_KEYS:
            return Action(self.id)
        return None

    def fitted(self, text: Text, metrics: Metrics) -> tuple[str, int, bool]:
        """The face, its font size and whether the hint fits: drop the hint first, then shrink
        to the small size, then take the next shorter face; never a cut word."""
        room = self.rect.width - 2 * metrics.gap
        faces = self.faces()
        if self.key_hint:
            hint_w = metrics.gap + text.size(self.hint_text(), metrics.small)[0]
            if text.size(faces[0], metrics.body)[0] + hint_w <= room:
                return faces[0], metrics.body, True
        for face in faces:
            size = text.largest_size(face, metrics.body, metrics.small, room)
            if size is not None:
                return face, size, False
        return faces[-1], metrics.small, False  # the layout gives every button room for this

    def full_text(self, text: Text, metrics: Metrics) -> str | None:
        """Its full name (and key) when the face shows a shorter label or leaves the key out."""
        face, _, with_hint = self.fitted(text, metrics)
        whole = self.faces()[0]  # the full label, translated
        if face == whole and (with_hint or not self.key_hint):
            return None
        if not self.key_hint:
            return whole
        # TRANSLATORS: a button's tooltip: its whole name, then its keyboard key ("▶ Train · key T")
        return tr("{name} · key {key}", name=whole, key=self.key_hint)

    def fit_label(self, text: Text, metrics: Metrics) -> tuple[int, bool]:
        """Font size and whether the hint fits (see `fitted`)."""
        _, size, with_hint = self.fitted(text, metrics)
        return size, with_hint

    def draw(self, surface: pygame.Surface, text: Text, metrics: Metrics) -> None:
        if not self.enabled:
            fill, ink = theme.BUTTON_DISABLED, theme.TEXT_FAINT
        elif self.pressed and self.hovered:
            fill, ink = theme.BUTTON_PRESSED, theme.TEXT
        elif self.hovered:
            fill, ink = theme.BUTTON_HOVER, theme.TEXT
        else:
            fill, ink = theme.BUTTON_BG, theme.TEXT
        pygame.draw.rect(surface, fill, self.rect, border_radius=metrics.radius)
        edge = theme.PANEL_EDGE if self.enabled else theme.BUTTON_DISABLED
        pygame.draw.rect(surface, edge, self.rect, metrics.line, border_radius=metrics.radius)

        face, size, with_hint = self.fitted(text, metrics)
        label = text.render(face, size, ink)
        parts = [label]
        if with_hint:
            hint_ink = theme.TEXT_DIM if self.enabled else theme.TEXT_FAINT
            parts.append(text.render(self.hint_text(), metrics.small, hint_ink))
        width = sum(p.get_width() for p in parts) + metrics.gap * (len(parts) - 1)
        # Centred; a label too wide even at the smallest size keeps its start visible.
        x = max(self.rect.centerx - width // 2, self.rect.left + metrics.gap)
        with paint.clipped(surface, self.rect):
            for part in parts:
                surface.blit(part, part.get_rect(midleft=(x, self.rect.centery)))
                x += part.get_width() + metrics.gap
