"""The text field: typing, caret, selection, clipboard, commit/cancel, scrolling and drawing."""

from __future__ import annotations

import time

import pygame
import pytest
from widget_helpers import (
    count_near,
    down,
    feed,
    key,
    motion,
    open_display,
    split,
    text_editing,
    text_input,
)
from widget_helpers import up as release

from lstm_arcade import actions as act
from lstm_arcade.actions import TAKEN, Action
from lstm_arcade.model import parse_sequence
from lstm_arcade.ui import theme
from lstm_arcade.ui.text import Text
from lstm_arcade.ui.theme import Metrics
from lstm_arcade.ui.widgets import TextField

RECT = pygame.Rect(100, 100, 400, 32)  # a touch-tall field at 720p (48 px at 1080p)
CTRL, SHIFT = pygame.KMOD_LCTRL, pygame.KMOD_LSHIFT


class FakeClipboard:
    """An in-memory clipboard, so a test sees exactly what was put."""

    def __init__(self, text: str = "") -> None:
        self.text = text

    def get_text(self) -> str:
        return self.text

    def put_text(self, text: str) -> None:
        self.text = text


@pytest.fixture(scope="module", autouse=True)
def display() -> pygame.Surface:
    return open_display()


def make(text: str = "", clipboard: FakeClipboard | None = None) -> TextField:
    """A focused sequence field holding committed text, caret at the end."""
    field = TextField(
        "sequence", placeholder="e.g. 1, 0", validate=parse_sequence, clipboard=clipboard
    )
    field.place(RECT)
    field.text = field.committed_text = text
    field.set_focus(True, 0.0)
    return field


def draw(field: TextField, metrics: Metrics | None = None) -> pygame.Surface:
    surface = pygame.Surface((640, 240))
    field.draw(surface, Text(), metrics or Metrics(720))
    return surface


def test_typing_inserts_at_the_caret() -> None:
    field = make()
    assert field.handle(text_input("1, 0"), 0.0) == TAKEN
    assert (field.text, field.caret) == ("1, 0", 4)
    feed(field, key(pygame.K_LEFT), key(pygame.K_LEFT), key(pygame.K_LEFT), text_input("5"))
    assert (field.text, field.caret) == ("15, 0", 2)
    assert field.committed_text == ""  # typing alone commits nothing


def test_caret_moves_and_stops_at_the_ends() -> None:
    field = make("123")
    feed(field, key(pygame.K_RIGHT))
    assert field.caret == 3
    feed(field, key(pygame.K_HOME))
    assert field.caret == 0
    feed(field, key(pygame.K_LEFT))
    assert field.caret == 0
    feed(field, key(pygame.K_RIGHT), key(pygame.K_RIGHT))
    assert field.caret == 2
    feed(field, key(pygame.K_END))
    assert field.caret == 3 and field.selection() is None


def test_backspace_and_delete() -> None:
    field = make("1, 2, 3")
    feed(field, key(pygame.K_BACKSPACE))
    assert (field.text, field.caret) == ("1, 2, ", 6)
    feed(field, key(pygame.K_DELETE))  # nothing after the caret
    assert field.text == "1, 2, "
    feed(field, key(pygame.K_HOME), key(pygame.K_BACKSPACE))  # nothing before it
    assert field.text == "1, 2, "
    feed(field, key(pygame.K_DELETE), key(pygame.K_DELETE), key(pygame.K_DELETE))
    assert (field.text, field.caret) == ("2, ", 0)


def test_shift_selection_then_typing_replaces_it() -> None:
    field = make("1, 2, 3")
    feed(field, key(pygame.K_LEFT, SHIFT))
    feed(field, key(pygame.K_LEFT, SHIFT))
    assert field.selection() == (5, 7) and field.selected_text() == " 3"
    feed(field, text_input("9"))
    assert (field.text, field.caret, field.selection()) == ("1, 2,9", 6, None)
    feed(field, key(pygame.K_HOME, SHIFT))
    assert field.selected_text() == "1, 2,9"
    feed(field, key(pygame.K_END, SHIFT))  # back to where the selection began: nothing left
    assert field.selection() is None
    feed(field, key(pygame.K_HOME), key(pygame.K_RIGHT, SHIFT), key(pygame.K_RIGHT, SHIFT))
    feed(field, key(pygame.K_RIGHT))  # no Shift: the selection collapses to its end
    assert (field.caret, field.selection()) == (2, None)


def test_ctrl_a_then_backspace_clears() -> None:
    field = make("1, 0, 0")
    feed(field, key(pygame.K_a, CTRL))
    assert field.selection() == (0, 7)
    feed(field, key(pygame.K_BACKSPACE))
    assert (field.text, field.caret) == ("", 0)


def test_copy_paste_round_trip_through_the_system_clipboard() -> None:
    field = make("1, 0")  # the default clipboard: pygame.scrap (works on the dummy driver)
    feed(field, key(pygame.K_a, CTRL), key(pygame.K_c, CTRL))
    assert pygame.scrap.get_text() == "1, 0"
    feed(field, key(pygame.K_END), text_input(", "), key(pygame.K_v, CTRL))
    assert field.text == "1, 0, 1, 0"


def test_copy_without_selection_copies_all_and_cut_removes() -> None:
    board = FakeClipboard()
    field = make("1, 2, 3", clipboard=board)
    feed(field, key(pygame.K_c, CTRL))
    assert board.text == "1, 2, 3"
    feed(field, key(pygame.K_HOME), key(pygame.K_RIGHT, SHIFT), key(pygame.K_RIGHT, SHIFT))
    feed(field, key(pygame.K_x, CTRL))
    assert (board.text, field.text) == ("1,", " 2, 3")


def test_paste_turns_line_breaks_into_spaces() -> None:
    field = make(clipboard=FakeClipboard("1\n0\r\n1\t0"))
    feed(field, key(pygame.K_v, CTRL))
    assert field.text == "1 0 1 0"


def test_paste_invalid_then_enter_gives_error_and_keeps_committed() -> None:
    field = make("1, 0", clipboard=FakeClipboard("1, 0, banana, 1"))
    feed(field, key(pygame.K_a, CTRL), key(pygame.K_v, CTRL))
    consumed, intents = split(field.handle(key(pygame.K_RETURN), 0.0))
    assert consumed and len(intents) == 1
    assert intents[0].name == act.FIELD_ERROR and "banana" in intents[0].value
    assert field.error == intents[0].value and "\n" not in field.error
    assert field.committed_text == "1, 0" and field.text == "1, 0, banana, 1"
    # The red border shows the error.
    assert tuple(draw(field).get_at((RECT.left + 1, RECT.centery)))[:3] == theme.ERROR
    # Fixing the text and committing clears it.
    feed(field, key(pygame.K_a, CTRL), text_input("0, 1"))
    assert split(field.handle(key(pygame.K_KP_ENTER), 0.0))[1] == [Action(act.COMMIT, "0, 1", "sequence")]
    assert field.error is None and field.committed_text == "0, 1"
    assert tuple(draw(field).get_at((RECT.left, RECT.centery)))[:3] == theme.ACCENT


def test_escape_cancels_back_to_committed_text() -> None:
    field = make("1, 0")
    feed(field, key(pygame.K_a, CTRL), text_input("x"), key(pygame.K_RETURN))
    assert field.error is not None
    consumed, intents = split(field.handle(key(pygame.K_ESCAPE), 0.0))
    assert (consumed, intents) == (True, [Action(act.CANCEL, None, "sequence")])
    assert (field.text, field.error, field.caret) == ("1, 0", None, 4)


def test_losing_focus_commits_changed_text_only() -> None:
    field = make("1")
    assert field.set_focus(False, 0.0) is None  # unchanged: nothing to commit
    field.set_focus(True, 0.0)
    feed(field, text_input(", 0"))
    assert field.set_focus(False, 0.0) == Action(act.COMMIT, "1, 0", "sequence")
    assert field.committed_text == "1, 0" and not field.focused
    field.set_focus(True, 0.0)
    feed(field, text_input(", ?"))
    intents = field.set_focus(False, 0.0)
    assert intents.name == act.FIELD_ERROR and field.committed_text == "1, 0"


def test_printable_keys_are_consumed_but_app_keys_are_not() -> None:
    field = make("1")
    for code, char in ((pygame.K_r, "r"), (pygame.K_SPACE, " "), (pygame.K_h, "h")):
        assert field.handle(key(code, unicode=char), 0.0) == TAKEN
    assert field.handle(key(pygame.K_RIGHT), 0.0) is not None  # → moves the caret, does not step
    assert field.handle(key(pygame.K_TAB), 0.0) is None
    assert field.handle(key(pygame.K_TAB, SHIFT), 0.0) is None
    assert field.handle(key(pygame.K_F1), 0.0) is None
    assert field.handle(key(pygame.K_q, CTRL), 0.0) is None
    assert field.text == "1"  # KEYDOWNs never type: TEXTINPUT does
    field.set_focus(False, 0.0)
    assert field.handle(key(pygame.K_r, unicode="r"), 0.0) is None  # unfocused: the app's
    assert field.handle(text_input("r"), 0.0) is None and field.text == "1"


def test_ime_composition_is_previewed_not_inserted() -> None:
    field = make("1, ")
    assert field.handle(text_editing("０"), 0.0) == TAKEN
    assert field.text == "1, " and field.composition == "０"
    surface = draw(field)
    assert count_near(surface, RECT, theme.ACCENT, tol=20) > 3  # the underline, beyond the border
    feed(field, text_input("0"))
    assert (field.text, field.composition) == ("1, 0", "")


def test_click_moves_the_caret_to_the_clicked_character() -> None:
    field = make("12345")
    draw(field)  # measures the font
    left = field.caret_x() - 5 * field.advance
    assert field.handle(down((left + 2 * field.advance + 1, RECT.centery)), 0.0) == TAKEN
    field.handle(release((left + 2 * field.advance + 1, RECT.centery)), 0.0)
    assert (field.caret, field.selection()) == (2, None)
    # Dragging across characters selects them.
    feed(field, down((left, RECT.centery)), motion((left + 3 * field.advance, RECT.centery)))
    feed(field, release((left + 3 * field.advance, RECT.centery)))
    assert field.selected_text() == "123"
    assert field.handle(down((RECT.right + 10, RECT.centery)), 0.0) is None


def test_long_text_scrolls_so_the_caret_stays_visible() -> None:
    field = make()
    surface = draw(field)
    for k in range(500):
        feed(field, text_input("01"[k % 2]))
        assert RECT.left < field.caret_x() < RECT.right
    assert field.scroll > 400
    surface = draw(field)
    # The visible end of the text, with the caret drawn near the right edge.
    assert count_near(
        surface, pygame.Rect(field.caret_x() - 2, RECT.top, 4, RECT.height), theme.TEXT, 10
    )
    feed(field, key(pygame.K_HOME))
    assert field.scroll == 0 and RECT.left < field.caret_x() < RECT.left + RECT.height
    # Deleting everything brings the scroll back.
    feed(field, key(pygame.K_a, CTRL), key(pygame.K_DELETE))
    assert (field.scroll, field.text) == (0, "")


def test_drawing_a_100000_value_sequence_is_fast() -> None:
    big = ", ".join("1" if k % 7 == 0 else "0" for k in range(100_000))
    assert len(big) > 290_000
    text, metrics = Text(), Metrics(720)
    field = make(big)
    surface = pygame.Surface((640, 240))
    field.draw(surface, text, metrics)  # warm-up: opens the font once
    for caret in (len(big), 150_000, 0):
        field.caret = caret
        start = time.perf_counter()
        field.draw(surface, text, metrics)
        elapsed = time.perf_counter() - start
        assert elapsed < 0.020, f"drawing took {elapsed * 1000:.1f} ms at caret {caret}"
        assert RECT.left < field.caret_x() < RECT.right
        assert count_near(surface, RECT.inflate(-8, -8), theme.TEXT, tol=60) > 20  # digits drawn


def test_placeholder_border_and_caret_drawing() -> None:
    field = make()
    field.set_focus(False, 0.0)
    surface = draw(field)
    assert count_near(surface, RECT, theme.TEXT_FAINT, tol=10) > 5  # the dim placeholder
    assert tuple(surface.get_at((RECT.left, RECT.centery)))[:3] == theme.PANEL_EDGE
    field.set_focus(True, 0.0)
    surface = draw(field)
    assert count_near(surface, RECT, theme.TEXT_FAINT, tol=10) == 0  # focused: no placeholder
    assert tuple(surface.get_at((RECT.left, RECT.centery)))[:3] == theme.ACCENT
    assert tuple(surface.get_at((field.caret_x(), RECT.centery)))[:3] == theme.TEXT  # the caret


def test_selection_is_highlighted() -> None:
    field = make("1, 0, 0, 0")
    feed(field, key(pygame.K_a, CTRL))
    surface = draw(field)
    from lstm_arcade.ui.widgets.text_field import SELECTION

    assert count_near(surface, RECT, SELECTION, tol=6) > 50


def test_a_field_at_rest_shows_how_its_text_begins_not_where_the_caret_was() -> None:
    long_text = "1, " + ", ".join("0" for _ in range(200))
    field = make(long_text)
    field.caret = len(long_text)
    feed(field, key(pygame.K_END))  # editing at the end scrolled the field there
    assert field.scroll > 0
    field.set_focus(False, 0.0)
    at_rest = draw(field)
    short = make(long_text[:40])
    short.set_focus(False, 0.0)
    begins = draw(short)
    left = pygame.Rect(RECT.x, RECT.y, RECT.width // 2, RECT.height)
    assert pygame.image.tobytes(at_rest.subsurface(left), "RGB") == pygame.image.tobytes(begins.subsurface(left), "RGB")
