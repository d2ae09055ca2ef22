"""The sequence parser: what it accepts, and exactly what it says about hostile text."""

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lstm_arcade.model import MAX_VALUES, SequenceError, format_sequence, parse_sequence


def _error(text):
    with pytest.raises(SequenceError) as info:
        parse_sequence(text)
    return str(info.value)


# ---------------------------------------------------------------------------------------------
# Accepted text
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", " ", "   ", "\t", "\n", " \t\r\n "])
def test_empty_and_blank_text_is_the_empty_sequence(text):
    """Nothing but white space is an empty sequence, not an error."""
    assert parse_sequence(text) == []


def test_seed_sequence():
    """The seed's input parses to five floats."""
    result = parse_sequence("1, 0, 0, 0, 0")
    assert result == [1.0, 0.0, 0.0, 0.0, 0.0]
    assert all(type(v) is float for v in result)


@pytest.mark.parametrize(
    "text",
    [
        "1,0,1",
        "1, 0, 1",
        "1 ,0 , 1",
        "1;0;1",
        "1; 0 ;1",
        "1 0 1",
        "1   0\t1",
        "1\n0\n1",
        "1, 0; 1",
        "1,0 1",
        "  1, 0, 1  ",
        "1, 0, 1,",
        ", 1, 0, 1",
        "1; 0; 1;",
    ],
)
def test_separators_comma_semicolon_space_and_mixed(text):
    """Commas, semicolons, white space and mixtures; one leading or trailing separator is fine."""
    assert parse_sequence(text) == [1.0, 0.0, 1.0]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("0.5", [0.5]),
        (".5", [0.5]),
        ("5.", [5.0]),
        ("-0.25, +3", [-0.25, 3.0]),
        ("-1", [-1.0]),
        ("\u22121", [-1.0]),  # Unicode minus sign
        ("\u22122.5, 1", [-2.5, 1.0]),
        ("1e1, -1E1, 2.5e-1", [10.0, -10.0, 0.25]),
        ("-10, 10", [-10.0, 10.0]),
        ("-10.0 10.000", [-10.0, 10.0]),
        ("0.1234567890123", [0.1234567890123]),
    ],
)
def test_decimals_negatives_and_unicode_minus(text, expected):
    """Decimals, signs, exponents and the typographic minus; ±10 are inside the range."""
    assert parse_sequence(text) == expected


def test_accepts_exactly_max_values():
    """100,000 values are accepted."""
    assert MAX_VALUES == 100_000
    values = parse_sequence(", ".join(["1", "0"] * 50_000))
    assert len(values) == 100_000
    assert values[:3] == [1.0, 0.0, 1.0]


# ---------------------------------------------------------------------------------------------
# Rejected text: SequenceError naming the token and its (1-based) position
# ---------------------------------------------------------------------------------------------


def test_sequence_error_is_a_value_error():
    """Callers may catch ValueError."""
    assert issubclass(SequenceError, ValueError)
    with pytest.raises(ValueError):
        parse_sequence("abc")


@pytest.mark.parametrize(
    "text, position",
    [("1,,0", 2), ("1;;0", 2), ("1, ,0", 2), ("1 , , 0", 2), (",,1", 1), ("1,0,,", 3)],
)
def test_empty_value_between_separators(text, position):
    """Two separators in a row: the message names the missing value's position."""
    assert _error(text) == f"value {position} is missing (two separators in a row)"


@pytest.mark.parametrize(
    "text, message",
    [
        ("abc", "value 1 'abc' is not a number"),
        ("1,x,0", "value 2 'x' is not a number"),
        ("1 0 1 0 x", "value 5 'x' is not a number"),
        ("nan", "value 1 'nan' is not a number"),
        ("NaN", "value 1 'NaN' is not a number"),
        ("1, inf", "value 2 'inf' is not a number"),
        ("-infinity", "value 1 '-infinity' is not a number"),
        ("0x10", "value 1 '0x10' is not a number"),
        ("1_000", "value 1 '1_000' is not a number"),
        ("1-2", "value 1 '1-2' is not a number"),
        ("--1", "value 1 '--1' is not a number"),
        ("1e", "value 1 '1e' is not a number"),
        ("1.2.3", "value 1 '1.2.3' is not a number"),
        ("\U0001f600", "value 1 '\U0001f600' is not a number"),
        ("1, 2\U0001f525", "value 2 '2\U0001f525' is not a number"),
    ],
)
def test_not_a_number(text, message):
    """Words, nan/inf, hex, underscores and emoji are named with their position."""
    assert _error(text) == message


@pytest.mark.parametrize(
    "text, message",
    [
        ("10.5", "value 1 '10.5' is outside -10 … 10"),
        ("0, -10.000001", "value 2 '-10.000001' is outside -10 … 10"),
        ("1e309", "value 1 '1e309' is outside -10 … 10"),
        ("1, 0, -1e400", "value 3 '-1e400' is outside -10 … 10"),
        ("11", "value 1 '11' is outside -10 … 10"),
        ("\u221211", "value 1 '\u221211' is outside -10 … 10"),
    ],
)
def test_out_of_range_and_overflow(text, message):
    """Values beyond ±10, including ones that overflow to infinity, are named as out of range."""
    assert _error(text) == message


@pytest.mark.parametrize(
    "text, escaped",
    [
        ("1\x00,0", "1\\x00"),
        ("\x1b[31m", "\\x1b[31m"),
        ("1, \x07", "\\x07"),
        ("\x7f", "\\x7f"),
        ("1\u200b", "1\\u200b"),
    ],
)
def test_control_characters_are_escaped_in_the_message(text, escaped):
    """Control characters are rejected and shown escaped, so the message prints on one line."""
    message = _error(text)
    assert escaped in message
    assert message.isprintable()


def test_long_bad_token_is_cut_in_the_message():
    """A huge bad token is shown by its first 20 characters and an ellipsis."""
    message = _error("0, " + "a" * 5000)
    assert message == "value 2 '" + "a" * 20 + "…' is not a number"


def test_first_bad_token_is_reported():
    """With several bad tokens, the first one is named."""
    assert _error("1, y, 99, z") == "value 2 'y' is not a number"


def test_rejects_one_more_than_max_values():
    """100,001 values: too many, and the message says how many are allowed."""
    message = _error(", ".join(["1"] * (MAX_VALUES + 1)))
    assert message == "too many values: 100,001 given, at most 100,000 allowed"


def test_rejects_200000_values_quickly():
    """An oversized paste is refused without parsing every number."""
    text = " ".join(["0.5"] * 200_000)
    start = time.perf_counter()
    message = _error(text)
    elapsed = time.perf_counter() - start
    assert message.startswith("too many values: 200,000 given")
    assert elapsed < 0.5


def test_too_many_values_wins_over_bad_tokens():
    """The count is checked before any token, so a long junk paste fails fast with one message."""
    assert _error("x " * 150_000).startswith("too many values: 150,000 given")


# ---------------------------------------------------------------------------------------------
# Round trips
# ---------------------------------------------------------------------------------------------

FLOATS = st.floats(min_value=-10.0, max_value=10.0)


@settings(max_examples=200, deadline=None)
@given(st.lists(FLOATS, max_size=50))
def test_repr_round_trip(values):
    """Floats in [-10, 10] written with repr and joined by ", " parse back exactly."""
    assert parse_sequence(", ".join(repr(v) for v in values)) == values


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.tuples(FLOATS, st.sampled_from([",", ";", " ", " , ", "; ", "\t", "\n", "  "]))),
)
def test_round_trip_with_any_separator(pairs):
    """Any mixture of the accepted separators between values gives back the values."""
    text = "".join(repr(v) + sep for v, sep in pairs)
    assert parse_sequence(text) == [v for v, _ in pairs]


def test_format_sequence_is_canonical_and_parses_back():
    """format_sequence writes `1, 0, 0.5`, which parses back to the same values."""
    values = [1.0, 0.0, 0.5, -2.25, 10.0]
    text = format_sequence(values)
    assert text == "1, 0, 0.5, -2.25, 10"
    assert parse_sequence(text) == values
    assert format_sequence([]) == ""


# ---------------------------------------------------------------------------------------------
# Hidden characters and other scripts' digits are not numbers or separators
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["1\x1f0", "1\x1c0", "1\x1f", "\x1c1"])
def test_hidden_control_separators_are_rejected(text):
    """DESIGN.md §4: comma, space or semicolon separators; hidden control bytes are bad text."""
    with pytest.raises(SequenceError):
        parse_sequence(text)


@pytest.mark.parametrize("text", ["\u0663", "\uff11"])
def test_non_ascii_digits_are_rejected(text):
    """The code documents 'a plain decimal number'; other scripts' digits are not that."""
    with pytest.raises(SequenceError):
        parse_sequence(text)


@pytest.mark.parametrize("text", ["1\u00a00", "\u20031 0\u3000", "1\u202f,\u00a00"])
def test_pasted_unicode_spaces_still_separate(text):
    """No-break and other typographic spaces come with pasted text; they are white space."""
    assert parse_sequence(text) == [1.0, 0.0]
