"""Right-to-left text in visual order: a line split into runs of one direction, set left to right.

SDL_ttf shapes one run at a time with HarfBuzz (`Font.set_direction`) but does not reorder a line
that mixes directions: an Arabic sentence with "LSTM" or "0.513" in it, drawn as one RTL run,
shows "MTSL" and "315.0". This is the Unicode Bidirectional Algorithm (UAX #9) for one line
without explicit embeddings: the paragraph's direction from its first strong letter (P2), weak
types resolved (W1–W7), neutrals (N1–N2), levels (I1–I2) and the runs reordered (L2). One change
on purpose: a number as the program writes it ("−0.50", "1.2e-05") is one unit, its sign and
exponent included, whatever the language (UAX #9 alone would set a sign or an "e" apart).
No pygame here.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

# Letters written right to left (Hebrew, Arabic, Syriac, Thaana, N'Ko … and their presentation
# forms) and the right-to-left marks: a line without one is drawn as it is.
_RTL = re.compile("[\u0590-\u08ff\u200f\u061c\ufb1d-\ufdff\ufe70-\ufefc]|[\U00010800-\U00010fff\U0001e800-\U0001efff]")
# A number as the program writes it: a sign, digits, decimals, an exponent ("−1.2e-05", "+0.50",
# "1,000", "50%"). Its sign and exponent stay with it, which UAX #9 alone would move in RTL text.
_NUMBER = re.compile(r"[+\-\u2212\u00b1]?\d+(?:[.,]\d+)*(?:[eE][+\-\u2212]?\d+)?%?")


class Run(NamedTuple):
    text: str  # in logical order (HarfBuzz sets an RTL run's letters from the right itself)
    rtl: bool


_HEBREW = re.compile("[\u0590-\u05ff\ufb1d-\ufb4f]")


def script_of(run: str) -> str:
    """The ISO 15924 script HarfBuzz shapes a right-to-left run in: Hebrew, or Arabic (the rest
    of the right-to-left letters the bundled fonts draw)."""
    return "Hebr" if _HEBREW.search(run) else "Arab"


def has_rtl(text: str) -> bool:
    """Whether `text` has a right-to-left letter or mark (else it is one left-to-right run)."""
    return not text.isascii() and _RTL.search(text) is not None


def _types(text: str) -> list[str]:
    """Each character's bidi class, reduced to L, R, AL, EN, AN, ES, ET, CS, NSM and N (neutral)."""
    found = []
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI", "BN", "B", "S", "WS", "ON", ""):
            kind = "N"
        found.append(kind)
    return found


def _resolve(types: list[str], text: str, base: str) -> list[str]:
    """W1–W7 for one isolating run (the whole line): every type L, R, EN, AN or N."""
    count = len(types)
    previous = base
    for k in range(count):  # W1: a combining mark takes the type of what it combines with
        if types[k] == "NSM":
            types[k] = previous if k else base
        previous = types[k]
    for number in _NUMBER.finditer(text):  # a number as this program writes it is one unit
        types[number.start():number.end()] = ["EN"] * (number.end() - number.start())
    last_strong = base
    for k in range(count):  # W2: a European number after Arabic letters is an Arabic number
        if types[k] in ("L", "R", "AL"):
            last_strong = types[k]
        elif types[k] == "EN" and last_strong == "AL":
            types[k] = "AN"
    types[:] = ["R" if kind == "AL" else kind for kind in types]  # W3
    return _separators(types, base)


def _separators(types: list[str], base: str) -> list[str]:
    """W4–W7: separators and terminators join numbers or become neutral."""
    count = len(types)
    for k in range(1, count - 1):  # W4: one separator between two numbers of a kind joins them
        if types[k] == "ES" and types[k - 1] == types[k + 1] == "EN":
            types[k] = "EN"
        elif types[k] == "CS" and types[k - 1] == types[k + 1] and types[k - 1] in ("EN", "AN"):
            types[k] = types[k - 1]
    k = 0
    while k < count:  # W5: terminators (%, °, currency) next to a European number join it
        if types[k] == "ET":
            end = k
            while end < count and types[end] == "ET":
                end += 1
            if (k > 0 and types[k - 1] == "EN") or (end < count and types[end] == "EN"):
                types[k:end] = ["EN"] * (end - k)
            k = end
        else:
            k += 1
    types[:] = ["N" if kind in ("ES", "ET", "CS") else kind for kind in types]  # W6
    last_strong = base
    for k in range(count):  # W7: a European number after left-to-right text is left to right
        if types[k] in ("L", "R"):
            last_strong = types[k]
        elif types[k] == "EN" and last_strong == "L":
            types[k] = "L"
    return types


def _levels(types: list[str], base_level: int) -> list[int]:
    """N1–N2 then I1–I2: each character's embedding level."""
    base = "R" if base_level else "L"
    count = len(types)
    strong = ["R" if kind in ("EN", "AN") else kind for kind in types]  # N1: numbers act as R
    k = 0
    while k < count:
        if strong[k] == "N":
            end = k
            while end < count and strong[end] == "N":
                end += 1
            before = strong[k - 1] if k else base
            after = strong[end] if end < count else base
            types[k:end] = [before if before == after else base] * (end - k)
            k = end
        else:
            k += 1
    levels = []
    for kind in types:
        if base_level == 0:
            levels.append({"R": 1, "AN": 2, "EN": 2}.get(kind, 0))
        else:
            levels.append(1 if kind == "R" else 2)
    return levels


def _first_strong(types: list[str]) -> str:
    """P2, P3: the line's direction is its first letter's, L or R (AL); L when it has none."""
    return next((kind for kind in types if kind in ("L", "R", "AL")), "L")


def is_rtl_line(text: str) -> bool:
    """Whether `text` is laid out as a right-to-left line (its first letter is right to left)."""
    return has_rtl(text) and _first_strong(_types(text)) != "L"


def visual_runs(text: str) -> list[Run]:
    """`text` as runs of one direction, in the order they are set from the left (L2)."""
    if not has_rtl(text):
        return [Run(text, False)] if text else []
    types = _types(text)
    base_level = 1 if _first_strong(types) in ("R", "AL") else 0
    levels = _levels(_resolve(types, text, "R" if base_level else "L"), base_level)
    runs: list[tuple[int, int, int]] = []  # (level, start, end) in logical order
    for k, level in enumerate(levels):
        if runs and runs[-1][0] == level:
            runs[-1] = (level, runs[-1][1], k + 1)
        else:
            runs.append((level, k, k + 1))
    odd = [level for level in levels if level % 2]
    for level in range(max(levels), min(odd) - 1 if odd else max(levels), -1):
        k = 0
        while k < len(runs):  # L2: reverse each sequence of runs at `level` or higher
            if runs[k][0] >= level:
                end = k
                while end < len(runs) and runs[end][0] >= level:
                    end += 1
                runs[k:end] = runs[k:end][::-1]
                k = end
            else:
                k += 1
    return [Run(text[start:end], level % 2 == 1) for level, start, end in runs]
