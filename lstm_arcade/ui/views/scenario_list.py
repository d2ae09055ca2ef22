"""The scenario list (Ctrl+O): the scenarios folder's files, newest first, over a dimmed screen.

↑/↓, Page Up/Down, Home/End choose; Enter or a click (a tap) opens; the wheel or a drag scrolls;
Esc, the Close button or a click outside the card closes. While a file is read (in a worker thread,
see classroom.py) the list says "Opening …" and stays usable; a file that cannot be opened keeps the
list open and shows its one-line error under it. Like the other views it changes no state of the
simulation: `handle` returns the path to open, and the app opens it.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from concurrent.futures import Future
from pathlib import Path

import pygame

from ...formats.export import shown_folder
from ...formats.scenario import Entry
from ...i18n import N_, Message, ntr, tr
from .. import paint, theme
from ..frame import Frame
from ..text import Text
from ..theme import Metrics

SELECTED_BG: theme.Color = (40, 48, 72)
HOVER_BG: theme.Color = (28, 33, 48)


class ScenarioList:
    """The overlay's state (entries, choice, scroll, error) and its drawing."""

    def __init__(self) -> None:
        self.metrics = Metrics(1080)  # the window's own sizes (layout)
        self.open = False
        self.folder = Path()
        self.entries: list[Entry] = []
        self.selected = 0
        self.top = 0  # the first row shown
        self.error = ""  # the last file that could not be opened, in one line (English: a Message)
        self.failed: set[Path] = set()  # files that could not be opened: their names are red
        self.problem = ""  # the folder itself could not be read (English, translated when drawn)
        self.pending: tuple[Path, Future] | None = None  # the file being read, and its result
        self.card = pygame.Rect(0, 0, 0, 0)
        self.list_area = pygame.Rect(0, 0, 0, 0)
        self.close_rect = pygame.Rect(0, 0, 0, 0)
        self.row_h = 1
        self.rows: list[tuple[int, pygame.Rect]] = []  # (entry index, rect) of the drawn rows
        self._press: tuple[tuple[int, int], int] | None = None  # where a press started, top then
        self._dragging = False
        self._mouse: tuple[int, int] | None = None
        self._dim: tuple[tuple[int, int], pygame.Surface] | None = None

    # --- state ---------------------------------------------------------------------------------
    def show(self, folder: Path, entries: Sequence[Entry], problem: str = "") -> None:
        self.open, self.folder, self.entries = True, folder, list(entries)
        self.selected, self.top, self.error, self.problem = 0, 0, "", problem
        self.failed = set()
        self.rows, self._press, self._dragging = [], None, False
        self.pending = None

    def opening(self, path: Path, result: Future) -> None:
        """A file is being read: "Opening NAME…" under the list until `result` is applied (a file
        chosen while another one opens replaces it)."""
        self.pending, self.error = (Path(path), result), ""

    def refuse(self, path: Path, message: str) -> None:
        """A file that could not be opened: its one line under the list, its name in red."""
        self.failed.add(Path(path))
        # TRANSLATORS: a scenario file that could not be opened, and why
        self.error = Message("Not opened: {message}", message=message)

    def close(self) -> None:
        self.open = False
        self._press = None
        self.pending = None  # a file still being read is not applied to a closed list

    @property
    def visible(self) -> int:
        """How many rows fit (at least one)."""
        return max(1, self.list_area.height // self.row_h) if self.row_h > 1 else 1

    def _scroll_to(self, top: int) -> None:
        self.top = max(0, min(top, len(self.entries) - self.visible))

    def _choose(self, index: int) -> None:
        if not self.entries:
            return
        self.selected = max(0, min(index, len(self.entries) - 1))
        if self.selected < self.top:
            self._scroll_to(self.selected)
        elif self.selected >= self.top + self.visible:
            self._scroll_to(self.selected - self.visible + 1)

    # --- events --------------------------------------------------------------------------------
    def handle(self, event: pygame.event.Event) -> Path | None:
        """Keys, wheel, clicks and drags; the file to open, or None."""
        kind = event.type
        if kind == pygame.KEYDOWN:
            return self._key(event.key)
        if kind == pygame.MOUSEWHEEL:
            self._scroll_to(self.top - int(getattr(event, "y", 0)) * 3)
            return None
        if kind == pygame.MOUSEMOTION:
            self._mouse = event.pos
            if self._press is not None:
                (_, y0), top0 = self._press
                dy = event.pos[1] - y0
                if self._dragging or abs(dy) >= self.row_h // 3:
                    self._dragging = True
                    self._scroll_to(top0 - round(dy / self.row_h))
            return None
        if kind == pygame.MOUSEBUTTONDOWN and event.button == 1:
            if self.card.width == 0:  # not drawn yet: nothing to hit
                return None
            if self.close_rect.collidepoint(event.pos) or not self.card.collidepoint(event.pos):
                self.close()
            elif self.list_area.collidepoint(event.pos):
                self._press, self._dragging = (event.pos, self.top), False
            return None
        if kind == pygame.MOUSEBUTTONUP and event.button == 1 and self._press is not None:
            (x0, y0), _ = self._press
            was_drag, self._press, self._dragging = self._dragging, None, False
            if was_drag:
                return None
            index = self._row_at(event.pos)
            if index is not None and index == self._row_at((x0, y0)):
                self.selected = index
                return self.entries[index].path
        return None

    def _key(self, key: int) -> Path | None:
        if key == pygame.K_ESCAPE:
            self.close()
        elif key in (pygame.K_UP, pygame.K_KP_8):
            self._choose(self.selected - 1)
        elif key in (pygame.K_DOWN, pygame.K_KP_2):
            self._choose(self.selected + 1)
        elif key == pygame.K_PAGEUP:
            self._choose(self.selected - self.visible)
        elif key == pygame.K_PAGEDOWN:
            self._choose(self.selected + self.visible)
        elif key == pygame.K_HOME:
            self._choose(0)
        elif key == pygame.K_END:
            self._choose(len(self.entries) - 1)
        elif key in (pygame.K_RETURN, pygame.K_KP_ENTER) and self.entries:
            return self.entries[self.selected].path
        return None

    def _row_at(self, pos: tuple[int, int]) -> int | None:
        for index, rect in self.rows:
            if rect.collidepoint(pos):
                return index
        return None

    # --- drawing -------------------------------------------------------------------------------
    def layout(self, rect: pygame.Rect, metrics: Metrics) -> None:
        """Over the whole window, at the window's own sizes (the operator's, whatever the UI scale)."""
        self.metrics = metrics

    def draw(self, surface: pygame.Surface, frame: Frame) -> None:
        """The list over the dimmed screen while it is open."""
        if self.open:
            self._draw(surface, frame.text, self.metrics)

    def _draw(self, surface: pygame.Surface, text: Text, m: Metrics) -> None:
        size = surface.get_size()
        if self._dim is None or self._dim[0] != size:
            dim = pygame.Surface(size, pygame.SRCALPHA)
            dim.fill((0, 0, 0, 215))
            self._dim = (size, dim)
        surface.blit(self._dim[1], (0, 0))
        width, height = size
        card_w = min(width - 4 * m.pad, max(m.px(900), round(width * 0.5)))
        inner_w = card_w - 4 * m.pad
        # TRANSLATORS: the scenario list's Close button; Esc is the key that does the same
        close = text.render(tr("✕ Close  Esc"), m.body, theme.TEXT, bold=True)
        title = _title(text, inner_w - close.get_width() - 3 * m.pad, m)
        close_h = max(m.touch, close.get_height() + m.gap)
        count = len(self.entries)
        folder = shown_folder(self.folder)
        if count:
            # TRANSLATORS: the scenarios folder, then how many files it holds, listed newest first
            where = ntr("{folder}  ·  {n:,} file, newest first", "{folder}  ·  {n:,} files, newest first",
                        count, folder=folder)
        else:
            # TRANSLATORS: the scenarios folder, which holds no files
            where = tr("{folder}  ·  no files", folder=folder)
        where_s = _fit(text, where, m.small, theme.TEXT_DIM, inner_w)
        hints = _wrap(text, tr(HINT), m.small, inner_w, 3)  # at word boundaries ("·" between the hints)
        hint_h = text.font(m.small).get_linesize() * len(hints)
        # TRANSLATORS: a scenario file is being read
        opening = tr("Opening {name}…", name=self.pending[0].name) if self.pending is not None else ""
        message = opening or tr(self.error) or tr(self.problem)
        error_lines = _wrap(text, message, m.body, inner_w, 3) if message else []
        line_h = text.font(m.body).get_linesize()
        # Whole rows only, in at most 80 % of the height; one error line is always kept free so the
        # card does not jump when a file is refused.
        top_h = max(title.get_height(), close_h) + m.gap + where_s.get_height() + m.pad
        bottom_h = m.pad + max(1, len(error_lines)) * line_h + m.gap + hint_h
        self.row_h = max(m.touch, m.px(56))
        rows = max(1, (round(height * 0.8) - 4 * m.pad - top_h - bottom_h) // self.row_h)
        card = pygame.Rect(0, 0, card_w, 4 * m.pad + top_h + rows * self.row_h + bottom_h)
        card.center = (width // 2, height // 2)
        self.card = card
        pygame.draw.rect(surface, theme.PANEL, card, border_radius=m.radius)
        pygame.draw.rect(surface, theme.ACCENT, card, m.line, border_radius=m.radius)
        inner = card.inflate(-4 * m.pad, -4 * m.pad)

        # Title, the Close button, the folder; the rows; the error lines and the key hints.
        surface.blit(title, inner.topleft)
        self.close_rect = pygame.Rect(0, 0, close.get_width() + 2 * m.pad, close_h)
        self.close_rect.topright = (inner.right, inner.y + (title.get_height() - close_h) // 2)
        pygame.draw.rect(surface, theme.BUTTON_BG, self.close_rect, border_radius=m.radius)
        pygame.draw.rect(surface, theme.PANEL_EDGE, self.close_rect, m.line, border_radius=m.radius)
        surface.blit(close, close.get_rect(center=self.close_rect.center))
        y = inner.y + max(title.get_height(), close_h) + m.gap
        surface.blit(where_s, (inner.x, y))
        y += where_s.get_height() + m.pad
        self.list_area = pygame.Rect(inner.x, y, inner.width, rows * self.row_h)
        y = self.list_area.bottom + m.pad
        color = theme.TEXT_DIM if opening else theme.ERROR
        for line in error_lines:
            surface.blit(text.render(line, m.body, color), (inner.x, y))
            y += line_h
        y = inner.bottom - hint_h
        for line in hints:
            shown = text.render(line, m.small, theme.TEXT_DIM)
            surface.blit(shown, (inner.x, y))
            y += text.font(m.small).get_linesize()
        self._scroll_to(self.top)
        self._draw_rows(surface, text, m)

    def _draw_rows(self, surface: pygame.Surface, text: Text, m: Metrics) -> None:
        area, row_h = self.list_area, self.row_h
        pygame.draw.rect(surface, theme.FIELD_BG, area, border_radius=m.radius)
        self.rows = []
        if not self.entries:
            empty = tr("No scenarios here yet. Ctrl+S saves the current state as one.")
            y = area.y + row_h // 2
            for line in _wrap(text, empty, m.body, area.width - 2 * m.pad, 4):
                shown = text.render(line, m.body, theme.TEXT_DIM)
                surface.blit(shown, shown.get_rect(midtop=(area.centerx, y)))
                y += text.font(m.body).get_linesize()
            return
        long = len(self.entries) > self.visible
        bar_w = m.px(10) if long else 0
        rows_w = area.width - (bar_w + m.gap if long else 0)
        time_w = text.font(m.body, mono=True).size("2000-00-00  00:00")[0]
        with paint.clipped(surface, area):
            for index in range(self.top, min(len(self.entries), self.top + self.visible)):
                entry = self.entries[index]
                rect = pygame.Rect(area.x, area.y + (index - self.top) * row_h, rows_w, row_h)
                self.rows.append((index, rect))
                chosen = index == self.selected
                hovered = self._mouse is not None and rect.collidepoint(self._mouse)
                if chosen or hovered:
                    pygame.draw.rect(surface, SELECTED_BG if chosen else HOVER_BG, rect, border_radius=m.radius)
                if chosen:
                    pygame.draw.rect(surface, theme.FOCUS, rect, m.line, border_radius=m.radius)
                elif index > self.top:
                    pygame.draw.line(surface, theme.PANEL_EDGE, (rect.x + m.pad, rect.y), (rect.right - m.pad, rect.y))
                stamp = time.strftime("%Y-%m-%d  %H:%M", time.localtime(entry.modified))
                when = text.render(stamp, m.body, theme.TEXT_DIM, mono=True)
                surface.blit(when, when.get_rect(midright=(rect.right - m.pad, rect.centery)))
                color = theme.ERROR if entry.path in self.failed else theme.TEXT
                name = _fit(text, entry.name, m.body, color, rect.width - time_w - 4 * m.pad, bold=chosen)
                surface.blit(name, name.get_rect(midleft=(rect.x + m.pad, rect.centery)))
        if long:  # the scroll bar: where the shown rows are in the whole list
            track = pygame.Rect(area.right - bar_w, area.y + m.gap, bar_w, area.height - 2 * m.gap)
            pygame.draw.rect(surface, theme.TRACK, track, border_radius=bar_w // 2)
            total = len(self.entries)
            thumb_h = max(m.touch // 2, round(track.height * self.visible / total))
            span = track.height - thumb_h
            offset = round(span * self.top / max(1, total - self.visible))
            thumb = pygame.Rect(track.x, track.y + offset, bar_w, thumb_h)
            pygame.draw.rect(surface, theme.ACCENT, thumb, border_radius=bar_w // 2)


# TRANSLATORS: the scenario list's keys: arrows choose, Enter opens, Esc closes
HINT = N_("↑ ↓ choose  ·  Enter or click: open  ·  wheel or drag: scroll  ·  Esc: close")


def _title(text: Text, room: int, m: Metrics) -> pygame.Surface:
    """"Open a scenario" beside the Close button: at title size, smaller, or one word, whole."""
    # TRANSLATORS: the scenario list's title, then its shortest form (one word) for a narrow window
    whole, short = tr("Open a scenario"), tr("Open")
    for words, size in ((whole, m.title), (whole, m.heading), (short, m.heading)):
        if text.size(words, size, bold=True)[0] <= room:
            break
    return text.render(words, size, theme.TEXT, bold=True)


def _fit(text: Text, line: str, size: int, color: theme.Color, width: int, bold: bool = False) -> pygame.Surface:
    """The line rendered, cut with … so it is at most `width` wide (measured, not rendered;
    through Text, which takes any name: one not in UTF-8 holds lone surrogates)."""
    return text.render(text.fit(line, size, width, bold=bold), size, color, bold=bold)


def _wrap(text: Text, message: str, size: int, width: int, max_lines: int) -> list[str]:
    """Words on lines at most `width` wide, at most `max_lines` (the last cut with …)."""
    lines = text.wrap(message, size, width) or [""]
    if len(lines) > max_lines:
        lines = lines[: max_lines - 1] + [" ".join(lines[max_lines - 1:])]
    lines[-1] = text.fit(lines[-1], size, width)
    return lines
