"""A one-line text field: typing, selection, clipboard, IME preview; commits through a validator."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from typing import Protocol

import pygame

from ... import actions as act
from ...actions import TAKEN, Action
from ...i18n import N_, message_of, tr
from .. import paint, theme
from ..text import Text
from ..theme import Metrics
from .base import Widget, fit_words

ENTER_KEYS = (pygame.K_RETURN, pygame.K_KP_ENTER)
SELECTION: theme.Color = (45, 85, 128)  # the accent, darkened so white text stays readable on it
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\t\x85\u2028\u2029]")  # NEL and the Unicode line breaks too
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_UNSENDABLE = re.compile("[\x00\ud800-\udfff]")  # what the system clipboard cannot carry


def clean_line(text: str) -> str:
    """Text made fit for one line: line breaks and tabs become spaces, control characters go."""
    return _CONTROL.sub("", _LINE_BREAKS.sub(" ", text))


class Clipboard(Protocol):
    """Where Ctrl+C puts text and Ctrl+V takes it from."""

    def get_text(self) -> str: ...

    def put_text(self, text: str) -> None: ...


class SystemClipboard:
    """The system clipboard through pygame.scrap; an in-process string when there is none."""

    def __init__(self) -> None:
        self._local = ""

    def get_text(self) -> str:
        try:
            return pygame.scrap.get_text()
        except pygame.error:
            return self._local
        except UnicodeError:  # another program put bytes that are not UTF-8 there
            return "\ufffd"  # pasted as the replacement character: the field shows it is unreadable

    def put_text(self, text: str) -> None:
        self._local = text
        try:
            pygame.scrap.put_text(text)
        except pygame.error:
            pass  # no video, no clipboard: the local copy still serves this process
        except (UnicodeError, ValueError):  # a lone surrogate or NUL, which UTF-8 or SDL refuse
            with contextlib.suppress(pygame.error):
                pygame.scrap.put_text(_UNSENDABLE.sub("\ufffd", text))


class TextField(Widget):
    """Edits `text`; Enter or losing focus commits it if `validate` accepts, Esc restores it."""

    def __init__(
        self,
        widget_id: str,
        *,
        placeholder: str = "",
        validate: Callable[[str], object] | None = None,
        clipboard: Clipboard | None = None,
    ) -> None:
        super().__init__(widget_id)
        self.placeholder = placeholder  # English (N_-marked by the caller): translated when drawn
        self.validate = validate
        self.clipboard: Clipboard = clipboard if clipboard is not None else SystemClipboard()
        self.text = ""
        self.committed_text = ""
        self.error: str | None = None  # English text (a Message): whoever shows it translates it
        self.caret = 0
        self.selection_anchor: int | None = None
        self.composition = ""  # IME text being composed: shown at the caret, not yet inserted
        self.scroll = 0  # index of the first visible character (the font is monospace)
        self.dragging = False
        self._advance = 0  # pixels per character, measured when drawn; 0 until then

    # --- geometry: one monospace cell per character (render_cells), so a column maps to x -----
    def _text_area(self) -> pygame.Rect:
        inset = max(2, self.rect.height // 4)
        return pygame.Rect(
            self.rect.left + inset,
            self.rect.top,
            max(1, self.rect.width - 2 * inset),
            self.rect.height,
        )

    @property
    def advance(self) -> int:
        """Width of one character; before the first draw, estimated from the field height."""
        return self._advance or max(1, round(self.rect.height * 0.28))

    def _columns(self) -> int:
        """How many whole characters fit, keeping one pixel for a caret after the last."""
        return max(1, (self._text_area().width - 1) // self.advance)

    def _x_of(self, column: int) -> int:
        return self._text_area().left + (column - self.scroll) * self.advance

    def column_at(self, x: int) -> int:
        """The caret position nearest to pixel column x."""
        column = self.scroll + round((x - self._text_area().left) / self.advance)
        return min(len(self.text), max(0, column))

    def _clamp(self) -> None:
        """Keep caret and anchor inside the text (the app may replace `text` directly)."""
        n = len(self.text)
        self.caret = min(n, max(0, self.caret))
        if self.selection_anchor is not None:
            self.selection_anchor = min(n, max(0, self.selection_anchor))

    def _follow_caret(self) -> None:
        """Scroll so the caret (after any IME preview) is visible and no space is wasted."""
        self._clamp()
        columns = self._columns()
        position = self.caret + len(self.composition)
        if position < self.scroll:
            self.scroll = position
        elif position > self.scroll + columns:
            self.scroll = position - columns
        total = len(self.text) + len(self.composition)
        self.scroll = max(0, min(self.scroll, total - columns))

    def caret_x(self) -> int:
        """The caret's x on the screen, as it will be drawn."""
        self._follow_caret()
        return self._x_of(self.caret + len(self.composition))

    # --- editing -------------------------------------------------------------------------------
    def selection(self) -> tuple[int, int] | None:
        """(start, end) of the selected text, or None."""
        if self.selection_anchor is None or self.selection_anchor == self.caret:
            return None
        return min(self.caret, self.selection_anchor), max(self.caret, self.selection_anchor)

    def selected_text(self) -> str:
        span = self.selection()
        return self.text[span[0] : span[1]] if span else ""

    def insert(self, new: str) -> None:
        """Put text at the caret, replacing the selection."""
        new = clean_line(new)
        start, end = self.selection() or (self.caret, self.caret)
        self.text = self.text[:start] + new + self.text[end:]
        self.caret = start + len(new)
        self.selection_anchor = None

    def _move(self, to: int, extend: bool) -> None:
        """Move the caret; with Shift the selection grows from where it started."""
        if extend and self.selection_anchor is None:
            self.selection_anchor = self.caret
        elif not extend:
            self.selection_anchor = None
        self.caret = min(len(self.text), max(0, to))

    def _delete(self, forward: bool) -> None:
        if self.selection():
            self.insert("")
        elif forward and self.caret < len(self.text):
            self.text = self.text[: self.caret] + self.text[self.caret + 1 :]
        elif not forward and self.caret > 0:
            self.text = self.text[: self.caret - 1] + self.text[self.caret :]
            self.caret -= 1

    def commit(self) -> Action:
        """Validate the text: a COMMIT if it is good, a FIELD_ERROR if not."""
        if self.validate is not None:
            try:
                self.validate(self.text)
            except ValueError as exc:
                error = message_of(exc)  # a Message when the error carries its template
                if len(error.splitlines()) != 1:  # the field's line shows one line only
                    error = (error.splitlines() or [""])[0] or N_("invalid text")
                self.error = error
                return Action(act.FIELD_ERROR, self.error, self.id)
        self.error = None
        self.committed_text = self.text
        return Action(act.COMMIT, self.text, self.id)

    def cancel(self) -> Action:
        """Throw the edit away: back to the last committed text."""
        self.text = self.committed_text
        self.error = None
        self.composition = ""
        self.selection_anchor = None
        self.caret = len(self.text)
        return Action(act.CANCEL, None, self.id)

    # --- focus and events ----------------------------------------------------------------------
    def set_focus(self, focused: bool, now: float) -> Action | None:
        super().set_focus(focused, now)
        try:
            if focused:
                pygame.key.start_text_input()
                pygame.key.set_text_input_rect(self.rect)  # the IME window opens near the field
            else:
                pygame.key.stop_text_input()
        except pygame.error:
            pass  # no video system: keys still arrive through handle()
        self.composition = ""
        self.selection_anchor = None
        self.dragging = False
        if focused:
            self.caret = len(self.text)
            return None
        return self.commit() if self.text != self.committed_text else None

    def handle(self, event: pygame.event.Event, now: float) -> Action | None:
        if not self.enabled:
            return None
        self._clamp()
        kind = event.type
        if kind == pygame.MOUSEBUTTONDOWN and event.button == 1:
            if not self.rect.collidepoint(event.pos):
                return None
            self.caret = self.column_at(event.pos[0])
            self.selection_anchor = self.caret  # a drag from here selects
            self.dragging = True
            return TAKEN
        if kind == pygame.MOUSEMOTION and self.dragging:
            self.caret = self.column_at(event.pos[0])
            return TAKEN
        if kind == pygame.MOUSEBUTTONUP and event.button == 1 and self.dragging:
            self.dragging = False
            if self.selection_anchor == self.caret:
                self.selection_anchor = None  # a click, not a drag: nothing selected
            return TAKEN
        if not self.focused:
            return None
        if kind == pygame.TEXTINPUT:
            self.composition = ""
            self.insert(event.text)
        elif kind == pygame.TEXTEDITING:
            self.composition = clean_line(event.text)
        elif kind == pygame.KEYDOWN:
            return self._handle_key(event)
        else:
            return None
        self._follow_caret()
        return TAKEN

    def _handle_key(self, event: pygame.event.Event) -> Action | None:
        key, mod = event.key, event.mod
        if key in (pygame.K_TAB, pygame.K_F1) or (key == pygame.K_q and mod & pygame.KMOD_CTRL):
            return None  # the app's own keys: focus movement, help, quit
        if key in ENTER_KEYS:
            return self.commit()
        if key == pygame.K_ESCAPE:
            return self.cancel()
        command = mod & (pygame.KMOD_CTRL | pygame.KMOD_META)  # Cmd on macOS
        shift = bool(mod & pygame.KMOD_SHIFT)
        span = self.selection()
        if command and key == pygame.K_a:
            self.selection_anchor, self.caret = 0, len(self.text)
        elif command and key == pygame.K_c:
            self.clipboard.put_text(self.selected_text() or self.text)
        elif command and key == pygame.K_x and span:
            self.clipboard.put_text(self.selected_text())
            self.insert("")
        elif command and key == pygame.K_v:
            self.insert(self.clipboard.get_text() or "")
        elif key == pygame.K_LEFT:
            # Without Shift a selection collapses to its start; otherwise one step left.
            self._move(span[0] if span and not shift else self.caret - 1, shift)
        elif key == pygame.K_RIGHT:
            self._move(span[1] if span and not shift else self.caret + 1, shift)
        elif key == pygame.K_HOME:
            self._move(0, shift)
        elif key == pygame.K_END:
            self._move(len(self.text), shift)
        elif key in (pygame.K_BACKSPACE, pygame.K_DELETE):
            self._delete(forward=key == pygame.K_DELETE)
        self._follow_caret()
        return TAKEN  # every other key is typing: never a shortcut for the app

    # --- drawing -------------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface, text: Text, metrics: Metrics) -> None:
        size = metrics.body
        self._advance = text.font(size, mono=True).size("0")[0]
        self._follow_caret()
        pygame.draw.rect(surface, theme.FIELD_BG, self.rect, border_radius=metrics.radius)

        area = self._text_area()
        with paint.clipped(surface, area):
            if not self.text and not self.composition and not self.focused:
                # Cut only between words, with "…" (the whole hint is the field's placeholder).
                shown = fit_words(text, tr(self.placeholder), size, area.width)
                hint = text.render(shown, size, theme.TEXT_FAINT)
                surface.blit(hint, hint.get_rect(midleft=area.midleft))
            else:
                self._draw_text(surface, text, metrics, area)

        if self.error:
            edge, width = theme.ERROR, 2 * metrics.line
        else:
            edge, width = (theme.ACCENT if self.focused else theme.PANEL_EDGE), metrics.line
        pygame.draw.rect(surface, edge, self.rect, width, border_radius=metrics.radius)

    def _draw_text(
        self, surface: pygame.Surface, text: Text, metrics: Metrics, area: pygame.Rect
    ) -> None:
        """Only the visible window of characters is rendered: a 300 KB text costs no more."""
        size, comp = metrics.body, self.composition
        first, last = self.scroll, self.scroll + self._columns() + 1
        height = text.font(size, mono=True).get_linesize()
        top = area.centery - height // 2
        if not self.focused and not comp:  # at rest the field shows how the text begins
            window = self.text[: self._columns() + 1]
            if window:
                surface.blit(text.render_cells(window, size, theme.TEXT), (area.left, top))
            return
        span = self.selection()
        if span and not comp:
            left, right = self._x_of(max(span[0], first)), self._x_of(min(span[1], last))
            if right > left:
                pygame.draw.rect(surface, SELECTION, (left, top, right - left, height))
        # The IME preview sits in the text at the caret; only build that string while composing.
        if comp:
            shown = self.text[: self.caret] + comp + self.text[self.caret :]
            window = shown[first:last]
        else:
            window = self.text[first:last]
        if window:
            surface.blit(text.render_cells(window, size, theme.TEXT), (area.left, top))
        if comp:
            y = top + height - metrics.line
            start, end = self._x_of(self.caret), self._x_of(self.caret + len(comp))
            pygame.draw.line(surface, theme.ACCENT, (start, y), (end, y), metrics.line)
        if self.focused:  # a steady caret: frames stay deterministic for tests and screenshots
            x = self._x_of(self.caret + len(comp))
            pygame.draw.rect(
                surface, theme.TEXT, (x - metrics.line // 2, top, metrics.line, height)
            )
