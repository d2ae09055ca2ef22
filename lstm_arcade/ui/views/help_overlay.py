"""The help overlay (H or F1): every key and control on one card."""

from __future__ import annotations

import pygame

from ...i18n import N_, language, tr
from .. import theme
from ..bindings import help_rows
from ..frame import Frame
from ..text import Text
from ..theme import Metrics

KEYS: tuple[tuple[str, str], ...] = help_rows()  # generated from the one bindings table
# The rows are English, marked for translation: the card translates them as it draws them.
MOUSE: tuple[tuple[str, str], ...] = (
    (N_("Drag a slider"), N_("Change a weight: all steps recomputed live")),
    (N_("Click the track"), N_("Jump the slider there")),
    (N_("Double-click"), N_("Reset a slider to its default")),
    (N_("Diagram node"), N_("Hover: its equation · click: highlight it")),
    (N_("Input sequence"), N_("Values in −10 … 10, e.g. 1, 0, 0, 0, 0")),
    (N_("Click a step"), N_("In the graph or chain: every panel shows it")),
    (N_("Graph"), N_("Wheel or pinch: zoom · drag: pan · hover: values")),
    (N_("Graph legend"), N_("Click an entry to hide or show its line")),
    # TRANSLATORS: "Pin run" is the graph's button; × is the little cross on a pin
    (N_("Pin run  /  ×"), N_("Pin this run · a pin's ×: remove it")),
    (N_("Gradient strip"), N_("How much y(T) depends on each step")),
    (N_("Task: Memory test"), N_("A pulse, 30 zeros: who remembers it?")),
    # TRANSLATORS: A, B, Y are a gamepad's buttons (keep the letters); D-pad: its cross of arrows
    (N_("Gamepad"), N_("A play · B reset · Y step · D-pad: sliders")),
)

SECTIONS = (N_("Keys"), N_("Mouse and touch"))


class HelpOverlay:
    """A cached card drawn over a dimmed screen."""

    def __init__(self) -> None:
        self.hidden_keys: set[str] = set()  # keys a mode turns off (kiosk: Ctrl+Q does not quit)
        self._cache: tuple[tuple, pygame.Surface] | None = None
        self.card = pygame.Rect(0, 0, 0, 0)  # where the card was drawn
        self.metrics = Metrics(1080)
        self.pages = 1  # a narrow window shows the card a page at a time (a click: the next)

    def layout(self, rect: pygame.Rect, metrics: Metrics) -> None:
        """Over the whole window, at the window's own sizes (the operator's, whatever the UI scale)."""
        self.metrics = metrics

    def draw(self, surface: pygame.Surface, frame: Frame) -> None:
        """The card over the dimmed screen while the help is open."""
        if frame.state.help_open:
            self._draw(surface, frame.text, self.metrics, frame.state.help_page)

    def _draw(self, surface: pygame.Surface, text: Text, m: Metrics, page: int) -> None:
        key = (*surface.get_size(), page, language())  # the card's words are the language's
        if self._cache is None or self._cache[0] != key:
            self._cache = (key, self._render(surface.get_size(), text, m, page))
        surface.blit(self._cache[1], (0, 0))

    def _render(self, size: tuple[int, int], text: Text, m: Metrics, page: int = 0) -> pygame.Surface:
        layer = pygame.Surface(size, pygame.SRCALPHA)
        layer.fill((0, 0, 0, 215))
        keys = [row for row in KEYS if row[0] not in self.hidden_keys]  # by the English key name
        sections = [
            [(tr(title), ""), *((tr(key), tr(desc)) for key, desc in rows)]
            for title, rows in zip(SECTIONS, (keys, MOUSE), strict=True)
        ]
        headings = {tr(title) for title in SECTIONS}
        font, line_h, columns, widths = self._fit(sections, size, text, m)
        self.pages = 1
        if sum(k + d for k, d in widths) + (len(widths) + 3) * m.pad > size[0] - 2 * m.pad:
            font, line_h, pages, widths = self._stacked(sections, size, text, m)
            self.pages = len(pages)
            columns = pages[min(page, len(pages) - 1)]
        title_h = text.font(m.title, bold=True).get_linesize()
        hint_h = text.font(m.small).get_linesize()
        card = pygame.Rect(0, 0, sum(k + d for k, d in widths) + (len(widths) + 3) * m.pad,
                           max(len(c) for c in columns) * line_h + 5 * m.pad + title_h + hint_h)
        card.center = (size[0] // 2, size[1] // 2)
        self.card = card
        pygame.draw.rect(layer, theme.PANEL, card, border_radius=m.radius)
        pygame.draw.rect(layer, theme.ACCENT, card, m.line, border_radius=m.radius)
        title = text.render(tr("LSTM Arcade · help"), m.title, theme.TEXT, bold=True)
        layer.blit(title, (card.x + 2 * m.pad, card.y + 2 * m.pad))
        x = card.x + 2 * m.pad
        for column, (key_w, desc_w) in zip(columns, widths, strict=False):
            y = card.y + 3 * m.pad + title_h
            for key, desc in column:
                heading = not desc and key in headings
                color = theme.ACCENT if heading else theme.FOCUS
                layer.blit(text.render(key, font, color, bold=True), (x, y))
                if desc:
                    layer.blit(text.render(desc, font, theme.TEXT), (x + key_w, y))
                y += line_h
            x += key_w + desc_w + m.pad
        closing = tr("Esc, H or a click closes this")
        if self.pages > 1 and page + 1 < self.pages:
            # TRANSLATORS: the help card's foot on a narrow window: page k of n
            closing = tr("{page}/{pages} · a click or → shows more · Esc closes", page=page + 1, pages=self.pages)
        elif self.pages > 1:
            # TRANSLATORS: the help card's foot on its last page (k of n)
            closing = tr("{page}/{pages} · a click closes this · Esc closes", page=page + 1, pages=self.pages)
        hint = text.render(text.fit(closing, m.small, card.width - 2 * m.pad), m.small, theme.TEXT_DIM)
        layer.blit(hint, hint.get_rect(midbottom=(card.centerx, card.bottom - m.pad)))
        return layer

    @staticmethod
    def _stacked(sections, size, text: Text, m: Metrics):
        """For a window too narrow for key and description side by side: each key on its own
        line, its description wrapped under it, at the floor size, in as many columns as fit, split
        into pages. Returns the font, line height, each page's columns and the columns' widths."""
        font = m.small
        line_h = round(font * 1.35)
        title_h = text.font(m.title, bold=True).get_linesize()
        hint_h = text.font(m.small).get_linesize()
        per_column = max(4, (size[1] - 8 * m.pad - title_h - hint_h) // line_h)
        indent = 2 * m.pad
        usable = size[0] - 6 * m.pad
        widest = max(text.size(d, font)[0] for section in sections for _, d in section) + indent
        count = max(1, min(3, (usable + m.pad) // (min(widest, usable) + m.pad)))
        room = (usable - (count - 1) * m.pad) // count - indent
        entries: list[list[tuple[str, str]]] = []
        for section in sections:
            for key, desc in section:
                lines = text.wrap(desc, font, room) if desc else []
                entries.append([(key, ""), *(("", line) for line in lines)])
        columns: list[list[tuple[str, str]]] = [[]]
        for entry in entries:  # an entry is never split across columns
            if columns[-1] and len(columns[-1]) + len(entry) > per_column:
                columns.append([])
            columns[-1] += entry
        pages = [columns[k : k + count] for k in range(0, len(columns), count)]
        desc_w = max(max(text.size(d, font)[0], text.size(k, font, bold=True)[0] - indent) for c in columns for k, d in c)
        return font, line_h, pages, [(indent, desc_w)] * count

    @staticmethod
    def _columns(raw, room: int, per_column: int, font: int, text: Text, m: Metrics):
        """The rows, descriptions wrapped to `room` beside their keys, in columns of at most
        `per_column` rows; and each column's key and description widths."""
        sections = []
        for section in raw:
            key_w = max(text.size(k, font, bold=True)[0] for k, _ in section) + 2 * m.pad
            rows = []
            for key, desc in section:
                lines = text.wrap(desc, font, room - key_w) if desc else [""]
                rows += [(key, lines[0]), *(("", more) for more in lines[1:])]
            sections.append(rows)
        together = [row for section in sections for row in [*section, ("", "")]][:-1]
        if len(together) <= per_column:
            columns = [together]
        else:  # a column per section, a long section continued in the next column
            columns = [section[k : k + per_column] for section in sections for k in range(0, len(section), per_column)]
        widths = []
        for column in columns:
            key_w = max(text.size(k, font, bold=True)[0] for k, _ in column) + 2 * m.pad
            desc_w = max(text.size(d, font)[0] for _, d in column)
            widths.append((key_w, desc_w))
        return columns, widths

    @staticmethod
    def _fit(sections, size, text: Text, m: Metrics):
        """The largest font (body down to the floor) and the fewest columns at which the card fits
        the window: returns the font size, line height, columns of rows and each column's widths."""
        title_h = text.font(m.title, bold=True).get_linesize()
        raw = sections
        for font in range(m.body, m.small - 1, -1):
            line_h = round(font * 1.35)
            hint_h = text.font(m.small).get_linesize()
            per_column = max(4, (size[1] - 8 * m.pad - title_h - hint_h) // line_h)
            # A description too long for its column goes on in the row under it (a narrow
            # window: text never shrinks below the legibility floor, so it wraps instead); two
            # columns, or three narrower ones when two are too tall.
            for parts in (2, 3):
                columns, widths = HelpOverlay._columns(raw, (size[0] - (parts + 5) * m.pad) // parts, per_column, font, text, m)
                total = sum(k + d for k, d in widths) + (len(widths) + 3) * m.pad
                if total <= size[0] - 2 * m.pad:
                    return font, line_h, columns, widths
        return font, line_h, columns, widths
