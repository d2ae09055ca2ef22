"""The title bar: name, step counter, play state and the current hint.

While a past step is inspected the counter becomes a banner, "viewing step k of n", with a
"back to live" button beside it (Esc or L do the same), so nobody mistakes the past for now.
At a UI scale above 1 a button names the group of panels shown; a click (or V) shows the next.
"""

from __future__ import annotations

import pygame

from ... import actions as act
from ...actions import Action
from ...sim import Simulation
from .. import paint, theme
from ..frame import Frame
from ..text import Text
from ..theme import Metrics

BANNER_BG: theme.Color = (70, 58, 8)


class Header:
    region = "header"

    def __init__(self) -> None:
        self.live_rect: pygame.Rect | None = None  # the "back to live" button while inspecting
        self.banner_rect: pygame.Rect | None = None  # "viewing step k of n"
        self.page_rect: pygame.Rect | None = None  # "View 1/3: …" at a UI scale above 1
        self.rect = pygame.Rect(0, 0, 0, 0)
        self.metrics = Metrics(1080)

    def layout(self, rect: pygame.Rect, metrics: Metrics) -> None:
        self.rect, self.metrics = pygame.Rect(rect), metrics
        self.live_rect = self.page_rect = None

    def handle(self, event: pygame.event.Event, now: float) -> Action | None:
        if event.type != pygame.MOUSEBUTTONDOWN or event.button != 1:
            return None
        if self.live_rect is not None and self.live_rect.collidepoint(event.pos):
            return Action(act.GO_LIVE)
        if self.page_rect is not None and self.page_rect.collidepoint(event.pos):
            return Action(act.NEXT_PAGE)
        return None

    def draw(self, surface: pygame.Surface, frame: Frame) -> None:
        """The title, step counter and play state; `frame.page` names the panels a UI scale shows."""
        with paint.clipped(surface, self.rect):  # a narrow window cuts the row, never draws into the gaps
            self._draw(surface, self.rect, frame.sim, frame.text, self.metrics, frame.page)

    def _draw(self, surface: pygame.Surface, rect: pygame.Rect, sim: Simulation, text: Text, m: Metrics, page: str | None) -> None:
        title = text.render("LSTM Arcade", m.title, theme.TEXT, bold=True)
        y = rect.centery - title.get_height() // 2
        surface.blit(title, (rect.x + m.pad, y))
        x = rect.x + m.pad + title.get_width() + 2 * m.pad
        self.live_rect = self.banner_rect = self.page_rect = None
        if page is not None:
            x = self._draw_page_button(surface, rect, x, page, text, m)
        if sim.inspected is not None:
            x = self._draw_banner(surface, rect, x, sim, text, m)
        else:
            if sim.playing:
                mode, color = f"▶ Playing · {sim.speed:g} steps/s", theme.INPUT_X
            else:
                mode, color = "❚❚ Paused", theme.TEXT_DIM
            for shown, shade, mono in (
                (f"t = {sim.t} / {sim.length}", theme.TEXT, True),
                (mode, color, False),
            ):
                surface_ = text.render(shown, m.heading, shade, mono=mono, bold=mono)
                surface.blit(surface_, (x, rect.centery - surface_.get_height() // 2))
                x += surface_.get_width() + 2 * m.pad
        hint = sim.hint or "H  help"
        glyph = text.render(hint, m.body, theme.FOCUS if sim.hint else theme.TEXT_FAINT)
        if x + glyph.get_width() <= rect.right - m.pad:
            surface.blit(
                glyph,
                (rect.right - m.pad - glyph.get_width(), rect.centery - glyph.get_height() // 2),
            )
        elif sim.hint:  # not enough room beside the counters: the hint wins over the mode text
            surface.blit(
                glyph, (rect.right - m.pad - glyph.get_width(), rect.bottom - glyph.get_height())
            )

    def _draw_page_button(
        self, surface: pygame.Surface, rect: pygame.Rect, x: int, page: str, text: Text, m: Metrics
    ) -> int:
        """The "View k/n: …  ▸ V" button; returns the x after it."""
        label = text.render(page, m.body, theme.TEXT, bold=True)
        height = min(rect.height, max(m.touch, label.get_height() + m.gap))
        button = pygame.Rect(x, 0, label.get_width() + 2 * m.pad, height)
        button.centery = rect.centery
        pygame.draw.rect(surface, theme.BUTTON_BG, button, border_radius=m.radius)
        pygame.draw.rect(surface, theme.ACCENT, button, m.line, border_radius=m.radius)
        surface.blit(label, label.get_rect(center=button.center))
        self.page_rect = button
        return button.right + 2 * m.pad

    def _draw_banner(
        self,
        surface: pygame.Surface,
        rect: pygame.Rect,
        x: int,
        sim: Simulation,
        text: Text,
        m: Metrics,
    ) -> int:
        """The "viewing step k of n" banner and its back-to-live button; returns the x after them."""
        label = text.render(
            f"Viewing step {sim.inspected:,} of {sim.t:,}", m.heading, theme.FOCUS, bold=True
        )
        height = min(rect.height, max(m.touch, label.get_height() + m.gap))
        banner = pygame.Rect(x, 0, label.get_width() + 2 * m.pad, height)
        banner.centery = rect.centery
        pygame.draw.rect(surface, BANNER_BG, banner, border_radius=m.radius)
        pygame.draw.rect(surface, theme.FOCUS, banner, m.line, border_radius=m.radius)
        surface.blit(label, label.get_rect(center=banner.center))
        live = text.render("▶ Back to live  Esc", m.body, theme.TEXT, bold=True)
        button = pygame.Rect(banner.right + m.pad, banner.y, live.get_width() + 2 * m.pad, height)
        pygame.draw.rect(surface, theme.BUTTON_BG, button, border_radius=m.radius)
        pygame.draw.rect(surface, theme.ACCENT, button, m.line, border_radius=m.radius)
        surface.blit(live, live.get_rect(center=button.center))
        self.live_rect, self.banner_rect = button, banner
        return button.right + 2 * m.pad
