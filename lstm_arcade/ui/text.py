"""Cached text rendering with the bundled fonts (no system fonts). Any string draws and none
raises: characters SDL_ttf refuses or draws as nothing are replaced or boxed, and no surface is
wider than MAX_WIDTH."""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

import pygame

from . import bidi, theme

COMBINING_TILDE = "\u0303"
RLM = "\u200f"  # the right-to-left mark: a zero-width right-to-left letter
_TILDE = "\u02dc"  # small tilde, drawn over the previous letter when the font cannot combine
_MAX_TILDES = 64  # tildes placed by hand per string: labels have one or two; each is measured
# Widest surface a string renders to. pygame allocates any width asked for and fails only at 2**29
# px ("Out of memory"): a 100,000-character line is 115 MB at 20 px, nearly 2 GB at the 4K caption
# size, for pixels no screen shows. GPU textures stop at 16,384 px; text is cut there.
MAX_WIDTH = 16_384
# SDL_ttf refuses NUL, and UTF-8 cannot carry a lone surrogate (some clipboards hand them over).
_UNSAFE = re.compile("[\x00\ud800-\udfff]")
_REPLACEMENT = "\ufffd"
_CELLS = "cells"  # in the cache key's mono place: `render_cells`, apart from mono renders
_MISSING = "\U0010ffff"  # a noncharacter, in no font: SDL_ttf draws its missing-glyph box


def _safe(text: str) -> str:
    """`text` as SDL_ttf takes it: NUL and lone surrogates become U+FFFD, one for one."""
    if text.isascii():  # O(1) in CPython: the usual case costs one scan for NUL
        return text.replace("\x00", _REPLACEMENT) if "\x00" in text else text
    return _UNSAFE.sub(_REPLACEMENT, text) if _UNSAFE.search(text) else text


class Text:
    """Renders strings once and reuses the surfaces; fonts are opened once per (file, size)."""

    def __init__(self, max_entries: int = 4000, max_bytes: int = 24 * 2**20) -> None:
        self._fonts: dict[tuple[Path, int], pygame.font.Font] = {}
        self._rtl_fonts: dict[tuple[bool, bool, int, str], pygame.font.Font] = {}  # shaping right to left
        self._cache: OrderedDict[tuple, pygame.Surface] = OrderedDict()
        self._max = max_entries
        # Every step brings new numbers, so the cache is bounded by size too: at 4K one math line
        # is ~200 kB, and 4,000 of them would hold most of a gigabyte.
        self._max_bytes = max_bytes
        self._glyphs: dict[tuple, dict[str, pygame.Surface]] = {}  # (size, bold), colour → char → glyph
        self._advances: dict[pygame.font.Font, int] = {}  # a monospace font's character width
        self._rtl_widths: dict[tuple, int] = {}  # a right-to-left line's width: its bidi runs, measured once
        self.bytes = 0

    def font(self, size: int, *, mono: bool = False, bold: bool = False) -> pygame.font.Font:
        path = _font_path(mono, bold)
        key = (path, size)
        if key not in self._fonts:
            self._fonts[key] = pygame.font.Font(path, size)
        return self._fonts[key]

    def _run_font(self, run: bidi.Run, size: int, mono: bool, bold: bool) -> pygame.font.Font:
        """The font a run is shaped with: a right-to-left one has its own font object, set to its
        script and direction (SDL_ttf keeps both per font)."""
        font = self.font(size, mono=mono, bold=bold)
        if not run.rtl:
            return font
        script = bidi.script_of(run.text)
        key = (mono, bold, size, script)
        shaped = self._rtl_fonts.get(key)
        if shaped is None:
            shaped = self._rtl_fonts[key] = pygame.font.Font(_font_path(mono, bold), size)
            shaped.set_script(script)
            shaped.set_direction(pygame.DIRECTION_RTL)
        return shaped

    def _render_runs(self, text: str, size: int, color: theme.Color, mono: bool, bold: bool) -> pygame.Surface:
        """A line that mixes directions: each run shaped in its own direction, set from the left
        in visual order (see `bidi`)."""
        parts = [_line(self._run_font(run, size, mono, bold), run.text, color) for run in bidi.visual_runs(_safe(text))]
        width = min(MAX_WIDTH, sum(part.get_width() for part in parts))
        height = max((part.get_height() for part in parts), default=self.font(size, mono=mono, bold=bold).get_height())
        surface = pygame.Surface((width, height), pygame.SRCALPHA)
        x = 0
        for part in parts:
            surface.blit(part, (x, 0))
            x += part.get_width()
        return surface

    def _width(self, text: str, size: int, mono: bool, bold: bool) -> int:
        """How wide `text` is drawn, without drawing it (a mixed-direction line run by run)."""
        if not bidi.has_rtl(text):
            return self.font(size, mono=mono, bold=bold).size(text)[0]
        key = (text, size, mono, bold)
        width = self._rtl_widths.get(key)
        if width is None:  # fit, wrap and start_x measure the same lines every frame
            if len(self._rtl_widths) >= self._max:
                self._rtl_widths.clear()
            width = sum(self._run_font(run, size, mono, bold).size(run.text)[0] for run in bidi.visual_runs(text))
            self._rtl_widths[key] = width
        return width

    def render(
        self, text: str, size: int, color: theme.Color, *, mono: bool = False, bold: bool = False
    ) -> pygame.Surface:
        """The rendered string (anti-aliased, transparent background), from the cache when possible.
        Any string draws: what SDL_ttf cannot draw becomes a box or U+FFFD, cut at MAX_WIDTH."""
        key = (text, size, color, mono, bold)
        surface = self._cache.get(key)
        if surface is not None:
            self._cache.move_to_end(key)
            return surface
        font = self.font(size, mono=mono, bold=bold)
        if bidi.has_rtl(text):
            surface = self._render_runs(text, size, color, mono, bold)
        elif COMBINING_TILDE in text:
            surface = self._render_with_tildes(font, text, color)
        elif mono and len(text) > 1:
            surface = self._compose(font, text, color, (size, bold))
        elif mono and text:
            surface = self._glyph(font, text, color)
        else:
            surface = _line(font, text, color)
        return self._keep(key, surface)

    def render_cells(self, text: str, size: int, color: theme.Color) -> pygame.Surface:
        """Monospace text with one cell per character, combining tilde included: a text
        field's caret column is the character's index, whatever the characters are."""
        key = (text, size, color, _CELLS, False)
        surface = self._cache.get(key)
        if surface is not None:
            self._cache.move_to_end(key)
            return surface
        font = self.font(size, mono=True)
        if len(text) > 1:
            surface = self._compose(font, text, color, (size, False))
        else:
            surface = self._glyph(font, text, color) if text else _line(font, text, color)
        return self._keep(key, surface)

    def _keep(self, key: tuple, surface: pygame.Surface) -> pygame.Surface:
        """Cache `surface`, dropping the oldest entries past the count or byte bound."""
        self._cache[key] = surface
        self.bytes += _size_of(surface)
        while len(self._cache) > 1 and (len(self._cache) > self._max or self.bytes > self._max_bytes):
            _, dropped = self._cache.popitem(last=False)
            self.bytes -= _size_of(dropped)
        return surface

    def _glyph_row(self, font: pygame.font.Font, text: str, color: theme.Color, which: tuple) -> list[pygame.Surface]:
        style = self._glyphs.get((which, color))  # one dictionary per size and colour: no key per char
        if style is None:
            if len(self._glyphs) > 64:  # many colours × sizes: keep it bounded
                self._glyphs.clear()
            style = self._glyphs[(which, color)] = {}
        glyphs = []
        for char in text:
            glyph = style.get(char)
            if glyph is None:
                if len(style) > 512:  # typed text can bring any character: stay bounded
                    style.clear()
                glyph = style[char] = self._glyph(font, char, color)
            glyphs.append(glyph)
        return glyphs

    def _glyph(self, font: pygame.font.Font, char: str, color: theme.Color) -> pygame.Surface:
        """One character in its monospace cell. One SDL_ttf draws as nothing (a format or
        direction mark, a separator) gets the font's box for a missing glyph: the visitor sees it
        is there, and the columns stay aligned with the characters."""
        char = _safe(char)
        if font.size(char)[0] == 0:
            char = _MISSING
        try:
            return font.render(char, True, color)
        except pygame.error:  # a font whose missing-glyph box is empty: an empty cell
            return pygame.Surface((self._advance(font), font.get_height()), pygame.SRCALPHA)

    def _compose(self, font: pygame.font.Font, text: str, color: theme.Color, which: tuple) -> pygame.Surface:
        """Monospace text from cached glyphs: every step brings new numbers, and placing glyphs
        at the fixed advance is five times faster than rendering the line with SDL_ttf."""
        advance = self._advance(font)
        if advance * len(text) > MAX_WIDTH:
            text = text[: MAX_WIDTH // advance]
        glyphs = self._glyph_row(font, text, color, which)
        height = max(glyph.get_height() for glyph in glyphs)
        surface = pygame.Surface((advance * len(text), height), pygame.SRCALPHA)
        surface.fblits([(glyph, (k * advance, 0)) for k, glyph in enumerate(glyphs)])
        return surface

    def mono_size(self, text: str, size: int, *, bold: bool = False) -> tuple[int, int]:
        """The size `draw_mono` (and `render(mono=True)`) gives `text`, without drawing it."""
        if COMBINING_TILDE in text or bidi.has_rtl(text):
            return self.render(text, size, theme.TEXT, mono=True, bold=bold).get_size()
        font = self.font(size, mono=True, bold=bold)
        advance = self._advance(font)
        if advance * len(text) > MAX_WIDTH:
            text = text[: MAX_WIDTH // advance]
        glyphs = self._glyph_row(font, text, theme.TEXT, (size, bold))
        return advance * len(text), max((g.get_height() for g in glyphs), default=font.get_height())

    def draw_mono(
        self, surface: pygame.Surface, text: str, size: int, color: theme.Color,
        pos: tuple[int, int], *, bold: bool = False,
    ) -> int:
        """Monospace text placed glyph by glyph straight onto `surface` at `pos` (top left);
        returns its width. For text whose numbers change every frame: nothing is allocated and
        nothing cached per string, three times faster than render-then-blit at 4K."""
        font = self.font(size, mono=True, bold=bold)
        if COMBINING_TILDE in text or bidi.has_rtl(text):  # placed by hand or shaped: the cached path
            rendered = self.render(text, size, color, mono=True, bold=bold)
            surface.blit(rendered, pos)
            return rendered.get_width()
        advance = self._advance(font)
        if advance * len(text) > MAX_WIDTH:
            text = text[: MAX_WIDTH // advance]
        x, y = pos
        glyphs = self._glyph_row(font, text, color, (size, bold))
        surface.fblits([(g, (x + k * advance, y)) for k, g in enumerate(glyphs) if text[k] != " "])
        return advance * len(text)

    def _advance(self, font: pygame.font.Font) -> int:
        advance = self._advances.get(font)
        if advance is None:
            advance = self._advances[font] = font.size("0")[0]
        return advance

    def __len__(self) -> int:
        return len(self._cache)

    def size(self, text: str, size: int, *, mono: bool = False, bold: bool = False) -> tuple[int, int]:
        return self.render(text, size, theme.TEXT, mono=mono, bold=bold).get_size()

    @staticmethod
    def _render_with_tildes(font: pygame.font.Font, text: str, color: theme.Color) -> pygame.Surface:
        """Text with C̃: SDL_ttf gives the combining tilde a cell of its own, so draw it on top."""
        text = _safe(text)
        plain = _fitting(lambda part: font.size(part)[0], text.replace(COMBINING_TILDE, ""), MAX_WIDTH)
        surface = _line(font, plain, color)
        tilde = font.render(_TILDE, True, color)
        column, placed = 0, 0
        for char in text:
            if column > len(plain) or placed == _MAX_TILDES:
                break  # past the cut, or a pasted run of tildes: the rest stay plain
            if char == COMBINING_TILDE and column > 0:
                placed += 1
                left = font.size(plain[: column - 1])[0]
                width = font.size(plain[column - 1])[0]
                x = left + (width - tilde.get_width()) // 2
                surface.blit(tilde, (x, -round(font.get_ascent() * 0.18)))
            elif char != COMBINING_TILDE:
                column += 1
        return surface

    def wrap(self, text: str, size: int, width: int, *, mono: bool = False, bold: bool = False) -> list[str]:
        """`text` broken at spaces into lines no wider than `width` (a long word stays whole). A
        right-to-left paragraph's every line starts with the right-to-left mark, so a line that
        begins with "LSTM" is still laid out, and aligned, as the paragraph is."""
        lines: list[str] = []
        for word in _safe(text).split():
            if lines and self._width(f"{lines[-1]} {word}", size, mono, bold) <= width:
                lines[-1] = f"{lines[-1]} {word}"
            else:
                lines.append(word)
        if len(lines) > 1 and bidi.is_rtl_line(text):
            lines[1:] = [line if bidi.is_rtl_line(line) else RLM + line for line in lines[1:]]
        return lines

    def start_x(self, line: str, size: int, left: int, width: int, *, mono: bool = False, bold: bool = False) -> int:
        """Where a line of a paragraph starts in a box `width` wide from `left`: at its right edge
        for a right-to-left line, else at `left`."""
        if not bidi.is_rtl_line(line):
            return left
        return left + max(0, width - self._width(line, size, mono, bold))

    def largest_size(self, text: str, top: int, floor: int, width: int, *, bold: bool = False) -> int | None:
        """The largest font size from `top` down to `floor` at which `text` is no wider than
        `width`; None when it is wider even at the floor."""
        for size in range(top, floor - 1, -1):
            if self.size(text, size, bold=bold)[0] <= width:
                return size
        return None

    def fit(
        self, text: str, size: int, width: int, *, mono: bool = False, bold: bool = False
    ) -> str:
        """`text`, cut with an ellipsis if it is wider than `width`: after a whole word where
        there is one (a path or one long word is cut where the room ends)."""
        text = _safe(text)
        if self._width(text, size, mono, bold) <= width:
            return text
        kept = _fitting(lambda part: self._width(part, size, mono, bold), text, width, "…")
        if " " in kept.strip() and len(kept) < len(text) and not text[len(kept)].isspace():
            kept = kept[: kept.rstrip().rfind(" ")]  # the word the room ends in goes whole
        return kept.rstrip(" ·,;:—-") + "…"

    def clear(self) -> None:
        self._cache.clear()
        self._rtl_widths.clear()
        self.bytes = 0


def _font_path(mono: bool, bold: bool) -> Path:
    """The bundled font file of a style: proportional or monospace, regular or bold."""
    if mono:
        return theme.MONO_FONT_BOLD if bold else theme.MONO_FONT
    return theme.UI_FONT_BOLD if bold else theme.UI_FONT


def _line(font: pygame.font.Font, text: str, color: theme.Color) -> pygame.Surface:
    """`font.render` that takes any string: unsafe characters replaced, cut at MAX_WIDTH, and a
    string of only invisible characters (SDL_ttf: "Text has zero width") an empty surface."""
    text = _safe(text)
    if len(text) * 2 * font.get_height() > MAX_WIDTH:  # no bundled glyph is wider than two lines
        text = _fitting(lambda part: font.size(part)[0], text, MAX_WIDTH)
    try:
        return font.render(text, True, color)
    except pygame.error:
        return pygame.Surface((0, font.get_height()), pygame.SRCALPHA)


def _fitting(measure: Callable[[str], int], text: str, width: int, suffix: str = "") -> str:
    """The longest start of (safe) `text` that is at most `width` wide with `suffix` after it;
    a binary search over at most MAX_WIDTH characters, so a 100,000-character string costs
    a dozen measurements."""
    text = text[:MAX_WIDTH]  # a character per pixel at most: past that, only zero-width marks
    if measure(text + suffix) <= width:
        return text
    low, high = 0, len(text) - 1
    while low < high:
        mid = (low + high + 1) // 2
        if measure(text[:mid] + suffix) <= width:
            low = mid
        else:
            high = mid - 1
    return text[:low]


def _size_of(surface: pygame.Surface) -> int:
    return surface.get_pitch() * surface.get_height()
