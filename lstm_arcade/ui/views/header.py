"""The title bar: name, step counter, play state and the current hint.

While a past step is inspected the counter becomes a banner, "viewing step k of n", with a
"back to live" button beside it (Esc or L do the same), so nobody mistakes the past for now.
At a UI scale above 1 a button names the group of panels shown; a click (or V) shows the next.
The language switch sits at the right end: every offered language by its own name (no flags), the
one on screen lit; where the row has no room for them all, one chip with the current name that
goes on to the next (as Ctrl+L does).
"""

from __future__ import annotations

import pygame

from ... import actions as act
from ...actions import Action
from ...formats.languages import BY_CODE as LANGUAGES
from ...i18n import N_, language, tr
from ...sim import Simulation
from .. import paint, theme
from ..frame import Frame
from ..text import Text
from ..theme import Metrics

BANNER_BG: theme.Color = (70, 58, 8)
# TRANSLATORS: the title bar's button back to the visitor's level, "Explore"
LEVEL_LABEL = N_("◂ Explore")


def _paint_button(
    surface: pygame.Surface, button: pygame.Rect, face: pygame.Surface, m: Metrics, fill: theme.Color | None = None
) -> None:
    """One of the title bar's buttons: rounded, edged in the accent, its face centred."""
    # The default is read at draw time: the palette can change after import (okabe-ito).
    pygame.draw.rect(surface, theme.BUTTON_BG if fill is None else fill, button, border_radius=m.radius)
    pygame.draw.rect(surface, theme.ACCENT, button, m.line, border_radius=m.radius)
    surface.blit(face, face.get_rect(center=button.center))


class Header:
    region = "header"

    def __init__(self) -> None:
        self.live_rect: pygame.Rect | None = None  # the "back to live" button while inspecting
        self.banner_rect: pygame.Rect | None = None  # "viewing step k of n"
        self.page_rect: pygame.Rect | None = None  # "View 1/3: …" at a UI scale above 1
        self.level_rect: pygame.Rect | None = None  # "◂ Explore": back to the visitor's level
        # The language switch: (code, rect) per name shown; code None: the one chip "next language".
        self.language_rects: list[tuple[str | None, pygame.Rect]] = []
        self.compact = False  # the banner's short words (a narrow window)
        self.rect = pygame.Rect(0, 0, 0, 0)
        self.metrics = Metrics(1080)
        self._shown: tuple | None = None  # what the row held when last drawn

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
        if self.level_rect is not None and self.level_rect.collidepoint(event.pos):
            return Action(act.LEVEL, "explore")
        for code, rect in self.language_rects:
            if rect.collidepoint(event.pos):
                return Action(act.LANGUAGE, code)
        return None

    def draw(self, surface: pygame.Surface, frame: Frame) -> None:
        """The title, step counter and play state; `frame.page` names the panels a UI scale shows.
        While all it shows is what the screen holds (`frame.clean`), nothing is drawn."""
        # The way to Explore, where it is offered (a projector's scaled pages keep the row for the title).
        offered = "explore" in getattr(frame.state, "levels", ())
        switch = offered and frame.layout.level == "full" and frame.page is None
        state = frame.state
        languages = tuple(getattr(state, "languages", ()))
        sim = frame.sim
        shown = (
            tuple(self.rect), self.metrics.height, frame.page, switch, languages, getattr(state, "language", None),
            language(), sim.t, sim.length, sim.inspected, tr(sim.hint) if sim.hint else None, self._mode(sim),
            theme.BUTTON_BG, theme.ACCENT,  # a palette chosen later
        )
        if frame.clean and shown == self._shown:
            return
        self._shown = shown
        with paint.clipped(surface, self.rect):  # a narrow window cuts the row, never draws into the gaps
            rect = self.rect
            paint.fill(surface, theme.BACKGROUND, rect)
            self.language_rects = []
            if len(languages) > 1:
                text, m = frame.text, self.metrics
                # Its room: what the title, the step counter, a UI scale's page button and the way
                # to Explore leave (they come first).
                counter = text.size(f"t = {frame.sim.t} / {frame.sim.length}", m.heading, mono=True, bold=True)[0]
                level = text.size(tr(LEVEL_LABEL), m.body, bold=True)[0] + 4 * m.pad if switch else 0
                title = text.size("LSTM Arcade", m.title, bold=True)[0]
                mode = text.size(self._mode(frame.sim)[2], m.heading)[0]  # its short form
                page_w = self._page_width(frame.page, text, m)
                budget = rect.width - counter - level - title - mode - page_w - 12 * m.pad
                used = self._draw_languages(surface, rect, languages, state.language, text, m, budget)
                rect = pygame.Rect(rect.x, rect.y, rect.width - used, rect.height)
            self._draw(surface, rect, frame.sim, frame.text, self.metrics, frame.page, switch)

    def _draw_languages(
        self, surface: pygame.Surface, rect: pygame.Rect, offered: tuple[str, ...], current: str,
        text: Text, m: Metrics, budget: int,
    ) -> int:
        """The language switch at the row's right end; the width it takes (with its margin).
        Every name where they take at most a quarter of the row and fit `budget`, else the current
        one's name alone, else (a narrow portrait row) its code."""
        names: list[tuple[str | None, str]] = [(code, LANGUAGES[code].name) for code in offered if code in LANGUAGES]
        widths = [text.size(name, m.body, bold=True)[0] + 2 * m.pad for _, name in names]
        if sum(widths) + m.gap * (len(widths) - 1) > min(budget, rect.width // 4):
            here = LANGUAGES[current].name if current in LANGUAGES else current
            label = f"{here} ▸"
            if text.size(label, m.body, bold=True)[0] + 2 * m.pad > budget:
                label = f"{current.upper()} ▸"
            names, widths = [(None, label)], [text.size(label, m.body, bold=True)[0] + 2 * m.pad]
        height = min(rect.height, max(m.touch, text.font(m.body).get_linesize() + m.gap))
        right = rect.right - m.pad
        for (code, name), width in zip(reversed(names), reversed(widths), strict=True):
            chip = pygame.Rect(right - width, rect.centery - height // 2, width, height)
            lit = code == current
            face = text.render(name, m.body, theme.BACKGROUND if lit else theme.TEXT, bold=True)
            _paint_button(surface, chip, face, m, theme.ACCENT if lit else theme.BUTTON_BG)
            self.language_rects.insert(0, (code, chip))
            right = chip.left - m.gap
        return rect.right - right + m.pad

    def _draw(
        self, surface: pygame.Surface, rect: pygame.Rect, sim: Simulation, text: Text, m: Metrics,
        page: str | None, switch: bool = False,
    ) -> None:
        self.live_rect = self.banner_rect = self.page_rect = self.level_rect = None
        if switch:  # at the row's right end, always: the way back to the visitor's level
            rect = pygame.Rect(rect.x, rect.y, rect.width - self._draw_level_button(surface, rect, text, m), rect.height)
        room = rect.width - 2 * m.pad
        inspecting = sim.inspected is not None
        # What the row holds, most important first; a narrow window drops from the end of this
        # list (the title shrinks, then the mode and hint go) rather than draw text over text.
        title_size = m.title
        counter = f"t = {sim.t} / {sim.length}"
        mode, color, short = self._mode(sim)
        # TRANSLATORS: the title bar's reminder that the key H opens the help
        hint = tr(sim.hint) if sim.hint else tr("H  help")
        self.compact = False
        if inspecting and self._banner_width(sim, text, m) > room:
            self.compact = True  # "Step k of n" and "▶ Live": the banner stays whole
        fixed = self._page_width(page, text, m) + (self._banner_width(sim, text, m) if inspecting else 0)
        hinted = bool(sim.hint)  # a hint the visitor needs now stays; "H help" goes first
        for title_size, mode_text, show_hint in (
            (m.title, mode, True), (m.title, mode, hinted), (m.title, short, hinted),
            (m.heading, short, hinted), (m.heading, "", hinted), (0, "", hinted),
        ):
            parts = [text.size("LSTM Arcade", title_size, bold=True)[0] if title_size else 0, fixed]
            if not inspecting:
                parts += [text.size(counter, m.heading, mono=True, bold=True)[0]]
                parts += [text.size(mode_text, m.heading)[0]] if mode_text else []
            parts += [text.size(hint, m.body)[0]] if show_hint else []
            if sum(parts) + 2 * m.pad * (len([w for w in parts if w]) - 1) <= room:
                break
        x = rect.x + m.pad
        if title_size:
            title = text.render("LSTM Arcade", title_size, theme.TEXT, bold=True)
            surface.blit(title, (x, rect.centery - title.get_height() // 2))
            x += title.get_width() + 2 * m.pad
        if page is not None:
            x = self._draw_page_button(surface, rect, x, page, text, m)
        if inspecting:
            x = self._draw_banner(surface, rect, x, sim, text, m)
        else:
            shown_parts = [(counter, theme.TEXT, True)] + ([(mode_text, color, False)] if mode_text else [])
            for shown, shade, mono in shown_parts:
                surface_ = text.render(shown, m.heading, shade, mono=mono, bold=mono)
                surface.blit(surface_, (x, rect.centery - surface_.get_height() // 2))
                x += surface_.get_width() + 2 * m.pad
        if show_hint:
            glyph = text.render(hint, m.body, theme.FOCUS if sim.hint else theme.TEXT_FAINT)
            if x + glyph.get_width() <= rect.right - m.pad:
                surface.blit(glyph, (rect.right - m.pad - glyph.get_width(), rect.centery - glyph.get_height() // 2))

    def _draw_level_button(self, surface: pygame.Surface, rect: pygame.Rect, text: Text, m: Metrics) -> int:
        """The "◂ Explore" button at the right end; the width it takes (with its margin)."""
        label = text.render(tr(LEVEL_LABEL), m.body, theme.TEXT, bold=True)
        height = min(rect.height, max(m.touch, label.get_height() + m.gap))
        button = pygame.Rect(0, 0, label.get_width() + 2 * m.pad, height)
        button.midright = (rect.right - m.pad, rect.centery)
        _paint_button(surface, button, label, m)
        self.level_rect = button
        return rect.right - button.left + m.pad

    @staticmethod
    def _mode(sim: Simulation) -> tuple[str, theme.Color, str]:
        """What the simulation is doing: the full words (translated), their colour, and the short
        form."""
        if sim.training:
            # TRANSLATORS: the title bar's state: the network is being trained
            return tr("◆ Training"), theme.TARGET, "◆"
        if sim.playing:
            # TRANSLATORS: the title bar's state while playing, at so many time steps per second
            return tr("▶ Playing · {speed:g} steps/s", speed=sim.speed), theme.INPUT_X, "▶"
        # TRANSLATORS: the title bar's state: not playing
        return tr("❚❚ Paused"), theme.TEXT_DIM, "❚❚"

    @staticmethod
    def _page_width(page: str | None, text: Text, m: Metrics) -> int:
        return text.size(page, m.body, bold=True)[0] + 4 * m.pad if page else 0

    def _banner_labels(self, sim: Simulation) -> tuple[str, str]:
        """The banner's words and its button's, translated (short ones when `compact`)."""
        if self.compact:
            # TRANSLATORS: a past time step is shown: step k of the n computed (short form)
            step = tr("Step {k:,} of {n:,}", k=sim.inspected, n=sim.t)
            # TRANSLATORS: a button: back to the newest step (short form)
            return step, tr("▶ Live")
        # TRANSLATORS: a past time step is shown: step k of the n computed
        step = tr("Viewing step {k:,} of {n:,}", k=sim.inspected, n=sim.t)
        # TRANSLATORS: a button: back to the newest step; Esc is the key that does the same
        return step, tr("▶ Back to live  Esc")

    def _banner_width(self, sim: Simulation, text: Text, m: Metrics) -> int:
        banner, live = self._banner_labels(sim)
        return text.size(banner, m.heading, bold=True)[0] + text.size(live, m.body, bold=True)[0] + 6 * m.pad

    def _draw_page_button(
        self, surface: pygame.Surface, rect: pygame.Rect, x: int, page: str, text: Text, m: Metrics
    ) -> int:
        """The "View k/n: …  ▸ V" button; returns the x after it."""
        label = text.render(page, m.body, theme.TEXT, bold=True)
        height = min(rect.height, max(m.touch, label.get_height() + m.gap))
        button = pygame.Rect(x, 0, label.get_width() + 2 * m.pad, height)
        button.centery = rect.centery
        _paint_button(surface, button, label, m)
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
        banner_text, live_text = self._banner_labels(sim)
        label = text.render(banner_text, m.heading, theme.FOCUS, bold=True)
        height = min(rect.height, max(m.touch, label.get_height() + m.gap))
        banner = pygame.Rect(x, 0, label.get_width() + 2 * m.pad, height)
        banner.centery = rect.centery
        pygame.draw.rect(surface, BANNER_BG, banner, border_radius=m.radius)
        pygame.draw.rect(surface, theme.FOCUS, banner, m.line, border_radius=m.radius)
        surface.blit(label, label.get_rect(center=banner.center))
        live = text.render(live_text, m.body, theme.TEXT, bold=True)
        button = pygame.Rect(banner.right + m.pad, banner.y, live.get_width() + 2 * m.pad, height)
        _paint_button(surface, button, live, m)
        self.live_rect, self.banner_rect = button, banner
        return button.right + 2 * m.pad
