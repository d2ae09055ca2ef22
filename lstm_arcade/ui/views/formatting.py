"""How numbers are written on screen: one place, so the stats and the math panel agree."""

from __future__ import annotations

MINUS = "\u2212"


def num(value: float, decimals: int = 3) -> str:
    """A state or activation: fixed decimals, a real minus sign, no '-0.000'."""
    text = f"{value:.{decimals}f}"
    if text.startswith("-"):
        text = MINUS + text[1:] if float(text) != 0 else text[1:]
    return text


def signed(value: float, decimals: int = 3) -> str:
    """Like `num` but with a '+' on positive values, so columns line up."""
    text = num(value, decimals)
    return text if text.startswith(MINUS) else "+" + text


def weight(value: float) -> str:
    """A parameter: two decimals when that is exact (slider values), otherwise three."""
    return num(value, 2 if abs(value * 100 - round(value * 100)) < 1e-9 else 3)


def value(value: float) -> str:
    """An input value as typed: shortest exact form, e.g. 1, 0.5, -2."""
    text = f"{value:.6g}"
    return MINUS + text[1:] if text.startswith("-") else text


def factor(text: str) -> str:
    """A negative factor after '·' goes in parentheses: 0.50·(−1)."""
    return f"({text})" if text.startswith(MINUS) else text


def linear(w: float, x_text: str, u: float, h_text: str, b: float) -> str:
    """`W·x + U·h + b` with the numbers filled in and signs folded: 0.50·1 − 0.50·0.120 + 0.00."""
    out = f"{weight(w)}·{factor(x_text)}"
    for coefficient, rest in ((u, "·" + factor(h_text)), (b, "")):
        sign = f" {MINUS} " if coefficient < 0 else " + "
        out += sign + weight(abs(coefficient)) + rest
    return out
