"""Text that does not fit is cut after a whole word, never inside one."""

from __future__ import annotations

import pygame
import pytest

from lstm_arcade.ui.text import Text


@pytest.fixture(scope="module")
def text():
    pygame.font.init()
    return Text()


@pytest.mark.parametrize("width", range(60, 420, 17))
def test_fit_ends_after_a_whole_word_with_an_ellipsis(text, width):
    sentence = "No scenarios here yet. Ctrl+S saves the current one here"
    shown = text.fit(sentence, 24, width)
    assert text.size(shown, 24)[0] <= width or " " not in shown
    assert shown.endswith("…")
    words = shown[:-1].split()
    assert words and words == sentence.split()[: len(words)]  # every word whole, in order


def test_fit_keeps_text_that_fits_and_cuts_one_long_word_where_the_room_ends(text):
    assert text.fit("Step", 24, 400) == "Step"
    path = "/home/visitor/.local/share/lstm-arcade/scenarios/a-very-long-name.toml"
    shown = text.fit(path, 24, 200)
    assert shown.endswith("…") and path.startswith(shown[:-1]) and text.size(shown, 24)[0] <= 200
