"""Right-to-left text: the runs' visual order (UAX #9 on one line) and the drawn line, where a
number, a symbol or a Latin word inside Arabic or Hebrew text is never reversed."""

from __future__ import annotations

import random
import re

import pygame
import pytest

from lstm_arcade.ui import bidi
from lstm_arcade.ui.text import Text

# (logical text, its runs from the left: text and "<" for right to left, ">" for left to right)
CASES = [
    ("LSTM 0.513", ["LSTM 0.513>"]),
    ("خطوة 3 من 5 · LSTM", ["LSTM>", " · <", "5>", " من <", "3>", "خطوة <"]),
    ("الوزن −0.50 الآن", [" الآن<", "−0.50>", "الوزن <"]),
    ("قيمة 0.513 (C)", [")<", "C>", " (<", "0.513>", "قيمة <"]),  # HarfBuzz mirrors ( ) in RTL runs
    ("C(t) = 0.513 ← حالة الخلية", ["C(t) = 0.513 ← >", "حالة الخلية<"]),
    ("الخسارة 1.2e-05 بعد 3 حقب", [" حقب<", "3>", " بعد <", "1.2e-05>", "الخسارة <"]),
    ("\u200fW_f لا يفعل شيئا", [" لا يفعل شيئا<", "W_f>", "\u200f<"]),  # an RLM makes it RTL
    ("W_f لا يفعل شيئا", ["W_f >", "لا يفعل شيئا<"]),  # first strong letter Latin: LTR line
    ("שלום 12 world", ["world>", " <", "12>", "שלום <"]),
    ("50% نسبة", [" نسبة<", "50%>"]),
]


@pytest.mark.parametrize(("text", "runs"), CASES, ids=[c[0] for c in CASES])
def test_runs_are_in_visual_order_with_their_direction(text, runs):
    shown = [run.text + ("<" if run.rtl else ">") for run in bidi.visual_runs(text)]
    assert shown == runs


NUMBER = re.compile(r"[+\-\u2212]?\d+(?:\.\d+)?(?:e[+\-]\d+)?")


def test_every_character_is_kept_and_no_number_is_split_or_turned_round():
    """Random lines of Arabic words, Latin symbols, signed numbers and punctuation."""
    pieces = ["e", "بوابة", "النسيان", "حالة", "W_f", "LSTM", "C(t)", " ", " ", ": ", " · ", "(", ")", "،", "…",
              "0.513", "−0.50", "+1.00", "3", "1.2e-05", "שלום", "\u200f", "x̃"]
    chooser = random.Random(19)
    for _ in range(2_000):
        text = "".join(chooser.choice(pieces) for _ in range(chooser.randint(1, 9)))
        runs = bidi.visual_runs(text)
        assert sorted("".join(r.text for r in runs)) == sorted(text)
        for number in NUMBER.finditer(text):
            if number.group().lstrip("+-\u2212") and not text[max(0, number.start() - 1):number.start()].isalpha():
                digits = number.group().lstrip("+-\u2212")
                assert any(digits in r.text and not r.rtl for r in runs), (text, number.group(), runs)


def test_a_line_without_rtl_letters_is_one_run_and_costs_no_analysis():
    assert bidi.visual_runs("") == []
    assert bidi.visual_runs("Schritt 3 von 5 · Zurücksetzen") == [bidi.Run("Schritt 3 von 5 · Zurücksetzen", False)]
    assert not bidi.has_rtl("Ünïcödé ✓ ▶") and bidi.has_rtl("a\u200fb") and bidi.has_rtl("سلام")


@pytest.fixture
def text():
    pygame.font.init()
    yield Text()
    pygame.font.quit()


def _columns(surface: pygame.Surface, x0: int, x1: int) -> list:
    return [tuple(surface.get_at((x, y)))[3] for x in range(x0, x1) for y in range(surface.get_height())]


def test_a_number_in_arabic_text_is_drawn_as_the_number_itself(text):
    """"0.513 قيمة" from the left: the first pixels are the number drawn alone, not "315.0"."""
    line = text.render("قيمة 0.513", 40, (255, 255, 255))
    number = text.render("0.513", 40, (255, 255, 255))
    reversed_number = text.render("315.0", 40, (255, 255, 255))
    width = number.get_width()
    assert _columns(line, 0, width) == _columns(number, 0, width)
    assert _columns(line, 0, width) != _columns(reversed_number, 0, width)
    assert text.size("قيمة 0.513", 40)[0] == line.get_width() > width


def test_arabic_letters_are_joined_and_set_from_the_right(text):
    """Shaped: the joined word is narrower than its letters drawn apart, and its first letter
    (logical order) is on the right."""
    word = "بوابة"
    joined = text.render(word, 40, (255, 255, 255)).get_width()
    apart = sum(text.render(letter, 40, (255, 255, 255)).get_width() for letter in word)
    assert joined < apart
    first = text.render(word[0] + "\u200d", 40, (255, 255, 255))  # the initial form, alone
    line = text.render(word, 40, (255, 255, 255))
    right = line.get_width() - first.get_width()
    ink = [x for x in range(line.get_width()) if any(line.get_at((x, y))[3] for y in range(line.get_height()))]
    assert ink and max(ink) >= right


def test_fitting_and_wrapping_measure_the_shaped_line(text):
    line = "الوزن −0.50 الآن مرة أخرى وأخرى"
    kept = text.fit(line, 40, 300)
    assert kept.endswith("…") and text.size(kept, 40)[0] <= 300
    assert "−0.50" in kept or kept.startswith("الوزن")
    for row in text.wrap(line, 40, 260):
        assert text.size(row, 40)[0] <= 260 or " " not in row
    assert text.mono_size("قيمة 0.513", 30) == text.render("قيمة 0.513", 30, (1, 2, 3), mono=True).get_size()


def test_a_right_to_left_paragraph_wraps_into_right_to_left_lines_set_from_the_right(text):
    paragraph = "شبكة RNN الأساسية بلا بوابات: ذاكرتها تخبو. اضغط LSTM مقابل RNN لتشغيل واحدة بجانب الخلية"
    lines = text.wrap(paragraph, 30, 320)
    assert len(lines) >= 3
    assert all(bidi.is_rtl_line(line) for line in lines)  # "LSTM …" on a line of its own too
    assert " ".join(line.lstrip("\u200f") for line in lines) == paragraph
    for line in lines:
        x = text.start_x(line, 30, 50, 320)
        assert x + text.size(line, 30)[0] == 50 + 320
    english = text.wrap("The forget gate keeps the memory when its bias is high", 30, 320)
    assert all(text.start_x(line, 30, 50, 320) == 50 for line in english)
    assert not any("\u200f" in line for line in english)
