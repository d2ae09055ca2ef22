"""Parse the text a visitor types into an input sequence, or say exactly what is wrong."""

from __future__ import annotations

import math
import re
from typing import Any

from .params import N_

MAX_VALUES = 100_000
MIN_VALUE, MAX_VALUE = -10.0, 10.0

# White space a visitor can type or paste: ASCII space, tab, newlines and the Unicode spaces, but
# not the invisible control characters \x1c-\x1f that Python's \s also matches.
_SPACE = r"[ \t\n\r\f\v\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
# One separator: a comma or semicolon with optional space around it, or a run of white space.
_SEPARATORS = re.compile(rf"{_SPACE}*[,;]{_SPACE}*|{_SPACE}+")
# A plain decimal number in ASCII digits: sign, digits with an optional fraction, optional exponent.
_EDGE_SPACE = re.compile(rf"^{_SPACE}+|{_SPACE}+$")
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", re.ASCII)
_MINUS_SIGNS = str.maketrans({"\u2212": "-", "\u2012": "-", "\u2013": "-", "\ufe63": "-", "\uff0d": "-"})


class SequenceError(ValueError):
    """Text that is not a valid input sequence; the message names the bad token and its position.

    `template` (English, with `{fields}`) and `fields` let the app show it in the visitor's
    language (`i18n.message_of`); `str(error)` is the English text filled in."""

    def __init__(self, template: str, **fields: Any) -> None:
        self.template, self.fields = template, fields
        super().__init__(template.format(**fields) if fields else template)


def _shown(token: str) -> str:
    """The token as it can be printed on one line: characters that draw nothing or move the text
    (controls, format and direction marks, separators, lone surrogates) escaped, so the visitor
    sees them; cut after 20 characters or 40 printed ones."""
    shown = ""
    for k, char in enumerate(token):
        part = char if char.isprintable() else repr(char)[1:-1]
        if k == 20 or len(shown) + len(part) > 40:
            return shown + "…"
        shown += part
    return shown


def parse_sequence(text: str) -> list[float]:
    """Numbers separated by commas, semicolons or white space; empty text is an empty sequence."""
    tokens = _SEPARATORS.split(_EDGE_SPACE.sub("", text))
    # One separator may lead or trail ("1, 0,"); an empty value between two separators is an error.
    if tokens and tokens[-1] == "":
        tokens.pop()
    if tokens and tokens[0] == "":
        tokens.pop(0)
    if len(tokens) > MAX_VALUES:
        raise SequenceError(
            N_("too many values: {given:,} given, at most {most:,} allowed"),
            given=len(tokens), most=MAX_VALUES,
        )
    values: list[float] = []
    for position, raw in enumerate(tokens, start=1):
        if raw == "":
            raise SequenceError(N_("value {position} is missing (two separators in a row)"), position=position)
        token = raw.translate(_MINUS_SIGNS)
        if not _NUMBER.fullmatch(token):
            raise SequenceError(N_("value {position} '{token}' is not a number"), position=position, token=_shown(raw))
        value = float(token)
        if not math.isfinite(value) or not MIN_VALUE <= value <= MAX_VALUE:
            raise SequenceError(
                N_("value {position} '{token}' is outside {low:g} … {high:g}"),
                position=position, token=_shown(raw), low=MIN_VALUE, high=MAX_VALUE,
            )
        values.append(value)
    return values


def count_values(n: int) -> str:
    """'1 value', '1,000 values': a count as messages say it."""
    return f"{n:,} value" if n == 1 else f"{n:,} values"


def format_sequence(values: list[float]) -> str:
    """The canonical text of a sequence: `1, 0, 0.5`."""
    return ", ".join(f"{v:g}" for v in values)
