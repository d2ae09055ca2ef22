"""The help overlay (H or F1): every key and control on one card."""

from __future__ import annotations

import pygame

from .. import theme
from ..text import Text
from ..theme import Metrics

KEYS: tuple[tuple[str, str], ...] = (
    ("Space", "Play / Pause"),
    ("→", "Step forward one time step (viewing a past step: the next one)"),
    ("←", "Step back one time step (viewing a past step: the one before)"),
    ("R", "Reset to t = 0 (sequence and weights kept)"),
    ("H  or  F1", "Show or hide this help"),
    ("M", "Motion on / off: step pulses, or values that only fade"),
    ("Esc", "Close this help · leave a field (its edit is undone) · back to live"),
    ("Shift+←", "View the previous step without stepping back (time travel)"),
    ("L", "Back to live after viewing a past step"),
    ("Tab / Shift+Tab", "Move the keyboard focus (yellow ring)"),
    ("Enter", "Press the focused button · commit the focused field"),
    ("↑ ↓  or  ← →", "Adjust the focused slider (hold Shift: fine)"),
    ("Home / End", "Focused slider to its minimum / maximum"),
    ("Ctrl+A/C/X/V", "Select all, copy, cut, paste in a field"),
    ("Ctrl+Q", "Quit"),
)
MOUSE: tuple[tuple[str, str], ...] = (
    ("Drag a slider", "Change a weight: the whole trace is recomputed live"),
    ("Click the track", "Jump the slider there"),
    ("Double-click", "Reset a slider to its default"),
    ("Diagram node", "Hover or touch: its equation and numbers · click: highlight it in the math"),
    ("Input sequence", "Numbers 0/1 or any value in −10…10, e.g. 1, 0, 0, 0, 0"),
    ("Click a step", "In the graph or the chain: every panel shows that step"),
    ("Graph", "Wheel or pinch: zoom time · drag: pan · hover: values"),
    ("Graph legend", "Click an entry to hide or show its line"),
)


class HelpOverlay:
    """A cached card drawn over a dimmed screen."""

    def __init__(self) -> None:
        self._cache: tuple[tuple[int, int], pygame.Surface] | None = None

    def draw(self, surface: pygame.Surface, text: Text, m: Metrics) -> None:
        size = surface.get_size()
        if self._cache is None or self._cache[0] != size:
            self._cache = (size, self._render(size, text, m))
        surface.blit(self._cache[1], (0, 0))

    def _render(self, size: tuple[int, int], text: Text, m: Metrics) -> pygame.Surface:
        layer = pygame.Surface(size, pygame.SRCALPHA)
        layer.fill((0, 0, 0, 215))
        rows = [("Keys", "")] + list(KEYS) + [("", ""), ("Mouse and touch", "")] + list(MOUSE)
        line_h = round(m.body * 1.5)
        key_w = max(text.size(k, m.body, bold=True)[0] for k, _ in rows) + 3 * m.pad
        desc_w = max(text.size(d, m.body)[0] for _, d in rows)
        card = pygame.Rect(0, 0, key_w + desc_w + 4 * m.pad, len(rows) * line_h + 5 * m.pad + m.title)
        card.center = (size[0] // 2, size[1] // 2)
        pygame.draw.rect(layer, theme.PANEL, card, border_radius=m.radius)
        pygame.draw.rect(layer, theme.ACCENT, card, m.line, border_radius=m.radius)
        title = text.render("LSTM Arcade · help", m.title, theme.TEXT, bold=True)
        layer.blit(title, (card.x + 2 * m.pad, card.y + 2 * m.pad))
        y = card.y + 3 * m.pad + m.title
        for key, desc in rows:
            heading = not desc and key
            color = theme.ACCENT if heading else theme.FOCUS
            layer.blit(text.render(key, m.body, color, bold=True), (card.x + 2 * m.pad, y))
            if desc:
                layer.blit(text.render(desc, m.body, theme.TEXT), (card.x + 2 * m.pad + key_w, y))
            y += line_h
        hint = text.render("Esc, H or a click closes this", m.small, theme.TEXT_DIM)
        layer.blit(hint, hint.get_rect(midbottom=(card.centerx, card.bottom - m.pad)))
        return layer
